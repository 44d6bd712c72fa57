"""The kind of lesion a question names ("the solid pancreatic tumour", "the cystic renal lesion"), read once here.

A question that names the kind of the lesion it asks about picks that lesion out of its group: when the pancreas holds
a larger cyst and a smaller solid tumour, "the solid pancreatic tumour" is the tumour. A question that asks the kind
("is it solid or cystic?", "cyst or solid tumour?") names none.

- `solid`: "solid", "enhancing" / "hyperenhancing" / "hypervascular" / "soft-tissue" before a lesion noun
  ("the enhancing lesion", "a solid renal mass"), "non-cystic"; or an attenuation word before a tumour noun ("the
  hypodense tumour", "the hypoattenuating mass": a tumour, not a cyst, whatever its density);
- `cyst`: "cyst", "pseudocyst", "cystic lesion / mass / tumour / neoplasm", "non-enhancing lesion".
"""

from __future__ import annotations

import re
from typing import Literal

_THE = r"\b(?:the|this|that|its|their)\s+(?:(?!(?:an?|is|are|was|were|be|of|in|as)\b)[\w-]+\s+){0,3}?"
"""A definite lesion the question asks about ("the largest solid ...", "its cystic ..."): "is the lesion a cyst?" asks
the kind, it does not name it."""
_NOUN = r"(?:\s+[\w-]+){0,2}?\s+(?:mass(?:es)?|tumou?rs?|lesions?|neoplasms?|nodules?|growths?)\b"
_TUMOUR_NOUN = r"(?:\s+[\w-]+){0,2}?\s+(?:mass(?:es)?|tumou?rs?|neoplasms?|carcinomas?)\b"
SOLID_NAMED = re.compile(
    rf"{_THE}(?:solid|(?:hyper)?enhancing|hypervascular|soft[- ]tissue|non-?cystic){_NOUN}"
    rf"|{_THE}(?:hypo|hyper)-?(?:dense|attenuating){_TUMOUR_NOUN}", re.IGNORECASE)
"""A lesion named solid (not "non-enhancing", which the look-behind leaves to `CYST_NAMED`)."""
CYST_NAMED = re.compile(rf"{_THE}(?:pseudo)?cysts?\b|{_THE}(?:cystic|non-?enhancing){_NOUN}", re.IGNORECASE)
"""A lesion named a cyst ("the largest renal cyst", "the cystic pancreatic lesion", "the non-enhancing lesion")."""
KIND_ASKED = re.compile(r"\b(?:solid|cystic|cysts?)\s*(?:or\b|/|versus\b|vs\.?)|\b(?:or|versus|vs\.?)\s+(?:a\s+)?"
                        r"(?:solid|cystic|cysts?)\b|\bwhether\b[^?]*\b(?:solid|cystic|cysts?)\b", re.IGNORECASE)
"""The question asks the kind itself ("solid or cystic?", "a cyst or a solid tumour?")."""


def lesion_kind_named(text: str) -> Literal["solid", "cyst"] | None:
    """The kind of lesion `text` names for the lesion it asks about; None when it names none, names both, or asks
    the kind itself."""
    if KIND_ASKED.search(text):
        return None
    solid, cyst = bool(SOLID_NAMED.search(text)), bool(CYST_NAMED.search(text))
    if solid == cyst:
        return None
    return "solid" if solid else "cyst"


CYST_WORDS = re.compile(r"\bcysts?\b|\bcystic\b", re.IGNORECASE)
TUMOUR_WORDS = re.compile(r"\btumou?rs?\b|\bneoplasms?\b|\bsolid\b", re.IGNORECASE)
"""Tumour words; a "mass" is not one: a renal or pancreatic mass may be cystic (Bosniak classifies cystic renal
masses), so "characterize the renal mass" is about every lesion of the group, like "lesion"."""
TUMOUR_BURDEN = re.compile(r"\btumou?r(?:al)?[- ](?:burden|load)\b", re.IGNORECASE)
""""Tumour burden" / "tumour load" is the term for the volume of every lesion of an organ (DeepTumorVQA: sum of the
lesion volumes over the organ volume), cysts included: it names no kind."""


