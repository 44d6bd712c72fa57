"""Superlatives the answer states of a lesion: "21.5 mm — the smallest of the four lesions" must be true.

The right value can be given under the wrong superlative: the largest lesion's diameter called "the smallest of
the four", its volume "the smaller of the two". Measurement records every lesion's own diameter and volume
(`liver_lesion_3.longest_diameter_mm`, `kidney_lesion_1.volume_ml`) beside the group's largest; each superlative
word is paired with the nearest value in its sentence, and the value must be the group's largest (for "largest",
"biggest", "larger of", "dominant") or its smallest (for "smallest", "smaller of", "tiniest") of the lesions
measured. With one lesion, or lesions of one size, any superlative holds, but no rank past the lesions measured
(the one lesion called "the second largest"); a value of the prior study is not judged
(its lesions are not each recorded); "largest" said of the group's own largest-lesion item holds (the largest lesion
is the largest by volume, and its diameter need not be the longest of all), and so does "largest" said of the largest
lesion of one kind or side (`largest_of_kind`: "the kidney tumour" beside a larger cyst; `derivation` redoes the choice).
A rank ("the second largest", "third-smallest") names the value that rank, and a superlative said in a clause of its
own right after a value ("28.8 mm in segment 7; the smallest of the three lesions", "23.3 mm. It is the smallest.")
is said of that value.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, items_stating, numeric, stated_numbers
from agents.review_checks.clauses import asserted
from agents.review_checks.number_roles import shared_unit
from core.case import Evidence
from questions.intents.answers import NumberMention
from questions.lesion_kinds import ORDINAL, ORDINALS

SUPERLATIVE = re.compile(rf"\b(?:(?P<rank>{ORDINAL}|next)[\s-]+)?(?:(?P<small>smallest|tiniest|"
                         r"smaller(?!\s+than))|(?P<large>largest|biggest|dominant|larger(?!\s+than)|bigger(?!\s+than)))\b",
                         re.IGNORECASE)
"""A lesion called the largest or the smallest ("the smaller of the two"; not "smaller than", a comparison)."""
SENTENCE = re.compile(r"\.(?=\s|$)|[;\n]")
RANKS = {**ORDINALS, "next": 2}
APPOSITION = re.compile(r"\s*(?:(?:it|this|which|that)\s+(?:is|was|being)\s+)?(?:also\s+)?the\s+(?:[\w-]+\s+)?"
                        r"(?:smallest|tiniest|largest|biggest)(?:\s+(?:of|among)\s+[^.;]*)?\s*\.?\s*", re.IGNORECASE)
"""A clause that only says what the value before it is ("the smallest of the five liver lesions", "It is the
smallest."): no value of its own."""
EARLIER = ("prior_", "baseline_", "nadir_")
PER_LESION = {"length": "longest_diameter_mm", "volume": "volume_ml"}
"""The dimension of a stated value (mm or cm, mL or L) -> the per-lesion quantity it is compared among."""


def _dimension(mention: NumberMention) -> str | None:
    converted = mention.in_evidence_unit()
    return converted[0] if converted is not None and converted[0] in PER_LESION else None


def _group(item: Evidence) -> str | None:
    """The lesion group an item speaks of: `liver_lesion` for `liver_lesion_2` and for `liver_lesion`."""
    found = re.fullmatch(r"(\w+_lesion)(?:_\d+)?", item.target or "")
    return found.group(1) if found else None


def _lesions(review: ReviewInput, group: str, quantity: str) -> list[Evidence]:
    """Every measured lesion's own item of `quantity` in `group`."""
    return [e for e in review.evidence if e.name == quantity and re.fullmatch(rf"{re.escape(group)}_\d+", e.target or "")
            and numeric(e) is not None]


def _standing_for_largest(review: ReviewInput) -> set[str]:
    """Ids of lesion items the shared reading puts in place of a group's largest lesion (`ReviewInput.by_key`) for a
    kind asked; none for a size rank asked ("the second largest": its superlative is judged as said)."""
    if review.intent is not None and review.intent.lesion_rank:
        return set()
    return {e.id for key, e in review.by_key.items() if ".largest_lesion_" in key and e.target != key.split(".")[0]}


def false_superlatives(review: ReviewInput) -> list[str]:
    """Each "largest"/"smallest" said of a value that is not the largest/smallest of its group's lesions."""
    text = review.claim_text
    problems = []
    begin, before = 0, ""
    for end in [*(m.start() for m in SENTENCE.finditer(text)), len(text)]:
        sentence, offset = text[begin:end], begin
        begin = end + 1
        values = [m for m in (shared_unit(sentence, n) for n in stated_numbers(sentence)) if _dimension(m)]
        if not values and APPOSITION.fullmatch(sentence) and before:  # said of the value just before
            values = [m for m in stated_numbers(before) if _dimension(m)][-1:]
            sentence, offset, spoken = before + " " + sentence, offset - len(before) - 1, len(before) + 1
        else:
            spoken = 0
        before = text[offset + spoken:end] if spoken else sentence
        for word in SUPERLATIVE.finditer(sentence):
            if word.start() < spoken:
                continue  # a word of the sentence before: judged there
            if re.match(r"(?:small|larg|bigg)er$", word.group(0), re.IGNORECASE) and re.search(
                    r"\ban?\s+$", sentence[:word.start()], re.IGNORECASE):
                continue  # "the dominant 12.0 mL lesion and a smaller 1.0 mL one": one of the rest, not the smallest
            if not values or not asserted(text, (offset + word.start(), offset + word.end())):
                continue
            mention = values[-1] if spoken else min(values, key=lambda m: min(abs(m.start - word.end()),
                                                                              abs(word.start() - m.end)))
            rank = RANKS.get((word["rank"] or "").lower(), 1)
            quantity = PER_LESION[str(_dimension(mention))]
            stating = items_stating(mention, review.evidence)
            if any(e.name.startswith(EARLIER) or "change" in e.name for e in stating):
                continue  # a value of the prior study, or a change: its lesions are not all measured here
            if word["large"] is not None and any(e.provenance.formula == "largest_of_kind" for e in stating):
                continue  # the largest of one kind or side ("the kidney tumour", not a larger cyst): `derivation` checks it
            if rank == 1 and word["large"] is not None and any(e.id in _standing_for_largest(review) for e in stating):
                continue  # the largest of the kind asked ("the largest pancreatic cyst": `agents.reasoners.asked_kind`)
            groups = {g for e in stating if (g := _group(e)) is not None}
            for group in sorted(groups):
                if rank == 1 and word["large"] is not None and any(e.target == group and "largest" in e.name
                                                                   for e in stating):
                    continue  # the group's own "largest lesion" item: the largest by volume, whatever its diameter
                lesions = _lesions(review, group, quantity)
                sizes = [float(e.value) for e in lesions]  # type: ignore[arg-type]
                converted = mention.in_evidence_unit()
                scale = converted[1] / mention.value if converted is not None and mention.value else 1.0
                if sizes and rank > len(sizes):  # "second-largest" of the one lesion measured: no such lesion
                    measured = f"{len(sizes)} {group.replace('_', ' ')}{'s were' if len(sizes) > 1 else ' was'}"
                    problems.append(f"calls {sentence[mention.start:mention.end]!r} the {word.group(0).lower()}, but "
                                    f"only {measured} measured")
                    break
                if len(sizes) < max(2, rank) or max(sizes) - min(sizes) <= mention.tolerance * scale:
                    continue
                wanted = sorted(sizes, reverse=word["large"] is not None)[rank - 1]
                if not any(float(e.value) == wanted for e in items_stating(mention, lesions)):  # type: ignore[arg-type]
                    said = sentence[mention.start:mention.end]
                    which = word.group(0).lower()
                    problems.append(f"calls {said!r} the {which}, but the {len(sizes)} "
                                    f"{group.replace('_', ' ')}s measured run from {min(sizes):.1f} to "
                                    f"{max(sizes):.1f} {'mm' if quantity.endswith('mm') else 'mL'}")
                    break
    return list(dict.fromkeys(problems))




PART_SUPERLATIVE = re.compile(r"\b(?:is|was|being|as)\s+(?:the\s+)?(?P<word>largest|biggest|greatest|smallest|"
                              r"most voluminous)\b", re.IGNORECASE)
"""A part said to be the largest or smallest of its organ's parts ("segment IV is largest at 291.0 mL")."""


def false_part_superlatives(review: ReviewInput) -> list[str]:
    """Each organ part (a Couinaud segment, a pancreatic head/body/tail) called the largest or the smallest of its
    siblings where their measured volumes (`liver_segment_4.volume_ml`, ...) rank it otherwise."""
    from agents.review_checks.bound_words import sentences
    from questions.intents import locations_of

    problems = []
    for _, sentence in sentences(review.claim_text):
        for match in PART_SUPERLATIVE.finditer(sentence):
            if not asserted(sentence, match):
                continue
            before = re.split(r"[:;,(]|\b(?:and|but|while)\b", sentence[:match.start()])[-1]
            parts = list(dict.fromkeys(locations_of(before)))
            if len(parts) != 1:
                continue
            part = parts[0]
            stem = re.sub(r"_(?:\d+|head|body|tail)$", "", part)
            volumes = {e.target: v for e in review.evidence if e.name == "volume_ml" and e.target and
                       re.fullmatch(rf"{stem}_(?:\d+|head|body|tail)", e.target) and (v := numeric(e)) is not None}
            if part not in volumes or len(volumes) < 2:
                continue
            small = match["word"].lower() == "smallest"
            best = (min if small else max)(volumes, key=volumes.__getitem__)
            if volumes[part] != volumes[best]:
                problems.append(f"calls {part.replace('_', ' ')} the {match['word'].lower()}, but "
                                f"{best.replace('_', ' ')} measures {volumes[best]:.1f} mL against its "
                                f"{volumes[part]:.1f} mL")
    return problems


__all__ = ["false_part_superlatives", "false_superlatives"]
