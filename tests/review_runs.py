"""Cached runs of phantom questions through the real agents, for the reviewer's end-to-end kind tests.

Each question is asked once per phantom (and prior) and the approved or refused result is then edited into
wrong or reworded answers that the attending reviewer must judge.
"""

from __future__ import annotations

from pathlib import Path

from core.case import CaseResult

CURRENT_ACQUIRED, PRIOR_ACQUIRED = "2026-06-01", "2025-12-01"
"""Acquisition dates of a current study and of its prior (`<name>_prior` in the phantoms mapping)."""
_RUNS: dict[tuple[str, str, bool], CaseResult] = {}


def make_studies(root: Path, specs: dict[str, dict], followed: str, scales: tuple[float, float],
                 seed: int) -> dict[str, Path]:
    """Phantoms `specs` (name -> PhantomSpec fields) under `root`, and `<followed>_prior`: the `followed` study with its
    lesions scaled by `scales` (`synthetic.pairs.derive_study`). Returns name -> folder, the prior included."""
    from synthetic.pairs import derive_study
    from synthetic.phantom import PhantomSpec, make_phantom

    for name, spec in specs.items():
        make_phantom(root / name, PhantomSpec(**spec))
    derive_study(root / followed, root / f"{followed}_prior", scales, seed=seed)
    return {name: root / name for name in (*specs, f"{followed}_prior")}


def run_once(phantoms: dict[str, Path], name: str, question: str, prior: bool = False,
             case_id: str = "kinds") -> CaseResult:
    """`orchestrator.run` on phantom `name` (with its `<name>_prior` study when `prior`), cached by folder and question."""
    from orchestrator.api import run

    case = phantoms[name]
    key = (str(case), question, prior)
    if key not in _RUNS:
        images = [{"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}]
        if prior:
            before = phantoms[f"{name}_prior"]
            images = [{**images[0], "role": "current", "acquired": CURRENT_ACQUIRED},
                      {"path": str(before / "ct.nii.gz"), "masks": str(before / "segmentations"), "role": "prior",
                       "acquired": PRIOR_ACQUIRED}]
        _RUNS[key] = run({"case_id": f"{case_id}-{name}", "question": question, "images": images})
    return _RUNS[key]


def edited(result: CaseResult, text: str) -> CaseResult:
    """The result with its answer text replaced (what the reviewer is then asked to judge)."""
    detail = result.answer_detail.model_copy(update={"text": text})  # type: ignore[union-attr]
    return result.model_copy(update={"answer": text, "answer_detail": detail})


def answered(result: CaseResult) -> CaseResult:
    """The result, asserted answered and approved by the attending review as it stands."""
    from agents.reviewer import review_result

    assert result.status == "answered", result.reasons
    assert review_result(result).consistent
    return result


def failed_checks(result: CaseResult, text: str) -> set[str]:
    """The names of the review checks that fail when the answer text is replaced by `text`."""
    from agents.reviewer import review_result

    verdict = review_result(edited(result, text))
    return {c.name for c in verdict.checks if not c.passed}


def evidence_value(result: CaseResult, target: str, name: str) -> object:
    """The value of the evidence item `name` about `target`."""
    return next(e.value for e in result.evidence if e.target == target and e.name == name)


def with_item(result: CaseResult, item: dict, keep_choices: bool = False) -> CaseResult:
    """A saved result with an own-set item put in: its question (and choices: replaced with the question, or only when
    the item gives some with `keep_choices`), cited evidence ids and answer text, the letter as the answer if any."""
    update: dict = {"answer": item["choice"] or item["text"]}
    if item["question"]:
        update["question"] = item["question"]
    if item["question"] and not keep_choices or keep_choices and item["choices"]:
        update["choices"] = item["choices"]
    detail: dict = {"text": item["text"], "choice": item["choice"]}
    if item["evidence_ids"]:
        detail["evidence_ids"] = item["evidence_ids"]
    assert result.answer_detail is not None
    update["answer_detail"] = result.answer_detail.model_copy(update=detail)
    return result.model_copy(update=update)


def rewritten(fresh_set: str, base: str, text: str, choice: str | None = None) -> CaseResult:
    """A kept reviewer-set result (`tests/data/fresh/<fresh_set>/<base>/result.json`) with its answer rewritten:
    `text`, and `choice` as the letter; question, choices and cited evidence as the saved run had them."""
    path = Path(__file__).parent / "data" / "fresh" / fresh_set / base / "result.json"
    result = CaseResult.model_validate_json(path.read_text())
    return with_item(result, {"question": None, "choices": None, "choice": choice, "text": text, "evidence_ids": []})
