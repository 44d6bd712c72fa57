"""A qualitative word beside a measured value agrees with the band the registry criterion puts the value in.

"A markedly enlarged spleen (398.7 mL)" calls mild splenomegaly marked; "mildly fatty liver, L/S 1.20" calls fatty a
liver the ratio says is not; "30.0 HU, which does not indicate fatty liver" denies, in a subordinate clause, what the
value shows. The words are read against the knowledge entries whose criterion reads the value's quantity (the same
entries the reasoner decides by; thresholds live only there): a finding word (enlarged, fatty, atrophic) asserted or
denied in its clause must be what those criteria give for the value, and a severity word bound to it (mild, moderate,
marked) must be the grade a graded criterion gives. A word is judged only when every entry reading the quantity
agrees against it; a clause that quotes a threshold ("below the 314.5 mL threshold for splenomegaly") claims
nothing of the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.review_checks.base import RULE_STATED, ReviewInput, items_stating, numeric, stated_numbers
from agents.review_checks.bound_words import sentences
from agents.review_checks.clauses import clause_around, denies
from core.anatomy import family
from questions.intents import extract
from questions.intents.labels import RULE_NAMED

__all__ = ["contradicted_qualifiers"]


@dataclass(frozen=True)
class Finding:
    """A finding word family: how an answer says it, and which criterion labels give it or deny it."""

    said: str
    abnormal: str
    normal: str


FINDINGS = {
    "enlarged": Finding(r"enlarg\w*|\w+megaly|bulky", r"enlarg|megaly|^(?:mild|moderate|severe)$",
                        r"^normal$|^no \w+megaly$"),
    "atrophic": Finding(r"atroph\w*|shrunken", r"atroph|^small$|below normal", r"^normal$"),
    "fatty": Finding(r"fatty|steato\w*|fat-containing liver", r"fatty|steatosis$|^g[1-3]\b",
                     r"^no |normal|^g0\b"),
}
SEVERITY = {r"mild(?:ly)?|slight(?:ly)?|minimal(?:ly)?": 1, r"moderate(?:ly)?": 2,
            r"marked(?:ly)?|severe(?:ly)?|massive(?:ly)?|gross(?:ly)?|extensive(?:ly)?": 3}
GRADE_WORDS = {"none": 0, "normal": 0, "g0": 0, "mild": 1, "moderate": 2, "severe": 3}
SIZE_WORD = re.compile(r"(?<![\w-])(?:(?P<big>large|big)|(?P<small>small|normal[- ]sized|normal in size|of normal size))"
                       r"(?![\w-])(?!\s+(?:bowel|intestine)\b)", re.IGNORECASE)
"""A plain size word: said of an organ ("a small spleen", "the spleen is large", "spleen of normal size") it asserts or
denies the enlargement its volume criterion decides."""
LESION_NEXT = re.compile(r"\s+(?:[\w-]+\s+)?(?:lesions?|tumou?rs?|cysts?|mass(?:es)?|nodules?|foc(?:us|i)|metastas[ie]s)\b",
                         re.IGNORECASE)
QUOTED = re.compile(r"\b(?:thresholds?|cut-?offs?|limits?|criteri\w*|range|bands?|defin\w*|diagnos\w* of)\b",
                    re.IGNORECASE)
"""Words of a clause that quotes a criterion rather than judging the value."""


def _ranks(label: str) -> set[int]:
    """The severity grades a criterion label says ("G2 moderate" -> {2}, "moderate to severe" -> {2, 3})."""
    return {rank for word, rank in GRADE_WORDS.items() if re.search(rf"\b{word}\b", label.lower())}


def _readings(review: ReviewInput, key_target: str, name: str, value: float) -> list[tuple[list[str], str]]:
    """(labels, label given to `value`) of every entry whose criterion reads the quantity."""
    out = []
    measured = {k: v for k, e in review.by_key.items() if (v := numeric(e)) is not None}
    for entry in review.base:
        criterion = entry.criterion
        if criterion is None or (entry.organs and family(key_target.split("/")[0]) != entry.organs[0]):
            continue  # a criterion of another organ, reading this value as its reference ("pancreas vs spleen HU")
        for scale in criterion.quantities:
            if scale.name == name and scale.target in (key_target, family(key_target)):
                try:
                    if len(criterion.quantities) > 1:  # either/or arms ("L/S < 1 or liver < 40 HU"): the whole rule
                        out.append((list(criterion.labels), str(entry.classify(measured, target=key_target).label)))
                        break
                    out.append((list(criterion.labels), scale.band_for(value).label))
                except (ValueError, KeyError):  # a missing arm (MissingQuantityError) or a value off the scale
                    continue
    return out


def _claims(clause: str, finding: Finding) -> list[tuple[re.Match[str], bool]]:
    """Each finding word of the clause, with True when asserted and False when denied ("not enlarged", "non-fatty")."""
    out = []
    for match in re.finditer(rf"(?<![\w-])(?:non-?)?(?:{finding.said})(?![\w-])", clause, re.IGNORECASE):  # not in an id
        denied = match.group(0).lower().startswith("non") or _denied(clause, match)
        out.append((match, not denied))
    if finding is FINDINGS["enlarged"]:
        out += [(match, large is not _denied(clause, match)) for match, large in _size_words(clause)]
    return out


def _denied(clause: str, match: re.Match[str]) -> bool:
    """Whether a denial in the word's own clause, and in its own comma-part, denies it ("not of normal size"; not
    "30.0 HU, which does not reach 40 HU, indicates fatty liver")."""
    begin, _ = clause_around(clause, match.start())
    begin = max(begin, clause.rfind(",", 0, match.start()) + 1)
    return denies(clause[begin:match.start()])


def _size_words(clause: str) -> list[tuple[re.Match[str], bool]]:
    """Each plain size word said of an organ (not of a lesion), with True for "large" and False for "small"."""
    out = []
    for match in SIZE_WORD.finditer(clause):
        if LESION_NEXT.match(clause, match.end()):
            continue  # "a small lesion", "large liver cysts": said of the lesion
        around = " ".join(clause[:match.start()].split()[-3:] + clause[match.end():].split()[:2])
        if extract(around).organs:
            out.append((match, match["big"] is not None))
    return out


def _severity(clause: str, word: re.Match[str]) -> int | None:
    """The severity word bound to a finding word ("markedly enlarged", "mild hepatic steatosis"), else None."""
    before = clause[max(0, word.start() - 30):word.start()]
    for pattern, rank in SEVERITY.items():
        if re.search(rf"\b(?:{pattern})\s+(?:[\w-]+\s+)?$", before, re.IGNORECASE):
            return rank
    return None


def _judge(said: str, asserted: bool, rank: int | None, readings: list[tuple[list[str], str]],
           finding: Finding) -> str | None:
    """Why the word contradicts every reading criterion, or None when one of them allows it."""
    relevant = [(labels, given) for labels, given in readings
                if any(re.search(finding.abnormal, lab.lower()) for lab in labels)]
    if not relevant:
        return None
    abnormal = [bool(re.search(finding.abnormal, given.lower())) and not re.search(finding.normal, given.lower())
                for _, given in relevant]
    if asserted and not any(abnormal):
        return f"says {said!r}, but the criteria give {relevant[0][1]!r}"
    if not asserted and all(abnormal):
        return f"denies it ({said!r}), but the criteria give {relevant[0][1]!r}"
    graded = [given for labels, given in relevant if len({r for lab in labels for r in _ranks(lab)}) >= 3]
    if asserted and rank is not None and graded and all(rank not in _ranks(given) for given in graded):
        return f"says {said!r}, but the graded criterion gives {graded[0]!r}"
    return None


def _spans(sentence: str, label: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(label), sentence, re.IGNORECASE)]


def contradicted_qualifiers(review: ReviewInput) -> list[str]:
    """Each finding or severity word whose value's criteria give another category."""
    problems: list[str] = []
    text = review.claim_text
    if review.intent.task == "report":
        return problems  # a work-up speaks of many organs in one sentence: its categories are `rule_grounding`'s
    for offset, sentence in sentences(text):
        values = []
        for mention in stated_numbers(sentence):
            items = items_stating(mention, review.cited) or items_stating(mention, review.evidence)
            values += [(e.target, e.name, v) for e in items if e.target and (v := numeric(e)) is not None]
        if not values:
            continue
        for finding in FINDINGS.values():
            for word, asserted in _claims(sentence, finding):
                begin, end = clause_around(text, offset + word.start())
                if QUOTED.search(text[begin:end]) or RULE_NAMED.match(sentence, word.end()) or RULE_STATED.search(
                        sentence[max(0, word.start() - 40):word.end() + 45]):
                    continue  # "steatosis requires < 0.70", "would be called enlarged above 100 mL": the rule, not
                    # the patient's finding
                rank = _severity(sentence, word)
                said = sentence[max(0, word.start() - (20 if rank else 0)):word.end()].strip()
                named = {family(o) for o in extract(text[begin:end]).organs}  # "fatty liver" speaks of the liver
                for target, name, value in dict.fromkeys(values):
                    if named and family(target.split("/")[0]) not in named:
                        continue
                    readings = _readings(review, target, name, value)
                    if any(s <= word.start() < e for _, given in readings if len(given.split()) > 1
                           for s, e in _spans(sentence, given)):
                        continue  # the word inside the very label a criterion gives ("moderate to severe fatty liver")
                    problem = _judge(said, asserted, rank, readings, finding)
                    if problem is not None:
                        problems.append(problem)
                        break
    return list(dict.fromkeys(problems))
