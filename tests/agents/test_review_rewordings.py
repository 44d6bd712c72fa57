"""A radiologist's rewording of a correct answer passes; the same wording with the fact wrong does not.

Kinds of false alarm from the independent reviewer sets 3 and 4: a count written as a word ("Three
liver lesions"), an attenuation ratio abbreviated ("L/S ratio 1.20", "P/S 0.88"), a cited band quoted
in prose ("within the 500–800 mL moderate band"), a difference worked out in the answer ("larger by
11.1 mL"), a liver lobe beside a segment ("segment 7 of the right lobe"), and a multiple-choice answer
that says its option in the option's own words ("B. No — the spleen is of normal size at 139.8 mL").
Each is varied over organ, side, value, unit and number format, with its wrong twin.
"""

from __future__ import annotations

import pytest

from core.case import Answer
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 7: "Seven"}


def _verdict(q: Question, text: str, ids: list[str], evidence: list | None = None, choice: str | None = None):  # noqa: ANN202
    intent, _, full = solve(q, evidence)
    verdict = review_of(q, intent, Answer(text=text, choice=choice, evidence_ids=ids, backend="hand-built"), full)
    return verdict, {c.name: c for c in verdict.checks}


def _failures(verdict) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("lesion", "organ_words"), [("liver_lesion", "hepatic"), ("liver_lesion", "liver"),
                                                      ("pancreas_lesion", "pancreatic"), ("kidney_lesion", "renal")])
@pytest.mark.parametrize("count", [1, 2, 3, 4, 7])
def test_a_count_written_as_a_word_is_the_count(lesion: str, organ_words: str, count: int) -> None:
    organ = lesion.split("_")[0]
    q = Question("lesion counting", f"How many {organ} lesions are there?")
    evidence = replacing(patient_evidence(), hand_measured(lesion, "lesion_count", count, "count"))
    ids = [f"measurement:{lesion}:lesion_count"]
    noun = "lesion" if count == 1 else "lesions"
    verdict, _ = _verdict(q, f"{WORDS[count]} {organ_words} {noun} {'is' if count == 1 else 'are'} seen.", ids, evidence)
    assert verdict.consistent, _failures(verdict)
    verdict, checks = _verdict(q, f"{WORDS[count + 1 if count + 1 in WORDS else 1]} {organ_words} lesions.", ids,
                               evidence)
    assert not checks["numeric_grounding"].passed


@pytest.mark.parametrize(("organ", "abbreviation", "entry"), [("liver", "L/S", "dtvqa-fatty-liver"),
                                                              ("pancreas", "P/S", "dtvqa-pancreatic-steatosis")])
@pytest.mark.parametrize("organ_hu", [30.0, 45.2, 61.7])
def test_an_abbreviated_attenuation_ratio_to_two_decimals_is_the_ratio(organ: str, abbreviation: str, entry: str,
                                                                       organ_hu: float) -> None:
    ratio = organ_hu / 50.4
    q = Question("organ HU ratio", f"What is the {organ}-to-spleen attenuation ratio?")
    evidence = replacing(patient_evidence(), hand_measured(organ, "mean_hu", organ_hu, "HU"),
                         hand_measured(f"{organ}/spleen", "hu_ratio", ratio, "ratio"))
    ids = [f"measurement:{organ}/spleen:hu_ratio"]
    verdict, _ = _verdict(q, f"{abbreviation} ratio {ratio:.2f}.", ids, evidence)
    assert verdict.consistent, _failures(verdict)
    verdict, checks = _verdict(q, f"{abbreviation} ratio {ratio + 0.07:.2f}.", ids, evidence)
    assert not checks["numeric_grounding"].passed
    verdict, checks = _verdict(q, f"Spleen volume ratio {ratio:.2f}.", ids, evidence)  # the value under another name
    assert not checks["numeric_grounding"].passed


GRADES = {"A": "None", "B": "Mild", "C": "Moderate", "D": "Severe"}


@pytest.mark.parametrize(("volume", "letter", "band"), [
    (398.0, "B", "the 314.5–500 mL mild band"), (646.2, "C", "the 500–800 mL moderate band"),
    (646.2, "C", "the 500 to 800 mL band of moderate splenomegaly"), (612.0, "C", "the 500-800 cc moderate band")])
def test_a_cited_band_quoted_in_prose_is_a_threshold(volume: float, letter: str, band: str) -> None:
    q = Question("splenomegaly grading", "How severe is the splenomegaly?", GRADES, ("dtvqa-spleen-volume-grade",))
    evidence = replacing(patient_evidence(), hand_measured("spleen", "volume_ml", volume, "mL"))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-spleen-volume-grade"]
    text = f"{letter}. {GRADES[letter]} splenomegaly ({volume:.1f} mL, within {band})."
    verdict, _ = _verdict(q, text, ids, evidence, choice=letter)
    assert verdict.consistent, _failures(verdict)
    made_up = text.replace("500", "450", 1)  # a limit no cited band has
    verdict, checks = _verdict(q, made_up, ids, evidence, choice=letter)
    assert not checks["numeric_grounding"].passed, made_up


