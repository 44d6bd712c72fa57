"""Gates on what the options say when the stem leaves the task open ("Classify the lesion.", "Which describes the
kidneys?", "Where is it?"): the option vocabulary names the task.

- every option a pancreatic diagnosis (PDAC, PNET, adenocarcinoma, neuroendocrine) and none a statement of presence:
  the PDAC-or-PNET classification, not the lesion's general type;
- options of symmetry ("Symmetric", "Asymmetric"): the kidneys' symmetry, not which kidney is larger;
- an organ's size states ("atrophic / normal size / enlarged"): whether it is enlarged, not its volume;
- places offered to a stem asking where ("Where is it? A) pancreatic head B) body C) tail"): the largest lesion's
  place, not two places compared;
- hypo-, iso- and hyperattenuating offered for a lesion set against its own organ ("relative to the surrounding
  kidney parenchyma, how does the largest tumour appear?"): the lesion's attenuation against its organ, not the
  renal mass's HU category ("hyperattenuating cyst > 70 HU"), even beside a "fat-containing" option;
- counts of lesions offered ("1 renal lesion", "2 or more in segment VIII"): counting, by location when the options name
  a place;
- a finding against its absence ("Renal cyst" / "No renal cyst", "Pancreas" / "Nowhere in the pancreas"): the finding's
  existence, not its type, place or neighbour;
- a distribution offered ("Clustered in one segment" / "Scattered across segments"): the lesions' clustering;
- T categories offered ("T1 (<= 2 cm)" ... "T4"): the tumour's T stage;
- a lesion's natures offered ("cystic / solid / calcified"): its type.
"""

from __future__ import annotations

import re
from typing import Any

from questions.ask import Ask, boost, penalise
from questions.intents.answers import CYST_OPTION
from questions.rules import names_rule_itself

KNOWLEDGE_TASK = "knowledge question"

PANCREATIC_DIAGNOSIS = r"\b(pdac|p?nets?|(ductal )?adenocarcinoma|neuroendocrine|islet[- ]cell)\b"
PRESENCE = r"\b(present|absent|no|not|yes|seen|detected|none|without)\b"
"""A statement of presence ("PNET present", "No PNET"): the finding's existence is asked, not a diagnosis."""
SYMMETRY = r"\b(a?symmetr\w*|equal|unequal)\b"
PLACES = (r"\b(head|neck|body|tail|uncinate|segments?|lobes?|dome|hilum|(upper|lower) pole|interpolar|"
          r"ascending|descending|transverse|sigmoid|caecum|cecum|rectum|(left|right) kidney)\b")
WHERE = (r"^\s*(where|which (part|place|site|location|region|segment|lobe))\b|\blocat\w*\b|"
         r"\b(is|are|lies|lie|sits?|found) (in|on) the\s*[:.]?\s*$")
"""A stem asking where, or a sentence to complete with a place ("The largest renal lesion is in the")."""
NEITHER_PLACE = r"^\s*(both|neither|equal\w*|none|no \w+|nowhere|cannot|not)\b"
"""An option beside the places that names none of them ("both equally", "no lesion")."""


LARGEST_NAMED = re.compile(r"\b(dominant|largest|biggest|main|index|principal|most prominent)\b", re.IGNORECASE)
TUMOUR_SAID = re.compile(r"\b(solid|mass(es)?|tumou?rs?|cancers?|carcinomas?|neoplasms?|pdac|pnet|nodules?)\b",
                         re.IGNORECASE)
"""A word calling the lesion asked a tumour ("the pancreatic mass"): its largest solid one is asked."""


def largest_of_any_kind(text: str, choice_set: Any) -> bool:
    """Whether pancreatic diagnoses offered with a cyst option ask the group's largest lesion whatever its kind: the
    question names the dominant or largest lesion without calling it solid ("Classify the dominant pancreatic lesion.
    A. PNET B. PDAC C. Cystic lesion", suite AN) - its type, a cyst among them; "the pancreatic mass" asks the
    largest solid one's diagnosis."""
    stem = text.split("\n", 1)[0]
    options = [o.text for o in choice_set.options] if choice_set is not None else []
    return bool(LARGEST_NAMED.search(stem)) and not TUMOUR_SAID.search(re.sub(r"\([^)]*\)", " ", stem)) and any(
        CYST_OPTION.match(o) for o in options) and any(re.search(PANCREATIC_DIAGNOSIS, o.lower()) for o in options)


