"""How many processes the work that splits into independent parts may use.

The pipeline sets the run's ``n_jobs`` (``Config.n_jobs``) once; the steps that split their
work (the analysis of many texts in :func:`~pinneberg_analysis.nlp.analyse`) ask
:func:`workers`. Results never depend on it: each part is computed exactly as in one
process and the parts are put together in input order.

Examples
--------
>>> set_n_jobs(1); workers(10_000)
1
>>> set_n_jobs(None)
"""

from __future__ import annotations

import os

__all__ = ["PARALLEL_MIN", "set_n_jobs", "workers"]

#: Fewer items than this are done in this process (starting workers costs seconds).
PARALLEL_MIN = 4000

_state: dict[str, int | None] = {"n_jobs": None}


def set_n_jobs(n_jobs: int | None) -> None:
    """The processes to use from now on: -1 all cores, 1 none, None back to the default (1)."""
    _state["n_jobs"] = n_jobs


def workers(n_items: int, minimum: int | None = None) -> int:
    """Processes for ``n_items`` independent items: 1 below ``minimum`` (:data:`PARALLEL_MIN`)."""
    n_jobs = _state["n_jobs"] or 1
    if n_items < (PARALLEL_MIN if minimum is None else minimum):
        return 1
    cores = os.cpu_count() or 1
    return max(1, min(cores if n_jobs == -1 else n_jobs, cores, n_items))
