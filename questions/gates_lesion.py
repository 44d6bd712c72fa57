"""Gates on what is asked of a lesion group, where the embedder reads the finding but not the ask.

- one lesion unlike the others ("odd one out", "atypical compared with the rest", "any single one of
  them behaving differently") is the outlier question, not the group's presence or a kidney comparison;
- a kidney mass characterised ("Characterise the renal mass", "complex cystic or predominantly
  solid", Bosniak) is renal mass characterization even when solid and cystic are offered; "solid or
  cystic?" alone is the lesion type;
- a lesion's kind asked ("Classify the hepatic lesion type", "Liver lesion nature?", "cystic or solid
  tumour?", "What kind of lesion is in the pancreas?") is the lesion type, not its presence; a
  pancreatic kind is PDAC versus PNET only when those are named;
- two liver lobes set against each other by their lesions is the comparison of sub-segments;
- which place holds the largest lesion ("Which part of the colon contains the largest tumour?") is its location;
- satellites, a pancreatic cyst's Fukuoka features, a pancreatic mass's diagnosis, an organ's share, a group's summed
  volume and a subtraction of attenuations each name their task.
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, lead, penalise
from questions.cues import GENERAL, KNOWLEDGE, NUMERIC_ASK
from questions.gates_kind import UNLIKE_THE_REST
from questions.kind_words import ANY_CATEGORY, DENIED_KIND, INCLUDED_KIND, given_lesion
from questions.rules import asks_general_rule

CHARACTERISED = (r"\bcharacteri[sz]\w*|\bbosniak\b|\bcomplex cyst\w*|\bpredominantly (solid|cystic)\b|"
                 r"\b(septat\w*|multilocular|minimally complex|angiomyolipoma|aml|(macroscopic|gross|intralesional) fat|"
                 r"fat-containing|clear[- ]cell|papillary|chromophobe|oncocytoma|behav\w* like|renal cell carcinoma|"
                 r"(benign|malign\w*) or (benign|malign\w*)|by (its |their |the )?(density|attenuation|hu|hounsfield( units)?)|"
                 r"(density|attenuation|hu) (bucket|bin|category|class|group|band))\b")
"""Words of renal mass characterisation (Bosniak 2019, the renal kinds; benign or malignant; a kind by its density),
beyond solid versus cystic: read on a kidney lesion only (a liver lesion's "benign or malignant?" is its type)."""
KIND_NAMED = (r"\b(classify|categori[sz]e)\b[^?]{0,30}\b(type|kind|nature)\b|^\s*(please )?(classify|categori[sz]e) (the|this) "
              r"(\w+ ){0,2}(lesion|tumou?r|mass|cyst|nodule)s?\b|\b(benign|malignan\w*)(-looking)? or (benign|malignan\w*)|\b(lesion|tumou?r|mass|cyst|nodule)s? "
              r"(type|kind|nature)\b|\b(type|kind|nature|sort) of (the )?(\w+ ){0,2}(lesion|tumou?r|mass|nodule)s?\b")
"""A lesion's kind asked by name: its type, kind or nature."""
CYST_OR_SOLID = (r"\b(cystic|cyst|fluid) (or|than) (like |a |an )*(solid|tumou?r\w*|neoplas\w*|tissue)|\b(solid|tumou?r|tissue) (\w+ )?"
                 r"(or|than) (like |a |an )*(simple )?(cyst|cystic|fluid)\b")
"""Cyst against solid tumour ("cyst or solid?", "more likely a simple cyst than a solid lesion"): the kind, unless presence
is asked ("Is there a pancreatic tumour or cyst?")."""
KIND = (r"(hcc|hepatoma|rcc|carcinoma|cancer|malignan\w*|mets?|metasta\w*|tumou?rs?|solid|neoplasm\w*|ha?emangioma\w*|"
        r"adenoma\w*|fnh|abscess\w*|cysts?|cystic|benign|lymphoma\w*)")
KINDS_SET_AGAINST = re.compile(rf"\b(an? |simple |benign |solid |complex |likely )*(?P<one>{KIND})( (lesion|mass|tumou?r)s?)? "
                               rf"(or|vs\.?|versus|rather than) (an? |simple |benign |solid |complex )*(?P<other>{KIND})\b")
"""Two kinds of lesion set against each other ("HCC or simple cyst", "mets or cysts?", "a benign cyst or an RCC"): the
lesion's kind is asked, whatever the two kinds are."""


def kinds_set_against(low: str) -> bool:
    """Whether two different kinds of lesion are set against each other (`KINDS_SET_AGAINST`)."""
    return any(m.group("one").rstrip("s") != m.group("other").rstrip("s") for m in KINDS_SET_AGAINST.finditer(low))


PRESENCE = (r"^\s*((is|are) there|any|(does|do) (the |this |either )?(\w+ ){0,2}(have|contain|show|harbou?r)|(do|can|could|did) "
            r"(you|we|i) (see|find|identify|detect|spot))\b")
PANCREATIC_TYPES = r"\b(pdac|p?nets?|adenocarcinoma|neuroendocrine|islet)\b"
LOBES_COMPARED = (r"\b(right|left|caudate)( hepatic| liver)? (lobe|half|hemi-?liver)\b[^?]{0,30}\b(or|versus|vs|than|compared "
                  r"(with|to))\b[^?]{0,20}\b(right|left|caudate)( hepatic| liver)? (lobe|half|hemi-?liver)\b|\b(right|left) (or|versus|vs) "
                  r"(the )?(right|left)( hepatic| liver)? (lobes?|halves|half|hemi-?livers?)\b")
"""Two liver lobes or halves set against each other ("Does the right lobe or the left lobe contain more tumour?", "is
the cancer mostly in the left half or the right half of my liver?")."""


def one_unlike_the_rest(scores: dict[str, float], ask: Ask) -> None:
    """One lesion against the others of its group is the outlier question."""
    named = ask.has(r"\boutliers?\b") and not ask.has(GENERAL)  # "renal_lesion_outlier (bool)"; "what does 'lesion
    # outlier' mean?" asks a rule
    if not ask.lesion_named or not (named or ask.has(UNLIKE_THE_REST)):
        return
    boost(scores, "lesion outlier", 0.2)
    penalise(scores, ("bilateral kidney asymmetry", "kidney volume comparison", *ask.existence_tasks()), 0.15)


def renal_characterised(scores: dict[str, float], ask: Ask) -> None:
    """A kidney mass characterised is renal mass characterization, whatever kinds are offered."""
    if ("kidney" in ask.organs or (not ask.organs and ask.has(r"\bbosniak\b", with_options=True))) and (
            ask.lesion_named or ask.has(r"\bbosniak\b")) and ask.has(
            CHARACTERISED, with_options=True) and not ask.has(
            r"\b(attenuation|density|enhancement) of\b"):
        boost(scores, "renal mass characterization", 0.15)
        penalise(scores, ("lesion type classification",), 0.1)
        if ask.choice_set is not None and not ask.has(GENERAL) and not asks_general_rule(ask.low):
            penalise(scores, (KNOWLEDGE,), 0.15)  # "Bosniak class: (a) I (b) II ...": this patient's lesion, no rule asked
        if not ask.has(NUMERIC_ASK):
            penalise(scores, ("largest lesion attenuation",), 0.1)  # "behave like a clear-cell RCC on enhancement?"


def kind_of_lesion(scores: dict[str, float], ask: Ask) -> None:
    """A lesion's kind asked is the lesion type, not its presence; pancreatic types only when they are named."""
    offered = ask.choice_set is not None and ask.has(r"\b(cyst|cystic)\b", with_options=True) and ask.has(
        r"\b(tumou?r|solid)\b", with_options=True) and not (ask.choice_set.form == "yes_no" and (re.match(
            PRESENCE, ask.opening) or not given_lesion(ask.low)))  # "Is there a cyst? A) Yes B) No C) Only a
    # solid tumour", "Left kidney - solid tumour? A) Yes B) No C) Only a cyst": the presence asked; "Is the lesion a
    # cyst? A) Yes B) No" asks the kind of a lesion already given
    bare = re.sub(r"\s*\([^()]*\)", "", ask.low)  # "simple cyst (benign) or solid mass (needs work-up)": the kinds
    alternatives = (ask.has(CYST_OR_SOLID) or bool(re.search(CYST_OR_SOLID, bare)) or kinds_set_against(bare)) and not \
        re.match(PRESENCE, ask.opening) and not (re.search(DENIED_KIND, ask.low) and not given_lesion(ask.low)) and not \
        ask.has(ANY_AT_ALL)  # "pancreatic tumor or cyst - anything there at all?": either kind's presence
    # "Any solid tumour in the kidneys rather than a cyst?": one kind's presence, the other denied; "Is it a tumour
    # rather than a cyst?" asks which kind a given lesion is
    if ask.lesion_named and ask.has(ANY_AT_ALL) and re.search(r"\bor\b", ask.low) and not ask.has(KIND_NAMED):
        penalise(scores, ("lesion type classification", "renal mass characterization", "PDAC vs PNET classification"), 0.15)
        return  # "kidney mass or cyst, anything there?": whether either is there
    if not ask.lesion_named or ("kidney" in ask.organs and ask.has(CHARACTERISED, with_options=True)) or not (
            ask.has(KIND_NAMED) or alternatives or offered):
        return
    named = 0.2 if ask.has(KIND_NAMED) or (kinds_set_against(ask.low) and not ask.has(CYST_OR_SOLID)) else 0.12  # "Liver lesion nature?" names the ask; cyst and tumour offered hint it
    boost(scores, "lesion type classification", named)
    penalise(scores, ask.existence_tasks(), named)
    if ask.has(KIND_NAMED) and not ask.has(r"\b(where|which (part|segment|side|lobe))\b|\b(attenuation|density|hu|size|volume)\b"):
        penalise(scores, ("largest lesion location", "largest lesion attenuation", "largest lesion diameter",
                          "lesion volume measurement"), 0.1)  # "the nature of the largest lesion": its kind, not its place
    if not ask.has(PANCREATIC_TYPES, with_options=True):
        penalise(scores, ("PDAC vs PNET classification",), 0.1)
    if kinds_set_against(ask.low) and not ask.has(NUMERIC_ASK):  # "Hemangioma or metastasis?" names no number
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.1)


