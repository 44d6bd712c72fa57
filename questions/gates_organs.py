"""Gates on questions that set organs against each other, where the embedder reads the organs but not the ask.

- organs ranked, ordered or pooled with no lesion word ("Which organ is the biggest?", "Order the organs by mean
  HU", "the average HU if you pool liver, spleen and pancreas") is organ aggregation: the organs' own values,
  not a comparison of their lesion burden;
- the two kidneys set against each other by how much ("By how many mL does the right kidney exceed the left?",
  "how different are they?") is the kidney volume comparison (both volumes, which is larger), not one kidney's volume;
- the kidneys held against what they should be ("larger than they should be") is enlargement, not the two compared;
- which of the two kidneys is larger ("Which kidney has the larger volume?", "R>L or L>R?") is their comparison, a
  difference that matters ("a significant size discrepancy?") their asymmetry;
- the band of a graded finding asked ("what category does the spleen fall into?") is its grading.
"""

from __future__ import annotations

import re

from core.anatomy import family
from questions.ask import Ask, boost, penalise
from questions.cues import LESION_WORDS, NEAR
from questions.intents import extract

RANKED = (r"\b(biggest|largest|smallest|heaviest|lightest|densest|brightest|darkest|highest|lowest|greatest|least "
          r"(dense|attenuating|bulky)|most (dense|attenuating|voluminous|bulky)|max(imum)?|min(imum)?)\b")
"""A superlative that picks one organ by its own value."""
ORDERED = r"\b(order|rank|sort|arrange|line up)\w*\b|\bfrom (the )?(highest|lowest|largest|smallest|biggest|densest)\b"
"""Organs put in order of a value."""
POOLED = r"\b(pool\w*|(averag\w*|mean) (across|over|of all)|aggregat\w*|all (of )?(them|the organs) together)\b"
"""Organs' values taken together as one."""
MANY_ORGANS = r"\borgans\b|\b(which|what) (solid |abdominal )?organ\b|\bof all\b|\b(each|every) organ\b"
"""The organs asked about as a set, unnamed."""
DISEASE = r"\b(burden|load|involv\w*|affect\w*|disease\w*|metasta\w*|deposits?|spread)\b"
"""Words of lesion burden: organs compared by their disease are the burden comparison."""
KIDNEYS_SET_AGAINST = (r"\b(exceed\w*|out-?(size|weigh|measure)\w*|differ\w*|difference|discrepan\w*|"
                       r"how (much|many \w+) (larger|bigger|smaller|more|less)|(larger|bigger|smaller) by|by how (much|many)|"
                       r"minus|subtract\w*)\b|"
                       r"\bside by side\b")
"""The two kidneys set against each other by how much: a difference. A ratio asked ("Left:right kidney volume ratio?")
stays the organ volume task with the ratio as its quantity (`questions.resolve.quantities_for`), which answers it as
a number; the comparison task answers which kidney is larger."""
PICK_OF_TWO = r"\bthe (bigger|larger|smaller|heavier|lighter|bulkier|longer|shorter) (one|of the two|kidney|side)\b"
"""One of the pair picked by a comparative ("Is the left kidney the bigger one?"): which of the two, not one's size."""
AGAINST_EXPECTED = (r"\b(than (they|it) (should|ought to) be|than (expected|normal|usual)|for (an? )?(adult|age|"
                    r"patient|person))\b")
"""An organ held against what it should be, not against its pair."""


def organs_ranked(scores: dict[str, float], ask: Ask) -> None:
    """Organs ranked, ordered or pooled by their own values are organ aggregation."""
    families = {family(s) for s in ask.ents.structures}
    several = bool(re.search(MANY_ORGANS, ask.low)) or len(families) >= 3
    if ask.lesion_named or re.search(DISEASE, ask.low) or not several:
        return
    if ranks_or_pools(ask.low):
        boost(scores, "organ aggregation", 0.4)  # against the summing gate and the unit gate (aggregation is in mL)
        penalise(scores, ("multi-organ lesion burden comparison",), 0.3)  # no lesion word: no lesion burden
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry", "organ HU measurement",
                          "organ HU ratio", "organ volume measurement"), 0.15)


def ranks_or_pools(low: str) -> bool:
    """Whether organs are ranked, ordered or pooled ("which is the densest: liver, spleen or pancreas?"), so their
    values are read together, not given one by one."""
    return bool(re.search(RANKED, low) or re.search(ORDERED, low) or re.search(POOLED, low))


RANKED_LOW = r"\b(smallest|lightest|least|lowest|darkest|min(imum)?)\b"
"""A superlative that picks the organ with the lowest value."""
ATTENUATION = r"\b(dens\w*|attenuat\w*|bright\w*|dark\w*|hu|hounsfield)\b"
"""Organs ranked by their attenuation, not their size."""
RANKED_ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas")
"""The solid organs "which organ is the biggest?" ranks when it names none."""


