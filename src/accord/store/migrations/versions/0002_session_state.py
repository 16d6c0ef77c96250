"""Session state, rounds, scenario versions and agent seats.

Sessions get a status (``open`` until agreed, broken down or closed), the
agreed proposal, the current scenario version and the seats played by agents;
proposals record their round and scenario version; submissions are kept per
scenario version (the primary key gains ``version``); every version of a
scenario is kept in ``scenario_versions``. Existing sessions become version 1.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns, keep submissions per version, back-fill version 1."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="open"))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("agreement", sa.String(32), nullable=True))
        batch.add_column(sa.Column("seats", sa.JSON(), nullable=True))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("round", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "scenario_versions",
        sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.execute(
        "INSERT INTO scenario_versions (session_id, version, scenario, created_at) "
        "SELECT id, 1, scenario, created_at FROM sessions"
    )
    # Proposals of old sessions: number them in the order they were tabled.
    op.execute(
        "UPDATE proposals SET round = (SELECT COUNT(*) FROM proposals AS earlier "
        "WHERE earlier.session_id = proposals.session_id AND "
        "(earlier.created_at < proposals.created_at OR "
        "(earlier.created_at = proposals.created_at AND earlier.id <= proposals.id)))"
    )
    op.create_table(
        "submissions_by_version",
        sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("party_id", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("preferences", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.String(40), nullable=False),
    )
    op.execute(
        "INSERT INTO submissions_by_version "
        "(session_id, party_id, version, preferences, submitted_at) "
        "SELECT session_id, party_id, 1, preferences, submitted_at FROM submissions"
    )
    op.drop_table("submissions")
    op.rename_table("submissions_by_version", "submissions")


def downgrade() -> None:
    """Keep each party's latest submission only and drop the new columns and table."""
    op.create_table(
        "submissions_latest",
        sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("party_id", sa.String(200), primary_key=True),
        sa.Column("preferences", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.String(40), nullable=False),
    )
    op.execute(
        "INSERT INTO submissions_latest (session_id, party_id, preferences, submitted_at) "
        "SELECT s.session_id, s.party_id, s.preferences, s.submitted_at FROM submissions AS s "
        "WHERE s.version = (SELECT MAX(v.version) FROM submissions AS v "
        "WHERE v.session_id = s.session_id AND v.party_id = s.party_id)"
    )
    op.drop_table("submissions")
    op.rename_table("submissions_latest", "submissions")
    op.drop_table("scenario_versions")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later, PostgreSQL): rebuilding the
    # tables instead would trip over the foreign keys that refer to them.
    for table, column in (
        ("proposals", "version"),
        ("proposals", "round"),
        ("sessions", "seats"),
        ("sessions", "agreement"),
        ("sessions", "version"),
        ("sessions", "status"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