ANY_AT_ALL = r"\banything\b|\bat all\b|\b(any|either) of (them|these|those|the two)\b"
"""Two kinds named, then whether any is there at all: their presence, not which kind one lesion is."""
SIZE_ASKED = r"\b(size|how (large|big)|diameters?|dimensions?|measure\w*|in (mm|cm|millimet\w*|centimet\w*))\b"
KIND_ASKED = r"\b(type|kind|nature|classif\w*|characteri[sz]\w*|categor\w*|what is it|solid|cystic|benign|malignan\w*)\b"


SIZES_COMPARED = r"\b(similar|same|alike|uniform|equal|vary|varies|differ\w*|compar\w*|one (is )?(much )?(larger|bigger))\b"
"""Lesions' sizes set against each other ("Are the liver lesions all of similar size?"): the outlier, not one size."""


def size_of_a_named_kind(scores: dict[str, float], ask: Ask) -> None:
    """The size of a lesion its kind names ("What is the size of the kidney cyst?", "How large is the renal cyst?")
    asks its size: the kind word says which lesion, it does not ask the lesion's kind."""
    if ask.lesion_named and ask.has(SIZE_ASKED) and not ask.has(KIND_ASKED) and not ask.has(SIZES_COMPARED):
        penalise(scores, ("lesion type classification", "renal mass characterization"), 0.15)
        boost(scores, "largest lesion diameter", 0.05)


