"""Harness-agent kinds a seventh independent generator's suite (P) showed, each varied so the rule passes.

- a side's kidney tumour burden is that kidney's lesions over that kidney's volume (was both kidneys' lesions over
  both kidneys: one wrong letter, two abstentions); the reviewer fails the group-wide burden given for one side;
- a relative difference the question states "of their mean volume" is decided on the mean, and the answer says so;
  "No significant asymmetry" is a symmetric answer (the reviewer refused all three);
- the largest pancreatic lesion is a cyst or solid by the mask it came from (was "no cited criterion decides");
- the combined volume of both kidneys with one kidney absent is the other kidney's, said with the absence;
- F2: "Fatty liver" / "Steatosis present" name a positive category of fatty liver whatever its grade.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from benchmarks.integrations import deeptumorvqa as integration
from tests.bench.harness_standin import LETTERS

Reply = Callable[[str, dict], dict]


def _ask(question: str, options: list[str], reply: Reply) -> tuple[str, Any]:
    """The agent's final message and its last decision, each tool call answered by `reply`."""
    agent = integration.ClinorchAgent()
    letters = " ".join(f"{'ABCD'[i]}. {o}" for i, o in enumerate(options))
    messages: list[dict[str, Any]] = [{"role": "system", "content": "agent"},
                                      {"role": "user", "content": f"{question}\n{letters}\n{LETTERS}"}]
    tools = [{"type": "function", "function": {"name": n}} for n in ("measure", "segment_organ")]
    for _ in range(4):
        turn = agent.chat(messages, tools)
        if not turn["tool_calls"]:
            return turn["content"], agent.last_decision
        messages.append({"role": "assistant", "content": turn["content"], "tool_calls": turn["tool_calls"]})
        for call in turn["tool_calls"]:
            messages.append({"role": "tool", "name": call["name"],
                             "content": json.dumps(reply(call["name"], call["arguments"]))})
    turn = agent.chat(messages, [])
    return turn["content"], agent.last_decision


def _kidney_cache(kidneys: dict[str, float], lesions: list[tuple[str, str, float]]) -> Reply:
    """clinorch's own cache: kidney volumes (0 mL = an absent kidney) and kidney lesions (host kidney, mask, mL)."""
    group_total = sum(v for _, _, v in lesions)
    present = [v for v in kidneys.values() if v]
    carried: list[dict[str, Any]] = [
        {"target": k, "name": "volume_ml", "value": v, "unit": "mL"} for k, v in kidneys.items()]
    carried += [{"target": "kidney_lesion", "name": "lesion_count", "value": len(lesions), "unit": "count"},
                {"target": "kidney_lesion", "name": "total_lesion_volume_ml", "value": group_total, "unit": "mL"},
                {"target": "kidney_lesion", "name": "tumor_burden_pct", "value": 100.0 * group_total / sum(present),
                 "unit": "%"}]
    for n, (host, _mask, volume) in enumerate(sorted(lesions, key=lambda x: -x[2]), start=1):
        carried += [{"target": f"kidney_lesion_{n}", "name": "volume_ml", "value": volume, "unit": "mL"},
                    {"target": f"kidney_lesion_{n}", "name": "organ", "value": host}]

    def reply(name: str, args: dict) -> dict:
        target, kind = args.get("target"), args.get("measurement_type")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 1000, "clinorch_measurements": carried}
        if target in kidneys and kind == "volume_cm3":
            return {"value": kidneys[target]}
        if target in ("kidney_tumor", "kidney_cyst") and kind == "lesion_count":
            return {"value": sum(m == target for _, m, _ in lesions)}
        if target in ("kidney_tumor", "kidney_cyst") and kind == "volume_cm3":
            return {"value": sum(v for _, m, v in lesions if m == target)}
        if target in kidneys and kind == "lesion_count":
            return {"value": sum(h == target for h, _, _ in lesions)}
        return {"error": f"No {kind!r} cached for {target!r}", "available_targets": sorted(kidneys)}
    return reply


def _options(truth: float, *distractors: float) -> tuple[list[str], str]:
    values = sorted({round(truth, 2), *(round(d, 2) for d in distractors)})
    return [f"{v:.2f}" for v in values], "ABCD"[values.index(round(truth, 2))]


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(("kidneys", "lesions"), [
    ({"kidney_left": 193.5, "kidney_right": 175.0},
     [("kidney_left", "kidney_tumor", 33.8), ("kidney_right", "kidney_cyst", 4.2)]),
    ({"kidney_left": 150.0, "kidney_right": 210.0},
     [("kidney_right", "kidney_cyst", 6.0), ("kidney_right", "kidney_tumor", 2.5), ("kidney_left", "kidney_cyst", 1.1)]),
])
@pytest.mark.parametrize("wording", ["What percentage of the {side} kidney volume is occupied by lesions?",
                                     "Tumour burden of the {side} kidney, as a percentage of its volume?"])
