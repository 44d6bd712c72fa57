"""Question understanding: the causes behind sets W's and V's misses (session 22), each fixed as a general rule and
varied here with phrasings written for this module (other organs, orders and wordings than W's or V's):

- a yes/no about one kind of lesion with no lesion already given ("Spleen - cyst?", "Pancreas, solid mass? Yes / No /
  Only a cyst") asks that kind's presence; the other kind in a distractor option or denied beside it ("not a cyst",
  "rather than a cyst") is no second kind offered, and distractor options of a yes/no name no task;
- every kind counted ("cysts count too", "including cysts", "any kind") asks a lesion's presence;
- yes and no options in German, French, Spanish, Portuguese, Japanese and Chinese make a yes/no question;
- a kind denied after a dash or comma ("a solid mass - not a cyst - present?") negates nothing asked;
- a rule asked by name ("What is Bosniak?"), a category's definition ("progressive disease means ... at least:"), a
  reference value as the topic ("Typical adult spleen volume is about:") or "general knowledge, not this patient" is a
  knowledge question without "in general";
- prognosis and personal advice (how long to live, driving again), a prescription, a contrast dose and organs outside
  the abdomen (thyroid, heart) are out of scope, in any of the languages read;
- a question wholly in Chinese is read by its own rows of the one vocabulary (`questions.multilingual`, which now also
  holds the organ words of `questions.foreign`);
- RECIST categories offered (options or written, "Is it PR?") ask the response, a category defined the rule;
- a grade asked after its finding's presence ("if present, mild, moderate or severe?") is the grade;
- one lesion placed ("Where is the mass - head, body or tail?", "site:") is its location; places set against each other
  by what they hold ("more lesions", "most") are compared; lesions held in one segment are their clustering;
- which of the two kidneys is larger (even after a tumour-board preamble) is their comparison, a difference that
  matters ("significant", "marked") their asymmetry;
- every category of a kind counted ("whatever Bosniak category") asks the kind's presence;
- a ratio set aside ("not the ratio", "no P/S ratio") asks the organ's own HU; "L:S" is the L/S ratio;
- a dated row of a table with today's value blank, a value stated before a treatment with directions offered, or an
  organ's regeneration asks its volume change; a finding "still" present after a history asks today's finding;
- more clinical words of German, Spanish and Portuguese (Raumforderung, Schichtnummer, Estadificación, hipoatenuante,
  Nachbarorgane; a German compound glued to "Dickdarm"); a presence asked in a surveillance setting is the presence,
  and an intraductal (IPMN) lesion is no ductal carcinoma.
"""

from __future__ import annotations

import pytest

from core.tasks import OUT_OF_SCOPE
from questions.intents import parse_choices
from questions.multilingual import CJK, VOCABULARY, english_organ_words, english_question
from questions.understanding import Understanding, default_understanding

KNOWLEDGE = "knowledge question"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Right kidney - solid mass?", {"A": "Yes", "B": "No", "C": "Cysts only", "D": "Kidney not seen"},
     "kidney tumor existence"),
    ("Cyst, left kidney?", {"A": "No", "B": "Yes", "C": "Only a solid tumour", "D": "Cannot say"}, "kidney cyst existence"),
    ("Any solid enhancing renal lesion worrying for cancer?", {"A": "Yes", "B": "No", "C": "Indeterminate",
                                                               "D": "Only simple cysts"}, "kidney tumor existence"),
    ("Renal cyst present?", {"A": "Oui", "B": "Non", "C": "Tumeur solide seulement"}, "kidney cyst existence"),
])
def test_a_yes_no_about_one_kind_asks_its_presence(reader: Understanding, question: str, choices: dict[str, str],
                                                   task: str) -> None:
    assert reader.understand(question, choices).task == task


@pytest.mark.parametrize(("question", "choices"), [
    ("Is the renal mass solid?", {"A": "Yes", "B": "No", "C": "It is a cyst"}),
    ("Is the largest kidney lesion a cyst?", {"A": "Yes", "B": "No"}),
])
def test_a_yes_no_about_a_given_lesion_asks_its_kind(reader: Understanding, question: str,
                                                     choices: dict[str, str]) -> None:
    assert reader.understand(question, choices).task in ("lesion type classification", "renal mass characterization")


