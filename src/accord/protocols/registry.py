"""The protocols the engine can run, by name.

An explicit table: adding a protocol means importing its class here and
listing it in :data:`BUILTINS` (its ``name`` becomes the key).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from accord.protocols.alternating import AlternatingOffers
from accord.protocols.base import Protocol
from accord.protocols.blind_bid import BlindBid
from accord.protocols.shuttle import Shuttle
from accord.protocols.single_text import SingleText

BUILTINS: tuple[type[Protocol], ...] = (AlternatingOffers, BlindBid, SingleText, Shuttle)
"""Every built-in protocol class, in a fixed order."""

PROTOCOLS: Mapping[str, type[Protocol]] = MappingProxyType({cls.name: cls for cls in BUILTINS})
"""Built-in protocols by name."""


def resolve(name: str, **options: Any) -> Protocol:
    """The protocol called ``name`` with ``options`` (``KeyError`` if unknown).

    Options are the protocol class's fields; an unknown option raises ``TypeError``.
    """
    try:
        cls = PROTOCOLS[name]
    except KeyError:
        known = ", ".join(PROTOCOLS)
        raise KeyError(f"unknown protocol {name!r} (known: {known})") from None
    return cls(**options)
