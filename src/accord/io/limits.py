"""Limits and tolerances shared by the scenario format and GeniusWeb profiles."""

MAX_GRID_OPTIONS = 10_000_000
"""A numeric issue may have at most this many grid points."""

MAX_CONSTRAINTS = 64
"""Red lines of all parties plus one reservation per party (bits of a ``uint64`` mask)."""

GRID_TOLERANCE = 1e-9
"""How close a number must be to a grid point to count as that point."""
