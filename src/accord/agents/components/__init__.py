"""Agent components in the spirit of BOA: bidding strategy, opponent model, acceptance.

An agent is a combination (:mod:`accord.agents.components.boa`); each part is a
small object tested on its own. See ``docs/agents.md``.
"""
