"""Smoke test of ``benchmarks/live_load.py``: a short load on a real ``accord serve``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "live_load.py"


def test_short_load_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    args = ["--seconds", "2", "--sessions", "3", "--parties-per-session", "3", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["parties"] == 9
    assert result["errors"] == 0
    assert result["lost_or_inconsistent"] == []
    assert result["acknowledged_writes"] > 0
    assert {"submit", "view", "propose"} <= set(result["by_kind"])
    assert 0 < result["p50_ms"] <= result["p99_ms"]
    assert "p99" in done.stdout


def test_a_short_sweep_on_postgresql(tmp_path: Path) -> None:
    from live import postgres_database

    out = tmp_path / "sweep.json"
    with postgres_database() as url:
        args = ["--seconds", "2", "--sweep", "1,2", "--parties-per-session", "2"]
        done = subprocess.run(
            [sys.executable, str(SCRIPT), *args, "--db", url, "--json", str(out)],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [r["sessions"] for r in results] == [1, 2]
    assert [r["clients"] for r in results] == [3, 6]
    for result in results:
        assert result["database"] == "postgresql"
        assert result["errors"] == 0
        assert result["lost_or_inconsistent"] == []
        assert result["acknowledged_writes"] > 0
    assert "sessions  clients  requests/s" in done.stdout