LOBE_SIZES = (r"\b(right|left|caudate)( hepatic| liver)? lobe\b[^?]{0,50}\b(larger|smaller|bigger|large|small|size|volume)\b"
              r"[^?]{0,30}\b(than|compared (with|to)|versus|vs|relative to)\b[^?]{0,20}\b(right|left|caudate)( hepatic| liver)? lobe\b")
"""Two liver lobes set against each other by size ("Is the caudate lobe disproportionately large compared with the right
lobe?"): the sub-segments compared, not the organ's enlargement."""


def lobes_compared(scores: dict[str, float], ask: Ask) -> None:
    """Two liver lobes compared by their lesions (or their size) is the comparison of sub-segments, not the lesions'
    presence nor the organ's enlargement."""
    if not ask.lesion_named and ask.has(LOBE_SIZES):
        boost(scores, "inter-segment comparison", 0.3)  # the lesion-word gate took 0.25: no lesion is asked here
        penalise(scores, ("organ enlargement", "splenomegaly detection", "organ volume measurement"), 0.1)
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.2)  # lobes, not kidneys
    if (ask.lesion_named or ask.has(r"\bdisease\b")) and ask.has(r"\b(by|per|which|what) (single |one |liver |hepatic |couinaud )*"
                                                                r"(segments?|lobes?|sectors?)\b|\b(segment|lobe|sector)s? (with|having|"
                                                                r"holding|carrying|that (has|holds|carries)) (the )?(most|highest|"
                                                                r"greatest|largest|max\w*)\b") \
            and ask.has(r"\b(bulk|most|majority|greatest|highest|heaviest|concentrat\w*|predominant\w*)\b") \
            and not re.match(r"\s*(how many|what number|number of)\b", ask.opening):
        boost(scores, "inter-segment comparison", 0.15 if ask.lesion_named else 0.35)  # (against the lesion-word gate)
        # "Where is the bulk of the liver disease, by segment?": the
        penalise(scores, ("liver lesion clustering",), 0.1)  # segments compared, not how clustered the lesions are
    if ask.lesion_named and ask.has(LOBES_COMPARED) and ask.has(r"\b(more|most|mostly|mainly|fewer|less|greater|heavier|larger|bigger|"
                                                                r"which|burden|load)\b"):
        boost(scores, "inter-segment comparison", 0.2)
        penalise(scores, (*ask.existence_tasks(), "bilateral kidney asymmetry", "kidney volume comparison",
                          "adjacent organ"), 0.15)  # "more involved" compares the lobes, it names no neighbour


