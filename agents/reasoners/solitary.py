"""A kidney comparison when one kidney is shown absent (its provided mask is empty: a nephrectomy).

Only one kidney is there to compare: the answer is the option saying so ("Only one kidney is present", "The left
kidney is absent", "Solitary right kidney"), or in free form that only the other kidney is present, citing the
absence and the remaining kidney's volume. A kidney that is only not found (a segmenter's miss, a mask not provided)
is unknown and decides nothing (`core.absence.evidenced_absence`): the comparison then needs both volumes.
"""

from __future__ import annotations

import re

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe
from core.absence import ABSENCE_WORDS, evidenced_absence

UNDETERMINED = re.compile(r"\b(?:cannot|can't|not) (?:be )?(?:determined|assessed|evaluated|compared)\b|\bindeterminate\b",
                          re.IGNORECASE)
"""An option saying the comparison cannot be made."""
ONLY_WORDS = re.compile(r"\b(?:only|solitary|single|remaining)\b", re.IGNORECASE)
GONE_WORDS = re.compile(r"\b(?:absent|missing|not present|removed|resected|nephrectom\w*)\b", re.IGNORECASE)


def solitary_kidney(task: ReasonerInput) -> Draft | None:
    """The comparison answered as "only one kidney", when exactly one kidney is shown absent and the other measured;
    None otherwise (the usual comparison runs, and needs both volumes).

    Raises:
        InsufficientEvidence: one kidney is absent but no option says so (the options assume two kidneys), or the
            question is put as a yes/no about one side.
    """
    gone = {side: evidenced_absence(task.evidence, f"kidney_{side}") for side in ("left", "right")}
    absent = [side for side, item in gone.items() if item is not None]
    if len(absent) != 1:
        return None
    side, other = absent[0], "right" if absent[0] == "left" else "left"
    kept = task.by_key().get(f"kidney_{other}.volume_ml")
    if kept is None:
        return None
    shown = gone[side]
    assert shown is not None
    statement = f"the {side} kidney is absent (its mask, provided with the case, is empty); {describe(kept)}"
    ids = [shown.id, kept.id]
    if task.intent.polar:
        raise InsufficientEvidence(f"{statement}: only the {other} kidney is there, nothing to compare it with",
                                   agent="reasoner")
    choice_set = task.choice_set
    if choice_set is None:
        label = f"only the {other} kidney is present (the {side} kidney is absent)"
        return Draft("category", label[:1].upper() + label[1:], statement, ids, label=label)
    fits = [o.text for o in choice_set.options if _says_absent(o.text, side, other)]
    undetermined = any(UNDETERMINED.search(o.text) for o in choice_set.options)
    if not fits and task.intent.comparison != "smaller" and not undetermined:  # "Which kidney is larger? A. Right
        fits = [o.text for o in choice_set.options if _names_larger(o.text, other)]  # B. Left C. Equal": the one there
        # (with "Cannot be determined" offered, that is the answer another author wants: suite M)
    if len(fits) != 1:
        raise InsufficientEvidence(f"{statement}: no single option says that only one kidney is present",
                                   agent="reasoner")
    return Draft("category", fits[0], statement, ids, label=fits[0])


def _says_absent(option: str, side: str, other: str) -> bool:
    """Whether an option says the `side` kidney is absent: unsided ("only one kidney"), the absent side gone ("the
    left kidney is absent") or the other side alone ("solitary right kidney")."""
    if not ABSENCE_WORDS.search(option):
        return False
    named = set(re.findall(r"\b(left|right)\b", option, re.IGNORECASE))
    named = {n.lower() for n in named}
    if not named:
        return True
    if named == {side}:
        return bool(GONE_WORDS.search(option))
    if named == {other}:
        return bool(ONLY_WORDS.search(option)) and not GONE_WORDS.search(option)
    return side in named and bool(GONE_WORDS.search(re.split(rf"\b{other}\b", option, flags=re.IGNORECASE)[0])) \
        if option.lower().index(side) < option.lower().index(other) else False


def _names_larger(option: str, other: str) -> bool:
    """Whether an option names only the kidney that is there as the larger ("Right kidney is larger", "Right")."""
    from questions.intents.answers import larger_side

    said = larger_side(option).lower()
    named = set(re.findall(r"\b(left|right)\b", said))
    return named == {other} and not re.search(r"\b(smaller|equal|same|neither|both|absent|not)\b", said)
