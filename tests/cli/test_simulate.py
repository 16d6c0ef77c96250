"""``accord simulate`` and ``accord replay``, driven in-process as a user would call them."""

from __future__ import annotations

import json
import math
import re
import sys
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.agents.base import NegotiationState, Response
from accord.agents.time_dependent import Boulware
from accord.analysis import analyze
from accord.cli.app import app
from accord.cli.simulate_args import ArgumentProblem, parse_options
from accord.io import load_scenario
from accord.io.events import scenario_sha256
from accord.protocols.registry import PROTOCOLS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAIRO = EXAMPLES / "cairo-talks.yaml"
PLANT = EXAMPLES / "plant-contract.yaml"
RIVER = EXAMPLES / "river-basin.yaml"

JSON_KEYS = {
    "agreement",
    "outcome",
    "utilities",
    "rounds",
    "events",
    "time_requests",
    "discounted_utilities",
    "distance_to_pareto",
    "distance_to_nash",
    "protocol",
    "agents",
    "seed",
}

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """Report text as one line: box drawing and line breaks become single spaces."""
    return re.sub(r"[│╭╮╰╯─\s]+", " ", text)


def run_json(*args: str | Path) -> dict[str, Any]:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def protocol_options(protocol: str, path: Path) -> list[str]:
    """``--option`` arguments a protocol needs on an example: blind bidding on one issue,
    the rest of the package fixed to the scenario's last proposal (the mediators' text)."""
    if protocol != "blind-bid":
        return []
    scenario = load_scenario(path)
    framework = scenario.proposals[-1].outcome
    issue = scenario.issues[0].id
    fixed = [f"fixed.{k}={v}" for k, v in framework.items() if k != issue]
    return ["--option", f"issue={issue}", *(a for f in fixed for a in ("--option", f))]


class Stalling(Boulware):
    """A Boulware negotiator that asks for time the first time it must answer an offer."""

    name = "stalling"

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        asked = any(m.sender == self.view.party and m.kind == "request_time" for m in state.history)
        return super().choose_response(state, offer) if asked else Response.REQUEST_TIME


@pytest.fixture
def stalling() -> Iterator[str]:
    """An importable ``module:Class`` path to :class:`Stalling`."""
    module = types.ModuleType("accord_test_agents")
    module.Stalling = Stalling  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    yield f"{module.__name__}:Stalling"
    del sys.modules[module.__name__]


# -- the two examples under every protocol -------------------------------------------


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_cairo_ends_without_agreement_under_every_protocol(protocol: str) -> None:
    doc = run_json(
        "simulate", CAIRO, "--protocol", protocol, "--deadline", "30", "--seed", "7",
        *protocol_options(protocol, CAIRO),
    )  # fmt: skip
    assert doc["protocol"] == protocol
    assert doc["agreement"] is False and doc["outcome"] is None
    assert doc["utilities"] == {"hamas": 0.6, "israel": 0.5}
    assert doc["events"][-1]["kind"] == "breakdown"
    assert doc["distance_to_pareto"] is None and doc["distance_to_nash"] is None
    assert "none was possible" in doc["verdict"]


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_plant_default_agents_end_inside_the_zopa(protocol: str) -> None:
    doc = run_json("simulate", PLANT, "--protocol", protocol, *protocol_options(protocol, PLANT))
    scenario = load_scenario(PLANT)
    if protocol == "alternating":
        assert doc["agreement"] is True
    if doc["agreement"]:
        assert doc["in_zopa"] is True
        for party in scenario.party_ids:
            assert doc["utilities"][party] >= scenario.preferences[party].reservation
        nash = analyze(scenario).solutions.nash
        assert nash is not None
        point = [doc["utilities"][p] for p in scenario.party_ids]
        assert doc["distance_to_nash"] == pytest.approx(math.dist(point, nash.utilities))
        assert 0 <= doc["distance_to_pareto"] <= doc["distance_to_nash"] + 1e-12


