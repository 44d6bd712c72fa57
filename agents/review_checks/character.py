"""A lesion's character stated against what was measured of it: attenuation direction and cyst or solid.

"29.1 mm; the lesion is hyperdense to the surrounding liver" on a lesion 40 HU below the liver, or
"21.9 mm solid renal mass" on a 4 HU lesion, keeps the right number and adds a character the evidence
contradicts. Measurement records each lesion's attenuation against its organ (`attenuation`: hypo, iso,
hyper) and its mean HU; the simple-cyst band is the cited Bosniak entry's (-10 to 20 HU, water density,
`dtvqa-renal-mass-hu`). Only a character asserted of a lesion in its own clause counts ("the liver is
hypoattenuating" speaks of the organ; "not solid" asserts nothing), and only a contradiction of every
lesion of the group asked is flagged. Where the question asks about a lesion, a clause with no subject of its
own ("24.1 mm, hyperattenuating relative to the liver parenchyma") speaks of that lesion.
"""

from __future__ import annotations

import functools
import re

from agents.review_checks.base import ReviewInput, numeric
from agents.review_checks.clauses import asserted, clauses
from questions.intents import extract

NOT_A_LIMIT = r"(?![^.;]{0,30}\b(?:thresholds?|cut-?offs?|limits?|bands?|ranges?|needed|required|prior|previous|baseline|earlier)\b)(?![^.;\d]{0,12}\d)"
"""After a difference's direction: no cut-off it is held to ("45 HU above the 20 HU threshold" states no direction)."""
DIRECTIONS = {
    "hyper": r"hyper-?(?:attenuat\w*|dens\w*|intens\w*)|(?:brighter|denser) than|"
             rf"\bHU\s+(?:higher|greater|above|over|more)\b{NOT_A_LIMIT}|"
             r"\b(?:higher|greater) (?:in )?(?:attenuation|density)\b|\bexceeds? (?:the )?[\w']+ (?:attenuation|density)\b",
    "hypo": r"hypo-?(?:attenuat\w*|dens\w*|intens\w*)|low[- ]attenuation|darker than|less dense than|"
            rf"\bHU\s+(?:lower|less|below|under|beneath)\b{NOT_A_LIMIT}|\blower (?:in )?(?:attenuation|density)\b",
    "iso": r"iso-?(?:attenuat\w*|dens\w*|intens\w*)",
}
"""Words stating a lesion's attenuation against its organ, by the `attenuation` value measurement records; a
difference in HU said with its direction ("39.9 HU higher than the liver", "61.5 HU below the parenchyma")."""
LESION = r"\b(?:lesions?|mass(?:es)?|tumou?rs?|cysts?|nodules?|metasta\w*|focus|foci|it)\b"
SIMPLE_CYST = r"\bsimple (?:renal |hepatic |liver |kidney )?cysts?\b|\bfluid[- ]density\b|\bwater[- ]density\b"
SOLID = (r"\bsolid(?: \w+)? (?:mass(?:es)?|tumou?rs?|lesions?|nodules?|neoplasms?)\b|\b(?:is|are|was|appears?) solid\b|"
         r"\benhancing (?:mass|tumou?r|lesion)\b")
CYST_ENTRY = "dtvqa-renal-mass-hu"
TYPE_TASK = re.compile(r"cyst|tumor existence|classification|characterization|PDAC|PNET|resectability",
                       re.IGNORECASE)
"""Tasks whose answer is itself the lesion's type: their category checks judge it through the criterion cited; this
check reads the characters other answers add. An attenuation asked is read here too: "the tumour is hyperdense
relative to the pancreas (25.3 vs 45.1 HU)" may name no criterion for `rule_grounding` to recompute."""
RATIONALE = re.compile(r"->|[≤≥<>]|\bby [a-z0-9]+-[a-z0-9-]+\b")
"""A criterion's rule line ("8.3 HU (x <= 20 HU: cyst) by dtvqa-...") names labels, it asserts none."""


@functools.cache
def simple_cyst_band() -> tuple[float, float]:
    """(lower, upper) HU of a simple cyst, from the cited Bosniak entry."""
    from knowledge import load_base

    entry = next(e for e in load_base(profile="all") if e.id == CYST_ENTRY)
    assert entry.criterion is not None
    band = next(b for scale in entry.criterion.quantities for b in scale.bands if b.label == "simple cyst")
    return float(band.lower), float(band.upper)  # type: ignore[arg-type]


def _group(review: ReviewInput) -> str | None:
    lesion = review.intent.lesion
    return str(lesion) if lesion else None


def _of_group(target: str | None, group: str | None) -> bool:
    if not target or "lesion" not in target and "tumor" not in target and "cyst" not in target:
        return False
    return group is None or target == group or target.startswith(f"{group}_")


