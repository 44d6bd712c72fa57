"""What a radiologist sets beside a right value, judged by meaning (review13): a category of any criterion reading
the value, a cut-off of such a criterion, another structure's true measurement, a range quoted beside a value, a
sum of diameters asked.

Bases are clinorch's own saved results on five phantoms (tests/data/own/reviewer13); every expected verdict is
recomputed here from the knowledge base and the saved evidence, never written in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import knowledge
from agents.review_checks.stated_bands import bands_not_holding
from agents.reviewer import review_result
from core.case import CaseResult

SAVED = Path(__file__).parents[1] / "data" / "own" / "reviewer13"
BASE = knowledge.load_base()


def _result(case_id: str) -> CaseResult:
    return CaseResult.model_validate_json((SAVED / f"{case_id}.json").read_text())


def _consistent(case_id: str, text: str) -> bool:
    result = _result(case_id)
    assert result.answer_detail is not None
    detail = result.answer_detail.model_copy(update={"text": text})
    return review_result(result.model_copy(update={"answer": text, "answer_detail": detail})).consistent


def _value(result: CaseResult, key: str) -> float:
    return float(next(e.value for e in result.evidence if f"{e.target}.{e.name}" == key))  # type: ignore[arg-type]


def _head(result: CaseResult) -> str:
    """The saved answer's value as it shows it ("659.9 mL")."""
    assert result.answer_detail is not None
    return result.answer_detail.text.split(" (")[0]


CASES = [("r13q00", "dtvqa-spleen-volume-grade"), ("r13q22", "dtvqa-spleen-volume-grade"),
         ("r13q00", "dtvqa-splenomegaly-detection"), ("r13q22", "dtvqa-splenomegaly-detection"),
         ("r13q11", "dtvqa-fatty-liver"), ("r13q05", "dtvqa-fatty-liver"), ("r13q12", "ajcc8-pancreas-t"),
         ("r13q19", "ajcc8-pancreas-t"), ("r13q09", "dtvqa-fatty-liver"), ("r13q18", "dtvqa-fatty-liver")]
NOUN = {"dtvqa-spleen-volume-grade": " splenomegaly", "ajcc8-pancreas-t": " by size"}


def _expected(case_id: str, entry_id: str) -> str:
    result = _result(case_id)
    entry = BASE.get(entry_id)
    values = {k: _value(result, k) for k in entry.criterion.quantity_keys
              if any(f"{e.target}.{e.name}" == k for e in result.evidence)}
    return str(entry.classify(values).label)


@pytest.mark.parametrize(("case_id", "entry_id"), CASES)
def test_a_category_said_beside_a_value_is_the_one_its_criterion_gives(case_id: str, entry_id: str) -> None:
    expected = _expected(case_id, entry_id)
    head = _head(_result(case_id))
    for label in BASE.get(entry_id).criterion.labels:
        if label == "normal" and entry_id.endswith("grade"):
            continue  # "normal splenomegaly" is no phrase; the detection entry's "no splenomegaly" says it
        said = f"{label}{NOUN.get(entry_id, '') if not label.startswith('no ') else ''}"
        right = label == expected or expected.endswith(f" {label}") and not expected.startswith("no ")
        assert _consistent(case_id, f"{head}, {said}.") is right, (case_id, said, expected)


@pytest.mark.parametrize(("case_id", "finding", "entry_id"), [
    ("r13q00", "splenomegaly", "dtvqa-splenomegaly-detection"), ("r13q22", "splenomegaly", "dtvqa-splenomegaly-detection"),
    ("r13q11", "fatty liver", "dtvqa-fatty-liver"), ("r13q05", "hepatic steatosis", "dtvqa-fatty-liver"),
    ("r13q06", "hepatomegaly", "dtvqa-liver-volume"),
])
def test_a_finding_denied_beside_a_value_must_be_absent(case_id: str, finding: str, entry_id: str) -> None:
    expected = _expected(case_id, entry_id)
    present = not expected.startswith(("no ", "normal")) and expected not in ("atrophic", "below normal range")
    head = _head(_result(case_id))
    assert _consistent(case_id, f"{head}, no {finding}.") is not present, (case_id, expected)


