"""A cold command's loading phase with Python's cyclic garbage collector paused.

A cold `clinorch run` imports ~1,500 modules (langgraph, langchain-core's and langsmith's pydantic
models, scipy, the agents) before its case starts: about a million long-lived objects. The cyclic
collector, triggered by allocation counts, scans them again and again while they load (two full
collections alone cost 0.1-0.2 s) and finds next to nothing to free. In a process started for one
command (`clinorch ...`, see `one_command_process`), `loading()` pauses it for the imports and the
backends' construction, then `gc.freeze()`s what they built (CPython's documented way to keep
start-up objects out of later scans), so collections during the case scan only the case's own
objects. The collector runs as before from there on; what it frees, and so every result, is
unchanged: it only reclaims unreachable cycles, never reachable objects.

Elsewhere (the CLI called in-process by tests or another program) `loading()` changes nothing:
frozen objects are never collected, which a long-lived process should decide for itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_ONE_COMMAND = False


def one_command_process() -> None:
    """Marks this process as started for one CLI command (the console entry point calls it)."""
    global _ONE_COMMAND
    _ONE_COMMAND = True


@contextmanager
def loading(*, dedicated: bool = False) -> Iterator[None]:
    """Imports and backend loading without collector passes; afterwards their objects are frozen.

    Only in a one-command process, or a process `dedicated` to one kind of work (a batch's Ray
    worker: it loads once, then runs case after case); the collector's previous state is
    restored (left disabled if it was disabled).
    """
    if not (_ONE_COMMAND or dedicated):
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
