"""The live-session pages in a real browser: headless Chromium against ``accord serve``.

Skipped when Debian's ``/usr/bin/chromium`` or the ``playwright`` package is missing
(``make test`` installs the browser when it can).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ACCORD = [sys.executable, "-c", "from accord.cli.app import main; main()"]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)
if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: install Debian's chromium (make test does it as root)",
        allow_module_level=True,
    )

Page = Any


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    db = tmp_path / "browser.db"
    process = subprocess.Popen([*ACCORD, "serve", "--port", str(port), "--db", str(db)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("accord serve did not start")
            time.sleep(0.05)
        yield base
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as play:
        launched = play.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _page(browser: Any) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    return context.new_page()


def _open_session(browser: Any, base: str, example: str, upload: bool) -> dict[str, str]:
    """Open a session through the create page; returns the secret links by role."""
    page = _page(browser)
    page.goto(base + "/")
    path = ROOT / "examples" / example
    if upload:
        page.get_by_label("Scenario file").set_input_files(str(path))
        sync_api.expect(page.get_by_label("Scenario text")).not_to_be_empty()
    else:
        page.get_by_label("Scenario text").fill(path.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Open the session").click()
    page.wait_for_selector("a[data-link=mediator]")
    links: dict[str, str] = page.eval_on_selector_all(
        "a[data-link]", "els => Object.fromEntries(els.map(a => [a.dataset.link, a.href]))"
    )
    page.context.close()
    return links


def _submit(browser: Any, link: str, prefs: dict[str, Any]) -> Page:
    """Open a party's link in its own browser context and submit ``prefs`` with the form."""
    page = _page(browser)
    page.goto(link)
    page.fill("#reservation", str(prefs["reservation"]))
    for issue, weight in prefs["weights"].items():
        page.fill(f"[data-weight='{issue}']", str(weight))
    for issue, table in prefs["values"].items():
        anchors = page.query_selector(f"[data-anchors='{issue}']")
        if anchors is not None:
            anchors.fill(", ".join(f"{k}: {v}" for k, v in table.items()))
            continue
        for option, value in table.items():
            page.fill(f"[data-value='{issue}'][data-option='{option}']", str(value))
    page.fill("#red-lines", json.dumps(prefs.get("red_lines", [])))
    page.get_by_role("button", name="Submit preferences").click()
    sync_api.expect(page.locator("#pref-status")).to_contain_text("Submitted")
    return page


def _point(value: Any) -> Any:
    """A number as a party types it: a file's range ``{low, high}`` by its midpoint,
    ``{mean, sd}`` by its mean (the point profile the scenario's analysis uses)."""
    if isinstance(value, dict) and set(value) == {"low", "high"}:
        return (value["low"] + value["high"]) / 2
    if isinstance(value, dict) and set(value) == {"mean", "sd"}:
        return value["mean"]
    if isinstance(value, dict):
        return {k: _point(v) for k, v in value.items()}
    return value


def _scenario(example: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "examples" / example).read_text("utf-8"))
    return data


def test_plant_contract_to_agreement(browser: Any, server: str) -> None:
    scenario = _scenario("plant-contract.yaml")
    links = _open_session(browser, server, "plant-contract.yaml", upload=False)
    mediator = _page(browser)
    mediator.goto(links["mediator"])
    sync_api.expect(mediator.locator("#parties")).to_contain_text("not submitted")
    parties = {
        p: _submit(browser, links[p], scenario["preferences"][p]) for p in ("union", "management")
    }
    # Neither party page shows the other's preferences.
    assert "inflation-floor" not in parties["management"].content()
    assert "budget-cap" not in parties["union"].content()

    mediator.reload()
    sync_api.expect(mediator.locator("#zopa")).to_contain_text("ZOPA:")
    nash = mediator.eval_on_selector_all(
        "#nash td[data-issue]",
        "els => Object.fromEntries(els.map(e => [e.dataset.issue, e.textContent]))",
    )
    assert set(nash) == {i["id"] for i in scenario["issues"]}
    chart = mediator.locator("figure img")
    sync_api.expect(chart).to_be_visible()
    assert mediator.evaluate("document.querySelector('figure img').naturalWidth") > 100
    for issue, option in nash.items():
        mediator.select_option(f"#issue-{issue}", option)
    mediator.get_by_role("button", name="Propose this package").click()
    sync_api.expect(mediator.locator("#outcome")).to_contain_text("Waiting for answers")

    for page in parties.values():
        page.reload()
        page.get_by_role("button", name="Accept").click()
        sync_api.expect(page.locator("#answered")).to_be_visible()
        sync_api.expect(page.locator("#my-answers")).to_contain_text("accept")

    mediator.reload()
    sync_api.expect(mediator.locator("#outcome")).to_contain_text("Agreement")


def test_cairo_to_breakdown_with_time_request(browser: Any, server: str) -> None:
    scenario = _scenario("cairo-talks.yaml")
    links = _open_session(browser, server, "cairo-talks.yaml", upload=True)
    hamas = _submit(browser, links["hamas"], _point(scenario["preferences"]["hamas"]))
    _submit(browser, links["israel"], _point(scenario["preferences"]["israel"]))

    mediator = _page(browser)
    mediator.goto(links["mediator"])
    sync_api.expect(mediator.locator("#zopa")).to_contain_text("No ZOPA")
    sync_api.expect(mediator.locator("#diagnosis")).to_contain_text("Relaxing")
    mediator.fill("#respond-within", "30")
    mediator.get_by_role("button", name="Propose this package").click()
    sync_api.expect(mediator.locator("#outcome")).to_contain_text("Waiting for answers")

    hamas.reload()
    hamas.get_by_role("button", name="Ask for more time").click()
    sync_api.expect(hamas.locator("#answer")).to_contain_text("waiting for the mediator")

    mediator.reload()
    mediator.fill("[id^=extra-]", "120")
    mediator.get_by_role("button", name="Grant more time to Hamas").click()
    sync_api.expect(mediator.locator(".proposal")).to_contain_text("granted (+120 min)")

    hamas.reload()
    hamas.fill("#reason", "no binding guarantee of a permanent ceasefire")
    hamas.get_by_role("button", name="Reject").click()
    sync_api.expect(hamas.locator("#my-answers")).to_contain_text("reject")

    mediator.reload()
    sync_api.expect(mediator.locator("#outcome")).to_contain_text("No agreement")
    sync_api.expect(mediator.locator(".proposal")).to_contain_text("no binding guarantee")
    sync_api.expect(mediator.locator("#zopa")).to_contain_text("No ZOPA")
