"""Predicted mode: a lesion search that misses lesions gives existence, never a count, a largest lesion or a place.

The classical search's found lesion masks reach the harness as `lesion_count` results with `lower_bound: True` and
`at_least` (`benchmarks.toolcache.bound_lesion_counts`); clinorch's harness agent answers "is there a lesion?" from
them and abstains, naming why, on how many, the largest, its place, its attenuation and the burden. "No lesion" is
never said from it: an organ it found empty may hold an isoattenuating lesion (liver, pancreas) or one at the
kidney's own levels, so its lesions are unknown.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from agents.segmenters.lesion_search import LOWER_BOUND
from benchmarks.integrations.harness_tools import read_number
from benchmarks.toolcache import bound_lesion_counts
from tests.bench.harness_standin import converse


def _entry(found: int) -> tuple[dict, dict]:
    lesion = {"lesion_count": {"value": found}, "volume_cm3": {"value": 4.0}, "max_diameter_mm": {"value": 21.0},
              "mean_hu": {"value": 40.0}}
    measure = {"liver_tumor": dict(lesion), "liver_lesion": dict(lesion),
               "liver": {"volume_cm3": {"value": 1500.0}, "mean_hu": {"value": 100.0}, "lesion_count": {"value": found},
                         "largest_lesion_diameter_cm": {"value": 2.1}},
               "liver_segment_4": {"volume_cm3": {"value": 200.0}, "lesion_count": {"value": 1}},
               "spleen": {"volume_cm3": {"value": 200.0}}}
    segment = {"liver_tumor": {"voxel_count": 400}, "liver": {"voxel_count": 100000}}
    return segment, measure


@pytest.mark.parametrize("found", [1, 3])
def test_the_cache_keeps_existence_only_for_a_bounded_mask(found: int) -> None:
    segment, measure = _entry(found)
    bound_lesion_counts(segment, measure, {"liver_tumor": LOWER_BOUND})
    count = measure["liver_tumor"]["lesion_count"]
    assert count["value"] is None and count["lower_bound"] is True and count["at_least"] == found
    assert read_number(count, "lesion_count") is None  # no reader takes `at_least` for the count
    assert set(measure["liver_tumor"]) == {"lesion_count"} and "liver_lesion" not in measure
    assert set(measure["liver"]) == {"volume_cm3", "mean_hu"} and set(measure["liver_segment_4"]) == {"volume_cm3"}
    assert measure["spleen"] == {"volume_cm3": {"value": 200.0}} and segment["liver_tumor"]["lower_bound"] is True


def _predicted(bounded: dict[str, int], exact: dict[str, int] | None = None) -> Callable[[str, dict], dict]:
    """A predicted-mode cache: `bounded` lesion masks found (a lower bound), `exact` counted whole, the rest absent."""
    exact = exact or {}

    def reply(name: str, args: dict) -> dict:
        kind, target = args.get("measurement_type"), args.get("target")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 50000, "clinorch_measurements": []}
        if kind == "lesion_count" and target in bounded:
            return {"value": None, "lower_bound": True, "at_least": bounded[target], "note": LOWER_BOUND}
        if kind == "lesion_count" and target in exact:
            return {"value": exact[target]}
        if kind == "volume_cm3" and target in ("liver", "kidney_left", "kidney_right"):
            return {"value": 1500.0 if target == "liver" else 150.0}
        if kind == "mean_hu" and target in ("liver", "kidney_left", "kidney_right"):
            return {"value": 100.0, "std_hu": 10.0}
        return {"error": f"No '{kind}' cached for target='{target}'", "available_targets": ["liver", "liver_tumor"]}

    return reply


@pytest.mark.parametrize(("question", "options", "bounded", "letter"), [
    ("Is there a liver lesion?", "A. No B. Yes C. Cannot be determined D. Only cysts", {"liver_tumor": 2}, "B"),
    ("Does either kidney contain a focal lesion?", "A. Both kidneys are absent B. Yes C. No D. Cannot be determined "
     "without contrast", {"kidney_cyst": 1}, "B"),
    ("Are there any pancreatic lesions?", "A. Yes B. No C. Only a pseudocyst D. Cannot be assessed",
     {"pancreas_tumor": 1}, "A"),
])
def test_existence_is_answered_from_found_lesions(question: str, options: str, bounded: dict, letter: str) -> None:
    assert converse(question, options, _predicted(bounded)) == letter


@pytest.mark.parametrize(("question", "options", "bounded"), [
    ("How many liver lesions are there?", "A. 1 B. 2 C. 3 D. 0", {"liver_tumor": 2}),
    ("Count the kidney lesions (tumours and cysts, both kidneys) on this CT.", "A. 6 B. 0 C. 4 D. 1",
     {"kidney_cyst": 1}),
    ("What is the largest axial diameter of the largest liver lesion, in centimetres?", "A. 2.5 B. 4.2 C. 5.8 D. 3.5",
     {"liver_tumor": 1}),
    ("What fraction of the liver, in percent, is lesion tissue?", "A. 0.17 B. 0.21 C. 0.26 D. 0.35", {"liver_tumor": 5}),
    ("In which Couinaud segment is the largest liver lesion located?", "A. Segment II B. Segment V C. Segment VII "
     "D. Segment VIII", {"liver_tumor": 4}),
    ("Which side is the biggest kidney lesion on?", "A. Left kidney B. Right kidney C. Both kidneys equally "
     "D. Pelvic (transplant) kidney", {"kidney_tumor": 2, "kidney_cyst": 1}),
    ("How many lesions (tumours or cysts) does the right kidney contain?", "A. 1 B. 2 C. 3 D. 0",
     {"kidney_tumor": 2, "kidney_cyst": 1}),
])
def test_counts_largest_and_places_abstain_on_a_lower_bound(question: str, options: str, bounded: dict) -> None:
    answer = converse(question, options, _predicted(bounded))
    assert answer.startswith("[no answer]") and "lower bound" in answer, answer  # the abstention says why


def test_no_kidney_lesion_is_never_said_when_the_kidney_masks_are_unknown() -> None:
    answer = converse("Does this scan show a renal tumour?", "A. Cannot be determined from this CT B. Yes C. No "
                       "D. Only in a transplanted kidney", _predicted({}))
    assert answer.startswith("[no answer]"), answer


def test_no_liver_lesion_is_said_from_an_empty_vouched_mask() -> None:
    answer = converse("Is there a liver lesion?", "A. No B. Yes C. Cannot be determined D. Only cysts",
                       _predicted({}, {"liver_tumor": 0}))
    assert answer == "A", answer


def _cache_reply(entry: dict) -> Callable[[str, dict], dict]:
    """The harness's tools answered from one predicted-mode cache entry, as the harness answers them."""
    def reply(name: str, args: dict) -> dict:
        target = args.get("target")
        if name == "segment_organ":
            return entry["segment"].get(target) or {"mask_found": False, "available_targets": sorted(entry["segment"])}
        found = entry["measure"].get(target, {}).get(args.get("measurement_type"))
        return found if found is not None else {"error": f"No {args.get('measurement_type')!r} for {target!r}",
                                                "available_targets": sorted(entry["measure"])}

    return reply


