"""Question understanding: the kinds of set K's misses (issue 11, eleventh round), each varied by organ, side, wording
and polarity so that the rule passes, not the instance; and understand11's own phrasings (written and labelled by hand
before any run), tuned on their even half while the odd half was held back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from questions.intents import extract
from questions.lay import clinical_lesion_words
from questions.understanding import Understanding, default_understanding

OWN = Path(__file__).parent / "data" / "own" / "questions_own_u11.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _read(reader: Understanding, question: str) -> tuple[str, str | None, bool]:
    intent = reader.understand(question)
    return intent.task, intent.organ, intent.negated


@pytest.mark.parametrize(("question", "task", "organ", "negated"), [
    ("Is there a lump on the right kidney?", "kidney lesion existence", "kidney_right", False),
    ("Any bumps in the pancreas?", "pancreatic lesion existence", "pancreas", False),
    ("She's worried about the little spot they saw in her liver - is it there?", "liver lesion existence", "liver", False),
    ("Is there a growth in the colon?", "colon lesion existence", "colon", False),
    ("Was a blob seen on the left kidney?", "kidney lesion existence", "kidney_left", False),
    ("Is the pancreas free of lumps?", "pancreatic lesion existence", "pancreas", True),
    ("The thing in my pancreas - is it real?", "pancreatic lesion existence", "pancreas", False),
    ("Are there dark spots in the liver?", "liver lesion existence", "liver", False),
])
def test_a_lay_word_for_a_lesion_asks_its_existence(reader: Understanding, question: str, task: str, organ: str,
                                                    negated: bool) -> None:
    """"Spot", "lump", "growth", "the thing on my kidney" name a lesion: its existence, not the organ's size."""
    assert _read(reader, question) == (task, organ, negated)


@pytest.mark.parametrize(("text", "kept"), [
    ("Can you spot a lesion in the liver?", True),  # a verb
    ("Are the liver lesions all in the same spot?", True),  # a place
    ("Has the spleen's growth of the last year been fast?", True),  # an organ's growth
    ("Any interval growth of the kidney lesions?", True),
    ("Is there a spot on the kidney?", False),
    ("Any lumps or bumps in the liver?", False),
])
def test_lay_words_used_otherwise_are_left_alone(text: str, kept: bool) -> None:
    assert (clinical_lesion_words(text) == text) == kept


@pytest.mark.parametrize(("question", "organ"), [
    ("Spleen compared to liver in HU?", "liver"),
    ("pancreas over spleen HU", "pancreas"),
    ("liver attenuation relative to splenic attenuation?", "liver"),
    ("Liver:spleen density?", "liver"),
    ("How many times denser is the liver than the spleen?", "liver"),
    ("hepatic density normalised to the spleen", "liver"),
    ("Pancreatic HU as a fraction of splenic HU?", "pancreas"),
])
def test_an_attenuation_set_over_another_organs_is_their_ratio(reader: Understanding, question: str, organ: str) -> None:
    """One organ's attenuation over another's is the HU ratio whether or not the word "ratio" is said."""
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == ("organ HU ratio", organ)
    assert f"{organ}/spleen.hu_ratio" in intent.quantities


@pytest.mark.parametrize(("question", "ratio"), [
    ("liver over spleen attenuation", True),
    ("the liver compared with the spleen in HU", True),
    ("the liver lesion compared with the liver in HU", False),  # one organ: a lesion against its own organ
    ("liver volume compared with spleen volume", False),  # no attenuation
])
def test_two_different_organs_attenuations_make_a_ratio(question: str, ratio: bool) -> None:
    assert extract(question).hu_ratio == ratio


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("pancreas vol", "organ volume measurement", "pancreas"),
    ("count kidney cysts", "lesion counting", "kidney"),
    ("liver HU?", "organ HU measurement", "liver"),
    ("L kidney HU", "organ HU measurement", "kidney_left"),
    ("biggest liver met, mm", "largest lesion diameter", "liver"),
    ("nr of renal lesions", "lesion counting", "kidney"),
    ("num liver mets", "lesion counting", "liver"),
])
def test_short_template_requests(reader: Understanding, question: str, task: str, organ: str) -> None:
    assert _read(reader, question)[:2] == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("At the level where the largest pancreatic tumour is widest, what is its diameter?", "largest lesion diameter"),
    ("On the axial image where it is biggest, what is the diameter of the largest kidney tumour in mm?",
     "largest lesion diameter"),
    ("On which slice is the largest liver lesion widest?", "largest lesion slice"),
    ("Which image shows the biggest renal lesion at its largest?", "largest lesion slice"),
])
def test_a_slice_in_a_leading_phrase_is_where_the_asked_length_is_measured(reader: Understanding, question: str,
                                                                           task: str) -> None:
    """The asking clause decides: a slice named in a leading phrase places the measurement, one asked is the slice."""
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("The spleen measured 380 mL in 2022, is it enlarged today?", "splenomegaly detection", "spleen"),
    ("Pancreas volume was 70 mL on the last MRI; is the pancreas enlarged now?", "organ enlargement", "pancreas"),
    ("Kidney lesion was 15 mm on ultrasound last year. How large is the largest kidney lesion now?",
     "largest lesion diameter", "kidney"),
    ("Liver was 45 HU previously. Is the liver fatty now?", "fatty liver", "liver"),
    ("An outside CT put the liver-to-spleen ratio at 0.8. What does it measure here?", "organ HU ratio", "liver"),
    # the change itself asked: the follow-up task
    ("The spleen was 420 mL last year. How much has it grown?", "organ volume change", "spleen"),
    ("Previous liver 1420 mL. What is the delta now?", "organ volume change", "liver"),
    ("Are there more liver lesions than on the prior scan?", "lesion change", "liver"),
])
def test_a_value_stated_from_an_earlier_study_is_history_unless_a_change_is_asked(reader: Understanding, question: str,
                                                                                  task: str, organ: str) -> None:
    assert _read(reader, question)[:2] == (task, organ)


