"""The copilot as a mediator: forecasts in every proposal, only answers in its mind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.agents.base import PartyView
from accord.cli.app import app
from accord.io import load_scenario
from accord.model.preferences import Preferences
from accord.protocols import copilot as copilot_module
from accord.protocols.base import Protocol, Session
from accord.protocols.copilot import CopilotDrafter
from accord.protocols.engine import simulate
from accord.protocols.events import Kind
from protocols.mediated import check_ending, price_and_venue
from protocols.test_isolation import reachable

PLANT = Path(__file__).resolve().parents[2] / "examples" / "plant-contract.yaml"


def _forecasts_ok(events: Any, parties: tuple[str, ...], chair_only: bool) -> int:
    counted = 0
    for event in events:
        if event.kind != Kind.PROPOSE or event.sender in parties or event.payload.get("vote"):
            continue
        if chair_only and "draft" not in event.payload:
            continue
        forecast = event.payload["forecast"]
        assert set(forecast) == set(parties)
        assert all(0.0 <= p <= 1.0 for p in forecast.values())
        assert event.payload["forecast_all"] == pytest.approx(
            np.prod(list(forecast.values())), abs=1e-3
        )
        counted += 1
    return counted


@pytest.mark.parametrize("protocol", ["single-text", "shuttle"])
def test_every_proposal_carries_its_forecast(protocol: str) -> None:
    scenario = price_and_venue()
    agents = {"seller": "conceder", "buyer": "linear"}
    result = simulate(scenario, protocol, agents, deadline=12, seed=3, mediator="copilot")
    check_ending(result, scenario)
    assert _forecasts_ok(result.events, scenario.party_ids, protocol == "single-text") >= 1
    again = simulate(scenario, protocol, agents, deadline=12, seed=3, mediator="copilot")
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in result.events]


def test_the_copilot_reaches_no_party_data(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = price_and_venue()
    built: list[CopilotDrafter] = []
    original = CopilotDrafter.of.__func__  # type: ignore[attr-defined]

    def keep(cls: type[CopilotDrafter], *args: Any, **kwargs: Any) -> CopilotDrafter:
        made: CopilotDrafter = original(cls, *args, **kwargs)
        built.append(made)
        return made

    monkeypatch.setattr(CopilotDrafter, "of", classmethod(keep))
    agents = dict.fromkeys(scenario.party_ids, "linear")
    views = simulate(scenario, "single-text", agents, deadline=8, seed=1, mediator="copilot")
    assert views.events and built
    truths = [
        np.array(
            [
                scenario.preferences[p].utility(scenario.space, scenario.space.outcome(o))
                for o in range(scenario.space.size)
            ]
        )
        for p in scenario.party_ids
    ]
    found = list(reachable(built[0], limit=400_000))
    assert len(found) > 50
    for obj in found:
        assert not isinstance(obj, Preferences | PartyView | Session | Protocol), type(obj)
        assert type(obj).__name__ != "Scenario"
        if isinstance(obj, np.ndarray) and obj.shape == truths[0].shape and obj.dtype == float:
            assert not any(np.allclose(obj, t) for t in truths)
    # Each party's posterior heard that party's answers and no other's.
    model = built[0].model
    for party, post in model.posteriors.items():
        answered = [
            e.outcome
            for e in views.events
            if e.sender == party
            and e.kind in (Kind.ACCEPT, Kind.REJECT, Kind.REQUEST_TIME)
            and not e.payload.get("vote")
        ]
        votes = sum(1 for e in views.events if e.sender == party and e.payload.get("vote"))
        heard = [a.outcome for a in post.answers if a.said.value != "prefer"]
        assert heard == answered
        assert len(post.answers) == len(answered) + votes


def test_unknown_strategy_is_refused() -> None:
    with pytest.raises(ValueError, match="copilot"):
        simulate(
            price_and_venue(),
            "shuttle",
            {"seller": "linear", "buyer": "linear"},
            deadline=3,
            seed=1,
            mediator="nobody",
        )


def test_the_prior_comes_from_the_beliefs_only() -> None:
    scenario = load_scenario(PLANT)
    assert type(copilot_module.prior_for(scenario)).__name__ == "UninformedPrior"


def test_cli_simulate_with_the_copilot_reaches_agreement_on_the_plant() -> None:
    result = CliRunner().invoke(app, [
        "simulate", str(PLANT), "--protocol", "single-text", "--option", "mediator=copilot",
        "--json",
    ])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["agreement"] is True and doc["in_zopa"] is True
    drafts = [e for e in doc["events"] if e["kind"] == "propose" and "draft" in e["payload"]]
    assert drafts and all("forecast" in e["payload"] for e in drafts)


def test_the_shuttle_copilot_puts_votes_to_every_party_before_each_bridge() -> None:
    """Answers to offers say little while every party holds out; votes teach the model."""
    scenario = load_scenario(PLANT)
    agents = dict.fromkeys(scenario.party_ids, "boulware")
    result = simulate(scenario, "shuttle", agents, deadline=4, seed=0, mediator="copilot")
    bridges = [
        k
        for k, e in enumerate(result.events)
        if e.kind == Kind.PROPOSE and e.payload.get("bridge") and "forecast" in e.payload
    ]
    assert bridges
    start = 0
    for k in bridges:
        asked = [
            e.recipients[0]
            for e in result.events[start:k]
            if e.kind == Kind.PROPOSE and e.payload.get("vote") and "versus" in e.payload
        ]
        assert set(asked) == set(scenario.party_ids), (k, asked)
        start = k
