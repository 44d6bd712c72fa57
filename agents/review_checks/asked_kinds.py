"""The kind of answer the question's own words ask, read again by the reviewer when the parse lost it.

Understanding may read "Is there any new liver lesion?" as lesion existence, "What is the AJCC T category of the
renal mass?" as a renal HU characterisation, or "Did the burden increase or decrease?" as the burden itself; each
answer then passes every check of the parsed intent. What the words plainly ask is held against the answer:

- an interval change of lesions ("any new lesion?", "has any lesion disappeared?"): the answer rests on a prior
  study (a cited prior value, change or new-lesion count), not on the current study alone;
- a T category ("AJCC T category", "T stage"): the answer states one (T1a, T2, Tis, ...);
- a direction ("increase or decrease?", "larger or smaller?"): the answer states one, or no change;
- stability ("is the cyst stable in size?"): yes or no, a direction or a change;
- a volume as a further part ("the number of lesions and their combined volume"): a volume is stated;
- a size ("What is the size of the kidney cyst?", "How large is the renal mass?"): a length or a volume is stated,
  not the lesion's nature or grade.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, numeric, stated_numbers
from questions.lesion_kinds import ORDINAL, SMALLEST
from questions.longitudinal import PERCENT_SAID

INTERVAL_ASKED = re.compile(r"\bnew\b(?:\s+[\w-]+){0,3}?\s+(?:lesions?|tumou?rs?|mass(?:es)?|nodules?|metastas[ie]s|foci|"
                            r"cysts?)\b|\b(?:disappear\w*|resolv\w*|vanish\w*|no longer (?:seen|visible|present))\b",
                            re.IGNORECASE)
"""Lesions that appeared or went away between two studies."""
INTERVAL_CITED = re.compile(r"^(?:prior_|baseline_|nadir_)|change|new_lesion|resolved|disappeared")
T_ASKED = re.compile(r"\bT[- ]?(?:stage|category|classification)\b|\bAJCC\b[^?]*\b(?:T|stage|category)\b|\bTNM\b",
                     re.IGNORECASE)
T_SAID = re.compile(r"\b(?:c|p|y)?T(?:is|x|0|[1-4][a-d]?)\b")
DIRECTION_ASKED = re.compile(r"\b(?:increas\w*|grow\w*|grew|larger|bigger|risen|rise|enlarg\w*)\s+or\s+"
                             r"(?:decreas\w*|shr\w*|smaller|fall\w*|fell|reduc\w*)\b|\b(?:decreas\w*|shr\w*|smaller)\s+or\s+"
                             r"(?:increas\w*|grow\w*|grew|larger|bigger)\b", re.IGNORECASE)
STABLE_ASKED = re.compile(r"^\s*(?:is|are|has|have|was|were|did|does|do)\b[^?]*\b(?:stable|unchanged)\b", re.IGNORECASE)
VOLUME_PART = re.compile(r"\band (?:the |its |their )(?:combined |total |aggregate |summed |overall )?volumes?\b",
                         re.IGNORECASE)
CHANGE_VALUE_ASKED = re.compile(r"^\s*(?:what|by how much|how much|how many)\b[^?]*\b(?:change[sd]?|differ\w*)\b(?=[^?]*"
                                r"\b(?:in|of|since|from|versus|vs\.?|compared|prior|previous|earlier|baseline|before)\b)",
                                re.IGNORECASE)
"""A change asked as a value ("What is the change in total tumour volume in mL?")."""
PERCENT_ASKED = re.compile(PERCENT_SAID, re.IGNORECASE)
ABSOLUTE_ASKED = re.compile(r"\b(?:mm|cm|ml|cc|millimet\w*|centimet\w*|millilit\w*|absolute)\b", re.IGNORECASE)
"""A change asked in percent ("the percent change in the largest lesion's diameter"), and one asked in units too."""
TIME_WORDS = re.compile(r"\b(?:prior|previous\w*|earlier|baseline|before|since|interval|follow-?up|last)\b", re.IGNORECASE)
BOTH_TIMES_ASKED = re.compile(r"\bnow\b[^?]*\b(?:versus|vs\.?|and|compared|against)\b[^?]*\b(?:before|then|previously|"
                              r"prior|baseline|earlier)\b|\b(?:before|then|previously)\b[^?]*\b(?:and|versus|vs\.?)\b[^?]*"
                              r"\b(?:now|today|currently)\b", re.IGNORECASE)
"""Both studies' values asked ("How many lesions are there now versus before?"): the answer leads with them."""
SIZE_ASKED = re.compile(r"^\s*(?:what|how)\b(?!\s+many\b)(?:(?!\b(?:grade|category|class|stage|normal|enlarg\w*|type|"
                        r"nature|change\w*|differ\w*|number|count|relative|compar\w*|symmetr\w*|asymmetr\w*)\b)[^?])*"
                        r"\b(?:size|dimensions?|diameter|how (?:large|big)|measure)\b",
                        re.IGNORECASE)
