"""The segmentation node and the backend registry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langgraph.runtime import Runtime

from agents import segmentation
from agents.backends import make_context
from agents.segmenters import Segmentation, SegmenterUnavailable, available, get_segmenter, register
from agents.segmenters.device import select_device
from core.case import Case, ImageRef
from core.config import Config
from core.state import CaseState, Intent, Plan
from core.store import ArtifactStore, artifact_id
from imaging.masks import read_mask
from imaging.volume import LabelMap, read_image


def _run(case_dir: Path, config: Config, masks: bool | Path, prior: bool = False,
         organs: list[str] | None = None) -> tuple[dict, ArtifactStore]:
    store = ArtifactStore("s1")
    folder = masks if isinstance(masks, Path) else case_dir / "segmentations"
    refs = [ImageRef(path=str(case_dir / "ct.nii.gz"), masks=str(folder) if masks else None)]
    images = {"current:0": store.put("img", "current:0", read_image(case_dir / "ct.nii.gz"))}
    if prior:
        refs.append(ImageRef(path=str(case_dir / "ct.nii.gz"), role="prior", masks=str(case_dir / "segmentations")))
        images["prior:0"] = images["current:0"]
    plan = Plan(intent=Intent(task="report"), organs=organs) if organs else None
    state = CaseState(case=Case(case_id="s1", images=refs), images=images, plan=plan)
    return segmentation.node(state, Runtime(context=make_context(config, store))), store


def test_provided_masks_go_to_the_store_with_evidence(phantom_dir: Path) -> None:
    update, store = _run(phantom_dir, Config(), masks=True, prior=True)
    assert update["masks"]["liver"] == artifact_id("mask", "s1", "liver")
    assert update["prior_masks"]["prior:0"]["liver"] == artifact_id("mask", "s1", "prior:liver")
    liver = store.get(update["masks"]["liver"])
    by_id = {e.id: e for e in update["evidence"]}
    assert by_id["segmentation:liver:present"].value is True
    assert by_id["segmentation:liver:voxel_count"].value == int(liver.array.sum())
    assert by_id["segmentation:liver:present"].provenance["backend"] == "provided"
    assert by_id["segmentation:kidney_tumor:present"].value is False  # empty mask: looked, found nothing
    assert by_id["segmentation:prior:liver:present"].value is True
    assert by_id["check:current:0:segmented"].passed is True
    assert [t.tool for t in update["trace"]] == ["provided", "provided"]


def test_without_provided_masks_the_configured_backend_runs(phantom_dir: Path) -> None:
    update, _ = _run(phantom_dir, Config(use_provided_masks=True), masks=False)
    assert {"liver", "spleen", "liver_tumor", "body"} <= set(update["masks"])
    assert next(e for e in update["evidence"] if e.id == "segmentation:liver:present").provenance["backend"] == "classical"
    update, _ = _run(phantom_dir, Config(use_provided_masks=False), masks=True)  # masks ignored when told so
    assert next(e for e in update["evidence"] if e.id == "segmentation:liver:present").provenance["backend"] == "classical"


def test_a_backend_that_cannot_run_raises_with_the_fix(phantom_dir: Path) -> None:
    """Package, weights or path missing: an infrastructure failure, raised, never evidence about the patient."""
    with pytest.raises(SegmenterUnavailable, match="/nowhere/model.ts"):
        _run(phantom_dir, Config(segmenter="monai", segmenter_options={"path": "/nowhere/model.ts"}), masks=False)


@pytest.mark.parametrize("kind", ["no mask", "empty mask"])
def test_a_needed_structure_not_found_is_evidence_naming_it_and_the_remedy(phantom_dir: Path, kind: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import agents.segmenters as registry

    class Blind:
        name = "blind"

        def segment(self, image, structures=None):
            empty = LabelMap(array=np.zeros(image.array.shape, bool), affine=image.affine, spacing=image.spacing, name="pancreas")
            return Segmentation({} if kind == "no mask" else {"pancreas": empty}, self.name)

    monkeypatch.setattr(registry.SEGMENTERS, "_factories", {})
    register("blind", Blind)
    update, _ = _run(phantom_dir, Config(segmenter="blind"), masks=False, organs=["pancreas", "pancreas_lesion"])
    items = [e for e in update["evidence"] if e.id == "segmentation:pancreas:present"]
    assert len(items) == 1 and items[0].value is False
    assert "'pancreas' not found" in items[0].reason and "'blind'" in items[0].reason
    assert "provide its mask" in items[0].reason and "nnunet" in items[0].reason


def test_a_backend_failure_on_the_image_is_a_failed_check(phantom_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import agents.segmenters as registry
    from agents.segmenters import SegmenterError

    class Broken:
        name = "broken"

        def segment(self, image, structures=None):
            raise SegmenterError("model diverged on this volume")

    monkeypatch.setattr(registry.SEGMENTERS, "_factories", {})
    register("broken", Broken)
    update, _ = _run(phantom_dir, Config(segmenter="broken"), masks=False)
    [check] = update["evidence"]
    assert check.kind == "check" and check.passed is False and "diverged" in check.reason
    assert update["masks"] == {}


@pytest.mark.parametrize("missing", [("spleen",), ("pancreas", "gall_bladder")])
def test_gaps_of_a_provided_mask_set_come_from_the_configured_segmenter(phantom_dir: Path, tmp_path: Path,
                                                                       missing: tuple[str, ...]) -> None:
    import shutil

    folder = tmp_path / "segmentations"
    shutil.copytree(phantom_dir / "segmentations", folder)
    for name in missing:
        (folder / f"{name}.nii.gz").unlink()
    update, store = _run(phantom_dir, Config(segmenter="classical"), masks=folder, organs=["liver", *missing])
    by_id = {e.id: e for e in update["evidence"]}
    assert by_id["segmentation:liver:present"].provenance["backend"] == "provided"
    for name in missing:
        assert by_id[f"segmentation:{name}:present"].value is True
        assert by_id[f"segmentation:{name}:present"].provenance["backend"] == "classical"
        truth = read_mask(phantom_dir / "segmentations" / f"{name}.nii.gz").array
        found = store.get(update["masks"][name]).array
        assert 2 * np.count_nonzero(found & truth) / (found.sum() + truth.sum()) > 0.95


def test_registry_resolves_names_and_custom_backends(phantom_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import agents.segmenters as registry

    monkeypatch.setattr(registry.SEGMENTERS, "_factories", {})  # the registration below ends with the test
    assert {"classical", "provided", "monai", "totalsegmentator", "nnunet"} <= set(available())
    with pytest.raises(ValueError, match="'nope'"):
        get_segmenter("nope")

    class Empty:
        name = "empty"

        def segment(self, image, structures=None):
            return Segmentation({}, self.name)

    register("empty", Empty)
    assert get_segmenter("empty").segment(read_image(phantom_dir / "ct.nii.gz")).masks == {}


def test_device_selection() -> None:
    torch = pytest.importorskip("torch")
    assert select_device("cpu").type == "cpu"
    assert select_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(SegmenterUnavailable, match="no CUDA"):
            select_device("cuda")


def test_revision_is_deterministic(phantom_dir: Path) -> None:
    first, s1 = _run(phantom_dir, Config(), masks=False)
    second, s2 = _run(phantom_dir, Config(), masks=False)
    assert first["masks"] == second["masks"]
    assert all(np.array_equal(s1.get(i).array, s2.get(i).array) for i in first["masks"].values())
