"""Gates on the kind of answer a question asks, where tasks share a finding but not the ask.

- a grade needs a severity word ("how severe", "degree", "mild, moderate or severe"); a graded
  finding asked without one asks its presence (`fatty liver`, `splenomegaly detection`);
- an outlier needs one lesion compared with the others;
- "darker, brighter or similar" offers categories: not a yes/no question;
- a comparison of segments names segments; the largest lesion's place is not such a comparison; "the image on which" asks a slice;
- a comparison of kidneys asks which is larger, "do they differ?", "is there a difference?" ask symmetry;
- "what kind of lesion?" asks a category, not a number;
- "the surrounding pancreas" is the lesion's own organ, not a neighbour;
- a kidney lesion's HU category (simple cyst, Bosniak) is renal mass characterization;
- a yes/no question asks no number unless it says how much.
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise
from questions.cues import ATTENUATION_ADJECTIVE, NUMERIC_ASK
from questions.gates_head import PRESENCE_HEAD
from questions.intents import ChoiceSet, extract, locations_of

SEVERITY = (r"\b(grade[ds]?|grading|severity|how (severe|much|bad|marked|advanced|intense|pronounced|extensive|serious|enlarged|fatty|steatotic|big is the \w+ "
            r"enlarged)|degree|stage|staging|extent|mild\w*|moderate\w*|severe\w*|massive\w*|marked\w*|g[0-3]|"
            r"(which|what) (\w+ ){0,3}(category|class|band|tier)|categories|classes|grades|fattiness|"
            r"(enlargement|size|steatosis) (category|class|grade|band)|a (little|bit|little bit) (big|large|enlarged)|"
            r"(very|really|hugely|massively) (big|large|enlarged))\b")
"""Words asking a severity: a grade, a category, a degree; in lay words too ("a little bit big or very big?")."""
STEATOSIS = r"\b(fat\w*|steato\w*|nafld|masld|infiltrat\w*)\b"
OUTLIER = (r"\b(outlier|outsized|disproportion\w*|stand\w* out|dominat\w*|(none|one|no single|any) (is )?dominant|(same|similar|uniform|equal|comparable)"
           r" (in )?size|(much|far|way|markedly|significantly) "
           r"(larger|bigger)|than (all )?(the )?(others?|rest|next|second|remaining)|dwarf\w*|the others|the rest|other "
           r"(lesions|tumou?rs|masses|ones)|(second|next)[- ](largest|biggest)|among|relative to the other)\b")
UNLIKE_THE_REST = (r"\b(odd[- ]one([- ]out)?|atypical|unlike (the )?(others|rest)|behav\w* differently|"
                   r"(\d+(\.\d+)?|two|three|four|five|ten|several|many) ?(times|x|fold) (the size of|as (large|big) as|"
                   r"(larger|bigger) than) (the )?(next|others?|rest|second|remaining|runner[- ]up)|"
                   r"(differ\w*|different|stands? out|deviat\w*) from (all )?(the )?(others|rest)|"
                   r"(any|a) (single )?one (of (them|these|those|the \w+( \w+)?) )?(is |that is |looks? |seems? |appears? )?"
                   r"(different|behaving|standing out|stands? out|unusual|atypical)|"
                   r"compared (with|to) the (others|rest)|(which|what) one (of them )?is different|"
                   r"(any|a|one) (single )?one (of (them|these|those) )?(that )?(does ?n['’]?t|does not) (match|fit)|"
                   r"\b(one|any|lesion) (that|which) (does ?n['’]?t|does not) (match|fit|belong)|"
                   r"(does ?n['’]?t|does not|do not|don['’]?t|fails? to) (match|fit|follow|share|resemble) (\w+ ){0,4}(others|rest)|"
                   r"(lesion|tumou?r|mass|nodule|cyst|one) (that|which) ((is|looks|seems|appears) (different|unusual|atypical)|"
                   r"stands? out|differs))\b")
"""One lesion set against the others of its group: the lesion outlier question."""
# Three or more offered alternatives: "darker, brighter or similar", "head, body or tail".
OFFERED = re.compile(r"\b([\w-]+), ([\w-]+ )?[\w-]+,? or ([\w-]+)\b")
BURDEN_WORDS = (r"\b(more|most|fewer|burden|load|number|how many|count\w*|involved|affected|heav\w*|lesions)\b|"
                r"\b(lesion|tumou?r) (volume|burden|load)\b|\b(volume|amount|quantity) of (the )?(\w+ )?(tumou?r|lesions?|disease|"
                r"metasta\w*)\b")
SLICE_ASK = (r"\b(slice|section|image|level|plane)s? (number |index )?(on|at|in|where) which\b|\bz[- ]?(index|level|"
             r"position|coordinate|value)\b|\b(which|what) (axial )?(slice|section|image|level|plane|cut(?!-))\b|\b(slice|image) (number|index|no\.?)\b|"
             r"\b(slice|section)s? (where|that|showing|with (the )?(max\w*|largest|greatest|biggest|widest)|of (the )?(max\w*|"
             r"largest|greatest|biggest|widest))\b|^\s*(the )?(axial )?(slice|section)\b|\b(give|name|find|report|"
             r"identify|tell)( me| us)? the (axial )?(slice|section|level)\b|\b(key|index|reference) (image|slice)\b|"
             r"\bimage slice\b|\baxial image (where|on which|in which|at which|that|showing|of)\b|\b(on|in) which axial image\b")
"""A slice asked: "which slice", "the slice where it is widest", "Slice of max lesion diameter?", "the axial image
number where the lesion reaches its maximum diameter" (a key image)."""
OWN_ORGAN = (r"\b(surrounding|background|adjacent normal|normal|host|rest of the) (liver|hepatic|pancrea\w*|kidney|"
             r"renal|parenchyma|organ|tissue)\b")
