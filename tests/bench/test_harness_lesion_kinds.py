"""Harness-agent kind a fifth independent generator's suite (N) showed: with the cysts of a group in a mask of their
own (``pancreas_cyst`` beside ``pancreas_tumor``, ``kidney_cyst`` beside ``kidney_tumor``), a question that names one
kind ("how many pancreatic cysts", "tumours in the tail", "the largest kidney tumour") is about that mask's lesions,
not the group's union (suite N: 3 cysts counted for 2, a tumour count by location and an outlier taken over the cysts
too); a question naming lesions, or both kinds ("solid or cystic"), is about them all."""

from __future__ import annotations

import pytest

from benchmarks.integrations.harness_tools import of_kind
from questions.lesion_kinds import lesion_kind_mentioned
from tests.bench.harness_standin import converse
from tests.bench.test_harness_kinds_suiteM import _cache


@pytest.mark.parametrize(("question", "kind"), [
    ("How many separate pancreatic cysts are present?", "cyst"),
    ("Where is the largest renal cyst located?", "cyst"),
    ("Is there a cystic lesion in the left kidney?", "cyst"),
    ("How many pancreatic tumors involve the pancreatic tail?", "tumor"),
    ("What is the diameter of the largest kidney tumour?", "tumor"),
    ("Count the pancreatic masses.", None),  # a mass may be cystic
    ("How would you characterize the renal mass by its attenuation?", None),
    ("Count the solid pancreatic masses.", "tumor"),
    ("What is the renal tumor burden as a percentage of organ volume?", None),
    ("Tumour load of the pancreas in percent, cysts only?", "cyst"),
    ("Is there a focal lesion (solid or cystic) in either kidney?", None),
    ("Is any kidney tumor or cyst present?", None),
    ("How many pancreatic lesions are there?", None),
])
def test_the_kind_a_question_names(question: str, kind: str | None) -> None:
    assert lesion_kind_mentioned(question) == kind


def test_a_kind_selects_its_masks_only_where_cysts_have_their_own() -> None:
    assert of_kind(("pancreas_tumor", "pancreas_cyst"), "cyst") == ("pancreas_cyst",)
    assert of_kind(("pancreas_tumor", "pancreas_cyst"), "tumor") == ("pancreas_tumor",)
    assert of_kind(("liver_tumor",), "cyst") == ("liver_tumor",)  # no cyst mask: the kind is for the reasoner
    assert of_kind(("kidney_tumor", "kidney_cyst"), None) == ("kidney_tumor", "kidney_cyst")


@pytest.mark.parametrize(("organ", "tumours", "cysts"), [("pancreas", 1, 2), ("pancreas", 3, 1), ("kidney", 2, 1),
                                                         ("kidney", 1, 3)])
def test_counts_of_a_named_kind_come_from_its_mask(organ: str, tumours: int, cysts: int) -> None:
    reply = _cache({f"{organ}_tumor": tumours, f"{organ}_cyst": cysts},
                   {"pancreas": 70.0} if organ == "pancreas" else {"kidney_left": 150.0, "kidney_right": 160.0})
    words = {"pancreas": "pancreatic", "kidney": "kidney"}[organ]
    for noun, truth in (("cysts", cysts), ("tumors", tumours), ("lesions", tumours + cysts)):
        numbers = sorted({truth, truth + 1, truth + 2, max(truth - 1, 0) if truth > 1 else truth + 3})
        options = {n: "ABCD"[i] for i, n in enumerate(numbers)}
        letters = " ".join(f"{letter}. {n}" for n, letter in options.items())
        assert converse(f"How many separate {words} {noun} are present?", letters, reply) == options[truth], noun


def _lesion_reply(organ: str, masks: dict[str, tuple[int, float]]) -> object:
    """A tool cache whose lesion masks `masks` hold (count, mean HU of the largest); the organ at 120 HU."""
    def reply(name: str, args: dict) -> dict:
        kind, target = args.get("measurement_type"), args.get("target")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 50000, "clinorch_measurements": []}
        if target in masks and kind == "lesion_count":
            return {"value": masks[target][0]}
        if target in masks and kind == "mean_hu" and masks[target][0]:
            return {"value": masks[target][1], "note": "of the largest lesion"}
        if target.startswith(organ) and target not in masks and kind == "mean_hu":
            return {"value": 120.0, "std_hu": 25.0}
        return {"error": f"No '{kind}' cached for target='{target}'"}
    return reply


@pytest.mark.parametrize(("hu", "category"), [(4.7, "Simple cyst"), (-5.0, "Simple cyst"), (45.0, "Indeterminate"),
                                              (82.0, "Hyperattenuating")])
