"""Incomplete lesion mask sets in the harness: a lower bound settles existence, never a count."""

from __future__ import annotations

import pytest

from benchmarks.integrations import deeptumorvqa as integration
from benchmarks.integrations.deeptumorvqa import plan_calls
from tests.bench.harness_standin import converse


def _exchanges(counts: dict[str, int], quantities: list[str]) -> list:
    planned = plan_calls(quantities)
    out = []
    for call in planned:
        target, kind = call.arguments["target"], call.arguments["measurement_type"]
        result = {"value": counts[target]} if kind == "lesion_count" and target in counts else \
            {"error": f"No '{kind}' cached for target='{target}'"}
        out.append((call.name, call.arguments, result))
    return out


@pytest.mark.parametrize(("counts", "bound"), [
    ({"kidney_tumor": 1}, 1), ({"kidney_cyst": 3}, 3), ({"kidney_tumor": 0}, None), ({}, None),
])
def test_a_partly_missing_group_gives_a_lower_bound_not_a_count(counts: dict, bound: int | None) -> None:
    exchanges = _exchanges(counts, ["kidney_lesion.lesion_count", "kidney_lesion.largest_lesion_volume_ml"])
    evidence = integration.evidence_from(exchanges, plan_calls(["kidney_lesion.lesion_count",
                                                                "kidney_lesion.largest_lesion_volume_ml"]))
    group = {e.name: e.value for e in evidence if e.target == "kidney_lesion"}
    assert "lesion_count" not in group and "largest_lesion_volume_ml" not in group
    assert group.get("lesion_count_lower_bound") == bound
    assert {e.target: e.value for e in evidence if e.name == "lesion_count"} == counts


def _chat(question: str, options: str, counts: dict[str, int]) -> str:
    """Lesion counts per mask from `counts`; both kidneys found; nothing else cached."""
    def reply(name: str, args: dict) -> dict:
        kind, target = args.get("measurement_type"), args.get("target")
        if name == "measure" and kind == "lesion_count" and target in counts:
            return {"value": counts[target], "unit": "count"}
        if name == "segment_organ" and target in ("kidney_left", "kidney_right"):
            return {"mask_found": True, "voxel_count": 5000}
        return {"error": f"No '{kind}' cached for target='{target}'"}

    return converse(question, options, reply)


@pytest.mark.parametrize(("counts", "letter"), [({"kidney_tumor": 1}, "A"), ({"kidney_cyst": 2}, "A")])
def test_existence_is_answered_from_a_lower_bound(counts: dict, letter: str) -> None:
    answer = _chat("Is there a lesion in either kidney?", "A. Yes B. No C. Cannot be assessed D. Only cysts", counts)
    assert answer == letter, answer


@pytest.mark.parametrize("shown", [1, 2])
def test_a_count_from_a_partly_missing_group_abstains(shown: int) -> None:
    options = " ".join(f"{letter}. {n}" for letter, n in zip("ABCD", (shown, shown + 1, shown + 2, 0), strict=True))
    answer = _chat("How many kidney lesions are there?", options, {"kidney_tumor": shown})
    assert answer.startswith("[no answer]") and "kidney" in answer, answer


def _answer(question: str, options: str, values: dict[tuple[str, str], float]) -> str:
    """The harness agent's letter with measure results from `values` ((target, type) -> number)."""
    def reply(name: str, args: dict) -> dict:
        value = values.get((args.get("target"), args.get("measurement_type")))
        return {"value": value, "std_hu": 8.0} if value is not None else {"error": "not cached"}

    return converse(question, options, reply)


TYPES = "A. Pancreatic pseudocyst B. Serous cystadenoma C. Pancreatic neuroendocrine tumour (PNET) " \
        "D. Pancreatic ductal adenocarcinoma (PDAC)"