def _of_the_lesion_asked(clause: str, match: re.Match[str]) -> bool:
    """A character with no lesion word in its clause is said of the lesion the question asks when no organ is its
    subject ("24.1 mm, hyperattenuating relative to the liver"; not "the liver is hypoattenuating")."""
    return not extract(clause[:match.start()]).organs


def contradicted_character(review: ReviewInput) -> list[str]:
    """Attenuation directions and cyst/solid characters the answer asserts of a lesion that every measured
    lesion of the group asked contradicts."""
    if TYPE_TASK.search(review.intent.task or ""):
        return []
    group = _group(review)
    directions = {str(e.value) for e in review.evidence
                  if e.name.endswith("attenuation") and isinstance(e.value, str) and _of_group(e.target, group)}
    hus = [v for e in review.evidence if e.name.endswith("mean_hu") and _of_group(e.target, group)
           and (v := numeric(e)) is not None]
    low, high = simple_cyst_band()
    problems = []
    for clause in clauses(review.claim_text):
        named = re.search(LESION, clause, re.IGNORECASE) is not None
        if RATIONALE.search(clause) or not (named or review.intent.lesion):
            continue
        for direction, words in DIRECTIONS.items():
            said = next((m for m in re.finditer(words, clause, re.IGNORECASE)
                         if asserted(clause, m) and (named or _of_the_lesion_asked(clause, m))), None)
            if said is not None and directions and direction not in directions:
                problems.append(f"calls the lesion {said.group(0)!r}, but every lesion measured is "
                                f"{'/'.join(sorted(directions))}-attenuating to its organ")
        cyst = next((m for m in re.finditer(SIMPLE_CYST, clause, re.IGNORECASE) if asserted(clause, m)), None)
        if cyst is not None and hus and not any(low <= v <= high for v in hus):
            problems.append(f"calls the lesion {cyst.group(0)!r}, but no lesion measured lies in the simple-cyst band "
                            f"{low:g} to {high:g} HU ({CYST_ENTRY}; measured {', '.join(f'{v:.1f}' for v in hus[:4])} HU)")
        solid = next((m for m in re.finditer(SOLID, clause, re.IGNORECASE) if asserted(clause, m)), None)
        if solid is not None and hus and all(low <= v <= high for v in hus):
            problems.append(f"calls the lesion {solid.group(0)!r}, but every lesion measured lies in the simple-cyst "
                            f"band {low:g} to {high:g} HU ({CYST_ENTRY})")
    return list(dict.fromkeys(problems))





BOSNIAK_CLASS = re.compile(r"\bBosniak\s+(?:class\s+|category\s+|type\s+)?(?P<cls>II-?F|2F|IV|III|II|I|[1-4])(?![\w-])",
                           re.IGNORECASE)
FEATURED = {"IIF", "II-F", "2F", "III", "IV", "3", "4"}
"""Bosniak classes that rest on septa, walls or enhancing nodules, which no measurement records."""
HOMOGENEOUS_ENTRY = "bosniak-2019-homogeneous-mass"


@functools.cache
def _benign_bands() -> tuple[tuple[float, float], ...]:
    """The HU bands of a homogeneous renal mass Bosniak 2019 calls benign (class II), from the cited entry."""
    from knowledge import load_base

    entry = next(e for e in load_base(profile="all") if e.id == HOMOGENEOUS_ENTRY)
    assert entry.criterion is not None
    return tuple((float(b.lower) if b.lower is not None else float("-inf"), float(b.upper) if b.upper is not None
                  else float("inf")) for scale in entry.criterion.quantities for b in scale.bands
                 if b.label.startswith("benign"))


def bosniak_claims(review: ReviewInput) -> list[str]:
    """A Bosniak class the measured renal lesions cannot have: IIF to IV need septa, walls or nodules (only a
    homogeneous mass's attenuation is measured); I needs the simple-cyst band, II a benign band of Bosniak 2019."""
    text = review.claim_text
    hus = [v for e in review.evidence if e.name.endswith("mean_hu") and (e.target or "").startswith("kidney_lesion")
           and (v := numeric(e)) is not None]
    low, high = simple_cyst_band()
    problems = []
    for said in BOSNIAK_CLASS.finditer(text):
        grade = said["cls"].upper()
        if not asserted(text, said):
            continue
        if grade in FEATURED:
            problems.append(f"states {said.group(0)!r}, a class that rests on septa, walls or enhancing nodules, "
                            "which no measurement records (only the lesion's attenuation is measured)")
        elif grade in ("I", "1") and hus and not any(low <= v <= high for v in hus):
            problems.append(f"states {said.group(0)!r}, but no renal lesion measured lies in the simple-cyst band")
        elif grade in ("II", "2") and hus and not any(a <= v <= b for v in hus for a, b in _benign_bands()):
            problems.append(f"states {said.group(0)!r}, but no renal lesion measured lies in a benign band of "
                            f"{HOMOGENEOUS_ENTRY}")
    return problems

__all__ = ["bosniak_claims", "contradicted_character", "simple_cyst_band"]