def diagnoses_offered(scores: dict[str, float], ask: Ask) -> None:
    """Pancreatic diagnoses as every option: the PDAC-or-PNET classification."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    named = [o for o in options if re.search(PANCREATIC_DIAGNOSIS, o)]
    both = len(named) >= 2 and any(re.search(r"\b(pdac|adenocarcinoma)\b", o) for o in named) and any(
        re.search(r"\b(pnet|neuroendocrine)\b", o) for o in named) and (
        re.search(r"\bsolid\b|\benhanc|\bclassif|\bcharacteri[sz]|\bdiagnos", ask.low)
        or any(re.search(r"\b(hypo|hyper)\w*", o) for o in named))  # "PDAC (hypoattenuating) / PNET
    # (hyperattenuating) / Cystic lesion": the diagnoses by their attenuation, the PDAC-or-PNET rule
    if len(options) >= 2 and (all(re.search(PANCREATIC_DIAGNOSIS, o) for o in options) or both) and not any(
            re.search(PRESENCE, o) and re.search(PANCREATIC_DIAGNOSIS, o) for o in options):  # "No PNET" asks its
        # presence; "No pancreatic lesion" beside the diagnoses is the answer when there is none  # "the solid pancreatic lesion? PNET / PDAC / Mucinous cystic
        # neoplasm / Pseudocyst": which solid tumour (a cyst offered with no solid lesion named asks the lesion's type)
        boost(scores, "PDAC vs PNET classification", 0.2)
        penalise(scores, ("lesion type classification", "renal mass characterization", *ask.existence_tasks()), 0.15)


def symmetry_offered(scores: dict[str, float], ask: Ask) -> None:
    """"Symmetric" against "Asymmetric" offered: the kidneys' symmetry, not which is larger."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    if len(options) >= 2 and sum(bool(re.search(SYMMETRY, o)) for o in options) >= 2 and not ask.lesion_named:
        both = any(re.search(r"\b(asymmetr|unequal)", o) for o in options) and any(
            re.search(r"\b(symmetr|equal)", o) for o in options)  # the finding and its opposite: symmetry is asked
        boost(scores, "bilateral kidney asymmetry", 0.2 if both else 0.12)
        penalise(scores, ("kidney volume comparison", "organ enlargement"), 0.2 if both else 0.12)


SIZE_STATES = {"enlarged": r"\b(enlarged|large|big|increased)\b", "normal": r"\bnormal\b", "small": r"\b(small|atroph\w*|shrunk\w*)\b"}


def size_states_offered(scores: dict[str, float], ask: Ask) -> None:
    """An organ's size states offered ("atrophic / normal size / enlarged", "The kidneys are enlarged / normal in size /
    small"): whether it is enlarged, not its volume nor one kidney against the other."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    said = {state for o in options for state, pattern in SIZE_STATES.items() if re.search(pattern, o)}
    if {"enlarged", "normal"} <= said and not ask.lesion_named and not any(re.search(SYMMETRY, o) for o in options):
        boost(scores, "organ enlargement", 0.12)
        boost(scores, "splenomegaly detection", 0.12)
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry", "organ volume measurement"), 0.12)


def places_offered(scores: dict[str, float], ask: Ask) -> None:
    """Places offered to a stem asking where: the largest lesion's place, one of them, not two compared."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    placed = [o for o in options if re.search(PLACES, o)]
    if len(placed) >= 2 and all(o in placed or re.search(NEITHER_PLACE, o) for o in options) and re.search(
            WHERE, ask.opening or ask.low):
        boost(scores, "largest lesion location", 0.12)
        penalise(scores, ("inter-segment comparison", "multi-organ lesion burden comparison"), 0.12)


ATTENUATION = r"\b(hypo|iso|hyper)[- ]?(attenuat\w*|dens\w*|enhanc\w*)"
AGAINST_ORGAN = (r"\b(relative to|compared (with|to)|(in )?comparison (with|to)|than|versus|vs\.?|against)\b[^?.]{0,40}"
                 r"\b(parenchyma|surrounding|background|host|organ|liver|kidneys?|renal|pancrea\w*|spleen)\b")


