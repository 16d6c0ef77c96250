"""Negotiation protocols: the rules of the table, run as generators of events.

:mod:`accord.protocols.engine` runs a protocol with agents over a scenario;
:mod:`accord.protocols.registry` names the protocols it can run.
"""
