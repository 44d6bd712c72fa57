"""Overclaimed diagnoses: what CT attenuation and size decide is a probable category, never a histological diagnosis.

An answer that rests on an imaging criterion ("above 34.8 HU suggests a solid tumour such as renal cell carcinoma")
and says more than it - a tissue diagnosis proven, certain or confirmed ("definitively renal cell carcinoma",
"diagnostic of NASH"), a histological subtype no cited item or criterion names ("clear cell", "papillary",
"steatohepatitis"), or management the criterion does not decide ("no biopsy needed") - makes a
claim no evidence backs.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted

__all__ = ["overclaims"]

CERTAINTY = re.compile(r"\b(?:proven|proves?|confirm(?:s|ed|ing)?|definitive(?:ly)?|diagnostic of|pathognomonic|"
                       r"certain(?:ly)?|unequivocal(?:ly)?|beyond (?:any )?doubt|conclusive(?:ly)?|histologically|"
                       r"establish(?:es|ed)? the diagnosis|is (?:definitely|undoubtedly))\b", re.IGNORECASE)
"""Words that make a category a certain diagnosis."""
DIAGNOSIS = re.compile(r"\b(?:carcinoma|rcc|hcc|pdac|malignan\w*|cancer|neoplas\w*|tumou?r|adenoma|lymphoma|"
                       r"metasta\w*|cyst\w*|pseudocyst|benign|steato\w*|nash|mash|nafld|masld|fatty liver)\b",
                       re.IGNORECASE)
"""What a diagnosis names: a tissue type, benign or malignant, a cyst, liver fat."""
SUBTYPE = re.compile(r"\b(?:clear[- ]cell|papillary|chromophobe|oncocytoma|angiomyolipoma|"
                     r"steatohepatitis|nash|mash|fibrosis|ipmn|cystadenoma|cholangiocarcinoma|sarcoma)\b",
                     re.IGNORECASE)
"""Histological subtypes and diagnoses that need tissue or other tests, not attenuation or size."""
MANAGEMENT = re.compile(r"\bno (?:further )?(?:characteri[sz]ation|work-?up|follow-?up|biopsy|imaging|surveillance|"
                        r"histolog\w*|tissue sampling)\b[^.;]{0,40}?\b(?:needed|required|necessary|indicated|warranted)\b|"
                        r"\b(?:biopsy|follow-?up|characteri[sz]ation|work-?up|surveillance|histolog\w*|tissue (?:diagnosis|"
                        r"sampling)|further imaging)\b[^.;]{0,20}?"
                        r"\b(?:is |are )?(?:unnecessary|not (?:needed|required|necessary|indicated|warranted))\b|"
                        r"\bno (?:need|requirement) for (?:a |any |further )?(?:biopsy|follow-?up|imaging|work-?up)\b",
                        re.IGNORECASE)
"""Management said to be unneeded: no clinorch criterion decides it."""
RECOMMENDED = re.compile(r"\b(?:whipple(?: resection| procedure)?|pancreatectomy|pancreaticoduodenectomy|nephrectomy|"
                        r"hepatectomy|(?:surgical )?resection|surgery|chemotherapy|radiotherapy|ablation|biopsy)\s+(?:is\s+)?"
                        r"(?:recommended|advised|indicated|warranted|required|mandatory)\b|\b(?:recommend|advise)\w*\s+(?:a\s+|an\s+|"
                        r"urgent\s+)?(?:whipple|pancreatectomy|nephrectomy|hepatectomy|resection|surgery|chemotherapy|biopsy)\b",
                        re.IGNORECASE)
"""Treatment said to be recommended ("malignant PNET; Whipple resection recommended"): no clinorch criterion decides it
(the tumour's resectability says whether it can be removed, not that it should; a pancreatic cyst's size criterion,
which recommends resection, is its own task)."""
DECIDES_TREATMENT = ("pancreatic cyst resectability", "pancreatic lesion resectability", "knowledge question", "report")
LIMITED = re.compile(r"\b(?:cannot|can ?not|can't|unable|beyond|would require|requires?|needs?|not (?:be )?"
                     r"(?:assessed|determined|diagnosed|excluded|established))\b|\b(?:would|could|can|may|might)\s+(?:also\s+)?"
                     r"(?:look|appear)\s+(?:similar|the same|alike)\b|\bmimic\w*|\b(?:is|are)\s+not\s+favou?red\b|"
                     r"\bin the differential\b", re.IGNORECASE)
"""Words after a diagnosis that say CT cannot make it, or name it as an alternative of the differential ("oncocytoma or
lipid-poor angiomyolipoma would look similar by attenuation alone")."""


def overclaims(review: ReviewInput, support: str) -> list[str]:
    """The certain diagnoses, subtypes and management the answer claims beyond what its evidence (`support`: the
    cited items' and criteria's words and the question) decides."""
    text = review.claim_text
    problems = []
    for sentence in re.split(r"(?<!\d)\.(?!\d)|;|\n", text):
        certain = next((m for m in CERTAINTY.finditer(sentence) if asserted(sentence, m)), None)
        if certain is not None and DIAGNOSIS.search(sentence):
            problems.append(f"claims a certain diagnosis ({certain.group(0)!r}): an attenuation or size criterion "
                            "gives a probable category, not a tissue diagnosis")
    for said in SUBTYPE.finditer(text):
        sentence = re.split(r"(?<!\d)\.(?!\d)|;|\n", text[said.start():], maxsplit=1)[0]
        if LIMITED.search(sentence):  # "NASH cannot be assessed on CT": a limit of the method, no claim
            continue
        if asserted(text, said) and not re.search(rf"\b{re.escape(said.group(0))}\b", support, re.IGNORECASE):
            problems.append(f"names {said.group(0)!r}, a diagnosis no cited measurement or criterion decides")
    if (management := MANAGEMENT.search(text)) is not None or (review.intent.task not in DECIDES_TREATMENT and (
            management := RECOMMENDED.search(text)) is not None):
        problems.append(f"says {management.group(0)!r}, management no cited criterion decides")
    return list(dict.fromkeys(problems))
