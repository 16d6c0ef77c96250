"""A GENIUS-style domain written as GENIUS XML files, for benchmarks on real-shaped data.

The shape is that of ANAC 2016 domains: integer issues (``lowerbound`` 1 to
``upperbound`` 7 by default) valued by every party through GENIUS's linear
integer evaluator ``clamp(offset + slope * (x - lowerbound), 0, 1)`` with
decimal slopes such as -0.15 and 0.1, decimal weights summing to 1 and a
decimal reservation value. Utilities are then sums of products of decimals,
with the float noise and the many ties of real domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SLOPES = (-0.25, -0.15, -0.1, -0.05, 0.05, 0.1, 0.15, 0.2)
OFFSETS = (0.0, 0.1, 0.25, 0.4, 0.6, 0.75, 0.9, 1.0, 1.0, 1.25)
RESERVATIONS = (0.0, 0.25, 0.3, 0.4, 0.45)


def decimal_weights(rng: np.random.Generator, n: int) -> list[float]:
    """``n`` weights in hundredths, each at least 0.02, summing to exactly 1 in decimal."""
    raw = rng.integers(1, 10, size=n).astype(float)
    cents = np.maximum(2, np.floor(raw / raw.sum() * 100)).astype(int)
    cents[int(np.argmax(cents))] += 100 - int(cents.sum())
    return [int(c) / 100 for c in cents]


@dataclass(frozen=True)
class Party:
    """One GENIUS profile: per issue a weight and a linear evaluator, and a reservation."""

    weights: tuple[float, ...]
    slopes: tuple[float, ...]
    offsets: tuple[float, ...]
    reservation: float

    def evaluation(self, issue: int, x: int, low: int = 1) -> float:
        """GENIUS's ``EvaluatorInteger``: ``clamp(offset + slope * (x - low), 0, 1)``."""
        return min(1.0, max(0.0, self.slopes[issue] * (x - low) + self.offsets[issue]))


def make_parties(n_issues: int = 8, n_parties: int = 3, seed: int = 0) -> tuple[Party, ...]:
    """Random profiles of decimal weights, slopes, offsets and reservations."""
    rng = np.random.default_rng(seed)
    parties = []
    for _ in range(n_parties):
        weights = decimal_weights(rng, n_issues)
        slopes = [float(rng.choice(SLOPES)) for _ in range(n_issues)]
        offsets = [float(rng.choice(OFFSETS)) for _ in range(n_issues)]
        parties.append(
            Party(tuple(weights), tuple(slopes), tuple(offsets), float(rng.choice(RESERVATIONS)))
        )
    return tuple(parties)


def write_domain(
    folder: Path, *, n_issues: int = 8, n_values: int = 7, n_parties: int = 3, seed: int = 0
) -> Path:
    """Write ``domain.xml`` and ``profile-1.xml`` .. ``profile-N.xml`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    issues = [
        f'    <issue index="{i + 1}" etype="integer" type="integer" vtype="integer" '
        f'name="issue{i + 1}" lowerbound="1" upperbound="{n_values}"/>'
        for i in range(n_issues)
    ]
    (folder / "domain.xml").write_text(
        "<negotiation_template>\n"
        f'  <utility_space number_of_issues="{n_issues}">\n'
        '   <objective index="0" etype="objective" type="objective" name="benchmark">\n'
        + "\n".join(issues)
        + "\n   </objective>\n  </utility_space>\n</negotiation_template>\n"
    )
    for number, party in enumerate(make_parties(n_issues, n_parties, seed), start=1):
        lines = []
        for i in range(n_issues):
            lines += [
                f'    <issue index="{i + 1}" etype="integer" type="integer" vtype="integer" '
                f'name="issue{i + 1}" lowerbound="1" upperbound="{n_values}">',
                f'      <evaluator ftype="linear" slope="{party.slopes[i]}" '
                f'offset="{party.offsets[i]}"/>',
                "    </issue>",
                f'    <weight index="{i + 1}" value="{party.weights[i]}"/>',
            ]
        (folder / f"profile-{number}.xml").write_text(
            "<utility_space>\n"
            '  <objective index="0" etype="objective" type="objective" name="benchmark">\n'
            + "\n".join(lines)
            + "\n  </objective>\n"
            f'  <reservation value="{party.reservation}"/>\n'
            "</utility_space>\n"
        )
    return folder
