"""The HTTP API: ``create_app(settings)`` builds the FastAPI app of the wire contract."""

from lookalike.api.app import create_app

__all__ = ["create_app"]
