"""Benchmark the copilot against the exact analysis, beside the other single-text mediators.

On the bilateral ANAC domains of ``../shared/genius`` (ANAC 2010, 2011, 2013; at
most ``--max-outcomes`` outcomes) and the multi-party examples, with both
parties played by the same time-dependent agent (Boulware, linear, Conceder)
whose every answer is flipped with probability ``--noise`` (seeded), this runs
the single negotiating text under each mediator:

* ``copilot``: learns each party's preferences from its answers (``accord.learning``);
* ``hill-climb`` and ``bisect``: Accord's vote-driven mediators;
* ``random-flip``: the random-flipping single text of Klein et al. (2003);
* ``oracle``: knows the parties' utilities and tables the true Nash package every round.
* ``informed`` (only when asked for): the copilot with a model that knows every party's
  issue weights and option values and learns only its concession schedule, exactly (a
  grid of schedules reweighted by Bayes' rule): how far answers can teach the schedule.

and measures, against the exact analysis (``accord.analysis.analyze``): the
agreement rate where a ZOPA exists; drafts tabled until agreement (median,
90th percentile); the Nash-product ratio of the agreement (its product of
gains over the reservation values, over that of the Nash package); its
distance to the Pareto frontier; for the copilot, the calibration of its
forecasts (Brier score and expected calibration error over 10 bins, each
party's forecast against that party's answer to the draft) and its model's
accuracy after 5, 10 and 20 answers of a party (Kendall's tau and Pearson's r
between the posterior mean utility and the true utility over every outcome, or
a seeded sample of 1,500 on larger spaces). It also reports, per agent, the
earliest round at which *any* package clears both parties' concession
thresholds (the bound the agents' own schedules put on how soon a deal can come).

Run ``python benchmarks/copilot.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import _cli as cli

REPO = Path(__file__).resolve().parents[1]
GENIUS = REPO.parent / "shared" / "genius" / "anac"
HELD_OUT = REPO.parent / "shared" / "genius" / "other"
YEARS = ("y2010", "y2011", "y2013")
EXAMPLES = ("plant-contract.yaml", "river-basin.yaml")
MEDIATORS = ("copilot", "hill-climb", "bisect", "random-flip", "oracle")
EXTRA_MEDIATORS = ("informed",)
"""Run only when named in ``--mediators``."""
SCHEDULES = {
    "reservation": np.linspace(0.0, 0.95, 96),
    "start": np.linspace(0.7, 1.0, 7),
    "exponent": np.geomspace(0.1, 10.0, 25),
}
"""The grid of concession schedules the ``informed`` mediator weighs (the copilot's prior
support, :mod:`accord.learning.particles`)."""
AGENTS = ("boulware", "linear", "conceder")
CHECKPOINTS = (5, 10, 20)
SAMPLE = 1500


@dataclass
class Run:
    """One negotiation's measures."""

    domain: str
    agents: str
    mediator: str
    seed: int
    zopa: bool
    agreement: bool
    drafts: int
    nash_ratio: float | None
    pareto_distance: float | None
    forecasts: list[tuple[float, int]] = field(default_factory=list)
    accuracy: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    earliest: int | None = None
    ceiling: float | None = None
    """The chance that a mediator knowing both parties' utilities reaches agreement
    (:func:`ceiling`)."""
    plan: list[list[int]] = field(default_factory=list)
    """:func:`best_plan`."""
    parties: int = 2
    """How many parties negotiate (the tables split bilateral cases from the others)."""


