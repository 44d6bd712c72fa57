"""A lesion mask its segmenter found only some lesions in gives no count (`agents.measures.bounded`).

Varied over lesion groups (liver, kidney with two masks, pancreas), over what rests on the mask (the group's,
a mask's, an organ's and a sub-segment's count, totals, burden, clustering, the outlier test, RECIST's sums) and
over the study (current, a prior's prefixed targets). Each found lesion's own measurements stand, and so do the
organ's volume and attenuation.
"""

from __future__ import annotations

import pytest

from agents.measures.bounded import bounded_masks, rests_on_bound, withhold_bounded
from agents.reasoners.base import InsufficientEvidence
from core.case import Evidence, Finding
from knowledge.bounds import LESIONS_EXHAUSTIVE

WHY = "the search misses isodense lesions"


def _item(target: str, name: str, value: object, masks: list[str]) -> Evidence:
    return Evidence.make("measurement", "measurement", name, target, value=value, provenance={"masks": masks,
                                                                                                  "method": "m"})


def _bound(mask_id: str, target: str) -> Evidence:
    return Evidence.make("segmentation", "segmentation", LESIONS_EXHAUSTIVE, target, value=False, reason=WHY,
                         provenance={"mask": mask_id})


@pytest.mark.parametrize(("group", "organ", "lesion_mask", "segment"), [
    ("liver_lesion", "liver", "liver_tumor", "liver_segment_4"),
    ("kidney_lesion", "kidney_left", "kidney_cyst", None),
    ("pancreas_lesion", "pancreas", "pancreas_tumor", "pancreas_head"),
    ("prior:liver_lesion", "prior:liver", "prior:liver_tumor", "prior:liver_segment_7"),
])
@pytest.mark.parametrize("found", [1, 4])
def test_only_existence_stands_on_a_bounded_mask(group: str, organ: str, lesion_mask: str, segment: str | None,
                                                 found: int) -> None:
    lesion_id, organ_id = f"mask:{lesion_mask}", f"mask:{organ}"
    kept_items = [_item(organ, "volume_ml", 1500.0, [organ_id]), _item(organ, "mean_hu", 58.0, [organ_id, lesion_id]),
                  _item(f"{organ}/spleen", "hu_ratio", 1.1, [organ_id, "mask:spleen"]),
                  _item(f"{group}_1", "longest_diameter_mm", 31.0, [lesion_id]),  # a found lesion measured whole
                  _item(f"{group}_1", "location", "x", [lesion_id]),
                  _item("aorta", f"distance_from_{group.split(':')[-1]}_1_mm", 12.0, [lesion_id, "mask:aorta"])]
    withheld = [_item(group, "lesion_count", found, [lesion_id]), _item(group, "total_lesion_volume_ml", 9.0,
                                                                        [lesion_id]),
                _item(group, "tumor_burden_pct", 2.0, [lesion_id, organ_id]), _item(lesion_mask, "lesion_count", found,
                                                                                    [lesion_id]),
                _item(organ, "lesion_count", found, [lesion_id, organ_id]), _item(group, "clustering", "x",
                                                                                  [lesion_id]),
                _item(group, "outlier_lesion", False, [lesion_id]), _item("recist", "sum_of_diameters_mm", 40.0,
                                                                          [lesion_id]),
                _item(group, "largest_lesion_mean_hu", 40.0, [lesion_id]),  # the largest found is not the largest
                _item(group, "largest_lesion_location", "x", [lesion_id])]
    if segment:
        withheld.append(_item(segment, "lesion_count", 1, [lesion_id, f"mask:{segment}"]))
    findings = [Finding(organ=organ, statement="organ", evidence_ids=[kept_items[0].id]),
                Finding(organ=organ, lesion=f"{group}_1", statement="lesion", evidence_ids=[kept_items[3].id]),
                Finding(organ=organ, lesion=group, statement="group", evidence_ids=[withheld[0].id])]
    bounded = bounded_masks([_bound(lesion_id, lesion_mask), _bound("mask:other", "other")])
    kept, left = withhold_bounded([*kept_items, *withheld], findings, bounded)
    assert [e.id for e in kept if e.name != "lesion_count_lower_bound"] == [e.id for e in kept_items]
    (bound,) = [e for e in kept if e.name == "lesion_count_lower_bound"]
    assert bound.target == group and bound.value == found and bound.reason == WHY
    assert [f.statement for f in left] == ["organ", "lesion"]


