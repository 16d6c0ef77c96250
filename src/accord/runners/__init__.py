"""Running a tournament's plan: one negotiation chunk in a worker (:mod:`.work`), on a
local process pool (:mod:`.local`) or a Dask cluster (:mod:`.dask`), results written as
Parquet parts and resumed from them (:mod:`.results`), driven by :mod:`.tournament`.
"""