WHICH_PLACE = r"\b(which|what) (part|segment|side|pole|lobe|portion|section|organ|kidney|sector)\b|\b(left|right) or (the )?(left|right)\b"
"""Where something lies, asked as which place ("Which part of the colon ...", "left or right, and which pole?")."""


def largest_lesions_place(scores: dict[str, float], ask: Ask) -> None:
    """Which place holds the largest lesion is its location, not the place's presence of lesions or the sides compared."""
    one = ask.has(r"\b(largest|biggest|dominant|main|index|single largest) (?!(total|combined|overall|summed|aggregate)\b)(\w+ )?"
                  r"(lesion|tumou?r|mass|cyst|nodule)s?\b(?! (volume|burden|load|count|number))")
    if one and ask.has(WHICH_PLACE) and not ask.has(r"\b(adjacent|abut\w*|touch\w*|border\w*|contact|next to|near\w*|"
                                                    r"beside|alongside|closest)\b"):
        boost(scores, "largest lesion location", 0.15)
        penalise(scores, (*ask.existence_tasks(), "bilateral kidney asymmetry", "kidney volume comparison", "adjacent organ",
                          "inter-segment comparison"), 0.12)


COUNT_AGAINST = (r"\b(more|fewer|less) than (\d+|two|three|four|five|six|seven|eight|nine|ten|a (few|handful))\b( \w+){0,2} "
                 r"(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*)\b")