def domains(
    max_outcomes: int,
    limit: int | None,
    examples: bool,
    only: Sequence[str] = (),
    held_out: bool = False,
) -> list[tuple[str, Any]]:
    """(name, scenario) of every bilateral ANAC domain small enough, then the examples;
    with ``held_out``, the GENIUS domains outside ANAC (the calibration's fitting set) instead."""
    from accord.io import load_scenario
    from accord.io.genius import read_genius

    found: list[tuple[str, Any]] = []
    folders = [(HELD_OUT, "other")] if held_out else [(GENIUS / y, y[1:]) for y in YEARS]
    for root, label in folders:
        for folder in sorted(root.iterdir()) if root.is_dir() else []:
            try:
                scenario = read_genius(folder)
            except Exception:  # a domain Accord cannot read is not part of this benchmark
                continue
            bilateral = len(scenario.party_ids) == 2 or held_out
            if bilateral and scenario.space.size <= max_outcomes:
                found.append((f"{label}/{folder.name}", scenario))
    found = found[:limit] if limit is not None else found
    if examples and not held_out:
        found += [(name, load_scenario(REPO / "examples" / name)) for name in EXAMPLES]
    if only:
        found = [(n, s) for n, s in found if any(o in n for o in only)]
    return found


def noisy(name: str, noise: float) -> Any:
    """A factory of the named agent whose answers and votes flip with probability ``noise``."""
    from accord.agents.base import Agent, NegotiationState, Response
    from accord.agents.registry import resolve

    inner_cls = resolve(name)

    class Noisy(Agent):
        def __init__(self, view: Any, rng: np.random.Generator) -> None:
            super().__init__(view, rng)
            self.inner = inner_cls(view, np.random.default_rng(rng.integers(2**62)))

        def choose_offer(self, state: NegotiationState) -> int | None:
            return self.inner.propose(state)

        def choose_response(self, state: NegotiationState, offer: int) -> Response:
            answer = self.inner.respond(state, offer)
            if answer is not Response.REQUEST_TIME and self.rng.uniform() < noise:
                return Response.REJECT if answer is Response.ACCEPT else Response.ACCEPT
            return answer

        def prefer(self, state: NegotiationState, a: int, b: int) -> int:
            choice = self.inner.prefer(state, a, b)
            return (b if choice == a else a) if self.rng.uniform() < noise else choice

    Noisy.name = f"noisy-{name}"
    return Noisy


@contextmanager
def oracle(target: int) -> Iterator[None]:
    """Register, for the time of one run, a mediator that always tables ``target``."""
    from accord.protocols import drafting

    class Oracle(drafting.Drafter):
        name = "oracle"

        def first_draft(self, positions: Any) -> int:
            return target

        def concessions(self, draft: int, holdouts: Sequence[str]) -> list[int]:
            return []

        def redraft(self, draft: int, verdicts: Any, rounds_left: int) -> Any:
            return target
            yield  # a plan that asks nothing

    drafting.DRAFTERS["oracle"] = Oracle
    try:
        yield
    finally:
        drafting.DRAFTERS.pop("oracle", None)


def known_schedules(scenario: Any, party: str) -> Any:
    """Particles that hold ``party``'s true issue weights and option values, one per
    concession schedule of :data:`SCHEDULES` (reservation value at most the opening)."""
    from accord.learning.particles import Particles

    grid = np.meshgrid(*SCHEDULES.values(), indexing="ij")
    reservation, start, exponent = (g.ravel() for g in grid)
    keep = reservation <= start
    size = int(keep.sum())
    tables = scenario.preferences[party].utility_tables(scenario.space)
    gains = np.array([max(float(t.max()), 1e-12) for t in tables])
    raw = np.concatenate([t / g for t, g in zip(tables, gains, strict=True)])
    return Particles(
        np.tile(gains, (size, 1)),
        np.tile(raw, (size, 1)),
        reservation[keep],
        start[keep],
        exponent[keep],
        np.zeros((size, 0), dtype=bool),
    )


