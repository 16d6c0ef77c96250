"""Reading GENIUS's shipped ``pareto.xml`` files and auditing them against a frontier."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from accord.io.genius.pareto import audit, read_pareto


def test_read_pareto_reads_pairs_and_refuses_garbage(tmp_path: Path) -> None:
    good = tmp_path / "pareto.xml"
    good.write_text("\n0.67824775, 1.0\n1.0, 0.5943503\n")
    assert read_pareto(good) is not None
    assert np.allclose(read_pareto(good), [[0.67824775, 1.0], [1.0, 0.5943503]])  # type: ignore[arg-type]
    bad = tmp_path / "bad.xml"
    bad.write_text("<pareto>x</pareto>")
    assert read_pareto(bad) is None
    assert read_pareto(tmp_path / "missing.xml") is None


def test_audit_counts_optimal_beaten_and_missing_points() -> None:
    frontier = np.array([[1.0, 0.5], [0.8, 0.8], [0.5, 1.0]])
    shipped = np.array([[1.0, 0.5], [0.75, 0.78], [0.5, 1.0 + 1e-8]])
    found = audit(shipped, frontier)
    assert (found.shipped, found.optimal, found.missing) == (3, 2, 1)
    assert abs(found.worst_margin - 0.02) < 1e-12  # (0.8, 0.8) beats it by 0.05 and 0.02