HU_WORDS = r"\b(hu|hounsfield|attenuation|density|densities)\b"
HU_CATEGORY = (r"\b(categor\w*|bosniak|simple cyst|characteri\w*|what is the (\w+ ){0,3}(lesion|mass)|what is it|kind|type|"
               r"sort|class|bucket|bin|group)\b")
SOLID_OR_CYST = r"\b(solid|tumou?r or|or (an? )?(solid|tumou?r)|cystic or|or cystic)\b"
POLAR = r"\s*(is|are|does|do|has|have|can|could|should|would|will|might|was|were|any)\b|[^?]*\b(present|absent|evident|visible)\b"


FATTY_LIVER_SCALE = r"\bmoderate(?:[- ]to[- ]|[-/])severe\b"
"""Moderate and severe as one category ("none / mild / moderate-to-severe"): the fatty-liver criterion's own scale,
not the G0-G3 steatosis grade."""


def severity_or_presence(scores: dict[str, float], ask: Ask) -> None:
    """A grade needs a severity word in the question or its options; a graded finding without one asks presence;
    fat graded on the fatty-liver scale ("mild or moderate-to-severe?") asks that finding's category."""
    severity = ask.has(SEVERITY, with_options=True)
    if not severity:
        penalise(scores, ("hepatic steatosis grading", "splenomegaly grading"), 0.12)
        return
    if ask.has(STEATOSIS) and ask.has(FATTY_LIVER_SCALE, with_options=True) and not ask.has(r"\bgrad(e|ed|ing)\b|\bg[0-3]\b"):
        boost(scores, "fatty liver", 0.12)
        penalise(scores, ("hepatic steatosis grading",), 0.12)
        return
    if ask.has(STEATOSIS) and not ask.choice_set:
        boost(scores, "hepatic steatosis grading", 0.08)
        penalise(scores, ("fatty liver",), 0.05)
    elif "spleen" in ask.organs and not ask.choice_set:
        boost(scores, "splenomegaly grading", 0.06)
        if ask.has(r"\b(mild|moderate|severe|massive|marked)\w* (\w+ ){0,2}spleno|\bspleno\w*( \w+){0,3} (mild|moderate|"
                   r"severe|massive|marked|gross)\w*"):
            boost(scores, "splenomegaly grading", 0.08)  # "Is this massive splenomegaly?", "Is the splenomegaly
            # severe?" name a grade
        if ask.has(r"^\s*(which|what)\b"):
            penalise(scores, ("splenomegaly detection",), 0.05)  # "which category ...?" asks the grade, not presence


