"""Gates on how a question is framed, when the frame hides what it asks.

- "Explain whether / which / the ..." about this patient's finding asks the finding ("explain which kidney is bigger");
  "explain what steatosis is" or "explain the criteria for ..." stays a knowledge question (`rules.explains_finding`);
- a statement with a tag to confirm ("..., isn't it?", "..., right?", "..., correct?") asks what it states: a slice
  number states a slice, a number of lesions in a place a count there, a resectability or a kind of kidney mass that
  category;
- a report-template blank asks what the template names: "(n = ___)" a count, "___ (>, <, =)" which of two is larger;
- a cut-off or a reference stated before the asking clause ("< 40 HU is one commonly used cutoff; is this liver
  fatty?") is given, not asked: the category asked is the task, not the measurement or the ratio;
- arrow shorthand ("pancreatic tumor -> T?", "portal system -> hypertensive?") and a ranking order ("rank the
  segments by lesion volume") ask the category or the place named after the arrow or the order;
- a few lay or terse forms: "the biggest spot ... darker than the rest" (the largest lesion's attenuation), "which
  organ is the tumour up against" (the neighbour, whatever surgery is planned), "two kidneys differ much or not?"
  (asymmetry), "left kidney lesion count?" (a count in that kidney, the kidney named as the organ).
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise
from questions.cues import KNOWLEDGE
from questions.rules import explains_finding

TAG = re.compile(r"(,|\s-)?\s*(isn'?t (it|that|there)|aren'?t (they|there)|doesn'?t it|don'?t they|is it not|right|correct|"
                 r"yes|true|agreed|no|here|am i right|am i correct|is that (right|correct|true)|do you agree|confirm)\s*\??\s*$")
"""A tag asking to confirm the statement before it ("..., isn't it?", "..., right?", "..., am I right?"; `questions.spelling`
writes a trailing ", right?" as " here?")."""
QUESTION_OPENING = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|can|could|should|would|will|what|which|how|where|"
                              r"when|why|who|any|please|explain|tell|give)\b")
COUNT_WORD = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|only one)"
STATED_COUNT = re.compile(rf"\b{COUNT_WORD} (\w+ ){{0,2}}(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*|deposits?)\b")
STATED_SLICE = re.compile(r"\b(slice|section|image|level|axial slice|z)\s*(number |no\.? |index |#)?\s*~?\d+\b")
HU_AGAINST_ORGAN = re.compile(r"\b\d+(\.\d+)?\s*hu (below|above|lower|higher|less|more|darker|brighter|under|over)( than)? "
                              r"(the )?(surrounding |adjacent |background |rest of the )?(liver|hepatic|pancrea\w*|kidneys?|"
                              r"renal|spleen|parenchyma|organ)\b")
"""A lesion held a number of HU against its organ ("about 25 HU lower than the liver"): their difference."""
KIDNEY_KIND = re.compile(r"\b(rcc|renal cell|carcinoma|cancer|malignan\w*|benign|simple cyst|complex cyst|cyst|cystic|solid|"
                         r"angiomyolipoma|aml|oncocytoma|bosniak)\b")


def stated_for_confirmation(low: str) -> bool:
    """A statement with a tag to confirm ("The lesion sits in segment 5, right?"), not a question."""
    return bool(TAG.search(low)) and not QUESTION_OPENING.match(low)


def explained_finding(scores: dict[str, float], ask: Ask) -> None:
    """"Explain which kidney is bigger", "explain the grade of the splenomegaly": this patient's finding is asked."""
    if explains_finding(ask.low):
        penalise(scores, (KNOWLEDGE,), 0.45)