def attenuation_against_organ(scores: dict[str, float], ask: Ask) -> None:
    """Attenuation categories offered for a lesion set against its organ: the largest lesion's attenuation."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    if sum(bool(re.search(ATTENUATION, o)) for o in options) >= 2 and re.search(AGAINST_ORGAN, ask.low):
        boost(scores, "largest lesion attenuation", 0.15)
        penalise(scores, ("renal mass characterization", "lesion type classification"), 0.15)


FINDING = (r"\b(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*|mets|pdac|p?nets?|carcinoma|adenocarcinoma|cancer|"
           r"neoplasm|focal)\b")
COUNTED = (rf"^\s*(\d+|no|zero|none|one|two|three|four|five|single|solitary|multiple)\b[^,;]{{0,30}}{FINDING}|"
           r"^\s*(\d+|zero|none|one|two|three|four|five|six)\s*(\+|or more|or fewer)?\s*$")
"""An option that is a count: of a finding ("two lesions"), or bare ("3", "three or more", "none") - a bare one is a count
only where the stem asks how many (`counts_offered`)."""
ABSENT = r"^\s*(no|none|nowhere|absent|not (present|seen)|without)\b"
DISTRIBUTION = r"\b(cluster\w*|scatter\w*|grouped|spread|dissemin\w*|diffuse\w*|confined|(one|single|same) segment)\b"


def _options(ask: Ask) -> list[str]:
    return [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []


def counts_offered(scores: dict[str, float], ask: Ask) -> None:
    """Counts of lesions offered: counting, in a place when the options name one; not places compared."""
    from questions.gates_kind import SLICE_ASK

    options = _options(ask)
    if len(options) < 2 or not all(re.search(COUNTED, o) for o in options) or not any(re.search(FINDING, o) or re.search(
            r"\b(how many|count\w*|number)\b", ask.low) for o in options) or re.search(SLICE_ASK, ask.low):
        return  # "which image number ... ? A) 29 B) 45": a slice's number, no count
    placed = all(re.search(PLACES, o) for o in options) or bool(re.search(PLACES, ask.low))
    boost(scores, "lesion count by location" if placed else "lesion counting", 0.15)
    penalise(scores, ("inter-segment comparison", "largest lesion location", "lesion type classification",
                      "liver lesion clustering", *ask.existence_tasks()), 0.2)


BARE_ABSENCE = r"\s*(no|none|absent|not (present|seen|detected|identified)|nothing( seen)?|negative)\s*[.!]?\s*"
"""An option that is the absence alone ("Absent", "Not seen"): of the finding the stem names."""


def absence_offered(scores: dict[str, float], ask: Ask) -> None:
    """A finding (or its organ) against its absence: the finding's existence, not its type, place or neighbour."""
    options = _options(ask)
    absent = [o for o in options if re.search(ABSENT, o) and (re.search(FINDING, o) or re.search(r"\bnowhere\b", o) or (
        ask.lesion_named and re.fullmatch(BARE_ABSENCE, o) and "yes" not in options))]  # "yes / no" asks the stem's own  # "No cyst", "Nowhere in the pancreas"; "Absent" to "Kidney cyst?"
    present = [o for o in options if o not in absent]
    if len(options) < 2 or not absent or not present or re.search(r"\b(fat\w*|steato\w*|enlarg\w*|megaly|normal)\b",
                                                                 " ".join(options)):
        return  # an absence of something else ("Absent kidney") is one more option, not the finding's absence
    if sum(bool(re.search(PANCREATIC_DIAGNOSIS, o) or re.search(LESION_NATURES, o)) for o in present) >= 2:
        return  # "Cystic lesion / PDAC / PNET / No pancreatic lesion": the lesion's kind, "none" beside the kinds
    if any(re.search(PLACES, o) for o in present) or re.search(r"\b(more|most|fewer|versus|vs|than)\b", ask.low):
        return  # "Head / Body / Tail / No tumour": where the lesion lies, "none" among the places; "more lesions in:
        # Right / Left / Equal / No lesions": the places compared
    for task in ask.existence_tasks():
        boost(scores, task, 0.12)
    penalise(scores, ("lesion type classification", "largest lesion location", "adjacent organ", "inter-segment comparison",
                      "renal mass characterization", "PDAC vs PNET classification", "multi-organ lesion burden comparison",
                      "lesion count by location", "bilateral kidney asymmetry", "kidney volume comparison"), 0.2)


