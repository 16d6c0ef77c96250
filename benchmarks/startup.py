"""Start-up time of ``accord`` commands against bare imports of its main libraries.

Runs, as whole processes and alternating so that machine load hits all alike:

* the baseline ``python -c "import numpy, yaml, pydantic"``;
* ``accord validate FILE`` and ``accord analyze FILE`` on a small scenario
  (``examples/plant-contract.yaml`` by default);

and prints the median wall time of each over ``--runs`` runs and the ratio of
each command to the baseline. The target is at most 1.5×: what a command does
not need (the GENIUS and GeniusWeb readers, the writers, Rich for a command
that does not print a report) is imported lazily.

``import pydantic`` alone is lazy and loads none of pydantic's model machinery, so
the benchmark also times a floor: the same imports plus typer and one pydantic
model built, which any typer program that validates a file with pydantic pays.
The last column gives each command's ratio to that floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from _table import machine, new_console, table

ROOT = Path(__file__).resolve().parents[1]
BASELINE = [sys.executable, "-c", "import numpy, yaml, pydantic"]
# ``import pydantic`` is lazy: it loads none of the model machinery that validating a file
# needs. The floor of any command-line program that validates with a pydantic model and
# parses its arguments with typer is this: the same imports, typer, and one model built.
FLOOR = [
    sys.executable,
    "-c",
    "import numpy, yaml, typer\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int",
]


def accord(*args: str) -> list[str]:
    """An ``accord`` command line in this Python environment."""
    script = Path(sys.executable).parent / "accord"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from accord.cli.app import main; main()", *args]


def wall(command: list[str]) -> float:
    """Wall time of one run of ``command`` (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands alternating run by run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache
        wall(command)
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (default 11)")
    parser.add_argument(
        "--file", type=Path, default=ROOT / "examples" / "plant-contract.yaml", help="scenario"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    commands = {
        "python -c 'import numpy, yaml, pydantic'": BASELINE,
        "floor: + typer, one pydantic model": FLOOR,
        "accord validate FILE": accord("validate", str(args.file)),
        "accord analyze FILE": accord("analyze", str(args.file)),
        "accord analyze FILE --json": accord("analyze", str(args.file), "--json"),
    }
    medians = measure(commands, args.runs)
    base = medians[next(iter(commands))]
    floor = medians["floor: + typer, one pydantic model"]
    console = new_console()
    console.print(f"[dim]{machine()}; median of {args.runs} runs[/]")
    out = table(
        "accord start-up",
        ["command", "median", "ratio to baseline", "ratio to floor"],
        left=["command"],
    )
    for name, seconds in medians.items():
        out.add_row(name, f"{seconds:.3f} s", f"{seconds / base:.2f}×", f"{seconds / floor:.2f}×")
    console.print(out)
    if args.json is not None:
        payload = {
            "machine": machine(),
            "runs": args.runs,
            "seconds": medians,
            "ratio": {name: s / base for name, s in medians.items()},
            "ratio_to_floor": {name: s / floor for name, s in medians.items()},
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
