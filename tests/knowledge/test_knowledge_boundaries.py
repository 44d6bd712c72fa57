"""Every threshold of ../shared/DEEPTUMORVQA.md and the guidelines, at and around its boundary."""

from __future__ import annotations

import pytest

import knowledge

ALL = knowledge.load_base(profile="all")

# (entry id, values, expected label); values keyed as in docs/CONTRACTS.md.
CASES = [
    # Spleen grade: normal < 314.5; mild 314.5-500; moderate 500-800; severe > 800.
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 0.0}, "normal"),
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 314.4}, "normal"),
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 314.5}, "mild"),
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 499.9}, "mild"),
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 500.0}, "moderate"),
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 800.0}, "moderate"),
    ("dtvqa-spleen-volume-grade", {"spleen.volume_ml": 800.1}, "severe"),
    ("dtvqa-splenomegaly-detection", {"spleen.volume_ml": 314.4}, "no splenomegaly"),
    ("dtvqa-splenomegaly-detection", {"spleen.volume_ml": 314.5}, "splenomegaly"),
    # RadGPT: enlarged > 314.5, massively enlarged > 430.8 (strict).
    ("radgpt-spleen-volume", {"spleen.volume_ml": 314.5}, "normal"),
    ("radgpt-spleen-volume", {"spleen.volume_ml": 314.6}, "enlarged"),
    ("radgpt-spleen-volume", {"spleen.volume_ml": 430.8}, "enlarged"),
    ("radgpt-spleen-volume", {"spleen.volume_ml": 430.9}, "massively enlarged"),
    # Liver 1000-1800 normal, > 1800 enlarged, < 600 atrophic.
    ("dtvqa-liver-volume", {"liver.volume_ml": 599.9}, "atrophic"),
    ("dtvqa-liver-volume", {"liver.volume_ml": 600.0}, "below normal range"),
    ("dtvqa-liver-volume", {"liver.volume_ml": 999.9}, "below normal range"),
    ("dtvqa-liver-volume", {"liver.volume_ml": 1000.0}, "normal"),
    ("dtvqa-liver-volume", {"liver.volume_ml": 1800.0}, "normal"),
    ("dtvqa-liver-volume", {"liver.volume_ml": 1800.1}, "enlarged"),
    ("radgpt-liver-volume", {"liver.volume_ml": 3000.0}, "normal"),
    ("radgpt-liver-volume", {"liver.volume_ml": 3000.1}, "enlarged"),
    # Pancreas 40-100 (DTVQA); > 83 enlarged (RadGPT).
    ("dtvqa-pancreas-volume", {"pancreas.volume_ml": 39.9}, "small"),
    ("dtvqa-pancreas-volume", {"pancreas.volume_ml": 40.0}, "normal"),
    ("dtvqa-pancreas-volume", {"pancreas.volume_ml": 100.0}, "normal"),
    ("dtvqa-pancreas-volume", {"pancreas.volume_ml": 100.1}, "enlarged"),
    ("radgpt-pancreas-volume", {"pancreas.volume_ml": 83.0}, "normal"),
    ("radgpt-pancreas-volume", {"pancreas.volume_ml": 83.1}, "enlarged"),
    # Kidney 130-260 each (DTVQA); > 207.6 (RadGPT).
    ("dtvqa-kidney-volume", {"kidney.volume_ml": 129.9}, "small"),
    ("dtvqa-kidney-volume", {"kidney.volume_ml": 130.0}, "normal"),
    ("dtvqa-kidney-volume", {"kidney.volume_ml": 260.0}, "normal"),
    ("dtvqa-kidney-volume", {"kidney.volume_ml": 260.1}, "enlarged"),
    ("radgpt-kidney-volume", {"kidney.volume_ml": 207.6}, "normal"),
    ("radgpt-kidney-volume", {"kidney.volume_ml": 207.7}, "enlarged"),
    # Fatty liver: L/S < 1.0; liver HU < 40 moderate-severe.
    ("dtvqa-fatty-liver", {"liver/spleen.hu_ratio": 0.99, "liver.mean_hu": 50}, "fatty liver"),
    ("dtvqa-fatty-liver", {"liver/spleen.hu_ratio": 1.0, "liver.mean_hu": 50}, "no fatty liver"),
    ("dtvqa-fatty-liver", {"liver/spleen.hu_ratio": 0.9, "liver.mean_hu": 39.9}, "moderate to severe fatty liver"),
    ("dtvqa-fatty-liver", {"liver/spleen.hu_ratio": 0.9, "liver.mean_hu": 40.0}, "fatty liver"),
    ("radgpt-fatty-liver", {"liver.mean_hu": 40.0}, "fatty infiltration"),
    ("radgpt-fatty-liver", {"liver.mean_hu": 40.1}, "normal attenuation"),
    # Steatosis: G0 HU >= 58 and L/S >= 1.0; G1 HU 51-57 or L/S 0.8-1.0; G2 39-50 or 0.5-0.8; G3 < 39 or < 0.5.
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 58, "liver/spleen.hu_ratio": 1.0}, "G0 none"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 57.9, "liver/spleen.hu_ratio": 1.0}, "G1 mild"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 58, "liver/spleen.hu_ratio": 0.99}, "G1 mild"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 51, "liver/spleen.hu_ratio": 1.1}, "G1 mild"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 50.9, "liver/spleen.hu_ratio": 1.1}, "G2 moderate"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 60, "liver/spleen.hu_ratio": 0.8}, "G1 mild"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 60, "liver/spleen.hu_ratio": 0.79}, "G2 moderate"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 39, "liver/spleen.hu_ratio": 1.1}, "G2 moderate"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 38.9, "liver/spleen.hu_ratio": 1.1}, "G3 severe"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 60, "liver/spleen.hu_ratio": 0.5}, "G2 moderate"),
    ("dtvqa-hepatic-steatosis-grade", {"liver.mean_hu": 60, "liver/spleen.hu_ratio": 0.49}, "G3 severe"),
    # Pancreatic steatosis: P/S < 0.70 (DTVQA); <= 0.7 (RadGPT).
    ("dtvqa-pancreatic-steatosis", {"pancreas/spleen.hu_ratio": 0.699}, "pancreatic steatosis"),
    ("dtvqa-pancreatic-steatosis", {"pancreas/spleen.hu_ratio": 0.70}, "no pancreatic steatosis"),
    ("radgpt-pancreatic-steatosis", {"pancreas/spleen.hu_ratio": 0.70}, "fatty infiltration"),
    ("radgpt-pancreatic-steatosis", {"pancreas/spleen.hu_ratio": 0.701}, "normal attenuation"),
    # Pseudocyst if HU > 14.5 else mucinous.
    ("dtvqa-pseudocyst-vs-mucinous", {"pancreas_lesion.largest_lesion_mean_hu": 14.5}, "mucinous cyst"),
    ("dtvqa-pseudocyst-vs-mucinous", {"pancreas_lesion.largest_lesion_mean_hu": 14.6}, "pseudocyst"),
    # Cyst resection if volume > 3.0 mL or diameter > 30 mm.
    (
        "dtvqa-pancreatic-cyst-resection",
        {"pancreas_lesion.largest_lesion_volume_ml": 3.0, "pancreas_lesion.largest_lesion_diameter_mm": 30.0},
        "surveillance",
    ),
    (
        "dtvqa-pancreatic-cyst-resection",
        {"pancreas_lesion.largest_lesion_volume_ml": 3.01, "pancreas_lesion.largest_lesion_diameter_mm": 10.0},
        "resection",
    ),
    (
        "dtvqa-pancreatic-cyst-resection",
        {"pancreas_lesion.largest_lesion_volume_ml": 1.0, "pancreas_lesion.largest_lesion_diameter_mm": 30.1},
        "resection",
    ),
    # Kidney lesion solid if HU > 34.8 else cyst.
    ("dtvqa-kidney-lesion-solid-vs-cyst", {"kidney_lesion.largest_lesion_mean_hu": 34.8}, "cyst"),
    ("dtvqa-kidney-lesion-solid-vs-cyst", {"kidney_lesion.largest_lesion_mean_hu": 34.9}, "solid tumor"),
    # Renal mass: simple cyst -10..20, indeterminate 20-70, hyperattenuating > 70.
    ("dtvqa-renal-mass-hu", {"kidney_lesion.largest_lesion_mean_hu": -10.1}, "fat-containing"),
    ("dtvqa-renal-mass-hu", {"kidney_lesion.largest_lesion_mean_hu": -10.0}, "simple cyst"),
    ("dtvqa-renal-mass-hu", {"kidney_lesion.largest_lesion_mean_hu": 20.0}, "simple cyst"),
    ("dtvqa-renal-mass-hu", {"kidney_lesion.largest_lesion_mean_hu": 20.1}, "indeterminate"),
    ("dtvqa-renal-mass-hu", {"kidney_lesion.largest_lesion_mean_hu": 70.0}, "indeterminate"),
    ("dtvqa-renal-mass-hu", {"kidney_lesion.largest_lesion_mean_hu": 70.1}, "hyperattenuating"),
    # Portal hypertension: spleen > 314.5 or caudate/right lobe > 0.65.
    (
        "dtvqa-portal-hypertension",
        {"spleen.volume_ml": 314.5, "liver.caudate_right_lobe_ratio": 0.65},
        "no portal hypertension",
    ),
    (
        "dtvqa-portal-hypertension",
        {"spleen.volume_ml": 314.6, "liver.caudate_right_lobe_ratio": 0.5},
        "portal hypertension",
    ),
    (
        "dtvqa-portal-hypertension",
        {"spleen.volume_ml": 200, "liver.caudate_right_lobe_ratio": 0.651},
        "portal hypertension",
    ),
    # Tumour burden > 50% advanced.
    ("dtvqa-tumor-burden", {"lesion.tumor_burden_pct": 50.0}, "not advanced"),
    ("dtvqa-tumor-burden", {"lesion.tumor_burden_pct": 50.1}, "advanced"),
    # AJCC pancreas: T1 <= 2 cm, T2 2-4, T3 > 4.
    ("ajcc8-pancreas-t", {"pancreas_lesion.largest_lesion_diameter_mm": 20.0}, "T1"),
    ("ajcc8-pancreas-t", {"pancreas_lesion.largest_lesion_diameter_mm": 20.1}, "T2"),
    ("ajcc8-pancreas-t", {"pancreas_lesion.largest_lesion_diameter_mm": 40.0}, "T2"),
    ("ajcc8-pancreas-t", {"pancreas_lesion.largest_lesion_diameter_mm": 40.1}, "T3"),
    # Lesion outlier: >= 3 lesions and largest >= 3x second.
    ("dtvqa-lesion-outlier", {"lesion.lesion_count": 3, "lesion.largest_to_second_volume_ratio": 3.0}, "outlier"),
    ("dtvqa-lesion-outlier", {"lesion.lesion_count": 3, "lesion.largest_to_second_volume_ratio": 2.99}, "no outlier"),
    ("dtvqa-lesion-outlier", {"lesion.lesion_count": 2, "lesion.largest_to_second_volume_ratio": 9.0}, "no outlier"),
    # Clustering: > 50% in one segment highly; top two >= 75% somewhat; else widely.
    (
        "dtvqa-liver-lesion-clustering",
        {"liver_lesion.top_segment_pct": 50.0, "liver_lesion.top_two_segments_pct": 74.9},
        "widely distributed",
    ),
    (
        "dtvqa-liver-lesion-clustering",
        {"liver_lesion.top_segment_pct": 50.0, "liver_lesion.top_two_segments_pct": 75.0},
        "somewhat clustered",
    ),
    (
        "dtvqa-liver-lesion-clustering",
        {"liver_lesion.top_segment_pct": 50.1, "liver_lesion.top_two_segments_pct": 60.0},
        "highly clustered",
    ),
    # Attenuation: iso if |difference| < organ SD / 10.
    ("dtvqa-lesion-attenuation", {"lesion.hu_difference_in_organ_sd": -0.1}, "hypoattenuating"),
    ("dtvqa-lesion-attenuation", {"lesion.hu_difference_in_organ_sd": -0.09}, "isoattenuating"),
    ("dtvqa-lesion-attenuation", {"lesion.hu_difference_in_organ_sd": 0.09}, "isoattenuating"),
    ("dtvqa-lesion-attenuation", {"lesion.hu_difference_in_organ_sd": 0.1}, "hyperattenuating"),
    ("dtvqa-lesion-existence", {"lesion.lesion_count": 0}, "absent"),
    ("dtvqa-lesion-existence", {"lesion.lesion_count": 1}, "present"),
    # RECIST 1.1.
    ("recist11-measurability", {"lesion.longest_diameter_mm": 9.9}, "non-measurable"),
    ("recist11-measurability", {"lesion.longest_diameter_mm": 10.0}, "measurable"),
    ("recist11-lymph-node", {"lymph_node.short_axis_mm": 9.9}, "normal"),
    ("recist11-lymph-node", {"lymph_node.short_axis_mm": 10.0}, "pathological non-measurable"),
    ("recist11-lymph-node", {"lymph_node.short_axis_mm": 15.0}, "pathological measurable"),
    (
        "recist11-target-lesions",
        {"target_lesions.lesion_count": 5, "target_lesions.max_per_organ": 2},
        "within RECIST limits",
    ),
    (
        "recist11-target-lesions",
        {"target_lesions.lesion_count": 6, "target_lesions.max_per_organ": 2},
        "exceeds RECIST limits",
    ),
    (
        "recist11-target-lesions",
        {"target_lesions.lesion_count": 4, "target_lesions.max_per_organ": 3},
        "exceeds RECIST limits",
    ),
    # Bosniak 2019 (cystic masses).
    (
        "bosniak-2019-cystic-mass",
        {
            "kidney_lesion.nodule_protrusion_mm": 4,
            "kidney_lesion.wall_or_septum_thickness_mm": 1,
            "kidney_lesion.septa_count": 0,
        },
        "IV",
    ),
    (
        "bosniak-2019-cystic-mass",
        {
            "kidney_lesion.nodule_protrusion_mm": 3,
            "kidney_lesion.wall_or_septum_thickness_mm": 4,
            "kidney_lesion.septa_count": 0,
        },
        "III",
    ),
    (
        "bosniak-2019-cystic-mass",
        {
            "kidney_lesion.nodule_protrusion_mm": 0,
            "kidney_lesion.wall_or_septum_thickness_mm": 3,
            "kidney_lesion.septa_count": 0,
        },
        "IIF",
    ),
    (
        "bosniak-2019-cystic-mass",
        {
            "kidney_lesion.nodule_protrusion_mm": 0,
            "kidney_lesion.wall_or_septum_thickness_mm": 2,
            "kidney_lesion.septa_count": 4,
        },
        "IIF",
    ),
    (
        "bosniak-2019-cystic-mass",
        {
            "kidney_lesion.nodule_protrusion_mm": 0,
            "kidney_lesion.wall_or_septum_thickness_mm": 2,
            "kidney_lesion.septa_count": 3,
        },
        "II",
    ),
    (
        "bosniak-2019-cystic-mass",
        {
            "kidney_lesion.nodule_protrusion_mm": 0,
            "kidney_lesion.wall_or_septum_thickness_mm": 2,
            "kidney_lesion.septa_count": 0,
        },
        "I",
    ),
    ("bosniak-2019-homogeneous-mass", {"kidney_lesion.largest_lesion_mean_hu": 20}, "benign fluid attenuation"),
    ("bosniak-2019-homogeneous-mass", {"kidney_lesion.largest_lesion_mean_hu": 21}, "indeterminate"),
    ("bosniak-2019-homogeneous-mass", {"kidney_lesion.largest_lesion_mean_hu": 70}, "benign hyperattenuating"),
    # AJCC kidney: T1a <= 4 cm, T1b <= 7, T2a <= 10, T2b > 10.
    ("ajcc8-kidney-t", {"kidney_lesion.largest_lesion_diameter_mm": 40}, "T1a"),
    ("ajcc8-kidney-t", {"kidney_lesion.largest_lesion_diameter_mm": 40.1}, "T1b"),
    ("ajcc8-kidney-t", {"kidney_lesion.largest_lesion_diameter_mm": 70}, "T1b"),
    ("ajcc8-kidney-t", {"kidney_lesion.largest_lesion_diameter_mm": 100}, "T2a"),
    ("ajcc8-kidney-t", {"kidney_lesion.largest_lesion_diameter_mm": 100.1}, "T2b"),
    # AJCC liver (HCC).
    ("ajcc8-liver-t", {"liver_lesion.lesion_count": 1, "liver_lesion.largest_lesion_diameter_mm": 20}, "T1a"),
    ("ajcc8-liver-t", {"liver_lesion.lesion_count": 1, "liver_lesion.largest_lesion_diameter_mm": 80}, "T1b"),
    ("ajcc8-liver-t", {"liver_lesion.lesion_count": 3, "liver_lesion.largest_lesion_diameter_mm": 50}, "T2"),
    ("ajcc8-liver-t", {"liver_lesion.lesion_count": 3, "liver_lesion.largest_lesion_diameter_mm": 50.1}, "T3"),
    # LI-RADS v2018.
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 20, "lesion.aphe": 1, "lesion.major_feature_count": 1},
        "LR-5",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 19.9, "lesion.aphe": 1, "lesion.major_feature_count": 1},
        "LR-4 or LR-5",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 10, "lesion.aphe": 1, "lesion.major_feature_count": 2},
        "LR-5",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 9.9, "lesion.aphe": 1, "lesion.major_feature_count": 2},
        "LR-4",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 25, "lesion.aphe": 1, "lesion.major_feature_count": 0},
        "LR-4",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 25, "lesion.aphe": 0, "lesion.major_feature_count": 0},
        "LR-3",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 15, "lesion.aphe": 0, "lesion.major_feature_count": 1},
        "LR-3",
    ),
    (
        "lirads-2018-diagnostic-table",
        {"lesion.longest_diameter_mm": 15, "lesion.aphe": 0, "lesion.major_feature_count": 2},
        "LR-4",
    ),
    # Fleischner 2017 solid nodules.
    (
        "fleischner-2017-solid-nodule",
        {"lung_nodule.mean_diameter_mm": 5.9, "lung_nodule.lesion_count": 1, "patient.high_risk": 0},
        "no routine follow-up",
    ),
    (
        "fleischner-2017-solid-nodule",
        {"lung_nodule.mean_diameter_mm": 6, "lung_nodule.lesion_count": 1, "patient.high_risk": 0},
        "CT at 6-12 months, then consider CT at 18-24 months",
    ),
    (
        "fleischner-2017-solid-nodule",
        {"lung_nodule.mean_diameter_mm": 8, "lung_nodule.lesion_count": 1, "patient.high_risk": 1},
        "CT at 6-12 months, then CT at 18-24 months",
    ),
    (
        "fleischner-2017-solid-nodule",
        {"lung_nodule.mean_diameter_mm": 8.1, "lung_nodule.lesion_count": 1, "patient.high_risk": 0},
        "consider CT at 3 months, PET/CT or tissue sampling",
    ),
    (
        "fleischner-2017-solid-nodule",
        {"lung_nodule.mean_diameter_mm": 7, "lung_nodule.lesion_count": 3, "patient.high_risk": 1},
        "CT at 3-6 months, then CT at 18-24 months",
    ),
    (
        "fleischner-2017-solid-nodule",
        {"lung_nodule.mean_diameter_mm": 4, "lung_nodule.lesion_count": 3, "patient.high_risk": 1},
        "optional CT at 12 months",
    ),
    # Adrenal: <= 10 HU unenhanced is a lipid-rich adenoma; washout APW >= 60% or RPW >= 40%.
    ("adrenal-unenhanced-hu", {"adrenal_lesion.mean_hu": 10.0}, "lipid-rich adenoma"),
    ("adrenal-unenhanced-hu", {"adrenal_lesion.mean_hu": 10.1}, "indeterminate"),
    (
        "adrenal-washout",
        {"adrenal_lesion.absolute_washout_pct": 59.9, "adrenal_lesion.relative_washout_pct": 39.9},
        "indeterminate",
    ),
    (
        "adrenal-washout",
        {"adrenal_lesion.absolute_washout_pct": 60, "adrenal_lesion.relative_washout_pct": 10},
        "adenoma",
    ),
    (
        "adrenal-washout",
        {"adrenal_lesion.absolute_washout_pct": 10, "adrenal_lesion.relative_washout_pct": 40},
        "adenoma",
    ),
    # NCCN resectability by vessel contact.
    (
        "nccn-pancreatic-resectability",
        {
            "pancreas_lesion.sma_contact_deg": 0,
            "pancreas_lesion.celiac_contact_deg": 0,
            "pancreas_lesion.smv_pv_contact_deg": 180,
        },
        "resectable",
    ),
    (
        "nccn-pancreatic-resectability",
        {
            "pancreas_lesion.sma_contact_deg": 180,
            "pancreas_lesion.celiac_contact_deg": 0,
            "pancreas_lesion.smv_pv_contact_deg": 0,
        },
        "borderline resectable",
    ),
    (
        "nccn-pancreatic-resectability",
        {
            "pancreas_lesion.sma_contact_deg": 181,
            "pancreas_lesion.celiac_contact_deg": 0,
            "pancreas_lesion.smv_pv_contact_deg": 0,
        },
        "unresectable",
    ),
]


