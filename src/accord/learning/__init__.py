"""Learning what each party wants from its answers alone: the mediator's copilot.

Pure core: particle posteriors over additive preferences (:mod:`particles`), the
answer likelihood (:mod:`likelihood`), Bayesian updating (:mod:`update`), the
proposal rule (:mod:`proposal`) and the measures of how well it did
(:mod:`calibration`).
"""
