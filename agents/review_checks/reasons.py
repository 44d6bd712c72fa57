"""The reasons an answer gives for its category: each category they say a cited criterion gives must be the one it
gives on the measured values ("... 8.3 HU (x ≤ 34.8 HU: solid tumor) by dtvqa-kidney-lesion-solid-vs-cyst" for a
cyst is refused, whatever option or headline stands before it)."""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed
from agents.review_checks.categories import REFERENCE
from agents.review_checks.stated_bands import bands_not_holding
from core.case import Check
from questions.intents.answers import labels_in


def applied_labels(text: str, entry_id: str, labels: list[str], head: str) -> list[str]:
    """The categories the answer's reasons say an entry gives: each `-> label by entry` (the reasoner's own words for
    applying a criterion) and, after a chosen option named once ("B — T2: ..."), the first words of the reasons when
    they name a category ("A — PDAC: PDAC (pancreatic ductal adenocarcinoma). ...")."""
    said = [found[0] if _negations(found[0]) == _negations(m.group(1)) else m.group(1).strip()  # "no no fatty liver"
            for m in re.finditer(rf"(?:->|:)\s*([^;.\n():]+?)\)?\s+by\s+{re.escape(entry_id)}\b", text)
            if (found := labels_in(m.group(1), labels))]
    reasons = re.split(r"\.(?:\s|$)", text.strip(), maxsplit=1)
    if len(reasons) > 1 and labels_in(head, labels):  # the option's words, then the reasons' own first clause
        first = re.split(r"\.(?:\s|$)|;|:|\n", reasons[1].strip(), maxsplit=1)[0]
        said += labels_in(first, labels)[:1] if not NEGATION.search(first) and not REFERENCE.search(first) else []
        # "above the 34.8 HU cyst/solid cut-off": a label naming a limit is no category said
    return said


def reasons_contradicted(review: ReviewInput) -> Check | None:
    """A failed check when the reasons say a cited criterion gives a category it does not give on the measured
    values ("... 8.3 HU (x ≤ 34.8 HU: solid tumor) by dtvqa-kidney-lesion-solid-vs-cyst"), else None."""
    from knowledge import KnowledgeError

    text = review.claim_text
    misplaced = bands_not_holding(text)
    if misplaced:
        return failed("rule_grounding", "; ".join(misplaced), "reasoner")
    for entry in review.criterion_entries():
        if entry.criterion is None or entry.id not in text:
            continue
        try:
            from agents.review_checks.rules import expected_label

            expected = expected_label(review, entry)
        except (KnowledgeError, ValueError, KeyError):
            continue
        wrong = [said for said in applied_labels(text, entry.id, list(entry.criterion.labels), "") if said != expected]
        if wrong:
            return failed("rule_grounding", f"its reasons say {wrong[0]!r} by {entry.id}, but {entry.id} gives "
                                            f"{expected!r} for the measured values", "reasoner", [entry.id])
    return None


def _negations(phrase: str) -> int:
    """How many negating words a phrase holds: a label said with another count of them is another claim."""
    return len(re.findall(r"\b(?:no|not|non|without)\b", phrase, re.IGNORECASE))


NEGATION = re.compile(r"\b(?:not|no|without|needs?|would)\b", re.IGNORECASE)
"""Words that keep a category from being claimed ("PD needs ...", "not T3")."""
