"""The live-session pages in a real browser: headless Chromium against ``accord serve``.

Several people act at once, each in a browser context of their own, and every page
must follow what the others do without being reloaded. Every page also passes an
axe-core accessibility audit with no serious or critical violation.

Skipped when Debian's ``/usr/bin/chromium`` or the ``playwright`` package is missing
(``make test`` installs the browser when it can). With ``ACCORD_SCREENSHOTS=1`` the
agreement test also saves the screenshots in ``docs/screenshots/``.
"""

from __future__ import annotations

import itertools
import os
import re
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

from live import revised_plant

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

WAIT_MS = 60_000
"""How long a page may take to follow (actions and assertions alike). Playwright's own
assertion default is 5 s, which a loaded machine can exceed while the server draws the
analysis chart; a passing run never waits this long, a failing one fails after it."""
sync_api.expect.set_options(timeout=WAIT_MS)

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
        deadline = time.monotonic() + 60  # a loaded machine starts it slowly
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


def _page(browser: Any, phone: bool = False) -> Page:
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, device_scale_factor=2 if phone else 1)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


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


def _api_session(base: str, body: dict[str, Any]) -> dict[str, Any]:
    """Open a session through the API; returns its id and tokens."""
    made = httpx.post(f"{base}/api/sessions", json=body)
    assert made.status_code == 201, made.text
    created: dict[str, Any] = made.json()
    return created


def _point(value: Any) -> Any:
    """A number as a party states it: a file's range ``{low, high}`` by its midpoint,
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


def _live(page: Page) -> None:
    """Wait for the page's event stream, and mark the page so a reload would show."""
    sync_api.expect(page.locator("#connection")).to_have_attribute("data-state", "live")
    page.evaluate("window.notReloaded = true")


def _not_reloaded(page: Page) -> None:
    assert page.evaluate("window.notReloaded === true"), page.url


def _audit(page: Page, name: str) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: " + "; ".join(bad)


def _slide(page: Page, selector: str, value: float) -> None:
    """Move a slider as a user drags it: set its value and fire ``input``."""
    page.eval_on_selector(
        selector,
        "(el, v) => { el.value = String(v);"
        " el.dispatchEvent(new Event('input', {bubbles: true})); }",
        value,
    )


def _interpolate(table: dict[Any, float], x: float) -> float:
    points = sorted((float(k), float(v)) for k, v in table.items())
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def _state_preferences(page: Page, prefs: dict[str, Any]) -> None:
    """Move the sliders to a scenario file's preferences (numeric issues at the page's points)."""
    top = max(prefs["weights"].values())
    scale = 10 / top if top > 10 else 1
    for issue, weight in prefs["weights"].items():
        _slide(page, f"[data-weight='{issue}']", round(weight * scale * 2) / 2)
    for issue, table in prefs["values"].items():
        sliders = page.query_selector_all(f"input[data-value='{issue}']")
        numeric = page.locator(f"fieldset[data-issue='{issue}'][data-numeric]").count() == 1
        for slider in sliders:
            option = slider.get_attribute("data-option")
            value = _interpolate(table, float(option)) if numeric else table[option]
            _slide(page, f"#{slider.get_attribute('id')}", round(100 * value))
    _slide(page, "#reservation", round(100 * prefs["reservation"]))


def _add_red_line(
    page: Page,
    kind: str,
    issue: str,
    options: list[str] | None = None,
    bounds: dict[str, float] | None = None,
    then: tuple[str, list[str]] | None = None,
) -> None:
    """Declare a red line with the builder, as a user does."""
    page.select_option("#line-kind", kind)
    page.select_option("#line-issue", issue)
    for option in options or []:
        page.locator("#line-options").get_by_label(option, exact=True).check()
    for bound, value in (bounds or {}).items():
        page.fill(f"#line-opt-{bound}", str(value))
    if then is not None:
        page.select_option("#line-then-issue", then[0])
        for option in then[1]:
            page.locator("#line-then-options").get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Add this red line").click()


