"""Durable runs: strict checkpoint serialisation, a pickle-free artifact store, threads bound to a case.

The kill -9 matrix over every node and several case types is `scripts/bench_resume.py`; here a
few points of it run with the real agents, and the rest with scripted ones for speed.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from core.case import Case, Evidence
from core.config import Config
from core.state import CaseState
from core.store import ArtifactError, ArtifactStore
from imaging.volume import Image, LabelMap
from orchestrator.api import CaseConflictError, run
from orchestrator.checkpoints import content_hash
from orchestrator.saver import strict_serializer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_graph_routes import _scripted  # noqa: E402

CASE = {"case_id": "durable-1", "images": [{"path": "ct.nii.gz"}], "question": "How big is the spleen?"}


# -- serialisation ------------------------------------------------------------------------

def test_state_with_numpy_provenance_round_trips_strictly_without_warnings(caplog: pytest.LogCaptureFixture) -> None:
    item = Evidence.make("measurement", "measurement", "location", "liver_lesion_1", value=np.float64(3.5),
                         provenance={"shares": {"liver_segment_7": np.float32(0.75)}, "centroid": (np.int64(1), 2.0)})
    state = CaseState(case=Case(case_id="x"), evidence=[item])
    serde = strict_serializer()
    with caplog.at_level(logging.WARNING):
        again = serde.loads_typed(serde.dumps_typed(state))
    assert again == state
    assert again.evidence[0].provenance["shares"] == {"liver_segment_7": 0.75}
    assert not [r for r in caplog.records if "serial" in r.getMessage().lower() or "allow" in r.getMessage().lower()]


def test_a_crafted_checkpoint_row_does_not_run_code(tmp_path: Path) -> None:
    import ormsgpack
    from langgraph.checkpoint.serde import jsonplus

    marker = tmp_path / "pwned"
    call = ("os", "system", [f"touch {marker}"])
    for code in (jsonplus.EXT_CONSTRUCTOR_POS_ARGS, jsonplus.EXT_CONSTRUCTOR_SINGLE_ARG, jsonplus.EXT_PYDANTIC_V2):
        payload = ormsgpack.packb(ormsgpack.Ext(code, ormsgpack.packb(call if code != jsonplus.EXT_CONSTRUCTOR_SINGLE_ARG
                                                                      else ("os", "system", f"touch {marker}"))))
        try:
            strict_serializer().loads_typed(("msgpack", payload))
        except Exception:  # noqa: BLE001 - refusing is as good as ignoring; running is not
            pass
    import pickle

    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return os.system, (f"touch {marker}",)

    with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is that nothing runs
        strict_serializer().loads_typed(("pickle", pickle.dumps(Evil())))
    assert not marker.exists()


# -- artifact store -----------------------------------------------------------------------

def _image(shape: tuple[int, int, int] = (8, 9, 5)) -> Image:
    rng = np.random.default_rng(0)
    array = rng.integers(-1000, 1500, shape).astype(np.float32)
    affine = np.diag([0.8, 0.8, 2.5, 1.0])
    return Image(array, affine, (0.8, 0.8, 2.5), "CT", "ct.nii.gz", {"slice_gaps": [2.5, 2.5], "burned_in": None})


@pytest.mark.parametrize("shape", [(8, 9, 5), (1, 17, 3), (31, 2, 7)])
def test_store_round_trips_images_and_masks_without_pickle(tmp_path: Path, shape: tuple[int, int, int]) -> None:
    store = ArtifactStore("case/1", tmp_path, types=(Image, LabelMap))
    image = _image(shape)
    mask = LabelMap(image.array > 200, image.affine, (0.8, 0.8, 2.5), "liver", "seg/liver.nii.gz")
    ids = store.put("img", "current:0", image), store.put("mask", "liver", mask)
    fresh = ArtifactStore("case/1", tmp_path, types=(Image, LabelMap))
    got_image, got_mask = fresh.get(ids[0]), fresh.get(ids[1])
    assert got_image.array.dtype == np.float32 and np.array_equal(got_image.array, image.array)
    assert got_image.spacing == (0.8, 0.8, 2.5) and got_image.meta == image.meta and got_image.modality == "CT"
    assert np.array_equal(got_mask.array, mask.array) and got_mask.array.dtype == bool
    assert sorted(fresh.ids()) == sorted(ids)
    names = [p.suffix for p in store.root.iterdir()]
    assert set(names) == {".npz", ".json"}
    for npz in store.root.glob("*.npz"):
        with zipfile.ZipFile(npz) as zf:
            assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in zf.infolist())


def test_store_refuses_crafted_artifacts(tmp_path: Path) -> None:
    store = ArtifactStore("c", tmp_path, types=(Image,))
    artifact = store.put("img", "x", _image())
    base = store.root / artifact.replace(":", "_")
    marker = tmp_path / "pwned"
    np.savez(f"{base}.npz", array=np.array([object()], dtype=object))  # an object array needs pickle
    with pytest.raises(ArtifactError):
        ArtifactStore("c", tmp_path, types=(Image,)).get(artifact)
    meta = json.loads(Path(f"{base}.json").read_text())
    Path(f"{base}.json").write_text(json.dumps(meta | {"type": "os:system"}))
    with pytest.raises(ArtifactError, match="not one this store rebuilds"):
        ArtifactStore("c", tmp_path, types=(Image,)).get(artifact)
    with pytest.raises(ArtifactError, match="allowed types"):
        store.put("x", "y", {"a": 1})
    assert not marker.exists()


# -- threads bound to a case --------------------------------------------------------------

def test_a_different_case_under_a_used_id_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "ck.sqlite")
    first = run(CASE, Config(checkpoint=db), nodes=_scripted())
    with pytest.raises(CaseConflictError, match="already used"):
        run(CASE | {"question": "How big is the liver?"}, Config(checkpoint=db), nodes=_scripted())
    again = run(CASE, Config(checkpoint=db), nodes=_scripted())
    assert again == first and [s.node for s in again.trace].count("triage") == 1


def test_an_interrupted_case_is_never_resumed_for_another(tmp_path: Path) -> None:
    db = str(tmp_path / "ck.sqlite")
    nodes = _scripted()

    def crash(state: Any, runtime: Any) -> dict[str, Any]:
        raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError):
        run(CASE, Config(checkpoint=db), nodes=nodes | {"reasoner": crash})
    with pytest.raises(CaseConflictError):
        run(CASE | {"images": [{"path": "other.nii.gz"}]}, Config(checkpoint=db), nodes=nodes)
    assert run(CASE, Config(checkpoint=db), nodes=nodes).status == "answered"


def test_finished_case_leaves_only_its_result_unless_kept(tmp_path: Path) -> None:
    db = tmp_path / "ck.sqlite"
    run(CASE, Config(checkpoint=str(db)), nodes=_scripted())
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from checkpoints").fetchone() == (0,)
    assert conn.execute("select count(*) from writes").fetchone() == (0,)
    assert conn.execute("select status from clinorch_cases").fetchall() == [("finished",)]
    assert not Path(f"{db}.artifacts").exists()
    kept = tmp_path / "kept.sqlite"
    run(CASE, Config(checkpoint=str(kept), keep_checkpoint=True), nodes=_scripted())
    rows = sqlite3.connect(kept).execute("select count(*) from checkpoints").fetchone()
    assert rows == (1,)  # only the latest checkpoint of the thread is kept


def test_content_hash_follows_image_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ct.nii.gz"
    path.write_bytes(b"one")
    case = Case.model_validate({"case_id": "h", "images": [{"path": str(path)}], "question": "q"})
    before = content_hash(case)
    path.write_bytes(b"two")
    assert content_hash(case) != before
    assert content_hash(case.model_copy(update={"question": "q2"})) != content_hash(case)


# -- kill -9 with the real agents ---------------------------------------------------------

@pytest.mark.slow
def test_kill_minus_nine_then_resume_gives_the_same_result(phantom_dir: Path, tmp_path: Path) -> None:
    scripts = Path(__file__).resolve().parent.parent / "scripts"
    sys.path.insert(0, str(scripts))
    from bench_resume import child_run, comparable, fork

    case = {"case_id": "kill", "question": "What is the volume of the spleen in mL?",
            "images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")}]}
    reference = run(case)
    from core.case import CaseResult

    for point in ("writes:segmentation", "start:reasoner"):
        db = tmp_path / f"{point.replace(':', '_')}.sqlite"
        status = fork(child_run, case, db, point, None)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        out = tmp_path / f"{point.replace(':', '_')}.json"
        assert fork(child_run, case, db, None, out) == 0
        assert comparable(CaseResult.model_validate_json(out.read_text())) == comparable(reference)


def test_the_case_before_triage_does_not_outlive_triage(tmp_path: Path) -> None:
    """Only the case as triage scrubbed it stays in the checkpoint file (older checkpoints are deleted)."""
    nodes = _scripted()
    scripted_triage = nodes["triage"]

    def triage(state: Any, runtime: Any) -> dict[str, Any]:  # scrubs a name only triage can know
        clean = state.case.model_copy(update={"question": state.case.question.replace("zorblax", "[NAME]")})
        return scripted_triage(state, runtime) | {"case": clean}

    db = tmp_path / "ck.sqlite"
    case = CASE | {"question": "How big is the spleen of zorblax?"}
    result = run(case, Config(checkpoint=str(db), keep_checkpoint=True), nodes=nodes | {"triage": triage})
    assert result.question == "How big is the spleen of [NAME]?"
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("ck.sqlite*") if p.is_file())
    assert b"[NAME]" in stored and b"zorblax" not in stored


def test_the_same_case_under_another_configuration_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "ck.sqlite")
    run(CASE, Config(checkpoint=db), nodes=_scripted())
    with pytest.raises(CaseConflictError, match="another configuration"):
        run(CASE, Config(checkpoint=db, reasoner="openai"), nodes=_scripted())
    assert run(CASE, Config(checkpoint=db, keep_checkpoint=True), nodes=_scripted()).status == "answered"