def confirmed_statement(scores: dict[str, float], ask: Ask) -> None:
    """A statement to confirm asks what it states: a slice, a count in a place, a category, a difference in HU; a
    presence or an absence stated ("No renal cysts, right?") is left to the existence tasks."""
    low = ask.low
    if not stated_for_confirmation(low):
        return
    statement = TAG.sub("", low)
    if re.search(r"\b(no|none|without|free of|absent|any|nothing|is seen|are seen|present|exists?)\b", statement):
        return  # "No renal cysts, right?", "There is no liver lesion, correct?": a presence or an absence to confirm
    if STATED_SLICE.search(statement) and ask.lesion_named:
        boost(scores, "largest lesion slice", 0.25)
        penalise(scores, ("largest lesion diameter", "largest lesion location"), 0.1)
    elif STATED_COUNT.search(statement):
        boost(scores, "lesion count by location" if ask.ents.location else "lesion counting", 0.2)
        penalise(scores, ask.existence_tasks(), 0.15)
    if re.search(r"\b(un)?resectable|operable|inoperable\b", statement):
        boost(scores, "pancreatic lesion resectability", 0.15)
        penalise(scores, ask.existence_tasks(), 0.1)
    if ask.organs == ["kidney"] and ask.lesion_named and KIDNEY_KIND.search(statement) and not STATED_COUNT.search(
            statement):
        boost(scores, "renal mass characterization", 0.15)
        penalise(scores, (*ask.existence_tasks(), "lesion type classification"), 0.1)


def difference_in_hu(scores: dict[str, float], ask: Ask) -> None:
    """"The largest lesion is ~30 HU below the liver": the lesion's difference from its organ, in HU."""
    if ask.lesion_named and HU_AGAINST_ORGAN.search(ask.low):
        boost(scores, "tumor organ HU difference", 0.15)
        penalise(scores, ("largest lesion attenuation", "organ HU measurement"), 0.08)


SIZE_RELATION = (r"\bsize relation(ship)?s?\b|\brelation(ship)? (in|of) (their )?sizes?\b|\brelat\w* (to each other |to one "
                 r"another )?(in|by) (size|volume)\b|\b(relative|respective) (sizes?|volumes?)\b")
"""The kidneys' sizes set against each other without asking which is larger: their symmetry."""
SIDES_COMPARED = (r"\b(left|right) (kidney|renal)( volume| size)? (larger|bigger|greater|smaller|less|more) than (or equal to )?"
                  r"(that of )?(the )?(left|right) (kidney|renal)\b")
"""One kidney set against the other ("right kidney volume larger than left kidney volume", the symbols spelled out)."""
TEMPLATE_COUNT = re.compile(r"\bn\s*=\s*_{2,}|\b(count|number|total|n)\s*[:=]?\s*_{2,}")
TEMPLATE_COMPARE = re.compile(r"_{2,}[^_]{0,60}(\(\s*)?[<>=]\s*,\s*[<>=]|[<>=]\s*,?\s*[<>=]\s*(,|or)\s*[<>=]")


def template_blank(scores: dict[str, float], ask: Ask) -> None:
    """A report template's blank asks what the template names: a count, or which of two is larger."""
    low = ask.low
    if TEMPLATE_COUNT.search(low) and ask.lesion_named:
        located = ask.ents.location or re.search(r"\b(segment|head|neck|body|tail|uncinate|lobe|pole)\b", low)
        boost(scores, "lesion count by location" if located else "lesion counting", 0.3)
        penalise(scores, ask.existence_tasks(), 0.15)
    elif "_" in low and TEMPLATE_COMPARE.search(low) and ask.organs == ["kidney"] and len(ask.ents.sides) >= 2:
        boost(scores, "kidney volume comparison", 0.3)
        penalise(scores, ("organ volume measurement", "organ enlargement", "organ aggregation"), 0.15)


STATED_REFERENCE = re.compile(r"\b(\d+(\.\d+)?\s*(hu|%)?|cut-?offs?|thresholds?|definitions?|reference|criteri\w*)\b")
CATEGORY_ASKED = re.compile(r"\b(fatty|fat|steato\w*|fatty infiltration|qualif\w*|meets?|definition)\b")


def stated_cutoff(scores: dict[str, float], ask: Ask) -> None:
    """A cut-off or a reference stated before the asking clause is given: the category asked is the task."""
    clauses = [c for c in re.split(r"[;.:]\s+|\s[-–—]\s", ask.low) if c.strip()]
    if len(clauses) < 2 or not CATEGORY_ASKED.search(clauses[-1]) or not re.search(r"\b(fat\w*|steato\w*)", clauses[-1]):
        return
    if any(STATED_REFERENCE.search(c) for c in clauses[:-1]) and not re.search(
            r"\b(what|how much|value|number|ratio of this)\b", clauses[-1]):
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.2)


ARROW = re.compile(r"\s*(->|→|=>|⇒|>>)\s*")
RANKED_PLACES = re.compile(r"\b(rank|order|sort|list)\w* (the )?(\w+ ){0,2}(segments|parts|lobes|sectors|sections|regions)\b"
                           r"[^?]{0,40}\bby\b")


