"""Question understanding: the kinds of the session-14 held-out set's misses (issue 11), each fixed as a kind and varied
here by organ, side, language, wording and symbol so that the rule passes, not the instance; and understand14's own
phrasings (tests/data/own/questions_own_u14.yaml, written and labelled by hand before any run), tuned on their even
half while the odd half was held back."""

from __future__ import annotations

import difflib
import itertools
from pathlib import Path

import pytest
import yaml

from questions.multilingual import english_organ_words
from questions.phonetic import heard_terms
from questions.polarity import is_negated
from questions.spelling import CLINICAL_WORDS, english_words
from questions.understanding import Understanding, default_understanding

DATA = Path(__file__).parent / "data"
OWN = DATA / "own" / "questions_own_u14.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


# kind 1: organ, side and report words of six languages inside an English question
ORGANS_ABROAD = {
    "liver": ["Leber", "foie", "hígado", "fegato", "fígado", "de lever"],
    "spleen": ["Milz", "la rate", "bazo", "milza", "baço", "milt"],
    "pancreas": ["Bauchspeicheldrüse", "pancréas", "páncreas", "pâncreas", "alvleesklier"],
    "gall_bladder": ["Gallenblase", "vésicule biliaire", "vesícula biliar", "colecisti", "galblaas"],
    "stomach": ["Magen", "estomac", "estómago", "stomaco", "maag"],
    "colon": ["Dickdarm", "gros intestin", "intestino grueso", "intestino crasso", "dikke darm"],
    "aorta": ["aorte", "Hauptschlagader"],
    "postcava": ["untere Hohlvene", "veine cave inférieure", "vena cava inferiore", "veia cava inferior"],
    "kidney_left": ["linke Niere", "rein gauche", "riñón izquierdo", "rene sinistro", "rim esquerdo", "linker nier"],
    "kidney_right": ["rechte Niere", "rein droit", "riñón derecho", "rene destro", "rim direito", "rechter nier"],
}


@pytest.mark.parametrize(("organ", "name", "template"), [
    (organ, name, template) for (organ, names), template in itertools.product(ORGANS_ABROAD.items(), [
        "What is the volume of the {} in mL?", "Mean attenuation of the {}?"]) for name in names])
def test_an_organ_named_in_another_language_is_that_organ(reader: Understanding, organ: str, name: str,
                                                          template: str) -> None:
    assert reader.understand(template.format(name)).organ == organ


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Is the Gallenblase enlarged?", "organ enlargement", "gall_bladder"),
    ("Is the estómago enlarged?", "organ enlargement", "stomach"),
    ("Is the milza enlarged?", "splenomegaly detection", "spleen"),
    ("Is the Bauchspeicheldrüse fatty?", "pancreatic steatosis", "pancreas"),
    ("Is the fígado steatotic?", "fatty liver", "liver"),
    ("Any lesion in the dikke darm?", "colon lesion existence", "colon"),
    ("Is there a tumour in the rim direito?", "kidney tumor existence", "kidney_right"),
    ("How many lesions are in the riñón izquierdo?", "lesion counting", "kidney_left"),
    ("Which of the Nieren is larger?", "kidney volume comparison", "kidney"),
    ("Are the two reins asymmetric in volume?", "bilateral kidney asymmetry", "kidney"),
])
def test_the_foreign_organ_sets_task_and_organ(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize("word", ["Befund", "compte rendu", "informe", "referto", "laudo", "verslag"])
def test_a_report_named_in_another_language_is_the_report(reader: Understanding, word: str) -> None:
    assert reader.understand(f"Please write the {word} for this CT.").task == "report"


@pytest.mark.parametrize("text", [
    "What is the growth rate of the liver lesions?", "Is the rim of the kidney lesion enhancing?",
    "Can you pull the lever on this referral and measure the spleen?", "Pancreas volume?", "COLON LESION?",
])
def test_english_words_that_are_organs_abroad_stay_english(text: str) -> None:
    assert english_organ_words(text) == text


# kind 2: speech-to-text errors, read back by their sound (guarded)
@pytest.mark.parametrize(("heard", "term"), [
    ("How many lesions are in the lever?", "liver"), ("What is the volume of the river?", "liver"),
    ("What is the volume of the left kid knee?", "kidney"), ("Is there a cyst in the right kid nee?", "kidney"),
    ("Any lesion in the co lon?", "colon"), ("Is there a mass in the coal on?", "colon"),
    ("Is there a lesion in the pan creas?", "pancreas"), ("Which coin odd segment has the most lesions?", "Couinaud"),
    ("Mean hounds field units of the spleen?", "Hounsfield"), ("By resist criteria, has it progressed?", "RECIST"),
    ("Is the pancreatic lesion a sudo cyst?", "pseudocyst"), ("Is one liver lesion an out liar in size?", "outlier"),
    ("Is there a pee dack in the pancreas?", "PDAC"),
])
def test_a_misheard_term_is_read_as_the_term(reader: Understanding, heard: str, term: str) -> None:
    assert term in reader.clean(heard)


@pytest.mark.parametrize("text", [
    "Before I pull the lever on a referral: is the spleen enlarged?", "My lover wants to know whether the kidneys are symmetric.",
    "My kid asked me: how big is the liver?", "Resist the urge to round: what is the spleen volume in mL?",
    "One odd thing: how many lesions are in the liver?", "In the field of view, is the gallbladder enlarged?",
    "How many lesions does the pancreas contain?", "Left kidney has a lesion or is it clean?",
    "At what level is the largest liver lesion widest?", "Our rule: is any liver lesion an outlier?",
])
def test_ordinary_english_words_stay_what_they_are(reader: Understanding, text: str) -> None:
    assert heard_terms(text, frozenset(CLINICAL_WORDS.split()), english_words()) == text


def test_on_every_earlier_question_the_fallback_only_mends_non_words() -> None:
    """Over every fresh and own question set before this one (about 5,000 questions), a word the phonetic fallback
    replaces is never an English word: the fallback mends misspellings and mishearings, nothing typed right."""
    known, english = frozenset(CLINICAL_WORDS.split()), english_words()
    replaced: list[str] = []
    for path in sorted([*DATA.glob("fresh/questions_fresh_*.yaml"), *DATA.glob("own/questions_own_u1[123].yaml")]):
        for record in yaml.safe_load(path.read_text())["questions"]:
            before, after = record["q"].split(), heard_terms(record["q"], known, english).split()
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after).get_opcodes():
                if op != "equal" and "".join(before[i1:i2]).lower() != "".join(after[j1:j2]).lower() \
                        and not (i2 - i1 > 1 and j2 - j1 == 1):  # several heard words become one term: a dictated
                    # abbreviation ("pee dac" -> PDAC, set Q), letter names being English words
                    replaced += [w.strip("?.,;:!'\"()").lower() for w in before[i1:i2]]  # not a split word joined
    assert replaced, "the sets hold typos the fallback mends"
    assert not [w for w in replaced if w in english and w not in DICTATED], replaced


