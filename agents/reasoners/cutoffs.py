"""The bare cut-off a knowledge question asks ("What spleen volume is the upper limit of mild splenomegaly?"
-> `500 mL`), read from the cited criterion's bands, so the answer leads with it rather than a band dump.

The band is the one the question names (its label, or for a decision table the band a named rule reads);
the edge is the one question understanding read from its words (`Intent.cutoff_edge`: "upper limit", "no longer",
"below what" ask the upper edge, "lower limit", "above what" the lower); a band with one finite edge has only that one.
"""

from __future__ import annotations

import re
from typing import Any

from questions.intents.answers import labels_in
from questions.intents.labels import grouped_labels

_UNIT_WORDS = {"%": r"%|percent\w*|per cent", "HU": r"\bhu\b|attenuation|hounsfield|density", "mm": r"\b(mm|cm|diameter|size)\b",
               "mL": r"\b(ml|volume|cc)\b", "ratio": r"\bratio\b", "count": r"\b(how many|number)\b"}
_SYNONYMS = ((r"-", " "), (r"hepatic steatosis|(?<!pancreatic )steatosis", "fatty liver"))


def _plain(question: str) -> str:
    text = question.lower()
    for pattern, replacement in _SYNONYMS:
        text = re.sub(pattern, replacement, text)
    return text


def _named_bands(question: str, criterion: Any) -> list[tuple[Any, Any]]:
    """(scale, band) pairs the question names: by a band's label, or by a decision-table rule's label."""
    short = {re.sub(r"\s*\([^()]*\)$", "", label): label for label in criterion.labels}
    named = {short.get(label, label) for label in labels_in(question, [*criterion.labels, *short])}
    pairs = [(s, b) for s in criterion.quantities for b in s.bands if b.label in named]
    if not pairs:
        pairs = _parent_bands(question, criterion)
    scales = {s.quantity: s for s in criterion.quantities}
    for rule in criterion.rules:
        if rule.label in named:
            pairs += [(scales[key], b) for key, accepted in rule.when.items() for b in scales[key].bands
                      if b.label in accepted and (scales[key], b) not in pairs]
    return pairs


def _parent_bands(question: str, criterion: Any) -> list[tuple[Any, Any]]:
    """A category the question names that groups several bands ("T1" for T1a and T1b): one band spanning them."""
    from knowledge.criteria import Band

    grouped = grouped_labels(question, criterion.labels)
    out = []
    for scale in criterion.quantities:
        group = [b for b in scale.bands if b.label in grouped]
        if len(group) < 2:
            continue
        first, last = group[0], group[-1]
        closed = {"lower": first.closed_lower, "upper": last.closed_upper}
        inclusive = "both" if all(closed.values()) else next((k for k, v in closed.items() if v), "neither")
        parent = re.match(r"[a-z]*\d+", first.label.lower())
        label = first.label[:parent.end()] if parent else first.label
        out.append((scale, Band(label=label, lower=first.lower, upper=last.upper, inclusive=inclusive)))
    return out


def _in_asked_unit(pairs: list[tuple[Any, Any]], criterion: Any, text: str) -> list[tuple[Any, Any]]:
    """The named category on the scale whose unit the question asks, when the band named lies on another scale:
    "Below what liver attenuation (HU) is steatosis suggested?" names `fatty liver` (an L/S-ratio band) but asks the
    HU scale's band that holds those words (`moderate to severe fatty liver: x < 40 HU`), not the ratio's cut-off."""
    scales = [s for s in criterion.quantities if re.search(_UNIT_WORDS.get(s.unit, r"$^"), text)]
    if len(scales) != 1 or not pairs:
        return []
    named = {b.label for _, b in pairs}
    found = [(scales[0], b) for b in scales[0].bands
             if any(label in b.label for label in named) and not re.match(r"(no|not|normal)\b", b.label)]
    return found if len(found) == 1 else []


def bare_cutoff(question: str | None, entry: Any, edge: str | None) -> str | None:
    """The cut-off the question asks, in its unit (`500 mL`, `30 % decrease`), with the band it bounds; None when
    the question names no band of the entry or no single edge is asked (`edge`: `Intent.cutoff_edge`, which
    question understanding read from the question's words)."""
    if entry.criterion is None or not question:
        return None
    text = _plain(question)
    pairs = _named_bands(text, entry.criterion)
    in_unit = [(s, b) for s, b in pairs if re.search(_UNIT_WORDS.get(s.unit, r"$^"), text)] or _in_asked_unit(
        pairs, entry.criterion, text)
    pairs = in_unit or pairs
    if len({id(s) for s, _ in pairs}) == 1 and len(pairs) == 2:  # "separates moderate from severe": their boundary
        (scale, first), (_, second) = pairs
        shared = {first.lower, first.upper} & {second.lower, second.upper} - {None}
        return _shown(float(shared.pop()), scale, text, f"{first.label} | {second.label}") if len(shared) == 1 else None
    if len({id(s) for s, _ in pairs}) != 1 or len(pairs) != 1:
        return None  # several quantities or bands could be meant: the bands are quoted instead
    scale, band = pairs[0]
    upper, lower = edge in ("upper", "both"), edge in ("lower", "both")
    edges = [v for v, asked in ((band.upper, upper), (band.lower, lower)) if v is not None and asked]
    if len(edges) != 1:
        edges = [v for v in (band.lower, band.upper) if v is not None and v != 0] if not (upper or lower) else []
    if len(edges) != 1:
        return None
    return _shown(float(edges[0]), scale, text, f"{band.label}: {band.describe(scale.unit)}")


def _shown(value: float, scale: Any, text: str, band: str) -> str:
    """`500 mL (mild: 314.5 ≤ x < 500 mL, spleen.volume_ml)`; a negative change asked as a decrease is `30 % decrease`."""
    unit = "" if scale.unit in ("count", "flag", "ratio") else f" {scale.unit}"
    shown = f"{abs(value):g}{unit} decrease" if value < 0 and re.search(r"decreas|reduc|shrink", text) else f"{value:g}{unit}"
    return f"{shown} ({band}, {scale.quantity})"
