"""Harness-agent kinds a fourth independent generator's suite (M) showed, each varied so the rule passes.

- ``pancreas_cyst`` is a lesion mask of the pancreas group beside ``pancreas_tumor``, as ``kidney_cyst`` is beside
  ``kidney_tumor``: a pancreas whose only lesion is a cyst has a lesion (was answered "No" and counted 0);
- an organ the cache measures at 0 mL is absent (a nephrectomy's empty kidney mask), never a volume of 0 that makes
  the other kidney "substantially larger".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from benchmarks.integrations.harness_tools import LESION_MASKS
from core.anatomy import LESION_GROUPS
from tests.bench.harness_standin import converse


def _cache(lesions: dict[str, int], volumes: dict[str, float]) -> Callable[[str, dict], dict]:
    def reply(name: str, args: dict) -> dict:
        kind, target = args.get("measurement_type"), args.get("target")
        if name == "segment_organ":  # clinorch's own cache carries its measurements, a 0 mL organ among them
            carried = [{"target": target, "name": "volume_ml", "value": volumes[target], "unit": "mL"}] \
                if target in volumes else []
            return {"mask_found": True, "voxel_count": 50000, "clinorch_measurements": carried}
        if kind == "lesion_count" and target in lesions:
            return {"value": lesions[target]}
        if kind == "volume_cm3" and target in lesions:
            return {"value": 2.0 * lesions[target]}
        if kind == "volume_cm3" and target in volumes:
            return {"value": volumes[target]}
        if kind == "mean_hu" and target in volumes:
            return {"value": 90.0, "std_hu": 10.0}
        return {"error": f"No '{kind}' cached for target='{target}'", "available_targets": sorted(volumes)}
    return reply


def test_the_harness_gathers_the_lesion_masks_the_measurement_agent_gathers() -> None:
    assert LESION_MASKS == {g.name: g.all_masks for g in LESION_GROUPS}
    assert "pancreas_cyst" in LESION_MASKS["pancreas_lesion"]


@pytest.mark.parametrize(("tumours", "cysts"), [(0, 1), (0, 2), (1, 1), (2, 1)])
def test_pancreatic_cysts_are_pancreatic_lesions(tumours: int, cysts: int) -> None:
    reply = _cache({"pancreas_tumor": tumours, "pancreas_cyst": cysts}, {"pancreas": 70.0})
    assert converse("Is any lesion (solid or cystic) seen in the pancreas?", "A. No B. Not applicable C. Cannot be "
                    "determined D. Yes", reply) == "D"
    options = {n: "ABCD"[i] for i, n in enumerate(sorted({tumours + cysts, tumours + cysts + 1, 0, 4} | {5})[:4])}
    letters = " ".join(f"{letter}. {n}" for n, letter in options.items())
    assert converse("How many separate pancreatic lesions are there?", letters, reply) == options[tumours + cysts]


@pytest.mark.parametrize("absent", ["kidney_left", "kidney_right"])
@pytest.mark.parametrize(("question", "options"), [
    ("How do the two kidneys compare in size?", "A. left kidney substantially larger (>15% difference) B. right kidney "
     "substantially larger (>15% difference) C. roughly symmetric (within 15%) D. only one kidney is present"),
    ("Which kidney is larger by volume?", "A. Left kidney B. Right kidney C. They are equal D. Cannot be determined"),
])
def test_a_kidney_measured_at_zero_is_absent_not_smaller(absent: str, question: str, options: str) -> None:
    other = "kidney_right" if absent == "kidney_left" else "kidney_left"
    reply = _cache({}, {absent: 0.0, other: 180.0, "liver": 1500.0})
    letter = converse(question, options, reply)
    wrong = {"A": "left", "B": "right"}
    assert wrong.get(letter) is None, (letter, "a side called larger against an absent kidney")


@pytest.mark.parametrize("tumours", [0, 1, 2])
def test_a_cache_without_the_optional_cyst_mask_still_counts(tumours: int) -> None:
    """A dataset that writes no `pancreas_cyst` (AbdomenAtlas 1.1) keeps its pancreatic lesions countable."""
    reply = _cache({"pancreas_tumor": tumours}, {"pancreas": 70.0})
    options = {n: "ABCD"[i] for i, n in enumerate(sorted({tumours, tumours + 1, tumours + 2, tumours + 3}))}
    letters = " ".join(f"{letter}. {n}" for n, letter in options.items())
    assert converse("How many separate pancreatic lesions are there?", letters, reply) == options[tumours]