def test_a_sides_burden_is_its_own_lesions_over_its_own_kidney(side: str, kidneys: dict, lesions: list,
                                                               wording: str) -> None:
    organ = f"kidney_{side}"
    own = sum(v for h, _, v in lesions if h == organ)
    truth = 100.0 * own / kidneys[organ]
    both = 100.0 * sum(v for _, _, v in lesions) / sum(kidneys.values())
    options, letter = _options(truth, both, 0.5 * truth + 0.1 * both + 3.0, 2.2 * truth + 1.0)
    content, decision = _ask(wording.format(side=side), options, _kidney_cache(kidneys, lesions))
    assert content == letter, (content, options, truth)
    assert side in decision.result.answer_detail.text.lower()  # the answer says which side


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_reviewer_fails_both_kidneys_burden_given_for_one_side(side: str) -> None:
    from agents.reviewer import review_result
    from core.case import Case

    kidneys = {"kidney_left": 160.0, "kidney_right": 190.0}
    lesions = [("kidney_left", "kidney_tumor", 12.0), ("kidney_right", "kidney_cyst", 3.0)]
    both = 100.0 * 15.0 / 350.0
    question = f"What percentage of the {side} kidney volume is occupied by lesions?"
    options, letter = _options(both, 7.5, 1.58, 14.0)
    _, decision = _ask(question, options, _kidney_cache(kidneys, lesions))
    group = next(e for e in decision.result.evidence if e.id == "measurement:kidney_lesion:tumor_burden_pct")
    corrupted = decision.result.model_copy(update={
        "answer": letter, "answer_detail": decision.result.answer_detail.model_copy(update={
            "text": f"{letter} — {options['ABCD'.index(letter)]}: {both:.1f} % (kidney lesion tumor burden)",
            "choice": letter, "evidence_ids": [group.id]})})
    case = Case(case_id="c", question=question, choices=dict(zip("ABCD", options, strict=False)))
    verdict = review_result(corrupted, case)
    assert not verdict.consistent
    assert any(c.name == "side" and not c.passed for c in verdict.checks), [c.reason for c in verdict.checks]


@pytest.mark.parametrize(("left", "right"), [(165.0, 150.0), (140.0, 150.0), (150.0, 172.0), (200.0, 160.0)])
@pytest.mark.parametrize("order", [0, 1, 2])
def test_a_cutoff_of_their_mean_volume_decides_on_the_mean(left: float, right: float, order: int) -> None:
    mean_pct = 100.0 * abs(left - right) / ((left + right) / 2.0)
    truth = "No significant asymmetry" if mean_pct <= 10.0 else \
        f"Asymmetric, {'left' if left > right else 'right'} kidney larger"
    options = ["No significant asymmetry", "Asymmetric, left kidney larger", "Asymmetric, right kidney larger"]
    options = options[order:] + options[:order]
    content, decision = _ask("Do the kidneys differ significantly in volume (difference > 10% of their mean volume)?",
                             options, _kidney_cache({"kidney_left": left, "kidney_right": right}, []))
    assert content == "ABC"[options.index(truth)], (content, decision.notes)
    assert "/ mean" in decision.result.answer_detail.text  # the basis that decided is said


def test_the_larger_basis_stays_the_default() -> None:
    from questions.basis import stated_cutoff_basis

    assert stated_cutoff_basis("Using a 15% threshold on (larger - smaller) / larger kidney volume") == "larger"
    assert stated_cutoff_basis("a difference of more than 10 % relative to the mean of both kidneys") == "mean"
    assert stated_cutoff_basis("differ by over 20% of the smaller kidney") == "smaller"
    assert stated_cutoff_basis("Is the left kidney more than 10% larger?") == "larger"
    assert stated_cutoff_basis("Are the kidneys symmetric (asymmetric = larger/smaller > 1.5)?") == "larger"


