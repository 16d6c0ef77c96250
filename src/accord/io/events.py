"""Event logs: one negotiation run as JSON Lines, written and read back.

The first line is a header naming everything needed to run the talks again
(protocol and options, agents, deadline, seed) and the scenario they were run
on, by name and by the SHA-256 of its canonical data. Every further line is one
event, as :meth:`accord.protocols.events.Event.to_dict` gives it, with sorted
keys and no spaces, so the same run always gives the same bytes::

    {"accord_log":1,"agents":{...},"deadline":50,"protocol":"alternating",...}
    {"kind":"propose","payload":{...},"recipients":["israel"],"round":1,...}

:func:`read_log` raises nothing but :class:`LogError` for a file that is
missing, unreadable or not such a log; its text is one paragraph naming the
file, the line and what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.model.scenario import Scenario
from accord.protocols.events import Event

LOG_VERSION = 1
"""The value of the header's ``accord_log`` key."""

HEADER_KEYS = (
    "accord_log",
    "scenario",
    "scenario_sha256",
    "protocol",
    "protocol_options",
    "agents",
    "deadline",
    "seed",
)
"""Keys every header has."""


class LogError(ValueError):
    """A file that is not a readable event log (one paragraph: file, line, problem)."""


def scenario_sha256(scenario: Scenario) -> str:
    """SHA-256 (hex) of the scenario's canonical data.

    The canonical data is :func:`accord.io.scenario_to_data` dumped as JSON
    with sorted keys, so it ignores layout, comments and key order in the file.
    A scenario the file format cannot express (a numeric issue off any even
    grid) is hashed through its full description instead.
    """
    from accord.io.scenario.writing import scenario_to_data

    try:
        text = json.dumps(scenario_to_data(scenario), sort_keys=True)
    except ValueError:
        text = repr(scenario)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LogHeader:
    """How a run was set up: enough to run it again, and the scenario it ran on."""

    scenario: str
    """The scenario's name."""
    scenario_sha256: str
    """See :func:`scenario_sha256`."""
    protocol: str
    agents: Mapping[str, str]
    """Agent name per party, in scenario order."""
    deadline: int
    seed: int
    protocol_options: Mapping[str, Any] = field(default_factory=dict)
    """Keyword options of the protocol (JSON values)."""

    @classmethod
    def for_run(
        cls,
        scenario: Scenario,
        protocol: str,
        agents: Mapping[str, str],
        *,
        deadline: int,
        seed: int,
        protocol_options: Mapping[str, Any] | None = None,
    ) -> LogHeader:
        """The header of a run of ``protocol`` on ``scenario``."""
        return cls(
            scenario=scenario.name,
            scenario_sha256=scenario_sha256(scenario),
            protocol=protocol,
            agents={p: agents[p] for p in scenario.party_ids},
            deadline=deadline,
            seed=seed,
            protocol_options=dict(protocol_options or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        """The header line's object."""
        return {
            "accord_log": LOG_VERSION,
            "scenario": self.scenario,
            "scenario_sha256": self.scenario_sha256,
            "protocol": self.protocol,
            "protocol_options": dict(self.protocol_options),
            "agents": dict(self.agents),
            "deadline": self.deadline,
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "header") -> LogHeader:
        """Check and rebuild a header; :class:`LogError` names the first problem."""
        if not isinstance(data, dict):
            raise LogError(f"{where}: expected a JSON object, found {_kind(data)}")
        if "accord_log" not in data:
            raise LogError(f"{where}: not an Accord event log (no 'accord_log' key)")
        if data["accord_log"] != LOG_VERSION:
            raise LogError(
                f"{where}: unsupported log version {data['accord_log']!r} "
                f"(this version of Accord reads version {LOG_VERSION})"
            )
        missing = [key for key in HEADER_KEYS if key not in data]
        if missing:
            raise LogError(f"{where}: missing {', '.join(repr(k) for k in missing)}")
        for key in ("scenario", "scenario_sha256", "protocol"):
            if not isinstance(data[key], str):
                raise LogError(f"{where}: {key!r} must be a string, found {_kind(data[key])}")
        for key in ("deadline", "seed"):
            if not _is_int(data[key]):
                raise LogError(f"{where}: {key!r} must be a whole number, found {data[key]!r}")
        if data["deadline"] < 1:
            raise LogError(f"{where}: 'deadline' must be at least 1, found {data['deadline']}")
        agents = data["agents"]
        if not (
            isinstance(agents, dict)
            and agents
            and all(isinstance(v, str) and v for v in agents.values())
        ):
            raise LogError(f"{where}: 'agents' must map each party to an agent name")
        if not isinstance(data["protocol_options"], dict):
            raise LogError(
                f"{where}: 'protocol_options' must be an object, "
                f"found {_kind(data['protocol_options'])}"
            )
        return cls(
            scenario=data["scenario"],
            scenario_sha256=data["scenario_sha256"],
            protocol=data["protocol"],
            agents=dict(agents),
            deadline=data["deadline"],
            seed=data["seed"],
            protocol_options=dict(data["protocol_options"]),
        )


@dataclass(frozen=True)
class EventLog:
    """A log as read: its header, its events, and each event line's parsed object."""

    header: LogHeader
    events: tuple[Event, ...]
    records: tuple[dict[str, Any], ...]
    """The parsed JSON object of each event line, exactly as written (for comparison)."""


def dumps_line(data: Mapping[str, Any]) -> str:
    """One log line (no newline): sorted keys, no spaces, no NaN."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


def event_line(event: Event) -> str:
    """The log line of one event."""
    return dumps_line(event.to_dict())


def format_log(header: LogHeader, events: Iterable[Event]) -> str:
    """The whole log as text: the header line, then one line per event."""
    lines = [dumps_line(header.to_dict()), *(event_line(e) for e in events)]
    return "\n".join(lines) + "\n"


def write_log(path: Path | str, header: LogHeader, events: Iterable[Event]) -> None:
    """Write the log to ``path`` (UTF-8, ``\\n`` line ends); raises ``OSError``."""
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        out.write(format_log(header, events))


def parse_log(text: str, source: str = "<log>") -> EventLog:
    """Read a log from its text; :class:`LogError` names the line and the problem."""
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise LogError(f"{source}: the file is empty; expected an Accord event log")
    header = LogHeader.from_dict(_json_line(lines[0], source, 1), f"{source}: line 1 (header)")
    events: list[Event] = []
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines[1:], start=2):
        record = _json_line(line, source, number)
        events.append(_event(record, f"{source}: line {number}"))
        records.append(record)
    return EventLog(header, tuple(events), tuple(records))


def read_log(path: Path | str) -> EventLog:
    """Read the log at ``path``; raises :class:`LogError` (never anything else) if bad."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LogError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LogError(f"{path}: is a folder, not an event log") from None
    except OSError as error:
        raise LogError(f"{path}: cannot read the file ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LogError(
            f"{path}: not a text file (invalid UTF-8 at byte {error.start}); "
            "expected an Accord event log"
        ) from None
    return parse_log(text, str(path))


def _json_line(line: str, source: str, number: int) -> dict[str, Any]:
    if not line.strip():
        raise LogError(f"{source}: line {number}: empty line")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LogError(
            f"{source}: line {number}: not valid JSON ({error.msg} at column {error.colno})"
        ) from None
    except RecursionError:
        raise LogError(f"{source}: line {number}: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise LogError(f"{source}: line {number}: expected a JSON object, found {_kind(data)}")
    return data


def _event(record: dict[str, Any], where: str) -> Event:
    missing = [
        key for key in ("round", "time", "sender", "recipients", "kind") if key not in record
    ]
    if missing:
        raise LogError(f"{where}: not an event (missing {', '.join(repr(k) for k in missing)})")
    if not _is_int(record["round"]):
        raise LogError(f"{where}: 'round' must be a whole number, found {record['round']!r}")
    if not isinstance(record["time"], int | float) or isinstance(record["time"], bool):
        raise LogError(f"{where}: 'time' must be a number, found {record['time']!r}")
    if not isinstance(record["sender"], str):
        raise LogError(f"{where}: 'sender' must be a string, found {_kind(record['sender'])}")
    recipients = record["recipients"]
    if not (isinstance(recipients, list) and all(isinstance(r, str) for r in recipients)):
        raise LogError(f"{where}: 'recipients' must be a list of party ids")
    payload = record.get("payload", {})
    if not isinstance(payload, dict):
        raise LogError(f"{where}: 'payload' must be an object")
    if payload.get("outcome") is not None and not _is_int(payload["outcome"]):
        raise LogError(f"{where}: the payload's 'outcome' must be a whole number")
    try:
        return Event.from_dict(record)
    except ValueError:
        raise LogError(f"{where}: unknown event kind {record['kind']!r}") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Difference:
    """The first place where a re-run departs from a log."""

    index: int
    """Position of the event (0-based); the log line is ``index + 2``."""
    logged: dict[str, Any] | None
    """The logged event's object (``None``: the log ends before the re-run does)."""
    replayed: Event | None
    """The re-run's event (``None``: the re-run ends before the log does)."""
    fields: tuple[str, ...]
    """Which fields differ (``payload.outcome`` for a payload entry)."""


def first_difference(
    records: Sequence[Mapping[str, Any]], events: Sequence[Event]
) -> Difference | None:
    """Compare logged event objects with a re-run's events; ``None`` when they match exactly.

    Two events match when their JSON objects are equal (so key order and spacing
    in the file do not matter, but every key and value does).
    """
    for index in range(max(len(records), len(events))):
        logged = dict(records[index]) if index < len(records) else None
        replayed = events[index] if index < len(events) else None
        if logged is None or replayed is None:
            return Difference(index, logged, replayed, ())
        fresh = json.loads(event_line(replayed))
        if fresh != logged:
            return Difference(index, logged, replayed, _differing(logged, fresh))
    return None


def _differing(logged: Mapping[str, Any], fresh: Mapping[str, Any]) -> tuple[str, ...]:
    fields: list[str] = []
    for key in sorted(set(logged) | set(fresh)):
        old, new = logged.get(key), fresh.get(key)
        if old == new and (key in logged) == (key in fresh):
            continue
        if key == "payload" and isinstance(old, dict) and isinstance(new, dict):
            fields.extend(
                f"payload.{sub}"
                for sub in sorted(set(old) | set(new))
                if old.get(sub) != new.get(sub) or (sub in old) != (sub in new)
            )
        else:
            fields.append(key)
    return tuple(fields)