def ranking(low: str, structures: list[str]) -> dict[str, object]:
    """An organ aggregation that ranks or orders organs (not pooled): the direction asked (`comparison`: `larger` for
    "the biggest", `smaller` for "the smallest") and each organ's own value (volume, or mean HU when attenuation is
    asked), so the answer ranks them; {} for a sum or a pooled value."""
    if re.search(POOLED, low) or not (re.search(RANKED, low) or re.search(ORDERED, low)):
        return {}
    organs = list(dict.fromkeys(structures)) or list(RANKED_ORGANS)
    name = "mean_hu" if re.search(ATTENUATION, low) else "volume_ml"
    return {"comparison": "smaller" if re.search(RANKED_LOW, low) and not re.search(r"\blargest\b", low) else "larger",
            "quantities": [f"{organ}.{name}" for organ in organs]}


WHICH_OF_TWO = (r"\bwhich (kidney|one|side)\b[^?]{0,40}\b(larger|bigger|smaller|greater|more voluminous|volume)\b|"
                r"\b(larger|bigger|smaller|greater) (kidney|one|side)\b[^?]{0,10}\bwhich\b|"
                r"\b(r|right|l|left) (larger|bigger|greater) than (l|left|r|right) or (l|left|r|right) (larger|bigger|greater) than\b")
"""Which of the two kidneys is larger ("Which kidney has the larger volume?", "R>L or L>R?"): the comparison."""
MATTERS = (r"\b(significant\w*|meaningful\w*|marked\w*|relevant|notabl\w*|appreciabl\w*|important|clinically|real)\b[^?]{0,30}"
           r"\b(differ\w*|discrepan\w*|asymmetr\w*|disparit\w*|mismatch)")
"""A difference that matters ("significant L/R size discrepancy?", "no meaningful size difference"): the asymmetry, a
yes/no, not how much."""


def kidneys_set_against(scores: dict[str, float], ask: Ask) -> None:
    """The two kidneys compared by how much they differ; the kidneys against normal are their enlargement; which of the
    two is larger is their comparison; a difference that matters is their asymmetry."""
    if ask.organs != ["kidney"]:
        return
    asked = re.split(r"[.;]\s+", ask.low.rstrip(" ?.!"))[-1]  # "Left RCC. Which kidney is larger?": the last sentence asks
    if re.search(WHICH_OF_TWO, asked) and not re.search(LESION_WORDS, asked):
        boost(scores, "kidney volume comparison", 0.2)
        penalise(scores, ("bilateral kidney asymmetry", "organ enlargement", "organ aggregation", "organ volume measurement",
                          "multi-organ lesion burden comparison"), 0.15)
        return
    if ask.lesion_named:
        return
    if re.search(MATTERS, ask.low):
        boost(scores, "bilateral kidney asymmetry", 0.2)
        penalise(scores, ("kidney volume comparison", "organ enlargement", "organ volume measurement"), 0.15)
        return
    if re.search(AGAINST_EXPECTED, ask.low) and len(ask.ents.sides) < 2:
        boost(scores, "organ enlargement", 0.1)
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.1)
        return
    pair = len(ask.ents.sides) >= 2 or re.search(r"\b(kidneys|they|them|both|two|each other|the other|which kidney)\b",
                                                  ask.low) \
        or re.search(r"\b(left|right)\b[^?]{0,30}\b(the )?(left|right)\b", ask.low)
    polar = re.match(r"\s*(is|are|do|does|has|have)\b", ask.opening) or re.search(
        r"[:;.?–—-]\s*(is|are|do|does|has|have)\b", ask.low)  # "Is there a left-right difference?": asymmetry
    if re.search(PICK_OF_TWO, ask.low):
        boost(scores, "kidney volume comparison", 0.15)  # "Is the left kidney the bigger one?": which of the two
        penalise(scores, ("organ enlargement", "organ volume measurement"), 0.1)
    elif pair and re.search(KIDNEYS_SET_AGAINST, ask.low) and not polar:
        boost(scores, "kidney volume comparison", 0.25)
        penalise(scores, ("organ volume measurement", "organ aggregation", "organ enlargement"), 0.15)


CATEGORY_ASKED = (r"\b(what|which) (\w+ ){0,2}(category|grade|class|band|degree)\b[^?]{0,40}\b(fall|belong|fit|sit|lie)s?\b|"
                  r"\b(fat|steatosis|size|splenomegaly) (category|grade|class|band|degree)\b")
"""A graded finding's band asked ("what category does the spleen fall into?", "liver fat category"): its grading."""


