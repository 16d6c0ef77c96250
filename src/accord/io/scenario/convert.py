"""Turn a validated scenario model into an :class:`accord.model.scenario.Scenario`.

:func:`convert` runs the checks of :mod:`accord.io.scenario.converter`,
:mod:`accord.io.scenario.preferences` and :mod:`accord.io.scenario.talks` in
order, and raises one :class:`~accord.io.errors.ScenarioError` listing every
problem found.
"""

from __future__ import annotations

from accord.io.scenario.converter import Converter
from accord.io.scenario.preferences import all_beliefs, all_mediator_preferences, all_preferences
from accord.io.scenario.schema import ScenarioModel
from accord.io.scenario.talks import build_history, build_proposals, build_sources
from accord.io.scenario.uncertainty import all_uncertainty
from accord.model.scenario import Scenario


def convert(model: ScenarioModel, source: str) -> Scenario:
    """Build the :class:`Scenario` described by ``model`` or raise :class:`ScenarioError`."""
    conv = Converter(source)
    sources = build_sources(conv, model)
    parties = conv.actors(model.parties, "parties", {})
    taken: dict[str, str] = {}
    for position, party in enumerate(model.parties):
        taken.setdefault(party.id, f"parties[{position}]")
    mediators = conv.actors(model.mediators, "mediators", taken)
    conv.party_ids = [a.id for a in parties]
    conv.mediator_ids = [a.id for a in mediators]
    issues = conv.all_issues(model.issues)
    if not model.parties:
        conv.fail("parties", "at least one party is needed")
    conv.check()

    preferences = all_preferences(conv, model.preferences)
    conv.count_constraints(model.preferences)
    mediator_preferences = all_mediator_preferences(conv, model.preferences)
    beliefs = all_beliefs(conv, model.beliefs)
    proposals = build_proposals(conv, model)
    history = build_history(conv, model)
    conv.check()
    return Scenario(
        name=model.name,
        parties=parties,
        issues=issues,
        preferences=preferences,
        mediators=mediators,
        description=model.description,
        sources=sources,
        proposals=proposals,
        history=history,
        mediator_preferences=mediator_preferences,
        uncertainty=all_uncertainty(conv, model.preferences, preferences),
        beliefs=beliefs,
    )