def one_among_others(scores: dict[str, float], ask: Ask) -> None:
    """An outlier compares one lesion with the others."""
    if not ask.has(OUTLIER) and not ask.has(UNLIKE_THE_REST):
        penalise(scores, ("lesion outlier",), 0.12)


def offered_categories(scores: dict[str, float], ask: Ask) -> None:
    """A question offering three or more alternatives asks which one, not yes or no (organs aside)."""
    match = OFFERED.search(ask.low)
    if match is None or len(extract(match.group(0)).organs) >= 2 or re.search(r"\b(yes|no)\b", match.group(0)):
        return
    if re.search(r"\banywhere\b|\b(is|are) there (any|anything|something)\b", ask.low) or PRESENCE_HEAD.match(ask.opening):
        return  # "Head, body or tail: is there anything focal anywhere?", "Is there a mass - neck, body or tail?": every
        # part named, presence asked
    penalise(scores, ask.yes_no_tasks(), 0.1)


def largest_placed(ask: Ask) -> bool:
    """Whether the question asks where the largest lesion lies (a lesion named; no lesion count or burden compared):
    "which sub-segment is largest?" names no lesion and compares the sub-segments' own size."""
    asked = re.sub(r"^\s*if [^,?]{1,80},\s*", "", ask.low)  # "If both kidneys have lesions, which side holds the largest?"
    return ask.ents.largest and ask.lesion_named and not re.search(BURDEN_WORDS, asked)


HOLDS_THE_LARGEST = (r"\b(segment|part|portion|lobe|side|region|section)s?(, [^,?]{1,25},)? (that |which )?(harbou?r\w*|contain\w*|hold\w*|"
                     r"host\w*|has|having|with|bearing|carr(y|ies|ying))\b[^?]{0,30}\b(largest|biggest|greatest|dominant|"
                     r"main|index)\b")
"""A place named by the largest lesion it holds: "the segment harbouring the lesion of greatest volume"."""


LARGEST_PLACE = (r"\b(largest|biggest|dominant|index) (\w+ ){0,2}(lesion|tumou?r|mass|metasta\w*)(['’]s)? (\w+ )?(segment|"
                 r"location|site|position|side|part|lobe|region)\b")
"""The largest lesion's place named as a noun phrase ("largest lesion couinaud segment", "the biggest tumour's site")."""


def place_of_the_largest(scores: dict[str, float], ask: Ask) -> None:
    """Where the largest lesion lies is its location, not a comparison of segments by lesion count."""
    if largest_placed(ask):
        penalise(scores, ("inter-segment comparison",), 0.1)
        if ask.has(HOLDS_THE_LARGEST) or ask.has(LARGEST_PLACE):
            boost(scores, "largest lesion location", 0.1)


COMPARING = (r"\b(which|what|where|more|most|greater|greatest|highest|higher|larger|largest|bigger|biggest|or|vs|versus|"
             r"compar\w*|heav\w*|least|less|fewer|rank\w*|than|worst|dominan\w*|predominan\w*|concentrat\w*|bulk|majority|"
             r"mainly|mostly)\b")
"""Words that set places against each other; without one ("Any lesion in segment 7?") no segments are compared."""


def segments_named(scores: dict[str, float], ask: Ask) -> None:
    """A comparison of segments names segments, parts or a lobe, and compares them."""
    if not ask.has(COMPARING, with_options=True):
        penalise(scores, ("inter-segment comparison",), 0.12)
    if not (ask.ents.liver_segments or ask.ents.pancreas_parts or ask.has(
            r"\b(segment\w*|parts?|portions?|regions?|sub-?regions?|lobes?|sections?|zones?|couinaud|head|neck|body|tail|"
            r"uncinate|areas?|where)\b")):
        penalise(scores, ("inter-segment comparison",), 0.12)


SLICE_WORDS = r"\b(slices?|sections?|images?|z[- ]?(index|level|position|axis)|cross-?sections?|(?<!x)(?<!-)cuts?(?!-))\b"