@contextmanager
def informed(scenario: Any) -> Iterator[None]:
    """Register, for the time of one run, the ``informed`` mediator: the copilot's proposal
    rule and answer model over :func:`known_schedules` (so linear-additive scenarios only;
    it knows no red line). The answers only reweight the grid (no moves, no resampling),
    so its posterior over the schedules is exact on the grid."""
    from accord.learning.copilot import Copilot
    from accord.learning.particles import LineCandidate, Particles, uninformed_density
    from accord.protocols import drafting
    from accord.protocols.copilot import CopilotDrafter

    class Known:
        def sample(self, party: str, count: int, rng: np.random.Generator) -> Particles:
            return known_schedules(scenario, party)  # type: ignore[no-any-return]

        def lines(self, party: str) -> tuple[LineCandidate, ...]:
            return ()

        def density(self, party: str) -> Any:
            return uninformed_density

    class Informed(CopilotDrafter):
        name = "informed"

        @classmethod
        def of(
            cls, session: Any, own: np.ndarray | None = None, *, bias: float = 0.0, probes: int
        ) -> CopilotDrafter:
            drafter = super().of(session, own, bias=bias, probes=probes)
            seed = np.random.SeedSequence(int(session.rng.integers(2**62)))
            size = known_schedules(scenario, session.parties[0]).size
            drafter.model = Copilot(
                scenario.space, session.parties, Known(), seed, particles=size, moves=0
            )
            return drafter

    drafting.DRAFTERS["informed"] = Informed
    try:
        yield
    finally:
        drafting.DRAFTERS.pop("informed", None)


@contextmanager
def watched(truth: np.ndarray, sample: np.ndarray, into: dict[int, list[tuple[float, float]]]):  # type: ignore[no-untyped-def]
    """Record the copilot's model accuracy when a party reaches each checkpoint of answers."""
    from accord.learning import copilot as module
    from accord.learning.calibration import kendall_tau, pearson

    original = module.Copilot.hear

    def hear(self: Any, party: str, answer: Any) -> None:
        original(self, party, answer)
        count = len(self.posteriors[party].answers)
        if count in CHECKPOINTS:
            column = list(self.parties).index(party)
            mean = self.posteriors[party].mean_utilities(sample)
            true = truth[sample, column]
            into.setdefault(count, []).append((kendall_tau(mean, true), pearson(mean, true)))

    module.Copilot.hear = hear  # type: ignore[method-assign]
    try:
        yield
    finally:
        module.Copilot.hear = original  # type: ignore[method-assign]


def earliest_round(
    scenario: Any,
    truth: np.ndarray,
    acceptable: np.ndarray,
    own: np.ndarray,
    agent: str,
    deadline: int,
) -> int | None:
    """First round at which some package acceptable to all clears every party's concession
    target (each agent concedes from the best package *it* may accept: ``own``, per party)."""
    from accord.agents.registry import resolve

    exponent = resolve(agent).exponent  # type: ignore[attr-defined]
    top = np.where(own, truth, -np.inf).max(axis=0)
    reservation = np.array([scenario.preferences[p].reservation for p in scenario.party_ids])
    for round_ in range(1, deadline + 1):
        t = round_ / deadline
        target = top - (top - reservation) * t ** (1.0 / exponent)
        if (acceptable & (truth >= target - 1e-9).all(axis=1)).any():
            return round_
    return None


def best_plan(views: Sequence[Any], agent: str, deadline: int, noise: float) -> np.ndarray:
    """Round by round, the package a mediator that knows every utility tables (the one
    most likely to be accepted by both, see :func:`ceiling`), and what each party makes of
    it: 0 it may not accept it (it always rejects), 1 it may but the package is below its
    concession target (it accepts only by a flipped answer), 2 it clears the target.
    Shape ``(rounds, parties)``."""
    from accord.agents.ladder import TOLERANCE, Ladder
    from accord.agents.registry import resolve

    exponent = resolve(agent).exponent  # type: ignore[attr-defined]
    plan = np.zeros((deadline, len(views)), dtype=np.int8)
    ladders = [Ladder.of(view) for view in views]
    if any(not len(ladder) for ladder in ladders):
        return plan
    for round_ in range(1, deadline + 1):
        t = round_ / deadline
        kinds = []
        for view, ladder in zip(views, ladders, strict=True):
            top = ladder.top
            mine = ladder.at_least(top - (top - view.reservation) * t ** (1.0 / exponent))
            clears = view.utilities >= view.utilities[mine] - TOLERANCE
            kinds.append(np.where(view.acceptable, np.where(clears, 2, 1), 0))
        stacked = np.stack(kinds)
        chance = np.prod(np.choose(stacked, [0.0, noise, 1.0 - noise]), axis=0)
        plan[round_ - 1] = stacked[:, int(np.argmax(chance))]
    return plan


