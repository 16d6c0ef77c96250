"""Certified analysis beyond enumeration: integer programming and dynamic programming.

``highspy`` (the ``accord[solve]`` extra) is imported only when a model is built.
"""

from accord.analysis.solve.analyze import SolvedPackage, SolverAnalysis, solve_scenario
from accord.analysis.solve.model import SolverFailed, SolverMissing

__all__ = ["SolvedPackage", "SolverAnalysis", "SolverFailed", "SolverMissing", "solve_scenario"]