def test_default_run_has_every_documented_key() -> None:
    doc = run_json("simulate", PLANT)
    assert set(doc) >= JSON_KEYS
    assert doc["protocol"] == "alternating" and doc["seed"] == 0 and doc["deadline"] == 50
    assert doc["agents"] == {"union": "boulware", "management": "boulware"}
    assert isinstance(doc["agreement"], bool) and isinstance(doc["rounds"], int)
    assert set(doc["outcome"]) == {i.id for i in load_scenario(PLANT).issues}
    assert isinstance(doc["outcome"]["wage"], int | float)
    assert doc["rounds"] == max(e["round"] for e in doc["events"])
    assert doc["time_requests"] == 0
    assert all(
        set(e) == {"round", "time", "sender", "recipients", "kind", "payload"}
        for e in doc["events"]
    )
    last = doc["events"][-1]
    assert last["kind"] == "agreement" and last["payload"]["outcome"] is not None


# -- the report -------------------------------------------------------------------------


def test_report_shows_timeline_summary_and_verdict() -> None:
    code, out, _ = run("simulate", PLANT, "--seed", "3")
    assert code == 0
    for text in ("Timeline", "proposes", "AGREEMENT", "Summary", "Agreement in round"):
        assert text in out
    assert "Distance to Pareto frontier" in out and "Distance to Nash point" in out
    assert "Verdict" in out and "#1" in out


def test_report_on_cairo_folds_repeated_rounds_unless_asked() -> None:
    args = ("simulate", CAIRO, "--agents", "hamas=hardliner,israel=hardliner", "--deadline", "20")
    code, out, _ = run(*args)
    assert code == 0
    out = flat(out)
    assert "BREAKDOWN" in out and "No agreement" in out and "none was possible" in out
    assert "the same as round" in out
    code, full, _ = run(*args, "--full-timeline")
    assert code == 0 and "the same as round" not in full and len(full) > len(out)


# -- agents, seeds and options -------------------------------------------------------------


def test_parties_left_out_get_boulware() -> None:
    doc = run_json("simulate", CAIRO, "--agents", "israel=hardliner", "--deadline", "5")
    assert doc["agents"] == {"hamas": "boulware", "israel": "hardliner"}


def test_agents_may_be_given_in_several_arguments() -> None:
    doc = run_json(
        "simulate", PLANT, "--agents", "union=linear", "--agents", " management = conceder "
    )
    assert doc["agents"] == {"union": "linear", "management": "conceder"}


def test_the_seed_decides_a_random_run() -> None:
    args = ("simulate", PLANT, "--agents", "union=random,management=random", "--deadline", "20")
    first = run_json(*args, "--seed", "11")
    assert run_json(*args, "--seed", "11") == first
    assert first["seed"] == 11
    others = [run_json(*args, "--seed", str(s))["events"] for s in (12, 13, 14)]
    assert any(events != first["events"] for events in others)


def test_protocol_options_reach_the_protocol(stalling: str) -> None:
    args = ("simulate", PLANT, "--agents", f"management={stalling}", "--deadline", "20")
    granted = run_json(*args, "--option", "max_extensions=1", "--option", "extension_rounds=5")
    kinds = [e["kind"] for e in granted["events"]]
    assert granted["time_requests"] == 1 and "grant_time" in kinds
    assert granted["protocol_options"] == {"max_extensions": 1, "extension_rounds": 5}
    grant = granted["events"][kinds.index("grant_time")]
    assert grant["payload"]["deadline"] == 25
    refused = run_json(*args, "--option", "max_extensions=0")
    kinds = [e["kind"] for e in refused["events"]]
    assert refused["time_requests"] == 1 and "refuse_time" in kinds and "grant_time" not in kinds