TERSE_CATEGORY = r"^\s*(the )?(\w+ ){1,2}(classification|category|class|grade|grading|stage|staging)\s*\??\s*$"
"""A category asked in a few words ("Bosniak classification?", "Steatosis grade?"): this case's, where a definition is
asked in words ("What is the Bosniak classification?", "What does Bosniak IIF mean?")."""


def category_of_a_graded_finding(scores: dict[str, float], ask: Ask) -> None:
    """The band of a graded finding asked is its grading, not its presence nor the value it rests on; a category asked
    in a few words is this case's, not a definition."""
    if ask.has(TERSE_CATEGORY):
        penalise(scores, ("knowledge question",), 0.3)
    if ask.has(CATEGORY_ASKED) and not ask.lesion_named:
        boost(scores, "hepatic steatosis grading" if "liver" in ask.organs else "splenomegaly grading", 0.12)
        penalise(scores, ("fatty liver", "splenomegaly detection", "organ volume measurement", "organ HU measurement"), 0.08)


GRADE_LETTERS = r"\b(steatosis|fatty|fat)\b[^?]*\b[sg] ?[0-3]\b"
"""A steatosis grade offered by its letter ("Hepatic steatosis: S1, S2 or S3?")."""
ADDED = r"\b(liver|spleen|pancreas|kidneys?|stomach|colon|gall ?bladder)\s*(\+|&)\s*(liver|spleen|pancreas|kidneys?|stomach|colon)\b"
"""Organs joined by a plus sign ("liver+spleen volume?"): one sum."""
DISCREPANCY = r"\b(discrepan\w*|disparit\w*|mismatch\w*|a?symmetr\w*|differen\w*)\b"


def offered_organs_and_sums(scores: dict[str, float], ask: Ask) -> None:
    """Options that are organs, asked which holds the most disease, are the burden comparison; a steatosis grade offered
    by letter is its grading; organs joined by "+" are summed; a size discrepancy of the kidney asked with a cut-off or
    yes/no is their asymmetry."""
    offered = [extract(o.text).organs for o in ask.choice_set.options] if ask.choice_set is not None else []
    organs = {family(o[0]) for o in offered if len(o) == 1}
    if len(offered) >= 2 and len(organs) == len(offered) and (ask.lesion_named or re.search(DISEASE, ask.low)) \
            and not re.search(NEAR, ask.low) \
            and not re.search(r"\b(largest|biggest|dominant|main) (\w+ )?(lesion|tumou?r|mass|cyst)", ask.low):  # "Where is
        # the lesion burden greatest? A) liver B) kidneys C) pancreas"
        boost(scores, "multi-organ lesion burden comparison", 0.2)
        penalise(scores, ("largest lesion location", *ask.existence_tasks()), 0.12)
    if ask.has(GRADE_LETTERS) and "liver" in ask.organs:
        boost(scores, "hepatic steatosis grading", 0.15)
        penalise(scores, ("fatty liver",), 0.1)
    if ask.has(ADDED) and not ask.lesion_named:
        boost(scores, "organ aggregation", 0.15)
        penalise(scores, ("organ volume measurement",), 0.1)
    if ask.organs == ["kidney"] and not ask.lesion_named and ask.has(r"\b(size|volume)\b") and ask.has(DISCREPANCY) and (
            ask.has(r"%|\bper ?cent\w*|\by(es)? ?/ ?n(o)?\b|\bor not\b") or re.match(r"\s*(is|are|do|does)\b", ask.opening)):
        boost(scores, "bilateral kidney asymmetry", 0.2)  # "Kidney size discrepancy over 20%? yes/no"
        penalise(scores, ("organ enlargement", "kidney volume comparison"), 0.12)


ORGAN_CONTACT = (r"\b(which|what) (of (the|these) (following )?)?(other )?(\w+ )?(structures?|organs?|viscus|viscera|"
                 r"neighbou?rs?|ones?)\b[^?]{0,40}\b(in (direct |close )?contact with|touch\w*|abut\w*|border\w*|"
                 r"adjacent to|next to|neighbou?r\w*|(up )?against|in continuity with)\b")
"""Which structure touches an organ: its neighbours asked, not a comparison of the organs named in the options."""


def organ_contact(scores: dict[str, float], ask: Ask) -> None:
    """"Which structure is in direct contact with the left kidney?" with no lesion word asks the organ's own
    neighbours (`adjacent organ` on the organ); options naming the other kidney or other organs do not make it a
    comparison of their sizes."""
    if ask.lesion_named or not ask.organs or not ask.has(ORGAN_CONTACT):
        return
    boost(scores, "adjacent organ", 0.3)
    penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry", "organ volume measurement",
                      "organ aggregation", "organ enlargement"), 0.2)


GATES = (organs_ranked, kidneys_set_against, category_of_a_graded_finding, offered_organs_and_sums, organ_contact)
