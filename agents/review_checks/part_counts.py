"""How many lesions lie in one part of an organ: "no lesion is present in the tail" speaks of the tail only.

A denial that names a part (a pancreatic head, body or tail, a Couinaud segment) is held against that part's own
lesion count (`pancreas_lesion.count_in_pancreas_tail`), else against the lesions whose measured places
(`pancreas_lesion_1.locations`) include it, never against the whole organ's count.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, numeric
from core.anatomy import family
from questions.intents import locations_of

__all__ = ["count_of_cited_places", "count_of_kind", "miscounted_places", "lesions_held", "part_count", "parts_tally"]

GROUPS = {"liver": "liver_lesion", "kidney": "kidney_lesion", "pancreas": "pancreas_lesion"}


def part_count(review: ReviewInput, clause: str) -> tuple[str, float] | None:
    """(part, lesions measured in it) for the one organ part the clause names; None when it names none or several,
    or when the part's lesions cannot be counted."""
    parts = list(dict.fromkeys(locations_of(clause)))
    if len(parts) != 1:
        return None
    part = parts[0]
    group = GROUPS.get(str(family(part)))
    if group is None:
        return None
    counted = review.number(f"{part}.lesion_count")
    if counted is None:  # a side's own count (`kidney_right.lesion_count`), else the part's (`count_in_pancreas_tail`)
        counted = review.number(f"{group}.count_in_{part}")
    if counted is not None:
        return part.replace("_", " "), counted
    places = [e for e in review.evidence if e.name == "locations" and re.fullmatch(rf"{group}_\d+", e.target or "")]
    total = review.number(f"{group}.lesion_count")
    if total == 0:
        return part.replace("_", " "), 0.0  # no lesion in the organ: none in any of its parts
    if not places or total is None or len(places) != total or not all(locations_of(str(e.value)) for e in places):
        return None
    return part.replace("_", " "), float(sum(part in str(e.value) for e in places))


NEXT_COUNT = re.compile(r"[;:]|\.(?!\d)|\b(?:and|but|while|whereas)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\b",
                        re.IGNORECASE)
"""Where a count's own words end: a new clause (not a decimal point: "2 of 3 (66.7 %) lie in segment 7"), or another
count ("two share segment 7 and three lie in ...")."""
TOP_PARTS = re.compile(r"\b(?:the\s+)?(one|two|three|four|\d)\s+(?:busiest|most (?:involved|affected)|top|leading)\b",
                       re.IGNORECASE)
WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4}


EACH = re.compile(r"\s*(?:[a-z-]+\s+){0,2}?each\b", re.IGNORECASE)
"""A count said of every part it names ("one lesion each in segments 5 and 7", "two each in ...")."""


def count_of_cited_places(review: ReviewInput, text: str, start: int, end: int, value: float) -> bool | None:
    """Whether a count of lesions (the number at `text[start:end]`) is what the cited lesions' places give: the
    lesions in the parts its words name ("three lie in segments 7 and 8"), or in the k parts holding most of them
    ("three of the four fall in the two busiest segments"). Only cited per-lesion places count (`liver_lesion_2.
    location`); None without them, or when the words name no part."""
    own_places: dict[str, list[str]] = {}  # a lesion's main place first (`location`), then all it spans
    for e in sorted(review.cited, key=lambda e: e.name != "location"):
        if e.name in ("location", "locations") and re.fullmatch(r"\w+_lesion_\d+", e.target or "") and \
                isinstance(e.value, str):
            own_places.setdefault(str(e.target), locations_of(e.value))
    places = list(own_places.values())
    if not places or value != int(value):
        return None
    stop = NEXT_COUNT.search(text, end)
    rest = text[end:stop.start() if stop else len(text)]
    named = set(locations_of(rest))
    if named and EACH.match(rest):  # "one lesion each in segments V, IV, VII and III": every part named holds that many
        return all(sum(1 for own in places if own[:1] == [part]) == value for part in named)
    if named:
        return sum(1 for own in places if set(own) & named) == value
    top = TOP_PARTS.search(rest)
    if top is None:  # "the two busiest segments hold 3 of 4": the parts named before the count, in its clause
        top = TOP_PARTS.search(re.split(r"[;:.,]|\band\b", text[:start])[-1])
    if top is None:
        return None
    k = WORD_VALUES.get(top.group(1).lower()) or int(top.group(1))
    share: dict[str, int] = {}
    for own in places:
        for part in own[:1]:  # a lesion's main place
            share[part] = share.get(part, 0) + 1
    return sum(sorted(share.values(), reverse=True)[:k]) == value


SHARE_OF = re.compile(r"(?<![\w.])(one|two|three|four|five|six|seven|eight|nine|ten|\d+)(?=\s+(?:of|out of)\s+"
                      r"(?:the\s+|all\s+|its\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b)", re.IGNORECASE)
"""A count said as a share of the lesions ("three of the four", "4 out of 4")."""
NUMBER_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}


