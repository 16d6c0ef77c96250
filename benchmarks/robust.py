"""Benchmark ``accord robust``'s engine: sampled acceptance over samples x outcomes.

For random additive scenarios (``_scenarios.py``) of 10^4 .. 10^5 outcomes this
makes every party's preferences uncertain - each weight a clipped normal with
sd 20% of it, each option value a uniform range of +-0.1 around it, the
reservation value uniform in [0.3, 0.6] and one red line with probability 0.5 -
and measures, per case, the wall time and peak memory of
``accord.analysis.robust.robustness`` with 10^4 samples: every package's
acceptance probabilities, the ZOPA probability, the ten most robust packages and
the diagnosis of up to 1,000 samples without a ZOPA.

NegMAS has nothing comparable (it analyses one known utility function at a
time), so only Accord is measured. Every measurement runs in a fresh process
(see ``_measure.py``). Run ``python benchmarks/robust.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import _cli as cli
from _measure import Measurement, best_of, memory_limit_bytes, timed
from _scenarios import make_spec, to_accord
from _table import fmt_bytes, fmt_count, fmt_seconds, new_console, table


@dataclass
class Found:
    """What one run found."""

    p_zopa: float
    best: float
    n_without_zopa: int


def uncertain_scenario(n_outcomes: int, n_parties: int, seed: int) -> Any:
    """The random scenario with ranges on every number and a red line of probability 0.5."""
    from dataclasses import replace

    from accord.model.preferences import Condition, RedLine, RuleKind
    from accord.model.uncertainty import (
        Normal,
        UncertainDiscrete,
        UncertainPreferences,
        Uniform,
    )

    scenario = to_accord(make_spec(n_outcomes, n_parties, seed))
    first = scenario.issues[0]
    uncertainty = {}
    for k, party in enumerate(scenario.party_ids):
        prefs = scenario.preferences[party]
        line = RedLine("no-extreme", RuleKind.FORBID, Condition({first.id: frozenset({k % 2})}))
        point = replace(prefs, reservation=0.7, red_lines=(line,))
        weights = {i: Normal(w, 0.2 * w, 0.0, float("inf")) for i, w in prefs.weights.items()}
        values = {
            i: UncertainDiscrete(
                {o: Uniform(max(0.0, v - 0.1), min(1.0, v + 0.1)) for o, v in f.by_option.items()}  # type: ignore[union-attr]
            )
            for i, f in prefs.values.items()
        }
        uncertainty[party] = UncertainPreferences(
            point, weights, values, Uniform(0.55, 0.85), {"no-extreme": 0.5}
        )
    return replace(
        scenario,
        preferences={p: u.point for p, u in uncertainty.items()},
        uncertainty=uncertainty,
    )


def accord_task(n_outcomes: int, n_parties: int, n_samples: int, seed: int) -> Measurement[Found]:
    """Time ``robustness`` on one case."""
    import numpy as np

    from accord.analysis.robust import robustness

    scenario = uncertain_scenario(n_outcomes, n_parties, seed)
    profiles = [(p, scenario.uncertainty[p]) for p in scenario.party_ids]
    result, seconds, peak = timed(
        lambda: robustness(
            scenario.space,
            profiles,
            n_samples,
            np.random.default_rng(seed),
            max_outcomes=scenario.space.size,
        )
    )
    found = Found(result.p_zopa, result.best[0].p_all, result.n_without_zopa)
    return Measurement("ok", seconds, peak, found)


@dataclass
class Case:
    n_outcomes: int
    n_parties: int
    n_samples: int
    accord: Measurement[Found]

    def rate(self) -> float | None:
        """Sample-package pairs per second."""
        if not self.accord.ok or not self.accord.seconds:
            return None
        return self.n_outcomes * self.n_samples / self.accord.seconds


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=cli.parse_sizes, default=[10_000, 100_000], help="outcome counts"
    )
    parser.add_argument("--samples", type=cli.parse_ints, default=[10_000], help="sample counts")
    parser.add_argument("--parties", type=cli.parse_ints, default=[2], help="party counts")
    cli.add_seed(parser)
    cli.add_repeat(parser)
    cli.add_timeout(parser, 900.0)
    cli.add_memory_limit(parser)
    cli.add_json(parser)
    args = parser.parse_args(argv)
    cli.check_common(parser, args)
    if any(p < 2 for p in args.parties) or any(s < 1 for s in args.samples):
        parser.error("--parties must be at least 2 and --samples at least 1")
    return args


def run(args: argparse.Namespace, on_case: Callable[[Case], None]) -> list[Case]:
    memory_limit = memory_limit_bytes(args.memory_limit)
    cases = []
    for n_outcomes in args.sizes:
        for n_parties in args.parties:
            for n_samples in args.samples:
                key = (n_outcomes, n_parties, n_samples, args.seed)
                measured = best_of(accord_task, key, args.repeat, args.timeout, memory_limit)
                case = Case(n_outcomes, n_parties, n_samples, measured)
                cases.append(case)
                on_case(case)
    return cases


def render(cases: Sequence[Case]) -> Any:
    headers = ["outcomes", "parties", "samples", "time", "peak mem", "pairs/s", "P(ZOPA)"]
    out = table("Accord robustness(): samples x packages", headers)
    for case in cases:
        found = case.accord.result
        rate = case.rate()
        out.add_row(
            fmt_count(case.n_outcomes),
            str(case.n_parties),
            fmt_count(case.n_samples),
            fmt_seconds(case.accord),
            fmt_bytes(case.accord.peak_bytes),
            "—" if rate is None else f"{rate / 1e6:.0f} M",
            "—" if found is None else f"{found.p_zopa:.3f}",
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cli.ensure_accord_importable()
    console = new_console()
    _, versions = cli.negmas_versions(console, False)
    console.print(cli.header(args, versions))
    started = time.perf_counter()

    def progress(case: Case) -> None:
        console.print(
            f"[dim]{fmt_count(case.n_outcomes)} outcomes, {case.n_parties} parties, "
            f"{fmt_count(case.n_samples)} samples: {fmt_seconds(case.accord)}[/]"
        )

    cases = run(args, progress)
    total = time.perf_counter() - started
    console.print(render(cases))
    console.print(
        "Time = the whole robustness() call (sampling, acceptance counts, ten best packages, "
        "diagnosis of up to 1,000 samples without a ZOPA). Peak mem = growth of the "
        "process's peak RSS during the call, in a fresh process per measurement."
    )
    console.print(f"Total run time: {total:.0f} s")
    cli.write_json(
        args,
        versions,
        total,
        [
            {
                "n_outcomes": c.n_outcomes,
                "n_parties": c.n_parties,
                "n_samples": c.n_samples,
                "status": c.accord.status,
                "seconds": c.accord.seconds,
                "peak_bytes": c.accord.peak_bytes,
                "p_zopa": None if c.accord.result is None else c.accord.result.p_zopa,
            }
            for c in cases
        ],
    )
    return 0 if all(c.accord.ok for c in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