@pytest.mark.slow
@pytest.mark.parametrize(("lesions", "hu", "diameters", "spacing", "orientation"), [
    (2, 20.0, (24.0, 18.0), (1.6, 1.6, 4.0), "LPS"),   # hypodense, two
    (1, 110.0, (22.0,), (1.2, 1.2, 3.0), "RAS"),        # hyperdense, one, finer grid
    (0, 20.0, None, (1.8, 1.8, 5.0), "LPS"),            # lesion-free
])
def test_predicted_cache_from_a_phantom_answers_existence_and_abstains_on_counts(
        tmp_path, lesions: int, hu: float, diameters: tuple | None, spacing: tuple, orientation: str) -> None:
    """Real segmenter, measurement agent and harness agent on a phantom: a found liver lesion gives "Yes" and no count;
    a liver and kidneys found empty are unknown ("is there a liver lesion / a renal tumour?" abstain)."""
    from benchmarks.toolcache import image_entry
    from core.config import Config
    from synthetic.phantom import make_phantom
    from synthetic.phantom_spec import PhantomSpec

    shape = tuple(round(extent / step) for extent, step in zip((320.0, 256.0, 200.0), spacing, strict=True))
    spec = PhantomSpec(seed=41 + lesions, shape=shape, spacing=spacing, orientation=orientation, liver_lesions=lesions,
                       liver_lesion_diameters_mm=diameters, liver_lesion_hu=hu)
    make_phantom(tmp_path / "case", spec)
    entry = image_entry(tmp_path / "case", "predicted", Config(segmenter="classical"), {})
    assert "kidney_tumor" not in entry["measure"] and "kidney_cyst" not in entry["measure"]
    reply = _cache_reply(entry)
    exists = converse("Is there a liver lesion?", "A. No B. Yes C. Cannot be determined D. Only cysts", reply)
    renal = converse("Does this scan show a renal tumour?", "A. Cannot be determined from this CT B. Yes C. No "
                      "D. Only in a transplanted kidney", reply)
    assert renal.startswith("[no answer]"), renal
    if not lesions:  # found none: an isoattenuating lesion would be missed, so "no lesion" is not said
        assert "liver_tumor" not in entry["measure"] and "liver_lesion" not in entry["measure"]
        assert exists.startswith("[no answer]") and "liver tumor mask" in exists, exists
        return
    count = entry["measure"]["liver_tumor"]["lesion_count"]
    assert count["value"] is None and count["lower_bound"] is True and 1 <= count["at_least"] <= lesions + 1, count
    assert exists == "B", exists
    for question, options in (("How many liver lesions are there?", "A. 1 B. 2 C. 3 D. 0"),
                              ("What is the largest axial diameter of the largest liver lesion, in centimetres?",
                               "A. 1.8 B. 2.2 C. 2.4 D. 3.5"),
                              ("In which Couinaud segment is the largest liver lesion located?",
                               "A. Segment II B. Segment V C. Segment VII D. Segment VIII")):
        answer = converse(question, options, reply)
        assert answer.startswith("[no answer]") and "lower bound" in answer, (question, answer)


