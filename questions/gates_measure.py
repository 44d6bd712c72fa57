"""Gates on what is measured and of which organ, where a finding word would otherwise decide the task.

- a quantity asked of a lesion ("colon lesion volume?", "greatest dimension?", "number of liver lesions") is that
  measurement, not whether a lesion exists, unless presence is asked too; a lesion's size is its longest diameter
  unless a volume is named;
- an organ held against the limit of normal ("Spleen volume above the reference range?") asks yes or no, not the value;
- a lesion volume over its organ's volume ("lesion volume divided by liver volume") is the tumour burden;
- the kidneys or several organs with a summing word ("both kidneys together", "liver and spleen altogether") are one sum;
- solid against cystic ("cyst vs solid mass in the kidney") asks which kind, not whether either exists;
- a pancreatic lesion's resection ("Is the PDAC resectable?") is resectability, a cyst's (a cyst word) its own task;
- a measurement named as the basis of a yes/no finding ("According to the L/S ratio, is steatosis present?") is its
  evidence, not the value asked;
- steatosis without an organ named is the liver's (pancreatic steatosis needs the pancreas named);
- a lesion's attenuation as a category, as a number in HU, or as evidence; the size of a gap asked ("how far below
  the liver") is the lesion-organ difference (`attenuation_words`, run in `questions.gates.apply`'s order);
- one organ's attenuation set over another's ("liver compared to spleen in HU") is their ratio, said or not;
- "how large is the <organ>?" asks its size (the volume), not whether it is enlarged;
- a number asked with the category set aside ("number only, no interpretation", "the number, not a Bosniak class").
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise
from questions.cues import ATTENUATION_ADJECTIVE, KNOWLEDGE, NUMERIC_ASK, SUMMING
from questions.gates_kind import OUTLIER, POLAR
from questions.kind_words import DENIED_KIND, given_lesion
from questions.rules import AGAINST_NORMAL, asks_general_rule

QUANTITY = (r"\b(volumes?|sizes?|diameters?|dimensions?|length|extent|measurements?|how (many|much|big|large|long|wide)|"
            r"number|count|tally|hu|hounsfield|density|attenuation|ml|cc|mm|cm|millilit\w*|millimet\w*|centimet\w*)\b|cm³")
"""Words naming a measured quantity."""
PRESENCE = (r"\b(any|there|present|presence|absent|absence|exists?|evidence|seen|visible|detect\w*|identif\w*|contains?|"
            r"harbou?r\w*|shows?|have|has|had|find|found|see|free|rule out|exclude)\b|\bor not\b|\byes\b")
"""Words asking whether a finding is there."""
LESION_VOLUME = r"\b(lesions?|tumou?rs?|mass(es)?|cysts?|metasta\w*|nodules?)['’]?s? ((total|combined|summed|overall|aggregate|cumulative) )?volumes?\b"
ORGAN_VOLUME = (r"\b(organ|liver|spleen|pancreas|kidneys?|renal|hepatic|splenic|pancreatic|colon)['’]?s? ((total|whole|"
                r"entire|overall) )?volumes?\b|\bvolume of (the )?(whole |entire )?(liver|spleen|pancreas|kidneys?|organ)\b")
PER = r"\b(over|divided by|relative to|per|as an? (fraction|share|proportion|percent\w*) of|against|to)\b|/|\btimes 100\b"
SUMMED_ORGANS = rf"{SUMMING}|\bboth sides\b"
SOLID = r"\b(solid|tumou?rs?|mass(es)?|neoplasm\w*)\b"
CYSTIC = r"\b(cysts?|cystic)\b"
OPPOSED = r"\b(or|vs\.?|versus|against|rather than)\b|-versus-|-vs-"


BASIS_FIRST = r"^\s*(according to|based (on|upon)|using|by|per|judging (by|from)|going by|on the basis of|applying)\b"


def basis_before_a_finding(scores: dict[str, float], ask: Ask) -> None:
    """"According to the L/S ratio criterion, is steatosis present?": the named measurement is the evidence of a yes/no
    finding, not the value asked."""
    if ask.opening != ask.low and re.match(BASIS_FIRST, ask.low) and re.match(POLAR, ask.opening) \
            and not re.search(NUMERIC_ASK, ask.opening):
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.1)


KIND_OF_QUANTITY = {"mL": r"\b(volumes?|ml|cc|millilit\w*|cubic)\b|cm³", "HU": r"\b(hu|hounsfield|attenuat\w*|densit\w*)\b",
                    "mm": r"\b(diameters?|dimensions?|length|longest|widest|axis|mm|cm|millimet\w*|centimet\w*)\b"}
"""Words naming one kind of quantity, by the unit a number task answers in."""


def quantity_not_presence(scores: dict[str, float], ask: Ask) -> None:
    """A quantity asked of a lesion is that measurement; a lesion's presence needs a presence word. A question naming
    one kind of quantity ("pancreatic lesion volume?") asks no number of another unit (HU, mm)."""
    if ask.has(QUANTITY) and not ask.has(PRESENCE):
        penalise(scores, ask.existence_tasks(), 0.15)
    if ask.lesion_named and ask.has(r"\bsizes?\b") and not ask.has(KIND_OF_QUANTITY["mL"] + r"|\bvolumetric\w*") \
            and not ask.has(OUTLIER + r"|\b(next|second)[- ](biggest|largest|one)\b|\b(twice|times) (the|as)\b"):
        # "three times the size of the next biggest" compares lesions
        boost(scores, "largest lesion diameter", 0.08)  # a lesion's size is its longest diameter, unless a volume
        penalise(scores, ("lesion volume measurement",), 0.08)
    kinds = [unit for unit, words in KIND_OF_QUANTITY.items() if ask.has(words)]
    if len(kinds) == 1:
        penalise(scores, (t for t, unit in ask.units.items() if ask.forms.get(t) == "number" and unit in
                          KIND_OF_QUANTITY and unit != kinds[0]), 0.1)


def against_the_limit(scores: dict[str, float], ask: Ask) -> None:
    """"Liver volume above the normal range?" asks whether it is, not how much it is ("by how much?" does)."""
    # "Does the spleen measure within normal limits?": the organ's verb, not an order to measure
    low = re.sub(r"\bmeasures?(?= (\w+ )?(within|above|below|outside|beyond|over|under|in the normal)\b)", " ", ask.low)
    if ask.has(AGAINST_NORMAL) and not re.match(r"\s*(what|which|how)\b", ask.opening) \
            and not re.search(NUMERIC_ASK, low) and not asks_general_rule(ask.low):
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.15)
        penalise(scores, (KNOWLEDGE,), 0.15)  # this organ against the limit, not the limit itself
        if ask.has(r"\b(above|exceed\w*|beyond|over|greater|larger|bigger|more)\b"):
            for task in ("organ enlargement", "splenomegaly detection"):  # `refine` settles which by the organ
                boost(scores, task, 0.1)


def burden_as_ratio(scores: dict[str, float], ask: Ask) -> None:
    """A lesion volume put over its organ's volume is the tumour burden, not the lesion volume."""
    lesion, organ = re.search(LESION_VOLUME, ask.low), re.search(ORGAN_VOLUME, ask.low)
    if lesion and organ and re.search(PER, ask.low[min(lesion.end(), organ.end()):max(lesion.start(), organ.start())]):
        boost(scores, "tumor burden percentage", 0.12)
        penalise(scores, ("lesion volume measurement", "organ volume measurement"), 0.08)