def test_an_exhaustive_mask_and_an_empty_group_keep_their_numbers() -> None:
    items = [_item("liver_lesion", "lesion_count", 2, ["mask:liver_tumor"]),
             _item("kidney_lesion", "lesion_count", 0, ["mask:kidney_cyst"])]
    assert withhold_bounded(items, [], {})[0] == items  # a model backend: every lesion counted
    kept, _ = withhold_bounded(items, [], {"mask:kidney_cyst": WHY})
    assert [e.id for e in kept] == [items[0].id]  # a count of 0 on a bounded mask is no bound: nothing stands
    assert rests_on_bound(items[0], {"mask:kidney_cyst": WHY}) is None


@pytest.mark.parametrize(("key", "group"), [
    ("liver_lesion.lesion_count", "liver_lesion"), ("liver_lesion_1.location", "liver_lesion"),
    ("liver_segment_5.lesion_count", "liver_lesion"), ("kidney_left.lesion_count", "kidney_lesion"),
    ("kidney_lesion.volume_in_kidney_right", "kidney_lesion"), ("pancreas_lesion.largest_lesion_mean_hu", None),
    ("liver.volume_ml", None), ("spleen.lesion_count", None),
])
def test_the_reasoner_names_the_bound_for_every_withheld_lesion_quantity(key: str, group: str | None) -> None:
    from agents.reasoners.base import ReasonerInput
    from agents.reasoners.compose import lesion_bound, need
    from core.state import Intent

    evidence = [Evidence.make("measurement", "measurement", "lesion_count_lower_bound", g, value=2, unit="count",
                              reason=WHY) for g in ("liver_lesion", "kidney_lesion")]
    intent = Intent(task="lesion count", lesion="liver_lesion", quantities=[key], answer_form="number")
    task = ReasonerInput(question="How many?", choices=None, intent=intent, evidence=evidence)
    bound = lesion_bound(task, key)
    assert (bound.target if bound else None) == group
    if group is not None:
        with pytest.raises(InsufficientEvidence, match=f"at least 2 found, a lower bound \\({WHY}\\)"):
            need(task, key)


@pytest.mark.parametrize(("task", "group", "name", "value"), [
    ("largest lesion location", "liver_lesion", "location", "liver_segment_5"),
    ("largest lesion location", "kidney_lesion", "organ", "kidney_left"),
    ("largest lesion attenuation", "liver_lesion", "attenuation", "hyper"),
    ("largest lesion attenuation", "pancreas_lesion", "attenuation", "hypo"),
])
@pytest.mark.parametrize("exhaustive", [True, False])
def test_the_largest_lesion_is_asked_only_of_an_exhaustive_set(task: str, group: str, name: str, value: str,
                                                              exhaustive: bool) -> None:
    """Suite AJ, predicted mode: the largest lesion the classical search found is not the largest there is (4 wrong
    letters: a place and an attenuation of a smaller lesion). With only a lower bound on the count, a question about
    the largest lesion abstains, naming the bound; with an exact count it is answered from the first instance."""
    from agents.reasoners.base import ReasonerInput
    from agents.reasoners.guideline import GuidelineReasoner
    from core.state import Intent

    organ = {"liver_lesion": "liver", "kidney_lesion": "kidney", "pancreas_lesion": "pancreas"}[group]
    count = Evidence.make("measurement", "measurement", "lesion_count" if exhaustive else "lesion_count_lower_bound",
                          group, value=2, unit="count", reason=None if exhaustive else WHY)
    evidence = [count, Evidence.make("measurement", "measurement", name, f"{group}_1", value=value),
                Evidence.make("measurement", "measurement", "organ", f"{group}_1", value=f"{organ}_left"
                              if organ == "kidney" else organ)]
    intent = Intent(task=task, organ=organ, lesion=group, quantities=[f"{group}_1.{name}"], answer_form="category")
    reasoner_input = ReasonerInput(question=f"{task}?", choices=None, intent=intent, evidence=evidence)
    if exhaustive:
        assert GuidelineReasoner().draft(reasoner_input).label
    else:
        with pytest.raises(InsufficientEvidence, match="may not be the largest"):
            GuidelineReasoner().draft(reasoner_input)
