"""Categories said beside a value: "659.9 mL, normal spleen size", "23.3 mm (T3 by size)", "30.0 HU, no steatosis".

A value asked and given right can carry a category the question did not ask for. Each criterion of the knowledge
base that reads a quantity the answer cites (range checks aside) is applied to the measured values by the
reasoner's own definition (`rules.expected_label`); a category of it asserted in a clause must be the one it gives
(or that one's general form: "fatty liver" for "moderate to severe fatty liver"), and one it gives must not be
denied ("no steatosis" where the liver is fatty).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agents.review_checks.base import ReviewInput
from agents.review_checks.categories import REFERENCE, asserted_labels
from agents.review_checks.character import RATIONALE
from agents.review_checks.clauses import NEGATION, clauses
from questions.intents import extract
from questions.intents.answers import labels_in

SAID_AS = ((re.compile(r"\bmild(?:ly)?\s+(?:hepatic\s+|liver\s+)?(?:steatosis|fatty liver|fatty infiltration)\b", re.IGNORECASE),
            "G1 mild"),
           (re.compile(r"\b(?:hepatic |liver )?steatosis\b|\bsteatotic liver\b", re.IGNORECASE), "fatty liver"),
           (re.compile(r"\bnormal (?:liver|hepatic) (?:attenuation|density)\b|\b(?:liver|hepatic) (?:attenuation|density|"
                       r"parenchyma)(?: is| appears| looks)? (?:normal|preserved)\b|\bnormal (?:attenuation|density) of the liver\b",
                       re.IGNORECASE), "no fatty liver"),
           (re.compile(r"\b(?:within|in) (?:the )?normal (?:limits|range)\b|\bnormal in size\b", re.IGNORECASE),
            "normal"))
"""Words radiologists use for a criterion's label ("hepatic steatosis" is the fatty-liver criterion's "fatty liver";
"within normal limits" asserts "normal", no reference range)."""


def _reading(review: ReviewInput) -> list[Any]:
    """Knowledge criteria (no range checks) whose quantities include one the answer cites or states as a true aside,
    by a concrete key or a generic one of its organ (`lesion.tumor_burden_pct` reads `pancreas_lesion.`'s; not a
    change's: "decreased by 15 %" describes the change, whatever band the change criterion puts it in)."""
    from agents.review_checks.asides import true_asides
    from knowledge.lookup import is_range_check, organ_family, reads_key

    cited = {f"{e.target}.{e.name}" for e in review.cited if e.target}
    cited |= {f"{e.target}.{e.name}" for _, items in true_asides(review) for e in items if e.target}
    return [entry for entry in review.base if entry.criterion is not None and not is_range_check(entry)
            and any(key == c or reads_key(key, c) and "change" not in key and (
                not entry.organs or organ_family(c.split(".")[0]) in entry.organs)
                    for key in entry.criterion.quantity_keys for c in cited)]  # a generic `lesion.` key too


def _general(said: str, expected: str) -> bool:
    """`said` is `expected` or its general form ("fatty liver" of "moderate to severe fatty liver")."""
    return said == expected or re.search(rf"(?<![\w-]){re.escape(said)}$", expected, re.IGNORECASE) is not None \
        and not NEGATION.search(expected[:len(expected) - len(said)])


def _denied(review: ReviewInput, labels: list[str], entry: Any) -> list[str]:
    """Labels denied in a clause about the entry's organ ("no steatosis", "not enlarged"), rule lines aside."""
    out = []
    for clause in clauses(review.claim_text):
        match = NEGATION.search(clause)
        if match is None or RATIONALE.search(clause) or REFERENCE.search(clause):
            continue
        if entry.organs and set(extract(clause).organs) - set(entry.organs):
            continue
        rest = re.split(r"[:,]", clause[match.end():], maxsplit=1)[0][:40]  # the words the negation governs
        out += [lab for lab in labels_in(rest, labels) if not NEGATION.search(lab) and lab not in out]
    return out


def categories_of_value(review: ReviewInput) -> str | None:
    """The first category said beside a value that the criterion reading that value does not give, else None."""
    from agents.review_checks.rules import expected_label
    from knowledge import KnowledgeError

    answer = review.answer
    if answer is not None:
        text = answer.text
        for pattern, words in SAID_AS:
            text = pattern.sub(words, text)
        review = replace(review, answer=answer.model_copy(update={"text": text}))
    for entry in _reading(review):
        labels = list(entry.criterion.labels)
        stated = asserted_labels(review, labels, entry)
        denied = _denied(review, labels, entry)
        if not stated and not denied:
            continue
        try:
            expected = expected_label(review, entry)
        except KnowledgeError:
            parent = _parent_expected(review, entry)  # "T1c" for a 33 mm tumour: T2 has no such subdivision
            if stated and parent is not None and not stated[0].lower().startswith(parent.lower()):
                return f"states {stated[0]!r}, a subdivision by {entry.id}, but {entry.refines} gives {parent!r}"
            continue
        wrong = [lab for lab in stated if not _general(lab, expected)]
        if wrong:
            return f"states {wrong[0]!r} beside the value, but {entry.id} gives {expected!r} for the measured values"
        contradicted = [lab for lab in denied if _general(lab, expected)]
        if contradicted:
            return f"denies {contradicted[0]!r} beside the value, but {entry.id} gives {expected!r}"
    return None


def _parent_expected(review: ReviewInput, entry: Any) -> str | None:
    """The label of the criterion an entry subdivides (`refines`), recomputed; None when it has none or it fails."""
    from agents.review_checks.rules import expected_label
    from knowledge import KnowledgeError

    if not entry.refines or entry.refines not in review.base:
        return None
    try:
        return expected_label(review, review.base.get(entry.refines))
    except KnowledgeError:
        return None