def summed_organs(scores: dict[str, float], ask: Ask) -> None:
    """"Both kidneys together", "liver, spleen and kidneys altogether": one sum (a lesion count "altogether" is none)."""
    pair = ask.organs == ["kidney"] and (len(ask.ents.sides) == 2 or not ask.ents.sides and ask.has(
        r"\b(kidneys|renal|both|sides)\b|\btotal kidney volume\b"))  # "total kidney volume": both kidneys
    if (pair or len(ask.organs) >= 2) and not ask.lesion_named and ask.has(SUMMED_ORGANS):
        boost(scores, "organ aggregation", 0.08)
        penalise(scores, ("organ volume measurement",), 0.04)  # one sum asked, not each organ's own value


def solid_versus_cystic(scores: dict[str, float], ask: Ask) -> None:
    """Solid set against cystic in the kidney asks which kind the lesion is, not whether one exists."""
    low = ask.low
    solid, cystic = re.search(SOLID, low), re.search(CYSTIC, low)
    if "kidney" not in ask.organs or not (solid and cystic) or re.search(r"\bany(thing)?\b", low) or re.search(
            r"\b(simple cyst|indeterminate|fat-containing|bosniak)\b", low):
        return  # "a simple cyst or a solid mass?" names a renal mass category (Bosniak's scale), not the two kinds
    between = low[min(solid.end(), cystic.end()):max(solid.start(), cystic.start())]
    if re.search(OPPOSED, between) and not (re.search(DENIED_KIND, low) and not given_lesion(low)):  # "a solid tumour
        # rather than just cysts?": the tumour's presence, the cysts denied
        boost(scores, "lesion type classification", 0.12)
        penalise(scores, ("renal mass characterization", *ask.existence_tasks()), 0.1)


