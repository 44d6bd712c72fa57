"""Kinds of phrasing question set F (and B's last misses) showed, each varied over organs, word orders and
abbreviations that none of the fresh sets uses: the rule passes, not the instance.

Counting or measuring is not existence; an organ or a kind set aside is not asked; an organ held against the normal
range, or against criteria it "meets", is this patient's; acronyms and anatomy are rule questions; steatosis with no
organ is the liver's; a verbless denial is polar; "present or absent" asks either way; a lesion volume over its organ's
is the burden; organs with a summing word are one sum; solid against cystic asks which kind; a named basis is the
evidence of a yes/no finding; a study comparison keeps its lesion group; multiple-choice options carry the task.
"""

from __future__ import annotations

import pytest

from questions.context import focus_organ
from questions.polarity import is_negated
from questions.spelling import clean
from questions.understanding import Understanding, default_understanding, drop_qualifiers


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("pancreatic lesion vol?", "lesion volume measurement", "pancreas"),
    ("Biggest kidney tumour: longest diameter?", "largest lesion diameter", "kidney"),
    ("Hepatic mass - size in mm?", "largest lesion diameter", "liver"),
    ("nr. of renal cysts", "lesion counting", "kidney"),
    ("No. of pancreatic lesions?", "lesion counting", "pancreas"),
    ("How much tumours are in the liver?", "lesion counting", "liver"),
    ("Is there any lesion in the colon?", "colon lesion existence", "colon"),  # presence asked: existence stays
])
def test_a_quantity_asked_of_a_lesion_is_not_its_existence(reader: Understanding, question: str, task: str,
                                                           organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ, intent.negated) == (task, organ, False)


@pytest.mark.parametrize(("typed", "spelled"), [
    ("no. of liver lesions", "number of liver lesions"),
    ("Nr. of renal cysts?", "number of renal cysts?"),
    ("how much cysts in the kidneys", "how many cysts in the kidneys"),
    ("how much fat is in the liver?", "how much fat is in the liver?"),  # no count noun: kept
    ("No. The spleen?", "No. The spleen?"),  # a "no" before no "of" is a word, not a number
])
def test_number_abbreviations_and_how_much_of_a_count_noun(typed: str, spelled: str) -> None:
    assert clean(typed) == spelled


@pytest.mark.parametrize(("question", "negated"), [
    ("Splenic lesion: present or absent?", False),
    ("Comment on the presence or absence of a renal cyst.", False),
    ("Liver metastases - absent/present?", False),
    ("Pancreatic mass: positive / negative?", False),
    ("Is the kidney free of cysts?", True),
])
def test_present_or_absent_asks_either_way(question: str, negated: bool) -> None:
    assert is_negated(question) == negated


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Not interested in the kidneys - is there a liver lesion?", "liver lesion existence", "liver"),
    ("Never mind the pancreas. Any colonic mass?", "colon lesion existence", "colon"),
    ("Ignore the spleen for now: is the liver enlarged?", "organ enlargement", "liver"),
    ("The kidneys look odd too, but I only need the pancreas - is it enlarged?", "organ enlargement", "pancreas"),
    ("Spleen's fine. Just the liver please: is it fatty?", "fatty liver", "liver"),
    ("The liver is busy but I am only asking about the kidneys: any cysts?", "kidney cyst existence", "kidney"),
])
def test_a_leading_sentence_that_sets_aside_or_focuses(reader: Understanding, question: str, task: str,
                                                       organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ, intent.negated) == (task, organ, False)


