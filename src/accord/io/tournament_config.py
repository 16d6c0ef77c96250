"""Read a tournament configuration (YAML): check it, load its scenarios and build the
plan's :class:`~accord.tournament.plan.TournamentSpec`.

Like scenario files, a configuration is untrusted: it is parsed with ``yaml.safe_load``,
checked against pydantic models, and every problem becomes a
:class:`~accord.io.errors.ScenarioError` of one paragraph naming the file and the field
(``scenarios[2]``, ``agents[0].params``, ``scoring.metric``). The format is described in
``docs/tournaments.md``.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from accord.io.errors import ScenarioError, brief
from accord.tournament.plan import Player, ProtocolEntry, ScenarioEntry, TournamentSpec
from accord.tournament.scoring import Scoring

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration larger than this is refused unread."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class AgentModel(_Strict):
    name: str = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    label: str | None = Field(default=None, min_length=1)


class ProtocolModel(_Strict):
    name: str = Field(min_length=1)
    options: dict[str, Any] = Field(default_factory=dict)


class ScoringModel(_Strict):
    metric: Literal["utility", "discounted", "agreement", "nash_distance"] = "utility"
    no_agreement: Literal["reservation", "zero"] = "reservation"
    confidence: float = Field(default=0.95, gt=0, lt=1)
    resamples: int = Field(default=1000, ge=0, le=100_000)


class ConfigModel(_Strict):
    scenarios: list[str] = Field(min_length=1)
    protocols: list[str | ProtocolModel] = Field(default_factory=lambda: ["alternating"])  # type: ignore[arg-type]
    agents: list[str | AgentModel] = Field(min_length=1)
    repetitions: int = Field(default=1, ge=1, le=1_000_000)
    seed: int = Field(default=0, ge=0, lt=2**63)
    deadline: int = Field(default=100, ge=1, le=10_000_000)
    self_play: bool = True
    time_limit: float | None = Field(default=60.0, gt=0)
    max_outcomes: int = Field(default=2_000_000, ge=1)
    scoring: ScoringModel = Field(default_factory=ScoringModel)


@dataclass(frozen=True)
class TournamentConfig:
    """A checked configuration: the plan's spec, the loaded scenarios and how to score."""

    source: Path
    spec: TournamentSpec
    scenarios: Mapping[str, Scenario]
    """Scenarios by label (their path relative to the configuration's folder)."""
    scoring: Scoring
    time_limit: float | None
    max_outcomes: int


def _where(loc: Sequence[int | str]) -> str:
    """A pydantic location as a field path: ``agents[1].params``."""
    path = ""
    for element in loc:
        if isinstance(element, int):
            path += f"[{element}]"
        elif element in ("str", "ProtocolModel", "AgentModel") or "[" in str(element):
            continue  # the branch of a union pydantic tried
        else:
            path += f".{element}" if path else str(element)
    return path


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for item in error.errors(include_url=False):
        where = _where(item.get("loc", ()))
        message = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
        if item.get("type") == "extra_forbidden":
            message = "unknown key"
        elif item.get("type") == "missing":
            message = "required but missing"
        else:
            message = f"{message[:1].lower()}{message[1:]} (got {brief(item.get('input'))})"
        seen.setdefault(where, message)
    return list(seen.items())