RESECTION = r"\b(resect\w*|operab\w*|operat\w*|surg\w*|remov\w*|excis\w*|whipple|pancreatectomy)"
CYSTIC_KIND = r"\b(cysts?|cystic|pseudocysts?|ipmns?|intraductal|mucinous|serous)\b"


PAST_RESECTION = (r"\b(after|since|following|post|status post|s/p)( an?| the| his| her| their)? (\w+ ){0,2}(whipple|"
                  r"resect\w*|surg\w*|operat\w*|pancreatectomy|excision)( resection)?( \([^()]*\))?")
"""A resection already done ("after the Whipple", "following surgery"): the history of the question."""


def resection_asked(scores: dict[str, float], ask: Ask) -> None:
    """"Is the PDAC resectable?", "Can the PNET be removed surgically?": resectability, not the finding's existence;
    a cyst's resection is its own task (a cyst word names it), a solid tumour's the other."""
    if "pancreas" not in ask.organs or not ask.has(RESECTION):
        return
    if not re.search(RESECTION, re.sub(PAST_RESECTION, " ", ask.low)):
        penalise(scores, ("pancreatic cyst resectability", "pancreatic lesion resectability"), 0.2)
        return  # "Three weeks after the Whipple, any pseudocyst?": a resection done is history, not asked
    cystic = ask.has(CYSTIC_KIND, with_options=True)
    boost(scores, "pancreatic cyst resectability" if cystic else "pancreatic lesion resectability", 0.12)
    penalise(scores, ask.existence_tasks(), 0.1)
    if not cystic:
        penalise(scores, ("pancreatic cyst resectability",), 0.1)


ORGAN_SIZE_ASKED = r"^\s*(how (large|big)|what (size|is the size))\b"


def size_of_an_organ(scores: dict[str, float], ask: Ask) -> None:
    """"How large is the pancreas?" asks its size, a number (the volume), not whether it is enlarged: a wh-question
    has no yes or no, unless it holds the organ against its normal size itself."""
    if ask.organs and not ask.lesion_named and re.match(ORGAN_SIZE_ASKED, ask.opening) \
            and not ask.has(r"\b(enlarg\w*|normal|megaly|upper limit|too (large|big))\b"):
        boost(scores, "organ volume measurement", 0.12)
        penalise(scores, ask.yes_no_tasks(), 0.12)


def steatosis_organ(scores: dict[str, float], ask: Ask) -> None:
    """Pancreatic steatosis needs the pancreas named; steatosis of no organ named is the liver's."""
    if "pancreas" not in ask.organs and not ask.has(r"\bpancrea\w*|\bp/s\b", with_options=True):
        penalise(scores, ("pancreatic steatosis",), 0.15)


NUMBER_ONLY = (r"\b(number|value|figure|measurement) only\b|\bjust the (number|value|figure)\b|\bonly the (number|value|figure)\b|"
               r"\bno (interpretation|grading|grade|category|classification|class)\b|\b(the )?(number|value|figure),? not (a|an|the|"
               r"its)\b|\bwithout (interpretation|a grade|grading|a category|classif\w*)\b")
"""A number asked with the category set aside: "number only, no interpretation about fat", "I want the number, not a
Bosniak class"."""


def number_only(scores: dict[str, float], ask: Ask) -> None:
    """A number asked with the category set aside is the measurement, not the finding the category would grade."""
    if re.search(NUMBER_ONLY, ask.low):
        penalise(scores, (t for t, form in ask.forms.items() if form != "number"), 0.2)


def attenuation_set_over(scores: dict[str, float], ask: Ask) -> None:
    """One organ's attenuation set over another's ("Liver compared to spleen in HU?", "liver over spleen attenuation")
    asks their ratio, not one organ's HU; a yes/no question ("Is the liver darker than the spleen?") asks the finding."""
    if ask.ents.hu_ratio and not re.match(POLAR, ask.opening) and not ask.lesion_named:
        boost(scores, "organ HU ratio", 0.15)
        penalise(scores, ("organ HU measurement",), 0.1)


