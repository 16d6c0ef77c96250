"""The protocol registry."""

from __future__ import annotations

import pytest

from accord.protocols.alternating import AlternatingOffers
from accord.protocols.blind_bid import BlindBid
from accord.protocols.registry import BUILTINS, PROTOCOLS, resolve
from accord.protocols.shuttle import Shuttle
from accord.protocols.single_text import SingleText


def test_names() -> None:
    assert dict(PROTOCOLS) == {
        "alternating": AlternatingOffers,
        "blind-bid": BlindBid,
        "single-text": SingleText,
        "shuttle": Shuttle,
    }
    assert all(cls.__doc__ for cls in BUILTINS)


def test_resolve_passes_options() -> None:
    assert resolve("alternating", max_extensions=3) == AlternatingOffers(max_extensions=3)
    assert resolve("blind-bid", gap=2.0) == BlindBid(gap=2.0)
    assert resolve("single-text", mediator="bisect") == SingleText(mediator="bisect")
    assert resolve("shuttle", bridging=False) == Shuttle(bridging=False)
    with pytest.raises(KeyError, match="alternating, blind-bid, single-text, shuttle"):
        resolve("auction")
