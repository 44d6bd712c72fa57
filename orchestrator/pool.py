"""One function over many jobs: in this process, or on Ray actors that keep their backends loaded.

`map_jobs(task, jobs, ...)` calls `task(job, backends)` for each job and yields `(index, output)` as
each finishes. Here (`workers=0`, no `address`) the jobs run one after another and share the
caller's `backends`; on Ray (`workers=N` starts a local Ray for the call, `address=` joins a
cluster) each actor holds its own `backends` dict, so a model loads once per worker and serves
every job it is given. The same `task` runs in both places: batches (`orchestrator.batch`) and
benchmark tracks (`benchmarks.runner`) differ only in the task they pass.

`task`, `jobs` and outputs cross process boundaries on Ray: pass a module-level function (or a
`functools.partial` of one) and picklable jobs; outputs should be self-contained (bytes, not paths
on the worker's disk, when the cluster has no shared filesystem). `prepare`, if given, fills a
Ray worker's `backends` as the worker starts, with the cyclic collector paused as a `clinorch`
process loads (`orchestrator.startup`), so every worker loads at once and in parallel.

A local Ray's processes inherit this process's environment (no `runtime_env`, so actors run in
the worker processes Ray starts with the cluster, not in new ones set up for an environment);
each worker gets `cores // workers` BLAS/OpenMP threads (Ray's default for an actor is 1).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Job = TypeVar("Job")
Output = TypeVar("Output")
Task = Callable[[Job, dict[str, Any]], Output]
Prepare = Callable[[dict[str, Any]], None]

FORWARDED_ENV = ("PYTHONPATH", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM",
                 "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
"""Environment the workers of an existing cluster (`address`) get from the caller (offline switches, thread
limits, the import path); a local Ray's workers inherit all of it."""


class RayUnavailable(RuntimeError):
    """`workers`/`address` asked for Ray, and Ray is not installed (`pip install clinorch[ray]`)."""


def uses_ray(workers: int, address: str | None) -> bool:
    """Whether `workers`/`address` ask for Ray rather than this process."""
    return workers > 0 or bool(address)


def map_jobs(task: Task[Job, Output], jobs: Sequence[Job], *, workers: int = 0, address: str | None = None,
             backends: dict[str, Any] | None = None, prepare: Prepare | None = None) -> Iterator[tuple[int, Output]]:
    """Runs `task(job, backends)` for every job; yields `(index in jobs, output)` as each finishes.

    Args:
        task: what one job is (module-level, picklable for Ray).
        jobs: the jobs, in order; indices in the yielded pairs refer to it.
        workers: 0 runs here, in order; N > 0 runs N Ray actors (a local Ray unless `address`).
        address: an existing Ray cluster (`auto`, `ray://host:10001`); implies Ray.
        backends: loaded backends shared by the jobs run here; Ray actors load their own.
        prepare: loads a Ray worker's backends as it starts (picklable; the caller's `backends`
            serve the jobs run here).

    Raises:
        RayUnavailable: Ray was asked for and is not installed.
    """
    if not uses_ray(workers, address):
        shared = backends if backends is not None else {}
        for index, job in enumerate(jobs):
            yield index, task(job, shared)
        return
    yield from _on_ray(task, jobs, workers, address, prepare)


def _on_ray(task: Task[Job, Output], jobs: Sequence[Job], workers: int, address: str | None,
            prepare: Prepare | None) -> Iterator[tuple[int, Output]]:
    try:
        import ray
        from ray.util.actor_pool import ActorPool
    except ImportError as err:
        raise RayUnavailable("Ray is not installed: `pip install 'clinorch[ray]'` (or run without --workers/--address)"
                             ) from err
    if not jobs:
        return
    started_here = not ray.is_initialized()
    if started_here:
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
        if address:
            env = {k: v for k, v in os.environ.items() if k in FORWARDED_ENV}
            ray.init(address=address, runtime_env={"env_vars": env}, **options)
        else:
            ray.init(num_cpus=max(1, workers), **options)
    try:
        count = max(1, workers or int(ray.available_resources().get("CPU", 1)))
        threads = None if address else max(1, (os.cpu_count() or 1) // count)
        actor = ray.remote(num_cpus=1)(_Worker)
        pool = ActorPool([actor.remote(task, prepare, threads) for _ in range(min(count, len(jobs)))])
        yield from pool.map_unordered(lambda worker, item: worker.run.remote(*item), list(enumerate(jobs)))
    finally:
        if started_here:
            ray.shutdown()


class _Worker:
    """A Ray actor: one task, backends loaded as it starts (or on its first job) and kept for the rest."""

    def __init__(self, task: Task[Any, Any], prepare: Prepare | None = None, threads: int | None = None) -> None:
        self.task = task
        self.backends: dict[str, Any] = {}
        if threads is not None:  # this machine's cores shared among the workers (Ray gives an actor 1)
            from threadpoolctl import threadpool_limits

            self.limits = threadpool_limits(limits=threads)
        if prepare is not None:
            from orchestrator.startup import loading

            with loading(dedicated=True):
                prepare(self.backends)

    def run(self, index: int, job: Any) -> tuple[int, Any]:
        return index, self.task(job, self.backends)
