"""A number said twice in one breath must say one value, and a value measured only in part is not said whole.

"Four (3) liver lesions" and "three (2)" give a count in words and in digits that disagree: one of them is wrong,
whichever matches the evidence. A volume the evidence holds only as a lower bound (`*_lower_bound`: the organ runs
off the scan) is not "completely imaged" nor "exactly" that value, nor "at most" it (an upper bound).
"""

from __future__ import annotations

import re

from agents.review_checks.base import NUMBER_WORDS, ReviewInput
from questions.intents.answers import numbers_in

__all__ = ["bound_said_whole", "spellings_disagree"]

WORDS = "|".join(NUMBER_WORDS)
SPELT_PAIR = re.compile(rf"\b(?:(?P<word>{WORDS})\s*\(\s*(?P<digits>\d+)\s*\)|(?P<digits2>\d+)\s*\(\s*(?P<word2>{WORDS})\s*\))",
                        re.IGNORECASE)
"""A number in words with its digits in brackets, or the other way round ("three (3)", "3 (three)")."""
WHOLE = re.compile(r"\b(?:complete(?:ly)?|entirely|fully|in (?:its )?(?:entirety|full)|exact(?:ly)?|precise(?:ly)?)\b",
                   re.IGNORECASE)
DISOWNED = re.compile(r"\b(?:not|no|never|unknown|cannot|can't|isn't|n't|at least|lower bound|minimum|or more|only part|"
                      r"partly|partially|incomplete\w*|truncated|cut off|runs? off)\b", re.IGNORECASE)
"""Words in the sentence of a "complete"/"exact" that deny it or say the value is a bound."""


def spellings_disagree(text: str) -> list[str]:
    """Each number said in words and in digits side by side that differ."""
    problems = []
    for m in SPELT_PAIR.finditer(text):
        word, digits = (m["word"], m["digits"]) if m["word"] else (m["word2"], m["digits2"])
        if NUMBER_WORDS[word.lower()] != int(digits):
            problems.append(f"says {m.group(0)!r}: the words and the digits give two different numbers")
    return problems


def bound_said_whole(review: ReviewInput, text: str) -> list[str]:
    """A lower bound (the structure runs off the scan), cited or its value said, said to be the whole or exact value."""
    bounds = [e for e in review.cited if e.name.endswith("_lower_bound")]
    stated = numbers_in(text)
    bounds += [e for e in review.evidence if e.name.endswith("_lower_bound") and e not in bounds and isinstance(
        e.value, int | float) and any(abs(m.value - float(e.value)) <= m.tolerance for m in stated)]  # said, not cited:
    # "The spleen is fully included in the scan and measures exactly 976.7 mL"
    for said in WHOLE.finditer(text) if bounds else ():
        sentence = re.split(r"[.;\n]", text[said.start():])[0] + " " + re.split(r"[.;\n]", text[:said.start()])[-1]
        if not DISOWNED.search(sentence):  # "the exact count is not known", "at least 12 (not the complete organ)"
            return [f"says {said.group(0)!r}, but {bounds[0].id!r} is only a lower bound: the structure runs off the scan"]
    for said in UPPER.finditer(text) if bounds else ():
        after = numbers_in(text[said.end():said.end() + 25])
        sentence = re.split(r"[.;\n]", text[:said.start()])[-1] + re.split(r"(?<!\d)[.;\n]", text[said.start():])[0]
        value = next((float(e.value) for e in bounds if isinstance(e.value, int | float)), None)
        near = value is not None and bool(after) and abs(after[0].value - value) <= max(after[0].tolerance, 0.05 * value)
        if (near or said.group(0).lower().endswith("bound")) and not re.search(r"\bnot\b", sentence[:said.end()]):
            return [f"says {said.group(0)!r}, but {bounds[0].id!r} is a lower bound: the whole structure is at least "
                    "that, never at most"]
    return []


UPPER = re.compile(r"\b(?:at most|up to|no more than|not more than|at the most|maximum of|an upper bound)\b|≤|<=",
                   re.IGNORECASE)
"""Words that make a value a ceiling ("at most 979.3 mL", "an upper bound"): said of a lower bound, the wrong side."""
