"""Kinds of question set H through the real agents on the session's phantom with provided masks.

- the request after a long history ("...; all we need is the pancreas volume") is answered for the organ it names;
- inline statements after an empty stem ("Which one is true? A) the spleen is enlarged B) ...") are answered as the
  finding they state, by its cited criterion;
- an attenuation quotient in other words ("density as a fraction of splenic density") is the HU ratio;
- the kidneys set against each other by how much name the larger kidney with both volumes;
- organs ranked by their own values are not answered with a sum (the reviewer holds such an answer back: the
  reasoner has no ranking answer for organ aggregation yet).

Expected values come from the image and mask files and the cited knowledge entries, never from a run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
import yaml
from scipy import ndimage

import orchestrator
from core.case import CaseResult

ENTRIES = Path(__file__).resolve().parents[1] / "knowledge" / "entries"


def _mask(folder: Path, name: str) -> tuple[np.ndarray, float]:
    """A mask as booleans and its voxel volume in mL."""
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return np.asarray(img.dataobj) > 0, float(np.prod(img.header.get_zooms()[:3])) / 1000.0


def _volume_ml(folder: Path, name: str) -> float:
    mask, voxel_ml = _mask(folder, name)
    return float(mask.sum()) * voxel_ml


def _parenchyma_hu(folder: Path, name: str) -> float:
    """An organ's mean HU over its lesion-free core (its lesion masks removed, its edge eroded by one voxel)."""
    ct = np.asarray(nib.load(str(folder / "ct.nii.gz")).dataobj, dtype=np.float64)
    organ = _mask(folder, name)[0]
    for lesion in folder.joinpath("segmentations").glob(f"{name}_*.nii.gz"):
        if lesion.name.split(".")[0].split("_", 1)[1] in ("tumor", "cyst", "lesion"):
            organ &= ~_mask(folder, lesion.name.split(".")[0])[0]
    return float(ct[ndimage.binary_erosion(organ, structure=np.ones((3, 3, 3)))].mean())


def _threshold(entry_id: str, label: str) -> float:
    """The lower edge of a cited criterion's band, read from its knowledge entry."""
    for path in ENTRIES.glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text())["entries"]:
            if entry["id"] == entry_id:
                bands = entry["criterion"]["quantities"][0]["bands"]
                return float(next(b["lower"] for b in bands if b["label"] == label))
    raise KeyError(entry_id)


def _ask(folder: Path, question: str) -> CaseResult:
    return orchestrator.run({"case_id": f"h{abs(hash(question)) % 10**6}", "question": question,
                             "images": [{"path": str(folder / "ct.nii.gz"), "masks": str(folder / "segmentations")}]})


def _first_number(text: str) -> float:
    return float(re.search(r"-?\d+(\.\d+)?", text).group(0))


def test_the_request_after_a_history_is_answered_for_its_organ(phantom_dir: Path) -> None:
    result = _ask(phantom_dir, "Seen in clinic for weight loss; the CT report mentioned a bulky spleen and a fatty "
                               "liver; all we need is the pancreas volume.")
    assert result.status == "answered", result.reasons
    assert _first_number(result.answer) == pytest.approx(_volume_ml(phantom_dir, "pancreas"), rel=0.01), result.answer
    assert "pancreas" in result.answer and "spleen" not in result.answer


def test_inline_statements_are_answered_as_the_finding_they_state(phantom_dir: Path) -> None:
    enlarged = _volume_ml(phantom_dir, "spleen") >= _threshold("dtvqa-splenomegaly-detection", "splenomegaly")
    result = _ask(phantom_dir, "Which one is true? A) the spleen is enlarged B) the spleen is normal in size")
    assert result.status == "answered", result.reasons
    assert result.answer.startswith("Yes" if enlarged else "No"), result.answer
    assert "dtvqa-splenomegaly-detection" in result.answer


def test_a_finding_and_its_denial_as_statements_ask_its_presence(phantom_dir: Path) -> None:
    present = bool(_mask(phantom_dir, "kidney_cyst")[0].any() or _mask(phantom_dir, "kidney_tumor")[0].any())
    result = _ask(phantom_dir, "Which applies here? A) a kidney lesion is present B) no kidney lesion is present")
    assert result.status == "answered", result.reasons
    assert result.answer.startswith("Yes" if present else "No"), result.answer


def test_an_attenuation_quotient_in_other_words_is_the_hu_ratio(phantom_dir: Path) -> None:
    truth = _parenchyma_hu(phantom_dir, "pancreas") / _parenchyma_hu(phantom_dir, "spleen")
    result = _ask(phantom_dir, "Pancreatic density as a fraction of splenic density?")
    assert result.status == "answered", result.reasons
    assert _first_number(result.answer) == pytest.approx(truth, abs=0.02), result.answer


def test_the_kidneys_set_against_each_other_name_the_larger_with_both_volumes(phantom_dir: Path) -> None:
    left, right = _volume_ml(phantom_dir, "kidney_left"), _volume_ml(phantom_dir, "kidney_right")
    result = _ask(phantom_dir, "By how many mL does the left kidney exceed the right?")
    assert result.status == "answered", result.reasons
    assert result.answer.lower().startswith(f"{'left' if left > right else 'right'} kidney is larger"), result.answer
    stated = [float(v) for v in re.findall(r"(\d+(?:\.\d+)?) mL", result.answer)]
    assert any(v == pytest.approx(left, rel=0.01) for v in stated), result.answer
    assert any(v == pytest.approx(right, rel=0.01) for v in stated), result.answer


def test_organs_ranked_are_not_answered_with_a_sum(phantom_dir: Path) -> None:
    result = _ask(phantom_dir, "Which abdominal organ is the largest by volume?")
    assert result.status != "answered" or "+" not in " ".join(result.answer_detail.evidence_ids), result.answer
    assert result.status == "answered", result.reasons  # ranked now (answers9): the first organ, every value cited
    assert result.answer.lower().startswith("liver") and " > " in result.answer, result.answer
