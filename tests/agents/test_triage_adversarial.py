"""Triage on the adversarial set: every invalid input rejected for a right reason, no valid one rejected."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from synthetic.adversarial import Item, build_set, score, triage_item


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Item], list[dict[str, Any]]]:
    items = build_set(tmp_path_factory.mktemp("adversarial"))
    return items, [triage_item(item) for item in items]


@pytest.mark.slow
def test_adversarial_set_figures(outcomes: tuple[list[Item], list[dict[str, Any]]]) -> None:
    items, results = outcomes
    result = score(items, results)
    assert result["invalid"] >= 50 and result["valid"] >= 40
    assert {i.source for i in items} >= {"pydicom", "pydicom-data", "nibabel", "phantom", "synthetic"}
    assert result["wrong_reason"] == [] and result["missed"] == []
    assert result["right_reason_share"] == 1.0
    assert result["false_rejections"] == [] and result["false_rejection_share"] == 0.0


@pytest.mark.slow
def test_each_rejection_names_its_file(outcomes: tuple[list[Item], list[dict[str, Any]]]) -> None:
    items, results = outcomes
    for item, result in zip(items, results, strict=True):
        for reason in result["reasons"]:
            named = [Path(ref.path).name for ref in item.case.images]
            # a file named after the patient (RG1_UNCI.dcm holds PatientName CompressedSamples^RG1) is
            # named by a pseudonym instead
            pseudonymous = re.match(r"file-[0-9a-f]{8} \(", reason) is not None
            assert any(reason.startswith(f"{name} (") for name in named) or pseudonymous or not item.case.images, (
                item.name,
                reason,
            )
            assert "Traceback" not in reason


@pytest.mark.slow
def test_valid_inputs_get_their_track(outcomes: tuple[list[Item], list[dict[str, Any]]]) -> None:
    items, results = outcomes
    tracks = {item.name: result["track"] for item, result in zip(items, results, strict=True)}
    assert tracks["phantom"] == tracks["dicom_series"] == "abdomen_ct"
    assert tracks["synthetic_chest_ct"] == "chest_ct"
    assert tracks["head_ct"] == tracks["synthetic_head_ct"] == "head_ct"
    assert tracks["mr_small"] == tracks["brain_mr_nifti"] == "mr"
    assert tracks["cr_chest"] == tracks["cr_cspine"] == "radiograph"
    assert tracks["us_rgb"] == tracks["photo"] == "other"
