"""Sources, proposals and history for :mod:`accord.io.scenario.convert`.

Each function takes the :class:`~accord.io.scenario.converter.Converter` whose state it
reads and whose problem list it adds to.
"""

from __future__ import annotations

import re

from accord.io.errors import names, unknown
from accord.io.scenario.converter import Converter, build_evidence
from accord.io.scenario.schema import ScenarioModel
from accord.model.issues import Option
from accord.model.scenario import Event, Proposal, Source


def slug(title: str) -> str:
    """A source id made from its title: lower case, runs of other characters as ``-``."""
    return re.sub(r"[\W_]+", "-", title.casefold()).strip("-")[:60].strip("-")


def build_sources(conv: Converter, model: ScenarioModel) -> tuple[Source, ...]:
    out: list[Source] = []
    for position, item in enumerate(model.sources):
        path = f"sources[{position}]"
        made = item.id is None
        if item.id is not None:
            ident = item.id
        elif not item.title:
            conv.fail(path, "a source needs an id or a title")
            continue
        else:
            ident = slug(item.title)
            if not ident:
                conv.fail(f"{path}.title", "cannot make an id from this title; give an id")
                continue
        if ident in conv.source_lookup:
            how = " (made from the title)" if made else ""
            conv.fail(f"{path}.id", f"duplicate source id {ident!r}{how}")
            continue
        title = item.title if item.title else ident
        out.append(Source(id=ident, title=title, says=item.says, url=item.url))
        conv.source_lookup[ident] = ident
    for src in out:
        conv.source_lookup.setdefault(src.title, src.id)
    conv.source_ids = [s.id for s in out]
    return tuple(out)


def build_proposals(conv: Converter, model: ScenarioModel) -> tuple[Proposal, ...]:
    out: list[Proposal] = []
    for position, item in enumerate(model.proposals):
        if item.id in conv.proposal_ids:
            conv.fail(f"proposals[{position}].id", f"duplicate proposal id {item.id!r}")
            continue
        conv.proposal_ids.append(item.id)
        path = f"proposals.{item.id}"
        by: list[str] = []
        for actor in item.by:
            if actor not in conv.actor_ids():
                conv.fail(f"{path}.by", unknown("party or mediator", actor, conv.actor_ids()))
            elif actor not in by:
                by.append(actor)
        if not item.by:
            conv.fail(f"{path}.by", "must name at least one party or mediator")
        outcome: dict[str, Option] = {}
        for issue_id, value in item.outcome.items():
            field = f"{path}.outcome.{issue_id}"
            issue = conv.known_issue(issue_id, field)
            if issue is None:
                continue
            index = conv.option_index(issue, value, field)
            if index is not None:
                outcome[issue_id] = issue.options[index]
        missing = [i for i in conv.issues if i not in item.outcome]
        if missing:
            conv.fail(
                f"{path}.outcome",
                f"gives no option for {names(missing)}; a proposal must settle every issue",
            )
        evidence = build_evidence(conv, item.evidence, f"{path}.evidence")
        ordered = {i: outcome[i] for i in conv.issues if i in outcome}
        out.append(Proposal(item.id, tuple(by), ordered, item.name, evidence))
    return tuple(out)


def build_history(conv: Converter, model: ScenarioModel) -> tuple[Event, ...]:
    out: list[Event] = []
    for position, item in enumerate(model.history):
        path = f"history[{position}]"
        if item.actor not in conv.actor_ids():
            conv.fail(f"{path}.actor", unknown("party or mediator", item.actor, conv.actor_ids()))
        if item.proposal is not None and item.proposal not in conv.proposal_ids:
            conv.fail(f"{path}.proposal", unknown("proposal", item.proposal, conv.proposal_ids))
        evidence = build_evidence(conv, item.evidence, f"{path}.evidence")
        out.append(Event(item.actor, item.action, item.proposal, evidence))
    return tuple(out)
