"""Accord and NegMAS on the same GENIUS domains: equal where the definitions are equal.

NegMAS 0.16 reads GENIUS profiles differently from GENIUS itself: it keeps the
item evaluations as written instead of dividing them by the issue's largest one
(so ItexvsCypress utilities reach about 30 while reservation values stay on the
0-1 scale), and its Nash point measures gains from each party's reservation
value or, when that is below every outcome, from its worst outcome. Accord
follows GENIUS. The tests assert what must agree under the same definitions and
report (print) how the native NegMAS answers differ, with the reason.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis import analyze
from accord.analysis.evaluate import evaluate_outcomes
from accord.io.genius import read_genius
from genius_oracle import CORPUS, read_domain

negmas_inout = pytest.importorskip("negmas.inout")
ops = pytest.importorskip("negmas.preferences.ops")

if not CORPUS.is_dir():
    pytest.skip(f"the GENIUS corpus is absent (looked for {CORPUS})", allow_module_level=True)

DOMAINS = [
    "anac/y2010/ItexvsCypress",
    "anac/y2011/IS_BT_Acquisition",
    "anac/y2013/Coffee",
    "anac/y2013/DefensiveCharms",
]


@pytest.mark.filterwarnings("ignore:Passing outcomes and issues")
@pytest.mark.parametrize("rel", DOMAINS)
def test_accord_and_negmas_agree_under_the_same_definitions(
    rel: str, record_property: pytest.RecordProperty
) -> None:
    folder = CORPUS / rel
    domain = read_domain(folder)
    s = read_genius(folder)
    theirs = negmas_inout.Scenario.from_genius_folder(folder, ignore_discount=True)
    by_file = {u.name: u for u in theirs.ufuns}
    ufuns = [by_file[p.path.stem] for p in domain.profiles]  # in Accord's party order

    # The same outcomes, numbered the same way.
    outcomes = list(theirs.outcome_space.enumerate_or_sample())
    assert len(outcomes) == s.space.size
    for index in (0, len(outcomes) // 3, len(outcomes) - 1):
        assert tuple(s.space.outcome(index).values()) == tuple(outcomes[index])

    # NegMAS keeps raw evaluations; Accord divides them by the issue maximum (GENIUS).
    digits = domain.all_digits()
    native = np.array([[float(u(o)) for u in ufuns] for o in outcomes])
    raw = np.column_stack([p.raw_utilities(digits) for p in domain.profiles])
    assert np.allclose(native, raw, atol=1e-9)
    ours = evaluate_outcomes(s, np.arange(s.space.size))[0]
    assert np.allclose(ours, domain.utilities(digits), atol=1e-12)
    assert [u.reserved_value for u in ufuns] == [
        s.preferences[pid].reservation for pid in s.party_ids
    ]

    # Same utilities, same definitions: NegMAS's frontier and Nash agree with Accord's.
    result = analyze(s)
    ours_front = {tuple(row) for row in result.frontier.utilities}
    theirs_front = {tuple(ours[i]) for i in ops.pareto_frontier_numpy(ours, sort_by_welfare=False)}
    assert theirs_front == ours_front
    reservations = np.array([s.preferences[pid].reservation for pid in s.party_ids])
    zopa = [tuple(row) for row in result.frontier.utilities[result.frontier.in_zopa]]
    ranges = [(r, float(ours[:, k].max())) for k, r in enumerate(reservations)]
    picked = ops.nash_points(None, zopa, ranges=ranges)
    assert result.solutions.nash is not None
    assert np.allclose(picked[0][0], result.solutions.nash.utilities, atol=1e-12)

    # Native NegMAS (its own utilities and definitions): report the differences.
    front, indices = ops.pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=False)
    native_nash = ops.nash_points(ufuns, front, outcomes=outcomes)
    only_ours = set(result.frontier.indices.tolist()) - {int(i) for i in indices}
    only_theirs = {int(i) for i in indices} - set(result.frontier.indices.tolist())
    nash_index = int(indices[native_nash[0][1]]) if native_nash else None
    report = (
        f"{rel}: NegMAS (raw evaluations, up to {native.max():.3g}) finds "
        f"{len(indices)} frontier outcomes, Accord (GENIUS: evaluations / issue maximum) "
        f"{len(result.frontier)}; {len(only_ours)} only in Accord's, {len(only_theirs)} only "
        f"in NegMAS's; Nash outcome {nash_index} (NegMAS) vs {result.solutions.nash.index} "
        "(Accord) — differences come from the raw vs normalised evaluations and from "
        "NegMAS measuring gains from the worst outcome when it beats the reservation value."
    )
    record_property("negmas", report)
    print(report)