HOW_FAR_APART = (r"\bhow (far|much|many (hu|hounsfield units?|units))( \w+)? (below|above|under|over|lower|higher|darker|"
                 r"brighter|less|more|denser)\b|\bby how (much|many)\b")
"""The size of a gap asked ("how far below", "how much darker", "by how many HU"): a number, not a direction."""
HU_WORD = r"\b(hu|hounsfield|attenuat\w*|dens\w*|darker|brighter)\b"


def attenuation_words(scores: dict[str, float], ask: Ask) -> None:
    """A lesion's attenuation category versus a number in HU versus attenuation used as evidence."""
    low, lesion_named = ask.low, ask.lesion_named
    if re.search(NUMERIC_ASK, low) and re.search(r"\bdiffer\w*", low):
        penalise(scores, ("largest lesion attenuation",), 0.1)
    elif lesion_named and re.search(HOW_FAR_APART, low) and re.search(HU_WORD, low):
        boost(scores, "tumor organ HU difference", 0.08)  # "How far below the liver's attenuation does the lesion sit?":
        penalise(scores, ("largest lesion attenuation",), 0.1)  # the size of the gap asked, not its direction
        penalise(scores, ("lesion volume measurement", "lesion type classification", "renal mass characterization"),
                 0.1)  # "How much darker is the kidney cyst than the kidney?": a number, not an amount of it nor its kind
    elif re.search(r"\b(type|kind|likely|diagnos\w*|characteri\w*|categor\w*|classif\w*|based on|by its|suggest\w*|"
                   r"consistent with|simple cyst)\b", low) and not re.search(
                       r"\b(characteri[sz]e|describe|classify|categori[sz]e) (the )?(\w+ )?(attenuation|density|enhancement)\b",
                       low):  # "characterise the density of the lesion" asks the attenuation
        penalise(scores, ("largest lesion attenuation",), 0.08)  # attenuation is the evidence, not the ask
    elif lesion_named and re.search(r"\b(attenuat\w*|dens\w*|enhanc\w*)\b", low) and not re.search(NUMERIC_ASK, low):
        boost(scores, "largest lesion attenuation", 0.06)
    if (re.match(r"\s*((is|are) there|any)\b", ask.opening) or re.search(r"\b(present|presence|seen|visible|evident)\s*\??\s*$",
                                                                           low)) and not ask.ents.largest:
        penalise(scores, ("largest lesion attenuation",), 0.1)  # "Is there a hyperenhancing NET?" asks presence
    if re.search(r"\bhow (does|do|is|are) [^?]{0,40}\b(attenuate|appear|look|enhance)\b", low) and not re.search(NUMERIC_ASK, low):
        boost(scores, "largest lesion attenuation", 0.1)  # "how does the largest lesion attenuate?" asks its category
        penalise(scores, ("tumor organ HU difference",), 0.08)
    if not ask.has(ATTENUATION_ADJECTIVE + r"|attenuat|dens|dark|bright|enhanc|\bhu\b|hounsfield|appear|look|"
                   r"intensity|signal|grey|gray", with_options=True):
        penalise(scores, ("largest lesion attenuation",), 0.12)
    if lesion_named and re.search(NUMERIC_ASK, low) and re.search(r"\b(hu|hounsfield|attenuat\w*|densit\w*|enhanc\w*|differ\w*)",
                                                                  low) and not (re.search(r"\bin (hu|hounsfield)", low) and not re.search(r"differ|than|versus|\bvs\b|compar|relativ|minus", low)):
        boost(scores, "tumor organ HU difference", 0.1)
    if re.search(r"\bexclud\w* (the )?lesions?\b|\bparenchyma\b", low) and not re.search(
            r"\b(minus|differ\w*|versus|vs|compared|relative|than)\b", low):
        penalise(scores, ("largest lesion attenuation", "tumor organ HU difference"), 0.15)


GATES = (number_only, attenuation_set_over, basis_before_a_finding, quantity_not_presence, against_the_limit, burden_as_ratio, summed_organs, solid_versus_cystic,
         resection_asked, steatosis_organ, size_of_an_organ)
"""In the order `questions.gates.apply` runs them, after the kind gates."""