def shorthand(scores: dict[str, float], ask: Ask) -> None:
    """Arrow shorthand and a ranking order: what follows the arrow or the order is asked."""
    low = ask.low
    after = ARROW.split(low, maxsplit=1)[-1] if ARROW.search(low) else ""
    if after and not re.search(r"\b(present|presence|any|there|seen|visible|yes|exists?|evidence)\b", after):
        penalise(scores, ask.existence_tasks(), 0.15)  # "X -> Y?" asks Y of X: X itself is given
    if re.fullmatch(r"\s*(t|t stage|t category)\s*\??\s*", after) or re.search(r"\bt(?: stage| category)?\s*[:=]\s*\?", low):
        boost(scores, "pancreatic tumor staging", 0.45)  # "-> T?", "T = ?" name the T category outright
        penalise(scores, ask.existence_tasks(), 0.1)
    if after and re.search(r"\bportal\b", low) and re.search(r"\bhypertensi\w*", after):
        boost(scores, "portal hypertension assessment", 0.2)
        penalise(scores, (KNOWLEDGE,), 0.3)
    if RANKED_PLACES.search(low) and re.search(r"\b(lesion|tumou?r|metasta\w*|disease)\w* (volume|burden|load)\b", low):
        boost(scores, "inter-segment comparison", 0.2)
        penalise(scores, ("liver lesion clustering", "lesion counting", "lesion count by location",
                          "lesion volume measurement"), 0.1)  # the places are ranked; the volume is how


def lay_and_terse(scores: dict[str, float], ask: Ask) -> None:
    """Lay and terse forms: the biggest spot darker than the rest, the organ a tumour is up against, two kidneys that
    differ much or not, a side's lesion count."""
    low = ask.low
    if ask.ents.largest and re.search(r"\b(darker|lighter|brighter|paler|denser)\b[^?]{0,30}\b(than|compared)\b", low) and \
            not re.search(r"\b\d+(\.\d+)?\s*hu\b", low):
        boost(scores, "largest lesion attenuation", 0.15)
        penalise(scores, ask.existence_tasks(), 0.1)
    if re.search(r"\b(which|what) (\w+ ){0,2}(organ|structure)s?\b", low) and re.search(
            r"\b(adjacent|against|abut\w*|touch\w*|contact|pressed|next to|border\w*|neighbou?r\w*)\b", low):
        boost(scores, "adjacent organ", 0.15)
        penalise(scores, ("pancreatic lesion resectability", "pancreatic cyst resectability"), 0.15)
    if ask.organs == ["kidney"] and not ask.lesion_named and re.search(r"\bdiffer(s|ent)?\b", low) and not re.search(
            r"\b(which|what|how|in (ml|cc|cubic))\b", low):  # "by how many mL", "what is the difference": a value asked
        boost(scores, "bilateral kidney asymmetry", 0.2)  # whether they differ, not which is larger
        penalise(scores, ("kidney volume comparison",), 0.2)
    if ask.organs == ["kidney"] and not ask.lesion_named and re.search(SIDES_COMPARED, low):
        boost(scores, "kidney volume comparison", 0.15)  # "right kidney volume > left kidney volume?" (symbols spelled
        penalise(scores, ("organ volume measurement", "organ aggregation", "organ enlargement"), 0.12)  # out): which
    if ask.organs == ["kidney"] and not ask.lesion_named and re.search(SIZE_RELATION, low):
        boost(scores, "bilateral kidney asymmetry", 0.2)  # "Describe the size relationship between the two kidneys":
        penalise(scores, ("organ aggregation", "organ volume measurement", "organ enlargement"), 0.15)  # their symmetry
    if re.match(r"\s*(left|right) kidney:? (\w+ )?(lesion|tumou?r|mass|cyst)s? (count|number|tally)\b|\s*(left|right) kidney: "
                r"(number|count) of (lesion|tumou?r|mass|cyst)", low):
        boost(scores, "lesion counting", 0.15)  # the kidney named as the organ counted in, not a place within it
        penalise(scores, ("lesion count by location",), 0.1)


GATES = (explained_finding, confirmed_statement, difference_in_hu, template_blank, stated_cutoff, shorthand, lay_and_terse)
"""In the order `questions.gates.apply` runs them, after the head gates."""