def distribution_offered(scores: dict[str, float], ask: Ask) -> None:
    """A distribution of the lesions offered (clustered against scattered): their clustering."""
    if sum(bool(re.search(DISTRIBUTION, o)) for o in _options(ask)) >= 2:
        boost(scores, "liver lesion clustering", 0.15)
        penalise(scores, ("lesion type classification", "inter-segment comparison", "lesion count by location"), 0.12)


T_CATEGORY = r"^\s*\(?(p|c|y)?t\s?[0-4x][a-c]?\b"


def stages_offered(scores: dict[str, float], ask: Ask) -> None:
    """T categories offered ("T1 (<= 2 cm)", "T2 (2-4 cm)", ...): the tumour's T stage, whatever the stem says."""
    if sum(bool(re.search(T_CATEGORY, o)) for o in _options(ask)) >= 2:
        boost(scores, "pancreatic tumor staging", 0.2)
        penalise(scores, ("multi-organ lesion burden comparison", "kidney volume comparison", "bilateral kidney asymmetry",
                          "organ volume measurement", "largest lesion diameter", "portal hypertension assessment",
                          *ask.existence_tasks()), 0.15)


LESION_NATURES = r"\b(cyst\w*|solid|calcifi\w*|fat-containing|fatty|mixed|soft[- ]tissue|fluid)\b"


NO_LESION = r"^\s*(no|not|none|neither|nothing|absent)\b"
"""An option offering no finding ("No lesion", "Not present") beside the natures."""


def natures_offered(scores: dict[str, float], ask: Ask) -> None:
    """A lesion's natures offered ("cystic / solid / calcified / fat-containing"): its type, not its attenuation category
    nor what to do with it (a renal mass's HU categories - simple cyst, indeterminate, hyperattenuating - aside)."""
    options = _options(ask)
    natures = [o for o in options if re.search(LESION_NATURES, o) or re.search(PANCREATIC_DIAGNOSIS, o)]
    rest = [o for o in options if o not in natures]  # "No lesion", "Not present": beside the natures, the answer if none
    if len(natures) >= 2 and any(re.search(LESION_NATURES, o) for o in natures) and all(
            re.match(NO_LESION, o) for o in rest) and not any(
            re.search(r"\b(indeterminate|bosniak|present|absent|no|resect\w*)", o) or (
                re.search(r"\b(hyper|hypo|iso)", o) and not re.search(r"\bsolid\b", o)) for o in natures):  # a solid
        # lesion by its attenuation ("Hypoattenuating solid lesion") is a nature; "Hyperattenuating" alone a category
        boost(scores, "lesion type classification", 0.12)  # "Cyst / PDAC / PNET": a cyst beside the diagnoses is no PDAC-or-PNET question
        penalise(scores, ("largest lesion attenuation", "pancreatic lesion resectability", "pancreatic cyst resectability",
                          "PDAC vs PNET classification", "pancreatic tumor staging",
                          *(("renal mass characterization",) if "kidney" not in ask.organs else ()),
                          *(ask.existence_tasks() if rest else ())), 0.12)


RESPONSE_CATEGORY = r"\b(cr|pr|sd|pd|complete response|partial response|stable disease|progressive disease|progression)\b"


def response_categories(scores: dict[str, float], ask: Ask) -> None:
    """RECIST categories offered ("CR / PR / SD / PD", "Is it PR?"): the response, whatever else the stem says; a
    category's definition asked is a knowledge question, left to the rule gates."""
    if names_rule_itself(ask.low):
        return  # "Per RECIST, PD means an increase of at least:" asks the rule
    offered = sum(bool(re.fullmatch(rf"\s*{RESPONSE_CATEGORY}\W*", o)) for o in _options(ask))
    written = len(set(re.findall(r"\b(cr|pr|sd|pd)\b", ask.low)))
    if offered >= 2 or written >= 3 or re.search(r"\b(is|was|would) (it|this|that)( be)? (a |an )?(cr|pr|sd|pd)\b", ask.low):
        scores["recist response"] = max(scores.values()) + 0.1  # the categories are RECIST's alone


