"""Conflict stability (GMCR) benchmark: the vectorised analysis against a straightforward
per-state implementation, on random conflicts of 10, 15 and 20 options.

Each random conflict has 3-4 decision makers; options are grouped in mutually exclusive
pairs (a decision maker's two ways of doing something), which keeps 3^(m/2) states of the
2^m combinations, and preferences are option prioritisations of random statements. The
vectorised run analyses every state under Nash, GMR, SMR and SEQ. The per-state run
follows the definitions state by state (reachable sets by depth-first search); where it
would take too long it analyses a random sample of states and its time is extrapolated to
all states (marked "~"). The two agree on every state the per-state run analyses.

    python benchmarks/stability.py [--options 10,15,20] [--sample 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accord.conflict import analyze_conflict
from accord.conflict.model import Conflict, DecisionMaker, Rule, Statements
from accord.conflict.stability import CONCEPTS, StabilityResult


def random_conflict(n_options: int, n_dms: int, rng: np.random.Generator) -> Conflict:
    """Options o0..o{m-1} split among ``n_dms`` decision makers, paired as exclusive."""
    names = [f"o{j}" for j in range(n_options)]
    cuts = np.array_split(np.arange(n_options), n_dms)
    dms = tuple(DecisionMaker(f"d{d}", tuple(names[j] for j in cut)) for d, cut in enumerate(cuts))
    rules = []
    for dm in dms:
        for a in range(0, len(dm.options) - 1, 2):
            rules.append(Rule("mutually_exclusive", (dm.options[a], dm.options[a + 1])))
    prefs = {}
    for dm in dms:
        statements = []
        for _ in range(6):
            a, b = rng.choice(names, 2, replace=False)
            form = rng.integers(4)
            statements.append([f"{a}", f"not {a}", f"{a} and not {b}", f"{a} if {b}"][form])
        prefs[dm.id] = Statements(tuple(statements))
    return Conflict(dms, prefs, tuple(rules))  # type: ignore[arg-type]


def _reach(start: int, movers: list[dict[int, list[int]]]) -> set[int]:
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[int, int]] = [(start, -1)]
    while stack:
        state, last = stack.pop()
        for who, graph in enumerate(movers):
            if who != last:
                for nxt in graph.get(state, ()):
                    if (nxt, who) not in seen:
                        seen.add((nxt, who))
                        stack.append((nxt, who))
    return {s for s, _ in seen}


def per_state(result: StabilityResult, states: list[int]) -> dict[str, dict[str, set[int]]]:
    """Stability of ``states`` by the definitions, one state and one UI at a time."""
    dms = result.dm_ids
    u = {d: result.payoffs[d].tolist() for d in dms}
    graph: dict[str, dict[int, list[int]]] = {}
    for d in dms:
        g: dict[int, list[int]] = {}
        for s, t in zip(result.moves[d].src.tolist(), result.moves[d].dst.tolist(), strict=True):
            g.setdefault(s, []).append(t)
        graph[d] = g
    improving = {
        d: {s: [t for t in ts if u[d][t] > u[d][s]] for s, ts in graph[d].items()} for d in dms
    }
    out: dict[str, dict[str, set[int]]] = {c: {d: set() for d in dms} for c in CONCEPTS}
    for i in dms:
        others = [graph[d] for d in dms if d != i]
        others_ui = [improving[d] for d in dms if d != i]
        for s in states:
            ui = improving[i].get(s, [])
            if not ui:
                out["nash"][i].add(s)
            reach = {s1: _reach(s1, others) for s1 in ui}
            if all(any(u[i][x] <= u[i][s] for x in reach[s1]) for s1 in ui):
                out["gmr"][i].add(s)
            if all(
                any(
                    u[i][x] <= u[i][s] and all(u[i][y] <= u[i][s] for y in graph[i].get(x, ()))
                    for x in reach[s1]
                )
                for s1 in ui
            ):
                out["smr"][i].add(s)
            if all(any(u[i][x] <= u[i][s] for x in _reach(s1, others_ui)) for s1 in ui):
                out["seq"][i].add(s)
    return out


def run(n_options: int, n_dms: int, sample: int, seed: int) -> dict[str, object]:
    rng = np.random.default_rng(seed + n_options)
    conflict = random_conflict(n_options, n_dms, rng)
    start = time.perf_counter()
    result = analyze_conflict(conflict)
    vectorised = time.perf_counter() - start
    n = result.space.size
    states = (
        list(range(n)) if n <= sample else sorted(rng.choice(n, sample, replace=False).tolist())
    )
    start = time.perf_counter()
    naive = per_state(result, states)
    naive_time = (time.perf_counter() - start) * n / len(states)
    agree = all(
        (s in naive[c][d]) == bool(result.stable[c][k, s])
        for c in CONCEPTS
        for k, d in enumerate(result.dm_ids)
        for s in states
    )
    edges = sum(len(m) for m in result.moves.values())
    return {
        "options": n_options,
        "decision_makers": n_dms,
        "states": n,
        "moves": edges,
        "vectorised_s": vectorised,
        "per_state_s": naive_time,
        "extrapolated": len(states) < n,
        "ratio": naive_time / vectorised,
        "agree": agree,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", default="10,15,20", help="option counts to run")
    parser.add_argument("--sample", type=int, default=300, help="states the per-state run analyses")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)
    rows = []
    print(
        f"Conflict stability benchmark on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(
        f"{'options':>7} {'DMs':>4} {'states':>8} {'moves':>9} {'vectorised':>11} "
        f"{'per-state':>11} {'ratio':>8} agree"
    )
    for count in [int(x) for x in args.options.split(",")]:
        for n_dms in (3, 4):
            row = run(count, n_dms, args.sample, args.seed)
            rows.append(row)
            mark = "~" if row["extrapolated"] else " "
            print(
                f"{row['options']:>7} {row['decision_makers']:>4} {row['states']:>8,} "
                f"{row['moves']:>9,} {row['vectorised_s']:>10.3f}s "
                f"{mark}{row['per_state_s']:>9.2f}s {row['ratio']:>7.0f}x {row['agree']}"
            )
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0 if all(r["agree"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