def test_an_embedded_segmenters_plane_parts_are_not_compared_by_volume() -> None:
    """Suites Y and Z (independent generators): pancreas parts and Couinaud segments the classical segmenter places
    by planes gave wrong letters when their volumes were compared; in predicted mode their volumes are not exported
    (the tool says not cached, the question abstains), while their lesion counts and the organ's own volume stay."""
    from benchmarks.toolcache import drop_approximate_parts

    def result(target: str, kind: str, value: float) -> dict:
        return {"target": target, "measurement_type": kind, "value": value}

    segment = {"pancreas": {"target": "pancreas", "mask_found": True, "clinorch_measurements": [
        {"target": "pancreas", "name": "volume_ml", "value": 70.0},
        {"target": "pancreas_head", "name": "volume_ml", "value": 26.6},
        {"target": "liver_segment_4", "name": "volume_ml", "value": 300.0}]},
        "pancreas_head": {"target": "pancreas_head", "mask_found": True}, "liver_segment_7": {"mask_found": True}}
    measure = {"pancreas": {"volume_cm3": result("pancreas", "volume_cm3", 70.0)},
               "pancreas_tail": {"volume_cm3": result("pancreas_tail", "volume_cm3", 20.5),
                                 "lesion_count": result("pancreas_tail", "lesion_count", 1)},
               "liver_segment_8": {"volume_cm3": result("liver_segment_8", "volume_cm3", 220.0)}}
    drop_approximate_parts(segment, measure, "classical")
    assert set(segment) == {"pancreas"}
    assert [m["target"] for m in segment["pancreas"]["clinorch_measurements"]] == ["pancreas"]
    assert "volume_cm3" in measure["pancreas"] and "liver_segment_8" not in measure
    assert set(measure["pancreas_tail"]) == {"lesion_count"} and "planes" in measure["pancreas_tail"]["lesion_count"]["note"]
