"""Quantifiers said of lesions hold for each lesion measured: "all", "every", "each", "both", "none of".

"All liver lesions lie in segment 7" is false when one of three lies in segment 6; "both lesions" is false of three;
"none of the lesions lies in segment 4" is false when one does; so is a quantifier said after the lesions it counts
("3 liver lesions, all of them in segment 7", "four lesions, each over 15 mm", "none of which lies in segment 4"). Measurement records each lesion's own place
(`liver_lesion_2.location`, the part holding most of it, and `.locations`, every part it touches), attenuation
(`hypo`, `iso`, `hyper`), longest diameter, volume and mean attenuation. The predicate after the quantifier (a place, an attenuation, a size
above or below a number) is read in the quantifier's sentence and tested lesion by lesion: "all" holds when every
lesion touches the place, "none" when no lesion lies mainly in it. A lobe holds its Couinaud segments
(`lesion_places.LOBE_SEGMENTS`; segments 1 and 4, which the anatomical and functional divisions place differently,
count as in it for "all" and not for "none").
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.bound_words import sentences
from agents.review_checks.clauses import denies
from agents.review_checks.lesion_places import LOBE, LOBE_SEGMENTS
from core.anatomy import family
from questions.intents import extract, locations_of
from questions.intents.answers import numbers_in

__all__ = ["false_quantifiers", "quantified_limits"]

NOUN = r"(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastases|foci)"
QUANTIFIER = re.compile(rf"\b(?:(?P<all>all|every|each)(?:\s+of)?(?:\s+(?:the|three|four|five|six|seven|eight|"
                        rf"these|its))*|(?P<none>none|neither)\s+of\s+the|(?P<both>both)(?:\s+of\s+the)?)"
                        rf"\s+(?:[\w-]+\s+){{0,2}}?{NOUN}\b", re.IGNORECASE)
"""A quantifier over the lesions of an organ ("all three liver lesions", "none of the hepatic lesions")."""
OTHER_THINGS = (r"kidneys|sides|lobes|organs|studies|scans|exam\w*|time points|images|phases|series|dates|measurements|"
                r"criteria|arms|segments|parts|structures|features|findings|signs|values|thresholds|cut-?offs|limits|"
                r"dimensions|sizes|numbers|measures|conditions|rules")
"""What a quantifier may range over instead of the lesions ("both kidneys", "on both studies", "all segments")."""
FLOATING = re.compile(rf"(?<!\bof )(?<!\bin )(?<!\bat )\b(?:(?P<all>all|each|every one)(?:\s+of\s+(?:them|which|these|those))?|"
                      rf"(?P<none>none|neither)\s+of\s+(?:them|which|these|those)|(?P<both>both)(?:\s+of\s+(?:them|which))?)\b"
                      rf"(?!\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{NOUN}\b)(?!\s+(?:[\w-]+\s+){{0,2}}?(?:{OTHER_THINGS})\b)", re.IGNORECASE)
"""A quantifier said after the lesions it ranges over ("3 liver lesions, all of them in segment 7", "each over 15 mm")."""
FLOATS_AFTER = re.compile(rf"(?:[,;:(—–-]|\b(?:and|are|were|lie|they|{NOUN}))\s*$", re.IGNORECASE)
"""What stands before a quantifier said on its own ("lesions, all of them", "they all", "are both"); "on both studies"
quantifies the studies."""
LESIONS_NAMED = re.compile(rf"\b{NOUN}\b", re.IGNORECASE)
UNSURE = {"liver_segment_1", "liver_segment_4"}
"""Segments the anatomical and functional divisions put in different lobes."""
ATTENUATION = re.compile(r"\b(?P<kind>hypo|iso|hyper)[- ]?(?:dense|attenuat\w*|intense|enhancing)\b", re.IGNORECASE)
SIZE = re.compile(r"\b(?:(?P<over>over|above|larger than|bigger than|greater than|more than|exceed\w*|at least)|"
                  r"(?P<under>under|below|smaller than|less than|at most))\s+(?=\d)", re.IGNORECASE)
PER_LESION = {"length": "longest_diameter_mm", "volume": "volume_ml", "attenuation": "mean_hu"}
"""The dimension of a limit -> the lesion's own item it is held against ("each over 15 mm", "all below 30 HU")."""
GROUPS = {"liver": "liver_lesion", "kidney": "kidney_lesion", "pancreas": "pancreas_lesion"}


def _lesions(review: ReviewInput, group: str) -> dict[str, dict[str, object]]:
    """Each measured lesion of the group -> its per-lesion items by name."""
    out: dict[str, dict[str, object]] = {}
    for e in review.evidence:
        if e.target and re.fullmatch(rf"{group}_\d+", e.target):
            out.setdefault(e.target, {})[e.name] = e.value
    return out


def _places(value: object) -> set[str]:
    return {p.strip() for p in str(value or "").split(",") if p.strip()}


KIDNEY_SIDE = re.compile(r"\b(left|right)\s+(?:kidney|renal)\b", re.IGNORECASE)
"""A kidney named by its side: a kidney lesion's place is its kidney (`kidney_lesion_1.organ`)."""