def _server_utility(base: str, mediator_link: str, party: str, outcome: dict[str, Any]) -> float:
    """The utility the server's model gives ``outcome`` under the party's submission."""
    from accord.store.repository import parse_scenario_data, scenario_with

    sid = mediator_link.split("/s/")[1].split("/")[0]
    token = mediator_link.split("token=")[1]
    view = httpx.get(f"{base}/api/sessions/{sid}", headers={"Authorization": f"Bearer {token}"})
    data = view.json()
    built = parse_scenario_data(scenario_with(data["scenario"], data["submissions"]), "x")
    return float(built.preferences[party].utility(built.space, outcome))


def _shoot(page: Page, name: str, full_page: bool = True) -> None:
    if os.environ.get("ACCORD_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def test_plant_contract_to_agreement(browser: Any, server: str) -> None:
    scenario = _scenario("plant-contract.yaml")
    links = _open_session(browser, server, "plant-contract.yaml", upload=False)
    mediator = _page(browser)
    mediator.goto(links["mediator"])
    _live(mediator)
    sync_api.expect(mediator.locator("#parties")).to_contain_text("not submitted")
    _audit(mediator, "mediator page, before any submission")

    parties = {p: _page(browser) for p in ("union", "management")}
    for party, page in parties.items():
        page.goto(links[party])
        _live(page)
        _state_preferences(page, scenario["preferences"][party])
    _audit(parties["union"], "party page, before any proposal")
    # Sliders answer the keyboard.
    term = parties["union"].locator("[data-weight='term']")
    before = float(term.input_value())
    term.focus()
    parties["union"].keyboard.press("ArrowRight")
    assert float(term.input_value()) == before + 0.5
    parties["union"].keyboard.press("ArrowLeft")

    # Every kind of red line, declared in plain language with the builder.
    _add_red_line(parties["union"], "forbid", "pension", ["Frozen"])
    _add_red_line(parties["union"], "require", "wage", bounds={"min": 2})
    _add_red_line(
        parties["union"],
        "if",
        "term",
        ["Three years"],
        then=("job_security", ["No compulsory redundancies"]),
    )
    _add_red_line(parties["management"], "require", "wage", bounds={"max": 5})
    _add_red_line(parties["management"], "forbid", "pension", ["Defined benefit"])
    lines = parties["union"].locator("#red-line-list")
    sync_api.expect(lines).to_contain_text("The package must not have Pension scheme: Frozen.")
    sync_api.expect(lines).to_contain_text("Wage increase (percent, first year) of at least 2")
    sync_api.expect(lines).to_contain_text(
        "If the package has Contract term: Three years, it must have Job security: "
        "No compulsory redundancies."
    )
    for page in parties.values():
        page.get_by_role("button", name="Submit preferences").click()
        sync_api.expect(page.locator("#pref-status")).to_contain_text("Submitted")

    # The mediator's page follows without a reload: submissions, analysis, chart, timeline.
    sync_api.expect(mediator.locator("#parties")).not_to_contain_text("not submitted")
    sync_api.expect(mediator.locator("#zopa")).to_contain_text("ZOPA:")
    sync_api.expect(mediator.locator("#timeline")).to_contain_text(
        "Plant management submitted its preferences."
    )
    chart = mediator.locator("#analysis figure img")
    sync_api.expect(chart).to_be_visible()
    # The chart has loaded (read through the DOM: the pages' policy forbids evaluating strings).
    sync_api.expect(chart).to_have_js_property("complete", True)
    assert (chart.evaluate_handle("img => img.naturalWidth").json_value() or 0) > 100
    # Neither party's page shows the other's preferences.
    assert "at least 2" not in parties["management"].content()
    assert "at most 5" not in parties["union"].content()

    mediator.get_by_role("button", name="Put the recommended package in the proposal form").click()
    mediator.fill("#respond-within", "90")
    mediator.get_by_role("button", name="Propose this package").click()
    sync_api.expect(mediator.locator("#outcome")).to_contain_text("Waiting for answers")
    nash = mediator.eval_on_selector_all(
        "#nash td[data-issue]",
        "els => Object.fromEntries(els.map(e => [e.dataset.issue, e.dataset.value]))",
    )
    outcome = {
        i["id"]: float(nash[i["id"]]) if "range" in i else nash[i["id"]] for i in scenario["issues"]
    }

    for party, page in parties.items():
        # The proposal arrives by itself, with option labels and its worth to the party,
        # computed in the page exactly as the server's model computes it.
        sync_api.expect(page.locator("#current")).to_contain_text("Shift scheduling")
        sync_api.expect(page.locator("#worth-value")).not_to_have_text("–")
        shown = float(page.locator("#worth-value").get_attribute("data-utility") or "nan")
        expected = _server_utility(server, links["mediator"], party, outcome)
        assert abs(shown - expected) < 1e-5, (party, shown, expected)
        sync_api.expect(page.locator("#worth-verdict")).to_contain_text("within your red lines")
    # Moving a slider moves the worth at once, without submitting.
    union = parties["union"]
    figure = union.locator("#worth-value")
    old = figure.get_attribute("data-utility")
    _slide(union, "[data-weight='pension']", 0)
    sync_api.expect(figure).not_to_have_attribute("data-utility", old or "")
    _slide(union, "[data-weight='pension']", 3)
    sync_api.expect(figure).to_have_attribute("data-utility", old or "")
    _audit(union, "party page, with a proposal")
    _shoot(union, "party")
    phone = _page(browser, phone=True)
    phone.goto(links["management"])
    _live(phone)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    _audit(phone, "party page on a phone")
    _shoot(phone, "party-phone", full_page=False)
    phone.context.close()
    _audit(mediator, "mediator page, with analysis and a proposal")

    parties["union"].fill("#reason", "the hybrid pension and job protection carry it")
    parties["union"].get_by_role("button", name="Accept").click()
    sync_api.expect(parties["union"].locator("#answered")).to_contain_text("Accepted")
    sync_api.expect(mediator.locator("#parties li[data-party=union]")).to_contain_text("Accepted")
    sync_api.expect(mediator.locator("#proposals")).to_contain_text("job protection carry it")
    _shoot(mediator, "mediator")
    parties["management"].get_by_role("button", name="Accept").click()
    sync_api.expect(parties["management"].locator("#my-answers")).to_contain_text("Accepted")

    sync_api.expect(mediator.locator("#outcome")).to_contain_text("Agreement")
    sync_api.expect(mediator.locator("#state-badge")).to_have_text("Agreed")
    sync_api.expect(mediator.locator("#timeline")).to_contain_text("Plant management accepted")
    _audit(mediator, "mediator page, agreed")
    for page in (mediator, *parties.values()):
        _not_reloaded(page)
    for page in (mediator, *parties.values()):
        page.context.close()


def test_trainee_against_an_agent_seat_breaks_down(browser: Any, server: str) -> None:
    scenario = _scenario("cairo-talks.yaml")
    seats = {"israel": {"agent": "boulware"}}
    created = _api_session(server, {"scenario": scenario, "seats": seats})
    sid = created["id"]
    trainee = _page(browser)
    trainee.goto(f"{server}/s/{sid}/party/hamas?token={created['party_tokens']['hamas']}")
    _live(trainee)
    _state_preferences(trainee, _point(scenario["preferences"]["hamas"]))
    _add_red_line(trainee, "require", "ceasefire", ["Permanent guaranteed"])
    trainee.get_by_role("button", name="Submit preferences").click()
    sync_api.expect(trainee.locator("#pref-status")).to_contain_text("Submitted")

    mediator = _page(browser)
    mediator.goto(f"{server}/s/{sid}/mediator?token={created['mediator_token']}")
    _live(mediator)
    sync_api.expect(mediator.locator("#parties li[data-party=israel]")).to_contain_text("boulware")
    mediator.fill("#respond-within", "30")
    mediator.get_by_role("button", name="Propose this package").click()
    sync_api.expect(mediator.locator("#outcome")).to_contain_text("proposal 1")

    trainee.get_by_role("button", name="Ask for more time").click()
    sync_api.expect(trainee.locator("#answer")).to_contain_text("waiting for the mediator")
    mediator.fill("[id^=extra-]", "120")
    mediator.get_by_role("button", name="Grant more time to Hamas").click()
    sync_api.expect(mediator.locator("#proposals")).to_contain_text("granted")
    sync_api.expect(trainee.locator("#my-answers")).to_contain_text("granted")

    trainee.fill("#reason", "no binding guarantee of a permanent ceasefire")
    trainee.get_by_role("button", name="Reject").click()
    sync_api.expect(mediator.locator("#proposals")).to_contain_text("no binding guarantee")
    mediator.get_by_role("button", name="Declare a breakdown").click()
    sync_api.expect(mediator.locator("#state-badge")).to_have_text("Broken down")
    sync_api.expect(trainee.locator("#state-badge")).to_have_text("Broken down")
    _audit(mediator, "mediator page, broken down")
    _audit(trainee, "party page, broken down")
    for page in (mediator, trainee):
        _not_reloaded(page)
        page.context.close()


def test_pages_without_a_session_pass_the_audit(browser: Any, server: str) -> None:
    page = _page(browser)
    page.goto(server + "/")
    _audit(page, "create page")
    page.get_by_label("Scenario text").fill(
        (ROOT / "examples" / "plant-contract.yaml").read_text("utf-8")
    )
    page.get_by_role("button", name="Open the session").click()
    page.wait_for_selector("a[data-link=mediator]")
    _audit(page, "create page with links")
    page.goto(server + "/s/nosuch/mediator?token=nonsense")
    sync_api.expect(page.locator("h1")).to_have_text("Access refused")
    _audit(page, "error page")
    page.context.close()


def test_a_page_shows_when_its_stream_drops(browser: Any, server: str) -> None:
    links = _open_session(browser, server, "plant-contract.yaml", upload=True)
    page = _page(browser)
    page.route("**/stream?*", lambda route: route.abort())
    page.goto(links["union"])
    sync_api.expect(page.locator("#connection")).not_to_have_attribute("data-state", "live")
    sync_api.expect(page.locator("#connection")).to_contain_text(re.compile("Reconnecting|Offline"))
    page.unroute("**/stream?*")
    sync_api.expect(page.locator("#connection")).to_have_attribute("data-state", "live")
    page.context.close()


def test_a_revision_reaches_the_open_pages(browser: Any, server: str) -> None:
    """A revised scenario's new issue and option appear in the mediator's proposal form
    without a reload; a package being composed is not reset by other events; the party's
    page asks for a reload to state preferences over the new options."""
    scenario = _scenario("plant-contract.yaml")
    created = _api_session(server, {"scenario": scenario})
    sid = created["id"]
    mediator = _page(browser)
    mediator.goto(f"{server}/s/{sid}/mediator?token={created['mediator_token']}")
    _live(mediator)
    union = _page(browser)
    union.goto(f"{server}/s/{sid}/party/union?token={created['party_tokens']['union']}")
    _live(union)
    mediator.select_option("#issue-term", "one_year")
    auth = {"Authorization": f"Bearer {created['party_tokens']['management']}"}
    body = {"preferences": scenario["preferences"]["management"]}
    put = httpx.put(f"{server}/api/sessions/{sid}/preferences", json=body, headers=auth)
    assert put.status_code == 200, put.text
    sync_api.expect(mediator.locator("#parties li[data-party=management]")).to_contain_text(
        "Preferences submitted"
    )
    assert mediator.input_value("#issue-term") == "one_year"  # not reset by the event

    auth = {"Authorization": f"Bearer {created['mediator_token']}"}
    body = {"scenario": revised_plant()}
    put = httpx.put(f"{server}/api/sessions/{sid}/scenario", json=body, headers=auth)
    assert put.status_code == 200, put.text

    sync_api.expect(mediator.locator("#issue-training")).to_be_visible()
    sync_api.expect(mediator.locator("#issue-term option[value=four_years]")).to_have_count(1)
    assert mediator.input_value("#issue-term") == "one_year"  # the composed choice survives
    sync_api.expect(union.locator("#status")).to_contain_text("reload the page")
    for page in (mediator, union):
        _not_reloaded(page)
        page.context.close()
