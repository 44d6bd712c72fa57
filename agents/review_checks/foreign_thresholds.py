"""A threshold quoted as context must be the one its own label has for the quantity measured.

"38.6 mL, below the 600 mL atrophy limit" of a pancreas quotes the liver's atrophy limit (`dtvqa-liver-volume`);
"396.2 mL exceeds the 250 mL splenomegaly threshold" quotes a limit no splenomegaly criterion has. A limit quoted
with a category word ("the 600 mL atrophy limit", "the 34.8 HU fatty-liver cut-off") is grounded only by a band of
that category, in a knowledge entry whose criterion reads the quantity of a cited value, having that limit (to the
precision printed). A limit quoted without a category word is left to `numbers` (a cited criterion's limit).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from core.anatomy import family

__all__ = ["foreign_thresholds"]

QUOTED = re.compile(r"(?P<num>\d+(?:\.\d+)?)[^\S\n]*(?P<unit>mL|ml|cc|HU|mm|%)[^\S\n]+(?:(?P<words>(?:[\w-]+[^\S\n]+){1,3}?)"
                    r"(?:limit|threshold|cut-?off|criterion|boundary|ceiling|floor)\b|(?:limit|threshold|cut-?off|"
                    r"criterion|boundary|ceiling|floor)[^\S\n]+(?:for|of)[^\S\n]+(?P<after>(?:an?[^\S\n]+)?[\w-]+"
                    r"(?:[^\S\n]+[\w-]+)?))",
                    re.IGNORECASE)
"""A limit quoted with the category it bounds: "the 600 mL atrophy limit", "the 314.5 mL splenomegaly threshold"."""
UNITS = {"ml": "mL", "cc": "mL", "hu": "HU", "mm": "mm", "%": "%"}
PLAIN = {"plausible", "too small", "too large"}
"""A mask's plausibility bands: their limits are no finding's threshold."""
FILLER = {"dtvqa", "grade", "detection", "the", "a", "an", "upper", "lower", "normal", "for", "of", "solid", "mass", "volume", "size"}


SYNONYMS = {"fatty": "steat", "steat": "fatty", "enlar": "megal", "hepat": "liver", "liver": "hepat"}
"""Stems that name the same thing ("fatty liver" / "hepatic steatosis")."""


def _stems(words: str) -> set[str]:
    stems = {w[:5].lower() for w in re.findall(r"[A-Za-z]+", words) if w.lower() not in FILLER and len(w) > 3}
    return stems | {SYNONYMS[s] for s in stems if s in SYNONYMS}


def _bands(review: ReviewInput, stems: set[str], unit: str) -> list[tuple[str, str, float]]:
    """(quantity key, label, limit) of every band in the knowledge base whose label shares a stem with `stems`."""
    out = []
    for entry in review.base:
        for scale in entry.criterion.quantities if entry.criterion is not None else []:
            if scale.unit != unit:
                continue
            named = _stems(f"{entry.id} {entry.title}".replace("-", " "))  # the finding the entry grades
            for band in scale.bands:
                if (_stems(band.label.replace("-", " ")) | (named if band.label not in PLAIN else set())) & stems:
                    out += [(f"{scale.target}.{scale.name}", band.label, float(v))
                            for v in (band.lower, band.upper) if v is not None]
    return out


GENERIC_TARGETS = ("lesion", "organ")
"""A criterion's scale read for any lesion group or organ (`lesion.tumor_burden_pct`): the quantity's name decides."""


def foreign_thresholds(review: ReviewInput) -> list[str]:
    """Each category limit quoted that no criterion of the cited quantity gives that category."""
    keys = {(family(e.target) or e.target, e.name) for e in review.cited if e.target and e.unit}
    keys |= {(e.target, e.name) for e in review.cited if e.target and e.unit}
    keys |= {(target, name.removesuffix("_lower_bound")) for target, name in keys}  # a cut organ's lower bound is of
    # its volume: "≥ 974.6 mL, above the 314.5 mL splenomegaly cut-off"
    if not keys:
        return []
    problems = []
    for m in QUOTED.finditer(review.claim_text):
        words = m["words"] or m["after"] or ""
        stems = _stems(words)
        unit = UNITS[m["unit"].lower()]
        bands = _bands(review, stems, unit)
        if not stems or not bands:
            continue  # no category named, or one no criterion grades in this unit: `numbers` judges the number
        said = float(m["num"])
        slack = 0.5 * 10 ** -len(m["num"].partition(".")[2])
        same = [(key, label) for key, label, limit in bands if abs(limit - said) <= slack + 1e-9]
        own = [(key, label) for key, label in same if tuple(key.split(".", 1)) in keys
               or key.split(".", 1)[0] in GENERIC_TARGETS and any(name == key.split(".", 1)[1] for _, name in keys)]
        if own:
            continue
        if same:
            key, label = same[0]
            problems.append(f"quotes {m.group(0)!r}, the {label!r} limit of {key.split('.')[0]}, for a value of "
                            f"{'/'.join(sorted({k[0] for k in keys}))}")
        else:
            problems.append(f"quotes {m.group(0)!r}, but no criterion puts a {words.strip()!r} limit at "
                            f"{m['num']} {unit}")
    return problems
