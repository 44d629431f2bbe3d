"""Where the work runs: in-process threads by default, or a Dask distributed cluster.

``executor(scheduler)`` yields a :class:`concurrent.futures.Executor`. Without a scheduler
(and without ``CHUHAI_DASK_SCHEDULER``) it is a :class:`~concurrent.futures.ThreadPoolExecutor`
in this process (DuckDB runs its queries outside the GIL, and the per-process read cache
is shared by every task). With ``tcp://HOST:8786`` it is the cluster's executor
(``distributed.Client(address).get_executor()``): tasks are pickled to the workers, which
read the warehouse where it is (a path every worker sees). Dask's ``submit`` reserves the
keyword ``key``, so tasks take their arguments positionally.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager

from chuhai.errors import InputError

__all__ = ["ENV", "THREADS_ENV", "default_workers", "executor", "scheduler_address"]

ENV = "CHUHAI_DASK_SCHEDULER"
#: Threads of the in-process executor (default: the CPU count, 2 to 8).
THREADS_ENV = "CHUHAI_BATCH_THREADS"


def scheduler_address(scheduler: str | None) -> str | None:
    """The scheduler to use: the option, else ``$CHUHAI_DASK_SCHEDULER``, else None."""
    address = (scheduler or os.environ.get(ENV) or "").strip()
    if not address:
        return None
    if "://" not in address:
        raise InputError(f"a scheduler address looks like tcp://HOST:8786, not {address!r}",
                         field="scheduler")
    return address


def default_workers() -> int:
    raw = os.environ.get(THREADS_ENV, "").strip()
    if raw:
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise InputError(f"{THREADS_ENV} must be a whole number ≥ 1, not {raw!r}",
                             field=THREADS_ENV)
        return int(raw)
    return max(2, min(8, os.cpu_count() or 2))


@contextmanager
def executor(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Executor]:
    address = scheduler_address(scheduler)
    if address is None:
        with ThreadPoolExecutor(max_workers=workers or default_workers(),
                                thread_name_prefix="chuhai-batch") as pool:
            yield pool
        return
    import distributed  # lazy: start-up speed (Dask only when a cluster is asked for)

    try:
        client = distributed.Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler {address}: {exc}",
                         field="scheduler") from exc
    try:
        yield client.get_executor()
    finally:
        client.close()
