"""Pertinent negatives: a finding denied ("no ascites", "no focal splenic lesion", "without vascular invasion") is a
statement about the images, and it stands only on evidence that looked for it.

What looked for a finding: a lesion mask of the organ named, searched and empty (or a lesion count of 0 for it); a
distance measured from the lesion to the vessel named (to any vessel for "vascular"); or, as for an asserted
finding, a cited item, a cited criterion's labels or quantities, or the question's own words
(`claims.FINDINGS`, `claims.SUPPORTED_BY`). A negative nothing looked for is an unsupported finding: clinorch
never assessed ascites, nodes, infarcts or a renal vein, so it cannot say they are absent.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted, exemplified

__all__ = ["unassessed_negatives"]

ORGAN_WORDS = {"liver": r"liver|hepatic", "spleen": r"spleen|splenic", "kidney": r"kidneys?|renal",
               "pancreas": r"pancreas|pancreatic", "adrenal": r"adrenals?", "gall_bladder": r"gall ?bladder"}
"""Organs whose lesions clinorch segments, with the words that name them."""
LESION_WORD = r"(?:focal )?(?:solid |cystic )?(?:lesions?|mass(?:es)?|tumou?rs?|nodules?|cysts?|metastas[ie]s)"
DENIAL = r"\b(?:no|without|free of|negative for|absence of)\s+(?:evidence of\s+)?(?:an?\s+|any\s+)?(?:focal\s+|discrete\s+)?"
"""A denial whose object is the lesion phrase itself ("no focal splenic lesion"; not "No, the kidney lesion is not
solid" nor "none of the liver lesions lies in segment 6", which deny something else)."""
VESSELS = {"aorta": r"aort\w*", "postcava": r"IVC|inferior vena cava|(?:vena )?caval?", "portal": r"portal",
           "superior_mesenteric": r"SMA|SMV|superior mesenteric", "celiac": r"c(?:o)?eliac",
           "renal_vein": r"renal vein", "hepatic_vein": r"hepatic veins?", "splenic_vein": r"splenic vein"}
"""Vessels a denial of invasion may name, with the evidence target prefixes that measure them."""
VASCULAR = re.compile(r"\b(?:invasion|involvement|encasement|infiltration|thrombus|thrombosis|abutment|contact)\b",
                      re.IGNORECASE)
"""A vascular finding; the vessel is named in the words just before it ("renal vein invasion")."""
NODES = r"(?:[\w-]+ )?lymph nodes?|(?:peri|para)[\w-]+ nodes?"
"""Lymph nodes denied ("no peripancreatic lymph nodes"): clinorch segments none."""
FINDING_WORDS = ("ascites", "metastatic disease", "infarction", "hydronephrosis", "varices", "haemorrhage",
                 "calcification", "necrosis", "dilatation", "stones", "cirrhosis", "portal hypertension")
"""The `claims.FINDINGS` a denial may name that no clinorch measurement looks for (unless cited or asked)."""


def _lesions_looked_for(review: ReviewInput, organ: str) -> bool:
    """Whether a lesion mask of `organ` was searched and found empty (or its lesion count is 0)."""
    for e in review.evidence:
        target = (e.target or "")
        if not target.startswith(organ) or target.startswith("prior"):
            continue
        if e.name == "present" and e.value is False and target != organ:  # "spleen_tumor" searched, empty
            return True
        if e.name == "lesion_count" and e.value == 0:  # the organ's, its lesions', a side's ("kidney_left")
            return True
    for e in review.evidence:  # "no lesion in the left kidney": the lesions counted in it
        if f"in_{organ}" in e.name and e.value == 0 and not (e.target or "").startswith("prior"):
            return True
    return False


def _vessel_measured(review: ReviewInput, vessel_words: str) -> bool:
    """Whether a distance from a lesion to the vessel named (any vessel when none is named) was measured, or sought and
    found beyond reach (the vessel among the `nearest_structure` search's `structures`)."""
    named = [key for key, words in VESSELS.items() if re.search(rf"\b(?:{words})\b", vessel_words, re.IGNORECASE)]
    keys = named or list(VESSELS)
    sought = {name for e in review.evidence if e.name == "nearest_structure"  # beyond the search's reach: far, known
              for name in (e.provenance.parameters or {}).get("structures") or []}
    return any(e.name.startswith("distance_from_") and any((e.target or "").startswith(k) for k in keys)
               for e in review.evidence) or any(name.startswith(k) for name in sought for k in keys)


def _organ_negatives(review: ReviewInput, text: str) -> list[str]:
    problems = []
    for organ, words in ORGAN_WORDS.items():
        said = re.compile(rf"{DENIAL}(?:(?:{words})\s+{LESION_WORD}|{LESION_WORD}\s+(?:in|of|within)\s+(?:the\s+)?"
                          rf"(?:{words}))\b", re.IGNORECASE)
        for m in said.finditer(text):
            if not _lesions_looked_for(review, organ):
                problems.append(f"denies {m.group(0)!r}, but no {organ} lesion mask was searched")
                break
    return problems


def unassessed_negatives(review: ReviewInput) -> list[str]:
    """The denials of findings that nothing in the evidence looked for (one reason each)."""
    from agents.review_checks.claims import FINDINGS, SUPPORTED_BY, _supporting_text

    text = review.claim_text
    support = _supporting_text(review)
    problems = _organ_negatives(review, text)
    for m in VASCULAR.finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        after = re.match(r"\s+(?:of|in|into|around|with|to)\s+(?:the\s+)?([^,;.]{0,40})", text[m.end():])
        before += f" {after.group(1)}" if after else ""  # "encasement of the superior mesenteric artery"
        if not re.search(r"vascular|venous|arterial|vessel|" + "|".join(VESSELS.values()), before, re.IGNORECASE):
            continue  # "no fatty infiltration", "contact" of two organs: not a vessel's
        if not asserted(text, m) and not _vessel_measured(review, before):
            problems.append(f"denies {m.group(0).strip()!r}, but no distance to that vessel was measured")
            break
    for finding in FINDING_WORDS:
        words = FINDINGS[finding] + (rf"|{NODES}" if finding == "metastatic disease" else "")
        pattern = re.compile(rf"\b(?:{words})(?!\w*\s+(?:was|were|is|are)\s+(?:not\s+)?(?:assessed|evaluated))",
                             re.IGNORECASE)  # "no ascites was assessed" says what was not looked at
        denied = next((m for m in pattern.finditer(text) if not asserted(text, m) and not exemplified(text, m)), None)
        backing = re.compile(rf"\b(?:{SUPPORTED_BY.get(finding, FINDINGS[finding])})", re.IGNORECASE)
        if denied is not None and not backing.search(support):
            problems.append(f"denies {finding} ({denied.group(0)!r}), which nothing in the evidence looked for")
    return problems
