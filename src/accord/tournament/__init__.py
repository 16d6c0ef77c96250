"""Tournaments: expand a configuration into runs (:mod:`accord.tournament.plan`), judge
opponent models (:mod:`accord.tournament.opponent`) and rank agents with bootstrap
intervals (:mod:`accord.tournament.scoring`). Pure: running the plan is the job of
:mod:`accord.runners`.
"""