def _holds(predicate: str, rest: str, lesion: dict[str, object], mainly: bool) -> bool | None:
    """Whether one lesion has the predicate read from `rest`; None when `rest` states none this check reads."""
    side = KIDNEY_SIDE.search(rest) if predicate == "place" else None
    if side is not None and str(lesion.get("organ", "")).startswith("kidney_"):  # "both cysts are in the right kidney"
        return lesion["organ"] == f"kidney_{side.group(1).lower()}"
    if predicate == "place":
        lobes = [LOBE_SEGMENTS[k] for k in _lobe_keys(rest)]
        wanted = set(locations_of(LOBE.sub(" ", rest))).union(*lobes)
        if lobes and mainly:
            wanted -= UNSURE
        own = _places(lesion.get("location")) if mainly else _places(lesion.get("locations")) | _places(lesion.get("location"))
        return bool(wanted & own)
    if predicate == "attenuation":
        kind = ATTENUATION.search(rest)
        return kind is not None and str(lesion.get("attenuation", "")).lower().startswith(kind["kind"].lower())
    size = SIZE.search(rest)
    limits = numbers_in(rest[size.end():]) if size is not None else []
    converted = limits[0].in_evidence_unit() if limits else None
    own = lesion.get(PER_LESION.get(converted[0], "")) if converted is not None else None
    if size is None or converted is None or isinstance(own, bool) or not isinstance(own, int | float):
        return None
    return float(own) > converted[1] if size["over"] else float(own) < converted[1]


def _lobe_keys(text: str) -> list[str]:
    """The lobes, hemilivers or sections the words name, as `LOBE_SEGMENTS` keys."""
    keys = []
    for match in LOBE.finditer(text):
        part = match.group("pre") or match.group("post")
        key = match.group("side").lower() + (f" {part.lower()}" if part else "")
        if key in LOBE_SEGMENTS:
            keys.append(key)
    return keys


def _predicate(rest: str) -> str | None:
    """What the words after the quantifier say of each lesion: a place, an attenuation or a size; None otherwise."""
    if _lobe_keys(rest) or locations_of(rest) or KIDNEY_SIDE.search(rest):
        return "place"
    if ATTENUATION.search(rest):
        return "attenuation"
    return "size" if SIZE.search(rest) else None


def false_quantifiers(review: ReviewInput) -> list[str]:
    """Each "all/every/each/both/none of the lesions ..." that a measured lesion contradicts."""
    return [problem for problem, _ in _judged(review) if problem]


def quantified_limits(review: ReviewInput) -> set[tuple[float, str | None]]:
    """(value, unit) of each size limit a quantifier holds every measured lesion to ("each over 15 mm"): the answer's
    own yardstick, judged lesion by lesion here, not a value that needs a cited item."""
    return {limit for _, limit in _judged(review) if limit is not None}


def _judged(review: ReviewInput) -> list[tuple[str | None, tuple[float, str | None] | None]]:
    """(problem or None, the size limit read or None) of every quantifier over fully measured lesions."""
    problems: list[tuple[str | None, tuple[float, str | None] | None]] = []
    text = review.claim_text
    for offset, sentence in sentences(text):
        floating = [m for m in FLOATING.finditer(sentence) if LESIONS_NAMED.search(text[:offset + m.start()])
                    and FLOATS_AFTER.search(text[:offset + m.start()])]
        for match in sorted([*QUANTIFIER.finditer(sentence), *floating], key=lambda m: m.start()):
            if denies(sentence[max(0, match.start() - 12):match.start()]):
                continue  # "not all lesions": no claim about each
            organs = extract(sentence).organs or extract(text[:offset]).organs or (
                [review.intent.organ] if review.intent.organ else [])
            group = GROUPS.get(str(family(organs[0]))) if organs else None
            lesions = _lesions(review, group) if group else {}
            count = review.number(f"{group}.lesion_count") if group else None
            if not lesions or (count is not None and count != len(lesions)):
                continue  # not every lesion measured one by one: a quantifier over them cannot be told
            side = [f"kidney_{x}" for x in dict.fromkeys(extract(sentence).sides)] if group == "kidney_lesion" else []
            if len(side) == 1:  # "The right kidney contains two lesions, both cysts": that kidney's lesions
                hosts = {e.target: str(e.value) for e in review.evidence if e.name == "organ"}
                lesions = {t: v for t, v in lesions.items() if hosts.get(t) == side[0]}
            said = match.group(0)
            if match["both"] and len(lesions) != 2:
                problems.append((f"says {said!r}, but {len(lesions)} {group.replace('_', ' ')}s were measured", None))  # type: ignore[union-attr]
                continue
            rest = sentence[match.end():]
            predicate = _predicate(rest)
            if predicate is None:
                continue
            held = {name: _holds(predicate, rest, own, mainly=bool(match["none"])) for name, own in lesions.items()}
            if None in held.values():
                continue
            wrong = [n for n, ok in held.items() if ok is bool(match["none"])]
            size = SIZE.search(rest) if predicate == "size" else None
            limits = numbers_in(rest[size.end():])[:1] if size is not None else []
            limit = (limits[0].value, limits[0].unit) if limits else None
            problems.append((f"says {said!r} {rest.strip()[:40]!r}, which {wrong[0]!r} contradicts" if wrong else None,
                             limit))
    return problems