@pytest.mark.parametrize(("question", "task", "negated"), [
    ("Which of the kidneys is smaller?", "kidney volume comparison", False),
    ("Is the right kidney much smaller than the left?", "kidney volume comparison", False),
    ("Are the kidneys equal in size?", "bilateral kidney asymmetry", True),
    ("Are both kidneys alike in volume?", "bilateral kidney asymmetry", True),
    ("Do the two kidneys match?", "bilateral kidney asymmetry", True),
    ("Are the kidneys different in size?", "bilateral kidney asymmetry", False),
    ("Is one kidney atrophic compared with the other?", "bilateral kidney asymmetry", False),
])
def test_which_kidney_is_larger_against_whether_they_are_symmetric(reader: Understanding, question: str, task: str,
                                                                   negated: bool) -> None:
    assert _read(reader, question) == (task, "kidney", negated)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("How much brighter is the kidney mass than the renal cortex, in HU?", "tumor organ HU difference", "kidney"),
    ("How far above the pancreas does the pancreatic tumour attenuate?", "tumor organ HU difference", "pancreas"),
    ("Difference in attenuation between the pancreatic lesion and the pancreas?", "tumor organ HU difference",
     "pancreas"),
    ("What is the HU of the liver?", "organ HU measurement", "liver"),
    ("Mean density of the spleen?", "organ HU measurement", "spleen"),
])
def test_a_gap_between_lesion_and_organ_against_the_organs_own_hu(reader: Understanding, question: str, task: str,
                                                                  organ: str) -> None:
    assert _read(reader, question)[:2] == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Insulinoma?", "PNET existence", "pancreas"),  # a kind found in one organ names it
    ("Recurrent hypoglycaemia - any gastrinoma?", "PNET existence", "pancreas"),  # "hypo-" of no attenuation
    ("Hypertension and diabetes. Is the pancreas fatty?", "pancreatic steatosis", "pancreas"),
    ("Complete abdominal report, please.", "report", None),
])
def test_vocabulary_classes(reader: Understanding, question: str, task: str, organ: str | None) -> None:
    assert _read(reader, question)[:2] == (task, organ)


@pytest.mark.parametrize(("half", "floors"), [
    # understand11's own 235 phrasings, labelled by hand before any run. Held-back (odd) half, never tuned on:
    # task / organ / polarity 0.889 / 0.974 / 0.991 before (main ef14732) -> 0.966 / 0.983 / 0.991 after (lesion group
    # 0.932 -> 0.991); one of its items was seen once while debugging (the figure without it: task 0.897 -> 0.966)
    (1, (0.96, 0.98, 0.99)),
    # tuned (even) half: 0.839 / 0.983 / 0.992 before -> 0.983 / 1.000 / 1.000 (two left are label conventions:
    # "pancreatic cancer" as PDAC, a kidney lesion's "solid or cystic?" as renal characterisation)
    (0, (0.98, 0.99, 0.99)),
])
def test_own_phrasings_hold_their_figures(reader: Understanding, half: int, floors: tuple[float, float, float]) -> None:
    records = yaml.safe_load(OWN.read_text())["questions"][half::2]
    pairs = [(reader.understand(r["q"], r.get("choices")), r) for r in records]
    task = sum(i.task == r["task"] for i, r in pairs) / len(pairs)
    organ = sum(i.organ == r["organ"] for i, r in pairs) / len(pairs)
    polarity = sum(i.negated == r["negated"] for i, r in pairs) / len(pairs)
    assert task >= floors[0] and organ >= floors[1] and polarity >= floors[2], (task, organ, polarity)