@pytest.mark.parametrize(("question", "lesion_hu", "gland_hu", "letter"), [
    ("What is the most likely type of the solid pancreatic mass?", 24.0, 47.0, "D"),    # premise: solid, hypo
    ("Is the solid pancreatic tumour more consistent with PDAC or with a PNET?", 27.0, 15.0, "C"),  # hyper: PNET
    ("Classify the pancreatic tumour: adenocarcinoma or neuroendocrine tumour?", 24.0, 47.0, None),  # no premise
    ("What is the most likely type of the solid pancreatic mass?", 12.0, 47.0, None),    # fluid: not solid
    ("What is the most likely type of the solid pancreatic mass?", 45.0, 60.0, "D"),     # solid by attenuation
])
def test_a_lesion_the_question_calls_solid_is_typed_on_that_premise(question: str, lesion_hu: float, gland_hu: float,
                                                                     letter: str | None) -> None:
    values = {("pancreas_tumor", "lesion_count"): 1, ("pancreas_tumor", "mean_hu"): lesion_hu,
              ("pancreas", "mean_hu"): gland_hu}
    answer = _answer(question, TYPES, values)
    assert answer == letter if letter else answer.startswith("[no answer]"), answer


@pytest.mark.parametrize(("question", "lesion_hu", "gland_hu", "count", "letter"), [
    ("Is there a pancreatic neuroendocrine tumour (PNET)?", 24.0, 47.0, 1, "B"),   # hypo: no PNET, cyst or not
    ("Is a pancreatic ductal adenocarcinoma present?", 24.0, 47.0, 1, "C"),        # hypo 24 HU: PDAC or cyst, open
    ("Is a pancreatic ductal adenocarcinoma present?", 28.0, 14.0, 1, "B"),        # hyper: no PDAC
    ("Is there a pancreatic neuroendocrine tumour (PNET)?", 28.0, 14.0, 1, "C"),   # hyper 28 HU: PNET or cyst, open
    ("Is there a pancreatic neuroendocrine tumour (PNET)?", 24.0, 47.0, 2, None),  # only the largest is typed
])
def test_enhancement_rules_a_type_out_when_solid_or_cystic_is_open(question: str, lesion_hu: float, gland_hu: float,
                                                                   count: int, letter: str | None) -> None:
    """The only lesion's content open and its enhancement fitting the type asked: the option saying it cannot be
    assessed is the answer (`knowledge.lesion_types`); with several lesions, only the largest typed: no answer."""
    values = {("pancreas_tumor", "lesion_count"): count, ("pancreas_tumor", "mean_hu"): lesion_hu,
              ("pancreas", "mean_hu"): gland_hu}
    answer = _answer(question, "A. Yes B. No C. Cannot be assessed on CT D. Only another type could be present", values)
    assert answer == letter if letter else answer.startswith("[no answer]"), answer


@pytest.mark.parametrize(("question", "counts", "letter"), [
    ("Is there a kidney tumor?", {"kidney_tumor": 1}, "A"),        # the cyst mask missing: the tumour's own mask decides
    ("Is a renal cyst present?", {"kidney_cyst": 2}, "A"),
    ("Is there a kidney tumor?", {"kidney_tumor": 0}, "B"),        # a provided empty tumour mask: none
])
def test_a_lesion_kind_is_decided_by_its_own_mask_when_the_other_kind_is_missing(question: str, counts: dict,
                                                                                  letter: str) -> None:
    """Suite E (incomplete masks): "Is there a kidney tumour?" abstained when the kidney_cyst mask was missing,
    though the kidney_tumor mask showed one (the reviewer asked for the group's largest lesion HU)."""
    answer = _chat(question, "A. Yes B. No C. Cannot be assessed D. Only in the left kidney", counts)
    assert answer == letter, answer


@pytest.mark.parametrize(("question", "counts", "mask"), [
    ("Is there a colon lesion?", {}, "colon tumor"),
    ("Is there a lesion in the pancreas?", {"liver_tumor": 2}, "pancreas tumor"),
    ("How many kidney lesions are there?", {"kidney_tumor": 1}, "kidney cyst"),
])
def test_an_abstention_names_the_missing_lesion_mask(question: str, counts: dict, mask: str) -> None:
    """A lesion mask the provided set lacks is named in the abstention (missing is not zero), never guessed."""
    answer = _chat(question, "A. Yes B. No C. 1 D. 2", counts)
    assert answer.startswith("[no answer]") and f"{mask} mask is not among the provided masks" in answer, answer
