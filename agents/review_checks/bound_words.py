"""Which number a word in the answer speaks of: the statistic, axis or quantifier words bind to a value.

"The maximum attenuation of the liver is 60.0 HU (SD 8.0 HU)": "maximum" is said of 60.0, "SD" of 8.0. A word
binds to the nearest number after it in its sentence with no other number between them; a word with no number
after it before the next number ("24.3 mm (long axis)") binds to the number just before it, when only a bracket,
a comma or "in" stand between them ("29.1 mm in radius"), or the label a bracket or a comma opens after it names
what the number is ("30.0 HU (liver peak attenuation)", "24.7 HU, the tumour's peak value"); so does a word right
after a number when a comma, a bracket, "by" or another such word parts it from the next ("29.1 mm long axis, short
axis 25.3 mm").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agents.review_checks.base import stated_numbers
from questions.intents.answers import NumberMention

__all__ = ["SENTENCE", "bound_mentions", "sentences"]

SENTENCE = re.compile(r"(?<!\d)(?<!\bi\.e)(?<!\be\.g)\.(?=\s|$)|[;\n]", re.IGNORECASE)
"""A sentence ends at a full stop (not a decimal point, nor the one of "i.e." or "e.g."), a semicolon or a line
break."""
AFTER = re.compile(r"[\s(,]*(?:in\s+|on\s+|as\s+(?:its\s+)?|along\s+(?:its\s+|the\s+)?|(?:which\s+|that\s+)?(?:is|was|being|"
                   r"represents)\s+)?(?:the\s+|its\s+|an?\s+)?(?:(?:lesion|tumou?r|mass|cyst)['’]s\s+)?$", re.IGNORECASE)
LABEL = re.compile(r"\s*[(,]\s*(?:the\s+|its\s+)?(?:(?!(?:and|but|or|with|while|whereas|versus|vs|than|compared)\b)"
                   r"[A-Za-z][\w'’-]*,?\s+){1,3}$", re.IGNORECASE)
"""What may stand between a number and a word said after it: "24.3 mm (long axis)", "29.1 mm in radius", "3.8 cm is the
short-axis diameter"; or the
first words of a label opened after it: "30.0 HU (liver peak", "123.3 HU (right kidney, maximum"."""
PARTED = re.compile(r"[,)]|\b(?:by|and|with|versus|vs)\b", re.IGNORECASE)
"""Between a word said after a number and the next number: the next number is said on its own ("29.1 mm long axis,
short axis 25.3 mm")."""


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of each sentence of the text."""
    begin = 0
    for end in [*(m.start() for m in SENTENCE.finditer(text)), len(text)]:
        if text[begin:end].strip():
            yield begin, text[begin:end]
        begin = end + 1


def bound_mentions(sentence: str, words: re.Pattern[str]) -> list[tuple[re.Match[str], NumberMention]]:
    """Each match of `words` in the sentence with the number it is said of (matches binding to none are left out)."""
    numbers = stated_numbers(sentence)
    out = []
    found = list(words.finditer(sentence))
    for word in found:
        later = [m for m in numbers if m.start >= word.end()]
        earlier = [m for m in numbers if m.end <= word.start()]
        gap = sentence[earlier[-1].end:word.start()] if earlier else ""
        behind = bool(earlier) and (AFTER.fullmatch(gap) is not None or LABEL.fullmatch(gap) is not None)
        ahead = sentence[word.end():later[0].start] if later else ""
        if later and not (behind and (PARTED.search(ahead) or any(word.end() <= w.start() < later[0].start
                                                                  for w in found))):
            out.append((word, later[0]))
        elif behind:
            out.append((word, earlier[-1]))
    return out
