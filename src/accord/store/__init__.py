"""Storage for live sessions: SQLAlchemy tables, Alembic migrations and repository functions.

SQLite is the embedded default; the same models work on PostgreSQL by URL.
Import it only where it is needed (it pulls in SQLAlchemy).
"""
