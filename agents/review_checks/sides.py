"""Sides: a value is the value of the side the sentence attaches it to, and a side asked is the side answered.

"Right kidney 108.6 mL, left kidney 112.3 mL" keeps both measured values and gives each to the other kidney;
"Right — 112.3 mL versus 108.6 mL on the left" gives each its own. A number's side is the one said right after it
("on the left"), else the nearest before it (the object of "larger than the left (108.6 mL)" holds only the
value right after it); an item's side is its structure's or its quantity's (`volume_in_kidney_right`).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, items_stating, passed, stated_numbers
from agents.review_checks.laterality import misplaced_sides
from core.anatomy import side_of
from core.case import Check, Evidence
from core.tasks import REGISTRY
from questions.intents.answers import NumberMention, numbers_in

__all__ = ["item_side", "sides"]


def item_side(e: Evidence) -> str | None:
    """The side an item is of: its structure's (`kidney_left.volume_ml`), else its quantity's
    (`kidney_lesion.volume_in_kidney_right`, the lesion volume lying in the right kidney); a pair's item
    (`kidney_left/kidney_right.volume_ratio`, `kidney_left+kidney_right.volume_ml`) is of no one side."""
    if e.target and ("/" in e.target or "+" in e.target):  # a pair's ratio or sum is of no one side
        sides_ = {side_of(part) for part in re.split(r"[/+]", e.target)}
        return sides_.pop() if len(sides_) == 1 else None
    return side_of(e.target) or side_of(e.name)


def sides(review: ReviewInput) -> Check:
    """The side the answer names is the side of the evidence it cites, and a side asked is the side answered."""
    name = "side"
    answer = review.answer
    assert answer is not None
    cited_sides = {s for e in review.cited if e.kind in ("measurement", "finding") for s in [item_side(e)] if s}
    text = review.stated_text.lower()  # the option's words too: "Right — 112.3 mL versus 108.6 mL on the left"
    problems = []
    for clause in re.split(r";|\.\s|\n|,\s*(?:while|whereas|but)\b", text):  # "... 10.7 mL, while the right kidney has
        named = set(re.findall(r"\b(left|right)\b", clause))  # none": the contrast speaks of the other side
        if len(named) == 2:
            problems += _sides_of_numbers(review, clause)
        if len(named) != 1:
            continue
        said = named.pop()
        values = [m for m in numbers_in(clause)]
        hits = [e for m in values for e in items_stating(m, review.cited)]
        sided = {item_side(e) for e in hits if item_side(e)}
        if sided and said not in sided and not all(_other_sides_twin(review, said, m) for m in values if m.unit):
            problems.append(f"says {said} for {hits[0].id!r}, which is the {sided.pop()} side")
    problems += misplaced_sides(review)  # a lesion placed on a side anywhere in a sentence
    asked = review.intent.sides
    spec = REGISTRY.get(review.intent.task)
    comparing = spec is not None and spec.handler in ("kidney_comparison", "kidney_asymmetry")
    if len(asked) == 1 and not comparing:
        headline = review.headline.lower()
        claim = review.claim_text.lower()
        cited_said = any(items_stating(m, review.cited) for m in numbers_in(claim) if m.unit)
        stated = set(re.findall(r"\b(left|right)\b", headline)) or {  # "B — Solid: the right kidney lesion measures
            side for clause in re.split(r";|\.\s|\n", claim)  # 44.5 HU": the cited value said of the other side (not
            for side in re.findall(r"\b(left|right)\b", clause)  # a true aside about the other kidney); or, where no
            if any((items_stating(m, review.cited) and not _other_sides_twin(review, side, m)) or not cited_said and any(
                item_side(e) == side for e in items_stating(m, review.evidence))  # cited value is said, the other side's
                for m in numbers_in(clause) if m.unit)}  # own value in its place
        if stated and asked[0] not in stated:
            problems.append(f"the question asks about the {asked[0]} side, but the answer names the "
                            f"{' and '.join(sorted(stated))}")
        elif cited_sides and asked[0] not in cited_sides:
            problems.append(f"the question asks about the {asked[0]} side, but the answer rests on the "
                            f"{' and '.join(sorted(cited_sides))} side")
        problems += _both_kidneys_for_one(review, asked[0])

    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    return passed(name, "sides named agree with the cited evidence")


def _other_sides_twin(review: ReviewInput, side: str, mention: NumberMention) -> bool:
    """Whether the value said of a side is a cited value of the other side only, and that side's own (uncited) value
    too ("A - 116.1 HU; the right kidney happens to measure the same, 116.1 HU"): a true aside about the other kidney,
    equal to the cited one."""
    cited_sides = {item_side(e) for e in items_stating(mention, review.cited)} - {None}
    return bool(cited_sides) and side not in cited_sides and any(
        item_side(e) == side and e not in review.cited for e in items_stating(mention, review.evidence))


SIDE_AFTER = re.compile(r"\s*(?:mm|ml|hu|cc|cm|l|%)?(?:³|3)?\)?\s*(?:\(|on the|in the|for the|of the|(?<=[a-z³)] ))\s*(left|right)\b")
"""The side written right after a value: "106.5 mL on the left", "(107.7 mL) left", "52 cm³ right"."""
NUMBER = r"\d+(?:\.\d+)?\s*(?:mm|ml|hu|cc|cm|l|%)?(?:³|3)?"
PAIR = re.compile(rf"({NUMBER})\s*(?:vs\.?|versus|v\.|compared with|against|and|/)\s*({NUMBER})(?!\s*(?:\(|on the|in the|for the|of the)?\s*(?:left|right)\b)")
"""Two values set side by side with no side of their own ("111.5 cc vs 108.1 cc")."""


THAN_SIDE = re.compile(r"\bthan\s+(?:the\s+|that\s+of\s+the\s+)?$")


def _side_said(clause: str, mention: NumberMention) -> str | None:
    """The side a number is said of: one after it ("106.5 mL on the left"), else the nearest before it, where the
    object of a comparison ("larger than the left (108.6 mL) at 112.3 mL") holds only the value right after it."""
    after = SIDE_AFTER.match(clause, mention.end)
    if after:
        return after.group(1)
    if re.search(r"\d\s*(?:mL|ml|cc|cm³|mm|HU)?\s*[-−–]\s*$", clause[:mention.start]):
        return None  # "Left kidney: 199.9 − 171.7 = 28.2 mL more": the value taken away is the other side's
    paired = _side_in_pair(clause, mention)
    if paired:
        return paired
    for side in reversed(list(re.finditer(r"\b(left|right)\b", clause[:mention.start]))):
        between = clause[side.end():mention.start]
        if THAN_SIDE.search(clause[:side.start()]) and not re.fullmatch(r"\s*(?:kidney|side)?\s*[(:,]?\s*", between):
            continue
        return side.group(1)
    return None


def _side_in_pair(clause: str, mention: NumberMention) -> str | None:
    """A value of a pair with no side of its own takes the side named in that place before the pair, when both
    sides were named before it ("right > left, by 3.4 cc (111.5 cc vs 108.1 cc)": the 111.5 is the right's)."""
    for pair in PAIR.finditer(clause):
        if re.search(r"\b(left|right)\b", pair.group(0)):
            continue
        order = list(dict.fromkeys(re.findall(r"\b(left|right)\b", clause[:pair.start()])))
        if len(order) != 2:
            continue
        if pair.start(1) <= mention.start < pair.end(1):
            return order[0]
        if pair.start(2) <= mention.start < pair.end(2):
            return order[1]
    return None


def terms_of_cited_pairs(review: ReviewInput) -> list[Evidence]:
    """Uncited items of the structures a cited ratio or sum combines, of the quantity it combines
    (`kidney_left.volume_ml` and `kidney_right.volume_ml` beside a cited `kidney_left/kidney_right.volume_ratio`):
    the terms an answer may set beside it."""
    cited = {e.id for e in review.cited}
    pairs = [e for e in review.cited if e.target and re.search(r"[/+]", e.target)]
    stem = {part: re.sub(r"_(?:ratio|difference\w*)$", "", e.name).removeprefix("hu_") for e in pairs
            for part in re.split(r"[/+]", e.target or "")}
    return [e for e in review.evidence if e.id not in cited and e.target in stem and
            (stem[e.target] in e.name or e.name.endswith(stem[e.target]))]


def _sides_of_numbers(review: ReviewInput, clause: str) -> list[str]:
    """In a clause naming both sides, each number's own side ("the left kidney (107.7 mL)", "106.5 mL on the
    left") against the side of the cited item it matches."""
    problems = []
    pool = review.cited + terms_of_cited_pairs(review)  # "0.99 (left 110.7 mL / right 112.0 mL)": the ratio's terms
    for mention in stated_numbers(clause):
        said = _side_said(clause, mention)
        sided = {item_side(e) for e in items_stating(mention, pool) if item_side(e)}
        if said and len(sided) == 1 and said not in sided:
            problems.append(f"gives the {sided.pop()} side's {clause[mention.start:mention.end]!r} as the {said}'s")
    return problems


KIDNEY_LESION_GROUPS = ("kidney_lesion", "kidney_tumor", "kidney_cyst")


def _both_kidneys_for_one(review: ReviewInput, side: str) -> list[str]:
    """A value of the whole kidney lesion group stated for one kidney ("the tumour burden of the left kidney" answered
    with both kidneys' lesions over both kidneys' volume): a group's burden is never one side's; its count or total
    volume is only while no lesion of the group lies in the other kidney (their measured host organs)."""
    hosts = {side_of(str(e.value)) for e in review.evidence if e.name == "organ" and isinstance(e.value, str)
             and re.match(r"^kidney_lesion_\d+$", e.target or "")}
    problems = []
    for mention in stated_numbers(review.stated_text):
        stating = items_stating(mention, review.cited)
        if any(item_side(e) == side or e.provenance.get("location") == f"kidney_{side}" for e in stating):
            continue  # "1": the side's own count, cited beside the group's count it was derived from
        for e in stating:
            if e.target not in KIDNEY_LESION_GROUPS or e.kind not in ("measurement", "finding"):
                continue
            if e.name == "tumor_burden_pct" or (e.name in ("lesion_count", "total_lesion_volume_ml")
                                                and hosts - {side, None}):
                problems.append(f"the question asks about the {side} kidney, but {e.id!r} is of the lesions of both "
                                "kidneys")
    return list(dict.fromkeys(problems))
