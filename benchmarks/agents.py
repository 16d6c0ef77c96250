"""Benchmark the ANAC agents: complete negotiations per second against Boulware.

On one ANAC 2011 domain (Grocery by default, read from the GENIUS files under
``--genius``), each ANAC agent in Accord's registry plays the first party
against ``boulware`` under the alternating-offers protocol, each negotiation a
full ``accord.protocols.engine.simulate`` call with seeds ``seed, seed + 1, ...``.
One warm-up negotiation is not timed. The table gives negotiations per second,
the agreement rate, the mean rounds and the ANAC agent's mean utility.

Run ``python benchmarks/agents.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import _cli as cli
from _table import machine, new_console, table

DEFAULT_GENIUS = Path(__file__).resolve().parents[2] / "shared" / "genius"
ANAC_MODULE = "accord.agents.anac."


@dataclass(frozen=True)
class Row:
    """One agent's measurement."""

    agent: str
    runs: int
    seconds: float
    negotiations_per_second: float
    agreement_rate: float
    mean_rounds: float
    mean_utility: float


def anac_agents() -> list[str]:
    """Names of the registered agents rebuilt from ANAC."""
    from accord.agents.registry import BUILTINS

    return [cls.name for cls in BUILTINS if cls.__module__.startswith(ANAC_MODULE)]


def load_domain(genius: Path, domain: str) -> Any:
    """The ANAC 2011 domain ``domain`` as an Accord scenario."""
    from accord.io.genius import read_genius

    return read_genius(genius / "anac" / "y2011" / domain)


def measure(scenario: Any, agent: str, runs: int, deadline: int, seed: int) -> Row:
    """``runs`` negotiations of ``agent`` (first party) against Boulware."""
    from accord.protocols.engine import simulate

    first, second = (a.id for a in scenario.parties[:2])
    agents = {first: agent, second: "boulware"}
    simulate(scenario, "alternating", agents, deadline=deadline, seed=seed)  # warm-up
    agreements, rounds, utility = 0, 0, 0.0
    start = time.perf_counter()
    for k in range(runs):
        result = simulate(scenario, "alternating", agents, deadline=deadline, seed=seed + k)
        last = result.events[-1]
        rounds += last.round
        if result.agreement:
            agreements += 1
        utility += float(result.utilities[first])
    seconds = time.perf_counter() - start
    return Row(agent, runs, seconds, runs / seconds, agreements / runs, rounds / runs,
               utility / runs)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--genius", type=Path, default=DEFAULT_GENIUS, help="GENIUS corpus root")
    parser.add_argument("--domain", default="Grocery", help="ANAC 2011 domain folder")
    parser.add_argument("--agents", default="", help="comma-separated agents (default: all ANAC)")
    parser.add_argument("--runs", type=int, default=10, help="negotiations per agent")
    parser.add_argument("--deadline", type=int, default=100, help="rounds per negotiation")
    cli.add_seed(parser)
    cli.add_json(parser)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.deadline < 1:
        parser.error("--runs and --deadline must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    cli.ensure_accord_importable()
    args = parse_args(argv)
    console = new_console()
    names = [a for a in args.agents.split(",") if a] or anac_agents()
    scenario = load_domain(args.genius, args.domain)
    console.print(
        f"[dim]{machine()}; {args.domain} ({scenario.space.size} outcomes); "
        f"deadline {args.deadline}; {args.runs} runs; seed {args.seed}[/]"
    )
    out = table(
        f"ANAC agents against Boulware on {args.domain}",
        ["agent", "negotiations/s", "agreements", "mean rounds", "mean utility"],
        left=["agent"],
    )
    rows = []
    began = time.perf_counter()
    for name in names:
        row = measure(scenario, name, args.runs, args.deadline, args.seed)
        rows.append(row)
        out.add_row(
            name, f"{row.negotiations_per_second:.1f}", f"{row.agreement_rate:.0%}",
            f"{row.mean_rounds:.1f}", f"{row.mean_utility:.3f}",
        )
    console.print(out)
    args.repeat, args.timeout = 1, 0.0
    cli.write_json(args, "", time.perf_counter() - began, [asdict(r) for r in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main())