@pytest.mark.parametrize(("context", "organ"), [
    ("The liver is big but I only need the spleen", "spleen"),
    ("Just the kidneys today", "kidney"),
    ("Only the liver and the spleen matter", None),  # two organs: no one focus
    ("Known cirrhosis", None),
])
def test_the_organ_a_leading_sentence_focuses_on(context: str, organ: str | None) -> None:
    assert focus_organ(context) == organ


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Setting aside the renal cysts, is any solid mass present?", "kidney tumor existence", "kidney"),
    ("Leaving the liver cysts aside, how many liver lesions are there?", "lesion counting", "liver"),
    ("Putting the hepatic lesions aside, is the spleen enlarged?", "splenomegaly detection", "spleen"),
    ("Disregarding the liver, is there a lesion in the pancreas?", "pancreatic lesion existence", "pancreas"),
])
def test_a_kind_or_an_organ_set_aside_is_not_asked(reader: Understanding, question: str, task: str,
                                                   organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


def test_a_kind_set_aside_keeps_its_organ_when_the_rest_names_none() -> None:
    assert drop_qualifiers("Setting aside the renal cysts, is any solid mass present?") == "kidney: is any solid mass present?"
    assert drop_qualifiers("Ignoring the liver, is the spleen enlarged?") == "is the spleen enlarged?"


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Left kidney bigger than the normal range?", "organ enlargement", "kidney_left"),
    ("Spleen volume above the reference range?", "splenomegaly detection", "spleen"),
    ("Is the liver beyond the upper limit of normal in size?", "organ enlargement", "liver"),
    ("Does the liver meet CT criteria for steatosis?", "fatty liver", "liver"),
    ("Pancreas fulfils the criteria for fatty infiltration?", "pancreatic steatosis", "pancreas"),
    ("Does this spleen satisfy the criteria for splenomegaly?", "splenomegaly detection", "spleen"),
    ("Using the 40 HU solid-versus-cyst cut-off, which kind of lesion sits in the left kidney?",
     "lesion type classification", "kidney_left"),
    # the rule itself asked: still knowledge
    ("What is the normal range of spleen volume?", "knowledge question", "spleen"),
    ("Is a liver of 2500 mL above the normal range?", "knowledge question", "liver"),
    ("What are the CT criteria for pancreatic steatosis?", "knowledge question", "pancreas"),
    ("What is the definition of hepatic steatosis?", "knowledge question", "liver"),
])
def test_an_organ_held_against_a_rule_is_this_patients(reader: Understanding, question: str, task: str,
                                                       organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "organ"), [
    ("What does PDAC stand for?", "pancreas"),
    ("What does the acronym PNET mean?", "pancreas"),
    ("Spell out the abbreviation RECIST.", None),
    ("Which Couinaud segments make up the left lateral section?", "liver"),
    ("The quadrate lobe corresponds to which segment?", "liver"),
    ("What segment is the caudate lobe?", "liver"),
])
def test_acronyms_and_anatomy_are_rule_questions(reader: Understanding, question: str, organ: str | None) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == ("knowledge question", organ)


