"""The protocol registry."""

from __future__ import annotations

import pytest

from accord.protocols.alternating import AlternatingOffers
from accord.protocols.blind_bid import BlindBid
from accord.protocols.registry import BUILTINS, PROTOCOLS, resolve


def test_names() -> None:
    assert dict(PROTOCOLS) == {"alternating": AlternatingOffers, "blind-bid": BlindBid}
    assert all(cls.__doc__ for cls in BUILTINS)


def test_resolve_passes_options() -> None:
    assert resolve("alternating", max_extensions=3) == AlternatingOffers(max_extensions=3)
    assert resolve("blind-bid", gap=2.0) == BlindBid(gap=2.0)
    with pytest.raises(KeyError, match="alternating, blind-bid"):
        resolve("single-text")