def slice_asked(scores: dict[str, float], ask: Ask) -> None:
    """"The axial image on which ...", "Z-index of ...": a slice is asked, whatever length words follow. A slice named
    only in a leading phrase ("On the slice where it is widest, how much does the lesion measure?") is where the
    asked measurement is taken: the asking clause decides."""
    leading = ask.low[:len(ask.low) - len(ask.opening)] if ask.opening != ask.low else ""
    if leading and re.search(SLICE_WORDS, leading) and not re.search(SLICE_WORDS, ask.opening):
        penalise(scores, ("largest lesion slice",), 0.2)
    elif ask.has(SLICE_ASK):
        boost(scores, "largest lesion slice", 0.15)
        if re.search(SLICE_ASK, ask.opening):  # "Which z index shows the lesion at its maximal diameter?": the slice
            penalise(scores, ("largest lesion diameter",), 0.08)  # is asked, the diameter says which one


def which_kidney(scores: dict[str, float], ask: Ask) -> None:
    """A comparison of kidney volumes asks which is larger; "do the kidneys differ?" asks symmetry."""
    if not ask.has(r"\b(which|larger|bigger|smaller|greater|more|less|exceed\w*|outweigh\w*|heavier)\b"):
        penalise(scores, ("kidney volume comparison",), 0.1)
        if re.match(POLAR, ask.opening) and ask.has(r"\b(differ\w*|discrepan\w*|disparit\w*|mismatch\w*)\b"):
            penalise(scores, ("kidney volume comparison",), 0.1)  # "Is there a left-right difference?": no side asked


def kind_asked(scores: dict[str, float], ask: Ask) -> None:
    """"What kind of lesion ...?" asks a category, not a number."""
    if ask.has(r"\b(what|which) ((is|are|was|were) )?(the |its |their )?(kind|type|sort|category|nature)\b|\bwhat is it\b"):
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.1)


def own_organ(scores: dict[str, float], ask: Ask) -> None:
    """"The surrounding pancreas" is the lesion's own organ: an attenuation reference, not a neighbour."""
    if ask.has(OWN_ORGAN) and ask.has(HU_WORDS + r"|\b(gap|differ\w*|darker|brighter|similar)\b|" + ATTENUATION_ADJECTIVE):
        penalise(scores, ("adjacent organ",), 0.2)


def renal_category(scores: dict[str, float], ask: Ask) -> None:
    """A kidney lesion's category by its HU (simple cyst, Bosniak) is renal mass characterization."""
    if "kidney" not in ask.organs or not ask.lesion_named or not ask.has(HU_WORDS + "|" + r"\bbosniak\b"):
        return
    if ask.has(HU_CATEGORY) and not ask.has(SOLID_OR_CYST) and not re.search(NUMERIC_ASK, ask.low):
        boost(scores, "renal mass characterization", 0.12)
        penalise(scores, ("tumor organ HU difference", "organ HU measurement"), 0.08)  # HU is the evidence


def polar_asks_no_number(scores: dict[str, float], ask: Ask) -> None:
    """"Does this patient have hepatic steatosis by the L/S criterion?" asks yes or no, not a value."""
    if re.match(POLAR, ask.opening) and not re.search(NUMERIC_ASK, ask.low) and not ask.has(r"\b(how|what|which)\b") \
            and (ask.choice_set is None or ask.choice_set.form == "yes_no"):
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.16 if ask.opening != ask.low else 0.08)


SUBREGION = r"(segment|part|portion|sub-?region|region|section|lobe)s?\b"
INVOLVEMENT = (r"\b(worst|most|more|least|less|heaviest|badly|heavily|severely|predominantly)( \w+)? (affected|involved|"
               r"diseased|burdened|infiltrated)\b|\b(disease|tumou?r (load|burden)|burden|involvement|metasta\w*|mets)\b[^?]{0,25}"
               r"\b(heaviest|greatest|worst|most|concentrated|highest|densest)\b|\b(most|more|greatest|heaviest|bulk of the) "
               r"(disease|involvement|tumou?r|metasta\w*)\b")
"""Disease held against disease ("worst affected", "where is disease heaviest", "carries the most disease"): the burden
of lesions compared, although no lesion word is said."""


