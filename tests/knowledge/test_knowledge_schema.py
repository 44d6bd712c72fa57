"""Schema check of the shipped base: every entry parses, is cited, and its thresholds are sound."""

from __future__ import annotations

import itertools

import pytest
from pydantic import ValidationError

import knowledge
from knowledge import DEEPTUMORVQA_SUBTYPES, Band, Criterion, Rule, Scale
from knowledge.subtypes import LONGITUDINAL

ALL = knowledge.load_base(profile="all")

# Quantity names of docs/CONTRACTS.md, plus those the criteria introduce (reported to the lead).
CONTRACT_NAMES = {
    "volume_ml",
    "mean_hu",
    "std_hu",
    "hu_ratio",
    "volume_ratio",
    "caudate_right_lobe_ratio",
    "lesion_count",
    "longest_diameter_mm",
    "short_axis_mm",
    "tumor_burden_pct",
    "largest_lesion_volume_ml",
    "largest_lesion_diameter_mm",
    "largest_lesion_mean_hu",
    "total_lesion_volume_ml",
}
NEW_NAMES = {
    "width_mm",  # body.width_mm: the plausible-body-width range (issue 13)
    "largest_to_second_volume_ratio",
    "hu_difference_in_organ_sd",
    "top_segment_pct",
    "top_two_segments_pct",
    "volume_difference_pct",  # kidney_left/kidney_right: the split-renal-volume asymmetry (session 31)
    "sma_contact_deg",
    "celiac_contact_deg",
    "smv_pv_contact_deg",
    "nodule_protrusion_mm",
    "wall_or_septum_thickness_mm",
    "septa_count",
    "aphe",
    "major_feature_count",
    "mean_diameter_mm",
    "high_risk",
    "absolute_washout_pct",
    "relative_washout_pct",
    "max_per_organ",
    "sum_diameters_mm",
    "change_from_baseline_pct",
    "change_from_nadir_pct",
    "increase_from_nadir_mm",
    "lesion_count_change",
    "largest_lesion_diameter_change_mm",
    "total_lesion_volume_change_pct", "largest_lesion_volume_change_pct",
    "volume_change_pct",
}


def test_base_is_large_enough_and_ids_unique() -> None:
    assert len(ALL) >= 45
    assert len(set(ALL.ids)) == len(ALL.ids)


@pytest.mark.parametrize("entry", list(ALL), ids=lambda e: e.id)
def test_entry_is_cited(entry: knowledge.KnowledgeEntry) -> None:
    assert entry.source.name.strip()
    assert entry.source.year or entry.source.url or entry.source.via, f"{entry.id}: source needs a year, url or via"
    assert entry.citation.startswith(entry.source.name)
    assert entry.profile in {"deeptumorvqa", "radgpt", "guideline"}


@pytest.mark.parametrize("entry", [e for e in ALL if e.criterion is not None], ids=lambda e: e.id)
def test_thresholds_ordered_and_gap_free(entry: knowledge.KnowledgeEntry) -> None:
    """Re-checks what validation enforces, independently: bands meet exactly, one side closed."""
    assert entry.criterion is not None
    for scale in entry.criterion.quantities:
        assert scale.name in CONTRACT_NAMES | NEW_NAMES, f"{entry.id}: unknown quantity name {scale.quantity!r}"
        for below, above in itertools.pairwise(scale.bands):
            assert below.upper == above.lower
            assert below.closed_upper != above.closed_lower
            # a point just either side of the boundary falls in exactly one band
            low, high = scale.bands[0].lower, scale.bands[-1].upper
            for value in (below.upper - 1e-9, below.upper, below.upper + 1e-9):
                if (low is None or value >= low) and (high is None or value <= high):
                    assert sum(b.contains(value) for b in scale.bands) == 1


@pytest.mark.parametrize("entry", [e for e in ALL if e.criterion is not None], ids=lambda e: e.id)
def test_every_band_combination_classifies(entry: knowledge.KnowledgeEntry) -> None:
    """A value inside each band of each quantity, in every combination, yields one of the labels."""
    assert entry.criterion is not None
    samples = [[_inside(b) for b in s.bands] for s in entry.criterion.quantities]
    for combo in itertools.product(*samples):
        values = dict(zip(entry.criterion.quantity_keys, combo, strict=True))
        assert entry.classify(values).label in entry.criterion.labels


