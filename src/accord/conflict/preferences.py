"""Each decision maker's preference over the feasible states, as an integer payoff.

Two ways to state it:

* **option prioritisation** (GMCR II): statements in priority order; a state scores
  ``sum(2 ** (K - k))`` over the statements ``k = 1..K`` it meets, higher preferred and
  equal scores tied. A statement is ``opt``, ``not opt`` (or ``-opt``), ``a and b``,
  ``a or b``, ``a if b``, ``a iff b``, with parentheses; ``if``/``iff`` bind loosest.
* **ranking**: tiers of state keys, best first; every feasible state in exactly one tier.

Only the order of payoffs matters: the stability concepts are ordinal.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

from accord.conflict.model import Conflict, ConflictError, Ranking, Statements
from accord.conflict.states import StateSpace

Payoff = NDArray[np.int64]
MAX_STATEMENTS = 62
_TOKEN = re.compile(r"\s*(\(|\)|-|[^\s()]+)")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing blanks can fail to match
            break
        out.append(match.group(1))
        position = match.end()
    return out


class _Parser:
    """Recursive descent over ``iff > if > or > and > not`` (loosest first)."""

    def __init__(self, text: str, space: StateSpace) -> None:
        self.tokens = _tokens(text)
        self.position = 0
        self.space = space

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ValueError("the statement ends too early")
        self.position += 1
        return token

    def parse(self) -> NDArray[np.bool_]:
        if not self.tokens:
            raise ValueError("the statement is empty")
        value = self.iff()
        if self.peek() is not None:
            raise ValueError(f"unexpected {self.peek()!r}")
        return value

    def iff(self) -> NDArray[np.bool_]:
        left = self.cond()
        while self.peek() == "iff":
            self.take()
            left = left == self.cond()
        return left

    def cond(self) -> NDArray[np.bool_]:
        left = self.disj()
        while self.peek() == "if":
            self.take()
            left = left | ~self.disj()
        return left

    def disj(self) -> NDArray[np.bool_]:
        left = self.conj()
        while self.peek() == "or":
            self.take()
            left = left | self.conj()
        return left

    def conj(self) -> NDArray[np.bool_]:
        left = self.unary()
        while self.peek() == "and":
            self.take()
            left = left & self.unary()
        return left

    def unary(self) -> NDArray[np.bool_]:
        token = self.take()
        if token in ("not", "-"):
            return ~self.unary()
        if token == "(":
            value = self.iff()
            if self.take() != ")":
                raise ValueError("a '(' is not closed")
            return value
        if token in ("and", "or", "if", "iff", ")"):
            raise ValueError(f"unexpected {token!r}")
        if token not in self.space.options:
            shown = ", ".join(self.space.options[:12])
            raise ValueError(f"unknown option {token!r}; expected one of: {shown}")
        return (self.space.codes & self.space.bit(token)) != 0


def evaluate(statement: str, space: StateSpace) -> NDArray[np.bool_]:
    """Which feasible states meet ``statement`` (raises ``ValueError`` if it is malformed)."""
    return _Parser(statement, space).parse()


def prioritisation_payoff(statements: tuple[str, ...], space: StateSpace, where: str) -> Payoff:
    """Scores ``sum(2 ** (K - k))`` over the statements each state meets."""
    if len(statements) > MAX_STATEMENTS:
        raise ConflictError(where, f"at most {MAX_STATEMENTS} statements are supported")
    score = np.zeros(space.size, np.int64)
    count = len(statements)
    for k, text in enumerate(statements):
        try:
            met = evaluate(text, space)
        except ValueError as error:
            raise ConflictError(f"{where}[{k}]", f"{error} in {text!r}") from None
        score += met.astype(np.int64) << (count - 1 - k)
    return score


def ranking_payoff(tiers: tuple[tuple[str, ...], ...], space: StateSpace, where: str) -> Payoff:
    """Payoff ``T - t`` for a state in tier ``t`` of ``T`` tiers (best first)."""
    payoff = np.full(space.size, -1, np.int64)
    for t, tier in enumerate(tiers):
        for key in tier:
            normal = ",".join(sorted(p.strip() for p in key.split(",") if p.strip()))
            index = space.index_of_key(normal)
            if index < 0:
                raise ConflictError(f"{where}[{t}]", f"{key!r} is not a feasible state")
            if payoff[index] >= 0:
                raise ConflictError(f"{where}[{t}]", f"state {key!r} is ranked twice")
            payoff[index] = len(tiers) - t
    missing = [space.keys[i] for i in np.flatnonzero(payoff < 0)[:5]]
    if missing:
        shown = ", ".join(repr(k) for k in missing)
        raise ConflictError(where, f"every feasible state must be ranked; missing {shown}")
    return payoff


def payoffs(conflict: Conflict, space: StateSpace) -> dict[str, Payoff]:
    """Every decision maker's payoff over the feasible states (higher preferred)."""
    out: dict[str, Payoff] = {}
    for dm in conflict.dm_ids:
        spec = conflict.preferences[dm]
        if isinstance(spec, Statements):
            out[dm] = prioritisation_payoff(spec.statements, space, f"preferences.{dm}.statements")
        elif isinstance(spec, Ranking):
            out[dm] = ranking_payoff(spec.tiers, space, f"preferences.{dm}.ranking")
    return out
