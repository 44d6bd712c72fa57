"""Places stated anywhere in the answer: a lesion put in a segment, lobe or pancreatic part that does not hold it.

"36.9 mm, in the pancreatic tail" keeps the right diameter and puts the tumour in the wrong part; "Segment 7 of
the left lobe" names the right segment and the wrong lobe (Couinaud: segments 5 to 8 are the right liver,
2 and 3 the left); "25.3 mm; this lesion lies in segment 7" places the largest lesion where another lies.
Measurement records every lesion's places (`{group}_N.locations`, each sub-segment holding a tenth of it, and
`{group}_N.location`, the main one); a place said of a lesion must be one of its own, and a place said of no
lesion in particular must hold one. Which lesion a clause speaks of: the lesions its numbers are values of,
else the largest where it says "largest" or the question asks about the largest lesion.
"""

from __future__ import annotations

import itertools
import re

from agents.review_checks.base import ReviewInput, failed, items_stating, numeric, passed, stated_numbers
from agents.review_checks.clauses import clauses, denies
from core.anatomy import CAUDATE, RIGHT_LOBE, instance_of
from core.case import Check, Evidence
from questions.intents import locations_of
from questions.intents.answers import EVIDENCE_DIMENSION, NumberMention

__all__ = ["LOBE", "LOBE_SEGMENTS", "lesions", "lobe_conflicts", "misplaced_lesions", "mixed_lesions", "unlocated_places"]

_SEGMENT = "liver_segment_{}".format
LOBE_SEGMENTS: dict[str, frozenset[str]] = {
    "right": frozenset({*RIGHT_LOBE, _SEGMENT(4), CAUDATE}),  # segment 4 lies right of the falciform ligament
    "left": frozenset({_SEGMENT(2), _SEGMENT(3), _SEGMENT(4), CAUDATE}),  # and in the functional left liver
    "caudate": frozenset({CAUDATE}),
    "left lateral": frozenset({_SEGMENT(2), _SEGMENT(3)}),
    "left medial": frozenset({_SEGMENT(4)}),
    "right anterior": frozenset({_SEGMENT(5), _SEGMENT(8)}),
    "right posterior": frozenset({_SEGMENT(6), _SEGMENT(7)}),
}
"""The Couinaud segments each lobe, hemiliver or section holds; segment 1 (caudate) and 4 are read leniently, as
the anatomical and the functional division place them differently."""
LOBE = re.compile(r"\b(?:(?P<pre>lateral|medial|anterior|posterior)\s+)?(?P<side>left|right|caudate)"
                  r"(?:\s+(?P<post>lateral|medial|anterior|posterior))?(?:[\s-]+(?:hepatic\s+|liver\s+)?"
                  r"(?:lobe|hemiliver|section|sector)\b|\s+(?:hemi)?liver\b)", re.IGNORECASE)
"""A lobe, hemiliver or section of the liver, either word order ("right posterior section", "posterior right
liver"): its side is the liver's, never a kidney's."""
PLURAL = re.compile(r"\b(lesions|tumou?rs|masses|cysts|nodules|foci|metastases|both|each|respectively|others?|second|"
                    r"smallest|all|total|sum|combined|together|between|versus|vs\.?|compared|than)\b", re.IGNORECASE)
"""Words that make a clause speak of more than one lesion."""
LESION_WORD = re.compile(r"\b(lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastas[ie]s|foc(?:us|i)|hcc|"
                         r"carcinomas?|pdac|pnet)\b", re.IGNORECASE)
LARGEST = re.compile(r"\b(largest|biggest|dominant|index|main)\b", re.IGNORECASE)


def _lobes(text: str) -> list[tuple[str, frozenset[str]]]:
    """(words, segments) of every lobe, hemiliver or section the text names."""
    out = []
    for match in LOBE.finditer(text):
        part = match.group("pre") or match.group("post")
        key = match.group("side").lower() + (f" {part.lower()}" if part else "")
        if key in LOBE_SEGMENTS:
            out.append((match.group(0), LOBE_SEGMENTS[key]))
    return out


NOT_A_SEGMENT = re.compile(r"\bsegments?\s+(?=\d+\.\d|\d{2})", re.IGNORECASE)
"""A value after the word ("the busiest segment 66.7 %"), which `locations_of` would read as segment 6."""


KIND_DENIED_AFTER = re.compile(r",?\s+(?:not|rather than|instead of)\s+(?:an?|the)\s+(?:solid|cystic|fluid|simple|benign|"
                               r"malignant|[\w-]+attenuating)?\s*(?:mass|tumou?r|cyst|lesion|neoplasm)s?\s*$", re.IGNORECASE)