"""A size asked as a value (not a size grade, a normality, a change, a comparison of relative sizes, nor a count of
lesions of a size)."""
SUM_ASKED = re.compile(r"\b(?:sum|total|combined|aggregate|summed|added)\b(?:\s+(?:of|of the|of all|of all the))?(?:\s+[\w-]+)"
                       r"{0,3}?\s+(?:diameters?|sizes?|lengths?|dimensions?)\b", re.IGNORECASE)
"""A sum of lesion diameters asked ("the sum of the liver lesion diameters", "total diameter of the tumours")."""
SIGNED = re.compile(r"(?<![\w.])[+\-−]\s?\d")


def none_there(review: ReviewInput, chosen: str) -> bool:
    """Whether the answer says there is no such lesion ("No pancreatic tumour") and a cited count of 0 shows it: there
    is nothing to stage."""
    from agents.reasoners.compose import NO_LESION_OPTION

    return bool(NO_LESION_OPTION.search(chosen)) and any(e.name == "lesion_count" and numeric(e) == 0 for e in review.cited)


def kind_absent(review: ReviewInput) -> str | None:
    """Why the chosen option's "no <kind>" holds ("D. No solid pancreatic tumour" beside a 7 HU cyst: the question's
    "pancreatic cancer" is no lesion measured), read the reasoner's way (`asked_kind.asked_lesion`: every lesion of the
    group plainly of the other kind, on a complete lesion set); None otherwise."""
    from agents.reasoners.asked_kind import asked_lesion, content_entry
    from agents.reasoners.compose import says_kind_absent

    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    if not option:
        return None
    measured = review.measured
    asked = asked_lesion(review.intent, measured, content_entry(review.intent, review.base))
    if asked is None or not asked.none_of_kind or not says_kind_absent(option, asked.kind) or \
            f"{asked.group}.lesion_count_lower_bound" in measured:
        return None
    return asked.reason


def kinds_lost(review: ReviewInput, chosen: str) -> list[str]:
    """What the question's words ask that the answer (`chosen`: the option's words and the claim) does not give."""
    from agents.review_checks.change import DECREASE, INCREASE, STEADY
    from agents.review_checks.meaning import UNCHANGED

    question = review.question or ""
    problems = []
    interval = INTERVAL_ASKED.search(question)
    if interval and not any(INTERVAL_CITED.search(e.name) or e.target in ("recist", "new_lesions")
                            for e in review.cited):
        problems.append(f"the question asks about an interval change ({interval.group(0)!r}), but the answer rests on "
                        "the current study alone")
    if T_ASKED.search(question) and not T_SAID.search(chosen) and not none_there(review, chosen):
        problems.append(f"the question asks a T category ({T_ASKED.search(question).group(0)!r}), but the answer "  # type: ignore[union-attr]
                        "states none")
    direction = DIRECTION_ASKED.search(question)
    moved = any(p.search(chosen) for p in (INCREASE, DECREASE, STEADY, UNCHANGED)) or SIGNED.search(chosen)
    if direction and not moved:
        problems.append(f"the question asks which way it went ({direction.group(0)!r}), but the answer states no "
                        "direction")
    if STABLE_ASKED.search(question) and not _committed(chosen) and not moved:
        problems.append("the question asks whether it is stable, but the answer states neither yes nor no nor a change")
    if VOLUME_PART.search(question) and not any(m.unit in ("mL", "L") for m in stated_numbers(chosen)):
        problems.append(f"the question asks {VOLUME_PART.search(question).group(0)!r}, but the answer states no "  # type: ignore[union-attr]
                        "volume")
    offered = [m for option in (review.choices or {}).values() for m in stated_numbers(option)]
    if SIZE_ASKED.search(question) and (offered or not review.choices) and not none_there(review, chosen) and \
            not any(m.unit in ("mm", "cm", "mL", "L") for m in stated_numbers(chosen)):  # "No colonic lesion present"
        problems.append(f"the question asks a size ({SIZE_ASKED.search(question).group(0).strip()!r}), but the answer "  # type: ignore[union-attr]
                        "states no length or volume")
    problems += _change_kinds(review, question)
    summed = _sum_not_given(review, question)
    return problems + ([summed] if summed else [])


