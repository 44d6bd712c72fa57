"""Qualifiers of a measured value: the plane, the part of the organ and the Couinaud segment's name must be the
ones the measurement has.

- Plane: clinorch's diameters are the longest *axial* diameter (and its axial short axis); "26.8 mm
  craniocaudal extent", "in the coronal plane", "on the sagittal reformat" say a measurement that was not made.
- Part: an organ's volume is the whole organ's mask; "renal cortex volume", "the pancreatic head measures
  38.6 mL" (of the whole pancreas) name a part that was not measured.
- Couinaud: a segment's number fixes its name (Couinaud 1957; Bismuth 1982): 1 caudate; 2 left lateral superior
  (posterior); 3 left lateral inferior (anterior); 4 left medial (4a superior, 4b inferior); 5 right anterior
  inferior; 6 right posterior inferior; 7 right posterior superior; 8 right anterior superior.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted, clause_around

__all__ = ["COUINAUD", "misnamed_segments", "unmeasured_parts", "unmeasured_planes"]

PLANE = re.compile(r"\b(?:cranio-?caudal\w*|superior[- ]inferior|longitudinal|coronal|sagittal|z-axis|"
                   r"(?:vertical|cephalocaudal) (?:extent|length|height)|height)\b", re.IGNORECASE)
"""A plane or direction other than the axial plane."""
PART = re.compile(r"\b(?:cortex|cortical|medull\w*|renal pelvis|parenchyma\w* (?:excluding|without)|"
                  r"(?:pancreatic )?(?:head|body|tail|uncinate)(?: of the pancreas)?|(?:right|left) (?:hepatic )?lobe|"
                  r"(?:hepatic |liver )?(?:right|left) lobe|caudate lobe)\b", re.IGNORECASE)
"""Parts of an organ a whole-organ value may be misnamed as."""
COUINAUD: dict[int, frozenset[str]] = {
    1: frozenset({"caudate"}),
    2: frozenset({"left", "lateral", "superior", "posterior"}),
    3: frozenset({"left", "lateral", "inferior", "anterior"}),
    4: frozenset({"left", "medial", "superior", "inferior", "quadrate"}),
    5: frozenset({"right", "anterior", "inferior"}),
    6: frozenset({"right", "posterior", "inferior"}),
    7: frozenset({"right", "posterior", "superior"}),
    8: frozenset({"right", "anterior", "superior"}),
}
"""The words each Couinaud segment's name may hold (its lobe, section and level)."""
DESCRIPTOR = re.compile(r"\b(?:caudate|quadrate|left|right|lateral|medial|anterior|posterior|superior|inferior|"
                        r"postero|antero)", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
RESTATED = re.compile(r"^[ \t,(:;\u2014\u2013-]*(?:i\.?\s?e\.?,?\s+|that is,?\s+|or\s+)?(?:(?:couinaud\s+)?segment\s+|couinaud\s+|S)"
                      r"(?P<n>[1-8]|VIII|VII|VI|IV|V|III|II|I)\b", re.IGNORECASE)
"""The segment's number said again in its label ("segment 7 (S7)", "segment 7, i.e. Couinaud VIII")."""
SEGMENT = re.compile(r"\b(?:couinaud )?segments?\s+(?P<n>[1-8]|VIII|VII|VI|IV|V|III|II|I)(?:[ab])?\b", re.IGNORECASE)


def _cited_axial_diameter(review: ReviewInput) -> bool:
    return any(e.unit == "mm" and ("diameter" in e.name or "short_axis" in e.name) for e in review.cited)


def unmeasured_planes(review: ReviewInput) -> list[str]:
    """A plane other than the axial said of a cited axial diameter."""
    text = review.claim_text
    if not _cited_axial_diameter(review) or any("extent" in e.name or "craniocaudal" in e.name for e in review.cited):
        return []
    said = next((m for m in PLANE.finditer(text) if asserted(text, m)), None)
    if said is None:
        return []
    return [f"says {said.group(0)!r}, but the diameter cited is the longest axial diameter"]


def unmeasured_parts(review: ReviewInput) -> list[str]:
    """A part of an organ named for a value measured on the whole organ's mask."""
    text = review.claim_text
    wholes = {e.target for e in review.cited if e.name == "volume_ml" and e.target and "_" not in e.target}
    wholes |= {e.target.split("_")[0] for e in review.cited if e.name == "volume_ml" and e.target and
               e.target.startswith("kidney_")}
    if not wholes or any(e.name == "volume_ml" and "lesion" in (e.target or "") for e in review.cited):
        return []
    measured = " ".join([*(f"{e.target} {e.name}" for e in review.cited),
                         *(key for entry in review.criterion_entries() if entry.criterion
                           for key in entry.criterion.quantity_keys)]).lower()
    for m in PART.finditer(text):
        if _part_measured(m.group(0), measured):  # "caudate/right lobe 0.016": the cited ratio of those parts
            continue
        begin, end = clause_around(text, m.start())
        whole = re.search(r"\b(?:whole|entire|total|includ\w*|with its)\b", text[max(0, begin - 40):end], re.IGNORECASE)
        if asserted(text, m) and re.search(r"\d", text[begin:end]) and not whole:  # "including its cortex": the whole
            return [f"names {m.group(0)!r}, but the value cited is the whole {'/'.join(sorted(wholes))}'s volume"]
    return []


def _part_measured(part: str, measured: str) -> bool:
    """Whether a cited item or a cited criterion's quantity measures the named part itself ("right lobe" ->
    `liver.caudate_right_lobe_ratio`, "head" -> `pancreas_head`)."""
    words = [w for w in re.findall(r"[a-z]+", part.lower()) if w not in ("of", "the", "pancreas", "pancreatic", "hepatic",
                                                                         "liver", "renal")]
    return bool(words) and "_".join(words) in measured.replace(" ", "_")


def misnamed_segments(review: ReviewInput) -> list[str]:
    """A Couinaud segment number given a name of another segment ("segment 7, the anterior superior segment")."""
    text = review.claim_text
    problems = []
    for m in SEGMENT.finditer(text):
        raw = m.group("n").lower()
        number = int(raw) if raw.isdigit() else _ROMAN[raw]
        after = text[m.end():m.end() + 60]
        label = RESTATED.match(after)  # "segment 7, i.e. Couinaud VIII": the label gives another number
        again = label.group("n").lower() if label else None
        if again is not None and (int(again) if again.isdigit() else _ROMAN[again]) != number:
            problems.append(f"calls segment {number} {label.group(0).strip(' ,(:;')!r}, another segment's "  # type: ignore[union-attr]
                            "number")
            continue
        after = re.split(r"[.;]\s|\bsegments?\s+[1-8IVX]|\b(?:kidney|vena cava|IVC|adrenal|pole)\b", after,
                         flags=re.IGNORECASE)[0]
        words = {w.group(0).lower() for w in DESCRIPTOR.finditer(after)}
        words = {"posterior" if w == "postero" else "anterior" if w == "antero" else w for w in words}
        wrong = sorted(words - COUINAUD[number])
        if wrong:
            problems.append(f"calls segment {number} {'/'.join(wrong)}, but Couinaud segment {number} is "
                            f"{'/'.join(sorted(COUINAUD[number]))}")
    return problems