@pytest.mark.parametrize(("question", "task"), [
    ("Which liver segment holds the largest lesion?", "largest lesion location"),
    ("Name the pancreatic part that contains the biggest tumour.", "largest lesion location"),
    ("Which segment is the largest lesion in?", "largest lesion location"),
])
def test_a_place_named_by_the_largest_lesion_it_holds(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Steatosis?", "fatty liver", "liver"),
    ("Any fatty infiltration on this scan?", "fatty liver", "liver"),
    ("Pancreatic steatosis?", "pancreatic steatosis", "pancreas"),
])
def test_steatosis_with_no_organ_named_is_the_livers(reader: Understanding, question: str, task: str,
                                                     organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task", "negated"), [
    ("No splenomegaly, correct?", "splenomegaly detection", True),
    ("Nothing in the kidneys?", "kidney lesion existence", True),
    ("No fatty liver here?", "fatty liver", True),
    ("Are the two kidneys equal in size?", "bilateral kidney asymmetry", True),
    ("Do the kidneys look symmetrical?", "bilateral kidney asymmetry", True),
    ("Are the kidneys asymmetric?", "bilateral kidney asymmetry", False),
])
def test_a_verbless_denial_and_a_named_opposite_are_negated(reader: Understanding, question: str, task: str,
                                                            negated: bool) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.negated) == (task, negated)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Tumour volume divided by kidney volume?", "tumor burden percentage", "kidney"),
    ("Pancreatic lesion volume relative to the pancreas volume?", "tumor burden percentage", "pancreas"),
    ("Left plus right kidney, total mL?", "organ aggregation", "kidney"),
    ("Kidneys together, volume in cc?", "organ aggregation", "kidney"),
    ("Spleen and liver altogether - how many mL?", "organ aggregation", None),
    ("Renal cysts - how many altogether?", "lesion counting", "kidney"),  # a count, no organ sum
])
def test_volumes_over_or_added_to_each_other(reader: Understanding, question: str, task: str,
                                             organ: str | None) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("Solid or cystic - the left renal lesion?", "lesion type classification"),
    ("Kidney lesion: cyst versus tumour?", "lesion type classification"),
    ("Any cyst or solid mass in the kidneys?", "kidney lesion existence"),  # "any": presence of either
])
def test_solid_against_cystic_in_the_kidney_asks_which(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("Do the kidneys show a size discrepancy?", "bilateral kidney asymmetry"),
    ("Is there any difference between the two renal volumes?", "bilateral kidney asymmetry"),
    ("Is the right kidney larger than the left?", "kidney volume comparison"),  # a side asked
])
def test_a_polar_difference_between_the_kidneys_asks_symmetry(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task", "basis"), [
    ("Using the P/S ratio, is the pancreas fatty?", "pancreatic steatosis", "pancreas/spleen.hu_ratio"),
    ("Based on the L/S ratio, does this patient have a fatty liver?", "fatty liver", "liver/spleen.hu_ratio"),
    ("Splenic enlargement indicative of portal hypertension?", "portal hypertension assessment", "spleen.volume_ml"),
    ("Caudate hypertrophy as a sign of portal hypertension?", "portal hypertension assessment",
     "liver.caudate_right_lobe_ratio"),
])
def test_a_named_basis_is_the_evidence_of_a_finding(reader: Understanding, question: str, task: str,
                                                    basis: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.basis) == (task, basis)


