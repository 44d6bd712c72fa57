"""Question understanding: the kinds of set L's misses (issue 11, twelfth round), fixed as kinds of the question's head
(what is asked against what is context, the head noun, what the options are), each varied by organ, side, wording and
polarity so that the rule passes, not the instance; and understand12's own phrasings (written and labelled by hand
before any run), tuned on their even half while the odd half was held back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from questions.understanding import Understanding, default_understanding, is_negated

OWN = Path(__file__).parent / "data" / "own" / "questions_own_u12.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _read(reader: Understanding, question: str, choices: dict[str, str] | None = None) -> tuple[str, str | None]:
    intent = reader.understand(question, choices)
    return intent.task, intent.organ


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Anything focal in the left kidney, up at the upper pole or lower down?", "kidney lesion existence", "kidney_left"),
    ("Any lesion in the liver, segments 2 and 3 included?", "liver lesion existence", "liver"),
    ("Is there a mass in the pancreas - neck, body or tail?", "pancreatic lesion existence", "pancreas"),
    ("Any cyst in the right kidney near the hilum?", "kidney cyst existence", "kidney_right"),
    ("Is there more tumour in segment 7 or in segment 8?", "inter-segment comparison", "liver"),  # compared: places asked
])
def test_a_presence_head_reads_places_as_where_to_look(reader: Understanding, question: str, task: str,
                                                      organ: str) -> None:
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Of segments II, III and VIII, which one carries the greatest volume of tumour?", "inter-segment comparison", "liver"),
    ("liver: segment_with_most_tumour_volume = ?", "inter-segment comparison", "liver"),
    ("Which kidney mask has the larger volume once the voxels are converted to mL?", "kidney volume comparison", "kidney"),
    ("Larger kidney?", "kidney volume comparison", "kidney"),
    ("On today's CT, which kidney is the smaller one?", "kidney volume comparison", "kidney"),
    ("An old ultrasound years ago said the kidneys were 11 cm. Which kidney is the bigger one by volume?",
     "kidney volume comparison", "kidney"),
])
def test_an_entity_asked_is_not_a_number(reader: Understanding, question: str, task: str, organ: str) -> None:
    """"Which one", "which kidney", "the segment with the most ...": one of several is asked; the number named after it
    is how they are compared."""
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("liver size?", "organ volume measurement", "liver"),
    ("Size of the spleen?", "organ volume measurement", "spleen"),
    ("pancreas volume in cc", "organ volume measurement", "pancreas"),
    ("Splenomegaly?", "splenomegaly detection", "spleen"),  # a finding noun asks its presence
    ("Renal asymmetry?", "bilateral kidney asymmetry", "kidney"),
])
def test_a_noun_phrase_asks_what_its_head_noun_names(reader: Understanding, question: str, task: str,
                                                     organ: str) -> None:
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Most likely diagnosis of the pancreatic mass:", {"A": "ductal adenocarcinoma", "B": "neuroendocrine tumour"},
     "PDAC vs PNET classification"),
    ("pancreatic adenocarcinoma yes or no for this volume", None, "PDAC existence"),
    ("PNET present on this study, i.e. is there a neuroendocrine tumour?", None, "PNET existence"),
    ("PDAC or PNET?", None, "PDAC vs PNET classification"),
])
def test_the_options_and_the_kinds_named_decide_presence_or_kind(reader: Understanding, question: str,
                                                                 choices: dict[str, str] | None, task: str) -> None:
    assert _read(reader, question, choices)[0] == task


@pytest.mark.parametrize(("question", "task"), [
    ("The cut-off I apply is 1.0; what is the liver-to-spleen attenuation ratio here?", "organ HU ratio"),
    ("Our threshold for splenomegaly is 400 mL. What is the spleen volume?", "organ volume measurement"),
    ("What is the threshold for splenomegaly?", "knowledge question"),
    ("What does a cut-off of 40 HU mean for fatty liver?", "knowledge question"),  # a stated value asked about
])
def test_a_rule_stated_with_its_value_is_given_not_asked(reader: Understanding, question: str, task: str) -> None:
    assert _read(reader, question)[0] == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Can we exclude a pancreatic NET?", True),
    ("Could you exclude a kidney cyst on the left?", True),
    ("SPLEEN ENLARGED YES NO", False),
    ("any renal tumour - the solid kind, not a cyst?", False),
    ("Is the liver free of lesions?", True),
])
def test_polarity_of_exclusion_and_of_a_kind_set_aside(question: str, negated: bool) -> None:
    assert is_negated(question) == negated


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("For the audit we need to know whether any liver lesion is visible; answer yes or no.", "liver lesion existence",
     "liver"),
    ("If I take the pancreatic tail I want to know what else comes with it, so tell me which organ touches the "
     "pancreatic tumour.", "adjacent organ", "pancreas"),
    ("HbA1c 9.2%, eGFR 54. How big is the liver by volume?", "organ volume measurement", "liver"),
    ("Transferrin saturation 78%, ferritin 1400. What is the liver's mean HU?", "organ HU measurement", "liver"),
    ("Liver donor work-up: the surgeons worry about fat. Is this organ steatotic?", "fatty liver", "liver"),
    ("any renal tumour - the solid kind, not a cyst?", "kidney tumor existence", "kidney"),
])
def test_what_is_asked_is_read_apart_from_its_context(reader: Understanding, question: str, task: str,
                                                      organ: str) -> None:
    """An answer-format sentence, a reason before ", so tell me", laboratory values, "this organ" pointing back, and a
    kind set aside are context: the asking words decide."""
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Pancreatic SOL present?", "pancreatic lesion existence", "pancreas"),
    ("Is there a hypodensity in the liver?", "liver lesion existence", "liver"),
    ("n_tumours (liver): ?", "lesion counting", "liver"),
    ("HU(pancreas) divided by HU(spleen)?", "organ HU ratio", "pancreas"),
    ("Is the pancreatic tumour fit to go to theatre?", "pancreatic lesion resectability", "pancreas"),
    ("Which HU category does the left renal lesion fall in?", "renal mass characterization", "kidney_left"),
    ("kidney lesion: what type is it by its attenuation?", "renal mass characterization", "kidney"),
    ("liver tumour volume divided by liver volume?", "tumor burden percentage", "liver"),
    ("Does the pancreatic cyst look like fluid or like solid tissue?", "lesion type classification", "pancreas"),
])
def test_reading_room_words_and_notations(reader: Understanding, question: str, task: str, organ: str) -> None:
    """SOL, a hypodensity (a lesion, not an attenuation), n_lesions, HU(organ), 'go to theatre', a kidney lesion's
    kind by its density, a lesion amount over its organ's, fluid or tissue."""
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Which axial image shows the biggest kidney tumour at its greatest diameter?", "largest lesion slice", "kidney"),
    ("Key image for the largest liver metastasis?", "largest lesion slice", "liver"),
    ("biggest_kidney_lesion_side: ?", "largest lesion location", "kidney"),
    ("If the pancreas has several lesions, which part, head or tail, holds the largest one?", "largest lesion location",
     "pancreas"),
    ("Is the largest kidney lesion hyperdense or hypodense against the surrounding renal parenchyma?",
     "largest lesion attenuation", "kidney"),
])
def test_the_largest_lesions_slice_place_and_attenuation(reader: Understanding, question: str, task: str,
                                                         organ: str) -> None:
    """The asked noun (a slice, a place) decides, the diameter or the lesions named before it qualify; the lesion's own
    organ is its attenuation reference, not a neighbour."""
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("half", "floors"), [
    # understand12's own phrasings, scored before any change: even half (tuned on) task 0.974 / organ 1.000 / polarity
    # 0.991 -> 1.000 / 1.000 / 0.991; odd half (held back, never tuned on) 0.957 / 1.000 / 0.991 -> 0.983 / 1.000 / 0.991
    ("even", (0.99, 0.99, 0.99)),
    ("odd", (0.98, 0.99, 0.99)),
])
def test_own_phrasings_hold_their_figures(reader: Understanding, half: str, floors: tuple[float, float, float]) -> None:
    records = yaml.safe_load(OWN.read_text())["questions"]
    assert len(records) == 230
    chosen = records[0::2] if half == "even" else records[1::2]
    pairs = [(reader.understand(r["q"], r.get("choices")), r) for r in chosen]
    task = sum(i.task == r["task"] for i, r in pairs) / len(pairs)
    organ = sum(i.organ == r["organ"] for i, r in pairs) / len(pairs)
    polarity = sum(i.negated == bool(r.get("negated", False)) for i, r in pairs) / len(pairs)
    assert task >= floors[0], task
    assert organ >= floors[1], organ
    assert polarity >= floors[2], polarity
