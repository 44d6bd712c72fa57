"""Options that name an axial slice ("slice 35", or a bare "35" to a slice question) are numbers in slices (suite K: every 'largest lesion slice' question
abstained, "the answer is measured value (35) but the options are categories").

Varied: the lesion kind (liver, pancreas, kidney), the option wording and the letter order; the measured slice is
read from the evidence of a run without options, so no expected value is written here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.phantom_inputs import run_case

WORDINGS = ["slice {}", "Slice #{}", "axial image {}", "Axial slice no. {}", "{}"]


def _slice(result, lesion: str) -> int:  # noqa: ANN001
    hits = [e for e in result.evidence if e.kind == "measurement" and e.unit == "slice" and lesion in e.target]
    assert hits, [(e.target, e.name, e.unit) for e in result.evidence if e.kind == "measurement"][:20]
    return int(hits[0].value)


@pytest.mark.parametrize(("organ", "lesion", "wording", "seed"), [
    ("liver", "liver", WORDINGS[0], 1), ("pancreatic", "pancreas", WORDINGS[1], 2), ("kidney", "kidney", WORDINGS[2], 3),
    ("liver", "liver", WORDINGS[3], 4), ("pancreatic", "pancreas", WORDINGS[4], 5),  # bare whole numbers: a slice,
])                                                                                    # not a lesion count
def test_a_slice_option_is_chosen_by_the_measured_slice(phantom_dir: Path, organ: str, lesion: str, wording: str,
                                                        seed: int) -> None:
    question = f"On which axial slice does the largest {organ} lesion reach its longest diameter?"
    images = [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")}]
    free = run_case({"images": images, "question": question})
    assert free.status == "answered", free.reasons
    truth = _slice(free, lesion)
    values = [truth, truth + 9, max(truth - 7, 0) if truth >= 7 else truth + 17, truth + 23]
    random.Random(seed).shuffle(values)
    letters = "ABCD"
    choices = {letters[i]: wording.format(v) for i, v in enumerate(values)}
    result = run_case({"images": images, "question": question, "choices": choices})
    assert result.status == "answered", result.reasons
    assert result.answer_detail.choice == letters[values.index(truth)], (result.answer, choices)
