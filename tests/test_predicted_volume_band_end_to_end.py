"""A volume measured on a PREDICTED mask says so in the answer text, with the segmentation agent's plausible error
(`{key}_plausible_error`, `agents.segmenters.volume_error`); a volume on a provided mask says neither (field
engineer finding F10). End to end with the real agents on phantoms: organs, units and seeds vary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom


@pytest.mark.parametrize(("seed", "organ", "question", "provided"), [
    (7, "spleen", "What is the volume of the spleen in mL?", False),
    (8, "liver", "How large is the liver volume, in cm3?", False),
    (9, "kidney_left", "What is the left kidney volume in mL?", False),
    (7, "spleen", "What is the volume of the spleen in mL?", True),
    (9, "kidney_left", "What is the left kidney volume in mL?", True),
])  # fmt: skip
def test_a_predicted_volume_gives_its_error_band(tmp_path: Path, seed: int, organ: str, question: str,
                                                 provided: bool) -> None:
    make_phantom(tmp_path / "p", PhantomSpec(seed=seed))
    image = {"path": str(tmp_path / "p" / "ct.nii.gz"), "modality": "CT"}
    if provided:
        image["masks"] = str(tmp_path / "p" / "segmentations")
    result = orchestrator.run({"case_id": f"band{seed}", "question": question, "images": [image]},
                              {"segmenter": "classical"})
    assert result.status == "answered", result.reasons
    text = result.answer_detail.text
    errors = [e for e in result.evidence if e.id == f"segmentation:{organ}:volume_ml_plausible_error"]
    if provided:
        assert not errors and "predicted" not in text and "±" not in text, text
        return
    assert errors and errors[0].id in result.answer_detail.evidence_ids, text
    assert f"{organ.replace('_', ' ') if '_' not in organ else 'left kidney'} mask is predicted (classical" in text, text
    band = re.search(r"error band ±([\d.]+) (mL|cm3|cm³)", text)
    assert band, text
    assert float(band.group(1)) == pytest.approx(errors[0].value, abs=0.06), (text, errors[0].value)
