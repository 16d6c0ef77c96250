"""Brute-force GMCR stability written straight from the definitions, with Python sets.

Independent of the vectorised code: feasibility by testing each rule on each combination,
moves by comparing option sets, reachable sets by depth-first search over (state, last
mover), and each concept as its textbook quantifiers.
"""

from __future__ import annotations

from accord.conflict.model import Conflict, Ranking, Statements


def states(conflict: Conflict) -> list[frozenset[str]]:
    """Feasible states as sets of yes options."""
    names = conflict.options
    out = []
    for code in range(1 << len(names)):
        yes = frozenset(n for j, n in enumerate(names) if code >> j & 1)
        ok = True
        for rule in conflict.rules:
            opts = set(rule.options)
            if rule.kind == "mutually_exclusive":
                ok &= len(yes & opts) <= 1
            elif rule.kind == "at_least_one":
                ok &= bool(yes & opts)
            elif rule.kind == "requires":
                ok &= not (opts <= yes) or set(rule.needs) <= yes
            elif rule.kind == "never":
                ok &= not (yes & opts)
            else:
                ok &= all(set(s) != yes for s in rule.states)
        if ok:
            out.append(yes)
    return out


def _truth(text: str, yes: frozenset[str]) -> bool:
    words = text.replace("(", " ( ").replace(")", " ) ").split()
    py = []
    for w in words:
        if w in ("and", "or", "not", "(", ")"):
            py.append(w)
        elif w == "if":
            py.append("IF")
        elif w == "iff":
            py.append("IFF")
        else:
            py.append(str(w in yes))
    expression = " ".join(py)

    # a iff b  ->  (a) == (b);  a if b  ->  (a) or not (b); iff binds loosest
    def cond(part: str) -> str:
        pieces = part.split(" IF ")
        result = pieces[0]
        for p in pieces[1:]:
            result = f"(({result}) or not ({p}))"
        return result

    sides = [cond(s) for s in expression.split(" IFF ")]
    result = sides[0]
    for s in sides[1:]:
        result = f"(({result}) == ({s}))"
    return bool(eval(result))  # the text is only True/False/and/or/not/parentheses


def payoff(conflict: Conflict, dm: str, state: frozenset[str]) -> int:
    """Payoff by the definitions (statement scores or tier rank)."""
    spec = conflict.preferences[dm]
    if isinstance(spec, Statements):
        k = len(spec.statements)
        return sum(2 ** (k - 1 - i) for i, s in enumerate(spec.statements) if _truth(s, state))
    assert isinstance(spec, Ranking)
    for t, tier in enumerate(spec.tiers):
        if any(frozenset(p for p in key.split(",") if p) == state for key in tier):
            return len(spec.tiers) - t
    raise AssertionError("unranked state")


def moves(conflict: Conflict, dm: str, sts: list[frozenset[str]]) -> dict[int, set[int]]:
    """R_i: the states dm can move to from each state (index -> set of indices)."""
    mine = set(next(d.options for d in conflict.decision_makers if d.id == dm))
    out: dict[int, set[int]] = {}
    for a, s in enumerate(sts):
        out[a] = set()
        for b, t in enumerate(sts):
            if a == b or (s ^ t) - mine:
                continue
            legal = True
            for item in conflict.irreversible:
                if item.direction == "yes_to_no_forbidden" and item.option in s - t:
                    legal = False
                if item.direction == "no_to_yes_forbidden" and item.option in t - s:
                    legal = False
            if legal:
                out[a].add(b)
    return out


def reach(start: int, movers: dict[str, dict[int, set[int]]]) -> set[int]:
    """R_H(start): states reached by legal sequences (length >= 1), no mover twice in a row."""
    seen: set[tuple[int, str]] = set()
    stack: list[tuple[int, str | None]] = [(start, None)]
    while stack:
        state, last = stack.pop()
        for who, graph in movers.items():
            if who == last:
                continue
            for nxt in graph[state]:
                if (nxt, who) not in seen:
                    seen.add((nxt, who))
                    stack.append((nxt, who))
    return {s for s, _ in seen}


def stability(conflict: Conflict) -> tuple[list[frozenset[str]], dict[str, dict[str, set[int]]]]:
    """``stable[concept][dm]`` = set of state indices, by the definitions."""
    sts = states(conflict)
    dms = conflict.dm_ids
    u = {d: [payoff(conflict, d, s) for s in sts] for d in dms}
    mv = {d: moves(conflict, d, sts) for d in dms}
    ui = {d: {a: {b for b in mv[d][a] if u[d][b] > u[d][a]} for a in mv[d]} for d in dms}
    out: dict[str, dict[str, set[int]]] = {c: {} for c in ("nash", "gmr", "smr", "seq")}
    for i in dms:
        others = {d: mv[d] for d in dms if d != i}
        others_ui = {d: ui[d] for d in dms if d != i}
        for c in out:
            out[c][i] = set()
        for s in range(len(sts)):
            improvements = ui[i][s]
            if not improvements:
                out["nash"][i].add(s)
            if all(any(u[i][x] <= u[i][s] for x in reach(s1, others)) for s1 in improvements):
                out["gmr"][i].add(s)
            if all(
                any(
                    u[i][x] <= u[i][s] and all(u[i][y] <= u[i][s] for y in mv[i][x])
                    for x in reach(s1, others)
                )
                for s1 in improvements
            ):
                out["smr"][i].add(s)
            if all(any(u[i][x] <= u[i][s] for x in reach(s1, others_ui)) for s1 in improvements):
                out["seq"][i].add(s)
    return sts, out


def coalition(conflict: Conflict, members: tuple[str, ...]) -> dict[str, set[int]]:
    """Coalitional Nash and SEQ stable states for ``members``, by the definitions."""
    sts = states(conflict)
    dms = conflict.dm_ids
    u = {d: [payoff(conflict, d, s) for s in sts] for d in dms}
    mv = {d: moves(conflict, d, sts) for d in dms}
    ui = {d: {a: {b for b in mv[d][a] if u[d][b] > u[d][a]} for a in mv[d]} for d in dms}
    inside = {d: mv[d] for d in members}
    outside = {d: ui[d] for d in dms if d not in members}
    out: dict[str, set[int]] = {"cnash": set(), "cseq": set()}
    for s in range(len(sts)):
        better = [x for x in reach(s, inside) if all(u[m][x] > u[m][s] for m in members)]
        if not better:
            out["cnash"].add(s)
        if all(
            any(any(u[m][x] <= u[m][s] for m in members) for x in reach(s1, outside))
            for s1 in better
        ):
            out["cseq"].add(s)
    return out