"""A count held against a number: the count is asked, not only the presence."""
SATELLITES = r"\bsatellit\w*|\bdaughter (lesions?|nodules?)\b"
"""Small lesions gathered around a dominant one: how the lesions cluster."""
CYST_RISK = r"\b(high-?risk stigmata|worrisome features?|fukuoka|sendai)\b"
"""The Fukuoka consensus words for a pancreatic cyst's management (resection or surveillance)."""
SUBTRACTED = r"\bsubtract\w*|\bminus\b"
"""One attenuation taken from another: their difference."""
SHARE_WORDS = (r"\b(occup\w*|replac\w*|take up|takes up)\b[^?]{0,30}\b(half|a third|a quarter|majority|most|much of|"
               r"(of )?the (liver|organ|pancreas|kidneys?|spleen|gland))\b")
"""An organ's share taken by its lesions ("occupy more than half the liver")."""
SUMMED_LESIONS = r"\b(add|sum|total|combined|together)\b[^?]{0,40}\b(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*)\b"
"""The volumes of a group's lesions added up: the group's total lesion volume, not an organ sum."""


def lesion_quantities(scores: dict[str, float], ask: Ask) -> None:
    """What is asked of a lesion group beside its presence: satellites (clustering), the Fukuoka features of a pancreatic
    cyst (its resection), a diagnosis of a pancreatic mass, an organ's share, the group's summed volume, a subtraction."""
    if not ask.lesion_named:
        return
    if ask.has(r"\banywhere\b|\b(is|are) there (any|anything|something)\b"):
        penalise(scores, ("inter-segment comparison", "largest lesion location"), 0.15)  # presence asked, every part named
    if ask.has(r"\b(volume|diameter|size|how (big|large))\b") and not re.match(PRESENCE, ask.opening) and not ask.has(
            r"\b(is|are) there\b|\b(larger|bigger|greater|over|above|exceed\w*) (than )?\d"):
        penalise(scores, ask.existence_tasks(), 0.1)  # "Total lesion volume in the colon?" measures; it asks no presence
    if ask.has(COUNT_AGAINST):  # "Are there more than two pancreatic lesions?": a count held against a number
        boost(scores, "lesion counting", 0.1)
        penalise(scores, ask.existence_tasks(), 0.1)
    if ask.has(SATELLITES):
        boost(scores, "liver lesion clustering", 0.2)
        penalise(scores, ask.existence_tasks(), 0.12)
    if ask.has(CYST_RISK) and "pancreas" in ask.organs:
        boost(scores, "pancreatic cyst resectability", 0.2)
        penalise(scores, ask.existence_tasks(), 0.12)
    if "pancreas" in ask.organs and ask.has(r"\b(which|what) (\w+ )?diagnos\w*"):
        boost(scores, "PDAC vs PNET classification", 0.12)
        penalise(scores, ("largest lesion attenuation",), 0.1)
    if ask.has(SHARE_WORDS):
        boost(scores, "tumor burden percentage", 0.12)
        penalise(scores, ("lesion volume measurement",), 0.1)
    if ask.has(SUMMED_LESIONS) and ask.has(r"\bvolumes?\b") and not ask.has(
            r"\b(which|what) (\w+ )?(part|segment|side|pole|lobe|portion|section|sector|organ|kidney)\b"):  # "which segment has the greatest
        # total lesion volume?" compares places
        boost(scores, "lesion volume measurement", 0.12)
        penalise(scores, ("organ aggregation",), 0.2)
    if ask.has(SUBTRACTED) and ask.has(r"\b(hu|hounsfield|attenuation|density)\b"):
        boost(scores, "tumor organ HU difference", 0.15)
        penalise(scores, ("organ HU measurement",), 0.1)


TOUCHES = r"\b(abut\w*|touch\w*|contact\w*|in contact|invad\w*|encas\w*|border\w*|adjacent to|next to|up against)\b"
"""A lesion's contact with a structure asked ("Is the pancreatic head lesion abutting the IVC?")."""
RESECTION_VESSELS = r"\b(sma|smv|celiac|coeliac|portal vein|hepatic artery|arter\w*|vascular|mesenteric|resect\w*|surg\w*|stag\w*|t (category|stage))\b"
VESSEL = (r"\b(sma|smv|celiac|coeliac|portal vein|hepatic artery|superior mesenteric (artery|vein)|(common )?hepatic "
          r"artery|splenic vein|confluence|ima)\b")
