"""Event logs: header and event lines written, read back and compared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.io import dump_scenario, load_scenario
from accord.io.events import (
    LOG_VERSION,
    EventLog,
    LogError,
    LogHeader,
    event_line,
    first_difference,
    format_log,
    parse_log,
    read_log,
    scenario_sha256,
    write_log,
)
from accord.model.scenario import Scenario
from accord.protocols.engine import simulate
from accord.protocols.events import Event

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLANT = EXAMPLES / "plant-contract.yaml"
AGENTS = {"union": "random", "management": "linear"}


@pytest.fixture(scope="module")
def plant() -> Scenario:
    return load_scenario(PLANT)


def run(scenario: Scenario, seed: int = 5) -> tuple[LogHeader, tuple[Event, ...]]:
    result = simulate(scenario, "alternating", AGENTS, deadline=25, seed=seed, max_extensions=2)
    header = LogHeader.for_run(
        scenario,
        "alternating",
        AGENTS,
        deadline=25,
        seed=seed,
        protocol_options={"max_extensions": 2},
    )
    return header, result.events


def test_header_line_has_the_documented_keys(plant: Scenario) -> None:
    header, events = run(plant)
    first, *rest = format_log(header, events).splitlines()
    assert json.loads(first) == {
        "accord_log": LOG_VERSION,
        "scenario": plant.name,
        "scenario_sha256": scenario_sha256(plant),
        "protocol": "alternating",
        "protocol_options": {"max_extensions": 2},
        "agents": AGENTS,
        "deadline": 25,
        "seed": 5,
    }
    assert len(rest) == len(events)
    for line, event in zip(rest, events, strict=True):
        assert line == json.dumps(event.to_dict(), sort_keys=True, separators=(",", ":"))
        assert line == event_line(event)


def test_a_log_reads_back_to_the_same_run(plant: Scenario, tmp_path: Path) -> None:
    header, events = run(plant)
    path = tmp_path / "run.jsonl"
    write_log(path, header, events)
    log = read_log(path)
    assert isinstance(log, EventLog)
    assert log.header == header
    assert log.events == events
    assert first_difference(log.records, events) is None


def test_the_same_seed_gives_the_same_bytes(plant: Scenario, tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.jsonl" for n in range(3)]
    for path, seed in zip(paths, (5, 5, 6), strict=True):
        write_log(path, *run(plant, seed))
    data = [p.read_bytes() for p in paths]
    assert data[0] == data[1] != data[2]
    assert data[0].endswith(b"\n") and b"\r" not in data[0]
    assert b'": ' not in data[0] and b', "' not in data[0]  # compact separators


def test_scenario_hash_ignores_layout_but_not_content(plant: Scenario, tmp_path: Path) -> None:
    as_json, as_yaml = tmp_path / "plant.json", tmp_path / "plant.yaml"
    dump_scenario(plant, as_json)
    dump_scenario(plant, as_yaml)
    digest = scenario_sha256(plant)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert scenario_sha256(load_scenario(as_json)) == digest
    assert scenario_sha256(load_scenario(as_yaml)) == digest
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        PLANT.read_text(encoding="utf-8").replace("wage: 4, pension: 3", "wage: 5, pension: 3"),
        encoding="utf-8",
    )
    assert scenario_sha256(load_scenario(edited)) != digest


def test_header_round_trips_through_its_dict(plant: Scenario) -> None:
    header, _ = run(plant)
    assert LogHeader.from_dict(header.to_dict()) == header
    assert LogHeader.from_dict(json.loads(json.dumps(header.to_dict()))) == header


def test_first_difference_names_the_fields(plant: Scenario) -> None:
    _, events = run(plant)
    records = [json.loads(event_line(e)) for e in events]
    assert first_difference(records, events) is None
    changed = [dict(r) for r in records]
    changed[3] = dict(changed[3], kind="walk_away", round=99)
    changed[5] = dict(changed[5], sender="nobody")
    found = first_difference(changed, events)
    assert found is not None
    assert found.index == 3 and found.fields == ("kind", "round")
    assert found.logged == changed[3] and found.replayed == events[3]
    payload = dict(records[0]["payload"], outcome=-1)
    found = first_difference([dict(records[0], payload=payload), *records[1:]], events)
    assert found is not None and found.index == 0 and found.fields == ("payload.outcome",)


def test_first_difference_of_a_short_or_long_log(plant: Scenario) -> None:
    _, events = run(plant)
    records = [json.loads(event_line(e)) for e in events]
    short = first_difference(records[:-2], events)
    assert short is not None and short.index == len(events) - 2 and short.logged is None
    long = first_difference([*records, records[-1]], events)
    assert long is not None and long.index == len(events) and long.replayed is None


def test_key_order_and_spacing_in_the_file_do_not_matter(plant: Scenario) -> None:
    header, events = run(plant)
    lines = [json.dumps(header.to_dict(), indent=None)]
    lines += [json.dumps(dict(reversed(list(e.to_dict().items())))) for e in events]
    log = parse_log("\n".join(lines) + "\n\n")
    assert log.events == events and first_difference(log.records, events) is None


GOOD_HEADER = {
    "accord_log": 1,
    "scenario": "s",
    "scenario_sha256": "0" * 64,
    "protocol": "alternating",
    "protocol_options": {},
    "agents": {"a": "boulware"},
    "deadline": 5,
    "seed": 0,
}
GOOD_EVENT = {"round": 1, "time": 0.2, "sender": "a", "recipients": ["b"], "kind": "reject"}


def lines(*objects: Any) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objects)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        ("not json", "line 1: not valid JSON"),
        ("[]", "line 1: expected a JSON object, found a list"),
        ('"text"', "found a string"),
        ("{}", "not an Accord event log"),
        (lines(dict(GOOD_HEADER, accord_log=7)), "unsupported log version 7"),
        (lines({k: v for k, v in GOOD_HEADER.items() if k != "agents"}), "missing 'agents'"),
        (lines(dict(GOOD_HEADER, protocol=3)), "'protocol' must be a string"),
        (lines(dict(GOOD_HEADER, seed=1.5)), "'seed' must be a whole number"),
        (lines(dict(GOOD_HEADER, seed=True)), "'seed' must be a whole number"),
        (lines(dict(GOOD_HEADER, deadline=0)), "'deadline' must be at least 1"),
        (lines(dict(GOOD_HEADER, agents={"a": 3})), "'agents' must map"),
        (lines(dict(GOOD_HEADER, protocol_options=[])), "'protocol_options' must be an object"),
        (lines(GOOD_HEADER, "", GOOD_EVENT), "line 2: empty line"),
        (lines(GOOD_HEADER, "{"), "line 2: not valid JSON"),
        (lines(GOOD_HEADER, "5"), "line 2: expected a JSON object, found a number"),
        (lines(GOOD_HEADER, {"round": 1}), "line 2: not an event (missing 'time'"),
        (lines(GOOD_HEADER, GOOD_EVENT, dict(GOOD_EVENT, kind="x")), "line 3: unknown event kind"),
        (lines(GOOD_HEADER, dict(GOOD_EVENT, round="1")), "'round' must be a whole number"),
        (lines(GOOD_HEADER, dict(GOOD_EVENT, time="now")), "'time' must be a number"),
        (lines(GOOD_HEADER, dict(GOOD_EVENT, sender=None)), "'sender' must be a string"),
        (lines(GOOD_HEADER, dict(GOOD_EVENT, recipients="b")), "'recipients' must be a list"),
        (lines(GOOD_HEADER, dict(GOOD_EVENT, payload=[])), "'payload' must be an object"),
        (lines(GOOD_HEADER, dict(GOOD_EVENT, payload={"outcome": "x"})), "'outcome'"),
        ("[" * 100_000, "line 1"),
    ],
)
def test_malformed_logs_raise_one_clear_log_error(text: str, expected: str) -> None:
    with pytest.raises(LogError) as caught:
        parse_log(text, "events.jsonl")
    message = str(caught.value)
    assert message.startswith("events.jsonl: ") and "\n" not in message
    assert expected in message


def test_a_good_minimal_log_parses() -> None:
    log = parse_log(lines(GOOD_HEADER, GOOD_EVENT))
    assert log.header.agents == {"a": "boulware"} and log.header.deadline == 5
    assert log.events == (Event.from_dict(GOOD_EVENT),) and log.records == (GOOD_EVENT,)


def test_unreadable_files_raise_log_error(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="no such file"):
        read_log(tmp_path / "missing.jsonl")
    with pytest.raises(LogError, match="is a folder"):
        read_log(tmp_path)
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(LogError, match="not a text file"):
        read_log(binary)
    assert issubclass(LogError, ValueError)