@pytest.mark.parametrize(("question", "task"), [
    ("Does either kidney hold a solid tumour rather than just cysts?", "kidney tumor existence"),
    ("Kidneys: an actual solid mass, not a cyst?", "kidney tumor existence"),
    ("Whatever cysts there are aside - among the renal lesions, is any one a solid tumour rather than a cyst?",
     "kidney tumor existence"),
])
def test_a_kind_denied_beside_another_is_not_offered(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("kidney lesion at all? cysts count too", "kidney lesion existence"),
    ("Liver: any focal lesion, cysts included?", "liver lesion existence"),
    ("Pancreas lesion - cystic ones count as well", "pancreatic lesion existence"),
])
def test_every_kind_counted_asks_a_lesions_presence(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


def test_counting_with_every_kind_included_still_counts(reader: Understanding) -> None:
    assert reader.understand("How many liver lesions, cysts included?").task == "lesion counting"


@pytest.mark.parametrize("choices", [
    {"A": "Ja", "B": "Nein", "C": "Nicht beurteilbar"},
    {"A": "Sí", "B": "No"},
    {"A": "Sim", "B": "Não", "C": "Indeterminado"},
    {"A": "はい", "B": "いいえ"},
    {"A": "是", "B": "否"},
])
def test_yes_and_no_options_of_other_languages_make_a_yes_no(choices: dict[str, str]) -> None:
    choice_set = parse_choices(choices)
    assert choice_set is not None and choice_set.form == "yes_no"


@pytest.mark.parametrize("question", [
    "Right kidney: a solid mass - not a cyst - present?",
    "Is there an enhancing tumour in the pancreas, not just a cyst?",
])
def test_a_kind_denied_beside_the_asked_one_negates_nothing(reader: Understanding, question: str) -> None:
    assert not reader.understand(question).negated


def test_a_lesion_said_not_to_be_a_kind_is_still_negated(reader: Understanding) -> None:
    assert reader.understand("Is the biggest pancreatic lesion not a cyst?").negated


@pytest.mark.parametrize("question", [
    "What is Bosniak?",
    "what's LI-RADS v2018? teaching a resident",
    "What does T3 stand for in AJCC pancreas staging?",
    "Under RECIST 1.1, progressive disease means an increase in the sum of at least:",
    "Typical adult spleen volume is about:",
    "Reference range for kidney volume?",
    "Valores normales del volumen del bazo?",
    "General knowledge, not this patient: what liver attenuation means steatosis?",
])
def test_a_rule_or_reference_asked_by_name_is_a_knowledge_question(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == KNOWLEDGE


@pytest.mark.parametrize(("question", "task"), [
    ("What is the spleen volume on this scan?", "organ volume measurement"),
    ("Is the liver volume normal?", "organ enlargement"),
    ("What T stage is the pancreatic tumour?", "pancreatic tumor staging"),
])
def test_a_question_about_this_patient_stays_one(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize("question", [
    "What's her life expectancy with these liver mets?",
    "How long does my father have with this pancreatic cancer?",
    "Can he drive again after this kidney finding?",
    "Could you also do the prescription for her nausea?",
    "What contrast dose is safe for his next scan?",
    "Dosis de contraste para la próxima TC?",
    "Is the thyroid enlarged?",
    "Kann ich wieder Auto fahren? Leberbefund",
    "甲状腺增大吗？",
])
def test_prognosis_advice_treatment_and_organs_outside_the_abdomen_are_out_of_scope(reader: Understanding,
                                                                                     question: str) -> None:
    assert reader.understand(question).task == OUT_OF_SCOPE


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("脾脏的体积是多少毫升？", "organ volume measurement", "spleen"),
    ("肝脏有没有病灶？", "liver lesion existence", "liver"),
    ("左肾有没有囊肿？", "kidney cyst existence", "kidney_left"),
    ("肝脏病灶有几个？", "lesion counting", "liver"),
    ("胰腺肿瘤的T分期是什么？", "pancreatic tumor staging", "pancreas"),
    ("脾脏与肝脏的CT值比是多少？", "organ HU ratio", "liver"),
    ("请写一份完整的报告", "report", None),
])
def test_a_chinese_question_reads_its_task_and_organ(reader: Understanding, question: str, task: str,
                                                      organ: str | None) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


def test_one_vocabulary_serves_organ_words_and_whole_questions() -> None:
    organs = [english for _, english, reach in VOCABULARY if reach == "organ"]
    assert "left kidney" in organs and "spleen" in organs
    assert english_organ_words("volume of the linke Niere?") == "volume of the left kidney?"
    assert "left kidney" in english_question("Volumen der linken Niere?")
    assert {language for _, _, language in CJK} == {"ja", "zh"}


@pytest.mark.parametrize("text", ["Is there a lunge artefact?", "Is the heart of the matter the liver volume?"])
def test_english_words_stay_english(text: str) -> None:
    assert english_question(text) == text


@pytest.mark.parametrize(("question", "choices"), [
    ("Response category:", {"A": "CR", "B": "PR", "C": "SD", "D": "PD"}),
    ("Kidney target lesions after 4 cycles - CR, PR, SD or PD?", None),
    ("Would it be PD? the target sum went from 41 mm to ... (your measurement)", None),
])
def test_recist_categories_offered_ask_the_response(reader: Understanding, question: str,
                                                    choices: dict[str, str] | None) -> None:
    assert reader.understand(question, choices).task == "recist response"


def test_a_recist_category_defined_is_still_a_knowledge_question(reader: Understanding) -> None:
    assert reader.understand("Under RECIST, PR means a fall in the sum of at least:").task == KNOWLEDGE


@pytest.mark.parametrize(("question", "task"), [
    ("Spleen enlargement - if any, is it mild, moderate or severe?", "splenomegaly grading"),
    ("Steatosis? if so how bad: mild, moderate or severe", "hepatic steatosis grading"),
    ("Hepatomegalia? Esteatosis leve, moderada o grave?", "hepatic steatosis grading"),
])
def test_a_grade_asked_after_its_findings_presence_is_the_grade(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Where is the liver mass - right lobe, left lobe or caudate?", None, "largest lesion location"),
    ("Kidney tumour site:", {"A": "Upper pole", "B": "Interpolar", "C": "Lower pole", "D": "Hilum"},
     "largest lesion location"),
    ("The dominant one is located in:", {"A": "Segment 2", "B": "Segment 5", "C": "Segment 8"}, "largest lesion location"),
    ("Which has more lesions, the pancreatic head or the tail?", None, "inter-segment comparison"),
    ("Most lesions in: segment 7 or segment 8?", {"A": "Segment 7", "B": "Segment 8", "C": "Same", "D": "None"},
     "inter-segment comparison"),
    ("Are the liver metastases confined to one segment?", None, "liver lesion clustering"),
])
def test_one_lesion_placed_places_compared_or_lesions_clustered(reader: Understanding, question: str,
                                                                 choices: dict[str, str] | None, task: str) -> None:
    assert reader.understand(question, choices).task == task