DICTATED = {"lever", "colin"}  # set AB: "colin" for colon, in a question about colonic lesions
"""English words a speech recogniser writes for an organ, mended on purpose (set W: "what is the lever volume in
mills" - he meant liver volume in mL)."""


# kind 3: a statement of doubt about this patient asks its question, not negated
@pytest.mark.parametrize(("question", "task"), [
    ("I can't tell whether the spleen is enlarged or at the upper limit of normal.", "splenomegaly detection"),
    ("I'm not sure whether that area in the pancreatic head is a ductal adenocarcinoma.", "PDAC existence"),
    ("I'm unsure if the liver is fatty.", "fatty liver"),
    ("Not certain whether there is a cyst in the right kidney.", "kidney cyst existence"),
    ("We can't decide if the pancreas is fatty.", "pancreatic steatosis"),
    ("I don't know whether there are lesions in the colon.", "colon lesion existence"),
])
def test_a_statement_of_doubt_asks_the_doubted_question(reader: Understanding, question: str, task: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.negated) == (task, False)


def test_a_doubt_keeps_the_doubted_questions_own_polarity() -> None:
    assert is_negated("I'm not sure whether the liver is free of lesions.")
    assert not is_negated("I'm not sure whether the liver has lesions.")


# kind 4: "what <quantity> is measured for <organ or lesion>" asks this patient's value
@pytest.mark.parametrize(("quantity", "task"), [("volume", "organ volume measurement"),
                                                ("mean attenuation", "organ HU measurement"),
                                                ("density", "organ HU measurement")])
@pytest.mark.parametrize("organ", ["spleen", "liver", "left kidney", "pancreas"])
def test_a_value_measured_for_an_organ_is_a_measurement(reader: Understanding, quantity: str, task: str,
                                                        organ: str) -> None:
    for verb in ("is measured for", "was measured in"):
        assert reader.understand(f"What {quantity} {verb} the {organ}?").task == task


def test_how_a_value_is_measured_stays_a_knowledge_question(reader: Understanding) -> None:
    assert reader.understand("How is the spleen volume measured on CT in general?").task == "knowledge question"


# kind 5 and 6: a total by segment, the largest lesion's place, a side's count
@pytest.mark.parametrize(("question", "task"), [
    ("Which hepatic segment has the largest total lesion volume?", "inter-segment comparison"),
    ("In which Couinaud segment is the combined tumour volume greatest?", "inter-segment comparison"),
    ("Which part of the pancreas is the biggest lesion in?", "largest lesion location"),
    ("Which liver segment contains the single largest metastasis?", "largest lesion location"),
])
def test_a_segments_total_against_the_largest_lesions_place(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("side", "noun", "frame"), list(itertools.product(
    ["left", "right"], ["lesions", "cysts", "tumours"],
    ["How many {n} does the {s} kidney contain?", "How many {n} are in the {s} kidney?", "Number of {n} in the {s} kidney?"])))
