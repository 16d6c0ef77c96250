"""Benchmark complete negotiations per second: Accord's protocols against NegMAS's SAO.

On one random additive scenario (10^4 outcomes and 2 parties by default, from
``_scenarios.py``) with a deadline of 100 rounds this measures, per row:

* Accord: every protocol registered in ``accord.protocols.registry.PROTOCOLS``
  when the script runs, with time-dependent agents (Boulware against Boulware,
  Conceder against Linear), each negotiation a full
  ``accord.protocols.engine.simulate`` call (private views, agents, the talks
  and the summary);
* NegMAS (optional, ``pip install -e '.[bench]'``): its stacked alternating
  offers protocol (``SAOMechanism`` with ``n_steps`` equal to the deadline) with
  its time-based negotiators of the same names, on the same utilities, each
  negotiation a new mechanism with new negotiators;

and reports negotiations per second, the agreement rate, how many agreements
fall in the ZOPA, the mean rounds and the mean utilities, and Accord's speed
over NegMAS's for the alternating-offers rows.

Each row runs in a fresh process (``_measure.py``): building the scenario and
one warm-up negotiation are not timed, then ``--runs`` negotiations run one
after another with seeds ``seed, seed + 1, ...``. Without ``--runs``, a short
calibration picks the number of runs that takes about ``--seconds`` per row.

Run ``python benchmarks/simulation.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

import _cli as cli
from _measure import Measurement, best_of, memory_limit_bytes, timed
from _scenarios import ScenarioSpec, make_spec, to_accord, to_negmas
from _table import MISSING, fmt_count, fmt_ratio, new_console, table

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

N_PARTIES = 2
"""The benchmark scenario is bilateral."""

PAIRS: tuple[tuple[str, str], ...] = (("boulware", "boulware"), ("conceder", "linear"))
"""Agent pairs, first party's agent first; each is run under every protocol."""

NEGMAS_AGENTS: Mapping[str, str] = {
    "boulware": "BoulwareTBNegotiator",
    "linear": "LinearTBNegotiator",
    "conceder": "ConcederTBNegotiator",
}
"""The ``negmas.sao`` negotiator that plays each Accord agent's part."""

ALTERNATING = "alternating"
"""The Accord protocol compared with NegMAS's SAO."""

CALIBRATION_SECONDS = 1.0
"""Longest calibration, when ``--runs`` is not given (at most a tenth of ``--seconds``)."""


# --------------------------------------------------------------------------- #
# Scenario
# --------------------------------------------------------------------------- #


def benchmark_spec(n_outcomes: int, seed: int) -> ScenarioSpec:
    """The random bilateral scenario every row negotiates over."""
    return make_spec(n_outcomes, N_PARTIES, seed)


def accord_scenario(spec: ScenarioSpec, reservation: float) -> Scenario:
    """The Accord scenario of ``spec`` with every party's reservation set to ``reservation``."""
    scenario = to_accord(spec)
    preferences = {
        party: dataclasses.replace(prefs, reservation=reservation)
        for party, prefs in scenario.preferences.items()
    }
    return dataclasses.replace(scenario, preferences=preferences)


def protocol_options(protocol: str, scenario: Scenario) -> tuple[dict[str, Any], str]:
    """Options that let ``protocol`` run on ``scenario``, and a note saying what they are.

    Blind bidding runs along one issue: the parties bid on the first issue with
    every other issue fixed at its option in the Nash bargaining package (a line
    through the point the analysis recommends). Other protocols run with their
    defaults.
    """
    if protocol != "blind-bid":
        return {}, ""
    from accord.analysis import analyze

    issue = scenario.space.issues[0].id
    nash = analyze(scenario).solutions.nash
    index = 0 if nash is None else nash.index
    package = scenario.space.outcome(index)
    fixed = {iid: option for iid, option in package.items() if iid != issue}
    where = "the Nash package" if nash is not None else "their first options"
    size = scenario.space.issues[0].size
    note = f"bids on {issue} ({size} options), the other issues fixed at {where}"
    return {"issue": issue, "fixed": fixed}, note


def outcome_index(spec: ScenarioSpec, labels: Sequence[Any]) -> int:
    """Outcome index of a NegMAS outcome (a tuple of option labels, first issue first)."""
    index = 0
    for j, label in enumerate(labels):
        index = index * spec.sizes[j] + spec.options(j).index(label)
    return index


# --------------------------------------------------------------------------- #
# Measurements (each runs in a child process)
# --------------------------------------------------------------------------- #


@dataclass
class Stats:
    """What the timed negotiations of one row produced."""

    runs: int
    agreements: int
    zopa_agreements: int
    """Agreements in the ZOPA: within every party's red lines and at or above its
    reservation value (Accord's evaluator decides, with its tolerance)."""
    mean_rounds: float
    mean_utilities: tuple[float, ...]
    """Per party, over all runs; a run without agreement counts the reservation value."""
    distinct_agreements: int
    """How many different outcomes were agreed on."""

    @property
    def agreement_rate(self) -> float:
        return self.agreements / self.runs if self.runs else 0.0