@pytest.mark.parametrize(("question", "task", "lesion", "quantity"), [
    ("RECIST response of the kidney tumours compared with baseline?", "recist response", "kidney_lesion",
     "recist.response"),
    ("Pancreatic lesions by RECIST since the previous CT?", "recist response", "pancreas_lesion", "recist.response"),
    ("How has the count of kidney cysts changed since the last CT?", "lesion change", "kidney_lesion",
     "kidney_lesion.lesion_count_change"),
    ("Change in total pancreatic lesion volume versus the prior study, in mL?", "lesion change", "pancreas_lesion",
     "pancreas_lesion.total_lesion_volume_change_ml"),
    ("Has the spleen grown since the previous scan?", "organ volume change", None, "spleen.volume_change_pct"),
    ("Liver volume change compared with baseline in mL?", "organ volume change", None, "liver.volume_change_ml"),
])
def test_lesion_change_organ_volume_change_and_recist_apart(reader: Understanding, question: str, task: str,
                                                            lesion: str | None, quantity: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.lesion) == (task, lesion)
    assert quantity in intent.quantities


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Liver fat?", {"A": "Grade 0", "B": "Grade 1", "C": "Grade 2", "D": "Grade 3"}, "hepatic steatosis grading"),
    ("The kidney lesion?", {"A": "Simple cyst", "B": "Indeterminate", "C": "Fat-containing"},
     "renal mass characterization"),
    ("Pancreatic tumour?", {"A": "Resectable", "B": "Borderline resectable", "C": "Unresectable"},
     "pancreatic lesion resectability"),
    ("Liver lesions?", {"A": "Highly clustered", "B": "Somewhat clustered", "C": "Widely distributed"},
     "liver lesion clustering"),
])
def test_options_carry_the_task_of_a_terse_stem(reader: Understanding, question: str, choices: dict[str, str],
                                                task: str) -> None:
    assert reader.understand(question, choices).task == task


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("kidney tumour sz?", "largest lesion diameter", "kidney"),
    ("What size is the pancreatic tumour?", "largest lesion diameter", "pancreas"),
    ("Size of the liver lesion in mL?", "lesion volume measurement", "liver"),  # a volume named
    ("What is the size of the liver?", "organ volume measurement", "liver"),  # an organ's size: no lesion
])
def test_a_lesions_size_is_its_longest_diameter_unless_a_volume_is_named(reader: Understanding, question: str,
                                                                         task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("Is the PDAC resectable?", "pancreatic lesion resectability"),
    ("Can the PNET be removed surgically?", "pancreatic lesion resectability"),
    ("Is a Whipple feasible for the pancreatic head mass?", "pancreatic lesion resectability"),
    ("Should the IPMN be resected?", "pancreatic cyst resectability"),
    ("Pancreatic cyst: surgery or surveillance?", "pancreatic cyst resectability"),
])
def test_a_resection_asked_of_a_named_pancreatic_finding(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("Is the largest pancreatic lesion twice the size of the others?", "lesion outlier"),  # size between lesions
    ("Is the biggest kidney tumour three times the size of the next biggest?", "lesion outlier"),
])
def test_a_size_between_lesions_is_an_outlier_question(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


def test_a_renal_category_named_beside_solid_is_characterisation() -> None:
    """"A simple cyst or a solid mass?" names a category of the renal mass scale (a hedge between them is then
    caught by the reviewer's parts check, reviewer set 5 b28), not only the two kinds."""
    from questions.ask import Ask
    from questions.gates_measure import solid_versus_cystic
    from questions.intents import extract

    for text, moved in [("is the left renal lesion a simple cyst or a solid mass?", False),
                        ("is the left renal lesion a cyst or a solid mass?", True)]:
        scores = {"lesion type classification": 0.5, "renal mass characterization": 0.5}
        solid_versus_cystic(scores, Ask.read(text, extract(text), None, {}, {}))
        assert (scores["lesion type classification"] > scores["renal mass characterization"]) == moved, text


@pytest.mark.parametrize("question", [
    "Which kidney is larger, and by how much?",
    "Which of the two kidneys is bigger and by how much",
    "Is the left kidney larger than the right, and how much larger?",
])
def test_by_how_much_stays_with_its_comparison(question: str) -> None:
    """'By how much' asks the comparison's own difference: no further part (merge of answers6 and review5)."""
    from questions.resolve import split_parts

    assert len(split_parts(question)) == 1


@pytest.mark.parametrize(("question", "organ"), [
    ("How large is the pancreas? Give its volume in millilitres.", "pancreas"),
    ("How large is the liver?", "liver"),
    ("How big is the left kidney?", "kidney_left"),
    ("What size is the spleen, in mL?", "spleen"),
    ("how big's the right kidney", "kidney_right"),
])
def test_how_large_is_an_organ_asks_its_size(question: str, organ: str) -> None:
    """A wh-question of an organ's size is its volume, never a yes/no enlargement (suite E's 'How large is the
    pancreas?' was answered 'No')."""
    from questions.understanding import understand

    intent = understand(question)
    assert (intent.task, intent.organ, intent.answer_form) == ("organ volume measurement", organ, "number")


@pytest.mark.parametrize("question", ["Is the spleen large?", "How large is the spleen: enlarged or normal?",
                                      "Is the liver too big?"])
def test_an_organ_held_against_normal_size_stays_yes_no(question: str) -> None:
    from questions.understanding import understand

    assert understand(question).task in ("splenomegaly detection", "organ enlargement", "splenomegaly grading")
