"""Settings for the whole suite: hypothesis runs without deadlines.

No test may depend on the machine's speed, so the ``accord`` profile (loaded by
default) has no per-example deadline. Examples are random (set
``HYPOTHESIS_PROFILE=ci`` for a derandomised run that draws the same examples
every time); a failure prints the blob that reproduces it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "accord",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", parent=settings.get_profile("accord"), derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "accord"))