def test_where_a_lesion_is_biggest_by_slice_asks_the_slice(reader: Understanding) -> None:
    assert reader.understand("On which slice is the liver tumour widest (where is it largest)?").task == \
        "largest lesion slice"


@pytest.mark.parametrize(("question", "task"), [
    ("Transplant work-up: which kidney is bigger by volume?", "kidney volume comparison"),
    ("Kidneys by volume: L>R or R>L?", "kidney volume comparison"),
    ("Donor with a small renal cyst. Which side has the larger kidney volume?", "kidney volume comparison"),
    ("Is there a clinically significant size discrepancy between the kidneys?", "bilateral kidney asymmetry"),
    ("Kidneys: any marked left-right size difference?", "bilateral kidney asymmetry"),
    ("By how many mL does the left kidney exceed the right?", "kidney volume comparison"),
])
def test_which_kidney_is_larger_or_whether_they_differ_markedly(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("Any renal cyst at all (whatever Bosniak category)?", "kidney cyst existence"),
    ("Kidney cysts present, regardless of the Bosniak class?", "kidney cyst existence"),
])
def test_every_category_counted_asks_the_kinds_presence(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


def test_a_category_asked_stays_the_category(reader: Understanding) -> None:
    assert reader.understand("Bosniak category of the right renal cyst?").task == "renal mass characterization"


@pytest.mark.parametrize(("question", "task"), [
    ("Mean spleen HU please - not the ratio, only the spleen", "organ HU measurement"),
    ("Pancreas attenuation in HU, no P/S ratio needed", "organ HU measurement"),
    ("What is the L:S ratio here?", "organ HU ratio"),
])
def test_a_ratio_set_aside_asks_the_organs_own_hu(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("date,liver_ml\n2023-06-02,1710\ntoday,?\n-> the difference please", None, "organ volume change"),
    ("Liver was 2,300 mL before the chemoembolisation. Now it is:",
     {"A": "Increased", "B": "Reduced by < 10%", "C": "Reduced by >= 10%"}, "organ volume change"),
    ("Left hepatectomy last spring; the remnant measured 900 mL on the day-5 scan. How much has it regenerated?", None,
     "organ volume change"),
])
def test_a_dated_row_a_value_before_treatment_or_regeneration_asks_the_change(
        reader: Understanding, question: str, choices: dict[str, str] | None, task: str) -> None:
    assert reader.understand(question, choices).task == task


def test_a_finding_still_present_after_a_history_asks_todays_finding(reader: Understanding) -> None:
    question = "Mononucleosis two months ago, wants to return to football. Is the spleen still enlarged?"
    assert reader.understand(question).task == "splenomegaly detection"


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Raumforderung in der linken Niere?", "kidney lesion existence", "kidney_left"),
    ("Dickdarmkarzinom vorhanden?", "colon lesion existence", "colon"),
    ("Schichtnummer der größten Nierenläsion?", "largest lesion slice", "kidney"),
    ("Estadificación T del carcinoma pancreático?", "pancreatic tumor staging", "pancreas"),
    ("A lesão renal é hipoatenuante em relação ao rim?", "largest lesion attenuation", "kidney"),
])
def test_more_clinical_words_of_other_languages(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize("question", [
    "Branch-duct IPMN on surveillance: is any pancreatic cyst still seen?",
    "Known IPMN, yearly follow-up. Is there a pancreatic lesion?",
])
def test_a_presence_asked_in_a_surveillance_setting_is_the_presence(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "pancreatic lesion existence"


def test_an_intraductal_lesion_is_no_ductal_carcinoma() -> None:
    from questions.intents import extract

    assert "pdac" not in extract("intraductal papillary mucinous neoplasm of the pancreas").lesion_kinds
    assert "pdac" in extract("pancreatic ductal adenocarcinoma").lesion_kinds
