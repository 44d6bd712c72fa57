"""'Which Couinaud segment holds the greatest total lesion volume?' through the real agents, where some segment holds a
single lesion, so its subtotal equals that lesion's volume (suite T, round 20: the attending read that subtotal as
"one lesion's value given as the total" and the case abstained on 4 of 4 such questions).

Lesions are painted deep inside chosen segments (`tests.painted_lesions`); the expected segment comes from the
painted voxels counted back from the written masks, never from the measurement code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom
from tests.painted_lesions import interior_points, paint
from tests.review_runs import with_item

LIVER = [f"liver_segment_{n}" for n in range(1, 9)]
ROMAN = dict(zip(range(1, 9), ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"], strict=True))


def _roman(segment: str) -> str:
    return f"Couinaud segment {ROMAN[int(segment.rsplit('_', 1)[1])]}"


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout", "question"), [
    (31, "LPS", (1.6, 1.6, 3.0), [("liver_segment_8", 11.0), ("liver_segment_8", 9.0), ("liver_segment_3", 4.0)],
     "Which Couinaud segment contains the greatest total liver lesion volume?"),
    (32, "RAS", (2.0, 2.0, 4.0), [("liver_segment_6", 4.0), ("liver_segment_7", 12.0)],
     "In which hepatic segment is the total tumour volume largest?"),
    (33, "LAS", (1.5, 1.5, 3.0), [("liver_segment_4", 4.0), ("liver_segment_5", 7.0), ("liver_segment_5", 5.0),
                                  ("liver_segment_7", 4.0)],
     "Summing all lesions per segment, which segment has the most lesion volume?"),
])
def test_the_segment_with_the_most_lesion_volume_where_one_segment_holds_one_lesion(
        tmp_path: Path, seed: int, orientation: str, spacing: tuple, layout: list, question: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=spacing))
    centres = []
    for index, (segment, _) in enumerate(layout):
        points = interior_points(tmp_path, segment, 3)
        assert len(points), segment
        centres.append(points[(index * 7919) % len(points)] if index else points[len(points) // 2])
    painted = paint(tmp_path, "liver_tumor", "liver", centres, [r for _, r in layout], LIVER)
    totals: dict[str, float] = {}
    for lesion in painted:
        for segment, share in lesion.shares.items():
            totals[segment] = totals.get(segment, 0.0) + share * lesion.voxels
    ranked = sorted(totals, key=totals.__getitem__, reverse=True)
    assert totals[ranked[0]] > 1.3 * totals[ranked[1]], totals  # told apart clearly on the grid
    others = [s for s in LIVER if s not in ranked[:1]][:3] if len(ranked) < 4 else ranked[1:4]
    options = [ranked[0], *others[:3]]
    order = [options[i] for i in (1, 3, 0, 2)]
    choices = {letter: _roman(segment) for letter, segment in zip("ABCD", order, strict=True)}
    result = orchestrator.run({"case_id": f"segtot{seed}", "question": question, "choices": choices,
                               "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                           "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == _roman(ranked[0]), (totals, result.answer_detail.text)
    assert result.review is not None and result.review.consistent
    # one segment's subtotal given as the liver's whole lesion volume is still the wrong quantity
    lone = next(s for s in ranked if [p.shares.get(s, 0.0) for p in painted if s in p.shares] == [1.0])
    subtotal = next(e for e in result.evidence if e.name == f"volume_in_{lone}")
    item = {"text": f"Total liver lesion volume {subtotal.value:.1f} mL.", "choice": None, "choices": None,
            "question": "What is the total liver lesion volume?", "evidence_ids": [e.id for e in result.evidence
                                                                                 if e.name == "volume_ml"]}
    total_question = with_item(result, item)
    assert not review_result(total_question).consistent