"""A lesion kind denied at the end of a clause that places a lesion ("..., not a solid mass")."""


def _locations(text: str) -> list[str]:
    """The sub-segments the text names, lobe words and values after "segment" aside."""
    return locations_of(NOT_A_SEGMENT.sub("segment # ", LOBE.sub(" ", text)))


def _segments(text: str) -> set[str]:
    return {p for p in _locations(text) if p.startswith("liver_segment_")}


def lobe_conflicts(text: str) -> list[str]:
    """Segments put in a lobe that does not hold them, in one clause ("segment 7 of the left lobe")."""
    problems = []
    for clause in clauses(text):
        for words, held in _lobes(clause):
            outside = sorted(_segments(clause) - held)
            if outside and not denies(clause):
                problems.append(f"puts {', '.join(s.replace('liver_', '') for s in outside)} in the {words}, "
                                "which does not hold it (Couinaud)")
    return problems


def _places_of(review: ReviewInput, group: str) -> dict[int, set[str]]:
    """Each measured lesion of the group (by number) -> the sub-segments that hold it."""
    held: dict[int, set[str]] = {}
    for e in review.evidence:
        which = instance_of(e.target)
        if which is not None and which[0] == group and e.name in ("location", "locations"):
            held.setdefault(which[1], set()).update(locations_of(str(e.value)))
    return held


EXTENDS = re.compile(r"\b(extend\w*|into|involv\w*|reach\w*|span\w*|both|across|and|as well as|partly|part of|"
                     r"locations|shares?)\b", re.IGNORECASE)
"""Words that let a lesion's place be a part it reaches, not the one it mainly lies in ("head, extending into body";
the measured spread recited, "locations pancreas_body, pancreas_head; share ... head (24.1 %)")."""


def _main_places(review: ReviewInput, group: str) -> dict[int, set[str]]:
    """Each measured lesion of the group (by number) -> the sub-segment it mainly lies in."""
    return {which[1]: set(locations_of(str(e.value))) for e in review.evidence
            if (which := instance_of(e.target)) is not None and which[0] == group and e.name == "location"
            and locations_of(str(e.value))}


def _lesions_meant(review: ReviewInput, clause: str, group: str, count: int) -> set[int]:
    """The lesions a clause speaks of: those its numbers are the values of, else the largest when it says so."""
    own = [e for e in review.evidence if (w := instance_of(e.target)) is not None and w[0] == group]
    largest = [e for e in review.evidence if e.target == group and e.name.startswith("largest_lesion_")]
    meant: set[int] = set()
    for mention in stated_numbers(clause):
        if mention.unit is None:
            continue
        hits: list[Evidence] = _measured_as(mention, own)
        meant |= {instance_of(e.target)[1] for e in hits}  # type: ignore[index]
        if not hits and _measured_as(mention, largest):
            meant.add(1)
    if meant or (PLURAL.search(clause) and not LARGEST.search(clause)):  # "the other lesions lie in segment 2"
        return meant
    if LARGEST.search(clause) or count == 1 or _about_largest(review, group):
        meant.add(1)
    return meant


def _measured_as(mention: NumberMention, items: list[Evidence]) -> list[Evidence]:
    """The items a value states that measure what its unit measures ("28.0 mm" is no lesion's slice 28)."""
    converted = mention.in_evidence_unit()
    return [e for e in items_stating(mention, items)
            if converted is None or EVIDENCE_DIMENSION.get(e.unit or "") == converted[0]]


def _numbers_of_lesions(review: ReviewInput, clause: str, group: str) -> bool:
    """Whether a measured value in the clause is one of the group's lesions' (an instance's or the largest's)."""
    own = [e for e in review.evidence if (w := instance_of(e.target)) is not None and w[0] == group
           or e.target == group and e.name.startswith("largest_lesion_")]
    return any(m.unit and _measured_as(m, own) for m in stated_numbers(clause))


def _about_largest(review: ReviewInput, group: str) -> bool:
    """Whether the question asks about the group's largest lesion (its quantities are the largest lesion's)."""
    asked = review.intent.quantities
    return bool(asked) and all(q.startswith(group) and (".largest_lesion_" in q or q.endswith(".location"))
                               for q in asked)


SHARE_IN_BRACKETS = re.compile(r"\s*\(\s*[\d.]+\s*%\s*\)")
"""A share in brackets after a place ("head (24.1 %)"): it places nothing itself, and splitting clauses at it would
cut a recited spread ("share of the lesion's voxels in each: body (75.9 %), head (24.1 %)") into bare places."""


