"""Lay words for a lesion, written as the clinical word before anything else reads the question.

Patients and clinicians of other specialties name a focal finding in plain words: "a spot on my kidney",
"a lump in the liver", "a growth on the pancreas", "the thing on my left kidney", "anything growing in the
bowel". Each is a lesion (its existence asked, not the organ's size), so the noun is rewritten `lesion`;
the same words used otherwise are left alone: a verb ("can you spot ..."), a place ("in the same spot"),
an organ's growth over time ("the growth of the spleen since March").
"""

from __future__ import annotations

import re

__all__ = ["clinical_lesion_words"]

LAY_NOUN = r"(?:spot|lump|bump|blob|shadow|growth)"
"""Lay nouns for a focal finding (singular; the plural adds an s)."""
DETERMINER = (r"(?:a|an|any|the|some|no|this|that|these|those|one|two|three|several|few|multiple|many|little|small|tiny|"
              r"large|big|new|funny|odd|strange|weird|suspicious|dark|bright|white|black|round|worrying|possible)")
"""Words that stand before a noun (so "spot" after one is the noun, not the verb)."""
PLURAL = re.compile(rf"\b{LAY_NOUN}s\b(?! of (?:the|a|an|its|his|her|their|my|this|that)\b)", re.IGNORECASE)
"""A plural lay noun ("spots and lumps"): always the noun; "growths of the ..." aside."""
SINGULAR = re.compile(rf"\b(?<!\bin )(?<!\bat )(?P<before>{DETERMINER}(?:[ -](?!same\b|exact\b|very\b)[a-z]+)?[ -])"
                      rf"{LAY_NOUN}\b(?! of (?:the|a|an|its|his|her|their|my|this|that)\b)", re.IGNORECASE)
"""A singular lay noun after a determiner or adjective ("a spot", "the little blob", "any funny-looking lump"); not a
place ("in the same spot", "at one spot")."""
PLACED = re.compile(rf"(?<!\byou )(?<!\bto )(?<!\bcan )(?<!\bwe )(?<!\bi )(?<!\bsame )\b{LAY_NOUN}\b(?= (?:(?:in|on|at|within|"
                    r"inside|near) )?(?:(?:the|my|her|his|their|this|that|a) )?(?:(?:left|right|upper|lower) )?(?:liver|hepatic|"
                    r"kidney|renal|pancrea|spleen|splenic|colon|bowel|segment))", re.IGNORECASE)
"""A singular lay noun followed by the organ it lies in ("incidental lump right kidney", "spot in segment 7"); not the
verb ("can you spot the liver ...") and not an organ's own growth ("growth of the liver" has "of")."""
THING = re.compile(r"\b(?P<before>(?:a|an|the|this|that|some|any)(?: [a-z-]+)?) thing(?=s? (?:on|in|inside|within|at|near)\b)",
                   re.IGNORECASE)
"""A "thing" placed on or in something ("the thing on my kidney")."""
GROWING = re.compile(r"\b(?P<which>some|any|no)thing (?:growing|sitting|lurking) (?=(?:on|in|inside|within)\b)", re.IGNORECASE)
"""Something growing in an organ ("anything growing in the bowel?")."""


FLUID_SACS = re.compile(r"(?<!\bair )(?<!\bgas )(?<!\bair-)\b(?:(?:water|fluid)[- ]?(?:filled )?)?(?:bubbles?|blisters?|sacs?|pockets?)(?: of (?:water|fluid))?\b"
                        r"|\b(?:water|fluid)[- ]filled (?:bubbles?|blisters?|sacs?|pockets?|balls?)\b", re.IGNORECASE)
"""Lay words for a cyst ("little water bubbles", "a fluid-filled sac", "pockets of fluid"): the clinical cyst."""


FOCI = re.compile(r"\bfoci\b", re.IGNORECASE)
FOCUS = re.compile(r"\b(?P<before>(?:a|an|any|the|this|that|one|no|single|solitary)(?: [a-z-]+)?\s)focus\b(?! (?:on|of|is on)\b)",
                   re.IGNORECASE)
"""A radiologist's word for a lesion ("a hyperdense focus in segment 7", "hypodense foci"); not the verb nor "the focus
of the study", "the focus on the liver"."""


def clinical_lesion_words(text: str) -> str:
    """The text with lay words for a lesion written `lesion(s)` (see the module docstring)."""
    text = FOCUS.sub(lambda m: f"{m.group('before')}lesion", FOCI.sub("lesions", text))
    out = FLUID_SACS.sub(lambda m: "cyst" if m.group(0).lower().rstrip().endswith(("bubble", "sac", "blister", "pocket"))
                         else "cysts", text)
    out = PLURAL.sub("lesions", out)
    out = SINGULAR.sub(lambda m: f"{m.group('before')}lesion", out)
    out = PLACED.sub("lesion", out)
    out = THING.sub(lambda m: f"{m.group('before')} lesion", out)
    return GROWING.sub(lambda m: f"{m.group('which')} lesion ", out)
