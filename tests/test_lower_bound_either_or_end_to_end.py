"""An either/or criterion decided by a lower bound: portal hypertension is suggested by a spleen over 314.5 mL or a
caudate/right-lobe ratio over 0.65, so a spleen the scan cuts that still measures more than 314.5 mL answers yes
whatever the ratio (suite AC, AC0167: "at least 860 mL", abstained before). A cut spleen under the cut-off decides
nothing while its true size is unknown. End to end with the real agents on phantoms cut through the spleen, from
below or from above, with or without options."""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom

OPTIONS = {"A": "Indeterminate on this examination", "B": "Yes", "C": "Not assessable on this series", "D": "No"}


def _cut_through_spleen(tmp_path: Path, seed: int, grade: str, end: str) -> Path:
    """The phantom with the slices below (`end="low"`) or above (`"high"`) a fifth of the way into the spleen removed."""
    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, splenomegaly=grade))  # type: ignore[arg-type]
    mask = nib.load(tmp_path / "p" / "segmentations" / "spleen.nii.gz")
    slices = np.flatnonzero(np.asarray(mask.dataobj).any(axis=(0, 1)))
    depth = max(2, len(slices) // 5)
    keep = slice(int(slices[0]) + depth, None) if end == "low" else slice(0, int(slices[-1]) + 1 - depth)
    out = tmp_path / "cut"
    (out / "segmentations").mkdir(parents=True)
    for path in [tmp_path / "p" / "ct.nii.gz", *sorted((tmp_path / "p" / "segmentations").glob("*.nii.gz"))]:
        nib.save(nib.load(path).slicer[:, :, keep], out / path.relative_to(tmp_path / "p"))
    return out


@pytest.mark.parametrize(("seed", "end", "choices"), [(31, "low", OPTIONS), (32, "high", None), (33, "low", None)])
def test_a_cut_spleen_above_the_cut_off_suggests_portal_hypertension(tmp_path: Path, seed: int, end: str,
                                                                     choices: dict | None) -> None:
    case = _cut_through_spleen(tmp_path, seed, "moderate", end)
    result = orchestrator.run({"case_id": f"ph{seed}", "question": "Are there imaging signs suggesting portal hypertension?",
                               "choices": choices, "images": [{"path": str(case / "ct.nii.gz"),
                                                               "masks": str(case / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer == ("B" if choices else result.answer) and result.answer_detail is not None
    assert re.match(r"(?:B — )?Yes\b", result.answer_detail.text), result.answer_detail.text
    assert "lower bound" in result.answer_detail.text
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("seed", "end"), [(34, "low"), (35, "high")])
def test_a_cut_normal_spleen_decides_nothing(tmp_path: Path, seed: int, end: str) -> None:
    case = _cut_through_spleen(tmp_path, seed, "none", end)
    result = orchestrator.run({"case_id": f"pn{seed}", "question": "Is portal hypertension suspected on this CT?",
                               "choices": OPTIONS, "images": [{"path": str(case / "ct.nii.gz"),
                                                               "masks": str(case / "segmentations")}]})
    assert result.status == "abstained", result.answer
    assert any("spleen touches" in r for r in result.reasons), result.reasons
