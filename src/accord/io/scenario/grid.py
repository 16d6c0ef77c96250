"""Recover the ``{min, max, step}`` range that produces a numeric issue's grid.

A numeric issue keeps only its grid (see :func:`accord.model.issues.numeric_grid`).
To write the issue back out, :func:`grid_range` finds a range whose grid is the
same, point for point: preferably one with short numbers (``step: 0.5``), and
otherwise one found by fitting a line through the rounding cells of the grid
points (a step such as 1/3, whose grid points are rounded unevenly).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from accord.model.issues import numeric_grid

_SLACK = 1e-3
"""An inexactly recovered grid point may be this many steps from the original."""

_ROUGH_DECIMALS = 15
"""Rounding precision of the range tried last for a one-point grid."""

_PRECISION = 6
"""Grid points are rounded to this many decimals beyond the step's first digit."""

_SAMPLE = 2048
"""Candidates are screened on at most about this many grid points before a full check."""

_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


@dataclass(frozen=True)
class GridRange:
    """A ``{min, max, step}`` range and the grid it gives."""

    min: float
    max: float
    step: float
    grid: tuple[float, ...]
    """``numeric_grid(min, max, step)``: the grid asked for, or one a hair from it."""


def grid_range(grid: Sequence[float]) -> GridRange:
    """A range such that ``numeric_grid(min, max, step)`` is ``grid``.

    ``grid`` should be a grid made by :func:`~accord.model.issues.numeric_grid`;
    the range found reproduces it exactly whenever its points have at most about
    13 significant digits. Beyond that, the rounding that made the grid is lost
    in floating point, and the range found gives the same number of points, each
    within a thousandth of the step (usually a few units in the last place) of
    the original; :attr:`GridRange.grid` holds them. Raises :class:`ValueError`
    if the points are not evenly spaced, since no range can give them.
    """
    points = np.asarray(grid, dtype=float)
    if points.size == 0:
        raise ValueError("a grid has at least one point")
    if not np.all(np.isfinite(points)) or not np.all(np.diff(points) > 0):
        raise ValueError("the points of a grid are finite numbers in increasing order")
    target = tuple(float(v) for v in grid)
    sample = _sample_positions(points.size)
    for low, high, step in _candidates(points):
        if _screen(points, sample, low, high, step) and numeric_grid(low, high, step) == target:
            return GridRange(low, high, step, target)
    first, last = float(points[0]), float(points[-1])
    low, high, step = first, first, 10.0 ** (_PRECISION - _ROUGH_DECIMALS)
    if points.size > 1:
        step = (last - first) / (points.size - 1)
        high = first + step * (points.size - 1) + step / 2
    if step > 0 and math.isfinite(step):
        rough = numeric_grid(low, high, step)
        slack = max(_SLACK * step, 8 * float(np.spacing(np.max(np.abs(points)))))
        if len(rough) == points.size and np.allclose(rough, points, rtol=0.0, atol=slack):
            return GridRange(low, high, step, rough)
    raise ValueError(
        f"the {points.size} points from {first:g} to {last:g} are not an evenly spaced "
        "grid, so no {min, max, step} range gives them"
    )


def _decimals(step: float) -> int:
    """The rounding precision :func:`numeric_grid` uses for ``step``."""
    return max(0, -math.floor(math.log10(step)) + _PRECISION)


def _sample_positions(n: int) -> np.ndarray:
    if n <= _SAMPLE:
        return np.arange(n)
    edge = np.arange(_SAMPLE // 4)
    middle = np.linspace(0, n - 1, _SAMPLE // 2).astype(np.int64)
    return np.unique(np.concatenate([edge, middle, n - 1 - edge]))


def _screen(points: np.ndarray, sample: np.ndarray, low: float, high: float, step: float) -> bool:
    """Cheap necessary check: the grid of the range has the right size and sampled points."""
    if not (step > 0 and math.isfinite(step) and math.isfinite(low) and math.isfinite(high)):
        return False
    steps = (high - low) / step
    if not 0 <= steps < math.inf or math.floor(steps + 1e-9) + 1 != points.size:
        return False
    values = np.round(low + step * sample.astype(float), _decimals(step))
    return bool(np.array_equal(values, points[sample]))


def _short(number: float) -> Iterator[float]:
    """``number`` to 1, 2, ... 17 significant digits, then as it is."""
    seen: set[float] = set()
    for digits in range(1, 18):
        value = float(f"{number:.{digits}g}")
        if value not in seen:
            seen.add(value)
            yield value
    if number not in seen:
        yield number


def _candidates(points: np.ndarray) -> Iterator[tuple[float, float, float]]:
    """Ranges to try, simplest first."""
    n = points.size
    first, last = float(points[0]), float(points[-1])
    if n == 1:
        for decimals in range(0, 24):
            yield first, first, 10.0 ** (_PRECISION - decimals)
        return
    mean_step = (last - first) / (n - 1)
    if not mean_step > 0:
        return
    steps = [mean_step, float(points[1] - points[0])]
    for step in steps:
        for short in _short(step):
            if short > 0:
                yield from _with_bounds(first, last, short, n)
    base = _decimals(mean_step)
    for decimals in (base, base + 1, base - 1):
        if decimals < 0:
            continue
        fit = _fit_line(points, decimals)
        if fit is None:
            continue
        low, step = fit
        for short in _short(step):
            yield from _with_bounds(first, last, short, n)
            yield from _with_bounds(low, last, short, n)


def _with_bounds(
    low: float, last: float, step: float, n: int
) -> Iterator[tuple[float, float, float]]:
    yield low, last, step
    yield low, low + step * (n - 1) + step / 2, step


def _fit_line(points: np.ndarray, decimals: int) -> tuple[float, float] | None:
    """A start and step whose points ``start + step * k`` round to ``points[k]``.

    Each grid point stands for the interval of numbers that round to it, of
    half-width ``h``. The step that minimises the spread of the residuals
    ``points[k] - step * k`` (a convex function of the step) is found by
    golden-section search; the start is the middle of the residuals. The fit
    is usable when the spread is below ``2 h``.
    """
    n = points.size
    # Rounded grid points are the nearest floats to decimals: allow for their spacing.
    half = 0.5 * 10.0 ** (-decimals) + 2 * float(np.spacing(np.max(np.abs(points))))
    positions = np.arange(n, dtype=float)
    mean_step = (float(points[-1]) - float(points[0])) / (n - 1)
    low = mean_step - 4 * half / (n - 1)
    high = mean_step + 4 * half / (n - 1)
    # Keep to steps for which numeric_grid rounds to ``decimals`` places.
    band_low = 10.0 ** (_PRECISION - decimals)
    low = max(low, band_low) if decimals > 0 else max(low, 10.0**_PRECISION)
    if decimals > 0:
        high = min(high, np.nextafter(10.0 ** (_PRECISION + 1 - decimals), 0.0))
    if not low <= high:
        return None

    def spread(step: float) -> float:
        residuals = points - step * positions
        return float(residuals.max() - residuals.min())

    a, b = low, high
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = spread(c), spread(d)
    for _ in range(100):
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = spread(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = spread(d)
        if b - a <= abs(b) * 1e-16:
            break
    step = c if fc <= fd else d
    residuals = points - step * positions
    if float(residuals.max() - residuals.min()) >= 2 * half:
        return None
    start = (float(residuals.max()) + float(residuals.min())) / 2
    return start, float(step)
