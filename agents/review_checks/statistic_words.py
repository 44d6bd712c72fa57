"""The statistic a value is called is the statistic measured: a mean said as the "maximum", an SD as the mean.

Measurement reports a structure's mean attenuation and its standard deviation (`liver.mean_hu`, `liver.std_hu`,
`kidney_lesion_1.mean_hu`), never a maximum, minimum or median voxel value. "Peak hepatic attenuation 60 HU" gives
the mean under another statistic's name; "the mean attenuation is 8.0 HU" gives the standard deviation as the
mean, and so does "the pancreas measures 8.6 HU" (a value said with no statistic is the mean) unless spread words
stand beside it ("± 8.6 HU", "SD"). Each statistic word is read with the value it is said of (`bound_words`) and held against the statistic of
the items that value states. "The highest attenuation of the three lesions" is a superlative among lesions, true
when the value is the highest lesion mean measured.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, items_stating, numeric, stated_numbers
from agents.review_checks.bound_words import bound_mentions, sentences
from agents.review_checks.threshold_words import in_comparison
from core.case import Evidence

__all__ = ["misnamed_statistics"]

SPREAD_NEAR = re.compile(r"\b(?:SDs?|std|standard deviations?|spread|variab\w*|dispersion|noise|heterogene\w*)\b|±|\+/-",
                         re.IGNORECASE)
"""Words that say an HU value is a spread even when no statistic word binds to it ("± 8.6 HU", "8.6 HU noise")."""

STATISTIC = re.compile(r"\b(?:(?P<max>max(?:imum|imal)?|peak|highest)|(?P<min>min(?:imum|imal)?|lowest)|"
                       r"(?P<median>median)|(?P<mean>mean|average[sd]?|averaging)|"
                       r"(?P<sd>standard deviation|SD|std(?:\.|ev)?|spread|variability|dispersion))\b", re.IGNORECASE)
"""A statistic named for an attenuation value (the SD also by its plain words: "spread 8.0 HU")."""


def _statistic(item: Evidence) -> str | None:
    """The statistic an attenuation item measures: "sd" or "mean"; None for a difference or another quantity."""
    if item.unit != "HU" or "difference" in item.name:
        return None
    return "sd" if "std" in item.name else "mean" if "mean_hu" in item.name else None


def _extreme_lesion(review: ReviewInput, items: list[Evidence], word: str) -> bool:
    """Whether the value is the highest (or lowest) lesion mean of its group: "the highest attenuation" among lesions."""
    for item in items:
        group = re.fullmatch(r"(\w+_lesion)_\d+", item.target or "")
        if group is None or item.name != "mean_hu":
            continue
        means = [v for e in review.evidence if e.name == "mean_hu" and re.fullmatch(rf"{group.group(1)}_\d+", e.target or "")
                 and (v := numeric(e)) is not None]
        if len(means) > 1 and numeric(item) == (max(means) if word == "max" else min(means)):
            return True
    return False


def _bare_spreads(review: ReviewInput, sentence: str, bound: set[int]) -> list[str]:
    """HU values said of a structure with no statistic word ("the pancreas measures 8.6 HU") that state only a
    standard deviation: a structure's attenuation said plainly is its mean, so its SD given so is a misnamed mean."""
    problems = []
    for mention in stated_numbers(sentence):
        if mention.unit != "HU" or mention.start in bound or SPREAD_NEAR.search(
                sentence[max(0, mention.start - 30):mention.end + 15]) or in_comparison(sentence, mention):
            continue  # "(-10 ≤ x ≤ 20 HU)": a band's end quoted, no attenuation said of a structure
        if sentence[:mention.start].rstrip().endswith("/") and SPREAD_NEAR.search(sentence[mention.end:]):
            continue  # "(49.4 - 61.4) HU / 20.0 HU = -0.60 organ SDs": the SD a difference is divided by, in SDs
        items = items_stating(mention, review.cited) or items_stating(mention, review.evidence)
        if items and all(_statistic(e) == "sd" for e in items):
            problems.append(f"gives {sentence[mention.start:mention.end]!r} as an attenuation, but it is the measured "
                            f"standard deviation ({items[0].id!r})")
    return problems


def misnamed_statistics(review: ReviewInput) -> list[str]:
    """Each attenuation value called by a statistic its items do not measure."""
    problems = []
    for _, sentence in sentences(review.claim_text):
        problems += _bare_spreads(review, sentence, {m.start for _, m in bound_mentions(sentence, STATISTIC)})
        for word, mention in bound_mentions(sentence, STATISTIC):
            if mention.unit != "HU":
                continue
            items = items_stating(mention, review.cited) or items_stating(mention, review.evidence)
            measured = {s for e in items if (s := _statistic(e)) is not None}
            said = next(k for k, v in word.groupdict().items() if v)
            if not measured or said in measured:
                continue
            if said in ("max", "min") and _extreme_lesion(review, items, said):
                continue
            if said == "median" or said in ("max", "min") or (said == "mean" and measured == {"sd"}) or \
                    (said == "sd" and measured == {"mean"}):
                value = sentence[mention.start:mention.end]
                shown = "standard deviation" if measured == {"sd"} else "mean"
                problems.append(f"calls {value!r} the {word.group(0).lower()}, but it is the measured {shown} "
                                f"({items[0].id!r})")
    return problems
