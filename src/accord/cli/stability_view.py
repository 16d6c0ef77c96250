"""Rich report of a stability analysis: the table, equilibria, status quo, what-if, inverse."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from accord.conflict.stability import CONCEPTS, StabilityResult

LETTERS = {"nash": "R", "gmr": "G", "smr": "S", "seq": "Q"}
MAX_ROWS = 64


def _show(key: str) -> str:
    return key if key else "(none)"


def _keys(keys: Any) -> str:
    return ", ".join(_show(k) for k in keys) if keys else "none"


def print_stability(
    result: StabilityResult,
    status: Any,
    comparison: Any,
    inverse_result: Any,
    *,
    all_states: bool = False,
) -> None:
    """Print the stability table and everything derived from it."""
    console = Console()
    space = result.space
    equilibrium = {c: set(result.equilibria(c).tolist()) for c in CONCEPTS}
    rows = list(range(space.size))
    if not all_states and len(rows) > MAX_ROWS:
        rows = [i for i in rows if any(i in equilibrium[c] for c in CONCEPTS)]
    table = Table(
        title=f"Stability of {space.size} feasible states (R Nash, G GMR, S SMR, Q SEQ; · unstable)"
    )
    table.add_column("state (yes options)")
    for dm in result.dm_ids:
        table.add_column(dm, justify="center")
    table.add_column("equilibrium under")
    for i in rows:
        cells = []
        for d in range(len(result.dm_ids)):
            cells.append(" ".join(LETTERS[c] if result.stable[c][d, i] else "·" for c in CONCEPTS))
        eq = [c.upper() if c != "nash" else "Nash" for c in CONCEPTS if i in equilibrium[c]]
        table.add_row(_show(space.keys[i]), *cells, ", ".join(eq) or "-")
    console.print(table)
    if len(rows) < space.size:
        console.print(
            f"({space.size - len(rows)} states stable under no concept not shown; "
            "--all-states lists them)"
        )
    console.print("\n[bold]Equilibria[/bold]")
    for c in CONCEPTS:
        console.print(
            f"  {c.upper() if c != 'nash' else 'Nash'}: {_keys(result.equilibrium_keys(c))}"
        )
    for members, concepts in result.coalitions.items():
        console.print(f"\n[bold]Coalition {' + '.join(members)}[/bold]")
        for c, mask in concepts.items():
            stable = [space.keys[i] for i in range(space.size) if mask[i]]
            both = [k for k in stable if space.keys.index(k) in equilibrium["nash"]]
            console.print(
                f"  {c}: stable at {len(stable)} states; Nash equilibria also stable "
                f"for the coalition: {_keys(both)}"
            )
    if status is not None:
        console.print(f"\n[bold]From the status quo[/bold] {_show(status.status_quo)}")
        console.print(f"  reachable by unilateral improvements: {_keys(status.reachable)}")
        for key, path in status.paths.items():
            if path is None:
                console.print(f"  {_show(key)}: not reachable by unilateral improvements")
            elif not path:
                console.print(f"  {_show(key)}: the status quo itself")
            else:
                steps = "; ".join(f"{s.dm}: {_show(s.source)} -> {_show(s.target)}" for s in path)
                console.print(f"  {_show(key)}: {steps}")
    if comparison is not None:
        console.print("\n[bold]What if[/bold]")
        for c in CONCEPTS:
            name = c.upper() if c != "nash" else "Nash"
            console.print(
                f"  {name}: equilibria {_keys(comparison.after[c])}; "
                f"appear {_keys(comparison.appear(c))}; "
                f"vanish {_keys(comparison.vanish(c))}"
            )
    if inverse_result is not None:
        concept = inverse_result.concept.upper() if inverse_result.concept != "nash" else "Nash"
        console.print(
            f"\n[bold]To make {_show(inverse_result.state)} a {concept} equilibrium[/bold]"
        )
        for dm, keys in inverse_result.demote.items():
            if not keys:
                console.print(f"  {dm}: no change needed")
            else:
                note = "" if inverse_result.exact[dm] else " (greedy, may not be the fewest)"
                console.print(
                    f"  {dm} would have to like these no more than it: {_keys(keys)}{note}"
                )