"""The vessels NCCN's resectability reads (arterial and venous contact)."""
VESSEL_CONTACT = r"\b(vessel|vascular)\w* (contact|involvement|abutment|encasement)\b"
"""Contact with the vessels named as such ("resectability given vessel contact")."""
MANAGED = r"\b(operat\w*|resect\w*|surg\w*|watch\w*|surveil\w*|observ\w*|follow(ed)?[- ]up)\b"
CYSTIC = r"\b(cysts?|cystic|ipmns?|mcns?|mucinous|mural nodules?|branch[- ]duct|main[- ]duct)\b"


def contact_and_management(scores: dict[str, float], ask: Ask) -> None:
    """A lesion's contact with a structure is its neighbour (the vessels of resection excepted); a pancreatic cyst's
    management asked ("IPMN with a mural nodule? Operate or watch?") is its resection."""
    if ask.has(r"\bnccn\b|\b(un|ir)?resectab\w*|\b(borderline|locally advanced)\b") and ask.has(VESSEL) and not ask.has(CYSTIC):
        boost(scores, "pancreatic lesion resectability", 0.3)  # "NCCN resectability? any SMA contact > 180°?"
    elif ask.has(r"(?<!not )(?<!no )\bresectab\w*") and ask.has(VESSEL_CONTACT) and not ask.has(CYSTIC):
        boost(scores, "pancreatic lesion resectability", 0.3)  # "What's the resectability status given vessel contact?"
    stated = ask.has(r"\b(no|without|not)\b (\w+ ){0,2}(contact|abut\w*|invasion|encasement)\b")  # "no arterial contact"
    if ask.lesion_named and ask.has(TOUCHES) and not ask.has(RESECTION_VESSELS) and not stated:
        boost(scores, "adjacent organ", 0.12)
        penalise(scores, ask.existence_tasks(), 0.12)
    if ask.lesion_named and ask.has(VESSEL) and ask.has(TOUCHES + r"|\binvolv\w*|\bsurround\w*|\bwrap\w*") \
            and not ask.has(CYSTIC) and not ask.has(r"\b(which|what) (other )?(organs?|structures?)\b"):
        boost(scores, "pancreatic lesion resectability", 0.15)  # "Does the pancreatic mass involve the SMA or SMV?":
        penalise(scores, ("adjacent organ",), 0.1)  # the vessels that decide resection, not a neighbouring organ
    presence = ask.has(r"\b(is|are) (there )?(still )?(any|an?)\b[^?]{0,50}\b(still )?(visible|present|seen|detectable|"
                       r"identifiable|there)\b|\b(is|are) there (still )?(any|an?)\b") and not ask.has(
        r"\b(operat|resect|surg|watch)\w*")  # "IPMN surveillance - is any lesion visible?": the surveillance is the setting
    if presence and ask.has(MANAGED) and ask.lesion_named:
        for task in ask.existence_tasks():
            boost(scores, task, 0.12)
        penalise(scores, ("pancreatic cyst resectability", "pancreatic lesion resectability"), 0.12)
    if ask.has(CYSTIC) and ask.has(MANAGED) and not presence and ("pancreas" in ask.organs or ask.has(r"\b(ipmns?|mcns?)\b")):
        boost(scores, "pancreatic cyst resectability", 0.15)
        penalise(scores, (*ask.existence_tasks(), "pancreatic lesion resectability"), 0.12)


