"""Injected errors: correct answers made wrong in the ways a hallucinating model is wrong.

Each corruption takes an answer (and its question's choices) and returns a corrupted copy, or
None when it does not apply (no unit to change, no category to swap). The option the answer
quotes (`B: 150.2 cm³.`) is left alone: the lie is in the answer's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.case import Answer
from questions.intents.answers import numbers_in

ORGAN_SWAP = {"liver": "spleen", "spleen": "liver", "kidney": "liver", "pancreas": "spleen", "colon": "liver"}
UNIT_SWAP = {"mm": "cm", "cm": "mm", "mL": "cm", "HU": "%", "%": "mL"}
LABEL_SWAP_WORDS = [
    ("Yes", "No"), ("No", "Yes"), ("right", "left"), ("left", "right"), ("Right", "Left"), ("Left", "Right"),
    ("Pancreas", "Liver"), ("Liver", "Pancreas"), ("Hypoattenuating", "Hyperattenuating"),
    ("hypoattenuating", "hyperattenuating"), ("Segment 7", "Segment 4"), ("segment 7", "segment 4"),
    ("Head", "Tail"), ("Highly clustered", "Widely distributed"), ("highly clustered", "widely distributed"),
    ("G2 moderate", "G1 mild"), ("Mild", "Moderate"), ("mild", "moderate"), ("T2", "T3"), ("Cyst", "Solid tumor"),
    ("cyst", "solid tumor"), ("Simple cyst", "Indeterminate"), ("simple cyst", "indeterminate"),
    ("Fatty liver", "No fatty liver"), ("fatty liver", "no fatty liver"), ("PDAC", "PNET"),
]


def _split(answer: Answer) -> tuple[str, str]:
    """(quoted option prefix, the answer's own words)."""
    if answer.choice:  # "B — T2: why" (the option once, then why), or the older "B: T2. T2. why"
        match = re.match(rf"\s*{answer.choice}\s*[—–]\s*.*?:(?:\s+|$)", answer.text) or \
            re.match(rf"\s*{answer.choice}\s*:[^.]*?(?<!\d)\.(?!\d)\s*", answer.text)
        if match:
            return answer.text[: match.end()], answer.text[match.end():]
    return "", answer.text


def _with(answer: Answer, body: str, prefix: str | None = None, **update: object) -> Answer:
    head, _ = _split(answer)
    return answer.model_copy(update={"text": (head if prefix is None else prefix) + body, **update})


def wrong_number(answer: Answer) -> Answer | None:
    """The first measured number is off by a third, everywhere the answer repeats it."""
    _, body = _split(answer)
    mentions = [m for m in numbers_in(body) if m.unit is not None or m.decimals > 0 or m.value >= 1]
    if not mentions:
        return None
    m = mentions[0]
    raw = body[m.start:m.end].split()[0] if m.unit else body[m.start:m.end]
    new = m.value * 1.33 + (2 if m.decimals == 0 else 0.7)
    replacement = f"{new:.{m.decimals}f}"
    return _with(answer, re.sub(rf"(?<![\w.]){re.escape(raw)}(?![\w]|\.\d)", replacement, body))


def subtle_number(answer: Answer, last: bool = False) -> Answer | None:
    """One number (the first, or the last) drifts by 3%: an error a reader would not see."""
    _, body = _split(answer)
    mentions = [m for m in numbers_in(body) if m.value != 0 and (m.decimals > 0 or abs(m.value) >= 40)]
    if not mentions:
        return None
    m = mentions[-1] if last else mentions[0]
    raw = body[m.start:m.end].split()[0] if m.unit else body[m.start:m.end]
    new = f"{m.value * 1.03:.{m.decimals}f}"
    if new == raw:
        return None
    return _with(answer, body[:m.start] + new + body[m.start + len(raw):])


def wrong_unit(answer: Answer) -> Answer | None:
    """The first number's unit is swapped for a wrong one (mm<->cm, mL->cm, HU->%, %->mL)."""
    _, body = _split(answer)
    for m in numbers_in(body):
        if m.unit in UNIT_SWAP:
            written = body[m.start:m.end]
            number = re.match(r"[-−]?\d+(?:[.,]\d+)?", written).group(0)  # type: ignore[union-attr]
            return _with(answer, body.replace(written, f"{number} {UNIT_SWAP[m.unit]}"))
    return None


def wrong_organ(answer: Answer) -> Answer | None:
    """The first organ named is replaced by another, everywhere."""
    _, body = _split(answer)
    match = re.search(r"\b(liver|spleen|kidney|pancreas|colon)\b", body, re.IGNORECASE)
    if not match:
        return None
    organ = match.group(1).lower()
    swap = ORGAN_SWAP[organ]
    return _with(answer, re.sub(rf"\b{organ}\b", swap, re.sub(rf"\b{organ.capitalize()}\b", swap.capitalize(), body)))


def wrong_category(answer: Answer) -> Answer | None:
    """The stated category (or yes/no, side, segment) is swapped for one the values do not give."""
    _, body = _split(answer)
    headline = re.split(r"\.(?:\s|$)", body, maxsplit=1)[0]
    for old, new in LABEL_SWAP_WORDS:
        if re.search(rf"(?<![\w-]){re.escape(old)}(?![\w-])", headline):
            return _with(answer, re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, body))
    return None


def wrong_choice_letter(answer: Answer, choices: dict[str, str] | None) -> Answer | None:
    """The letter is changed; the text still argues for the old option."""
    if not answer.choice or not choices:
        return None
    letters = sorted(choices)
    other = letters[(letters.index(answer.choice) + 1) % len(letters)]
    return answer.model_copy(update={"choice": other})


def wrong_choice_rewritten(answer: Answer, choices: dict[str, str] | None) -> Answer | None:
    """The letter and the quoted option are changed; the reasoning still argues for the old one."""
    if not answer.choice or not choices:
        return None
    letters = sorted(choices)
    other = letters[(letters.index(answer.choice) + 1) % len(letters)]
    _, body = _split(answer)
    return _with(answer, body, prefix=f"{other} — {choices[other]}: ", choice=other)


def unsupported_number(answer: Answer) -> Answer | None:
    """A measurement nobody made is added."""
    return answer.model_copy(update={"text": answer.text.rstrip(". ") + ". The largest lesion also measures 73.9 mm."})


CORRUPTIONS: dict[str, Callable[[Answer, dict[str, str] | None], Answer | None]] = {
    "wrong number": lambda a, c: wrong_number(a),
    "number drifting by 3% (first)": lambda a, c: subtle_number(a),
    "number drifting by 3% (last)": lambda a, c: subtle_number(a, last=True),
    "wrong unit": lambda a, c: wrong_unit(a),
    "wrong organ": lambda a, c: wrong_organ(a),
    "category not following from the value": lambda a, c: wrong_category(a),
    "choice letter disagreeing with the text": wrong_choice_letter,
    "choice and quoted option disagreeing with the text": wrong_choice_rewritten,
    "number with no evidence": lambda a, c: unsupported_number(a),
}