def involvement_compared(scores: dict[str, float], ask: Ask) -> None:
    """Sub-segments of one organ compared by how much disease they hold ("Which hepatic segment is worst affected?",
    "Between liver segments, where is disease heaviest?"): the inter-segment comparison of its lesions."""
    places = re.search(r"\b" + SUBREGION + r"|\bcouinaud\b", ask.low) or len(
        [p for p in locations_of(ask.low) if not p.startswith("kidney_")]) >= 2
    if places and len(ask.organs) <= 1 and re.search(INVOLVEMENT, ask.low) and not re.search(
            r"\b(largest|biggest|dominant|main|index) (\w+ )?(lesion|tumou?r|mass|cyst|nodule|met)", ask.low):
        boost(scores, "inter-segment comparison", 0.2 if ask.lesion_named else 0.35)  # the disease is the lesions
        penalise(scores, ("organ HU measurement", "organ volume measurement", "multi-organ lesion burden comparison"), 0.1)


def stage_asked(scores: dict[str, float], ask: Ask) -> None:
    """"What stage?", "Which T category?" after a diagnosis stated as known ("PDAC confirmed. What stage?"): the
    staging asked, not the finding's existence."""
    if re.search(r"\b(what|which)( is| are)?( the| its)? (\w+ )?(stage|t[- ]?(category|stage))\b", ask.low) and not \
            ask.has(r"\b(defin\w*|criteri\w*|threshold|cut-?off)\b"):
        boost(scores, "pancreatic tumor staging", 0.12)
        penalise(scores, ask.existence_tasks(), 0.1)


YES_NO_TAG = r"[,;:\s-]\(?(yes or no|yes ?/ ?no|y ?/ ?n)\)?\s*[?.!]*\s*$"


def yes_no_tag(scores: dict[str, float], ask: Ask) -> None:
    """A trailing "yes or no?" asks a yes/no finding ("Renal cyst on the right, yes or no?": its existence), not a
    category of it nor a number."""
    if ask.choice_set is None and re.search(YES_NO_TAG, ask.low):
        penalise(scores, (*KIND_TASKS, *(t for t, form in ask.forms.items() if form == "number")), 0.06)


KIND_TASKS = ("renal mass characterization", "lesion type classification", "PDAC vs PNET classification",
              "largest lesion attenuation", "largest lesion location", "adjacent organ")
"""Tasks that answer what or where a finding is, never yes or no (a symmetry or a size asked yes/no is not one)."""


ATTENUATION_LABELS = (r"\bhypo(?:-?(?:dense|attenuating|enhancing))?\s*(?:/|,|or)\s*iso(?:-?(?:dense|attenuating|enhancing))?"
                      r"\s*(?:/|,|or)\s*(?:or\s+)?hyper\b")
"""The lesion's attenuation categories listed as the answer ("label hypo/iso/hyper", "hypo, iso or hyper?")."""


def attenuation_labels(scores: dict[str, float], ask: Ask) -> None:
    """A lesion's attenuation against its organ answered as hypo, iso or hyper is the category task, not the HU
    difference the method computes on the way ("compare the largest lesion's mean HU with the pancreas; label
    hypo/iso/hyper")."""
    if ask.lesion_named and ask.has(ATTENUATION_LABELS):
        boost(scores, "largest lesion attenuation", 0.15)
        penalise(scores, ("tumor organ HU difference", "lesion outlier", "largest lesion location"), 0.15)


GATES = (stage_asked, severity_or_presence, one_among_others, offered_categories, place_of_the_largest, segments_named, slice_asked,
         which_kidney, kind_asked, own_organ, renal_category, polar_asks_no_number, yes_no_tag,
         attenuation_labels)
"""In the order `questions.gates.apply` runs them, after the gates there."""


def category_over_number(task: str, alternatives: list[str], choice_set: ChoiceSet | None) -> tuple[str, list[str]]:
    """The task and its alternatives when the options are categories: a task that answers a number ("organ HU ratio")
    asked with category options ("No fatty liver / Mild / Moderate to severe") gives way to the closest alternative
    that answers a category (fatty liver); the number task stays an alternative. Unchanged otherwise."""
    from core.tasks import REGISTRY

    spec = REGISTRY.get(task)
    if choice_set is None or choice_set.form != "category" or spec is None or spec.form != "number":
        return task, alternatives
    category = next((t for t in alternatives if t in REGISTRY and REGISTRY[t].form == "category"), None)
    if category is None:
        return task, alternatives
    return category, [task, *(t for t in alternatives if t != category)]
