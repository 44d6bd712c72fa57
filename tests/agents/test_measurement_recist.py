"""RECIST 1.1 on synthetic current/prior studies whose lesion sizes are known by construction.

A lesion is a square prism `side` voxels wide on 1 mm pixels: its longest axial diameter is
(side - 1) x sqrt(2) mm (between the centres of opposite corner voxels).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from agents.measures import Study, measure_case
from imaging.volume import Image, LabelMap

SPACING, SHAPE = (1.0, 1.0, 3.0), (120, 100, 12)
LIVER = (slice(2, 70), slice(2, 98), slice(1, 11))
KIDNEY = (slice(80, 118), slice(2, 60), slice(1, 11))


def ld(side: int) -> float:
    return (side - 1) * math.sqrt(2)


def _study(lesions: list[tuple[str, tuple[int, int], int]]) -> Study:
    """lesions: (organ, (i, j) corner, side) -- liver -> liver_tumor, kidney -> kidney_tumor, cyst -> kidney_cyst."""
    affine = np.diag([*SPACING, 1.0])
    organs = {"liver": np.zeros(SHAPE, bool), "kidney_right": np.zeros(SHAPE, bool)}
    organs["liver"][LIVER] = True
    organs["kidney_right"][KIDNEY] = True
    tumors = {name: np.zeros(SHAPE, bool) for name in ("liver_tumor", "kidney_tumor", "kidney_cyst")}
    for organ, (i, j), side in lesions:
        tumors[{"liver": "liver_tumor", "cyst": "kidney_cyst"}.get(organ, "kidney_tumor")][i:i + side, j:j + side, 4:7] = True
    ct = np.where(organs["liver"] | organs["kidney_right"], 60.0, -100.0).astype(np.float32)
    ct[tumors["liver_tumor"] | tumors["kidney_tumor"]] = 20.0
    ct[tumors["kidney_cyst"]] = 5.0
    masks = {n: LabelMap(a, affine, SPACING, n) for n, a in (organs | tumors).items()}
    return Study(Image(ct, affine, SPACING, "CT", "synthetic"), masks, image_id="img:c:prior:0")


BASELINE = [("liver", (10, 10), 22), ("liver", (10, 50), 15), ("kidney", (90, 10), 12)]


def _recist(current: list, baseline: list = BASELINE) -> dict[str, object]:
    now = _study(current)
    evidence, findings = measure_case(now.image, now.masks, prior=_study(baseline))
    values = {e.id: e for e in evidence}
    assert findings[-1].lesion == "target_lesions"
    return values


def _sum(sides: list[int]) -> float:
    return sum(ld(s) for s in sides)


def test_partial_response() -> None:
    values = _recist([("liver", (10, 10), 13), ("liver", (10, 50), 9), ("kidney", (90, 10), 8)])
    assert values["measurement:target_lesions:lesion_count"].value == 3
    assert values["measurement:target_lesions:baseline_sum_diameters_mm"].value == pytest.approx(_sum([22, 15, 12]), rel=1e-12)
    assert values["measurement:target_lesions:sum_diameters_mm"].value == pytest.approx(_sum([13, 9, 8]), rel=1e-12)
    change = 100 * (_sum([13, 9, 8]) - _sum([22, 15, 12])) / _sum([22, 15, 12])
    assert values["measurement:target_lesions:change_from_baseline_pct"].value == pytest.approx(change, rel=1e-12)
    response = values["measurement:recist:response"]
    assert response.value == "PR" and "30%" in response.reason and "RECIST 1.1" in response.citation


def test_stable_disease_names_both_thresholds() -> None:
    response = _recist([("liver", (10, 10), 20), ("liver", (10, 50), 15), ("kidney", (90, 10), 12)])["measurement:recist:response"]
    assert response.value == "SD"
    assert "30%" in response.reason and "20%" in response.reason


def test_progression_by_growth_needs_twenty_percent_and_five_mm() -> None:
    values = _recist([("liver", (10, 10), 29), ("liver", (10, 50), 18), ("kidney", (90, 10), 12)])  # +21.7%, +14 mm
    assert values["measurement:recist:response"].value == "PD"
    assert values["measurement:target_lesions:increase_from_nadir_mm"].value >= 5
    just_under = _recist([("liver", (10, 10), 28), ("liver", (10, 50), 18), ("kidney", (90, 10), 12)])  # +19.6%
    assert just_under["measurement:recist:response"].value == "SD"


def test_progression_by_new_lesion() -> None:
    values = _recist([*BASELINE, ("liver", (45, 75), 8)])
    assert values["measurement:new_lesions:lesion_count"].value == 1
    assert values["measurement:recist:response"].value == "PD"
    assert "new lesion" in values["measurement:recist:response"].reason


def test_complete_response() -> None:
    values = _recist([])
    assert values["measurement:target_lesions:sum_diameters_mm"].value == 0.0
    assert values["measurement:recist:response"].value == "CR"
    assert values["measurement:target_lesion_1:longest_diameter_mm"].provenance["matched"] is False


def test_target_selection_limits() -> None:
    """Four measurable liver lesions and one too small: two liver targets (the largest), one kidney target."""
    baseline = [("liver", (5, 5), 20), ("liver", (5, 40), 16), ("liver", (35, 5), 14), ("liver", (35, 40), 12),
                ("liver", (40, 80), 7), ("kidney", (90, 10), 12)]
    values = _recist(baseline, baseline)
    assert values["measurement:target_lesions:lesion_count"].value == 3
    assert values["measurement:target_lesions:max_per_organ"].value == 2
    assert values["measurement:target_lesions:baseline_sum_diameters_mm"].value == pytest.approx(_sum([20, 16, 12]), rel=1e-12)
    assert values["measurement:target_lesions:lesion_count"].provenance["parameters"]["measurable_mm"] == 10.0  # 3 mm slices
    assert values["measurement:recist:response"].value == "SD"
    assert values["measurement:new_lesions:lesion_count"].value == 0  # non-target lesions are not new


@pytest.mark.parametrize("cyst_side", [12, 20, 30])
def test_simple_cyst_is_never_a_target_lesion(cyst_side: int) -> None:
    """RECIST 1.1 section 3.1.2: a simple cyst is neither measurable nor non-measurable disease.

    Counted as a target, a cyst the size of the liver lesion or larger would dilute the liver
    lesion's growth below 20 % (stable disease); left out, the growth is progression.
    """
    baseline = [("liver", (10, 10), 22), ("cyst", (90, 10), cyst_side)]
    values = _recist([("liver", (10, 10), 27), ("cyst", (90, 10), cyst_side)], baseline)
    assert values["measurement:target_lesions:lesion_count"].value == 1
    assert values["measurement:target_lesions:baseline_sum_diameters_mm"].value == pytest.approx(ld(22), rel=1e-12)
    assert values["measurement:recist:response"].value == "PD"


@pytest.mark.parametrize("corner", [(85, 5), (100, 30)])
def test_a_new_simple_cyst_is_not_progression(corner: tuple[int, int]) -> None:
    values = _recist([("liver", (10, 10), 22), ("cyst", corner, 12)], [("liver", (10, 10), 22)])
    assert values["measurement:new_lesions:lesion_count"].value == 0
    assert values["measurement:recist:response"].value == "SD"
