"""A set-wide quantity is not derived from a lower-bound lesion set's own lesions (`agents.reasoners.derive`).

The classical search's lesion mask gives each found lesion whole but not the set: a missed lesion may be the second
largest, or larger than both found. So the largest-to-second volume ratio (the outlier test) is derived from the
lesions only when the group's exact count is measured; a set known only from below (`lesion_count_lower_bound`)
gives none, and the outlier question abstains instead of answering "No" from two found lesions. Varied over lesion
groups and volume ratios on either side of the outlier cut-off.
"""

from __future__ import annotations

import pytest

from agents.reasoners.derive import derive
from core.case import Evidence


def _lesions(group: str, volumes: list[float], count: str) -> list[Evidence]:
    mask = f"mask:{group.split('_')[0]}_tumor"
    items = [Evidence.make("measurement", "measurement", "volume_ml", f"{group}_{n}", value=v, unit="mL",
                           provenance={"masks": [mask], "method": "m"}) for n, v in enumerate(volumes, start=1)]
    items.append(Evidence.make("measurement", "measurement", count, group, value=len(volumes), unit="count",
                               provenance={"masks": [mask], "method": "m"}))
    return items


@pytest.mark.parametrize("group", ["liver_lesion", "pancreas_lesion", "kidney_lesion"])
@pytest.mark.parametrize("volumes", [[27.6, 9.8, 3.1], [40.0, 5.0, 2.0, 1.0], [6.0, 5.5]])
def test_no_largest_to_second_ratio_from_a_bounded_set(group: str, volumes: list[float]) -> None:
    derived = derive(_lesions(group, volumes, "lesion_count_lower_bound"))
    assert not [e for e in derived if e.name == "largest_to_second_volume_ratio"]
    counted = derive(_lesions(group, volumes, "lesion_count"))
    ratio = [e for e in counted if e.name == "largest_to_second_volume_ratio"]
    assert ratio and ratio[0].value == pytest.approx(volumes[0] / volumes[1], rel=1e-3)
