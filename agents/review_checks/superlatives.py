"""Superlatives the answer states of a lesion: "21.5 mm — the smallest of the four lesions" must be true.

The right value can be given under the wrong superlative: the largest lesion's diameter called "the smallest of
the four", its volume "the smaller of the two". Measurement records every lesion's own diameter and volume
(`liver_lesion_3.longest_diameter_mm`, `kidney_lesion_1.volume_ml`) beside the group's largest; each superlative
word is paired with the nearest value in its sentence, and the value must be the group's largest (for "largest",
"biggest", "larger of", "dominant") or its smallest (for "smallest", "smaller of", "tiniest") of the lesions
measured. With one lesion, or lesions of one size, any superlative holds; a value of the prior study is not judged
(its lesions are not each recorded); "largest" said of the group's own largest-lesion item holds (the largest lesion
is the largest by volume, and its diameter need not be the longest of all), and so does "largest" said of the largest
lesion of one kind or side (`largest_of_kind`: "the kidney tumour" beside a larger cyst; `derivation` redoes the choice).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, items_stating, numeric, stated_numbers
from agents.review_checks.clauses import asserted
from core.case import Evidence

SUPERLATIVE = re.compile(r"\b(?:(?P<small>smallest|tiniest|smaller(?!\s+than))|"
                         r"(?P<large>largest|biggest|dominant|larger(?!\s+than)|bigger(?!\s+than)))\b", re.IGNORECASE)
"""A lesion called the largest or the smallest ("the smaller of the two"; not "smaller than", a comparison)."""
SENTENCE = re.compile(r"\.(?=\s|$)|[;\n]")
EARLIER = ("prior_", "baseline_", "nadir_")
PER_LESION = {"mm": "longest_diameter_mm", "mL": "volume_ml"}
"""The unit of a stated value -> the per-lesion quantity it is compared among."""


def _group(item: Evidence) -> str | None:
    """The lesion group an item speaks of: `liver_lesion` for `liver_lesion_2` and for `liver_lesion`."""
    found = re.fullmatch(r"(\w+_lesion)(?:_\d+)?", item.target or "")
    return found.group(1) if found else None


def _lesions(review: ReviewInput, group: str, quantity: str) -> list[Evidence]:
    """Every measured lesion's own item of `quantity` in `group`."""
    return [e for e in review.evidence if e.name == quantity and re.fullmatch(rf"{re.escape(group)}_\d+", e.target or "")
            and numeric(e) is not None]


ORDINAL = re.compile(r"\b(?P<n>second|2nd|third|3rd|fourth|4th|next)[- ]$", re.IGNORECASE)
_RANKS = {"second": 2, "2nd": 2, "next": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _rank(before: str) -> int:
    """1 for "largest"; 2 for "second largest" / "next largest"; 3 for "third largest"."""
    found = ORDINAL.search(before)
    return _RANKS[found["n"].lower()] if found else 1


def false_superlatives(review: ReviewInput) -> list[str]:
    """Each "largest"/"smallest" said of a value that is not the largest/smallest of its group's lesions."""
    text = review.claim_text
    problems = []
    begin = 0
    for end in [*(m.start() for m in SENTENCE.finditer(text)), len(text)]:
        sentence, offset = text[begin:end], begin
        begin = end + 1
        values = [m for m in stated_numbers(sentence) if m.unit in PER_LESION]
        for word in SUPERLATIVE.finditer(sentence):
            if not values or not asserted(text, (offset + word.start(), offset + word.end())):
                continue
            mention = min(values, key=lambda m: min(abs(m.start - word.end()), abs(word.start() - m.end)))
            quantity = PER_LESION[str(mention.unit)]
            stating = items_stating(mention, review.evidence)
            if any(e.name.startswith(EARLIER) or "change" in e.name for e in stating):
                continue  # a value of the prior study, or a change: its lesions are not all measured here
            if word["large"] is not None and any(e.provenance.formula == "largest_of_kind" for e in stating):
                continue  # the largest of one kind or side ("the kidney tumour", not a larger cyst): `derivation` checks it
            groups = {g for e in stating if (g := _group(e)) is not None}
            for group in sorted(groups):
                if word["large"] is not None and any(e.target == group and "largest" in e.name for e in stating):
                    continue  # the group's own "largest lesion" item: the largest by volume, whatever its diameter
                lesions = _lesions(review, group, quantity)
                sizes = [float(e.value) for e in lesions]  # type: ignore[arg-type]
                if len(sizes) < 2 or max(sizes) - min(sizes) <= mention.tolerance:
                    continue
                rank = _rank(sentence[:word.start()])  # "the second largest (1.3 mL)" is the second, not the largest
                if rank > len(sizes):
                    continue
                ordered = sorted(sizes, reverse=word["large"] is not None)
                wanted = ordered[rank - 1]
                if not any(float(e.value) == wanted for e in items_stating(mention, lesions)):  # type: ignore[arg-type]
                    said = sentence[mention.start:mention.end]
                    which = ("" if rank == 1 else f"{rank}. ") + word.group(0).lower()
                    problems.append(f"calls {said!r} the {which}, but the {len(sizes)} "
                                    f"{group.replace('_', ' ')}s measured run from {min(sizes):.1f} to "
                                    f"{max(sizes):.1f} {mention.unit}")
                    break
    return list(dict.fromkeys(problems))


__all__ = ["false_superlatives"]
