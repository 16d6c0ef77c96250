"""Alembic migrations of the session store, run from code by ``accord.store.database.migrate``."""