@pytest.mark.parametrize(("left", "right"), [(113.58, 102.5), (150.2, 171.9), (98.0, 131.4)])
@pytest.mark.parametrize("unit", ["mL", "cc"])
def test_a_difference_worked_out_from_two_cited_values_is_grounded(left: float, right: float, unit: str) -> None:
    q = Question("kidney volume comparison", "Which kidney is bigger, and by how many mL?")
    evidence = replacing(patient_evidence(), hand_measured("kidney_left", "volume_ml", left, "mL"),
                         hand_measured("kidney_right", "volume_ml", right, "mL"))
    ids = ["measurement:kidney_left:volume_ml", "measurement:kidney_right:volume_ml"]
    side, other = ("left", "right") if left > right else ("right", "left")
    big, small = max(left, right), min(left, right)
    text = f"The {side} kidney is larger, by {big - small:.1f} {unit} ({big:.1f} {unit} vs {small:.1f} {unit} on the {other})."
    verdict, _ = _verdict(q, text, ids, evidence)
    assert verdict.consistent, _failures(verdict)
    wrong = text.replace(f"by {big - small:.1f}", f"by {big - small + 5:.1f}")
    verdict, checks = _verdict(q, wrong, ids, evidence)
    assert not checks["numeric_grounding"].passed, wrong


@pytest.mark.parametrize(("segment", "lobe", "wrong"), [(7, "right", 4), (6, "right", 2), (3, "left", 8), (2, "left", 5)])
def test_a_liver_lobe_beside_the_segment_is_no_kidney(segment: int, lobe: str, wrong: int) -> None:
    choices = {"A": f"Segment {wrong}", "B": f"Segment {segment}"}
    q = Question("largest lesion location", "In which liver segment is the dominant lesion?", choices)
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion_1", "location", f"liver_segment_{segment}"))
    ids = ["measurement:liver_lesion_1:location"]
    verdict, _ = _verdict(q, f"B — the dominant lesion lies in segment {segment} of the {lobe} lobe.", ids, evidence, "B")
    assert verdict.consistent, _failures(verdict)
    verdict, _ = _verdict(q, f"A — the dominant lesion lies in segment {wrong} of the {lobe} lobe.", ids, evidence, "A")
    assert not verdict.consistent


@pytest.mark.parametrize(("volume", "options"), [(139.8, {"A": "Yes", "B": "No"}), (250.0, {"A": "No", "B": "Yes"})])
def test_an_option_in_its_own_words_then_the_answers_is_that_option(volume: float, options: dict[str, str]) -> None:
    q = Question("splenomegaly detection", "Is the spleen enlarged?", options, ("dtvqa-splenomegaly-detection",))
    evidence = replacing(patient_evidence(), hand_measured("spleen", "volume_ml", volume, "mL"))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-splenomegaly-detection"]
    no = next(letter for letter, text in options.items() if text == "No")
    yes = next(letter for letter, text in options.items() if text == "Yes")
    verdict, _ = _verdict(q, f"{no}. No — the spleen is of normal size at {volume:.1f} mL.", ids, evidence, no)
    assert verdict.consistent, _failures(verdict)
    verdict, _ = _verdict(q, f"{yes}. Yes — the spleen is enlarged at {volume:.1f} mL.", ids, evidence, yes)
    assert not verdict.consistent


@pytest.mark.parametrize(("volume", "said"), [
    (230.3, "No — 230.3 mL, below the 315 mL threshold for splenomegaly."),
    (230.3, "No — 0.230 L, below the 0.315 L threshold for splenomegaly."),
    (659.6, "Yes — at 660 cc the spleen exceeds the 314.5 cc splenomegaly threshold."),
    (612.0, "Yes — 0.61 L, within the 0.5–0.8 L band of moderate splenomegaly."),
])
def test_a_cut_off_in_another_unit_or_rounded_as_printed_is_the_cut_off(volume: float, said: str) -> None:
    q = Question("splenomegaly detection", "Is there splenomegaly?", None,
                 ("dtvqa-splenomegaly-detection", "dtvqa-spleen-volume-grade"))
    evidence = replacing(patient_evidence(), hand_measured("spleen", "volume_ml", volume, "mL"))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-splenomegaly-detection",
           "criterion:-:dtvqa-spleen-volume-grade"]
    verdict, _ = _verdict(q, said, ids, evidence)
    assert verdict.consistent, _failures(verdict)
    misquoted = said.replace("314.5", "350").replace("315", "350").replace("0.5–0.8", "0.45–0.8")  # no cited limit
    verdict, checks = _verdict(q, misquoted, ids, evidence)
    assert not checks["numeric_grounding"].passed, misquoted
