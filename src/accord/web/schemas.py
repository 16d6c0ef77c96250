"""Request and response bodies of the JSON API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class Seat(Body):
    """A seat played by an Accord agent."""

    agent: str = Field(max_length=100)
    """A built-in agent's name: for a party, a negotiation strategy (``boulware``,
    ``conceder``, ...); for the mediator, ``copilot``."""
    preferences: dict[str, Any] | None = None
    """A party agent's preferences (default: the scenario's ``preferences.<party>``)."""
    rounds: int = Field(default=20, ge=1, le=1000)
    """The rounds the agent plans for: its clock, and for the mediator when it gives up."""
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    """Seed of the agent's random choices."""


class NewSession(Body):
    """``POST /api/sessions``: the scenario, as a scenario file's JSON, and any agent seats."""

    scenario: dict[str, Any]
    seats: dict[str, Seat] = Field(default_factory=dict, max_length=1000)
    """Role (``mediator`` or a party id) -> the agent that plays it."""


class SessionCreated(BaseModel):
    """The new session and its tokens (shown only this once)."""

    id: str
    mediator_token: str
    party_tokens: dict[str, str]


class PreferencesIn(Body):
    """A party's private preferences, as in a scenario file's ``preferences.<party>``."""

    preferences: dict[str, Any]


class ProposalIn(Body):
    """A single text for every party, with an optional deadline for answers."""

    outcome: dict[str, str | int | float] = Field(max_length=10_000)
    """Issue id -> option, written as in the scenario (``22`` or ``"22"``)."""
    respond_by: datetime | None = None


class Created(BaseModel):
    """The id of what was created."""

    id: str


class Answer(StrEnum):
    """What a party can say to a proposal."""

    ACCEPT = "accept"
    REJECT = "reject"
    REQUEST_TIME = "request_time"


class ResponseIn(Body):
    """A party's answer to a proposal."""

    response: Answer
    reason: str = Field(default="", max_length=10_000)


class TimeDecision(Body):
    """The mediator's decision on waiting requests for more time."""

    grant: bool
    extra_seconds: int = Field(default=0, ge=0, le=365 * 24 * 3600)
    party: str | None = None
    """Decide only this party's request (default: every waiting request)."""


class Releasable(StrEnum):
    """What of a party the mediator may release to other parties."""

    RESPONSES = "responses"
    PREFERENCES = "preferences"


class ReleaseIn(Body):
    """The mediator releases one party's responses or preferences to other parties."""

    party: str
    what: Releasable
    to: list[str] | None = Field(default=None, max_length=1000)
    """The parties who may see them (default: every other party)."""


class Decided(BaseModel):
    """The parties whose requests were decided."""

    parties: list[str]


class Error(BaseModel):
    """Every error: one paragraph."""

    detail: str


class Ending(Body):
    """The mediator closes a session or declares a breakdown."""

    reason: str = Field(default="", max_length=10_000)


class Ended(BaseModel):
    """The session's status afterwards."""

    status: str


class ScenarioIn(Body):
    """A revised scenario (same parties), as a scenario file's JSON."""

    scenario: dict[str, Any]


class Revised(BaseModel):
    """The scenario's new version and the parties that must submit preferences again."""

    version: int
    resubmit: list[str]