def test_dotted_options_build_a_mapping() -> None:
    doc = run_json(
        "simulate", PLANT, "--protocol", "blind-bid", *protocol_options("blind-bid", PLANT)
    )
    fixed = doc["protocol_options"]["fixed"]
    assert doc["protocol_options"]["issue"] == "wage"
    assert fixed["pension"] == "hybrid" and "wage" not in fixed
    moving = {e["payload"]["package"]["wage"] for e in doc["events"] if e["kind"] == "propose"}
    assert len(moving) > 1


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--protocol", "nope"], ["unknown protocol 'nope'", "alternating", "blind-bid"]),
        (["--agents", "hamas=nope"], ["unknown agent 'nope'", "boulware", "hardliner"]),
        (["--agents", "egypt=linear"], ["'egypt' is not a party", "hamas, israel"]),
        (["--agents", "hamas"], ["PARTY=AGENT"]),
        (["--agents", "=linear"], ["PARTY=AGENT"]),
        (["--agents", "hamas="], ["PARTY=AGENT"]),
        (["--agents", "hamas=linear,hamas=conceder"], ["twice"]),
        (["--agents", "hamas=no.such.module:Agent"], ["unknown agent", "module:Class"]),
        (["--option", "max_extensions"], ["KEY=VALUE"]),
        (["--option", "speed=3"], ["no option 'speed'", "max_extensions, extension_rounds"]),
        (["--option", "max_extensions=many"], ["expects a whole number"]),
        (["--option", "max_extensions=-1"], ["must not be negative"]),
        (["--option", "max_extensions=1", "--option", "max_extensions=2"], ["twice"]),
        (["--protocol", "blind-bid"], ["cannot run the blind-bid protocol", "issue"]),
        (["--plot", "trace.txt"], [".png, .svg or .pdf"]),
        (["--repeat", "2", "--log", "x.jsonl"], ["--repeat"]),
        (["--max-outcomes", "10"], ["above the limit of 10"]),
    ],
)
def test_bad_arguments_exit_2_with_one_clear_paragraph(
    args: list[str], expected: list[str]
) -> None:
    code, out, err = run("simulate", CAIRO, *args)
    assert code == 2, out
    assert err.startswith("accord: error:") and err.count("\n") == 1
    assert "Traceback" not in err
    for text in expected:
        assert text in err


@pytest.mark.parametrize("deadline", ["0", "-3", "soon"])
def test_a_deadline_below_one_round_is_refused(deadline: str) -> None:
    code, _, _ = run("simulate", CAIRO, "--deadline", deadline)
    assert code == 2


def test_a_bad_scenario_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    code, _, err = run("simulate", bad)
    assert code == 2 and "bad.yaml" in err and "Traceback" not in err


# -- plots -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_is_written(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"trace{suffix}"
    code, out, _ = run("simulate", PLANT, "--plot", target)
    assert code == 0 and f"Plot written to {target}" in out
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data


def test_plot_for_three_parties_has_pairwise_panels(tmp_path: Path) -> None:
    two, three = tmp_path / "plant.png", tmp_path / "river.png"
    assert run("simulate", PLANT, "--plot", two, "--json")[0] == 0
    assert run("simulate", RIVER, "--plot", three, "--json")[0] == 0
    assert three.read_bytes().startswith(b"\x89PNG")
    assert three.stat().st_size > two.stat().st_size


def test_plot_without_agreement_or_frontier(tmp_path: Path) -> None:
    target = tmp_path / "cairo.svg"
    code, _, _ = run("simulate", CAIRO, "--deadline", "10", "--plot", target, "--json")
    assert code == 0 and b"<svg" in target.read_bytes()


# -- event logs and replay ---------------------------------------------------------------------


RANDOM = ("--agents", "union=random,management=tit-for-tat", "--deadline", "30")


def write_log(path: Path, *extra: str) -> None:
    code, _, err = run("simulate", PLANT, *RANDOM, "--seed", "7", "--log", path, *extra)
    assert code == 0, err


