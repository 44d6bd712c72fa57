"""The artifact store and the output files share one atomic-write helper (`core.atomic`): a write that fails part-way
(a full disk) leaves neither a truncated artifact nor its temporary file, and the store still works afterwards."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pytest

import core.store
from core import atomic
from core.store import ArtifactStore


@pytest.mark.parametrize(("shape", "dtype", "fail_in"), [
    ((5, 4, 3), bool, "arrays"), ((7, 2), np.float32, "arrays"), ((3, 3, 9), np.int16, "sidecar"),
    ((2, 6, 4), np.float64, "sidecar"),
])  # fmt: skip
def test_a_failed_store_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: tuple[int, ...],
                                              dtype: type, fail_in: str) -> None:
    store = ArtifactStore(f"case_{len(shape)}_{fail_in}", tmp_path)
    array = (np.arange(np.prod(shape)).reshape(shape) % 3).astype(dtype)
    real_savez, real_dumps = core.store._savez, core.store.json.dumps

    def full_disk_savez(path: Path, arrays: dict) -> None:
        real_savez(path, arrays)  # the partial file exists, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    def full_disk_dumps(*args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    if fail_in == "arrays":
        monkeypatch.setattr(core.store, "_savez", full_disk_savez)
    else:
        monkeypatch.setattr(core.store.json, "dumps", full_disk_dumps)
    with pytest.raises(OSError, match="No space"):
        store.put("mask", "liver", array)
    left = sorted(p.name for p in store.root.iterdir())  # type: ignore[union-attr]
    assert not [name for name in left if "tmp" in name], left
    assert not [name for name in left if name.endswith(".json")], left  # never a sidecar without its arrays
    monkeypatch.setattr(core.store, "_savez", real_savez)
    monkeypatch.setattr(core.store.json, "dumps", real_dumps)
    artifact = store.put("mask", "liver", array)
    again = ArtifactStore(store.case_id, tmp_path)
    np.testing.assert_array_equal(again.get(artifact), array)
    assert sorted(p.name for p in store.root.iterdir() if "tmp" in p.name) == []  # type: ignore[union-attr]


def test_the_outputs_and_the_store_use_one_helper() -> None:
    import orchestrator.atomic

    assert orchestrator.atomic.atomic_path is atomic.atomic_path is core.store.atomic_path
