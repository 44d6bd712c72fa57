"""Classification behaviour: missing values, generic targets, explanations, bad values."""

from __future__ import annotations

import math

import pytest

import knowledge
from knowledge import MissingQuantityError, OutOfRangeError

ALL = knowledge.load_base(profile="all")


def test_missing_quantity_is_a_clear_error() -> None:
    entry = ALL.get("dtvqa-spleen-volume-grade")
    with pytest.raises(MissingQuantityError) as info:
        entry.classify({"liver.volume_ml": 1500.0})
    assert info.value.missing == ["spleen.volume_ml"]
    assert "dtvqa-spleen-volume-grade" in str(info.value) and "spleen.volume_ml" in str(info.value)
    assert isinstance(info.value, KeyError) and isinstance(info.value, ValueError)


def test_partial_values_decide_only_when_the_rest_cannot_change_the_label() -> None:
    portal = ALL.get("dtvqa-portal-hypertension")  # "any": one positive settles it
    assert portal.classify({"spleen.volume_ml": 500.0}).label == "portal hypertension"
    with pytest.raises(MissingQuantityError, match="caudate"):
        portal.classify({"spleen.volume_ml": 200.0})
    outlier = ALL.get("dtvqa-lesion-outlier")  # "all": one negative settles it
    assert outlier.classify({"lesion.lesion_count": 1}).label == "no outlier"
    with pytest.raises(MissingQuantityError, match="largest_to_second"):
        outlier.classify({"lesion.lesion_count": 4})
    grade = ALL.get("dtvqa-hepatic-steatosis-grade")  # "worst": the top grade settles it
    assert grade.classify({"liver.mean_hu": 20.0}).label == "G3 severe"
    with pytest.raises(MissingQuantityError):
        grade.classify({"liver.mean_hu": 60.0})
    recist = ALL.get("recist11-response")  # rules: an earlier row depending on a missing value blocks
    with pytest.raises(MissingQuantityError, match="new_lesions"):
        recist.classify({"target_lesions.sum_diameters_mm": 0})


def test_generic_target_binds_to_a_concrete_structure() -> None:
    burden = ALL.get("dtvqa-tumor-burden")
    assert burden.required_quantities(target="liver_lesion") == ["liver_lesion.tumor_burden_pct"]
    result = burden.classify(
        {"liver_lesion.tumor_burden_pct": 62.0, "kidney_lesion.tumor_burden_pct": 5.0}, target="liver_lesion"
    )
    assert result.label == "advanced"
    assert "liver_lesion.tumor_burden_pct = 62" in result.rule
    assert burden.classify({"kidney_lesion.tumor_burden_pct": 5.0}, target="kidney_lesion").label == "not advanced"
    kidney = ALL.get("dtvqa-kidney-volume")
    assert kidney.classify({"kidney_right.volume_ml": 300.0}, target="kidney_right").label == "enlarged"
    with pytest.raises(MissingQuantityError, match="kidney_left.volume_ml"):
        kidney.classify({"kidney_right.volume_ml": 300.0}, target="kidney_left")


def test_concrete_keys_are_not_rebound() -> None:
    spleen = ALL.get("dtvqa-spleen-volume-grade")
    assert spleen.required_quantities(target="liver") == ["spleen.volume_ml"]
    assert spleen.classify({"spleen.volume_ml": 900.0}, target="liver").label == "severe"


def test_classification_explains_itself_with_citation() -> None:
    result = ALL.get("dtvqa-spleen-volume-grade").classify({"spleen.volume_ml": 420.0})
    assert result.label == "mild"
    assert [m.quantity for m in result.matched] == ["spleen.volume_ml"]
    assert result.matched[0].band.label == "mild" and result.matched[0].value == 420.0
    assert "314.5 ≤ x < 500 mL" in result.rule and "Bezerra" in result.rule
    assert "2005" in result.citation
    assert knowledge.Classification.model_validate_json(result.model_dump_json()) == result


@pytest.mark.parametrize("bad", [-1.0, math.nan, "big", True])
def test_values_outside_the_scale_or_not_numbers_raise(bad: object) -> None:
    with pytest.raises(OutOfRangeError, match="spleen.volume_ml"):
        ALL.get("dtvqa-spleen-volume-grade").classify({"spleen.volume_ml": bad})  # type: ignore[dict-item]


def test_descriptive_entry_cannot_classify() -> None:
    with pytest.raises(ValueError, match="descriptive"):
        ALL.get("couinaud-segments").classify({})


def test_render_carries_thresholds_note_and_source() -> None:
    text = ALL.get("ajcc8-pancreas-t").render()
    assert "pancreas_lesion.largest_lesion_diameter_mm (mm): T1: 0 ≤ x ≤ 20 mm" in text
    assert "T4" in text and "Source: AJCC" in text
