"""End to end with the real agents, for the kinds reviewer set 6 showed: a phantom is run through the pipeline,
its saved result is edited as an editor would, and `review_result` (what `clinorch review` runs) judges it.

Wrong edits must be caught and correct rewordings approved. Each kind is varied: two phantoms (a solid tumour in
the left kidney, a cyst in the right), organs, number formats and the place in the sentence. Clinorch's own
three wrong answers of the set (a volume for "within normal limits?", the side dropped, the largest lesion's
volume as the total) are now refused by its own reviewer: the pipeline abstains naming the part.
Expected values come from the phantoms' ground truth or from the result's own evidence, never typed in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.reviewer import review_result
from tests.review_runs import edited, evidence_value, run_once

SPECS = {"left_solid": dict(seed=61, liver_lesions=3, splenomegaly="mild", kidney_lesion="solid",
                            kidney_lesion_side="left", pancreatic_tumor_mm=26.0),
         "right_cyst": dict(seed=62, liver_lesions=4, kidney_lesion="cyst", kidney_lesion_side="right")}


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("kinds6")
    out = {}
    for name, spec in SPECS.items():
        make_phantom(root / name, PhantomSpec(**spec))  # type: ignore[arg-type]
        out[name] = root / name
    return out


def _truth(phantoms: dict[str, Path], name: str) -> dict:
    return json.loads((phantoms[name] / "ground_truth.json").read_text())


# --- laterality stated inside a sentence ----------------------------------------------------------------------
PLACINGS = ["{d} mm; the {noun} in the {side} kidney is the only one seen.",
            "The {noun} in the {side} kidney measures {d} mm.",
            "{d} mm, a {side} renal {noun}.",
            "On this study the {side} kidney harbours the {noun}, {d} mm across.",
            "{d} mm, in the {side} kidney."]


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("placing", PLACINGS)
def test_a_kidney_lesion_placed_on_the_wrong_side_is_caught(phantoms: dict[str, Path], name: str,
                                                             placing: str) -> None:
    result = run_once(phantoms, name, "What is the diameter of the kidney lesion?")
    assert result.status == "answered", result.reasons
    d = f"{evidence_value(result, 'kidney_lesion', 'largest_lesion_diameter_mm'):.1f}"
    side = SPECS[name]["kidney_lesion_side"]
    other = "left" if side == "right" else "right"
    noun = "mass" if SPECS[name]["kidney_lesion"] == "solid" else "cyst"
    assert not review_result(edited(result, placing.format(d=d, side=other, noun=noun))).consistent
    assert review_result(edited(result, placing.format(d=d, side=side, noun=noun))).consistent
    denied = f"{d} mm, in the {side} kidney; the {other} kidney has no lesion."
    assert review_result(edited(result, denied)).consistent


# --- a grade one step off where presence is decided; a headline against its rule line --------------------------
def test_a_grade_one_step_off_beside_a_right_presence_is_caught(phantoms: dict[str, Path]) -> None:
    result = run_once(phantoms, "left_solid", "Is the spleen enlarged?")
    assert result.status == "answered", result.reasons
    volume = evidence_value(result, "spleen", "volume_ml")
    assert 314.5 <= volume < 500  # the phantom's mild spleen
    for wrong in ("Yes — moderate splenomegaly.", "Yes, severe splenomegaly.", f"Yes ({volume:.1f} mL); moderate."):
        assert not review_result(edited(result, wrong)).consistent, wrong
    for right in ("Yes — mild splenomegaly.", f"Yes: {volume:.1f} mL, mild splenomegaly.",
                  f"Yes, splenomegaly ({volume:.1f} mL, above the 314.5 mL upper limit of normal)."):
        assert review_result(edited(result, right)).consistent, right


@pytest.mark.parametrize(("question", "wrong"), [("What is the AJCC T category of the pancreatic tumour?", "T1c"),
                                                  ("What is the AJCC T category of the pancreatic tumour?", "T1a"),
                                                  ("What AJCC T category does the renal tumour have?", "T1b")])
def test_a_headline_against_its_own_rule_line_is_caught(phantoms: dict[str, Path], question: str, wrong: str) -> None:
    result = run_once(phantoms, "left_solid", question)
    assert result.status == "answered", result.reasons
    right = result.answer.split(".", 1)[0]  # type: ignore[union-attr]
    assert right != wrong
    assert not review_result(edited(result, result.answer.replace(right, wrong, 1))).consistent  # type: ignore[union-attr]
    assert review_result(edited(result, f"{right} — by the size of the tumour.")).consistent


def test_an_impression_against_its_findings_is_caught(phantoms: dict[str, Path]) -> None:
    result = run_once(phantoms, "right_cyst", "Is the spleen enlarged?")
    assert result.status == "answered", result.reasons
    volume = f"{evidence_value(result, 'spleen', 'volume_ml'):.1f}"
    findings = f"No. Findings: spleen {volume} mL, below the 314.5 mL threshold."
    assert not review_result(edited(result, f"{findings} Impression: splenomegaly.")).consistent
    assert not review_result(edited(result, f"{findings} Impression: moderate splenomegaly.")).consistent
    assert review_result(edited(result, f"{findings} Impression: no splenomegaly.")).consistent
    liver = run_once(phantoms, "right_cyst", "Is the liver enlarged?")
    assert liver.status == "answered", liver.reasons
    said = f"No. Findings: liver {evidence_value(liver, 'liver', 'volume_ml'):.1f} mL."
    assert not review_result(edited(liver, f"{said} Impression: hepatomegaly.")).consistent
    assert review_result(edited(liver, f"{said} Impression: no hepatomegaly.")).consistent


# --- numbers in words ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SPECS))
def test_a_count_in_words_is_read(phantoms: dict[str, Path], name: str) -> None:
    from agents.review_checks.base import NUMBER_WORDS

    result = run_once(phantoms, name, "How many lesions are in the liver?")
    assert result.status == "answered", result.reasons
    count = _truth(phantoms, name)["lesion_groups"]["liver_lesion"]["lesion_count"]
    word = {n: w for w, n in NUMBER_WORDS.items() if w not in ("single", "solitary")}
    for form in ("{w}.", "{w} of them.", "{w} in total.", "There are {w} liver lesions."):
        assert review_result(edited(result, form.format(w=word[count].capitalize()))).consistent, form
        assert not review_result(edited(result, form.format(w=word[count - 1].capitalize()))).consistent, form


# --- character said with no subject of its own -----------------------------------------------------------------
def test_an_attenuation_said_of_the_lesion_asked_without_naming_it(phantoms: dict[str, Path]) -> None:
    result = run_once(phantoms, "right_cyst", "What is the longest diameter of the largest liver lesion?")
    assert result.status == "answered", result.reasons
    d = f"{evidence_value(result, 'liver_lesion', 'largest_lesion_diameter_mm'):.1f} mm"
    assert not review_result(edited(result, f"{d}, hyperattenuating relative to the liver parenchyma.")).consistent
    assert review_result(edited(result, f"{d}, hypoattenuating relative to the liver parenchyma.")).consistent
    assert review_result(edited(result, f"{d}; the liver itself is not hyperdense.")).consistent


# --- a true number beside the answer, not cited ----------------------------------------------------------------
def test_a_true_number_beside_the_answer_passes_and_a_false_one_does_not(phantoms: dict[str, Path]) -> None:
    result = run_once(phantoms, "right_cyst", "What is the longest diameter of the largest liver lesion?")
    long_axis = evidence_value(result, "liver_lesion", "largest_lesion_diameter_mm")
    short_axis = evidence_value(result, "liver_lesion", "largest_lesion_short_axis_mm")
    volume = evidence_value(result, "liver_lesion", "largest_lesion_volume_ml")
    assert review_result(edited(result, f"{long_axis:.1f} mm (short axis {short_axis:.1f} mm).")).consistent
    assert review_result(edited(result, f"{long_axis / 10:.2f} cm; it holds {volume:.1f} mL.")).consistent
    assert not review_result(edited(result, f"{long_axis:.1f} mm (short axis {short_axis + 4:.1f} mm).")).consistent
    assert not review_result(edited(result, f"{short_axis:.1f} mm (long axis {long_axis:.1f} mm).")).consistent
    assert not review_result(edited(result, f"{long_axis:.1f} mm; the spleen measures {volume:.1f} mL.")).consistent


# --- clinorch's own wrong answers are refused by its own reviewer ----------------------------------------------
@pytest.mark.parametrize(("name", "question", "said"), [
    ("right_cyst", "Does the spleen measure within normal limits by volume?", "within a norm"),
    ("left_solid", "Is the spleen volume within the normal range?", "within a norm"),
    ("right_cyst", "Characterise the kidney lesion: which kidney, and cyst or solid tumour?", "which kidney"),
    ("left_solid", "What is the aggregate volume of the liver lesions?", "sums the lesions"),
])
def test_the_pipeline_no_longer_approves_its_own_wrong_kinds(phantoms: dict[str, Path], name: str, question: str,
                                                             said: str) -> None:
    result = run_once(phantoms, name, question)
    if result.status == "answered":  # an answer of the kind asked is fine; a bare value or one lesion's is not
        assert review_result(result).consistent
        assert said != "within a norm" or any(w in result.answer.lower() for w in ("yes", "no", "normal"))  # type: ignore[union-attr]
        assert said != "which kidney" or "right" in result.answer.lower()  # type: ignore[union-attr]
        assert said != "sums the lesions" or f"{evidence_value(result, 'liver_lesion', 'total_lesion_volume_ml'):.1f}" in \
            result.answer  # type: ignore[operator]
    else:
        assert any(said in reason for reason in result.reasons), result.reasons


# --- the text reviewed is the text a user reads ----------------------------------------------------------------
def test_the_answer_a_user_reads_is_reviewed(phantoms: dict[str, Path]) -> None:
    result = run_once(phantoms, "left_solid", "How many lesions are in the liver?")
    count = _truth(phantoms, "left_solid")["lesion_groups"]["liver_lesion"]["lesion_count"]
    shown_only = result.model_copy(update={"answer": f"{count + 2}."})  # answer_detail keeps the right text
    assert not review_result(shown_only).consistent
    assert review_result(result.model_copy(update={"answer": f"{count} liver lesions."})).consistent


def test_a_prose_rewording_with_a_count_word_and_the_uncited_size_passes(phantoms: dict[str, Path]) -> None:
    """"T2 — a solitary tumour larger than 2 cm (25.6 mm)": 'solitary' is a count, not a value compared with
    2 cm, and the diameter is the cited tumour's own (reviewer set 6's d30 false alarm, on another organ)."""
    result = run_once(phantoms, "left_solid", "What is the AJCC T category of the pancreatic tumour?")
    d = evidence_value(result, "pancreas_lesion", "largest_lesion_diameter_mm")
    assert review_result(edited(result, f"T2 — a solitary tumour larger than 2 cm ({d:.1f} mm).")).consistent
    assert not review_result(edited(result, f"T2 — a solitary tumour larger than 2 cm ({d + 6:.1f} mm).")).consistent
