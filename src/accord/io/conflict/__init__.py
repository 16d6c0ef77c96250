"""Reading the ``conflict:`` section of a scenario file (or a file with only that section).

>>> from accord.io.conflict import load_conflict

:func:`load_conflict` returns an :class:`accord.conflict.Conflict` and raises nothing but
:class:`accord.io.errors.ScenarioError` (one paragraph naming the file and the field).
"""

from accord.io.conflict.load import load_conflict, parse_conflict

__all__ = ["load_conflict", "parse_conflict"]
