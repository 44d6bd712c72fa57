"""A lesion's value labelled as its organ's is refused (reviewer set 12: "28.8 mm (liver diameter)" for the largest
liver lesion, "59.0 HU (right kidney mean attenuation)" for the kidney lesion's HU).

Real answers on a phantom with provided masks; the label after the number is rewritten to name the host organ in
several wordings (refused) or the lesion in several wordings (kept). Varied: organ (liver, kidney, pancreas) and
quantity (diameter, volume, attenuation).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.review_runs import answered, failed_checks, run_once

CASES = [
    ("What is the longest diameter of the largest liver lesion in mm?", "liver", "diameter"),
    ("What is the volume of the largest liver lesion?", "liver", "volume"),
    ("What is the mean HU of the kidney lesion?", "right kidney", "mean attenuation"),
    ("What is the longest diameter of the pancreatic tumor?", "pancreas", "longest diameter"),
]


@pytest.fixture(scope="module")
def phantoms(phantom_dir: Path) -> dict[str, Path]:
    return {"p": phantom_dir}


@pytest.mark.parametrize(("question", "organ", "quantity"), CASES)
def test_a_lesion_value_labelled_as_its_organ_is_refused(phantoms: dict[str, Path], question: str, organ: str,
                                                         quantity: str) -> None:
    result = answered(run_once(phantoms, "p", question))
    number = re.match(r"\s*(-?\d+(?:\.\d+)?\s*(?:mm|mL|HU))", result.answer or "")
    assert number, result.answer
    value = number.group(1)
    for label in (f"{organ} {quantity}", f"{organ.title()} {quantity}", f"the {organ}'s {quantity}"):
        assert "answer_kind" in failed_checks(result, f"{value} ({label})"), label
    for label in (f"largest {organ} lesion {quantity}", f"{organ} tumour {quantity}", f"{quantity} of the {organ} mass",
                  f"in the {organ}", f"posterior {organ}, segment 7"):  # a place says where, not whose value
        assert "answer_kind" not in failed_checks(result, f"{value} ({label})"), label
