"""A predicted mask's volume carries its plausible error, and a category it decides must hold across that error.

Kinds, not instances: every registered criterion that reads an organ volume, at every finite band edge, with the
volume placed at several fractions of several errors from the edge; both kidneys' comparisons with the gap around
the sum of their errors; the boundary layer of boxes of several sizes and spacings.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import knowledge
from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.guideline import GuidelineReasoner
from agents.reviewer import ReviewInput, review
from agents.segmenters.volume_error import LAYERS, MODEL_LAYERS, boundary_layer_ml, plausible_errors
from core.case import Evidence
from core.state import Intent
from core.tasks import TASKS, task
from knowledge.uncertainty import PLAUSIBLE_ERROR, UndecidedError, check_decided

BASE = knowledge.load_base(profile="deeptumorvqa")
ERRORS_ML = (4.0, 25.0, 90.0)
OFFSETS = (-1.6, -0.4, 0.4, 1.6)
"""Where the volume sits from a band edge, in errors: inside the error (undecided) or beyond it (decided)."""


def _volume_cases() -> list[tuple[str, str]]:
    """(subtype, organ) for every registered criterion that reads one organ volume."""
    out = []
    for spec in TASKS:
        if not spec.criteria or spec.stage not in ("recognition", "visual reasoning", "medical reasoning"):
            continue
        for organ in ("liver", "spleen", "pancreas", "kidney_left", "kidney_right"):
            try:
                entry = BASE.get(spec.criterion(organ))
            except (KeyError, knowledge.KnowledgeError):
                continue
            keys = entry.criterion.quantity_keys if entry.criterion else []
            if len(keys) == 1 and keys[0].endswith(".volume_ml") and keys[0].split(".")[0] in (organ, "kidney"):
                out.append((spec.name, organ))
    return sorted(set(out))


def _evidence(organ: str, volume: float, error: float | None, entry_id: str) -> list[Evidence]:
    items = [Evidence.make("measurement", "measurement", "volume_ml", organ, value=volume, unit="mL"),
             Evidence.make("criterion", "knowledge", entry_id, None, value=entry_id, provenance={"entry_id": entry_id})]
    if error is not None:
        items.append(Evidence.make("segmentation", "segmentation", f"volume_ml{PLAUSIBLE_ERROR}", organ, value=error,
                                   unit="mL", reason="boundary layer of a predicted mask"))
    return items


def test_the_cases_cover_the_spleen_and_the_organ_enlargement_criteria() -> None:
    cases = _volume_cases()
    assert ("splenomegaly detection", "spleen") in cases
    assert len({organ for _, organ in cases}) >= 2


@pytest.mark.parametrize(("subtype", "organ"), _volume_cases())
def test_a_volume_category_is_answered_only_when_its_whole_error_gives_it(subtype: str, organ: str) -> None:
    spec = task(subtype)
    entry = BASE.get(spec.criterion(organ))
    scale = entry.criterion.quantities[0]
    edges = sorted({v for b in scale.bands for v in (b.lower, b.upper) if v is not None and v > 0})
    checked = 0
    for edge, error, offset in itertools.product(edges, ERRORS_ML, OFFSETS):
        volume = edge + offset * error
        if volume <= 0:
            continue
        near = [e for e in edges if abs(e - volume) < error]  # an edge inside the error range
        values = {f"{organ}.volume_ml": volume}
        labels = {entry.classify({f"{organ}.volume_ml": max(v, 1e-6)}, target=organ).label
                  for v in (volume - error, volume, volume + error)}
        decided = len(labels) == 1
        assert decided == (not near), (subtype, volume, error, labels)
        intent = Intent(task=subtype, organ=organ, quantities=list(values), answer_form=spec.form)
        evidence = _evidence(organ, volume, error, entry.id)
        reasoner_input = ReasonerInput(question=f"{subtype}?", choices=None, intent=intent, evidence=evidence,
                                       criteria={entry.id: entry})
        if not decided:
            with pytest.raises(InsufficientEvidence, match="plausible error"):
                GuidelineReasoner().draft(reasoner_input)
            with pytest.raises(UndecidedError):
                check_decided(entry, {**values, f"{organ}.volume_ml{PLAUSIBLE_ERROR}": error}, organ)
            # the reviewer applies the same rule: an answer given from the volume alone is refused with the error
            blind = ReasonerInput(question=f"{subtype}?", choices=None, intent=intent,
                                  evidence=_evidence(organ, volume, None, entry.id), criteria={entry.id: entry})
            answer = GuidelineReasoner().answer(blind)
        else:
            answer = GuidelineReasoner().answer(reasoner_input)
            assert answer.criterion_id == entry.id
        verdict = review(ReviewInput(question=f"{subtype}?", choices=None, intent=intent, answer=answer,
                                     evidence=evidence, base=BASE, track="abdomen_ct"))
        rule = next(c for c in verdict.checks if c.name == "rule_grounding")
        assert rule.passed == decided, (subtype, volume, error, answer.text, rule.reason)
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize(("left", "right", "error_left", "error_right"), [
    (150.0, 140.0, 3.0, 4.0), (150.0, 140.0, 6.0, 5.0), (120.0, 190.0, 20.0, 30.0), (120.0, 190.0, 40.0, 35.0),
    (210.0, 205.0, 1.0, 1.0), (210.0, 205.0, 0.0, 6.0)])
def test_which_kidney_is_larger_is_answered_only_when_the_gap_exceeds_both_errors(
        left: float, right: float, error_left: float, error_right: float) -> None:
    evidence = [Evidence.make("measurement", "measurement", "volume_ml", side, value=v, unit="mL")
                for side, v in (("kidney_left", left), ("kidney_right", right))]
    evidence += [Evidence.make("segmentation", "segmentation", f"volume_ml{PLAUSIBLE_ERROR}", side, value=e, unit="mL")
                 for side, e in (("kidney_left", error_left), ("kidney_right", error_right)) if e]
    intent = Intent(task="kidney volume comparison", organ="kidney", quantities=["kidney_left.volume_ml",
                                                                                  "kidney_right.volume_ml"],
                    answer_form="category")
    reasoner_input = ReasonerInput(question="Which kidney is larger?", choices=None, intent=intent, evidence=evidence)
    if abs(left - right) > error_left + error_right:
        draft = GuidelineReasoner().draft(reasoner_input)
        assert draft.label is not None and draft.label.startswith("left" if left > right else "right")
    else:
        with pytest.raises(InsufficientEvidence, match="plausible error"):
            GuidelineReasoner().draft(reasoner_input)


@pytest.mark.parametrize(("side", "spacing"), list(itertools.product((3, 5, 9), ((1.0, 1.0, 1.0), (0.7, 0.7, 5.0)))))
def test_the_boundary_layer_is_the_voxels_with_a_face_outside(side: int, spacing: tuple[float, float, float]) -> None:
    mask = np.zeros((side + 6, side + 4, side + 2), dtype=bool)
    mask[2:2 + side, 1:1 + side, 1:1 + side] = True  # touching nothing but itself; the grid edge is one voxel away
    voxel_ml = float(np.prod(spacing)) / 1000.0
    assert boundary_layer_ml(mask, voxel_ml) == pytest.approx((side ** 3 - (side - 2) ** 3) * voxel_ml)
    assert boundary_layer_ml(np.zeros((4, 4, 4), dtype=bool), voxel_ml) == 0.0
    full = np.ones((side, side, side), dtype=bool)  # a mask filling its grid: its faces on the grid edge count too
    assert boundary_layer_ml(full, voxel_ml) == pytest.approx((side ** 3 - (side - 2) ** 3) * voxel_ml)


@pytest.mark.parametrize("backend", ["classical", "totalsegmentator", "provided"])
def test_predicted_masks_carry_an_error_and_provided_masks_none(backend: str) -> None:
    mask = np.zeros((20, 20, 12), dtype=bool)
    mask[4:16, 5:15, 2:10] = True
    errors = plausible_errors({"spleen": mask, "body": mask}, 0.002, backend)
    if backend == "provided":
        assert errors == {}
        return
    assert set(errors) == {"spleen"}  # an organ a criterion reads, not the body outline
    layers = LAYERS.get("spleen", LAYERS["default"]) if backend == "classical" else MODEL_LAYERS
    assert errors["spleen"][0] == pytest.approx(layers * boundary_layer_ml(mask, 0.002), abs=0.01)
    assert backend in errors["spleen"][1]


def _harness_letter(question: str, options: str, volumes: dict[str, tuple[float, float | None]]) -> str:
    """The DeepTumorVQA harness agent's reply when the cache's volume results carry `plausible_error_cm3`
    (predicted mode, `benchmarks.toolcache.image_entry`); organ -> (volume, error or None)."""
    from tests.bench.harness_standin import converse

    def reply(name: str, args: dict) -> dict:
        volume = volumes.get(args.get("target"))
        if name == "measure" and args.get("measurement_type") == "volume_cm3" and volume is not None:
            error = {} if volume[1] is None else {"plausible_error_cm3": volume[1]}
            return {"value": volume[0], "unit": "cm3", **error}
        if name == "segment_organ" and volume is not None:
            return {"mask_found": True, "voxel_count": 5000}
        return {"error": "not cached"}

    return converse(question, options, reply)


@pytest.mark.parametrize(("volume", "error", "letter"), [
    (290.0, None, "B"), (290.0, 10.0, "B"), (290.0, 30.0, None), (340.0, 30.0, None), (340.0, 20.0, "A"),
    (600.0, 100.0, "A")])
def test_the_harness_agent_answers_splenomegaly_only_outside_the_error(volume: float, error: float | None,
                                                                        letter: str | None) -> None:
    answer = _harness_letter("Is there splenomegaly?", "A. Yes B. No C. Cannot be determined D. Spleen absent",
                             {"spleen": (volume, error)})
    assert answer == letter if letter else (answer.startswith("[no answer]") and "plausible error" in answer), answer