def test_the_same_seed_writes_the_same_log_byte_for_byte(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    write_log(first)
    write_log(second, "--json")
    assert first.read_bytes() == second.read_bytes()
    code, _, _ = run("simulate", PLANT, *RANDOM, "--seed", "8", "--log", other)
    assert code == 0 and other.read_bytes() != first.read_bytes()


def test_log_header_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    code, out, _ = run(
        "simulate", PLANT, *RANDOM, "--seed", "7", "--log", path, "--json",
        "--option", "max_extensions=2",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header == {
        "accord_log": 1,
        "scenario": load_scenario(PLANT).name,
        "scenario_sha256": scenario_sha256(load_scenario(PLANT)),
        "protocol": "alternating",
        "protocol_options": {"max_extensions": 2},
        "agents": {"union": "random", "management": "tit-for-tat"},
        "deadline": 30,
        "seed": 7,
    }
    assert len(lines) == 1 + len(doc["events"])
    for line, event in zip(lines[1:], doc["events"], strict=True):
        assert line == json.dumps(event, sort_keys=True, separators=(",", ":"))


def test_replay_reproduces_the_log_exactly(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_log(path)
    n_events = len(path.read_text(encoding="utf-8").splitlines()) - 1
    code, out, err = run("replay", path, "--scenario", PLANT)
    assert code == 0, err
    assert f"replayed exactly: {n_events} events" in out
    assert "Timeline" in out and "Summary" in out


def test_replay_of_options_and_import_path_agents(tmp_path: Path, stalling: str) -> None:
    path = tmp_path / "events.jsonl"
    code, _, _ = run(
        "simulate", PLANT, "--agents", f"union={stalling}", "--option", "extension_rounds=3",
        "--log", path,
    )  # fmt: skip
    assert code == 0
    code, out, err = run("replay", path, "--scenario", PLANT)
    assert code == 0, err
    assert "replayed exactly" in out


def tamper(path: Path, line: int, change: dict[str, Any]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[line - 1])
    record.update(change)
    lines[line - 1] = json.dumps(record, sort_keys=True, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"kind": "accept"}, "kind"), ({"round": 9}, "round"), ({"sender": "x"}, "sender")],
)
def test_replay_names_the_first_tampered_event(
    tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    path = tmp_path / "events.jsonl"
    write_log(path)
    tamper(path, 5, change)
    tamper(path, 9, {"kind": "walk_away"})
    code, _, err = run("replay", path, "--scenario", PLANT)
    assert code == 1
    assert "event 4 (line 5)" in err and f"differing: {field}" in err
    assert "Traceback" not in err


def test_replay_detects_a_changed_package(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_log(path)
    record = json.loads(path.read_text(encoding="utf-8").splitlines()[1])
    payload = dict(record["payload"], outcome=record["payload"]["outcome"] + 1)
    tamper(path, 2, {"payload": payload})
    code, _, err = run("replay", path, "--scenario", PLANT)
    assert code == 1 and "event 1 (line 2)" in err and "payload.outcome" in err


def test_replay_detects_a_truncated_or_extended_log(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_log(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    code, _, err = run("replay", path, "--scenario", PLANT)
    assert code == 1 and "event 4 (line 5)" in err and "log ends after 3 events" in err
    path.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")
    code, _, err = run("replay", path, "--scenario", PLANT)
    assert code == 1 and "replay ends after" in err


def test_replay_against_another_scenario_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_log(path)
    code, _, err = run("replay", path, "--scenario", CAIRO)
    assert code == 2 and "holds different data" in err and "sha256" in err
    edited = tmp_path / "plant.yaml"
    edited.write_text(
        PLANT.read_text(encoding="utf-8").replace("reservation: 0.5", "reservation: 0.55"),
        encoding="utf-8",
    )
    code, _, err = run("replay", path, "--scenario", edited)
    assert code == 2 and "holds different data" in err


def test_replay_ignores_layout_of_the_scenario_file(tmp_path: Path) -> None:
    from accord.io import dump_scenario

    path = tmp_path / "events.jsonl"
    write_log(path)
    as_json = tmp_path / "plant.json"
    dump_scenario(load_scenario(PLANT), as_json)
    code, out, err = run("replay", path, "--scenario", as_json)
    assert code == 0, err
    assert "replayed exactly" in out


def header_line(**change: Any) -> str:
    scenario = load_scenario(PLANT)
    header = {
        "accord_log": 1,
        "scenario": scenario.name,
        "scenario_sha256": scenario_sha256(scenario),
        "protocol": "alternating",
        "protocol_options": {},
        "agents": {"union": "boulware", "management": "boulware"},
        "deadline": 10,
        "seed": 0,
        **change,
    }
    return json.dumps({k: v for k, v in header.items() if v is not None})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"garbage\n", "not valid JSON"),
        (b"\x00\x01\xff\xfe binary", "not a text file"),
        (b"[1, 2, 3]\n", "expected a JSON object"),
        (b'{"hello": "world"}\n', "not an Accord event log"),
        (header_line(accord_log=2).encode(), "unsupported log version 2"),
        (header_line(seed=None).encode(), "missing 'seed'"),
        (header_line(deadline="soon").encode(), "'deadline' must be a whole number"),
        (header_line(agents=[]).encode(), "'agents'"),
        ((header_line() + '\n{"round": 1}\n').encode(), "line 2: not an event"),
        ((header_line() + "\n{not json\n").encode(), "line 2: not valid JSON"),
        (
            (
                header_line()
                + '\n{"round":1,"time":0.1,"sender":"union","recipients":[],"kind":"dance"}'
            ).encode(),
            "unknown event kind 'dance'",
        ),
        (header_line(protocol="nope").encode(), "unknown protocol 'nope'"),
        (header_line(agents={"union": "nope", "management": "boulware"}).encode(), "'nope'"),
        (header_line(agents={"union": "boulware"}).encode(), "parties"),
        (header_line(protocol_options={"speed": 2}).encode(), "no option 'speed'"),
    ],
)
def test_malformed_logs_exit_2_without_traceback(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(content)
    code, _, err = run("replay", path, "--scenario", PLANT)
    assert code == 2
    assert err.startswith("accord: error:") and "Traceback" not in err
    assert expected in err


def test_replay_of_a_missing_log_exits_2(tmp_path: Path) -> None:
    code, _, err = run("replay", tmp_path / "none.jsonl", "--scenario", PLANT)
    assert code == 2 and "no such file" in err
    code, _, err = run("replay", tmp_path, "--scenario", PLANT)
    assert code == 2 and "folder" in err


# -- many runs ------------------------------------------------------------------------------------


def test_repeat_prints_the_aggregate_as_json() -> None:
    doc = run_json("simulate", PLANT, "--repeat", "5", "--seed", "2")
    assert {"runs", "agreement_rate", "mean_utilities", "per_second", "mean_rounds"} <= set(doc)
    assert doc["runs"] == 5 and doc["seed"] == 2
    assert doc["agreement_rate"] == 1.0  # Boulware against Boulware is deterministic
    single = run_json("simulate", PLANT, "--seed", "2")
    assert doc["mean_utilities"] == pytest.approx(single["utilities"])
    assert doc["mean_rounds"] == single["rounds"]
    assert doc["per_second"] > 0


def test_repeat_runs_consecutive_seeds() -> None:
    args = ("simulate", PLANT, "--agents", "union=random,management=random", "--deadline", "15")
    doc = run_json(*args, "--repeat", "6", "--seed", "20")
    singles = [run_json(*args, "--seed", str(seed)) for seed in range(20, 26)]
    assert doc["agreement_rate"] == pytest.approx(np.mean([s["agreement"] for s in singles]))
    assert doc["mean_rounds"] == pytest.approx(np.mean([s["rounds"] for s in singles]))
    for party in ("union", "management"):
        expected = np.mean([s["utilities"][party] for s in singles])
        assert doc["mean_utilities"][party] == pytest.approx(expected)


def test_repeat_report() -> None:
    code, out, _ = run("simulate", CAIRO, "--repeat", "3", "--deadline", "10")
    assert code == 0
    assert "Agreement rate" in out and "0.0%" in out and "Negotiations per second" in out
    assert "seeds 0–2" in out


# -- reading --option values -------------------------------------------------------------------


@dataclass(frozen=True)
class Knobs:
    """A stand-in protocol with one option of each kind."""

    count: int = 1
    share: float = 0.5
    strict: bool = False
    label: str = "x"
    issue: str | None = None
    fixed: Mapping[str, Any] | None = None
    mode: Literal["bisect", "random"] = "bisect"
    anything: Any = None


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("count=3", {"count": 3}),
        ("share=2", {"share": 2.0}),
        ("share=0.25", {"share": 0.25}),
        ("strict=true", {"strict": True}),
        ("strict=No", {"strict": False}),
        ("label=12", {"label": "12"}),
        ("label=a=b", {"label": "a=b"}),
        ("issue=none", {"issue": None}),
        ("issue=wage", {"issue": "wage"}),
        ("fixed.wage=3", {"fixed": {"wage": 3}}),
        ('fixed={"wage": 3.5}', {"fixed": {"wage": 3.5}}),
        ("mode=random", {"mode": "random"}),
        ("anything=7", {"anything": 7}),
        ("anything=1.5", {"anything": 1.5}),
        ("anything=false", {"anything": False}),
        ("anything=[1, 2]", {"anything": [1, 2]}),
        ("anything=text", {"anything": "text"}),
    ],
)
def test_option_values_follow_the_declared_type(item: str, expected: dict[str, Any]) -> None:
    assert parse_options([item], "knobs", Knobs) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("count=1.5", "expects a whole number"),
        ("share=much", "expects a number"),
        ("share=nan", "expects a number"),
        ("strict=maybe", "expects true or false"),
        ("mode=fast", "expects one of bisect, random"),
        ("fixed=[1]", "expects a JSON object"),
        ("fixed.=1", "nothing after the dot"),
        ("colour=red", "it takes: count, share, strict, label, issue, fixed, mode, anything"),
    ],
)
def test_bad_option_values_name_what_is_expected(item: str, expected: str) -> None:
    with pytest.raises(ArgumentProblem, match=re.escape(expected)):
        parse_options([item], "knobs", Knobs)