def run_count(one_run: Callable[[int], Any], seed: int, runs: int | None, budget: float) -> int:
    """``runs``, or when it is ``None`` the number of runs that takes about ``budget`` seconds.

    Calibrates by running negotiations (seeds from ``seed``) for at most
    :data:`CALIBRATION_SECONDS`; the caller has already run one as a warm-up.
    """
    if runs is not None:
        return runs
    window = min(CALIBRATION_SECONDS, budget / 10)
    count, start = 0, time.perf_counter()
    while True:
        one_run(seed + count)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= window:
            break
    return max(1, math.ceil(count / elapsed * budget))


def summarise(scenario: Scenario, outcomes: Sequence[int | None], rounds: Sequence[int]) -> Stats:
    """Agreement counts and means of one row; utilities come from Accord's evaluator."""
    from accord.analysis.evaluate import compile_scenario

    reservations = np.array([scenario.preferences[p].reservation for p in scenario.party_ids])
    agreed = np.array([o for o in outcomes if o is not None], dtype=np.int64)
    utilities = np.tile(reservations, (len(outcomes), 1))
    in_zopa = 0
    if agreed.size:
        # A violation mask of 0: every red line kept, every reservation value met.
        values, masks = compile_scenario(scenario).at(agreed)
        utilities[[o is not None for o in outcomes]] = values
        in_zopa = int(np.count_nonzero(masks == 0))
    return Stats(
        runs=len(outcomes),
        agreements=int(agreed.size),
        zopa_agreements=in_zopa,
        mean_rounds=float(np.mean(rounds)) if len(rounds) else 0.0,
        mean_utilities=tuple(float(u) for u in utilities.mean(axis=0)),
        distinct_agreements=int(np.unique(agreed).size),
    )


def accord_task(
    protocol: str,
    agents: tuple[str, str],
    n_outcomes: int,
    deadline: int,
    reservation: float,
    seed: int,
    runs: int | None,
    budget: float,
) -> Measurement[Stats]:
    """Time ``runs`` complete ``simulate`` calls of ``protocol`` with ``agents``."""
    from accord.protocols.engine import simulate

    spec = benchmark_spec(n_outcomes, seed)
    scenario = accord_scenario(spec, reservation)
    try:
        options, note = protocol_options(protocol, scenario)
    except ValueError as error:
        return Measurement(f"n/a ({error})")
    players = dict(zip(scenario.party_ids, agents, strict=True))

    def one_run(run_seed: int) -> Any:
        return simulate(scenario, protocol, players, deadline=deadline, seed=run_seed, **options)

    try:
        one_run(seed)  # warm-up; also checks that the protocol can run here
    except (ValueError, TypeError) as error:
        return Measurement(f"n/a ({error})")
    n = run_count(one_run, seed, runs, budget)

    def work() -> tuple[list[int | None], list[int]]:
        outcomes: list[int | None] = []
        rounds: list[int] = []
        for i in range(n):
            result = one_run(seed + i)
            outcomes.append(result.outcome)
            rounds.append(result.rounds)
        return outcomes, rounds

    (outcomes, rounds), seconds, peak = timed(work)
    extra: dict[str, Any] = {"options": _jsonable(options)}
    if note:
        extra["note"] = note
    return Measurement("ok", seconds, peak, summarise(scenario, outcomes, rounds), extra)


def negmas_task(
    agents: tuple[str, str],
    n_outcomes: int,
    deadline: int,
    reservation: float,
    seed: int,
    runs: int | None,
    budget: float,
) -> Measurement[Stats]:
    """Time ``runs`` complete NegMAS ``SAOMechanism`` negotiations with ``agents``."""
    import negmas.sao as sao

    spec = benchmark_spec(n_outcomes, seed)
    issues, ufuns = to_negmas(spec)
    for ufun in ufuns:
        ufun.reserved_value = reservation
    classes = [getattr(sao, NEGMAS_AGENTS[agent]) for agent in agents]
    names = spec.party_ids

    def one_run(run_seed: int) -> tuple[Any, int]:
        random.seed(run_seed)
        np.random.seed(run_seed % 2**32)
        mechanism = sao.SAOMechanism(issues=issues, n_steps=deadline)
        for cls, ufun, name in zip(classes, ufuns, names, strict=True):
            mechanism.add(cls(ufun=ufun, name=name))
        state = mechanism.run()
        return state.agreement, int(state.step)

    one_run(seed)  # warm-up
    n = run_count(one_run, seed, runs, budget)

    def work() -> list[tuple[Any, int]]:
        return [one_run(seed + i) for i in range(n)]

    played, seconds, peak = timed(work)
    scenario = accord_scenario(spec, reservation)
    outcomes = [
        None if agreement is None else outcome_index(spec, agreement) for agreement, _ in played
    ]
    stats = summarise(scenario, outcomes, [steps for _, steps in played])
    negotiators = [cls.__name__ for cls in classes]
    return Measurement("ok", seconds, peak, stats, {"negotiators": negotiators})


