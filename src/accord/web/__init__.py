"""The JSON API for live sessions (FastAPI). Import it only where it is needed."""