def test_dotted_entries_accumulate_and_clash() -> None:
    options = parse_options(["fixed.a=1", "fixed.b=two"], "knobs", Knobs)
    assert options == {"fixed": {"a": 1, "b": "two"}}
    with pytest.raises(ArgumentProblem, match="twice"):
        parse_options(["fixed.a=1", "fixed.a=2"], "knobs", Knobs)
    with pytest.raises(ArgumentProblem, match="already set"):
        parse_options(['fixed={"a": 1}', "fixed.b=2"], "knobs", Knobs)


def test_time_limit_stops_talks_that_would_run_for_ever() -> None:
    result = runner.invoke(
        app,
        [
            "simulate",
            str(PLANT),
            "--agents",
            "union=hardliner,management=hardliner",
            "--deadline",
            "10000000",
            "--time-limit",
            "0.2",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["agreement"] is False and 1 <= doc["rounds"] < 10000000


def test_an_interested_mediator_s_tilt_is_reported(tmp_path: Path) -> None:
    from accord.io import dump_scenario, scenario_to_data
    from accord.io import parse_scenario as parse

    data = scenario_to_data(load_scenario(PLANT))
    options = {i["id"]: i["options"] for i in data["issues"] if "options" in i}
    data["preferences"]["state"] = {
        "weights": {"term": 1},
        "values": {"term": {o: float(o == "three_years") for o in options["term"]}},
    }
    biased = tmp_path / "biased.yaml"
    dump_scenario(parse(data, "test"), biased)
    args = ["simulate", str(biased), "--protocol", "single-text", "--option", "bias=0.5"]
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.stderr
    assert "Mediator tilt" in text.stdout and "State mediation service gets" in text.stdout
    doc = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    tilt = doc["mediator_tilt"]["mediators"]["state"]
    assert tilt["gain"] == pytest.approx(tilt["interested"] - tilt["neutral"])
    assert tilt["interested"] >= tilt["neutral"]
    # Protocols where mediators cannot act on preferences report no tilt.
    plain = json.loads(runner.invoke(app, ["simulate", str(biased), "--json"]).stdout)
    assert "mediator_tilt" not in plain
