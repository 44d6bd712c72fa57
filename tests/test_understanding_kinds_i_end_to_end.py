"""Kinds of question set I through the real agents on phantoms with provided masks (and a derived prior).

- a finding stated before a label ("Spleen and liver fine. Right kidney - tumour present?") or after the question
  ("... the largest lesion? Kidneys unremarkable.") is history: the label's organ and the question's place are answered;
- lesions resolved since the prior are a fall in their count; directions offered inline ("A) larger B) smaller") ask
  the change of the group's total volume;
- a summed tumour volume is the group's total lesion volume, not a presence.

Expected values come from the mask files, never from a run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kinds_i")
    make_phantom(root / "base", PhantomSpec(seed=92, liver_lesions=4, kidney_lesion="solid", kidney_lesion_side="right",
                                            spacing=(2.4, 2.4, 5.0)))
    derive_study(root / "base", root / "one_fewer", (1.0, 1.0, 1.0, 0.0), seed=5)  # one liver lesion gone
    derive_study(root / "base", root / "grown", (1.4, 1.0, 1.0, 1.0), seed=4)  # the largest grown
    return {name: root / name for name in ("base", "one_fewer", "grown")}


def _mask(folder: Path, name: str) -> tuple[np.ndarray, float]:
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return np.asarray(img.dataobj) > 0, float(np.prod(img.header.get_zooms()[:3])) / 1000.0


def _liver_lesions(folder: Path) -> tuple[int, float]:
    """The liver lesion masks' connected pieces and their summed volume in mL."""
    total, count = 0.0, 0
    for name in ("liver_tumor", "liver_cyst", "liver_lesion"):
        if (folder / "segmentations" / f"{name}.nii.gz").exists():
            mask, voxel_ml = _mask(folder, name)
            count += ndimage.label(mask)[1]
            total += float(mask.sum()) * voxel_ml
    return count, total


def _first_number(text: str) -> float:
    return float(re.search(r"-?\d+(\.\d+)?", text).group(0))


def test_a_label_after_a_stated_finding_is_answered_for_its_organ(phantoms: dict[str, Path]) -> None:
    present = bool(_mask(phantoms["base"], "kidney_tumor")[0].any())
    text = approved(ask(phantoms["base"], "Spleen and liver fine. Right kidney - tumour present?"))
    assert text.startswith("Yes" if present else "No"), text
    assert "kidney" in text and "spleen" not in text and "liver" not in text, text


def test_a_finding_stated_after_the_question_is_history(phantoms: dict[str, Path]) -> None:
    plain = approved(ask(phantoms["base"], "In which liver segment is the largest lesion?"))
    text = approved(ask(phantoms["base"], "For surgical planning, in which liver segment is the largest lesion? "
                                          "Kidneys unremarkable."))
    assert re.search(r"segment \d", text, re.IGNORECASE) and text.split(".")[0] == plain.split(".")[0], (text, plain)


def test_lesions_resolved_since_the_prior_are_their_counts_fall(phantoms: dict[str, Path]) -> None:
    before, now = _liver_lesions(phantoms["base"])[0], _liver_lesions(phantoms["one_fewer"])[0]
    text = approved(ask(phantoms["one_fewer"], "Did any of the liver lesions disappear compared with the prior CT?",
                        prior=phantoms["base"]))
    assert text.startswith("Yes" if now < before else "No"), text
    assert re.search(rf"\b{before}\b", text) and re.search(rf"\b{now}\b", text), text


def test_directions_offered_inline_ask_the_total_volume_change(phantoms: dict[str, Path]) -> None:
    before, now = _liver_lesions(phantoms["base"])[1], _liver_lesions(phantoms["grown"])[1]
    text = approved(ask(phantoms["grown"], "Hepatic lesions compared with the previous scan: A) increased "
                                           "B) decreased C) unchanged", prior=phantoms["base"]))
    assert _first_number(text) == pytest.approx(100.0 * (now - before) / before, abs=0.5), text


def test_a_summed_tumour_volume_is_the_groups_total(phantoms: dict[str, Path]) -> None:
    total = _liver_lesions(phantoms["base"])[1]
    text = approved(ask(phantoms["base"], "Combined tumour volume in the liver?"))
    assert _first_number(text) == pytest.approx(total, rel=0.02), text