def every_kind_counted(scores: dict[str, float], ask: Ask) -> None:
    """Every kind counted ("Pancreatic lesion? cysts count too", "any kind of liver lesion, solid ones included") or
    every category of a kind ("any renal cyst, whatever Bosniak category") asks a lesion's presence: the kind words say
    what counts, not what is asked; "count" there counts nothing."""
    if not ask.lesion_named or not (ask.has(INCLUDED_KIND) or ask.has(ANY_CATEGORY)) or ask.has(
            r"\b(how many|number of|which|where|what)\b"):
        return
    for task in ask.existence_tasks():
        boost(scores, task, 0.2 if ask.has(ANY_CATEGORY) else 0.15)  # "(Bosniak anything)" outweighs the Bosniak word
    penalise(scores, ("lesion type classification", "renal mass characterization", "lesion counting",
                      "lesion count by location", "PDAC vs PNET classification"), 0.15)


def one_kind_denied(scores: dict[str, float], ask: Ask) -> None:
    """One kind asked and another denied beside it, of no lesion already given ("Do the kidneys hold a solid tumour
    rather than just cysts?", "Pancreas: a real mass, not a cyst?"): the asked kind's presence, not which kind."""
    if not ask.lesion_named or not ask.has(DENIED_KIND) or given_lesion(ask.low) or ask.has(
            r"\b(how many|number of|which|where|what|size|volume|diameter|hu|attenuation)\b"):
        return
    for task in ask.existence_tasks():
        boost(scores, task, 0.12)
    penalise(scores, ("lesion type classification", "renal mass characterization"), 0.12)


DISEASE_NAMED = re.compile(r"^\W*(?:r/o |rule out |any |query |\?\s*)?(hepatoma|hcc|hepatocellular carcinoma|hypernephroma|"
                           r"rcc|renal cell carcinoma|insulinoma|gastrinoma|glucagonoma|vipoma|pnet|pdac|"
                           r"angiomyolipoma)\s*\?")
"""A question that is a disease name alone ("Hypernephroma? Paraneoplastic polycythaemia, Hct 58%."): whether it is
there; the words after it are history."""
DISEASE_TASK = {"hepatoma": "liver lesion existence", "hcc": "liver lesion existence",
                "hepatocellular carcinoma": "liver lesion existence", "hypernephroma": "kidney tumor existence",
                "rcc": "kidney tumor existence", "renal cell carcinoma": "kidney tumor existence",
                "angiomyolipoma": "kidney tumor existence", "insulinoma": "PNET existence", "gastrinoma": "PNET existence",
                "glucagonoma": "PNET existence", "vipoma": "PNET existence", "pnet": "PNET existence",
                "pdac": "PDAC existence"}


def disease_named_alone(scores: dict[str, float], ask: Ask) -> None:
    """A disease name asked alone is its existence ("Hepatoma?" - a liver lesion; "Hypernephroma?" - a kidney
    tumour)."""
    named = DISEASE_NAMED.match(ask.low)
    task = DISEASE_TASK.get(named.group(1)) if named else None
    if task is not None:
        lead(scores, task, 0.1)


ACROSS_ORGANS = re.compile(r"\b(?:compare|comparing|comparison|across|among|between|versus|vs\.?|which (?:organ|one))\b")
SIDE_BREAKDOWN = re.compile(r"\bby side\b|\bper side\b|\b(?:each|either) side\b|\bleft (?:vs\.?|versus|and|or) (?:on )?"
                            r"(?:the )?right\b|\bon the left\b.*\bon the right\b|\bbreakdown\b")


FINDING_ALONE = re.compile(r"^\W*(?:any\s+|r/o\s+|rule out\s+)?(?:(?:left|right)\s+)?(kidney|renal|liver|hepatic|pancreas|"
                           r"pancreatic|colon|colonic)s?\s+(cyst|tumou?r|lesion|mass|nodule)s?(?:\s+(?:left|right|on the "
                           r"(?:left|right)))?\s*\?\s*$")
