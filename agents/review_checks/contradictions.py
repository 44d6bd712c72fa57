"""Self-contradiction: an answer that denies a finding in one clause and affirms it in another.

"No splenomegaly (412.0 mL), consistent with splenomegaly", "The liver is not fatty; findings indicate hepatic
steatosis" say both things, so whichever the evidence gives, half the answer is wrong. A finding is a cited
criterion's category (its words, and its head noun when a long one: "splenomegaly" of "mild splenomegaly") or a
finding the support check knows; it is denied when a denial word precedes it in its clause (`clauses.asserted`) and
affirmed when a word that concludes precedes it ("consistent with", "indicating", "in keeping with", "there is").
A mention that is neither (a threshold named: "the splenomegaly cut-off") states nothing and is not counted.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted, clause_around

AFFIRM = re.compile(r"(?:(?:consistent|compatible|in keeping|keeping|diagnostic|in line) with|indicat\w*|suggest\w*|"
                    r"represent\w*|confirm\w*|diagnostic of|meets? (?:the )?criteria (?:for|of)|evidence of|there is|"
                    r"there are|showing|shows?|demonstrat\w*|signs? of|amounts? to|qualif\w* as|classif\w* as|graded? as|"
                    r"reflects?|means?|^\s*yes\b[^a-z]*)\s+(?:an?\s+|the\s+)?(?:[a-z-]+\s+)?$", re.IGNORECASE)
"""Words that conclude the finding after them (an adjective such as "mild" may stand between)."""
HEAD_LENGTH = 8
"""A category's last word this long names the finding on its own ("splenomegaly", "steatosis")."""


def _terms(review: ReviewInput) -> set[str]:
    terms: set[str] = set()
    for entry in review.criterion_entries():
        for label in entry.criterion.labels if entry.criterion else []:
            words = re.sub(r"\s*\([^()]*\)\s*", " ", label).strip().lower()
            if len(words) < 5 or words in ("normal", "absent", "present", "none", "yes", "no"):
                continue
            terms.add(words)
            head = words.split()[-1]
            if " " in words and len(head) >= HEAD_LENGTH:
                terms.add(head)
    return terms


def self_contradictions(review: ReviewInput) -> list[str]:
    """The findings the answer both denies and affirms."""
    if review.intent.task == "knowledge question":  # a rule quoted ("fatty liver: x < 1; no fatty liver: 1 ≤ x")
        return []  # says nothing of a patient
    text = review.claim_text
    problems = []
    for term in sorted(_terms(review), key=len, reverse=True):
        denied, affirmed = None, None
        for match in re.finditer(rf"\b{re.escape(term)}\b", text, re.IGNORECASE):
            begin, _ = clause_around(text, match.start())
            if not asserted(text, match):
                denied = denied or match
            elif AFFIRM.search(text[max(begin, match.start() - 60):match.start()]):
                affirmed = affirmed or match
        if denied is not None and affirmed is not None:
            problems.append(f"both denies and affirms {term!r}: the answer contradicts itself")
            break
    return problems


__all__ = ["self_contradictions"]