def _parse(path: Path) -> ConfigModel:
    """Read and check the file against :class:`ConfigModel`."""
    import yaml

    source = str(path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ScenarioError(source, "", f"is larger than {MAX_CONFIG_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(source, "", "no such file") from None
    except IsADirectoryError:
        raise ScenarioError(source, "", "is a folder, not a configuration file") from None
    except UnicodeDecodeError:
        raise ScenarioError(source, "", "is not UTF-8 text") from None
    except OSError as error:
        raise ScenarioError(source, "", f"cannot be read ({error.strerror or error})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(source, "", f"invalid YAML{where}: {error.problem}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise ScenarioError(source, "", f"invalid YAML: {type(error).__name__}") from None
    if not isinstance(data, dict):
        raise ScenarioError(source, "", "expected a mapping of settings (scenarios:, agents:, ...)")
    try:
        return ConfigModel.model_validate(data)
    except ValidationError as error:
        raise ScenarioError.from_problems(source, _problems(error)) from None


def digest(path: Path) -> str:
    """SHA-256 of a file, or of every file under a folder (names and contents)."""
    hasher = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        hasher.update(str(file.relative_to(path.parent if path.is_file() else path)).encode())
        hasher.update(b"\0")
        hasher.update(file.read_bytes())
    return hasher.hexdigest()[:16]


def _scenario_paths(source: Path, entries: Sequence[str]) -> list[tuple[str, Path]]:
    """Every scenario the entries name, as ``(field, path)``: a file, a domain folder, or
    a folder searched for domains and scenario files (as ``accord corpus`` does)."""
    from accord.io.corpus import find_domains

    found: list[tuple[str, Path]] = []
    for i, entry in enumerate(entries):
        field = f"scenarios[{i}]"
        path = (source.parent / entry).resolve()
        if not path.exists():
            raise ScenarioError(str(source), field, f"{entry!r}: no such file or folder")
        if path.is_file():
            found.append((field, path))
            continue
        domains = find_domains(path)
        if not domains:
            raise ScenarioError(str(source), field, f"{entry!r}: no scenario or domain in it")
        found.extend((field, domain) for domain, _ in domains)
    return found


def _label(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_scenarios(
    source: Path, entries: Sequence[str], max_outcomes: int
) -> tuple[list[ScenarioEntry], dict[str, Scenario]]:
    from accord.io.formats import load_any

    listed: list[ScenarioEntry] = []
    loaded: dict[str, Scenario] = {}
    for field, path in _scenario_paths(source, entries):
        label = _label(path, source.parent)
        if label in loaded:
            continue
        try:
            scenario = load_any(path)
        except ScenarioError as error:
            raise ScenarioError(str(source), field, f"cannot be loaded: {error}") from None
        if len(scenario.parties) < 2:
            raise ScenarioError(str(source), field, f"{label}: needs at least two parties")
        if scenario.space.size > max_outcomes:
            raise ScenarioError(
                str(source),
                field,
                f"{label} has {scenario.space.size:,} outcomes, more than max_outcomes "
                f"({max_outcomes:,}); raise max_outcomes to run it",
            )
        loaded[label] = scenario
        listed.append(ScenarioEntry(label, scenario.party_ids, digest(path)))
    return listed, loaded


def _players(source: Path, entries: Sequence[str | AgentModel]) -> tuple[Player, ...]:
    from accord.agents.registry import AGENTS, resolve

    players: list[Player] = []
    for i, entry in enumerate(entries):
        model = AgentModel(name=entry) if isinstance(entry, str) else entry
        field = f"agents[{i}]"
        try:
            cls = resolve(model.name)
        except Exception as error:  # an import path may fail in any way
            reason = error.args[0] if isinstance(error, KeyError) and error.args else error
            raise ScenarioError(
                str(source),
                f"{field}.name" if not isinstance(entry, str) else field,
                f"{reason}"
                if isinstance(error, KeyError)
                else f"cannot load agent {model.name!r} ({reason}); built-in: {', '.join(AGENTS)}",
            ) from None
        try:
            inspect.signature(cls).bind(None, None, **model.params)
        except TypeError as error:
            raise ScenarioError(
                str(source), f"{field}.params", f"agent {model.name!r} refuses them: {error}"
            ) from None
        players.append(Player(model.name, dict(model.params), model.label or ""))
    titles = [p.title for p in players]
    settings = [repr(p.settings()) for p in players]
    for i, player in enumerate(players):
        if titles.index(player.title) != i or settings.index(settings[i]) != i:
            raise ScenarioError(
                str(source),
                f"agents[{i}]",
                f"{player.title!r} is entered twice; give each entry its own label "
                "and different parameters",
            )
    return tuple(players)


def _protocols(source: Path, entries: Sequence[str | ProtocolModel]) -> tuple[ProtocolEntry, ...]:
    from accord.protocols.registry import PROTOCOLS, resolve

    out: list[ProtocolEntry] = []
    for i, entry in enumerate(entries):
        model = ProtocolModel(name=entry) if isinstance(entry, str) else entry
        field = f"protocols[{i}]"
        if model.name not in PROTOCOLS:
            raise ScenarioError(
                str(source),
                field,
                f"unknown protocol {model.name!r}; the protocols are: {', '.join(PROTOCOLS)}",
            )
        try:
            resolve(model.name, **model.options)
        except (TypeError, ValueError) as error:
            raise ScenarioError(
                str(source), f"{field}.options", f"the {model.name} protocol refuses them: {error}"
            ) from None
        out.append(ProtocolEntry(model.name, dict(model.options)))
    return tuple(out)


def load_config(path: Path) -> TournamentConfig:
    """Read, check and load a tournament configuration; raises only :class:`ScenarioError`."""
    model = _parse(path)
    players = _players(path, model.agents)
    protocols = _protocols(path, model.protocols)
    listed, loaded = _load_scenarios(path, model.scenarios, model.max_outcomes)
    if not model.self_play and len(players) < max(len(s.parties) for s in listed):
        raise ScenarioError(
            str(path), "agents", "without self_play there must be an agent for every role"
        )
    spec = TournamentSpec(
        scenarios=tuple(listed),
        protocols=protocols,
        players=players,
        repetitions=model.repetitions,
        seed=model.seed,
        deadline=model.deadline,
        self_play=model.self_play,
    )
    scoring = Scoring(**model.scoring.model_dump())
    return TournamentConfig(path, spec, loaded, scoring, model.time_limit, model.max_outcomes)