def _inside(band: Band) -> float:
    if band.lower is not None and band.upper is not None:
        return (band.lower + band.upper) / 2
    if band.lower is not None:
        return band.lower + 1
    assert band.upper is not None
    return band.upper - 1


def test_subtypes_are_deeptumorvqa_strings_and_all_are_served() -> None:
    used = {s for e in ALL for s in e.question_subtypes}
    assert used <= set(DEEPTUMORVQA_SUBTYPES) | set(LONGITUDINAL), used - set(DEEPTUMORVQA_SUBTYPES)
    assert len(DEEPTUMORVQA_SUBTYPES) == 42
    default = knowledge.load_base()
    served = {s for e in default for s in e.question_subtypes}
    assert set(DEEPTUMORVQA_SUBTYPES) - served == set()


def test_required_coverage_present() -> None:
    for needed in [
        "dtvqa-spleen-volume-grade",
        "dtvqa-liver-volume",
        "dtvqa-pancreas-volume",
        "dtvqa-kidney-volume",
        "dtvqa-fatty-liver",
        "dtvqa-hepatic-steatosis-grade",
        "dtvqa-pancreatic-steatosis",
        "dtvqa-pseudocyst-vs-mucinous",
        "dtvqa-pancreatic-cyst-resection",
        "dtvqa-kidney-lesion-solid-vs-cyst",
        "dtvqa-renal-mass-hu",
        "dtvqa-portal-hypertension",
        "dtvqa-tumor-burden",
        "ajcc8-pancreas-t",
        "dtvqa-lesion-outlier",
        "dtvqa-liver-lesion-clustering",
        "recist11-measurability",
        "recist11-target-lesions",
        "recist11-response",
        "bosniak-2019-cystic-mass",
        "lirads-2018-diagnostic-table",
        "fleischner-2017-solid-nodule",
        "ajcc8-kidney-t",
        "ajcc8-liver-t",
        "adrenal-unenhanced-hu",
        "radgpt-spleen-volume",
        "radgpt-pancreas-volume",
    ]:
        assert needed in ALL


# --- the validators reject what the schema check promises to catch -----------------------------


def test_gap_between_bands_is_rejected() -> None:
    with pytest.raises(ValidationError, match="gap"):
        Scale(
            quantity="spleen.volume_ml",
            unit="mL",
            bands=[
                Band(label="a", lower=0, upper=10, inclusive="lower"),
                Band(label="b", lower=10, inclusive="neither"),
            ],
        )


def test_overlap_between_bands_is_rejected() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        Scale(
            quantity="spleen.volume_ml",
            unit="mL",
            bands=[Band(label="a", lower=0, upper=10, inclusive="both"), Band(label="b", lower=10, inclusive="lower")],
        )


def test_unordered_or_disjoint_bands_are_rejected() -> None:
    with pytest.raises(ValidationError, match="do not meet"):
        Scale(
            quantity="spleen.volume_ml",
            unit="mL",
            bands=[Band(label="a", lower=10, upper=20), Band(label="b", lower=0, upper=10, inclusive="both")],
        )
    with pytest.raises(ValidationError, match="lower"):
        Band(label="a", lower=5, upper=1)


def test_bad_quantity_key_and_stray_labels_are_rejected() -> None:
    with pytest.raises(ValidationError, match="form"):
        Scale(quantity="Spleen Volume", unit="mL", bands=[Band(label="a")])
    with pytest.raises(ValidationError, match="not among labels"):
        Criterion(
            labels=["x", "y"],
            combine="any",
            quantities=[Scale(quantity="spleen.volume_ml", unit="mL", bands=[Band(label="z")])],
        )


def test_rules_with_a_hole_are_rejected() -> None:
    scale = Scale(
        quantity="lesion.lesion_count",
        unit="count",
        bands=[Band(label="few", lower=0, upper=3), Band(label="many", lower=3, inclusive="lower")],
    )
    with pytest.raises(ValidationError, match="no rule covers"):
        Criterion(
            labels=["x", "y"],
            combine="rules",
            quantities=[scale],
            rules=[Rule(label="x", when={"lesion.lesion_count": ["few"]})],
        )
