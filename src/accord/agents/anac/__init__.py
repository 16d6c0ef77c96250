"""Agents of the Automated Negotiating Agents Competition (ANAC), rebuilt from their papers.

Each module holds one agent: its bidding strategy, and the agent class that
combines it with an opponent model and an acceptance condition. Every class
states its source and parameters; ``docs/agents.md`` lists them with notes on
how the original's wall-clock time maps to Accord's rounds.
"""
