"""Sampling profiles: the documented draw order, the distributions, the point profile."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model.issues import Issue, OutcomeSpace
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    PiecewiseLinear,
    Preferences,
    RedLine,
    RuleKind,
)
from accord.model.sampling import sample_party, sample_profiles
from accord.model.uncertainty import (
    Fixed,
    Normal,
    Quantity,
    UncertainDiscrete,
    UncertainPiecewise,
    UncertainPreferences,
    Uniform,
    certain,
    draw,
    point,
)

SPACE = OutcomeSpace(
    (
        Issue("term", "Term", ("short", "long", "open")),
        Issue("price", "Price", (0.0, 5.0, 10.0), numeric=True),
    )
)
LINE = RedLine("no-open", RuleKind.FORBID, Condition({"term": frozenset({2})}))


def uncertain_party() -> UncertainPreferences:
    """Decimal, non-dyadic numbers as a real file would have them."""
    values = {
        "term": DiscreteValues({"short": 0.1, "long": 0.6, "open": 0.3}),
        "price": PiecewiseLinear(((0.0, 0.0), (10.0, 1.0))),
    }
    prefs = Preferences({"term": 0.8, "price": 0.2}, values, 0.45, (LINE,))
    return UncertainPreferences(
        point=prefs,
        weights={"term": Normal(4.0, 1.0, 0.0, np.inf), "price": Fixed(1.0)},
        values={
            "term": UncertainDiscrete(
                {"short": Fixed(0.1), "long": Uniform(0.5, 0.7), "open": Fixed(0.3)}
            ),
            "price": UncertainPiecewise(((0.0, Fixed(0.0)), (10.0, Normal(0.9, 0.3, 0.0, 1.0)))),
        },
        reservation=Uniform(0.3, 0.6),
        probabilities={"no-open": 0.7},
    )


def test_draws_follow_the_documented_order() -> None:
    prefs = uncertain_party()
    drawn = sample_party(SPACE, "a", prefs, 500, np.random.default_rng(7))
    rng = np.random.default_rng(7)
    term_weight = np.clip(rng.normal(4.0, 1.0, 500), 0.0, np.inf)
    raw = np.stack([term_weight, np.ones(500)], axis=1)
    long_value = rng.uniform(0.5, 0.7, 500)
    top_price = np.clip(rng.normal(0.9, 0.3, 500), 0.0, 1.0)
    reservation = rng.uniform(0.3, 0.6, 500)
    active = rng.random(500) < 0.7
    np.testing.assert_array_equal(drawn.weights, raw / raw.sum(axis=1, keepdims=True))
    np.testing.assert_array_equal(drawn.values[0][:, 1], long_value)
    np.testing.assert_array_equal(drawn.values[1][:, 1], top_price)
    np.testing.assert_array_equal(drawn.reservation, reservation)
    np.testing.assert_array_equal(drawn.active[:, 0], active)


def test_numeric_values_are_interpolated_on_the_grid() -> None:
    drawn = sample_party(SPACE, "a", uncertain_party(), 50, np.random.default_rng(3))
    table = drawn.option_values(SPACE, 1, slice(None))
    for s in range(50):
        expected = np.interp([0.0, 5.0, 10.0], [0.0, 10.0], drawn.values[1][s])
        np.testing.assert_allclose(table[s], expected, rtol=0, atol=1e-15)


def test_distributions_have_their_ranges_means_and_probabilities() -> None:
    drawn = sample_party(SPACE, "a", uncertain_party(), 20_000, np.random.default_rng(1))
    assert drawn.reservation.min() >= 0.3 and drawn.reservation.max() <= 0.6
    assert abs(drawn.reservation.mean() - 0.45) < 0.01
    top = drawn.values[1][:, 1]
    assert top.min() >= 0.0 and top.max() <= 1.0
    assert abs((top == 1.0).mean() - 0.3694) < 0.02  # P(N(0.9, 0.3) > 1), clipped to 1
    assert abs(drawn.active[:, 0].mean() - 0.7) < 0.02
    np.testing.assert_allclose(drawn.weights.sum(axis=1), 1.0)


def test_a_known_party_consumes_no_draws_and_keeps_its_point_profile() -> None:
    prefs = uncertain_party().point
    rng = np.random.default_rng(5)
    drawn = sample_profiles(SPACE, [("a", certain(prefs))], 4, rng)[0]
    assert rng.random() == np.random.default_rng(5).random()
    np.testing.assert_array_equal(drawn.weights[2], [0.8, 0.2])
    np.testing.assert_array_equal(drawn.option_values(SPACE, 1, slice(0, 1))[0], [0.0, 0.5, 1.0])
    assert drawn.reservation.tolist() == [0.45] * 4
    assert drawn.active.all()


QUANTITIES: st.SearchStrategy[Quantity] = st.one_of(
    st.sampled_from([0.1, 0.3, 0.6]).map(Fixed),
    st.tuples(st.sampled_from([0.0, 0.2, 0.5]), st.sampled_from([0.0, 0.1, 0.4])).map(
        lambda t: Uniform(t[0], t[0] + t[1])
    ),
    st.tuples(st.sampled_from([0.2, 0.5, 0.9]), st.sampled_from([0.0, 0.05, 0.3])).map(
        lambda t: Normal(t[0], t[1], 0.0, 1.0)
    ),
)


@settings(deadline=None, max_examples=50)
@given(QUANTITIES, st.integers(0, 2**32 - 1))
def test_every_draw_lies_in_the_quantitys_range(quantity: Quantity, seed: int) -> None:
    values = draw(quantity, 200, np.random.default_rng(seed))
    if isinstance(quantity, Fixed):
        assert (values == quantity.value).all()
    elif isinstance(quantity, Uniform):
        assert ((values >= quantity.low) & (values <= quantity.high)).all()
    else:
        assert ((values >= 0.0) & (values <= 1.0)).all()


def test_points_are_values_midpoints_and_means() -> None:
    assert point(Fixed(0.3)) == 0.3
    assert point(Uniform(0.2, 0.6)) == 0.4
    assert point(Normal(0.9, 0.3, 0.0, 1.0)) == 0.9
    assert not certain(uncertain_party().point).uncertain
    assert uncertain_party().uncertain