@pytest.mark.parametrize("absent", ["kidney_left", "kidney_right"])
@pytest.mark.parametrize("volume", [235.0, 168.4])
def test_both_kidneys_combined_with_one_absent_is_the_other(absent: str, volume: float) -> None:
    other = "kidney_right" if absent == "kidney_left" else "kidney_left"
    options, letter = _options(volume, 0.4 * volume, 1.3 * volume, 2.0 * volume)
    content, decision = _ask("What is the combined volume (mL) of both kidneys?", options,
                             _kidney_cache({absent: 0.0, other: volume}, []))
    assert content == letter, (content, decision.notes)
    assert "absent" in decision.result.answer_detail.text


def _pancreas_cache(lesions: list[tuple[str, float, float]], cyst_mask: bool = True) -> Reply:
    """clinorch's own cache for a pancreas with lesions (mask, mL, mean HU), largest first by volume."""
    found = sorted(lesions, key=lambda x: -x[1])
    carried: list[dict[str, Any]] = [
        {"target": "pancreas", "name": "volume_ml", "value": 75.0, "unit": "mL"},
        {"target": "pancreas", "name": "mean_hu", "value": 90.0, "unit": "HU"},
        {"target": "pancreas_lesion", "name": "lesion_count", "value": len(found), "unit": "count"},
        {"target": "pancreas_lesion", "name": "largest_lesion_mean_hu", "value": found[0][2], "unit": "HU"},
        {"target": "pancreas_lesion", "name": "largest_lesion_mask", "value": found[0][0]}]
    if cyst_mask:
        carried.append({"target": "pancreas_lesion", "name": "typed_masks", "value": "pancreas_cyst"})
    for n, (mask, volume, hu) in enumerate(found, start=1):
        carried += [{"target": f"pancreas_lesion_{n}", "name": "volume_ml", "value": volume, "unit": "mL"},
                    {"target": f"pancreas_lesion_{n}", "name": "mean_hu", "value": hu, "unit": "HU"},
                    {"target": f"pancreas_lesion_{n}", "name": "longest_diameter_mm", "value": 10.0 * volume ** (1 / 3),
                     "unit": "mm"}]
        if cyst_mask and mask == "pancreas_cyst":
            carried.append({"target": f"pancreas_lesion_{n}", "name": "lesion_type", "value": "cyst"})

    largest = found[0][0]

    def reply(name: str, args: dict) -> dict:
        target, kind = args.get("target"), args.get("measurement_type")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 1000, "clinorch_measurements": carried}
        own = [x for x in found if x[0] == target]
        if target in ("pancreas_tumor", "pancreas_cyst") and kind == "lesion_count":
            return {"value": len(own)}
        if target in ("pancreas_tumor", "pancreas_cyst") and kind == "volume_cm3":
            return {"value": sum(x[1] for x in own)}
        if target == largest and own and kind in ("largest_lesion_volume_cm3", "mean_hu", "max_diameter_mm"):
            # as clinorch's export writes it: the group's largest lesion, under the mask it lies in only
            return {"value": {"largest_lesion_volume_cm3": own[0][1], "mean_hu": own[0][2],
                              "max_diameter_mm": 10.0 * own[0][1] ** (1 / 3)}[kind]}
        return {"error": "not cached", "available_targets": ["pancreas"]}
    return reply


@pytest.mark.parametrize(("lesions", "cystic"), [
    ([("pancreas_tumor", 11.4, 57.5)], False),
    ([("pancreas_cyst", 1.5, 21.8)], True),  # 21.8 HU: indeterminate by attenuation, a cyst by its mask
    ([("pancreas_tumor", 6.0, 126.0), ("pancreas_cyst", 0.9, 32.0)], False),
    ([("pancreas_cyst", 24.5, 23.1), ("pancreas_tumor", 3.0, 60.0)], True),
])
@pytest.mark.parametrize("first", ["Solid tumor", "Cystic lesion"])
def test_the_largest_pancreatic_lesion_is_typed_by_its_mask(lesions: list, cystic: bool, first: str) -> None:
    options = [first, "Cystic lesion" if first == "Solid tumor" else "Solid tumor"]
    content, decision = _ask("What kind of lesion is the largest pancreatic lesion?", options, _pancreas_cache(lesions))
    assert content == "AB"[options.index("Cystic lesion" if cystic else "Solid tumor")], (content, decision.notes)


