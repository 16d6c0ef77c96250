"""``create_app(store)``: the FastAPI application over a migrated store."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.store.database import Store
from accord.store.repository import Conflict, Invalid, NotFound
from accord.web.pages import router as pages_router
from accord.web.routes import router
from accord.web.security import Hardening, Limits, keep_tokens_out_of_logs
from accord.web.stream import router as stream_router
from accord.web.trust_routes import router as trust_router

MAX_BODY = 1_000_000
"""Largest request body accepted, in bytes (larger ones get 413)."""


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before any route runs."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(self.limit, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await _too_large(self.limit, send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(limit: int, send: Send) -> None:
    response = JSONResponse({"detail": f"the request body is larger than {limit} bytes"}, 413)
    await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


def _detail(status: int) -> Any:
    async def handler(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status)

    return handler


async def _unstorable(_request: Request, _error: Exception) -> JSONResponse:
    # For example a NUL character or a too-long id, which PostgreSQL refuses to store or
    # compare; nothing was committed.
    return JSONResponse({"detail": "the request holds a value the database cannot store"}, 422)


async def _bad_request(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {problem.get('msg', 'invalid')}")
    return JSONResponse({"detail": "; ".join(parts) or "invalid request"}, 422)


def create_app(store: Store, limits: Limits | None = None) -> FastAPI:
    """The JSON API (under ``/api``, OpenAPI at ``/openapi.json``) over ``store``.

    The interactive documentation pages are off: they need inline and third-party
    script, which the Content-Security-Policy forbids.
    """
    app = FastAPI(
        title="Accord live sessions",
        description="Mediated negotiation sessions: private preferences, single texts, answers.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.limits = limits or Limits()
    keep_tokens_out_of_logs()
    app.include_router(router)
    app.include_router(stream_router)
    app.include_router(trust_router)
    app.include_router(pages_router)
    app.add_exception_handler(NotFound, _detail(404))
    app.add_exception_handler(Conflict, _detail(409))
    app.add_exception_handler(Invalid, _detail(422))
    app.add_exception_handler(RequestValidationError, _bad_request)
    app.add_exception_handler(DataError, _unstorable)
    app.add_middleware(BodyLimit)
    app.add_middleware(Hardening, limits=app.state.limits)
    return app
