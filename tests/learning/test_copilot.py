"""The copilot keeps each party's posterior to that party's answers; known red lines are
never proposed; forecasts are probabilities whose product is the chance that all accept."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from accord.learning.beliefs import BeliefsPrior
from accord.learning.copilot import Copilot
from accord.learning.likelihood import Answer, Said
from accord.learning.particles import UninformedPrior
from accord.model.issues import OutcomeSpace
from accord.model.preferences import Condition, DiscreteValues, Preferences, RedLine, RuleKind
from accord.model.uncertainty import UncertainPreferences, Uniform
from learning.helpers import issues_of

SPACE = OutcomeSpace(issues_of((4, 3, 3)))


def _answers(party_seed: int, count: int = 25) -> list[Answer]:
    rng = np.random.default_rng(party_seed)
    kinds = [Said.ACCEPT, Said.REJECT, Said.TIME]
    return [
        Answer(kinds[int(rng.integers(3))], int(rng.integers(SPACE.size)), float(rng.uniform()))
        for _ in range(count)
    ]


def _fed(b_seed: int) -> Copilot:
    copilot = Copilot(SPACE, ["a", "b"], UninformedPrior(SPACE), 7, particles=120)
    for mine, theirs in zip(_answers(1), _answers(b_seed), strict=True):
        copilot.hear("a", mine)
        copilot.hear("b", theirs)
    return copilot


def test_a_party_posterior_depends_on_its_own_answers_only() -> None:
    one, other = _fed(2), _fed(3)
    a1, a2 = one.posteriors["a"], other.posteriors["a"]
    assert [x.outcome for x in a1.answers] == [x.outcome for x in _answers(1)]
    np.testing.assert_array_equal(a1.log_w, a2.log_w)
    np.testing.assert_array_equal(a1.particles.raw, a2.particles.raw)
    np.testing.assert_array_equal(a1.particles.reservation, a2.particles.reservation)
    b1, b2 = one.posteriors["b"], other.posteriors["b"]
    assert not np.array_equal(b1.particles.raw, b2.particles.raw)  # b's answers did matter


def test_forecasts_are_probabilities_and_multiply() -> None:
    copilot = _fed(2)
    found = copilot.suggest(0.5, count=3)
    assert len(found) == 3 and len({s.outcome for s in found}) == 3
    for s in found:
        assert set(s.forecast) == {"a", "b"}
        assert all(0.0 <= p <= 1.0 for p in s.forecast.values())
        assert s.all_accept == np.prod(list(s.forecast.values()))
        assert s.forecast == pytest.approx(copilot.forecast(s.outcome, 0.5))


def _believed() -> dict[str, UncertainPreferences]:
    line = RedLine("no-first", RuleKind.FORBID, Condition({"i0": frozenset({0, 1})}))
    values = {
        f"i{j}": DiscreteValues({f"o{x}": (x + 1) / 4 for x in range(n)})
        for j, n in enumerate((4, 3, 3))
    }
    point = Preferences({"i0": 0.4, "i1": 0.35, "i2": 0.25}, values, 0.3, (line,))
    return {
        "a": UncertainPreferences(
            point,
            weights={"i0": Uniform(0.3, 0.5), "i1": Uniform(0.2, 0.5), "i2": Uniform(0.1, 0.4)},
        )
    }


def test_a_red_line_the_mediator_knows_is_never_proposed() -> None:
    copilot = Copilot(SPACE, ["a", "b"], BeliefsPrior(SPACE, _believed()), 3, particles=120)
    digits = SPACE.digits_of(np.arange(SPACE.size))
    crossing = np.isin(digits[0], [0, 1])
    for s in copilot.suggest(0.3, count=SPACE.size):
        assert not crossing[s.outcome]
    # The beliefs show in the prior: weights near the believed ones, the line held real.
    estimate = copilot.posteriors["a"].estimate(0.0)
    assert 0.3 <= estimate.weights[0][0] <= 0.5
    assert estimate.lines["no-first"] == pytest.approx(1.0)
    assert "no-first" not in copilot.posteriors["b"].estimate(0.0).lines  # beliefs about a only


def test_an_uncertain_red_line_is_learned_from_rejections() -> None:
    beliefs = _believed()
    beliefs["a"] = UncertainPreferences(
        beliefs["a"].point, beliefs["a"].weights, probabilities={"no-first": 0.5}
    )
    copilot = Copilot(SPACE, ["a"], BeliefsPrior(SPACE, beliefs), 5, particles=150)
    digits = SPACE.digits_of(np.arange(SPACE.size))
    crossing = np.flatnonzero(np.isin(digits[0], [0, 1]))
    before = copilot.posteriors["a"].estimate(1.0).lines["no-first"]
    for outcome in crossing[-6:]:  # the best packages that cross it, rejected at the end
        copilot.hear("a", Answer(Said.REJECT, int(outcome), 1.0))
    after = copilot.posteriors["a"].estimate(1.0).lines["no-first"]
    assert after > before + 0.2


def test_a_learned_veto_lowers_chances_but_never_rules_a_package_out() -> None:
    space = OutcomeSpace(issues_of((5,)))
    copilot = Copilot(space, ["a"], UninformedPrior(space), 11, particles=150)
    post = copilot.posteriors["a"]
    post.particles = replace(post.particles, lines=np.ones_like(post.particles.lines))
    assert min(post.estimate(1.0).lines.values()) > 0.999  # every veto held real
    assert not copilot.excluded().any()  # but a veto learned is never a red line known
    found = copilot.suggest(1.0, count=space.size)
    assert {s.outcome for s in found} == set(range(space.size))
    assert max(s.forecast["a"] for s in found) < 0.1  # it does lower the chances


def test_a_vote_prefers_what_the_party_may_accept() -> None:
    from accord.learning.likelihood import Noise, prefer_probability

    u_a, u_b = np.array([[0.6]]), np.array([[0.9]])
    res = np.array([[0.3]])
    no, yes = np.zeros((1, 1), dtype=bool), np.ones((1, 1), dtype=bool)
    noise = Noise()
    assert prefer_probability(u_a, u_b, res, no, no, noise)[0, 0] < 0.01  # higher utility
    assert prefer_probability(u_a, u_b, res, no, yes, noise)[0, 0] > 0.99  # b crosses a line
    below = np.array([[0.2]])
    assert prefer_probability(u_a, below, res, no, no, noise)[0, 0] > 0.99
