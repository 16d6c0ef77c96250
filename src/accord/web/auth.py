"""Bearer-token authentication and the typed dependencies of the routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from accord.store.database import Store
from accord.store.repository import MEDIATOR, PARTY, Credential, authenticate


def get_store(request: Request) -> Store:
    """The store the app was created with."""
    store: Store = request.app.state.store
    return store


def get_db(store: Annotated[Store, Depends(get_store)]) -> Iterator[Session]:
    """A database session; routes that write commit it before answering.

    Anything not committed is rolled back when the request ends, so a refused
    request changes nothing.
    """
    with store.sessions() as db:
        yield db


StoreDep = Annotated[Store, Depends(get_store)]
DbSession = Annotated[Session, Depends(get_db)]


def caller(request: Request, db: DbSession, session_id: str) -> Credential:
    """The credential of the bearer token, which must belong to ``session_id``."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
    who = authenticate(db=db, token=token.strip())
    # End the read: the connection goes back to the pool while the request waits for a
    # worker thread, so that a burst of requests cannot hold every connection and wait.
    db.rollback()
    if who is None:
        raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
    if who.session_id != session_id:
        raise HTTPException(403, "this token belongs to another session")
    refuse_if_lapsed(request, db, who, token.strip())
    if request.method not in READS:
        refuse_if_archived(request, db, session_id)
    return who


READS = ("GET", "HEAD", "OPTIONS")


def refuse_if_archived(request: Request, db: Session, session_id: str) -> None:
    """409 for a write to a session archived (read-only) by the server's archive period."""
    from accord.store.archive import is_archived

    store: Store = request.app.state.store
    after = request.app.state.limits.archive_after
    if is_archived(db=db, session_id=session_id, now=store.clock(), after=after):
        raise HTTPException(409, "this session is archived and read-only")


LAPSED = "this link has expired: ask the mediator for a new one"
"""The answer to a party link older than the server's ``links_expire_after``."""


def lapsed(request: Request, db: Session, who: Credential, token: str) -> bool:
    """Whether ``token`` is a party link past the server's lifetime for links."""
    from accord.store.links import has_lapsed

    store: Store = request.app.state.store
    after = request.app.state.limits.links_expire_after
    return has_lapsed(db=db, who=who, token=token, now=store.clock(), after=after)


def refuse_if_lapsed(request: Request, db: Session, who: Credential, token: str) -> None:
    """401 for a party link past the server's lifetime for links (:data:`LAPSED`)."""
    gone = lapsed(request, db, who, token)
    db.rollback()  # end the read, as after authenticating
    if gone:
        raise HTTPException(401, LAPSED, {"WWW-Authenticate": "Bearer"})


Caller = Annotated[Credential, Depends(caller)]


def mediator(who: Caller) -> Credential:
    """The caller, who must be the session's mediator."""
    if who.role != MEDIATOR:
        raise HTTPException(403, "only the mediator may do this")
    return who


def party(who: Caller) -> Credential:
    """The caller, who must be one of the session's parties."""
    if who.role != PARTY:
        raise HTTPException(403, "only a party may do this")
    return who


Mediator = Annotated[Credential, Depends(mediator)]
Party = Annotated[Credential, Depends(party)]