def lesion_kind_mentioned(text: str) -> Literal["cyst", "tumor"] | None:
    """`cyst` or `tumor` when `text` mentions lesions of one of the two kinds only, any number of them ("how many
    pancreatic cysts", "the largest kidney tumor"); None for "lesions" or both kinds ("solid or cystic"). Unlike
    `lesion_kind_named` (one definite lesion picked out of its group), this selects which masks of a group a
    question is about, where the group's cysts have a mask of their own (the benchmark harness's tool results)."""
    text = TUMOUR_BURDEN.sub(" ", text)
    cyst, tumour = bool(CYST_WORDS.search(text)), bool(TUMOUR_WORDS.search(text))
    return "cyst" if cyst and not tumour else "tumor" if tumour and not cyst else None


TUMOUR_NAMED = re.compile(rf"{_THE}tumou?rs?\b", re.IGNORECASE)
"""A definite lesion named only a tumour ("the largest pancreatic tumor", "the biggest renal tumour")."""
READS_LARGEST = re.compile(r"^[a-z]+_lesion(?:\.(?:largest_lesion_|hu_difference)|_1\.(?:location|adjacent_organs))")
"""A quantity of the group's largest lesion (`pancreas_lesion.largest_lesion_mean_hu`): the one a named kind re-points."""


def lesion_kind_asked(text: str, quantities: list[str]) -> Literal["solid", "cyst", "tumor"] | None:
    """The kind `text` names (`lesion_kind_named`) when the answer reads its group's largest lesion (`quantities`);
    `tumor` when it names the lesion only a tumour ("the largest pancreatic tumor": `core.state.Intent.lesion_kind`);
    None otherwise (a count or an existence question asks about every lesion, not one)."""
    if not any(READS_LARGEST.match(q) for q in quantities):
        return None
    named = lesion_kind_named(text)
    if named is None and TUMOUR_NAMED.search(text) and lesion_kind_mentioned(text) == "tumor" and \
            not KIND_ASKED.search(text) and lesion_rank_asked(text, quantities) is None:
        return "tumor"
    return named


ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
"""Ordinal words of a size rank past the first, as questions and answers write them (one table for understanding,
the reasoner's wording and the attending's rank checks)."""
ORDINAL = "|".join(ORDINALS)
"""`ORDINALS` as a regular-expression alternation."""
ORDINAL_WORDS = {rank: word for word, rank in ORDINALS.items() if word.isalpha()}
"""A rank in words (2 -> `second`)."""
RANKED = re.compile(r"\b(" + ORDINAL + r")[- ](?:largest|biggest|greatest)\b", re.IGNORECASE)


SMALLEST = re.compile(r"\b(?:smaller|smallest|tiniest|littlest)\b(?=(?:\s+[\w-]+){0,3}?\s+(?:lesions?|cysts?|tumou?rs?|"
                      r"mass(?:es)?|nodules?|metasta\w*|ones?)\b)", re.IGNORECASE)
"""The smallest lesion of a group or kind asked ("the smaller pancreatic cyst", "the smallest liver lesion")."""
LAST = -1
"""`Intent.lesion_rank` of the smallest lesion: the last by volume, whatever the count."""


def lesion_rank_asked(text: str, quantities: list[str]) -> int | None:
    """The size rank of the one lesion `text` asks about ("the second largest renal lesion": 2; "the smaller
    pancreatic cyst": `LAST`) when the answer reads its group's largest lesion (`quantities`); None for the largest
    itself, or a question about every lesion."""
    if not any(READS_LARGEST.match(q) for q in quantities):
        return None
    match = RANKED.search(text)
    if match is not None:
        return ORDINALS[match.group(1).lower()]
    return LAST if SMALLEST.search(text) else None