def ceiling(plan: np.ndarray, noise: float) -> float:
    """The best chance of agreement any mediator has, even one that knows every utility.

    In round ``r`` a party accepts a package it may accept (no red line crossed,
    worth at least its reservation value) with probability ``1 - noise`` when the
    package clears its concession target and ``noise`` otherwise (its answer flipped);
    a package it may not accept it always rejects (a flipped accept of it is refused
    too). The parties' answers are flipped independently of each other and from round
    to round, and their targets depend on the round only, so the best a mediator can do
    is to table in each round the package most likely to be accepted by both
    (:func:`best_plan`), ``p_r = max_x prod_i P_i(x, r)``; it then agrees with
    probability ``1 - prod_r (1 - p_r)``.
    """
    chance = np.prod(np.choose(plan, [0.0, noise, 1.0 - noise]), axis=1)
    return float(1.0 - np.prod(1.0 - chance))


def shared_noise_share(
    plans: Sequence[tuple[str, np.ndarray]], noise: float, share: float, trials: int = 20000
) -> float:
    """P(a mediator that knows every utility and asks no votes agrees in at least ``share``
    of the cases), with the benchmark's own noise: each party's flips come from a generator
    seeded by the run's seed and the party's position alone, so on one domain the three
    agents draw the same flips round by round, and their cases pass or fail together.
    Monte Carlo over ``trials`` seeds; ``plans``: (domain, :func:`best_plan`) per case."""
    rng = np.random.default_rng(0)
    draws: dict[str, np.ndarray] = {}
    passed = np.zeros(trials)
    for domain, plan in plans:
        if domain not in draws:
            draws[domain] = rng.uniform(size=(trials, *plan.shape)) < noise
        flipped = draws[domain]
        accepts = (plan > 0) & ((plan == 2) != flipped)
        passed += accepts.all(axis=2).any(axis=1)
    needed = int(np.ceil(share * len(plans) - 1e-9))
    return float(np.mean(passed >= needed))