def test_a_sides_lesion_count_is_lesion_counting(reader: Understanding, side: str, noun: str, frame: str) -> None:
    intent = reader.understand(frame.format(n=noun, s=side))
    assert (intent.task, intent.organ) == ("lesion counting", f"kidney_{side}")


def test_a_count_in_a_place_within_the_organ_stays_by_location(reader: Understanding) -> None:
    assert reader.understand("How many lesions does the pancreatic tail contain?").task == "lesion count by location"
    assert reader.understand("How many lesions are in the left lobe of the liver?").task == "lesion count by location"


# kind 7: comparisons written with symbols; the kidneys' size relationship; a non-spleen organ enlarged
@pytest.mark.parametrize(("first", "symbol", "second"), [(a, s, b) for (a, b), s in itertools.product(
    [("right", "left"), ("left", "right")], [">", "<", ">=", "≤"])])
def test_a_kidney_comparison_in_symbols(reader: Understanding, first: str, symbol: str, second: str) -> None:
    question = f"{first} kidney volume {symbol} {second} kidney volume?"
    assert reader.understand(question).task == "kidney volume comparison"


def test_a_cut_off_in_symbols_is_not_spelled_out(reader: Understanding) -> None:
    assert "> 400" in reader.clean("Spleen volume > 400 mL?") and "→" in reader.clean("PDAC → T?")


@pytest.mark.parametrize("question", [
    "Describe the size relationship between the two kidneys.", "What is the size relationship of the left and right kidney?",
    "How do the kidneys relate in size?", "Comment on the relative sizes of the kidneys.",
])
def test_the_kidneys_size_relationship_is_their_symmetry(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "bilateral kidney asymmetry"


@pytest.mark.parametrize(("organ", "expected"), [
    ("liver", "liver"), ("pancreas", "pancreas"), ("left kidney", "kidney_left"), ("gallbladder", "gall_bladder"),
    ("stomach", "stomach"), ("Leber", "liver"), ("rein droit", "kidney_right"),
])
def test_an_enlarged_organ_other_than_the_spleen_is_organ_enlargement(reader: Understanding, organ: str,
                                                                       expected: str) -> None:
    intent = reader.understand(f"Is the {organ} enlarged?")
    assert (intent.task, intent.organ) == ("organ enlargement", expected)


# kind 8: a key-image request asks the slice
@pytest.mark.parametrize("question", [
    "Give the axial image number where the liver lesion reaches its maximum diameter.",
    "Image number of the axial image where the colon lesion is largest?",
    "Provide the key image for the largest renal mass.",
    "In which axial image does the pancreatic lesion measure its maximum diameter?",
])
def test_a_key_image_request_asks_the_slice(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "largest lesion slice"


# kind 9: "rule out X" asks X; "can X be ruled out?" asks its absence
@pytest.mark.parametrize(("finding", "task"), [
    ("PDAC", "PDAC existence"), ("a liver metastasis", "liver lesion existence"), ("splenomegaly", "splenomegaly detection"),
    ("a renal cyst", "kidney cyst existence"), ("portal hypertension", "portal hypertension assessment"),
])
def test_rule_out_asks_the_finding(reader: Understanding, finding: str, task: str) -> None:
    for question in (f"Rule out {finding}.", f"CT to rule out {finding}.", f"I'm not sure whether there is {finding}."):
        intent = reader.understand(question)
        assert (intent.task, intent.negated) == (task, False), question
    assert reader.understand(f"Can {finding} be ruled out?").negated


def test_own_phrasings_tuned_and_held_back_halves(reader: Understanding) -> None:
    """understand14's own phrasings of the nine kinds (146): the even half tuned on (task 0.685 -> 1.000, organ 0.708
    -> 1.000, polarity 0.904 -> 1.000), the odd half held back (task 0.699 -> 0.986, organ 0.778 -> 1.000, lesion
    0.877 -> 0.986, polarity 0.904 -> 1.000; left: a kidney lesion's cyst-or-solid read as the lesion type)."""
    records = yaml.safe_load(OWN.read_text())["questions"]
    assert len(records) == 146
    for half, floor in ((0, 1.0), (1, 0.98)):
        part = records[half::2]
        intents = [reader.understand(r["q"]) for r in part]
        for field, want in (("task", lambda r: r["task"]), ("organ", lambda r: r.get("organ")),
                            ("negated", lambda r: bool(r.get("negated", False)))):
            share = sum(getattr(i, field) == want(r) for i, r in zip(intents, part, strict=True)) / len(part)
            assert share >= floor, (half, field, share)
