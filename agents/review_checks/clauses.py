"""Clauses and denial: one reading, used by every check that asks whether the answer asserts something.

"No ascites", "not hyperdense", "the cyst rather than a solid mass", "the left kidney is free of lesions"
deny what they name; a check that flags a finding, a character, a direction of change or a side must
read the same words the same way. A clause ends at a sentence's full stop (not a decimal point), a
semicolon, a line break, a bracket, or a contrast ("…, but …", "while", "whereas"); a denial word
before a phrase in its own clause denies it.
"""

from __future__ import annotations

import re

__all__ = ["NEGATION", "asserted", "clause_around", "clauses", "denies"]

NEGATION = re.compile(r"\b(no|not|none|nothing (?:can|could|would|is|qualifies|counts|stands)|without|absent|absence of|"
                      r"free of|neither|nor|negative for|rules? out|"
                      r"ruled out|rather than|instead of|excluded?|(?:is|are|was|does|do|did|has|have)n['’]t|never|(?:argues?|speaks?|points?) against|"
                      r"unlikely|not favou?red|disfavou?red)\b",
                      re.IGNORECASE)
"""Words that deny the phrase after them in their clause."""
BOUNDARY = re.compile(r"\.(?=\s|$)|[;\n()]|,?\s+(?:but|while|whereas|although|though)\b|,\s+(?:so|hence|therefore|thus)\s+|"
                      r"\s+-\s+|\s+[—–]\s+", re.IGNORECASE)
"""Where a clause ends: a full stop (a decimal point is not one), a semicolon, a line break, a bracket, a contrast,
a consequence after a comma (", so the concern rests on ...") or a dash."""


def clauses(text: str) -> list[str]:
    """The text's clauses, in order, empty ones dropped."""
    return [c for c in BOUNDARY.split(text) if c and c.strip()]


def clause_around(text: str, start: int) -> tuple[int, int]:
    """(start, end) of the clause holding the character at `start`."""
    begin, end = 0, len(text)
    for match in BOUNDARY.finditer(text):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= start:
            end = match.start()
            break
    return begin, end


def denies(words: str) -> bool:
    """Whether the words hold a denial."""
    return NEGATION.search(words) is not None


EXAMPLE_OF = re.compile(r"\((?:e\.\s?g\.?|eg|for example|for instance|such as)[^()]*$", re.IGNORECASE)
"""An open parenthesis giving an example ("Hypoattenuating solid lesion (e.g. metastasis)", an option's own words): what
follows it names a kind the category may be, not a finding asserted."""


def exemplified(text: str, match: re.Match[str]) -> bool:
    """Whether a phrase found in `text` is an example in parentheses ("(e.g. metastasis)"): neither asserted nor
    denied."""
    return bool(EXAMPLE_OF.search(text[max(0, match.start() - 60):match.start()]))


def asserted(text: str, match: re.Match[str] | tuple[int, int]) -> bool:
    """Whether a phrase found in `text` is asserted, not denied in its own clause ("no ascites", "not solid")."""
    start = match.start() if isinstance(match, re.Match) else match[0]
    begin, _ = clause_around(text, start)
    return not denies(ANSWER_WORD.sub("", text[begin:start]))


ANSWER_WORD = re.compile(r"^\s*(?:no|yes)\s*[,:;—–-]\s*", re.IGNORECASE)
"""The yes or no that answers the question ("No, the burden is unchanged"): it denies nothing in its clause."""