def miscounted_places(review: ReviewInput, text: str) -> list[str]:
    """Counts said as a share of the lesions ("four out of four ... fall in the two busiest segments", "two of the
    four lie in segments 7 and 8") that the cited lesions' places do not give, whatever value they happen to equal."""
    out = []
    for m in SHARE_OF.finditer(text):
        value = NUMBER_WORDS.get(m.group(1).lower()) or int(m.group(1))
        if count_of_cited_places(review, text, m.start(), m.end(), value) is False:
            out.append(f"{m.group(0)!r} lesions are said to lie there, but the cited lesion places give another count")
    return out


KIND_COUNT = re.compile(r"(?:[\w-]+\s+){0,3}?(?P<kind>solid|tumou?rs?|mass(?:es)?|growths?|cysts?|cystic)\b", re.IGNORECASE)
"""What a count counts when it is a kind of lesion ("one solid growth", "1 small fluid-filled cyst")."""
SOLID_WORDS = ("solid", "tumor", "tumour", "mass", "growth")


def count_of_kind(review: ReviewInput, text: str, start: int, end: int, value: float) -> bool | None:
    """Whether a count of one kind of lesion ("one solid growth and one small cyst", in "Your left kidney has ...")
    is the number of the group's measured lesions of that kind, on the side the sentence names if it names one: a
    lesion is a cyst when its mask types it so (`lesion_type`) or its mean attenuation lies in the simple-cyst band,
    else solid. None when the words count no kind or the lesions' attenuation is not measured."""
    from agents.review_checks.tissue_words import _band, _outside

    said = KIND_COUNT.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
    group = review.intent.lesion
    if said is None or group is None or value != int(value):
        return None
    sentence = re.split(r"[.;\n]", text[:start])[-1] + text[start:end] + re.split(r"[.;\n]", text[end:])[0]
    sides = set(re.findall(r"\b(left|right)\b", sentence.lower()))
    by_name = {(e.target, e.name): e.value for e in review.evidence if re.fullmatch(rf"{group}_\d+", e.target or "")}
    lesions = sorted({t for t, n in by_name if n == "mean_hu"})
    if not lesions:
        return None
    asked = (review.intent.organ or "").removeprefix("kidney_")
    from questions.intents import extract

    if not sides and asked in ("left", "right") and {"cyst", "tumor"} & set(extract(review.question or "").lesion_kinds):
        sides = {asked}  # "How many tumours in the right kidney?" "One tumour.": the side asked is the side counted
    if len(sides) == 1:
        side = next(iter(sides))
        lesions = [t for t in lesions if str(by_name.get((t, "organ"), "")).endswith(side)]
    cyst = [t for t in lesions if by_name.get((t, "lesion_type")) == "cyst" or
            (by_name.get((t, "lesion_type")) is None and not _outside(float(by_name[(t, "mean_hu")]), _band("simple cyst")))]  # type: ignore[arg-type]
    kind = said.group("kind").lower()
    counted = len(cyst) if kind.startswith("cyst") else len(lesions) - len(cyst)
    return counted == value



def lesions_held(review: ReviewInput, line: str) -> list[str]:
    """The group's lesions (`kidney_lesion_2`) in the one organ part the line names ("right kidney: ..."), by their
    measured `organ`, `location` or `locations`; [] when the line names no part or several."""
    parts = list(dict.fromkeys(locations_of(line)))
    group = review.intent.lesion
    if len(parts) != 1 or group is None:
        return []
    return list(dict.fromkeys(e.target for e in review.evidence if re.fullmatch(rf"{group}_\d+", e.target or "")
                              and e.name in ("organ", "location", "locations")
                              and (parts[0] == e.value or parts[0] in locations_of(str(e.value or "")))))


PARTS_SPANNED = re.compile(r"\s*(?:different\s+|distinct\s+|separate\s+)?(?:couinaud\s+|hepatic\s+|liver\s+|pancreatic\s+)?"
                           r"(?:segments|parts|sub-?segments|regions)\b", re.IGNORECASE)
"""A number of parts the lesions are spread over ("8 lesions across 7 Couinaud segments")."""
MOST_IN_ONE = re.compile(r"\b(?:no|not a single|none of the)\s+(?:\w+\s+)?(?:segments?|parts?)\s+(?:with|has|having|holds?|"
                         r"holding|contains?|containing)\s+(?:more than|over|above)\s*$|\b(?:at most|no more than|up to)\s*$",
                         re.IGNORECASE)
"""The most lesions one part holds, said as a bound ("no segment with more than 2", "at most 2 per segment")."""


def parts_tally(review: ReviewInput, text: str, start: int, end: int, value: float) -> bool:
    """Whether a bare number is a tally of the group's per-part lesion counts (`<group>.count_in_<part>`, cited or
    not): the parts holding any lesion ("spread over 7 segments"), or the most one part holds, said as a bound ("no
    segment with more than 2")."""
    group = review.intent.lesion or "liver_lesion"
    counts = [v for e in review.evidence if e.target == group and re.fullmatch(r"count_in_\w+", e.name)
              and (v := numeric(e)) is not None]
    if not counts or value != int(value):
        return False
    if PARTS_SPANNED.match(text, end):
        return value == sum(1 for v in counts if v > 0)
    if MOST_IN_ONE.search(text[max(0, start - 50):start]):
        return value == max(counts)
    return False
