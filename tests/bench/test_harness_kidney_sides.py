"""Which kidney holds which lesion mask, in the harness: the tool cache's bounding boxes (suite AC, session 26:
"Characterise the left kidney mass" abstained with a tumour in the right kidney and a cyst in the left, and suite AB's
"Does the left kidney contain a cyst?" the same way: the tool results say no lesion's host kidney). A lesion mask whose
single lesion's box lies inside one kidney's box, and clear of the other's, lies in that kidney."""

from __future__ import annotations

import pytest

from tests.bench.harness_standin import converse

LEFT_BOX, RIGHT_BOX = {"min": [40, 10, 0], "max": [110, 80, 30]}, {"min": [180, 10, 0], "max": [250, 80, 30]}


def _inside(box: dict, shift: int) -> dict:
    return {"min": [box["min"][0] + 10 + shift, 20, 10], "max": [box["min"][0] + 40 + shift, 45, 18]}


def _reply(cyst_side: str, cyst_hu: float, tumour_hu: float, shift: int = 0, straddle: bool = False) -> object:
    """A cache with one cyst (`kidney_cyst`) in `cyst_side` and one tumour (`kidney_tumor`) in the other kidney."""
    boxes = {"kidney_left": LEFT_BOX, "kidney_right": RIGHT_BOX}
    tumour_side = "kidney_right" if cyst_side == "kidney_left" else "kidney_left"
    lesions = {"kidney_cyst": (cyst_side, cyst_hu, 8.0), "kidney_tumor": (tumour_side, tumour_hu, 19.0)}
    for mask, (side, _, _) in lesions.items():
        boxes[mask] = _inside(boxes[side], shift)
    if straddle:  # a box reaching across both kidneys: its host is not told by boxes
        boxes["kidney_cyst"] = {"min": [60, 20, 10], "max": [200, 45, 18]}

    def reply(name: str, args: dict) -> dict:
        target, kind = args.get("target"), args.get("measurement_type")
        if name == "segment_organ":
            if target in boxes:
                return {"mask_found": True, "voxel_count": 5000, "bounding_box": boxes[target],
                        "axes": "canonical RAS (i right, j anterior, k superior)"}
            return {"mask_found": True, "voxel_count": 50000}
        if target in lesions:
            side, hu, volume = lesions[target]
            values = {"lesion_count": 1, "mean_hu": hu, "volume_cm3": volume, "largest_lesion_volume_cm3": volume,
                      "max_diameter_mm": 25.0}
            if kind in values:
                return {"value": values[kind]}
        if target in ("kidney_left", "kidney_right"):
            if kind == "mean_hu":
                return {"value": 150.0, "std_hu": 12.0}
            if kind == "volume_cm3":
                return {"value": 160.0}
        return {"error": f"No '{kind}' cached for target='{target}'"}
    return reply


CATEGORIES = ["Indeterminate lesion", "Simple cyst", "Fat-containing lesion", "Hyperattenuating lesion"]
LETTERS = " ".join(f"{'ABCD'[i]}. {o}" for i, o in enumerate(CATEGORIES))


@pytest.mark.parametrize(("cyst_side", "asked", "shift", "expected"), [
    ("kidney_left", "left", 0, "Simple cyst"), ("kidney_left", "right", 5, "Indeterminate lesion"),
    ("kidney_right", "left", 3, "Indeterminate lesion"), ("kidney_right", "right", 0, "Simple cyst"),
])
def test_the_mass_of_the_kidney_asked_is_characterised(cyst_side: str, asked: str, shift: int, expected: str) -> None:
    reply = _reply(cyst_side, cyst_hu=6.0, tumour_hu=52.0, shift=shift)
    answer = converse(f"Characterise the {asked} kidney mass (simple cyst / indeterminate / hyperattenuating).",
                      LETTERS, reply)
    assert answer == "ABCD"[CATEGORIES.index(expected)], answer


@pytest.mark.parametrize(("cyst_side", "asked", "expected"), [("kidney_left", "left", "A"), ("kidney_left", "right", "B"),
                                                             ("kidney_right", "right", "A")])
def test_a_cyst_in_the_kidney_asked(cyst_side: str, asked: str, expected: str) -> None:
    answer = converse(f"Does the {asked} kidney contain a cyst?", "A. Yes B. No", _reply(cyst_side, 5.0, 60.0))
    assert answer == expected, answer


def test_a_box_across_both_kidneys_decides_nothing() -> None:
    answer = converse("Characterise the left kidney mass (simple cyst / indeterminate / hyperattenuating).", LETTERS,
                      _reply("kidney_left", 6.0, 52.0, straddle=True))
    assert answer.startswith("[no answer]"), answer
