"""The copilot in a live session: what it suggests next, and what it believes of each party.

Mediator only. The copilot is rebuilt on every read from the session's
answers alone (accept, reject, a request for more time, and a stated reason
that names an issue, read as "this issue matters to me") to the proposals on
the current version of the scenario, replayed in the order they came, with a
generator seeded from the session id, so the same answers always give the same
suggestion. Its prior is the scenario's
``beliefs:`` section when it has one, else uninformed; the parties' submitted
preferences are never used.

A live session has no deadline in rounds, so the copilot reads the ``k``-th
proposal as tabled at relative time ``min(k, LIVE_HORIZON) / LIVE_HORIZON``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store.repository import get_session, parse_scenario_data, party_responses
from accord.store.tables import ProposalRow

LIVE_HORIZON = 20
"""Proposals a live session is read as lasting, for the copilot's clock."""
SUGGESTIONS = 3
"""Packages suggested, best first."""


def copilot_view(*, db: Session, session_id: str, seed: int | None = None) -> dict[str, Any]:
    """The copilot's suggestions with their forecasts, and each party's posterior summary.

    ``seed`` (default: one drawn from the session id) seeds the copilot's generator.
    """
    from accord.analysis.summary import outcome_dict
    from accord.learning.copilot import Copilot
    from accord.learning.likelihood import Answer, Said
    from accord.protocols.copilot import prior_for

    session = get_session(db=db, session_id=session_id)
    scenario = parse_scenario_data(session.scenario, "scenario")
    if seed is None:
        seed = int(hashlib.sha256(session_id.encode()).hexdigest()[:15], 16)
    model = Copilot(scenario.space, scenario.party_ids, prior_for(scenario), seed)
    rows = db.scalars(
        select(ProposalRow)
        .where(ProposalRow.session_id == session_id, ProposalRow.version == session.version)
        .order_by(ProposalRow.round, ProposalRow.created_at, ProposalRow.id)
    )
    said = {"accept": Said.ACCEPT, "reject": Said.REJECT, "request_time": Said.TIME}
    names = [(i, issue.id.lower(), issue.name.lower()) for i, issue in enumerate(scenario.issues)]
    tabled = 0
    for tabled, proposal in enumerate(rows, start=1):
        outcome = scenario.space.index_of(proposal.outcome)
        time = min(tabled, LIVE_HORIZON) / LIVE_HORIZON
        model.tabled.append(outcome)
        for response in party_responses(db=db, proposal_id=proposal.id, party_id=None):
            if response.party_id not in model.posteriors:
                continue
            model.hear(response.party_id, Answer(said[response.response], outcome, time))
            text = (response.reason or "").lower()
            for position, issue_id, name in names:
                if text and (issue_id in text or name in text):
                    model.hear(
                        response.party_id, Answer(Said.REASON, outcome, time, issue=position)
                    )
    now = min(tabled + 1, LIVE_HORIZON) / LIVE_HORIZON
    suggestions = [
        {
            "outcome": outcome_dict(scenario, s.outcome),
            "forecast": {p: round(v, 4) for p, v in s.forecast.items()},
            "all_accept": round(s.all_accept, 4),
        }
        for s in model.suggest(now, SUGGESTIONS)
    ]
    parties = {}
    for party, estimate in model.estimates(now).items():
        parties[party] = {
            "answers": estimate.answers,
            "weights": {scenario.issues[i].id: _band(band) for i, band in estimate.weights.items()},
            "reservation": _band(estimate.reservation),
            "threshold": _band(estimate.threshold),
            "effective_sample": round(estimate.effective, 4),
            "red_lines": {k: round(v, 4) for k, v in estimate.lines.items() if v >= 0.5},
        }
    return {"time": now, "proposals": tabled, "suggestions": suggestions, "parties": parties}


def _band(band: tuple[float, float, float]) -> dict[str, float]:
    mean, low, high = (float(np.round(x, 4)) for x in band)
    return {"mean": mean, "low": low, "high": high}
