"""Whole names: a name found by the model or a pattern grows over the particles and parts the model
leaves out (``Siti Nurhaliza binti [Ahmad]``, ``[Rajesh Kumar] s/o Muthusamy``, ``[François]
d'Aubigné``, ``Ana Lúcia dos [Santos]``); a surname in capitals before a comma and given names
(``SMITH, John Robert``, ``GARCÍA-MÁRQUEZ, José Luis``, ``PAGET, Rosemary``) is a name. Every
quantifier is bounded (linear time, `tests/privacy/test_patterns_linear.py`)."""

from __future__ import annotations

import re

from privacy.ner import _NOT_GIVEN, EPONYMS
from privacy.patterns import IdentifierKind, compiled_when_used

Span = tuple[int, int, IdentifierKind]

_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]{1,30}(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]{1,30})?"
_PARTICLE = r"(?:binti|binte|bin|bint|s/o|d/o|w/o|dos|das|da|de|del|della|di|du|van|von|der|den|ter|ap|ab|y|al|el|ibn)"
_AFTER = compiled_when_used(
    rf"(?:[ \t]{{1,2}}{_PARTICLE}(?:[ \t]{{1,2}}(?:la|der|den|los|las))?[ \t]{{1,2}}(?P<joined>{_WORD})"
    rf"|[ \t]d['’][A-ZÀ-Þ][\w'’\-]{{1,30}}|[ \t]{{1,2}}(?P<next>{_WORD})(?![\w]))"
)
_BEFORE = compiled_when_used(rf"(?:^|(?<=[\s(\[\"]))(?P<word>{_WORD})[ \t]{{1,2}}(?:{_PARTICLE}[ \t]{{1,2}})?$")
_SURNAME_FIRST = re.compile(
    r"(?<![\w/])(?P<value>[A-ZÀ-Þ][A-ZÀ-Þ'’\-]{1,30}(?:[ \t][A-ZÀ-Þ][A-ZÀ-Þ'’\-]{0,30}){0,4},[ \t]{1,3}"
    rf"{_WORD}(?:[ \t]{{1,2}}{_WORD}){{0,2}})(?![\w])"
)
_JOINED = re.compile(
    rf"(?<![\w])(?:{_WORD}[ \t]{{1,2}}){{1,3}}(?:binti|binte|bin|bint|s/o|d/o|w/o|ap|ibn|dos|das|del|della|von|van[ \t]der|de[ \t]la)[ \t]{{1,2}}{_WORD}"
    rf"(?:[ \t]{{1,2}}{_WORD})?(?![\w])"
)
"""Given names, a particle that joins people's names (``binti``, ``s/o``, ``ap``, ``dos``, ``van der``), a
father's or family name; an eponym after the particle (``Signo de Murphy``) is no name."""
_NOT_SURNAMES = frozenset(
    "abd ct mri mrcp pet cxr axr cta ctpa usg ecg ekg psa cea afp hcc rcc tnm who icd exam exams history impression "
    "findings report note notes indication indications comparison technique clinical dx diagnosis".split()
)


def _ordinary(word: str | None) -> bool:
    """A capitalised word that does not continue a name: an eponym, a title, a relation, a verb."""
    if word is None:
        return False
    bare = word.lower().removesuffix("'s").removesuffix("’s")
    return bare in EPONYMS or bare in _NOT_GIVEN


def complete_names(text: str, spans: list[Span]) -> list[Span]:
    """`spans` with each name grown over its particles and the parts around them, and surname-first
    names in capitals added."""
    out: list[Span] = []
    for start, end, kind in spans:
        if kind == "name":
            for _ in range(3):
                after = _AFTER().match(text, end)
                if after is None or _ordinary(after.group("joined") or after.group("next")):
                    break
                end = after.end()
            for _ in range(3):
                before = _BEFORE().search(text, max(0, start - 48), start)
                if before is None or _ordinary(before.group("word")):
                    break
                start = before.start()
        out.append((start, end, kind))
    for match in _JOINED.finditer(text):
        words = list(re.finditer(r"\S+", match.group()))
        if _ordinary(words[-1].group()) or any(w.group().lower() in EPONYMS for w in words):
            continue
        kept = [w for w in words if not _ordinary(w.group())]  # "Patient Siti binti Ahmad": the title stays
        if kept and kept[0] is words[len(words) - len(kept)]:
            out.append((match.start() + kept[0].start(), match.end(), "name"))
    for match in _SURNAME_FIRST.finditer(text):
        surname = match.group("value").split(",")[0]
        if len(surname) >= 4 and surname.split()[0].lower() not in _NOT_SURNAMES:  # not "?PE, D-dimer"
            out.append((*match.span("value"), "name"))
    return out