@pytest.mark.parametrize(("case_id", "key", "words"), [
    ("r13q00", "spleen.volume_ml", "splenomegaly threshold"), ("r13q22", "spleen.volume_ml", "cut-off for splenomegaly"),
    ("r13q11", "liver.mean_hu", "fatty-liver limit"),
])
def test_a_cut_off_said_as_one_is_a_cut_off_of_a_finding_s_criterion_reading_the_value(case_id: str, key: str, words: str) -> None:
    result = _result(case_id)
    value = _value(result, key)
    limits = sorted({float(v) for entry in BASE if entry.criterion is not None for s in entry.criterion.quantities
                     if s.quantity == key for band in s.bands for v in (band.lower, band.upper) if v is not None})
    head = _head(result)
    unit = head.split()[-1]
    of_findings = {float(v) for entry in BASE if entry.criterion is not None and not entry.id.startswith("plausible-")
                   for s in entry.criterion.quantities if s.quantity == key for band in s.bands
                   for v in (band.lower, band.upper) if v is not None}
    for limit in limits:
        side = "above" if value > limit else "below"
        finding = limit in of_findings  # a mask's plausibility limit is no finding's threshold ("the 8 mL splenomegaly")
        assert _consistent(case_id, f"{head}, {side} the {limit:g} {unit} {words}.") is finding, limit
    made_up = max(limits) + 17.3
    assert not _consistent(case_id, f"{head}, below the {made_up:g} {unit} {words}.")


@pytest.mark.parametrize(("case_id", "key", "said", "holds"), [
    ("r13q15", "kidney_lesion.total_lesion_volume_ml", "the right kidney holds a {v:.1f} mL solid lesion", True),
    ("r13q15", "kidney_lesion.total_lesion_volume_ml", "the left kidney holds a {v:.1f} mL solid lesion", False),
    ("r13q15", "kidney_lesion.total_lesion_volume_ml", "the right kidney holds a {w:.1f} mL solid lesion", False),
    ("r13q15", "kidney_lesion.total_lesion_volume_ml", "the right kidney measures {v:.1f} mL", False),
    ("r13q06", "spleen.volume_ml", "larger than the spleen ({v:.1f} mL)", True),
    ("r13q06", "spleen.volume_ml", "larger than the spleen ({w:.1f} mL)", False),
    ("r13q06", "spleen.volume_ml", "the kidney measures {v:.1f} mL", False),
])
def test_another_structures_value_beside_the_answer_must_be_that_structures(case_id: str, key: str, said: str,
                                                                           holds: bool) -> None:
    result = _result(case_id)
    v = _value(result, key)
    assert _consistent(case_id, f"{_head(result)}; {said.format(v=v, w=v * 1.3)}.") is holds


@pytest.mark.parametrize(("text", "holds"), [
    ("659.9 mL (500-800 mL) -> moderate", True), ("659.9 mL (314.5-500 mL) -> moderate", False),
    ("0.66 L (0.5–0.8 L band)", True), ("0.66 L (0.3 to 0.5 L range)", False), ("23.3 mm (between 20 and 40 mm)", True),
    ("23.3 mm (between 10 and 20 mm)", False), ("30.0 HU (40-60 HU)", False), ("0.66 L (500-800 mL)", True),
])
def test_a_range_quoted_beside_a_value_must_hold_it(text: str, holds: bool) -> None:
    assert (not bands_not_holding(text)) is holds


def test_a_sum_of_diameters_asked_is_the_sum_of_the_measured_lesions() -> None:
    from agents.review_checks.asked_kinds import kinds_lost
    from agents.review_checks.base import ReviewInput
    from questions.understanding import understand

    result = _result("r13q31")  # follow-up study with two liver lesions
    diameters = [float(e.value) for e in result.evidence if e.name == "longest_diameter_mm"  # type: ignore[arg-type]
                 and re.fullmatch(r"liver_lesion_\d+", e.target or "")]
    assert len(diameters) >= 2 and result.answer_detail is not None
    for question in ("What is the sum of the liver lesion diameters now?", "Total diameter of all the liver tumours?",
                     "Combined size of the liver lesions?"):
        for value, right, unit in ((max(diameters), False, 1), (sum(diameters), True, 1), (sum(diameters), True, 10)):
            text = f"{value / unit:.{1 if unit == 1 else 2}f} {'mm' if unit == 1 else 'cm'}."
            detail = result.answer_detail.model_copy(update={"text": text})
            subject = ReviewInput(question=question, choices=None, intent=understand(question, None), answer=detail,
                                  evidence=result.evidence, base=BASE)
            assert (not kinds_lost(subject, text)) is right, (question, value)
        largest = f"{max(diameters):.1f} mm."
        detail = result.answer_detail.model_copy(update={"text": largest})
        assert not review_result(result.model_copy(update={"question": question, "answer": largest,
                                                           "answer_detail": detail})).consistent
    one = _result("r13q02")  # one study of three liver lesions asked their sum: the largest alone is not it
    assert one.answer_detail is not None
    assert not review_result(one.model_copy(update={"question": "What is the sum of the liver lesion diameters?"})).consistent