def at_least_share(chances: Sequence[float], share: float) -> float:
    """P(at least ``share`` of independent cases succeed), each with its chance
    (the Poisson-binomial distribution, by dynamic programming)."""
    counts = np.array([1.0])
    for p in chances:
        counts = np.concatenate([counts * (1.0 - p), [0.0]]) + np.concatenate([[0.0], counts * p])
    needed = int(np.ceil(share * len(chances) - 1e-9))
    return float(counts[needed:].sum())


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson 95% interval of a rate."""
    if trials == 0:
        return float("nan"), float("nan")
    rate = successes / trials
    centre = (rate + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * np.sqrt(rate * (1 - rate) / trials + z * z / (4 * trials * trials))
    return float(centre - half / (1 + z * z / trials)), float(centre + half / (1 + z * z / trials))


def negotiate(
    name: str, scenario: Any, agent: str, mediator: str, seed: int, args: argparse.Namespace
) -> Run:
    """One run, measured."""
    from accord.analysis import analyze
    from accord.analysis.evaluate import compile_scenario
    from accord.protocols.engine import build_views, simulate
    from accord.protocols.events import Kind

    analysis = analyze(scenario)
    views = build_views(scenario, args.deadline)
    truth = np.stack([views[p].utilities for p in scenario.party_ids], axis=1)
    own = np.stack([views[p].acceptable for p in scenario.party_ids], axis=1)
    acceptable = own.all(axis=1)
    del compile_scenario
    reservation = np.array(analysis.reservations)
    nash = analysis.solutions.nash
    factory = noisy(agent, args.noise)
    accuracy: dict[int, list[tuple[float, float]]] = {}
    rng = np.random.default_rng(seed)
    size = scenario.space.size
    sample = np.arange(size) if size <= SAMPLE else np.sort(rng.choice(size, SAMPLE, replace=False))
    target = nash.index if nash is not None else 0
    plan = best_plan([views[p] for p in scenario.party_ids], agent, args.deadline, args.noise)
    with oracle(target), informed(scenario), watched(truth, sample, accuracy):
        result = simulate(
            scenario,
            "single-text",
            dict.fromkeys(scenario.party_ids, factory),
            deadline=args.deadline,
            seed=seed,
            mediator=mediator,
        )
    drafts = [e for e in result.events if e.kind == Kind.PROPOSE and "draft" in e.payload]
    forecasts: list[tuple[float, int]] = []
    for k, draft in enumerate(result.events):
        if draft.kind != Kind.PROPOSE or "forecast" not in draft.payload:
            continue
        for party, p in draft.payload["forecast"].items():
            for later in result.events[k + 1 :]:
                if (
                    later.sender == party
                    and later.kind in (Kind.ACCEPT, Kind.REJECT)
                    and not later.payload.get("vote")
                ):
                    forecasts.append((float(p), int(later.kind == Kind.ACCEPT)))
                    break
    ratio = distance = None
    if result.agreement and result.outcome is not None and nash is not None:
        point = truth[result.outcome]
        best = float(np.prod(np.array(nash.utilities) - reservation))
        ratio = float(np.prod(point - reservation) / best) if best > 0 else 1.0
        frontier = np.asarray(analysis.frontier.utilities)
        distance = float(np.min(np.linalg.norm(frontier - point, axis=1)))
    return Run(
        name,
        agent,
        mediator,
        seed,
        analysis.zopa_size > 0,
        result.agreement,
        len(drafts),
        ratio,
        distance,
        forecasts,
        accuracy,
        earliest_round(scenario, truth, acceptable, own, agent, args.deadline),
        ceiling(plan, args.noise),
        plan.tolist(),
        len(scenario.party_ids),
    )


def summarise(runs: list[Run], mediator: str, bilateral: bool | None = None) -> dict[str, Any]:
    """The table row of one mediator (bilateral cases only, multi-party only, or all)."""
    from accord.learning.calibration import brier, calibration_error

    mine = [r for r in runs if r.mediator == mediator and r.zopa]
    if bilateral is not None:
        mine = [r for r in mine if (r.parties == 2) == bilateral]
    agreed = [r for r in mine if r.agreement]
    drafts = np.array([r.drafts for r in agreed]) if agreed else np.array([np.nan])
    ratios = [r.nash_ratio for r in agreed if r.nash_ratio is not None]
    distances = [r.pareto_distance for r in agreed if r.pareto_distance is not None]
    pairs = [f for r in mine for f in r.forecasts]
    low, high = wilson(len(agreed), len(mine))
    row: dict[str, Any] = {
        "mediator": mediator,
        "cases": len(mine),
        "agreement_rate": len(agreed) / len(mine) if mine else float("nan"),
        "agreement_low": low,
        "agreement_high": high,
        "drafts_median": float(np.median(drafts)),
        "drafts_p90": float(np.percentile(drafts, 90)),
        "nash_ratio_median": float(np.median(ratios)) if ratios else float("nan"),
        "pareto_distance_median": float(np.median(distances)) if distances else float("nan"),
    }
    if pairs:
        p, y = np.array([f[0] for f in pairs]), np.array([f[1] for f in pairs])
        row["brier"] = brier(p, y)
        row["ece"] = calibration_error(p, y)
    for n in CHECKPOINTS:
        values = [v for r in mine for v in r.accuracy.get(n, [])]
        if values:
            row[f"tau_{n}"] = float(np.nanmedian([v[0] for v in values]))
            row[f"r_{n}"] = float(np.nanmedian([v[1] for v in values]))
    return row


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-outcomes", type=int, default=3000)
    parser.add_argument("--limit", type=int, default=None, help="at most this many ANAC domains")
    parser.add_argument("--deadline", type=int, default=30)
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument(
        "--first-seed", type=int, default=1, help="seeds run from this one (held-out checks)"
    )
    parser.add_argument(
        "--domains", default="", help="comma-separated name fragments: only these domains"
    )
    parser.add_argument("--agents", default=",".join(AGENTS))
    parser.add_argument("--mediators", default=",".join(MEDIATORS))
    parser.add_argument("--no-examples", action="store_true")
    parser.add_argument(
        "--fit-calibration",
        action="store_true",
        help="fit the copilot's forecast recalibration to its raw forecasts on the seeds "
        "from --first-seed (use seeds you do not measure) and print it",
    )
    parser.add_argument(
        "--held-out-domains",
        action="store_true",
        help="the GENIUS domains outside ANAC (../shared/genius/other) instead of the "
        "benchmark's: an out-of-sample check, or with --fit-calibration the fitting set",
    )
    cli.add_json(parser)
    args = parser.parse_args(argv)
    if args.deadline < 1 or args.seeds < 1 or not 0 <= args.noise < 0.5:
        parser.error("--deadline and --seeds must be positive and --noise in [0, 0.5)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    cli.ensure_accord_importable()
    args = parse_args(argv)
    mediators = [m for m in args.mediators.split(",") if m]
    unknown = [m for m in mediators if m not in MEDIATORS + EXTRA_MEDIATORS]
    if unknown:
        print(f"unknown mediator(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    only = [d for d in args.domains.split(",") if d]
    if args.fit_calibration:
        return fit_calibration(args, only)
    cases = domains(
        args.max_outcomes, args.limit, not args.no_examples, only, args.held_out_domains
    )
    runs: list[Run] = []
    total = len(cases) * len(args.agents.split(",")) * len(mediators) * args.seeds
    for name, scenario in cases:
        for agent in args.agents.split(","):
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                for mediator in mediators:
                    runs.append(negotiate(name, scenario, agent, mediator, seed, args))
                    print(
                        f"\r{len(runs)}/{total} {name} {agent} {mediator}   ",
                        end="",
                        file=sys.stderr,
                    )
    print(file=sys.stderr)
    rows = [summarise(runs, m, bilateral=True) for m in mediators]
    multi = [summarise(runs, m, bilateral=False) for m in mediators]
    per_agent = {
        a: [summarise([r for r in runs if r.agents == a], m, True) for m in mediators]
        for a in args.agents.split(",")
    }
    earliest = {
        a: float(np.median([r.earliest for r in runs if r.agents == a and r.earliest]))
        for a in args.agents.split(",")
        if any(r.earliest for r in runs if r.agents == a)
    }
    print_table(rows, "Bilateral cases with a ZOPA")
    bound = print_ceiling(runs, mediators[0], args)
    print_table(multi, "Multi-party examples")
    for agent, agent_rows in per_agent.items():
        print_table(
            agent_rows,
            f"Bilateral, {agent} (median earliest feasible round "
            f"{earliest.get(agent, float('nan')):.0f} of {args.deadline})",
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "bilateral": rows,
                    "multi_party": multi,
                    "per_agent": per_agent,
                    "earliest_round": earliest,
                    "ceiling": bound,
                    "deadline": args.deadline,
                    "noise": args.noise,
                    "domains": [n for n, _ in cases],
                    "runs": [asdict(r) for r in runs],
                },
                indent=1,
                default=float,
            )
        )
    return 0


def fit_calibration(args: argparse.Namespace, only: Sequence[str]) -> int:
    """Run the copilot with raw forecasts and fit a Platt map to them."""
    from accord.learning import copilot as module
    from accord.learning.calibration import Platt, brier, calibration_error, fit_platt

    held_out = args.held_out_domains
    cases = domains(args.max_outcomes, args.limit, not args.no_examples, only, held_out)
    fitted, module.CALIBRATION = module.CALIBRATION, Platt()
    try:
        runs = [
            negotiate(name, scenario, agent, "copilot", seed, args)
            for name, scenario in cases
            for agent in args.agents.split(",")
            for seed in range(args.first_seed, args.first_seed + args.seeds)
        ]
    finally:
        module.CALIBRATION = fitted
    pairs = [f for r in runs for f in r.forecasts]
    p, y = np.array([f[0] for f in pairs]), np.array([f[1] for f in pairs])
    platt = fit_platt(p, y)
    print(
        f"domains: {', '.join(n for n, _ in cases)}; seeds {args.first_seed}.."
        f"{args.first_seed + args.seeds - 1}; {len(pairs)} forecasts"
    )
    print(f"raw:   Brier {brier(p, y):.4f}  ECE {calibration_error(p, y):.4f}")
    q = platt(p)
    print(f"Platt: Brier {brier(q, y):.4f}  ECE {calibration_error(q, y):.4f}  (in-sample)")
    print(f"CALIBRATION = Platt({platt.a:.4f}, {platt.b:.4f})")
    return 0


def bilateral_zopa(runs: list[Run], mediator: str) -> list[Run]:
    """The runs of ``mediator`` on bilateral cases with a ZOPA (the benchmark's headline)."""
    return [r for r in runs if r.mediator == mediator and r.zopa and r.parties == 2]


def print_ceiling(runs: list[Run], mediator: str, args: argparse.Namespace) -> dict[str, Any]:
    """Print and return the bound the agents' schedules and the answer noise put on agreement.

    Per case, :func:`ceiling`; the expected rate is their mean (the cases are the same on
    every seed, only the noise differs). The chance that a perfect mediator reaches 99% on
    one seed's cases is given twice: for independent cases (Poisson-binomial), and with
    the benchmark's shared flips (:func:`shared_noise_share`), also over all the seeds run.
    """
    cases = bilateral_zopa(runs, mediator)
    seeds = sorted({r.seed for r in cases})
    first = [r for r in cases if seeds and r.seed == seeds[0]]
    one = [r.ceiling or 0.0 for r in first]
    if not one:
        return {}
    late = sum(1 for r in first if (r.earliest or 0) >= args.deadline - 1)
    plans = [(r.domain, np.array(r.plan, dtype=np.int8)) for r in first]
    every = [(f"{d} {k}", plan) for k in range(len(seeds)) for d, plan in plans]
    bound = {
        "expected_rate": float(np.mean(one)),
        "cases": len(one),
        "expected_misses": float(np.sum(1.0 - np.array(one))),
        "p_at_least_99_independent": at_least_share(one, 0.99),
        "p_at_least_99_shared_noise": shared_noise_share(plans, args.noise, 0.99),
        "seeds": len(seeds),
        "p_at_least_99_over_seeds_shared_noise": shared_noise_share(every, args.noise, 0.99),
        "cases_feasible_only_in_last_two_rounds": late,
        "per_case": {f"{r.domain} {r.agents}": r.ceiling for r in first},
    }
    print(
        f"ceiling (a mediator that knows every utility, noise {args.noise}): expected "
        f"agreement {bound['expected_rate']:.1%} of {len(one)} cases "
        f"({bound['expected_misses']:.2f} expected misses; {late} cases feasible only in the "
        f"last two rounds); P(>= 99% of {len(one)} cases) = "
        f"{bound['p_at_least_99_independent']:.3f} if the cases' flips were independent, "
        f"{bound['p_at_least_99_shared_noise']:.3f} with the benchmark's flips (one stream per "
        f"seed and party, shared by the three agents on a domain); over {len(seeds)} seed(s): "
        f"{bound['p_at_least_99_over_seeds_shared_noise']:.3f}"
    )
    return bound


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    """A plain-text table, one mediator per line."""
    keys = (
        "cases",
        "agreement_rate",
        "agreement_low",
        "agreement_high",
        "drafts_median",
        "drafts_p90",
        "nash_ratio_median",
        "pareto_distance_median",
        "brier",
        "ece",
        "tau_5",
        "tau_10",
        "tau_20",
        "r_20",
    )
    print(f"\n{title}")
    print("mediator     " + " ".join(f"{k[:12]:>12}" for k in keys))
    for row in rows:
        cells = [row.get(k, float("nan")) for k in keys]
        print(f"{row['mediator']:<12} " + " ".join(f"{c:>12.3f}" for c in cells))


if __name__ == "__main__":
    raise SystemExit(main())
