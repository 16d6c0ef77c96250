"""Conflict stability analysis: the Graph Model for Conflict Resolution (GMCR).

Decision makers control yes/no options; a state is a choice of all options; each
decision maker orders the states (by option prioritisation or an explicit ranking).
:func:`analyze_conflict` finds, for every state and decision maker, whether the state is
stable under Nash (R), general metarationality (GMR), symmetric metarationality (SMR) and
sequential stability (SEQ) (Fang, Hipel & Kilgour 1993), and the equilibria under each.

>>> from accord.conflict import Conflict, analyze_conflict
"""

from accord.conflict.model import Conflict, ConflictError, DecisionMaker, Irreversible, Rule
from accord.conflict.stability import CONCEPTS, StabilityResult, analyze_conflict

__all__ = [
    "CONCEPTS",
    "Conflict",
    "ConflictError",
    "DecisionMaker",
    "Irreversible",
    "Rule",
    "StabilityResult",
    "analyze_conflict",
]
