"""clinorch's tool cache carries the measurement agent's per-organ values in `segment_organ`; the agent in the
harness answers the questions the benchmark's `measure` types cannot (a lesion's place, slice and nearest
structure, lesion spread and outliers, sub-segment volumes, the caudate / right-lobe ratio), and a lesion
group with a mask missing from the folder is not carried (unknown, never zero)."""

from __future__ import annotations

import shutil
import types
from pathlib import Path

import pytest

from benchmarks.integrations import deeptumorvqa as integration
from benchmarks.integrations.harness_tools import evidence_from, organ_calls
from benchmarks.records import load_records
from benchmarks.toolcache import export_tool_cache
from core.config import Config

CARRIED = ("adjacent organ", "inter-segment comparison", "largest lesion slice", "largest lesion location",
           "liver lesion clustering", "lesion outlier", "portal hypertension assessment", "lesion count by location")


def _letter(text: str) -> str | None:
    return text[:1] if text[:1] in ("A", "B", "C", "D") else None


@pytest.fixture(scope="module")
def incomplete_root(suite, tmp_path_factory) -> Path:
    """The suite in the incomplete layout: every empty lesion mask deleted from the folders."""
    import nibabel as nib

    root = tmp_path_factory.mktemp("incomplete")
    shutil.copytree(suite.root / "benchmark", root / "benchmark")
    for path in (root / "benchmark").rglob("segmentations/*_t*.nii.gz"):
        if path.name.split(".")[0] in ("liver_tumor", "kidney_tumor", "kidney_cyst", "pancreas_tumor", "colon_tumor") \
                and not nib.load(path).get_fdata().any():
            path.unlink()
    for path in (root / "benchmark").rglob("segmentations/kidney_cyst.nii.gz"):
        path.unlink()  # and one group left partly unknown in every case
    return root


def test_a_group_with_a_missing_mask_is_not_carried(suite, incomplete_root, tmp_path) -> None:
    full = export_tool_cache(suite.root, tmp_path / "full.json", mode="oracle")["cache"]
    part = export_tool_cache(incomplete_root, tmp_path / "part.json", mode="oracle",  # no lesion finder to complete
                             config=Config(segmenter="provided"))["cache"]
    for image_id, entry in full.items():
        liver = {(m["target"], m["name"]) for m in entry["segment"]["liver"]["clinorch_measurements"]}
        assert ("liver_lesion", "lesion_count") in liver and ("liver", "caudate_right_lobe_ratio") in liver
        assert ("liver_segment_5", "volume_ml") in liver
        kidney = part[image_id]["segment"]["kidney_left"].get("clinorch_measurements", [])
        assert not [m for m in kidney if m["target"].startswith(("kidney_lesion", "kidney_tumor", "kidney_cyst"))
                    or m["name"] == "lesion_count"], kidney
        liver_mask = incomplete_root / "benchmark" / "ct" / image_id / "segmentations" / "liver_tumor.nii.gz"
        carried = {m["target"] for m in part[image_id]["segment"]["liver"].get("clinorch_measurements", [])}
        assert ("liver_lesion" in carried) == liver_mask.exists()
        exchanges = [("segment_organ", {"target": "liver", "image_id": image_id}, entry["segment"]["liver"])]
        evidence = {e.id: e for e in evidence_from(exchanges, organ_calls(["liver_lesion_1.location"]))}
        assert evidence["measurement:liver_lesion:lesion_count"].provenance.calls == ["segment_organ(liver)"]


def test_a_completed_lesion_mask_says_the_finder_made_it(suite, incomplete_root, tmp_path) -> None:
    """With the default configuration a missing lesion mask is looked for; one completed as empty says so."""
    part = export_tool_cache(incomplete_root, tmp_path / "completed.json", mode="oracle")["cache"]
    full = export_tool_cache(suite.root, tmp_path / "full.json", mode="oracle")["cache"]
    for image_id, entry in part.items():
        cyst = entry["segment"].get("kidney_cyst")
        cysts = full[image_id]["measure"].get("kidney_cyst", {}).get("lesion_count", {}).get("value")
        assert cyst is None or not cysts, (image_id, cysts)  # a cyst whose mask was removed is never completed away
        if cyst is None:  # the finder saw a kidney lesion beyond the provided masks: still unknown
            assert "kidney_cyst" not in entry["measure"]
            continue
        assert cyst["voxel_count"] == 0 and "lesion finder" in cyst["source"], (image_id, cyst)
        assert entry["measure"]["kidney_cyst"]["lesion_count"]["value"] == 0
        assert "lesion finder" in entry["measure"]["kidney_cyst"]["lesion_count"]["source"]


@pytest.mark.parametrize("layout", ["complete", "incomplete"])
def test_carried_subtypes_answer_in_the_harness_without_a_wrong_letter(suite, incomplete_root, standin_harness,
                                                                      tmp_path, layout) -> None:
    root = suite.root if layout == "complete" else incomplete_root
    export_tool_cache(root, tmp_path / "cache.json", mode="oracle")
    evaluator = integration.build_evaluator(types.SimpleNamespace(agent_mode="oracle", max_steps=5))
    records = [r for r in load_records(suite.questions) if r.question_subtype in CARRIED]
    results = evaluator.run_records(records, standin_harness.load_cache(tmp_path / "cache.json"))
    wrong = [(r["question_subtype"], r["pred_answer"], r["correct_option"]) for r in results
             if _letter(r["pred_answer"]) not in (None, r["correct_option"])]
    assert not wrong
    answered = sum(_letter(r["pred_answer"]) is not None for r in results)
    if layout == "complete":
        assert answered >= 0.9 * len(results), [(r["question_subtype"], r["pred_answer"][:400]) for r in results
                                                if _letter(r["pred_answer"]) is None]


def test_a_lesion_s_shares_of_sub_segments_are_carried(suite, tmp_path) -> None:
    """Suite AL (session 35): the harness read "which segment holds the most lesion volume?" without the lesions'
    voxel shares and put each lesion's whole volume in every segment holding > 10 % of it."""
    cache = export_tool_cache(suite.root, tmp_path / "full.json", mode="oracle")["cache"]
    carried = 0
    for image_id, entry in cache.items():
        for item in entry["segment"]["liver"].get("clinorch_measurements", []):
            if item["name"] == "locations" and item["target"].startswith("liver_lesion_") and item["value"]:
                assert item["shares"] and abs(sum(item["shares"].values()) - 1.0) < 0.02, item
                exchanges = [("segment_organ", {"target": "liver", "image_id": image_id}, entry["segment"]["liver"])]
                evidence = evidence_from(exchanges, organ_calls([f"{item['target']}.locations"]))
                located = [e for e in evidence if e.target == item["target"] and e.name == "locations"]
                assert located and located[0].provenance.get("shares") == item["shares"]
                carried += 1
    assert carried
