"""``accord stability``: the work behind the command (load, analyse, print, plot)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from accord.cli.common import fail


def run_stability(
    file: Path,
    *,
    as_json: bool,
    plot: Path | None,
    what_if: list[str],
    compare_file: Path | None,
    inverse_state: str | None,
    inverse_concept: str,
    all_states: bool,
) -> None:
    """Analyse ``file``'s conflict section and print the report or JSON."""
    from accord.conflict import ConflictError, analyze_conflict
    from accord.conflict.inverse import inverse
    from accord.conflict.status_quo import status_quo_analysis
    from accord.conflict.whatif import apply_change, compare
    from accord.io.conflict import load_conflict
    from accord.io.errors import ScenarioError

    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    try:
        conflict = load_conflict(file)
        other = load_conflict(compare_file) if compare_file is not None else None
    except ScenarioError as error:
        fail(str(error))
    changed = conflict
    for change in what_if:
        try:
            changed = apply_change(changed, change)
            if other is None:
                analyze_conflict(changed)
        except ConflictError as error:
            fail(f"--what-if {change!r}: {error.problem}")
    if what_if and other is None:
        other = changed
    try:
        result = analyze_conflict(conflict)
        after = analyze_conflict(other) if other is not None else None
    except ConflictError as error:
        fail(f"{file}: conflict.{error.field}: {error.problem}")
    status = None
    if conflict.status_quo is not None:
        key = ",".join(sorted(conflict.status_quo))
        status = status_quo_analysis(result, result.space.keys.index(key))
    inverse_result = None
    if inverse_state is not None:
        normal = ",".join(sorted(p.strip() for p in inverse_state.split(",") if p.strip()))
        index = result.space.index_of_key(normal)
        if index < 0:
            fail(f"--inverse {inverse_state!r}: not a feasible state of {file}")
        inverse_result = inverse(result, index, inverse_concept)
    comparison = compare(result, after) if after is not None else None
    if as_json:
        data = _as_dict(result, status, comparison, inverse_result)
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from accord.cli.stability_view import print_stability

        print_stability(result, status, comparison, inverse_result, all_states=all_states)
    if plot is not None:
        try:
            from accord.cli.stability_plot import plot_graph
        except ImportError:
            fail("plotting needs matplotlib and networkx: pip install 'accord[plot]'")
        try:
            plot_graph(result, plot, status_quo=status.status_quo if status else None)
        except OSError as error:
            fail(f"--plot {plot}: cannot write the file ({error.strerror or error})")
        if not as_json:
            print(f"Graph written to {plot}")


def _as_dict(result: Any, status: Any, comparison: Any, inverse_result: Any) -> dict[str, Any]:
    from accord.conflict.stability import CONCEPTS

    data: dict[str, Any] = {
        "states": list(result.space.keys),
        "equilibria": {c: result.equilibrium_keys(c) for c in CONCEPTS},
        "stable": {dm: {c: result.stable_keys(dm, c) for c in CONCEPTS} for dm in result.dm_ids},
    }
    if result.coalitions:
        data["coalitions"] = [
            {
                "members": list(members),
                "stable": {
                    c: [result.space.keys[i] for i, ok in enumerate(mask) if ok]
                    for c, mask in concepts.items()
                },
            }
            for members, concepts in result.coalitions.items()
        ]
    if status is not None:
        data["status_quo"] = {
            "state": status.status_quo,
            "reachable": list(status.reachable),
            "paths": {
                key: None
                if path is None
                else [{"dm": s.dm, "from": s.source, "to": s.target} for s in path]
                for key, path in status.paths.items()
            },
        }
    if comparison is not None:
        data["what_if"] = {
            "equilibria": {c: list(v) for c, v in comparison.after.items()},
            "appear": {c: list(comparison.appear(c)) for c in CONCEPTS},
            "vanish": {c: list(comparison.vanish(c)) for c in CONCEPTS},
        }
    if inverse_result is not None:
        data["inverse"] = {
            "state": inverse_result.state,
            "concept": inverse_result.concept,
            "demote": {dm: list(v) for dm, v in inverse_result.demote.items()},
            "exact": inverse_result.exact,
        }
    return data
