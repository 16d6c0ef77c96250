"""Agreement-space analysis: ZOPA, Pareto frontier, bargaining solutions, diagnosis."""

from accord.analysis.analyze import DEFAULT_MAX_OUTCOMES, SpaceTooLarge, analyze
from accord.analysis.result import Analysis, Frontier, Package, Relaxation, Solutions

__all__ = [
    "DEFAULT_MAX_OUTCOMES",
    "Analysis",
    "Frontier",
    "Package",
    "Relaxation",
    "Solutions",
    "SpaceTooLarge",
    "analyze",
]