def _jsonable(value: Any) -> Any:
    """Options as plain JSON values."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


# --------------------------------------------------------------------------- #
# Driver
# --------------------------------------------------------------------------- #


@dataclass
class Row:
    """One row of the results table."""

    tool: str
    """``Accord`` or ``NegMAS``."""
    protocol: str
    agents: tuple[str, str]
    measurement: Measurement[Stats]
    baseline: Row | None = field(default=None, repr=False)
    """The NegMAS row an Accord alternating-offers row is compared with."""

    @property
    def rate(self) -> float | None:
        """Negotiations per second."""
        m = self.measurement
        if not m.ok or m.result is None or not m.seconds:
            return None
        return m.result.runs / m.seconds

    def ratio(self) -> float | None:
        """This row's negotiations per second over its NegMAS baseline's."""
        if self.baseline is None:
            return None
        mine, theirs = self.rate, self.baseline.rate
        return None if mine is None or theirs is None else mine / theirs


def parse_size(text: str) -> int:
    """One outcome count (``1e4``)."""
    sizes = cli.parse_sizes(text)
    if len(sizes) != 1:
        raise argparse.ArgumentTypeError("give one outcome count")
    return sizes[0]


def parse_names(text: str) -> list[str]:
    """Comma-separated names."""
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Complete negotiations per second: Accord's protocols against NegMAS's SAO.",
    )
    parser.add_argument(
        "--outcomes",
        type=parse_size,
        default=10_000,
        help="outcomes of the bilateral scenario (default: 1e4)",
    )
    parser.add_argument(
        "--deadline",
        type=int,
        default=100,
        help="deadline in rounds (NegMAS n_steps; default: 100)",
    )
    parser.add_argument(
        "--reservation",
        type=float,
        default=0.0,
        help="every party's reservation value, in [0, 1] (default: 0)",
    )
    parser.add_argument(
        "--protocols",
        type=parse_names,
        default=None,
        help="comma-separated Accord protocols (default: every registered protocol)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="negotiations per row (default: as many as take about --seconds)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=10.0,
        help="target time per row when --runs is not given (default: 10)",
    )
    cli.add_seed(parser)
    cli.add_repeat(parser)
    parser.add_argument("--no-negmas", action="store_true", help="measure Accord only")
    cli.add_timeout(parser)
    cli.add_memory_limit(parser)
    cli.add_json(parser)
    args = parser.parse_args(argv)
    cli.check_common(parser, args)
    if args.deadline < 1:
        parser.error("--deadline must be at least 1")
    if not 0.0 <= args.reservation <= 1.0:
        parser.error("--reservation must be in [0, 1]")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    return args


def registered_protocols() -> list[str]:
    """Every protocol in Accord's registry now, in registry order."""
    from accord.protocols.registry import PROTOCOLS

    return list(PROTOCOLS)


def run(args: argparse.Namespace, on_row: Callable[[Row], None]) -> list[Row]:
    """Measure NegMAS's rows (when wanted), then every Accord protocol with every pair."""
    memory_limit = memory_limit_bytes(args.memory_limit)
    common = (args.outcomes, args.deadline, args.reservation, args.seed, args.runs, args.seconds)

    def measure(task: Callable[..., Measurement[Stats]], *key: Any) -> Measurement[Stats]:
        return best_of(task, (*key, *common), args.repeat, args.timeout, memory_limit)

    rows: list[Row] = []
    baselines: dict[tuple[str, str], Row] = {}
    if not args.no_negmas:
        for pair in PAIRS:
            row = Row("NegMAS", "SAO", pair, measure(negmas_task, pair))
            baselines[pair] = row
            rows.append(row)
            on_row(row)
    for protocol in args.protocols or registered_protocols():
        for pair in PAIRS:
            baseline = baselines.get(pair) if protocol == ALTERNATING else None
            row = Row("Accord", protocol, pair, measure(accord_task, protocol, pair), baseline)
            rows.append(row)
            on_row(row)
    return rows


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #


def fmt_rate(rate: float | None) -> str:
    """Negotiations per second."""
    if rate is None:
        return MISSING
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:.1f}"


def fmt_status(m: Measurement[Any]) -> str:
    """A measurement's status where a number would go."""
    return m.status if len(m.status) <= 24 else m.status.split(" (", 1)[0]


