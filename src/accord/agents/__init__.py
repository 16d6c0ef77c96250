"""Negotiating agents: strategies that see only their own party's side.

:mod:`accord.agents.base` defines what an agent may know and do;
:mod:`accord.agents.registry` lists the built-in strategies.
"""
