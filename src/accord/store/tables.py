"""The tables of live sessions, written to be portable between SQLite and PostgreSQL.

Times are stored as ISO 8601 strings in UTC so that they hash identically in
the event chain on every database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every table."""


class SessionRow(Base):
    """A live negotiation session over one scenario."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(40))
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    """``open``, ``agreed``, ``broken_down`` or ``closed``."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The scenario's version: 1 when opened, one more at each revision."""
    agreement: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The proposal every party accepted, once there is one."""
    seats: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    """The seats played by agents: role (``"mediator"`` or a party id) -> settings."""


class CredentialRow(Base):
    """A bearer token (stored as its sha256) giving a role in one session."""

    __tablename__ = "credentials"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    party_id: Mapped[str | None] = mapped_column(String(200), nullable=True)


class SubmissionRow(Base):
    """A party's private preferences for one version of the scenario (the latest counts)."""

    __tablename__ = "submissions"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    party_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    """The version of the scenario the preferences were made for."""
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[str] = mapped_column(String(40))


class ProposalRow(Base):
    """A single text tabled by the mediator, addressed to every party."""

    __tablename__ = "proposals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON)
    respond_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    round: Mapped[int] = mapped_column(Integer, default=1)
    """The round the proposal opened (the first proposal opens round 1)."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The version of the scenario the proposal was tabled on."""


class ResponseRow(Base):
    """A party's answer to a proposal: accept, reject or request_time."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    proposal_id: Mapped[str] = mapped_column(ForeignKey("proposals.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(200))
    response: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """For a ``request_time``: ``None`` until the mediator grants or refuses it."""
    extra_seconds: Mapped[int] = mapped_column(Integer, default=0)


class EventRow(Base):
    """One entry of a session's append-only, hash-chained event log."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(210))
    kind: Mapped[str] = mapped_column(String(40))
    visible_to: Mapped[str] = mapped_column(String(200))
    """``"*"`` for every party, or the one party id that may see it (the mediator sees all)."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ScenarioVersionRow(Base):
    """One version of a session's scenario, as the mediator opened or revised it."""

    __tablename__ = "scenario_versions"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(40))