@pytest.mark.parametrize("question", ["How would you characterize the renal mass by its attenuation?",
                                      "Characterise the kidney mass on its CT density."])
def test_a_renal_mass_held_in_the_cyst_mask_is_characterised(hu: float, category: str, question: str) -> None:
    """A "renal mass" is any kidney lesion: with the tumour mask empty and the lesion in ``kidney_cyst`` the mass is
    characterised from the cyst's HU, not refused as "kidney lesion count 0" (the project's own suite, seed 5)."""
    reply = _lesion_reply("kidney", {"kidney_tumor": (0, 0.0), "kidney_cyst": (1, hu)})
    options = ["Hyperattenuating", "Simple cyst", "Indeterminate", "Fat-containing"]
    letters = " ".join(f"{'ABCD'[i]}. {o}" for i, o in enumerate(options))
    assert converse(question, letters, reply) == "ABCD"[options.index(category)]


@pytest.mark.parametrize(("cyst_ml", "tumour_ml", "left_ml", "right_ml"), [(6.38, 0.0, 112.84, 116.32),
                                                                         (12.0, 3.0, 150.0, 140.0),
                                                                         (2.5, 0.0, 180.0, 95.0)])
def test_a_tumour_burden_counts_the_cysts_too(cyst_ml: float, tumour_ml: float, left_ml: float,
                                              right_ml: float) -> None:
    """"Renal tumor burden" is every kidney lesion's volume over both kidneys (own suite seed 11: a cyst-only burden
    refused as "kidney lesion count 0")."""
    volumes = {"kidney_cyst": cyst_ml, "kidney_tumor": tumour_ml, "kidney_left": left_ml, "kidney_right": right_ml}
    counts = {"kidney_cyst": 1, "kidney_tumor": 1 if tumour_ml else 0}

    def reply(name: str, args: dict) -> dict:
        target, kind = args.get("target"), args.get("measurement_type")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 50000, "clinorch_measurements": []}
        if kind == "lesion_count" and target in counts:
            return {"value": counts[target]}
        if kind == "volume_cm3" and target in volumes:
            return {"value": volumes[target]}
        return {"error": f"No '{kind}' cached for target='{target}'"}

    truth = round(100 * (cyst_ml + tumour_ml) / (left_ml + right_ml), 2)
    values = sorted([truth, round(truth * 2.5, 2), round(truth * 1.35, 2), round(truth * 0.55, 2)])
    letters = " ".join(f"{'ABCD'[i]}. {v} %" for i, v in enumerate(values))
    chosen = converse("What is the renal tumor burden as a percentage of organ volume?", letters, reply)
    assert chosen == "ABCD"[values.index(truth)]


PARTS = {"pancreas_head": "Pancreatic head", "pancreas_body": "Pancreatic body", "pancreas_tail": "Pancreatic tail"}


@pytest.mark.parametrize(("main", "minor", "share"), [("pancreas_body", "pancreas_head", 75.9),
                                                      ("pancreas_head", "pancreas_body", 62.0),
                                                      ("pancreas_tail", "pancreas_body", 84.5),
                                                      ("pancreas_body", "pancreas_tail", 51.0)])
def test_a_lesion_spanning_two_parts_is_placed_in_its_main_part_and_approved(main: str, minor: str,
                                                                             share: float) -> None:
    """The largest lesion's place is the part holding most of it; the reasoner's rationale recites the measured
    spread ("share ... body (75.9 %), head (24.1 %)") and the reviewer must not read the minor part's share as a
    claim that the lesion lies there (own suite seed 11: a right answer refused)."""
    def item(target: str, name: str, value: object, unit: str | None = None) -> dict:
        return {"target": target, "name": name, "value": value, "unit": unit}
    carried = [item("pancreas", "volume_ml", 55.0, "mL"), item("pancreas_lesion", "lesion_count", 1, "count"),
               item("pancreas_lesion", "largest_lesion_location", main), item("pancreas_lesion_1", "location", main),
               item("pancreas_lesion_1", "locations", f"{main}, {minor}"),
               item("pancreas_lesion_1", f"share_in_{main}_pct", share, "%"),
               item("pancreas_lesion_1", f"share_in_{minor}_pct", round(100 - share, 1), "%"),
               *(item(part, "lesion_count", int(part in (main, minor)), "count") for part in PARTS)]

    def reply(name: str, args: dict) -> dict:
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 2700, "clinorch_measurements": carried}
        if args.get("target") == "pancreas_tumor" and args.get("measurement_type") == "lesion_count":
            return {"value": 1}
        return {"error": "not cached"}
    options = list(PARTS.values())
    letters = " ".join(f"{'ABC'[i]}. {o}" for i, o in enumerate(options))
    chosen = converse("Which sub-segment of the pancreas contains the dominant pancreatic mass?", letters, reply)
    assert chosen == "ABC"[options.index(PARTS[main])]


