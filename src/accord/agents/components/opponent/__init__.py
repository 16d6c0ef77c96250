"""Opponent models: estimates of the other side's utility, learned from its offers."""