def _sum_not_given(review: ReviewInput, question: str) -> str | None:
    """A sum of diameters asked of two or more lesions, answered with a number that is not their sum (the largest
    lesion's diameter), recomputed from each lesion's measured longest diameter."""
    from core.anatomy import instance_of

    head = next((m for m in stated_numbers(review.headline) if m.unit in ("mm", "cm")), None)
    if not SUM_ASKED.search(question) or head is None or review.intent.lesion is None:
        return None
    diameters = [float(e.value) for e in review.evidence if e.name == "longest_diameter_mm"  # type: ignore[arg-type]
                 and isinstance(e.value, int | float) and (inst := instance_of(e.target)) is not None
                 and inst[0] == review.intent.lesion]
    converted = head.in_evidence_unit()
    if len(diameters) < 2 or converted is None:
        return None
    total = sum(diameters)
    slack = head.tolerance * (converted[1] / head.value if head.value else 1.0) + 0.05
    if abs(converted[1] - total) <= slack:
        return None
    return (f"the question asks the sum of the diameters of {len(diameters)} lesions ({total:.1f} mm), but the answer "
            f"gives {review.headline[:40]!r}")


def _change_kinds(review: ReviewInput, question: str) -> list[str]:
    """A change asked, a study's own value given; both studies' values asked, only their change given."""
    from agents.review_checks.base import items_stating

    measured = [e for e in review.evidence if e.kind in ("measurement", "finding") and e.value is not None]
    changes = [e for e in measured if "change" in e.name or "difference" in e.name]
    if not changes or not any(e.name.startswith(("prior_", "baseline_")) for e in measured):
        return []  # one study: no change to ask of it
    head = next(iter(stated_numbers(review.headline)), None)
    if head is None:
        return []
    relative = [e for e in changes if e.unit == "%"]
    said_relative = any(m.unit == "%" and items_stating(m, relative) for m in stated_numbers(review.claim_text))
    if PERCENT_ASKED.search(question) and not ABSOLUTE_ASKED.search(question) and head.unit in ("mm", "cm", "mL", "L") \
            and not said_relative:  # "from 22.6 mm to 33.9 mm: +50 %" leads with the sizes and gives the percent
        return [f"the question asks the change in percent, but the answer gives {review.headline[:40]!r}, an absolute "
                "change"]
    states_change = bool(items_stating(head, changes))
    if CHANGE_VALUE_ASKED.search(question) and (TIME_WORDS.search(question) or re.search(r"\bchange in\b", question, re.I)) \
            and not states_change and (own := [e for e in items_stating(head, measured) if e not in changes]):
        return [f"the question asks a change, but the answer gives {own[0].name} ({own[0].id!r}), a study's own value"]
    if BOTH_TIMES_ASKED.search(question) and states_change and not items_stating(head, [e for e in measured
                                                                                     if e not in changes]):
        return ["the question asks the values on both studies, but the answer leads with their change"]
    return []


def _committed(text: str) -> bool:
    from questions.intents.answers import yes_no

    return any(yes_no(piece.lstrip(" .:—–-")) is not None for piece in re.split(r"[.;]\s", text))


__all__ = ["kinds_lost", "ranked_names"]


RANK_ASKED = re.compile(rf"\b(?:{ORDINAL})[\s-]+(?:largest|biggest|smallest)\b", re.IGNORECASE)
OWN_NAME = {"largest_lesion_diameter_mm": "longest_diameter_mm", "largest_lesion_volume_ml": "volume_ml",
            "largest_lesion_mean_hu": "mean_hu"}
"""A group's largest-lesion quantity -> each lesion's own item of it (`liver_lesion_2.longest_diameter_mm`)."""


def ranked_names(question: str | None, names: set[str]) -> set[str]:
    """The per-lesion quantities a question about a ranked lesion ("the second-largest liver lesion") is answered by:
    the lesion of that rank has no group item of its own."""
    ranked = RANK_ASKED.search(question or "") or SMALLEST.search(question or "")  # "the smallest liver lesion"
    return {OWN_NAME[n] for n in names if n in OWN_NAME} if ranked else set()
