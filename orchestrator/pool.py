"""One function over many jobs: in this process, or on Ray actors that keep their backends loaded.

`map_jobs(task, jobs, ...)` calls `task(job, backends)` for each job and yields `(index, output)` as
each finishes. Here (`workers=0`, no `address`) the jobs run one after another and share the
caller's `backends`; on Ray (`workers=N` starts a local Ray for the call, `address=` joins a
cluster) each actor holds its own `backends` dict, so a model loads once per worker and serves
every job it is given. The same `task` runs in both places: batches (`orchestrator.batch`) and
benchmark tracks (`benchmarks.runner`) differ only in the task they pass.

`task`, `jobs` and outputs cross process boundaries on Ray: pass a module-level function (or a
`functools.partial` of one) and picklable jobs; outputs should be self-contained (bytes, not paths
on the worker's disk, when the cluster has no shared filesystem).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Job = TypeVar("Job")
Output = TypeVar("Output")
Task = Callable[[Job, dict[str, Any]], Output]

FORWARDED_ENV = ("PYTHONPATH", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM",
                 "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
"""Environment a local Ray's workers get from the caller (offline switches, thread limits, the import path)."""


class RayUnavailable(RuntimeError):
    """`workers`/`address` asked for Ray, and Ray is not installed (`pip install clinorch[ray]`)."""


def uses_ray(workers: int, address: str | None) -> bool:
    """Whether `workers`/`address` ask for Ray rather than this process."""
    return workers > 0 or bool(address)


def map_jobs(task: Task[Job, Output], jobs: Sequence[Job], *, workers: int = 0, address: str | None = None,
             backends: dict[str, Any] | None = None) -> Iterator[tuple[int, Output]]:
    """Runs `task(job, backends)` for every job; yields `(index in jobs, output)` as each finishes.

    Args:
        task: what one job is (module-level, picklable for Ray).
        jobs: the jobs, in order; indices in the yielded pairs refer to it.
        workers: 0 runs here, in order; N > 0 runs N Ray actors (a local Ray unless `address`).
        address: an existing Ray cluster (`auto`, `ray://host:10001`); implies Ray.
        backends: loaded backends shared by the jobs run here; Ray actors load their own.

    Raises:
        RayUnavailable: Ray was asked for and is not installed.
    """
    if not uses_ray(workers, address):
        shared = backends if backends is not None else {}
        for index, job in enumerate(jobs):
            yield index, task(job, shared)
        return
    yield from _on_ray(task, jobs, workers, address)


def _on_ray(task: Task[Job, Output], jobs: Sequence[Job], workers: int,
            address: str | None) -> Iterator[tuple[int, Output]]:
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
        env = {k: v for k, v in os.environ.items() if k in FORWARDED_ENV}
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR",
                                   "runtime_env": {"env_vars": env}}
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(1, workers), **options)
    try:
        actor = ray.remote(num_cpus=1)(_Worker)
        count = max(1, workers or int(ray.available_resources().get("CPU", 1)))
        pool = ActorPool([actor.remote(task) for _ in range(min(count, len(jobs)))])
        yield from pool.map_unordered(lambda worker, item: worker.run.remote(*item), list(enumerate(jobs)))
    finally:
        if started_here:
            ray.shutdown()


class _Worker:
    """A Ray actor: one task, backends loaded on its first job and kept for the rest."""

    def __init__(self, task: Task[Any, Any]) -> None:
        self.task = task
        self.backends: dict[str, Any] = {}

    def run(self, index: int, job: Any) -> tuple[int, Any]:
        return index, self.task(job, self.backends)
