"""Rankings: means per agent over its roles against an independent row-by-row count,
the no-agreement conventions, the metric's direction and the bootstrap intervals."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.tournament.scoring import Scoring, bootstrap_ci, rank, ranking_dict

AGENTS = ("boulware", "conceder", "linear")
UTILITY = st.sampled_from([0.1, 0.3, 0.6, 0.25, 0.5, 1.0, 0.0])


@st.composite
def tables(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows of a bilateral tournament (and some trilateral rows)."""
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        k = draw(st.sampled_from([2, 2, 3]))
        row: dict[str, Any] = {
            "agreement": draw(st.booleans()),
            "distance_nash": draw(st.one_of(st.none(), UTILITY)),
        }
        for i in range(1, 4):
            present = i <= k
            row[f"agent_{i}"] = draw(st.sampled_from(AGENTS)) if present else None
            for name in ("utility", "discounted", "model_tau", "model_pearson"):
                row[f"{name}_{i}"] = draw(UTILITY) if present else None
        rows.append(row)
    return rows


def as_columns(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for key in rows[0]:
        values = [r[key] for r in rows]
        if key.startswith("agent_"):
            out[key] = np.array(values, dtype=object)
        elif key == "agreement":
            out[key] = np.array(values, dtype=bool)
        else:
            out[key] = np.array([math.nan if v is None else v for v in values], dtype=float)
    return out


def oracle_means(rows: list[dict[str, Any]], column: str, zero: bool) -> dict[str, float]:
    """Each agent's mean score, one score per role it played, by walking the rows."""
    sums: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        for i in range(1, 4):
            agent = row[f"agent_{i}"]
            if agent is None:
                continue
            value = row[f"{column}_{i}"]
            sums[agent].append(0.0 if zero and not row["agreement"] else value)
    return {a: sum(v) / len(v) for a, v in sums.items()}


@settings(deadline=None, max_examples=60)
@given(rows=tables(), zero=st.booleans(), metric=st.sampled_from(["utility", "discounted"]))
def test_means_match_a_row_by_row_count(
    rows: list[dict[str, Any]], zero: bool, metric: str
) -> None:
    scoring = Scoring(
        metric=metric,
        no_agreement="zero" if zero else "reservation",  # type: ignore[arg-type]
        resamples=50,
    )
    ranking = rank(as_columns(rows), scoring, seed=3)
    expected = oracle_means(rows, metric, zero)
    assert {s.agent: s.score for s in ranking.standings}.keys() == expected.keys()
    for s in ranking.standings:
        assert math.isclose(s.score, expected[s.agent], abs_tol=1e-12)
        assert s.ci[0] - 1e-12 <= s.score <= s.ci[1] + 1e-12
    scores = [s.score for s in ranking.standings]
    assert scores == sorted(scores, reverse=True)
    assert ranking.runs == len(rows)


def test_agreement_rate_counts_each_role() -> None:
    rows = [
        {"agreement": True, "distance_nash": 0.1, "agent_1": "a", "agent_2": "a"},
        {"agreement": False, "distance_nash": 0.3, "agent_1": "a", "agent_2": "b"},
    ]
    for row in rows:
        for i in (1, 2):
            row.update(
                {
                    f"utility_{i}": 0.5,
                    f"discounted_{i}": 0.5,
                    f"model_tau_{i}": None,
                    f"model_pearson_{i}": None,
                }
            )
    ranking = rank(as_columns(rows), Scoring(metric="nash_distance", resamples=10), seed=0)
    by_agent = {s.agent: s for s in ranking.standings}
    assert by_agent["a"].agreement_rate == 2 / 3
    assert by_agent["b"].agreement_rate == 0.0
    assert by_agent["a"].negotiations == 3
    # lower Nash distance ranks first
    assert [s.agent for s in ranking.standings] == ["a", "b"]
    assert math.isnan(by_agent["a"].model_tau)
    document = ranking_dict(ranking)
    assert document["runs"] == 2
    assert document["ranking"][0]["model_tau"] is None  # type: ignore[index]


def test_bootstrap_is_seeded_and_narrows_with_more_data() -> None:
    values = np.array([0.1, 0.3, 0.6, 0.3, 0.5, 1.0, 0.25, 0.0] * 4)
    a = bootstrap_ci(values, np.random.default_rng(5), 500, 0.95)
    b = bootstrap_ci(values, np.random.default_rng(5), 500, 0.95)
    assert a == b
    wide = bootstrap_ci(values[:8], np.random.default_rng(5), 500, 0.95)
    assert wide[1] - wide[0] > a[1] - a[0]
    assert bootstrap_ci(np.array([0.3]), np.random.default_rng(0), 100, 0.9) == (0.3, 0.3)
    assert all(math.isnan(v) for v in bootstrap_ci(np.array([]), np.random.default_rng(0), 9, 0.9))


def test_an_agents_interval_does_not_depend_on_the_other_agents() -> None:
    row = {
        "agreement": True,
        "distance_nash": 0.1,
        "agent_1": "a",
        "agent_2": "b",
        "utility_1": 0.6,
        "utility_2": 0.3,
        "discounted_1": 0.6,
        "discounted_2": 0.3,
        "model_tau_1": None,
        "model_tau_2": None,
        "model_pearson_1": None,
        "model_pearson_2": None,
    }
    other = {**row, "agreement": False, "utility_1": 0.1, "agent_2": "c"}
    rows = [row, other, row]
    alone = rank(as_columns(rows), Scoring(resamples=200), seed=1)
    more = rank(
        as_columns([*rows, {**row, "agent_1": "d", "agent_2": "c"}]), Scoring(resamples=200), seed=1
    )
    a1 = next(s for s in alone.standings if s.agent == "a")
    a2 = next(s for s in more.standings if s.agent == "a")
    assert a1.ci == a2.ci
