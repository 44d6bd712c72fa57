"""An attenuation word said of a lesion is the attenuation measured for it.

"The lesion is hyperattenuating (58.5 HU vs 99.8 HU), typical of a neuroendocrine tumour" of a pancreatic lesion
measured hypoattenuating (`pancreas_lesion.largest_lesion_attenuation` = hypo) states a finding the evidence denies,
whether or not the answer cites that item. The measured category is DeepTumorVQA's (iso within a tenth of the organ's
SD, hypo below, hyper above: `agents.measures.lesions`); the word is read for the group's largest lesion, which a
sentence about "the lesion", "the largest", "the dominant" or a group of one lesion speaks of.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.bound_words import sentences
from agents.review_checks.clauses import asserted
from core.anatomy import LESION_GROUP, family
from core.case import Evidence
from questions.intents import Entities, extract

__all__ = ["misstated_attenuation"]

WORD = re.compile(r"\b(?P<kind>hypo|hyper|iso)[- ]?(?:attenuat\w*|dense|density|enhanc\w*)\b", re.IGNORECASE)
ONE_LESION = re.compile(r"\b(?:the|this|its|largest|biggest|dominant|index|main)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:lesion|tumou?r|mass|cyst|nodule)\b|\blargest\b|\bdominant\b", re.IGNORECASE)
OTHER_RANK = re.compile(r"\b(?:second|2nd|third|3rd|fourth|4th|next|smallest|smaller|other)\b", re.IGNORECASE)
"""A lesion other than the largest named in the sentence ("the second-largest", "the smaller one")."""
ABSOLUTE_BAND = re.compile(r"\s*\(\s*[<>≤≥]=?\s*-?\d+(?:\.\d+)?\s*HU\s*\)", re.IGNORECASE)
"""An absolute HU band after the word ("Hyperattenuating (>70 HU)")."""
NOT_OF_LESION = re.compile(r"\b(?:relative to|compared with|than|vs\.?|versus)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$",
                           re.IGNORECASE)


def misstated_attenuation(review: ReviewInput) -> list[str]:
    """Each asserted hypo/iso/hyper word of a sentence about one lesion group's largest lesion that its measured
    attenuation category contradicts."""
    problems = []
    absolute = review.intent.task == "renal mass characterization"  # its categories are absolute HU bands (Bosniak)
    for _, sentence in sentences(review.claim_text):
        for word in WORD.finditer(sentence):
            if not asserted(sentence, word) or NOT_OF_LESION.search(sentence[:word.start()]):
                continue
            if absolute or ABSOLUTE_BAND.match(sentence, word.end()):
                continue  # "Hyperattenuating (>70 HU)": a cited criterion's absolute-HU category (a renal mass's
                # Bosniak band), not the lesion against its organ; rule_grounding holds it to the criterion
            ents = extract(sentence)
            organs = {str(family(o)) for o in ents.organs} & set(LESION_GROUP)
            groups = {LESION_GROUP[o] for o in organs} or ({review.intent.lesion} if review.intent.lesion else set())
            if len(groups) != 1:
                continue
            group = groups.pop()
            measured = review.by_key.get(f"{group}.largest_lesion_attenuation")
            count = review.number(f"{group}.lesion_count")
            if measured is None or not isinstance(measured.value, str) or measured.value not in ("hypo", "iso", "hyper"):
                continue
            if review.intent.lesion_rank not in (None, 1) or OTHER_RANK.search(sentence):
                continue  # "the 2nd-biggest kidney lesion is hyperattenuating": not the largest lesion's word
            if count != 1 and ONE_LESION.search(sentence) is None:
                continue  # several lesions, none singled out: the word may be of another one
            if not _of_largest(review, group, ents, measured):
                continue  # "the left kidney's cyst" of a group whose largest lesion is a right kidney tumour
            said = word["kind"].lower()
            if said != measured.value:
                problems.append(f"says {word.group(0)!r} of the {group.replace('_', ' ')}, but its largest lesion "
                                f"was measured {measured.value}attenuating ({measured.id!r})")
    return list(dict.fromkeys(problems))


def _of_largest(review: ReviewInput, group: str, ents: Entities, measured: Evidence) -> bool:
    """Whether the side and lesion kind the sentence names (`ents`), where it names them, are those of the group's
    largest lesion, whose attenuation item is `measured`."""
    from agents.review_checks.typed_kinds import kind_of_item

    host = review.by_key.get(f"{group}_1.organ")
    if ents.sides and (host is None or not any(str(host.value).endswith(side) for side in ents.sides)):
        return False
    kind = kind_of_item(review, measured)
    return not ents.lesion_kinds or kind is None or kind in ents.lesion_kinds