@pytest.mark.parametrize(("hu", "expected"), [(55.0, "Solid tumor"), (8.0, "Cystic lesion"), (25.0, None)])
def test_without_masks_the_content_criterion_types_it_or_it_abstains(hu: float, expected: str | None) -> None:
    options = ["Solid tumor", "Cystic lesion"]
    content, _ = _ask("What kind of lesion is the largest pancreatic lesion?", options,
                      _pancreas_cache([("pancreas_tumor", 4.0, hu)], cyst_mask=False))
    assert content == ("AB"[options.index(expected)] if expected else content)
    if expected is None:
        assert content.startswith("[no answer]"), content  # 21-30 HU leaves solid or cystic open


def _liver_cache(liver_hu: float, spleen_hu: float) -> Reply:
    values = {"liver": (1500.0, liver_hu), "spleen": (200.0, spleen_hu)}

    def reply(name: str, args: dict) -> dict:
        target, kind = args.get("target"), args.get("measurement_type")
        if name == "segment_organ":
            return {"mask_found": True, "voxel_count": 1000}
        if target in values and kind == "mean_hu":
            return {"value": values[target][1], "std_hu": 10.0}
        if target in values and kind == "volume_cm3":
            return {"value": values[target][0]}
        return {"error": "not cached", "available_targets": sorted(values)}
    return reply


@pytest.mark.parametrize(("liver", "spleen", "fatty"), [(35.0, 55.0, True), (29.0, 50.0, True), (50.0, 55.0, True),
                                                       (60.0, 50.0, False), (66.0, 52.0, False)])
@pytest.mark.parametrize(("question", "positive", "negative"), [
    ("Does the patient have fatty liver based on the liver-to-spleen HU ratio?", "Fatty liver", "No fatty liver"),
    ("Is there hepatic steatosis?", "Steatosis present", "No steatosis"),
    ("Is the liver fatty on this CT?", "Yes, fatty liver", "No fatty liver"),
])
@pytest.mark.parametrize("negative_first", [True, False])
def test_an_option_naming_the_finding_is_its_positive_category(liver: float, spleen: float, fatty: bool, question: str,
                                                              positive: str, negative: str, negative_first: bool) -> None:
    options = [negative, positive] if negative_first else [positive, negative]
    content, decision = _ask(question, options, _liver_cache(liver, spleen))
    assert content == "AB"[options.index(positive if fatty else negative)], (content, decision.notes)


def test_an_option_of_another_finding_or_grade_is_not_named() -> None:
    from questions.intents.answers import names_finding

    assert names_finding("Fatty liver", "moderate to severe fatty liver", True)
    assert names_finding("Steatosis present", "moderate to severe fatty liver", True)
    assert names_finding("No fatty liver", "no fatty liver", False)
    assert not names_finding("Fatty pancreas", "moderate to severe fatty liver", True)
    assert not names_finding("Mild fatty liver", "moderate to severe fatty liver", True)
    assert not names_finding("No fatty liver", "moderate to severe fatty liver", True)
    assert not names_finding("Fatty liver", "no fatty liver", False)
    assert not names_finding("Splenomegaly", "moderate splenomegaly", False)


@pytest.mark.parametrize(("tumour", "cyst"), [((6.0, 126.0), (0.9, 32.2)), ((6.0, 126.0), (4.2, 9.0)),
                                              ((12.0, 60.0), (2.0, 16.0)), ((9.0, 70.0), (3.6, 12.0))])
@pytest.mark.parametrize("yes_first", [True, False])
def test_the_largest_pancreatic_cyst_beside_a_larger_tumour_is_the_cyst(tumour: tuple, cyst: tuple,
                                                                        yes_first: bool) -> None:
    """Suite P's case 4: a PNET larger than the cyst; the cyst is named lesion by lesion (its carried kind), never the
    group cut to the cyst mask, whose largest lesion clinorch's cache does not hold (was: abstained)."""
    reply = _pancreas_cache([("pancreas_tumor", *tumour), ("pancreas_cyst", *cyst)])
    options = ["Yes", "No"] if yes_first else ["No", "Yes"]
    resect = cyst[0] > 3.0 or 10.0 * cyst[0] ** (1 / 3) > 30.0
    content, decision = _ask("Does the largest pancreatic cyst meet size criteria for resection (volume > 3 mL or "
                             "diameter > 3 cm)?", options, reply)
    assert content == "AB"[options.index("Yes" if resect else "No")], (content, decision.notes)
    content, decision = _ask("Is the largest pancreatic cyst a pseudocyst by attenuation (mean > 14.5 HU), rather than "
                             "a mucinous lesion?", options, reply)
    assert content == "AB"[options.index("Yes" if cyst[1] > 14.5 else "No")], (content, decision.notes)