@pytest.mark.parametrize(("cyst_ml", "tumour_ml"), [(3.7, None), (12.4, None), (3.7, 1.2), (0.9, 6.5)])
def test_the_volume_of_a_renal_mass_is_of_its_largest_lesion_of_any_kind(cyst_ml: float,
                                                                        tumour_ml: float | None) -> None:
    """"The dominant renal mass" is the kidneys' largest lesion, cyst or tumour (own suite seed 11: with the tumour
    mask empty it looked for `kidney_tumor.largest_lesion_volume_ml` and abstained)."""
    lesions = {"kidney_cyst": cyst_ml, **({"kidney_tumor": tumour_ml} if tumour_ml else {})}

    def reply(name: str, args: dict) -> dict:
        target, kind = args.get("target"), args.get("measurement_type")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 5400, "clinorch_measurements": []}
        if kind == "lesion_count" and target in ("kidney_cyst", "kidney_tumor"):
            return {"value": int(target in lesions)}
        if kind in ("largest_lesion_volume_cm3", "volume_cm3") and target in lesions:
            return {"value": lesions[target]}
        return {"error": f"No '{kind}' cached for target='{target}'"}
    truth = max(lesions.values())
    values = sorted({truth, round(truth * 2, 1), round(truth * 0.4, 1), round(truth * 0.7, 1)})
    letters = " ".join(f"{'ABCD'[i]}. {v} cm³" for i, v in enumerate(values))
    chosen = converse("Estimate the volume (cm³) of the dominant renal mass.", letters, reply)
    assert chosen == "ABCD"[values.index(truth)]


@pytest.mark.parametrize(("organ", "group", "own", "whole"), [("liver", "liver_lesion", 0, 1), ("liver", "liver_lesion", 2, 3),
                                                               ("pancreas", "pancreas_lesion", 1, 2),
                                                               ("pancreas", "pancreas_lesion", 2, 2)])
def test_a_group_the_cache_counts_beyond_its_masks_is_read_at_its_own_target(organ: str, group: str, own: int,
                                                                               whole: int) -> None:
    """A subtype layout's cache (suite U: a cyst written only in `liver_cyst`) counts the group at the group's own
    target; the adapter reads that count, never the smaller sum of the group's masks (0 liver lesions said for 1)."""
    reply = _cache({f"{organ}_tumor": own, group: whole}, {organ: 1500.0 if organ == "liver" else 70.0})
    words = {"liver": "liver", "pancreas": "pancreatic"}[organ]
    numbers = sorted({whole, whole + 1, whole + 2, whole + 3})
    options = {n: "ABCD"[i] for i, n in enumerate(numbers)}
    letters = " ".join(f"{letter}. {n}" for n, letter in options.items())
    assert converse(f"How many {words} lesions are there?", letters, reply) == options[whole]


@pytest.mark.parametrize(("liver", "pancreas"), [(3, 0), (0, 2), (4, 1)])
def test_a_burden_comparison_naming_the_colon_reads_its_empty_mask_as_zero(liver: int, pancreas: int) -> None:
    """Suite AJ through the harness: AbdomenAtlas has no colon mask, but an empty colon_tumor mask is no lesion, so no
    lesion volume whatever the colon's size (`measures.report` does the same in `clinorch run`). Organs are compared by
    total lesion volume (session 38): a colon tumour heavier than every offered organ's lesions is none of the options."""
    lesions = {"liver_tumor": liver, "pancreas_tumor": pancreas, "kidney_tumor": 0, "kidney_cyst": 0, "colon_tumor": 0}
    volumes = {"liver": 1500.0, "pancreas": 70.0, "kidney_left": 150.0, "kidney_right": 160.0}
    question = "Across liver, kidneys, pancreas and colon, where is the lesion burden greatest?"
    options = "A. No lesions in any of these organs B. Pancreas C. Liver D. Kidneys"
    letter = "B" if pancreas > liver else "C"  # the stand-in: 2 mL per lesion
    assert converse(question, options, _cache(lesions, volumes)) == letter
    with_tumour = _cache({**lesions, "colon_tumor": 6}, volumes)  # 12 mL in the colon, more than any offered organ
    assert converse(question, options, with_tumour) not in ("A", "B", "C", "D")  # none fits: no letter
