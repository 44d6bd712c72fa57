"""The measurement node: reads ids from the state, arrays from the store, returns evidence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from langgraph.runtime import Runtime

from agents import measurement
from core.case import Case, ImageRef
from core.config import Config
from core.context import Context
from core.state import CaseState, Intent, Plan
from core.store import ArtifactStore, artifact_id
from imaging.masks import read_mask
from imaging.volume import Image, read_image


def _state(store: ArtifactStore, case_dir: Path, organs: list[str], prior: bool = False) -> CaseState:
    images = {"current:0": store.put("img", "current:0", read_image(case_dir / "ct.nii.gz"))}
    masks = {p.name.removesuffix(".nii.gz"): store.put("mask", p.name.removesuffix(".nii.gz"), read_mask(p))
             for p in sorted((case_dir / "segmentations").glob("*.nii.gz"))}
    refs = [ImageRef(path=str(case_dir / "ct.nii.gz"))]
    prior_masks = {}
    if prior:
        images["prior:0"] = images["current:0"]
        prior_masks = {"prior:0": dict(masks)}
        refs.append(ImageRef(path=str(case_dir / "ct.nii.gz"), role="prior"))
    plan = Plan(intent=Intent(task="organ volume measurement"), organs=organs)
    return CaseState(case=Case(case_id="c1", images=refs), plan=plan, images=images, masks=masks, prior_masks=prior_masks)


def _runtime(store: ArtifactStore) -> Runtime[Context]:
    return Runtime(context=Context(config=Config(), store=store))


def test_node_measures_what_the_plan_needs(phantom_dir: Path) -> None:
    store = ArtifactStore("c1")
    update = measurement.node(_state(store, phantom_dir, ["spleen"]), _runtime(store))
    by_id = {e.id: e for e in update["evidence"]}
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())
    assert by_id["measurement:spleen:volume_ml"].value == truth["organs"]["spleen"]["volume_ml"]
    assert by_id["measurement:spleen:volume_ml"].provenance["masks"] == [artifact_id("mask", "c1", "spleen")]
    assert by_id["check:current:measurable"].passed is True
    assert not any(e.target == "liver" for e in update["evidence"])
    assert update["findings"][0].organ == "spleen"
    assert update["trace"][0].tool == "measure_case"


def test_node_measures_everything_when_the_plan_names_nothing(phantom_dir: Path) -> None:
    store = ArtifactStore("c1")
    update = measurement.node(_state(store, phantom_dir, []), _runtime(store))
    ids = {e.id for e in update["evidence"]}
    assert {"measurement:liver_lesion:largest_lesion_diameter_mm", "measurement:kidney_lesion:lesion_count",
            "measurement:liver/spleen:hu_ratio"} <= ids
    assert by_image(update, "measurement:liver:mean_hu") == artifact_id("img", "c1", "current:0")


def by_image(update: dict, evidence_id: str) -> str:
    return next(e for e in update["evidence"] if e.id == evidence_id).provenance["image"]


def test_prior_study_gives_recist(phantom_dir: Path) -> None:
    store = ArtifactStore("c1")
    update = measurement.node(_state(store, phantom_dir, ["liver"], prior=True), _runtime(store))
    by_id = {e.id: e for e in update["evidence"]}
    assert by_id["measurement:recist:response"].value == "SD"  # the same study twice: no change
    assert by_id["measurement:target_lesions:change_from_baseline_pct"].value == 0.0
    assert by_id["check:prior:measurable"].passed is True


def test_image_without_spacing_is_a_failed_check_not_a_crash() -> None:
    store = ArtifactStore("c2")
    picture = Image(np.zeros((64, 64), np.float32), None, None, None, "photo.png")
    state = CaseState(case=Case(case_id="c2", images=[ImageRef(path="photo.png")]),
                      images={"current:0": store.put("img", "current:0", picture)})
    update = measurement.node(state, _runtime(store))
    [check] = update["evidence"]
    assert check.kind == "check" and check.passed is False
    assert "MissingSpacingError" in check.reason and "photo.png" in check.reason
    assert "findings" not in update


def test_no_image_is_a_failed_check() -> None:
    store = ArtifactStore("c3")
    update = measurement.node(CaseState(case=Case(case_id="c3")), _runtime(store))
    assert update["evidence"][0].passed is False


def _feedback_state(organs: list[str], quantities: list[str], absent: list[str], measured: list[str]) -> CaseState:
    from core.case import Evidence

    evidence = [Evidence.make("segmentation", "segmentation", "present", name, value=False, reason="not found")
                for name in absent]
    evidence += [Evidence.make("measurement", "measurement", key.rsplit(".", 1)[1], key.rsplit(".", 1)[0], value=1.0)
                 for key in measured]
    plan = Plan(intent=Intent(task="organ volume measurement", quantities=quantities), organs=organs)
    return CaseState(case=Case(case_id="c1", images=[ImageRef(path="ct.nii.gz")]), plan=plan, evidence=evidence)


def test_a_revision_measures_again_only_when_it_can_supply_what_is_missing() -> None:
    """Issue 12 kind 2: a structure the segmenter did not find cannot be measured on a second round."""
    acts = measurement.acts_on_feedback
    assert acts(_feedback_state(["spleen"], ["spleen.volume_ml"], [], []))  # narrowed, spleen's mask may be there
    assert not acts(_feedback_state(["spleen"], ["spleen.volume_ml"], ["spleen"], []))
    assert not acts(_feedback_state(["liver", "spleen"], ["liver/spleen.hu_ratio"], ["spleen"], []))
    assert acts(_feedback_state(["liver", "spleen"], ["liver.volume_ml", "spleen.volume_ml"], ["spleen"], []))
    assert acts(_feedback_state(["kidney_left"], ["kidney_left.volume_ml"], [], ["kidney_left.volume_ml"]))
    assert not acts(_feedback_state([], ["spleen.volume_ml"], [], []))  # the plan measured everything already