def misplaced_lesions(review: ReviewInput) -> list[str]:
    """Places (segments, lobes, pancreatic parts) stated for a lesion that do not hold it; lobes said of segments
    outside them."""
    from questions.intents.entities import segments_spelt

    text = SHARE_IN_BRACKETS.sub("", segments_spelt(review.claim_text))  # "body (75.9 %), head (24.1 %)" stays one
    # clause, as does "segments (8, 4 and 2)"
    problems = lobe_conflicts(text)
    for group in ("liver_lesion", "pancreas_lesion"):
        held = _places_of(review, group)
        if not held:
            continue
        prefix = "liver_segment_" if group == "liver_lesion" else "pancreas_"
        anywhere = set().union(*held.values())
        counted_none = {e.name.removeprefix("count_in_") for e in review.evidence  # "0. liver lesion count in segment 2"
                        if e.target == group and e.name.startswith("count_in_") and e.value == 0}
        for clause in clauses(text):
            clause = KIND_DENIED_AFTER.sub("", clause)  # "a cyst (5.4 HU) in the pancreatic tail, not a solid mass": the
            # kind denied after the place, the place still said
            if denies(clause) or re.search(r"\b(?:spared|zero|resolved|disappeared|vanished|no longer|lesion-free|"
                                           r"tumou?r-free|uninvolved)\b", clause,
                                           re.IGNORECASE) or any(
                    m.value == 0 for m in stated_numbers(clause)):  # "count in segment 1: 0" places nothing
                continue
            stated = {p for p in _locations(clause) if p.startswith(prefix)}
            if re.search(r"\b(count|number of)\b", clause, re.IGNORECASE):  # a count's name says where it counted
                stated -= counted_none
            lobes = _lobes(clause) if group == "liver_lesion" else []
            if not stated and not lobes:
                continue
            meant = _lesions_meant(review, clause, group, len(held))
            asked = review.intent.lesion == group and review.intent.task != "inter-segment comparison"
            if not (asked or _numbers_of_lesions(review, clause, group) or LESION_WORD.search(clause)):
                continue  # "the pancreatic body (25.5 mL) is the largest sub-segment" places no lesion
            places = set().union(*(held.get(n, set()) for n in meant)) if meant else anywhere
            if group == "pancreas_lesion" and meant and not EXTENDS.search(clause) and not review.intent.every_place and not re.search(
                    r"\b(?:count|number of)\b", clause, re.IGNORECASE):  # the part it arises from, not one it is counted in
                places = set().union(*(_main_places(review, group).get(n, held.get(n, set())) for n in meant))
            which = f"lesion {', '.join(map(str, sorted(meant)))}" if meant else "any lesion"
            if re.search(r"\bvolume\b", clause, re.IGNORECASE):  # "lesion volume in segment 4: 0.3 mL": the lesion
                places = places | {e.name.removeprefix("volume_in_") for e in review.cited  # voxels inside it, however
                                   if e.target == group and e.name.startswith("volume_in_") and numeric(e)}  # few
            wrong = sorted(stated - places) or [words for words, segments in lobes if not stated and not segments & places]
            if wrong and places:
                problems.append(f"places a lesion in {wrong[0]!r}, but {which} of the {group.replace('_', ' ')}s "
                                f"lies in {', '.join(sorted(places))}")
    return list(dict.fromkeys(problems))


def unlocated_places(review: ReviewInput) -> list[str]:
    """Places (segments, lobes, pancreatic parts) said of a group's lesions when no measurement locates any of them:
    no sub-segment masks, so no `location` items; a place the question itself names is the question's, not a claim."""
    text, asked = review.claim_text, set(locations_of(review.question or "")) | {w for w, _ in _lobes(review.question or "")}
    problems = []
    for group, prefix in (("liver_lesion", "liver_segment_"), ("pancreas_lesion", "pancreas_")):
        if _places_of(review, group) or not review.number(f"{group}.lesion_count"):
            continue
        for clause in clauses(text):
            if denies(clause):
                continue
            stated = {p for p in _locations(clause) if p.startswith(prefix)} - asked
            stated |= {w.lower() for w, _ in (_lobes(clause) if group == "liver_lesion" else [])} - asked
            if stated and (review.intent.lesion == group or _numbers_of_lesions(review, clause, group)
                           or LESION_WORD.search(clause)):
                problems.append(f"places a {group.replace('_', ' ')} in {sorted(stated)[0]!r}, but no measurement "
                                "locates the lesions (no sub-segment masks)")
                break
    return problems


SET_AGAINST = re.compile(r"\b(?:times|x|vs\.?|versus|than|against|compared (?:with|to)|ratio|plus|added to|divided by|"
                         r"runner-up|next(?: largest)?)\b|[×+÷/]|"
                         r"\b(?:other|second|first|smaller|larger|bigger|biggest|smallest|largest)\s+(?:one|lesion|cyst|"
                         r"tumou?r|mass|nodule)\b", re.IGNORECASE)
