"""Where a lesion lies when it spans sub-segments: DeepTumorVQA's location is every sub-segment holding more than
10 % of the lesion's voxels (`{lesion}_1.locations`, largest share first), not only the main one.

A question asking every sub-segment (`Intent.every_place`: "In which segment(s)...", "Which segments does it involve?")
is answered with each of them; a question asking one place is answered with the main one (the others may be named as
its extension). A place stated that the lesion does not hold is wrong either way.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from questions.intents import locations_of

__all__ = ["held_places", "one_lesion_places"]

EXTENSION = re.compile(r"\b(?:extend\w*|extension|reach\w*|spill\w*|encroach\w*|partly|partially|(?:a |the )?(?:smaller|"
                       r"minor|small) (?:part|portion|component|share)|minority|rest|remainder|sliver|tongue|some|also|involv\w*|"
                       r"(?:a |the )?(?:portion|part) (?:of it )?(?:in|into|within))\b",
                       re.IGNORECASE)
SHARE_WORDS = {"two thirds": 66.7, "two-thirds": 66.7, "one third": 33.3, "one-third": 33.3, "a third": 33.3, "half": 50.0,
               "three quarters": 75.0, "three-quarters": 75.0, "a quarter": 25.0, "one quarter": 25.0}
SHARE_SAID = re.compile(rf"[\s(,:-]{{0,4}}(?:about |approximately |roughly |around |nearly |almost |~)?"
                        rf"(?:(?P<word>{'|'.join(SHARE_WORDS)})|(?P<most>most|the majority|the bulk))\b", re.IGNORECASE)
"""A share of the lesion said in words right after a sub-segment ("segment 7 (about two thirds)")."""
"""Words after which a sub-segment named is where the lesion reaches, not where it mainly lies ("segment 6, extending
into segment 7"; "mostly in 6, the rest in 7")."""


CONFINED = re.compile(r"\b(?:confined (?:entirely |wholly |solely )?to|(?:entirely|wholly|solely) (?:in|within)|limited to|"
                      r"restricted to|without (?:any )?(?:extension|spread)|does not (?:extend|spread|cross)|no extension)\b",
                      re.IGNORECASE)
"""A lesion said to lie in one place only ("confined entirely to segment 6, without extension")."""


def held_places(review: ReviewInput, stated: set[str]) -> str | None:
    """Why the sub-segments the answer states (`stated`, vocabulary names) are not the ones the largest lesion holds
    as the question asks them; None when they are, or when no spread over several sub-segments is measured."""
    spread = review.by_key.get(f"{review.intent.lesion}_1.locations")
    held = locations_of(str(spread.value)) if spread is not None and spread.value is not None else []
    named = {p for p in stated if p in held or p.startswith(("liver_segment_", "pancreas_"))}
    if len(held) < 2 or not named:
        return None
    extra = sorted(named - set(held))
    if extra:
        return f"states {extra!r}, but the largest lesion holds more than 10 % of its voxels only in {held!r}"
    if (confined := CONFINED.search(review.claim_text)) is not None:
        return (f"says the lesion is confined to one place ({confined.group(0)!r}), but it holds more than 10 % of its "
                f"voxels in each of {held!r}")
    if (swapped := _extension_named_main(review.stated_text, held)) is not None:  # the option chosen too
        return swapped
    if (share := _share_misworded(review, held)) is not None:
        return share
    if review.intent.every_place and set(held) - named:
        return (f"names {sorted(named)!r}, but the question asks every segment the lesion involves: {spread.id!r} "  # type: ignore[union-attr]
                f"is {spread.value!r} (each > 10 % of its voxels)")  # type: ignore[union-attr]
    if not review.intent.every_place and held[0] not in named:
        return f"does not name the lesion's main sub-segment {held[0]!r} ({spread.id!r} is {spread.value!r})"  # type: ignore[union-attr]
    return None


def one_lesion_places(review: ReviewInput) -> str | None:
    """`held_places` for a question that asks every sub-segment a group's only lesion involves under another task
    ("Which parts of the pancreas does the pancreatic lesion involve?", read as a comparison of sub-segments)."""
    count = review.number(f"{review.intent.lesion}.lesion_count") if review.intent.lesion else None
    if not review.intent.every_place or count != 1:
        return None
    return held_places(review, set(locations_of(review.headline)))


def _extension_named_main(text: str, held: list[str]) -> str | None:
    """Why the text names the lesion's main sub-segment (`held[0]`, the largest share) as its extension and another
    as the main one ("segment 7, extending into segment 6" when 6 holds most of it); None otherwise."""
    marker = EXTENSION.search(text)
    if marker is None:
        return None
    main = [p for p in locations_of(text[:marker.start()]) if p in held]
    reached = [p for p in locations_of(text[marker.start():]) if p in held]
    if main and held[0] not in main and held[0] in reached:
        return (f"names {main[0]!r} as where the lesion mainly lies and {held[0]!r} as its extension, but "
                f"{held[0]!r} holds the largest share of it (locations, largest share first: {held!r})")
    return None


def _share_misworded(review: ReviewInput, held: list[str]) -> str | None:
    """Why a share said in words beside a sub-segment ("segment 7 (about two thirds)") is not the share measured there
    (`share_in_<segment>_pct`, within 15 points; "most" needs more than half); None when each agrees."""
    from questions.spelling import arabic_segments

    text = arabic_segments(review.claim_text)
    for match in re.finditer(r"\bseg(?:ment)?s?\.?\s*(\d)\b", text, re.IGNORECASE):
        said = SHARE_SAID.match(text, match.end())
        item = review.by_id.get(f"measurement:{review.intent.lesion}_1:share_in_liver_segment_{match.group(1)}_pct")
        if said is None or item is None or not isinstance(item.value, int | float):
            continue
        share = float(item.value)
        wrong = share <= 50.0 if said["most"] else abs(share - SHARE_WORDS[said["word"].lower()]) > 15.0
        if wrong:
            return f"says {said.group(0).strip(' (,:-')!r} of the lesion lies in segment {match.group(1)}, but " \
                   f"{item.id!r} is {share:.1f} %"
    return None
