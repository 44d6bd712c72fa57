"""Kinds an independent generator's DeepTumorVQA-format suite (suite AA, session 24) showed abstaining, each varied on
the project's own phantoms or on hand-made evidence (the resectability kind is in tests/test_vessel_contact_end_to_end):

- a lesion count over several sub-segments asked together ("the right hepatic lobe (segments 5-8)") counts each lesion
  once, however many of them it spans (it abstained: the sum of the segments' counts would count it twice);
- "Which part of the pancreas has the largest volume?" with an option naming a part held in another ("Uncinate
  process only", the head's) is answered from the measured parts: the held part is no larger than its holder.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from core.case import Evidence
from tests.phantom_inputs import run_case


def _lesions(spans: list[str]) -> list[Evidence]:
    items = [Evidence.make("measurement", "measurement", "lesion_count", "liver_lesion", value=len(spans), unit="count")]
    for n, places in enumerate(spans, start=1):
        items.append(Evidence.make("measurement", "measurement", "locations", f"liver_lesion_{n}", value=places))
        items.append(Evidence.make("measurement", "measurement", "location", f"liver_lesion_{n}",
                                   value=places.split(",")[0].strip()))
    return items


@pytest.mark.parametrize(("spans", "asked", "count"), [
    (["liver_segment_5, liver_segment_6", "liver_segment_6", "liver_segment_2"], (5, 6, 7, 8), 2),
    (["liver_segment_5, liver_segment_6", "liver_segment_6", "liver_segment_2"], (2, 3), 1),
    (["liver_segment_4, liver_segment_8", "liver_segment_7, liver_segment_8"], (7, 8), 2),
    (["liver_segment_1"], (5, 6, 7, 8), 0),
])
def test_a_count_over_several_places_counts_each_lesion_once(spans: list[str], asked: tuple[int, ...], count: int) -> None:
    from agents.reasoners.derive import derive

    places = [f"liver_segment_{n}" for n in asked]
    derived = {e.name: e for e in derive(_lesions(spans), None, places)}
    item = derived[f"count_in_{'+'.join(places)}"]
    assert item.value == count
    singles = sum(derived[f"count_in_{p}"].value for p in places if f"count_in_{p}" in derived)
    assert singles >= count  # the segments' own counts would count a spanning lesion in each


def test_a_count_over_several_places_abstains_when_a_location_is_unknown() -> None:
    from agents.reasoners.derive import derive

    evidence = _lesions(["liver_segment_5", "liver_segment_6"])[:-2]  # lesion 2's places not measured
    names = {e.name for e in derive(evidence, None, ["liver_segment_5", "liver_segment_6"])}
    assert "count_in_liver_segment_5+liver_segment_6" not in names


@pytest.mark.parametrize(("seed", "orientation"), [(3, "RAS"), (8, "LPS")])
@pytest.mark.parametrize("asked", ["largest", "smallest"])
def test_a_part_held_in_another_is_never_the_largest(tmp_path: Path, seed: int, orientation: str, asked: str) -> None:
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / "case"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, spacing=(1.5, 1.5, 3.0), liver_lesions=0))
    seg = case / "segmentations"
    volumes = {part: float(np.count_nonzero(np.asarray(nib.load(str(seg / f"pancreas_{part}.nii.gz")).dataobj)))
               for part in ("head", "body", "tail")}
    choices = {"A": "Pancreatic body", "B": "Pancreatic head", "C": "Uncinate process only", "D": "Pancreatic tail"}
    letter = {"body": "A", "head": "B", "tail": "D"}
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(seg)}],
                       "question": f"Which part of the pancreas has the {asked} volume?", "choices": choices})
    if asked == "largest":
        assert result.answer == letter[max(volumes, key=volumes.get)], (volumes, result.reasons)  # type: ignore[arg-type]
        assert result.review is not None and result.review.consistent
    else:  # the uncinate process may be smaller than any part measured: unknown
        assert result.status == "abstained", result.answer_detail