"""Words between two values that set one lesion's against another's ("8.8 mL is 6.97 times 1.26 mL", "3.66 mL ÷ 2.17
mL"), add them ("14.9 mL for the larger lesion plus 2.4 mL") or name the first value's own lesion before the second's
("1.36 mL and the runner-up 0.89 mL")."""


def mixed_lesions(review: ReviewInput) -> list[str]:
    """Values of two different lesions said of one ("32.2 mm, with a volume of 7.8 mL": the 32.2 mm lesion holds
    13.5 mL, 7.8 mL is another's); two values set against each other ("6.97 times", "vs", "than") are two lesions'."""
    problems = []
    for group in ("liver_lesion", "kidney_lesion", "pancreas_lesion"):
        own = [e for e in review.evidence if (w := instance_of(e.target)) is not None and w[0] == group]
        largest = [e for e in review.evidence if e.target == group  # the largest now, or on the prior study
                   and e.name.startswith(("largest_lesion_", "prior_largest_lesion_"))]
        if len({instance_of(e.target) for e in own}) < 2:
            continue
        for clause in clauses(review.claim_text):
            if PLURAL.search(clause):
                continue
            said = []
            for mention in stated_numbers(clause):
                which = {instance_of(e.target)[1] for e in _measured_as(mention, own) if mention.unit}  # type: ignore[index]
                which |= {1} if mention.unit and _measured_as(mention, largest) else set()
                if which:
                    said.append((clause[mention.start:mention.end], which, mention))
            for (first, a, m), (second, b, n) in itertools.pairwise(said):
                if not a & b and not SET_AGAINST.search(clause[m.end:n.start]):
                    problems.append(f"gives {first!r} and {second!r} as one lesion's, but they are lesion "
                                    f"{min(a)}'s and lesion {min(b)}'s of the {group.replace('_', ' ')}s")
    return problems


_COUNT_WORDS = {"one": 1, "a single": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
PART_COUNT = re.compile(rf"\b(\d+|{'|'.join(_COUNT_WORDS)})\s+(?:(?:liver |hepatic )?(?:lesions?|tumou?rs?|"
                        r"metastas[ie]s|nodules?)\s+|of them\s+)?(?:(?:lie|lies|are|is|sit)\s+)?(?:in|within)\s+"
                        r"(?:couinaud\s+|the\s+)?(segment\s+(?:\d\b|[IVX]+\b))", re.IGNORECASE)
"""A breakdown's part: "two in segment 6", "3 lesions in segment VII", "one of them in segment 4"."""


def breakdown_counts(review: ReviewInput) -> list[str]:
    """Each "N in segment X" of a breakdown is the count measured in that segment."""
    problems = []
    text = review.claim_text
    for match in PART_COUNT.finditer(text):
        if re.search(r"\bof (?:the |all |all the |its )?$", text[:match.start()]):
            continue  # "two of the three lesions lie in segment 7": the three is the whole group
        place = next(iter(locations_of(match.group(2))), None)
        if re.search(r"\b(?:lesion|tumou?r|metastasis|nodule|mass|cyst)\s*(?:no\.?|number|#)?\s*$", text[:match.start()],
                     re.IGNORECASE):
            item = review.by_key.get(f"liver_lesion_{match.group(1).lower()}.location")  # "lesion 1 in segment 7, lesion
            if item is not None and place is not None and str(item.value) != place:  # 2 in segment 6": the lesion's
                problems.append(f"says {match.group(0)!r}, but lesion {match.group(1)} lies in {item.value}")  # number,
            continue  # its name, no count; held to its own place
        measured = review.number(f"{place}.lesion_count") if place else None
        if measured is None:
            measured = review.number(f"liver_lesion.count_in_{place}") if place else None
        said = match.group(1).lower()
        count = float(said) if said.isdigit() else float(_COUNT_WORDS[said])
        if measured is not None and count != measured:
            problems.append(f"says {match.group(0)!r}, but {measured:g} lesion(s) are counted in {place}")
    return problems


def lesions(review: ReviewInput) -> Check:
    """Every place the answer puts a lesion in holds that lesion, every segment lies in the lobe it is put in, and
    the values said of one lesion are that lesion's."""
    problems = misplaced_lesions(review) + unlocated_places(review) + mixed_lesions(review) + breakdown_counts(review)
    if problems:
        return failed("lesions", "; ".join(problems), "reasoner")
    return passed("lesions", "every place and value said of a lesion is that lesion's")