UP = (r"\b(increas\w*|grown|grew|bigger|larger|gone up|went up|rose|risen|enlarg\w*|worse|progress\w*|new ones?|"
      r"zunahme|gr[öo]sser|aument\w*|augment\w*|mayor)\b|^\s*\+\s*\d")
DOWN = (r"\b(decreas\w*|shr[iu]nk\w*|smaller|gone down|went down|fell|fallen|reduc\w*|disappear\w*|regress\w*|better|"
        r"abnahme|kleiner|disminu\w*|diminu\w*|menor)\b|^\s*[-−]\s*\d")


def change_offered(scores: dict[str, float], ask: Ask) -> None:
    """Options that say which way a value went ("Gone down by more than 200 mL / Gone up / Still about the same",
    "Abnahme > 20 % / Zunahme > 20 %"): a change since an earlier study is asked, the organ's own volume change when no
    lesion is named, else the lesions' change or their response."""
    options = _options(ask)
    up = [o for o in options if re.search(UP, o) and not re.search(DOWN, o)]
    down = [o for o in options if re.search(DOWN, o) and not re.search(UP, o)]
    if len(options) < 2 or not up or not down or re.search(r"\b(than (normal|expected|usual)|larger|bigger|smaller) (one|"
                                                          r"kidney|side|organ)\b", " ".join(options)):
        return  # "Left larger / Right larger" picks a side; "larger than normal" holds a limit of normal
    if ask.lesion_named:
        boost(scores, "lesion change", 0.3)
        boost(scores, "recist response", 0.3)
    else:
        boost(scores, "organ volume change", 0.35)
    penalise(scores, ("organ volume measurement", "organ enlargement", "splenomegaly detection", KNOWLEDGE_TASK,
                      "lesion counting", "largest lesion diameter", "kidney volume comparison"), 0.1)


def yes_or_no_offered(scores: dict[str, float], ask: Ask) -> None:
    """Yes and No among the options (beside hedges: "Equivocal", "Not evaluable"): the stem asks whether something holds,
    not which type a lesion is ("Does the pancreas contain a hyperenhancing solid lesion suggesting a PNET? Yes / No")."""
    options = ask.choice_set.options if ask.choice_set is not None else []
    if not ({True, False} <= {o.yes_no for o in options}) or not ask.lesion_named or not re.search(
            r"\b(contains?|shows?|demonstrates?|harbou?rs?|is there|are there|any)\b[^?]*?\ban?\b", ask.low):
        return  # "Is the renal mass solid? Yes / No" asks the given lesion's kind: only a presence stem is about one
    penalise(scores, ("PDAC vs PNET classification", "lesion type classification", "renal mass characterization",
                      "largest lesion attenuation"), 0.2)  # (which finding is asked - existence, stage, resectability,
    # fat - the stem decides)


def verdicts_offered(scores: dict[str, float], ask: Ask) -> None:
    """Options that are findings, none a number ("Fatty liver (hepatic steatosis)" / "No fatty liver" / "Hepatic iron
    overload"): a verdict is asked, whatever measurement the stem names as its means ("using liver attenuation and the
    liver/spleen ratio"), so no task that answers a bare number."""
    options = _options(ask)
    if len(options) < 2 or any(re.search(r"\d|\b(one|two|three|four|five|single|solitary|multiple|several|many)\b", o)
                               for o in options) or re.search(r"\bhow (many|much)\b|\bcount|\bnumber\b", ask.low):
        return  # "No pancreatic lesion" / "One pancreatic lesion" / "Two ...": counts offered, not verdicts
    if not any(re.search(ABSENT, o) for o in options) and not any(re.search(r"\b(fat\w*|steato\w*|megaly|enlarg\w*)\b", o)
                                                                 for o in options):
        return
    penalise(scores, (task for task, form in ask.forms.items() if form == "number"), 0.25)


GATES = (verdicts_offered, response_categories, change_offered, stages_offered, natures_offered, diagnoses_offered, symmetry_offered, size_states_offered, places_offered, attenuation_against_organ, counts_offered,
         absence_offered, distribution_offered, yes_or_no_offered)
