"""Hardening of every response: security headers, per-client limits, tokens kept out of logs.

:class:`Hardening` is one ASGI middleware doing, in order: refuse a client that
failed authentication too often (429, the same answer whether or not the
session exists), refuse a client over its request rate (429), then add the
security headers to whatever the application answers, and count the client's
failed authentications: a 401 of the API (no token or an unknown one) and a
403 of a page (a bad secret link). A 403 of the API answers a valid token used
outside its session or role, which guesses nothing, and is not counted.

A client is the bearer token when there is one (so many parties behind one
address do not share a budget) and the network address otherwise; failed
authentications are always counted per address, since a guessed token is new
each time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""No inline script, nothing from elsewhere, never framed."""

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
"""Headers on every response."""

PUBLIC_PREFIXES = ("/static/",)
"""Paths that never carry private data (every other response gets ``no-store``)."""


@dataclass(frozen=True)
class Limits:
    """The limits a server enforces (``accord serve`` options set some of them)."""

    rate: float = 50.0
    """Requests per second a client may sustain."""
    burst: int = 200
    """Requests a client may make at once, above its sustained rate."""
    failures: int = 100
    """Failed authentications an address may make at once before it is slowed down."""
    failure_rate: float = 0.2
    """Failed authentications per second an address may sustain after that."""
    archive_after: timedelta | None = timedelta(days=30)
    """How long after closing a session becomes read-only (``None``: never)."""
    links_expire_after: timedelta | None = None
    """How long a party's link works after it was issued (``None``: until revoked)."""


TIDY_AT = 10_000
"""Clients remembered before idle ones are forgotten."""


class Buckets:
    """Token buckets by client key, thread-safe, forgetting idle clients."""

    def __init__(self, rate: float, size: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.size, self.clock = rate, float(size), clock
        self.levels: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()
        self.tidy_at = TIDY_AT

    def _level(self, key: str, now: float) -> float:
        level, then = self.levels.get(key, (self.size, now))
        return min(self.size, level + (now - then) * self.rate)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may spend one (0: it may now)."""
        with self.lock:
            level = self._level(key, self.clock())
        return 0.0 if level >= 1 else (1 - level) / self.rate

    def take(self, key: str) -> float:
        """Spend one for ``key`` if it may; returns :meth:`wait` before spending."""
        with self.lock:
            now = self.clock()
            level = self._level(key, now)
            if level < 1:
                return (1 - level) / self.rate
            self.levels[key] = (level - 1, now)
            if len(self.levels) > self.tidy_at:
                self._forget(now)
        return 0.0

    def _forget(self, now: float) -> None:
        """Drop the clients whose bucket is full again (as if never seen).

        The next tidying waits until the table has doubled, so a flood of new
        clients costs amortised constant time per request.
        """
        full = [k for k in self.levels if self._level(k, now) >= self.size]
        for key in full:
            del self.levels[key]
        self.tidy_at = max(TIDY_AT, 2 * len(self.levels))


def _token(scope: Scope) -> str | None:
    headers = dict(scope.get("headers") or [])
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    found = query.get("token")
    return found[0] if found and found[0] else None


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return f"ip:{client[0]}" if client else "ip:unknown"


async def _refuse(send: Send, wait: float, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(max(1, round(wait + 0.5))).encode()),
        (b"cache-control", b"no-store"),
        *((k.encode(), v.encode()) for k, v in HEADERS.items()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Hardening:
    """Security headers on every response, per-client rate limits and failed-login slow-down."""

    def __init__(self, app: ASGIApp, limits: Limits | None = None) -> None:
        self.app = app
        self.limits = limits or Limits()
        self.requests = Buckets(self.limits.rate, self.limits.burst)
        self.failures = Buckets(self.limits.failure_rate, self.limits.failures)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = _address(scope)
        wait = self.failures.wait(address)
        if wait:
            await _refuse(send, wait, "too many failed attempts from this client; try again later")
            return
        token = _token(scope)
        client = "token:" + hashlib.sha256(token.encode()).hexdigest() if token else address
        wait = self.requests.take(client)
        if wait:
            await _refuse(send, wait, "too many requests from this client; slow down")
            return
        path = str(scope.get("path", ""))
        private = not path.startswith(PUBLIC_PREFIXES)
        api = path.startswith("/api/")

        async def harden(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 401 or (status == 403 and not api):
                    self.failures.take(address)
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower().decode("latin-1") not in HEADERS
                    and (not private or k.lower() != b"cache-control")
                ]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if private:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, harden)


_SECRET = re.compile(r"((?:^|[?&])token=)[^&\s\"]*|((?i:bearer)\s+)[A-Za-z0-9._~+/=-]+")


def redact(text: str) -> str:
    """``text`` with every ``token=`` query value and bearer token replaced by ``[redacted]``."""
    return _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)


class RedactTokens(logging.Filter):
    """A logging filter that keeps tokens out of the server's logs (access and error)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn", "fastapi")


def keep_tokens_out_of_logs() -> None:
    """Install :class:`RedactTokens` on the server's loggers (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
