"""Accord: model a mediated negotiation, analyse its agreement space, explain deadlock."""

__version__ = "0.1.0"
