"""A number said twice in one breath must say one value, and a value measured only in part is not said whole.

"Four (3) liver lesions" and "three (2)" give a count in words and in digits that disagree: one of them is wrong,
whichever matches the evidence. A volume the evidence holds only as a lower bound (`*_lower_bound`: the organ runs
off the scan) is not "completely imaged" nor "exactly" that value.
"""

from __future__ import annotations

import re

from agents.review_checks.base import NUMBER_WORDS, ReviewInput

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
    """A cited lower bound (the structure runs off the scan) said to be the whole or exact value."""
    bounds = [e for e in review.cited if e.name.endswith("_lower_bound")]
    for said in WHOLE.finditer(text) if bounds else ():
        sentence = re.split(r"[.;\n]", text[said.start():])[0] + " " + re.split(r"[.;\n]", text[:said.start()])[-1]
        if not DISOWNED.search(sentence):  # "the exact count is not known", "at least 12 (not the complete organ)"
            return [f"says {said.group(0)!r}, but {bounds[0].id!r} is only a lower bound: the structure runs off the scan"]
    return []
