"""The posterior update: it learns from answers, and one slip does not undo it."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.learning.calibration import kendall_tau
from accord.learning.copilot import Copilot
from accord.learning.likelihood import Answer, Said
from accord.learning.particles import Particles, UninformedPrior
from accord.learning.update import Posterior, respread
from accord.model.issues import Issue, OutcomeSpace
from learning.helpers import accuracy, issues_of, teach, true_utilities, vote

from strategies import additive_truths


def _copilot(space: OutcomeSpace, seed: int = 1) -> Copilot:
    return Copilot(space, ["p"], UninformedPrior(space, veto=0.0), seed, particles=200)


@settings(deadline=None, max_examples=6)
@given(additive_truths())
def test_the_posterior_concentrates_toward_the_true_preferences(
    truth: tuple[tuple[Issue, ...], np.ndarray, tuple[np.ndarray, ...]],
) -> None:
    issues, weights, values = truth
    space = OutcomeSpace(issues)
    utilities = true_utilities(space, weights, values)
    if np.ptp(utilities) == 0:
        return
    copilot = _copilot(space)
    before = accuracy(copilot, "p", utilities)
    teach(copilot, "p", utilities, 40)
    after = accuracy(copilot, "p", utilities)
    assert after > 0.5
    # The best any untied estimate can do against a truth with ties (however it breaks them).
    best = kendall_tau(utilities + 1e-9 * np.arange(space.size), utilities)
    assert after > before or before > 0.8 or before >= best - 1e-9


def test_one_inconsistent_answer_does_not_collapse_the_posterior() -> None:
    space = OutcomeSpace(issues_of((5, 4, 3)))
    weights = np.array([4.0, 1.0, 2.0]) / 7.0
    values = (
        np.array([0.1, 0.3, 0.6, 1.0, 0.3]),
        np.array([1.0, 0.6, 0.1, 0.3]),
        np.array([0.3, 1.0, 0.6]),
    )
    utilities = true_utilities(space, weights, values)
    copilot = _copilot(space)
    teach(copilot, "p", utilities, 30)
    post = copilot.posteriors["p"]
    steady = accuracy(copilot, "p", utilities)
    best, worst = int(np.argmax(utilities)), int(np.argmin(utilities))
    copilot.hear("p", vote(utilities, best, worst))  # consistent, to compare with
    slip = Answer(Said.PREFER, worst, 0.2, versus=best)  # the worst package preferred: a slip
    copilot.hear("p", slip)
    assert post.effective > 10
    assert accuracy(copilot, "p", utilities) > steady - 0.1
    mean = post.mean_utilities(np.array([best, worst]))
    assert mean[0] > mean[1]


def test_accept_and_reject_teach_the_threshold() -> None:
    space = OutcomeSpace(issues_of((6, 5)))
    weights = np.array([3.0, 2.0]) / 5.0
    values = (np.linspace(0.1, 1.0, 6), np.array([1.0, 0.6, 0.3, 0.1, 0.3]))
    utilities = true_utilities(space, weights, values)
    copilot = _copilot(space, seed=4)
    teach(copilot, "p", utilities, 15)
    rng = np.random.default_rng(0)
    for outcome in rng.integers(0, space.size, 30):
        said = Said.ACCEPT if utilities[outcome] >= 0.6 else Said.REJECT
        copilot.hear("p", Answer(said, int(outcome), 0.3))
    accept = copilot.posteriors["p"].accept(np.arange(space.size), 0.3)
    high, low = utilities >= 0.75, utilities <= 0.45
    assert accept[high].mean() > 0.7
    assert accept[low].mean() < 0.3


def test_a_request_for_time_says_the_package_is_close() -> None:
    space = OutcomeSpace(issues_of((6, 5)))
    utilities = true_utilities(
        space, np.array([0.5, 0.5]), (np.linspace(0.1, 1.0, 6), np.linspace(1.0, 0.1, 5))
    )
    copilot = _copilot(space, seed=2)
    teach(copilot, "p", utilities, 10)
    middle = int(np.argmin(np.abs(utilities - 0.55)))
    before = copilot.posteriors["p"].estimate(0.5).threshold[0]
    for _ in range(4):
        copilot.hear("p", Answer(Said.TIME, middle, 0.5))
    estimate = copilot.posteriors["p"].estimate(0.5)
    assert abs(estimate.threshold[0] - 0.6) < abs(before - 0.6) + 0.02
    low, mean, high = estimate.threshold[1], estimate.threshold[0], estimate.threshold[2]
    assert low <= mean <= high


def test_the_moves_reach_a_far_concession_schedule_the_answers_call_for() -> None:
    """Every guess starts as a Boulware party with a low reservation value; the answers are
    a Conceder's with a high one (an early yes to a middling package, late noes to a package
    just below its reservation). Small steps cannot cross that far in one round of moves;
    the fresh draws of the threshold block can."""
    space = OutcomeSpace(issues_of((11,)))
    utility = np.linspace(0.0, 1.0, 11)
    size = 200
    rng = np.random.default_rng(3)
    boulware = Particles(
        gains=np.ones((size, 1)),
        raw=np.tile(utility, (size, 1)),
        reservation=np.full(size, 0.1),  # the answers call for one near 0.5
        start=np.full(size, 0.95),
        exponent=np.full(size, 0.12),
        lines=np.zeros((size, 0), dtype=bool),
    )
    post = Posterior(space, boulware, rng)
    early = [Answer(Said.ACCEPT, 7, t) for t in (0.1, 0.15, 0.2)]
    late = [Answer(Said.REJECT, 4, t) for t in (0.9, 0.95, 1.0)]
    # votes that pin the order of the options (else a swap of values explains the answers too)
    order = [Answer(Said.PREFER, k + 1, 0.1, versus=k) for k in range(10) for _ in range(3)]
    post.observe(early + late + order)
    post.resample_move()  # equal guesses keep equal weights: move them explicitly
    w, p = post.weights, post.particles
    # about 0.2 each (0.01 at most without the fresh draws, over seeds 0 to 11)
    assert w @ (p.reservation > 0.4) > 0.1
    assert w @ (p.exponent > 1.0) > 0.1


def test_a_posterior_without_moves_is_bayes_rule_on_a_fixed_set() -> None:
    """With ``moves=0`` the particles stay as given and their weights are the prior ones
    times the likelihood of every answer, however thin the set gets."""
    space = OutcomeSpace(issues_of((11,)))
    values = np.linspace(1.0, 0.0, 11)
    grid = np.linspace(0.0, 0.9, 10)
    size = len(grid)
    fixed = Particles(
        gains=np.ones((size, 1)),
        raw=np.tile(values, (size, 1)),
        reservation=grid,
        start=np.full(size, 0.95),
        exponent=np.ones(size),
        lines=np.zeros((size, 0), dtype=bool),
    )
    post = Posterior(space, fixed, np.random.default_rng(0), moves=0)
    answers = [Answer(Said.REJECT, 5, t) for t in (0.5, 0.7, 0.9)]
    answers += [Answer(Said.ACCEPT, 3, 0.9), Answer(Said.PREFER, 2, 0.9, versus=6)]
    for answer in answers:
        post.observe(answer)
    assert post.particles is fixed
    expected = post._loglik(fixed, answers)
    expected = np.exp(expected - expected.max())
    np.testing.assert_allclose(post.weights, expected / expected.sum(), rtol=1e-9)
    # the rejections of a package worth 0.5 until t = 0.9 rule out the low reservations
    assert post.weights[grid < 0.3].sum() < 0.01


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.integers(0, 100).map(lambda k: k / 100), min_size=3, max_size=9
    ),  # two decimals: ties happen, as in real evaluations
    st.floats(0.2, 5.0),
)
def test_a_respread_is_undone_by_its_inverse(values: list[float], factor: float) -> None:
    """The respread move's map: it keeps each row's least and greatest value and, when the
    order is kept, the inverse factor gives the row back (what makes its Jacobian the
    acceptance's only correction)."""
    block = np.array([values])
    moved, kept = respread(block, np.array([factor]))
    if kept[0]:
        assert moved.min() == block.min() and moved.max() == block.max()
        back, again = respread(moved, np.array([1.0 / factor]))
        assert again[0]
        np.testing.assert_allclose(back, block, atol=1e-12)
    if factor <= 1.0:  # a move towards even spacing never changes the order
        assert kept[0]


def test_the_moves_keep_the_prior_when_nothing_is_heard() -> None:
    """With no answer the moves must leave the particles distributed as the prior. How far
    one issue's values lie from evenly spaced ones is what a respread changes; without its
    Jacobian they drift to even spacing (about 0.37 on this measure, against 0.67)."""
    space = OutcomeSpace(issues_of((7, 4)))
    prior = UninformedPrior(space, veto=0.0)

    def unevenness(raw: np.ndarray) -> float:
        ordered = np.sort(raw[:, :7], axis=1)
        low, high = ordered[:, :1], ordered[:, -1:]
        even = low + (high - low) * np.arange(7) / 6
        return float(np.mean(np.abs(ordered - even).sum(axis=1) / (high - low)[:, 0]))

    rng = np.random.default_rng(5)
    fresh = prior.sample("p", 3000, rng)
    post = Posterior(space, prior.sample("p", 3000, rng), np.random.default_rng(6))
    for _ in range(20):
        post.resample_move()
    assert abs(unevenness(post.particles.raw) - unevenness(fresh.raw)) < 0.04
    assert abs(post.particles.raw.mean() - 0.5) < 0.02


def test_a_swap_exchanges_two_values_of_one_issue() -> None:
    space = OutcomeSpace(issues_of((5, 3)))
    prior = UninformedPrior(space, veto=0.0)
    post = Posterior(
        space, prior.sample("p", 500, np.random.default_rng(1)), np.random.default_rng(2)
    )
    before = post.particles
    after = post._swap(before)
    changed = before.raw != after.raw
    assert changed.sum(axis=1).max() == 2 and changed.any()
    np.testing.assert_array_equal(np.sort(after.raw[:, :5]), np.sort(before.raw[:, :5]))
    np.testing.assert_array_equal(np.sort(after.raw[:, 5:]), np.sort(before.raw[:, 5:]))
    assert not (changed[:, :5].any(axis=1) & changed[:, 5:].any(axis=1)).any()