@pytest.mark.parametrize(
    ("entry_id", "values", "label"), CASES, ids=[f"{c[0]}:{'/'.join(f'{v:g}' for v in c[1].values())}" for c in CASES]
)
def test_label_at_and_around_boundary(entry_id: str, values: dict[str, float], label: str) -> None:
    result = ALL.get(entry_id).classify(values)
    assert result.label == label
    assert result.entry_id == entry_id
    assert result.citation == ALL.get(entry_id).citation


RECIST = [
    ({"new_lesions.lesion_count": 1, "target_lesions.sum_diameters_mm": 0}, "progressive disease (PD)"),
    (
        {
            "new_lesions.lesion_count": 0,
            "target_lesions.change_from_nadir_pct": 20,
            "target_lesions.increase_from_nadir_mm": 5,
            "target_lesions.sum_diameters_mm": 30,
            "target_lesions.change_from_baseline_pct": -40,
        },
        "progressive disease (PD)",
    ),
    # +20% but only 4 mm absolute: not progression (small sums).
    (
        {
            "new_lesions.lesion_count": 0,
            "target_lesions.change_from_nadir_pct": 25,
            "target_lesions.increase_from_nadir_mm": 4,
            "target_lesions.sum_diameters_mm": 20,
            "target_lesions.change_from_baseline_pct": -10,
        },
        "stable disease (SD)",
    ),
    (
        {
            "new_lesions.lesion_count": 0,
            "target_lesions.change_from_nadir_pct": 19.9,
            "target_lesions.increase_from_nadir_mm": 9,
            "target_lesions.sum_diameters_mm": 60,
            "target_lesions.change_from_baseline_pct": 5,
        },
        "stable disease (SD)",
    ),
    (
        {
            "new_lesions.lesion_count": 0,
            "target_lesions.change_from_nadir_pct": 0,
            "target_lesions.increase_from_nadir_mm": 0,
            "target_lesions.sum_diameters_mm": 0,
            "target_lesions.change_from_baseline_pct": -100,
        },
        "complete response (CR)",
    ),
    (
        {
            "new_lesions.lesion_count": 0,
            "target_lesions.change_from_nadir_pct": 0,
            "target_lesions.increase_from_nadir_mm": 0,
            "target_lesions.sum_diameters_mm": 70,
            "target_lesions.change_from_baseline_pct": -30,
        },
        "partial response (PR)",
    ),
    (
        {
            "new_lesions.lesion_count": 0,
            "target_lesions.change_from_nadir_pct": 0,
            "target_lesions.increase_from_nadir_mm": 0,
            "target_lesions.sum_diameters_mm": 71,
            "target_lesions.change_from_baseline_pct": -29.9,
        },
        "stable disease (SD)",
    ),
]


@pytest.mark.parametrize(("values", "label"), RECIST)
def test_recist_response(values: dict[str, float], label: str) -> None:
    assert ALL.get("recist11-response").classify(values).label == label