def render(rows: Sequence[Row], with_negmas: bool) -> Any:
    headers = [
        "protocol",
        "agents",
        "runs",
        "negotiations/s",
        "agreements",
        "in ZOPA",
        "rounds",
        "utilities",
    ]
    if with_negmas:
        headers.append("Accord/NegMAS")
    title = "Complete negotiations per second"
    out = table(title, headers, left=["protocol", "agents", "utilities"])
    for row in rows:
        m, stats = row.measurement, row.measurement.result
        cells = [f"{row.tool} {row.protocol}", "–".join(row.agents)]
        if stats is None or m.seconds is None:
            cells += [MISSING, fmt_status(m)] + [MISSING] * 4
        else:
            cells += [
                f"{stats.runs:,}",
                fmt_rate(row.rate),
                f"{100 * stats.agreement_rate:.1f}%",
                f"{stats.zopa_agreements:,}/{stats.agreements:,}",
                f"{stats.mean_rounds:.1f}",
                ", ".join(f"{u:.3f}" for u in stats.mean_utilities),
            ]
        if with_negmas:
            cells.append(fmt_ratio(row.ratio()))
        out.add_row(*cells)
    return out


def _row_json(row: Row, args: argparse.Namespace) -> dict[str, Any]:
    m, stats = row.measurement, row.measurement.result
    record: dict[str, Any] = {
        "tool": row.tool,
        "protocol": row.protocol,
        "agents": list(row.agents),
        "n_outcomes": args.outcomes,
        "n_parties": N_PARTIES,
        "deadline": args.deadline,
        "reservation": args.reservation,
        "status": m.status,
        "seconds": m.seconds,
        "peak_bytes": m.peak_bytes,
        "negotiations_per_second": row.rate,
        "ratio_accord_over_negmas": row.ratio(),
        "extra": m.extra,
    }
    if stats is not None:
        record.update(dataclasses.asdict(stats))
        record["mean_utilities"] = list(stats.mean_utilities)
        record["agreement_rate"] = stats.agreement_rate
    return record


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cli.ensure_accord_importable()
    console = new_console()
    known = registered_protocols()
    unknown = [name for name in args.protocols or () if name not in known]
    if unknown:
        console.print(
            f"[red]Unknown protocol(s) {', '.join(unknown)}; known: {', '.join(known)}[/]"
        )
        return 2
    with_negmas, versions = cli.negmas_versions(console, not args.no_negmas)
    console.print(cli.header(args, versions))
    spec = benchmark_spec(args.outcomes, args.seed)
    runs = f"{args.runs} runs" if args.runs else f"about {args.seconds:g} s"
    console.print(
        f"[dim]Scenario: {fmt_count(args.outcomes)} outcomes ({spec.describe()}), "
        f"{N_PARTIES} parties, reservation {args.reservation:g}; deadline {args.deadline} "
        f"rounds; {runs} per row[/]"
    )

    started = time.perf_counter()

    def progress(row: Row) -> None:
        m = row.measurement
        if m.ok and m.result is not None:
            done = f"{m.result.runs} runs, {fmt_rate(row.rate)}/s"
        else:
            done = m.status
        console.print(f"[dim]{row.tool} {row.protocol}, {' vs '.join(row.agents)}: {done}[/]")

    args.no_negmas = not with_negmas
    rows = run(args, progress)
    total = time.perf_counter() - started

    console.print(render(rows, with_negmas))
    notes: list[str] = []
    seen: set[str] = set()
    for row in rows:
        m = row.measurement
        note = m.extra.get("note")
        if note and row.protocol not in seen:
            seen.add(row.protocol)
            notes.append(f"{row.protocol}: {note}")
        if not m.ok and m.status != fmt_status(m):
            notes.append(f"{row.tool} {row.protocol}, {' vs '.join(row.agents)}: {m.status}")
    outside = [
        row
        for row in rows
        if row.tool == "Accord"
        and row.measurement.result is not None
        and row.measurement.result.zopa_agreements < row.measurement.result.agreements
    ]
    for row in outside:
        stats = row.measurement.result
        assert stats is not None
        notes.append(
            f"[red]{row.protocol}, {' vs '.join(row.agents)}: "
            f"{stats.agreements - stats.zopa_agreements} agreement(s) outside the ZOPA[/]"
        )
    for note in notes:
        console.print(f"• {note}")
    console.print(
        "Each negotiation: Accord = simulate() (views, agents, talks, summary); NegMAS = a new "
        "SAOMechanism with two new negotiators, run to the end. Building the scenario and one "
        "warm-up negotiation per row are not timed. Rounds and utilities are means over the "
        "runs; a run without agreement counts each party's reservation value."
    )
    console.print(f"Total run time: {total:.0f} s")

    cli.write_json(args, versions, total, [_row_json(row, args) for row in rows])
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
