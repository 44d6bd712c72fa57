"""Kinds of question set J through the real agents on phantoms with provided masks (and a derived prior).

- a value stated in passing of another organ ("Liver 1900 mL.") before the question: the asked organ is answered;
- a lesion group's growth asked with no RECIST word ("Have the liver lesions grown since the prior?") is the change
  of the group's total volume, answered yes or no by its tolerance, not a RECIST category;
- disease compared across sub-segments ("Which liver segment is worst affected?") names a segment.

Expected values come from the mask files, never from a run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kinds_j")
    make_phantom(root / "base", PhantomSpec(seed=93, liver_lesions=3, spacing=(2.4, 2.4, 5.0)))
    derive_study(root / "base", root / "grown", (1.5, 1.3, 1.0), seed=6)  # the liver lesions grown
    return {name: root / name for name in ("base", "grown")}


def _volume_ml(folder: Path, name: str) -> float:
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return float((np.asarray(img.dataobj) > 0).sum()) * float(np.prod(img.header.get_zooms()[:3])) / 1000.0


def test_a_value_stated_of_another_organ_leaves_the_asked_organ(phantoms: dict[str, Path]) -> None:
    spleen = _volume_ml(phantoms["base"], "spleen")
    text = approved(ask(phantoms["base"], "Liver 1900 mL. What is the volume of the spleen in mL?"))
    assert float(re.search(r"\d+(\.\d+)?", text).group(0)) == pytest.approx(spleen, rel=0.02), text
    assert "1900" not in text, text


def test_a_groups_growth_without_recist_words_is_its_volume_change(phantoms: dict[str, Path]) -> None:
    before, now = _volume_ml(phantoms["base"], "liver_tumor"), _volume_ml(phantoms["grown"], "liver_tumor")
    result = ask(phantoms["grown"], "Have the liver lesions grown since the prior scan?", prior=phantoms["base"])
    text = approved(result)
    assert text.startswith("Yes" if now > before * 1.25 else "No"), text
    assert "RECIST" not in text and "response" not in text.lower(), text


def test_disease_compared_across_segments_names_a_segment(phantoms: dict[str, Path]) -> None:
    """The segments' lesion counts are compared: one segment named, or (this phantom: one lesion in each of three
    segments) the tie said with the segments' counts, never an organ's mean HU."""
    result = ask(phantoms["base"], "Which liver segment is worst affected by disease?")
    said = approved(result) if result.status == "answered" else " ".join(result.reasons)
    assert re.search(r"segment \d", said, re.IGNORECASE), said
    assert result.status == "answered" or ("tie" in said and "lesion count" in said), said
    assert "HU" not in said, said
