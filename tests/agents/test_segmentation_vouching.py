"""What the classical segmenter cannot vouch for is not written, and the pipeline and the tool cache read that alike.

- a spleen whose mask holds too little of its own level band took in a neighbour: not found, with the reason;
- on an unenhanced scan an empty liver or pancreas lesion mask is unknown (found lesions are still written);
- one rule for a lesion mask the segmenter left out (`audit_lesion_masks`): the segmentation agent and the
  harness's predicted-mode tool cache both call it unknown, never zero; end to end with the real agents.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import Segmentation
from agents.segmenters.classical_gates import MIN_BAND_SHARE, mixed_tissue, screen_organs
from agents.segmenters.classical_lesions import UNENHANCED_NONE, unenhanced_unknown
from agents.segmenters.completion import audit_lesion_masks
from imaging.volume import LabelMap


@pytest.mark.parametrize(("near", "dropped"), [(0.59, True), (0.69, True), (0.86, False), (0.95, False)])
def test_a_spleen_of_mixed_tissue_is_not_found(near: float, dropped: bool) -> None:
    organs = {"spleen": np.ones((4, 4, 4), dtype=bool), "liver": np.ones((4, 4, 4), dtype=bool)}
    notes = {"quality": {"spleen": {"near": near, "iqr": 20.0, "n": 64}, "liver": {"near": 0.3, "iqr": 30.0, "n": 64}}}
    screen_organs(organs, notes, np.array([2.0, 2.0, 2.0]))  # type: ignore[arg-type]
    assert ("spleen" not in organs) == dropped
    assert "liver" in organs  # only the organs with a floor in MIN_BAND_SHARE
    if dropped:
        assert "took in a neighbour" in notes["not_found"]["spleen"]  # type: ignore[index]
    assert set(mixed_tissue(notes)) == ({"spleen"} if near < MIN_BAND_SHARE["spleen"] else set())


@pytest.mark.parametrize(("phase", "liver_found", "written"), [("unenhanced", False, False), ("unenhanced", True, True),
                                                              ("portal", False, True), ("arterial", False, True)])
def test_an_empty_lesion_mask_of_an_unenhanced_scan_is_unknown(phase: str, liver_found: bool, written: bool) -> None:
    shape = (6, 5, 4)
    organs = {"liver": np.ones(shape, dtype=bool), "liver_tumor": np.zeros(shape, dtype=bool),
              "pancreas_tumor": np.zeros(shape, dtype=bool), "kidney_cyst": np.zeros(shape, dtype=bool)}
    organs["liver_tumor"][1:3, 1:3, 1:3] = liver_found
    notes: dict[str, object] = {"phase": phase}
    unenhanced_unknown(organs, notes)
    assert ("liver_tumor" in organs) == written
    assert ("pancreas_tumor" in organs) == (phase != "unenhanced")
    assert "kidney_cyst" in organs  # fluid is fluid without contrast: the cyst mask is the kidney group's to judge
    if phase == "unenhanced":
        assert notes["not_found"]["pancreas_tumor"] == UNENHANCED_NONE  # type: ignore[index]


def _mask(name: str, shape: tuple[int, ...], filled: bool) -> LabelMap:
    array = np.zeros(shape, dtype=bool)
    array[1:3, 1:3, 1:3] = filled
    return LabelMap(array=array, affine=np.eye(4), spacing=(1.0, 1.0, 1.0), name=name, source="test")


@pytest.mark.parametrize(("cyst_found", "kept"), [(False, set()), (True, {"kidney_cyst"})])
def test_a_lesion_mask_a_segmenter_left_out_is_unknown_with_its_reason(cyst_found: bool, kept: set[str]) -> None:
    shape = (5, 5, 5)
    masks = {"kidney_left": _mask("kidney_left", shape, True), "kidney_cyst": _mask("kidney_cyst", shape, cyst_found)}
    details = {"landmarks": {"not_found": {"kidney_tumor": "an unenhanced scan: no solid mass is told apart"}}}
    audit = audit_lesion_masks(Segmentation(masks, "classical", details))
    assert {m for m in ("kidney_cyst", "kidney_tumor") if m in audit.segmentation.masks} == kept
    reason = next(e.reason for e in audit.evidence if e.target == "kidney_tumor")
    assert "segmenter 'classical' wrote no kidney_tumor mask (an unenhanced scan" in reason
    assert ("at least the ones measured" in reason) == cyst_found


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "spacing"), [(7002, (1.2, 1.2, 3.0)), (7011, (0.9, 0.9, 2.0))])
def test_unenhanced_scans_abstain_alike_in_the_pipeline_and_the_tool_cache(tmp_path: Path, seed: int,
                                                                           spacing: tuple[float, float, float]) -> None:
    """Real agents and the harness's predicted-mode cache on one unenhanced phantom without a kidney tumour: neither
    says 'no kidney lesion' from the cyst mask alone, and both name why."""
    import orchestrator
    from benchmarks.toolcache import image_entry
    from core.config import Config
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(seed, max_voxels=500_000), phase="unenhanced", kidney_lesion="none",
                               spacing=spacing, shape=(round(300 / spacing[0]), round(240 / spacing[1]),
                                                       round(150 / spacing[2])))
    make_phantom(tmp_path / "case", spec)
    case = {"case_id": "unenhanced", "images": [{"path": str(tmp_path / "case" / "ct.nii.gz"), "modality": "CT"}],
            "question": "Does either kidney contain a focal lesion?"}
    result = orchestrator.run(case, {"segmenter": "classical", "use_provided_masks": False}, backends={})
    assert result.status == "abstained", (result.status, result.answer)
    assert any("kidney" in reason for reason in result.reasons), result.reasons
    kidneys = [e for e in result.evidence if e.target in ("kidney_left", "kidney_right") and e.name == "present"]
    if all(e.value is True for e in kidneys):  # kidneys found: the tumour mask is unknown for the phase
        missing = [e for e in result.evidence if e.target == "kidney_tumor" and e.name == "present"]
        assert missing and missing[0].value is None and "unenhanced" in (missing[0].reason or ""), result.reasons
    entry = image_entry(tmp_path / "case", "predicted", Config(segmenter="classical"), {})
    assert "kidney_tumor" not in entry["measure"] and "kidney_lesion" not in entry["measure"], json.dumps(
        {k: sorted(v) for k, v in entry["measure"].items()})