"""A question that is an organ's finding alone ("Kidney cyst right?", "Liver lesion?"): whether it is there."""
ALONE_TASK = {("kidney", "cyst"): "kidney cyst existence", ("kidney", "tumor"): "kidney tumor existence",
              ("kidney", "mass"): "kidney tumor existence", ("kidney", "lesion"): "kidney lesion existence",
              ("kidney", "nodule"): "kidney lesion existence", ("liver", ""): "liver lesion existence",
              ("pancreas", ""): "pancreatic lesion existence", ("colon", ""): "colon lesion existence"}


EITHER_PRESENT = re.compile(r"^\W*(?:can|could|is|are|was|were)\s+(?:there\s+)?(?:an?|any)\s+(?:[\w-]+\s+){0,3}?(?:cyst|mass|"
                            r"tumou?r|lesion|nodule)s?\s+or\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+){0,2}?(?:cyst|mass|tumou?r|lesion|"
                            r"nodule)s?\b[^?]*?\b(?:seen|visible|found|identified|detected|present|there|shown)\b")
"""Two kinds offered as alternatives of presence ("Can a renal mass or cyst be seen in the kidneys?"): whether any
lesion is there, not which kind it is."""
EXISTENCE_OF = {"kidney": "kidney lesion existence", "liver": "liver lesion existence",
                "pancreas": "pancreatic lesion existence", "colon": "colon lesion existence"}


def either_kind_present(scores: dict[str, float], ask: Ask) -> None:
    """"Can a renal mass or cyst be seen?" asks whether any lesion of the organ is there."""
    organs = [o for o in ask.organs if o in EXISTENCE_OF]
    if len(organs) == 1 and EITHER_PRESENT.match(ask.low):
        lead(scores, EXISTENCE_OF[organs[0]], 0.1)


def finding_named_alone(scores: dict[str, float], ask: Ask) -> None:
    """An organ's finding named alone asks whether it is there ("Kidney cyst right?", "Pancreatic mass?")."""
    first = ask.low.split("?", 1)[0] + "?" if ask.low.count("?") == 1 else ask.low  # "Kidney cyst? Previous ultrasound
    named = FINDING_ALONE.match(ask.low) or FINDING_ALONE.match(first)  # 3 years ago showed ...": the history after it
    if named is None or (ask.choice_set is not None and ask.choice_set.form != "yes_no"):
        return  # "Pancreatic tumour? A. Resectable B. ...": the options carry the task
    organ = {"renal": "kidney", "hepatic": "liver", "pancreatic": "pancreas", "colonic": "colon"}.get(
        named.group(1), named.group(1))
    kind = named.group(2).replace("tumour", "tumor")
    task = ALONE_TASK.get((organ, kind)) or ALONE_TASK.get((organ, ""))
    if task is not None:
        lead(scores, task, 0.1)


def burden_across_organs(scores: dict[str, float], ask: Ask) -> None:
    """Lesion volume compared across two or more organ families ("Compare total lesion volume across liver, kidneys
    and pancreas") is the multi-organ burden comparison; a kidney lesion count split by side ("left vs right",
    "breakdown by side") is a count by location."""
    lesion_group_organs = {o for o in ask.organs if o in ("liver", "kidney", "pancreas", "colon")}
    if ask.lesion_named and len(lesion_group_organs) >= 2 and ACROSS_ORGANS.search(ask.low) and \
            ask.has(r"\b(volume|burden|load|amount)\b"):
        boost(scores, "multi-organ lesion burden comparison", 0.25)
    if ask.lesion_named and lesion_group_organs == {"kidney"} and SIDE_BREAKDOWN.search(ask.low) and \
            not ask.has(r"\b(together|in total|combined|overall|altogether|all told)\b") and \
            ask.has(r"\b(number|how many|count\w*|breakdown)\b"):
        lead(scores, "lesion count by location", 0.05)


GATES = (contact_and_management, one_unlike_the_rest, renal_characterised, kind_of_lesion, every_kind_counted, one_kind_denied, size_of_a_named_kind,
         lobes_compared, largest_lesions_place, lesion_quantities, disease_named_alone, burden_across_organs,
         finding_named_alone, either_kind_present)
"""In the order `questions.gates.apply` runs them, after the kind and measure gates."""
