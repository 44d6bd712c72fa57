"""Impression: a work-up's statements agree with its own findings and cited criteria.

A full work-up states many categories at once; an impression that contradicts the findings ("No
splenomegaly." over a 420 mL spleen the cited criterion calls splenomegaly, "No focal liver lesion." over
three measured liver lesions, "- Severe: ... by dtvqa-spleen-volume-grade" for a mild spleen) is a finding.
Each sentence is held to the criteria it can only mean: one naming a cited entry by id, or stating a label
that belongs to one cited entry alone (a bare "mild" could be any grade, so it is read only beside its id); the
criteria of the cited ones' profile that read only cited measurements count as cited.
"""

from __future__ import annotations

import re
from typing import Any

from agents.review_checks.base import ReviewInput
from questions.intents.answers import labels_in

LESION_DENIED = re.compile(r"\bno (?:focal |suspicious |solid |discrete )?(liver|hepatic|pancrea(?:s|tic)|kidney|renal|splenic|"
                           r"spleen|colon|colonic) (?:lesions?|mass(?:es)?|tumou?rs?|nodules?)\b", re.IGNORECASE)
GROUP_OF = {"liver": "liver_lesion", "hepatic": "liver_lesion", "pancreas": "pancreas_lesion",
            "pancreatic": "pancreas_lesion", "kidney": "kidney_lesion", "renal": "kidney_lesion",
            "colon": "colon_lesion", "colonic": "colon_lesion", "spleen": "spleen_lesion", "splenic": "spleen_lesion"}


def _expected(review: ReviewInput, entry: Any) -> str | None:
    from knowledge import KnowledgeError
    from knowledge.needs import decide

    values = {k: float(e.value) for k, e in review.by_key.items()
              if isinstance(e.value, int | float) and not isinstance(e.value, bool)}
    try:
        return decide(entry, values, None, None)
    except KnowledgeError:
        return None


FINDING_NAMED = re.compile(r"megaly|steatosis|fatty|cysts?\b|tumou?r|lesion|mass\b|hypertension|outlier", re.IGNORECASE)
"""A label that names its finding, not only a degree ("splenomegaly", "no fatty liver"; not "moderate")."""


def _reading_cited(review: ReviewInput, cited: list[Any]) -> list[Any]:
    """Criteria of the cited criteria's profile, uncited, that read only cited measurements (a work-up citing the
    spleen's volume and its grade may still say "No splenomegaly": the presence criterion of that volume decides it)."""
    profiles = {entry.profile for entry in cited}
    measured = {f"{e.target}.{e.name}" for e in review.cited if e.kind == "measurement"}
    if review.intent.task == "report" and not cited:  # a work-up that cites no criterion: every criterion of the
        profiles = {"deeptumorvqa"}  # benchmark's profile reading only the case's measurements states its finding
        measured = {f"{e.target}.{e.name}" for e in review.evidence if e.kind == "measurement"}
    known = {entry.id for entry in cited}
    return [entry for entry in review.base if entry.criterion is not None and entry.id not in known
            and entry.profile in profiles and entry.criterion.quantity_keys
            and set(entry.criterion.quantity_keys) <= measured]


def contradictions(review: ReviewInput) -> list[str]:
    """The work-up's sentences that state a category its cited criteria do not give, or deny a measured lesion."""
    entries = [e for e in review.criterion_entries() if e.criterion is not None]
    uncited = _reading_cited(review, entries)
    entries += uncited
    owners: dict[str, set[str]] = {}
    for entry in entries:
        for label in entry.criterion.labels:
            if entry in uncited and not FINDING_NAMED.search(label):
                continue  # an uncited grade's bare "moderate" or "enlarged" could be any organ's: only a label that
            owners.setdefault(label, set()).add(entry.id)  # names its finding ("no splenomegaly") is read
    expected = {entry.id: _expected(review, entry) for entry in entries}
    problems = []
    for sentence in re.split(r"\n|(?<=[.;])\s+", review.claim_text):
        for entry in entries:
            wanted = expected[entry.id]
            if wanted is None:
                continue
            stated = labels_in(sentence, entry.criterion.labels)
            if entry.id in sentence:  # a line naming its criterion states that criterion's label, and only it
                own = [lab for lab in stated if lab != wanted]
            else:
                own = [lab for lab in stated if owners.get(lab) == {entry.id}] if wanted not in stated else []
            if own:
                problems.append(f"states {own[0]!r} ({sentence.strip()[:60]!r}), but {entry.id} gives {wanted!r}")
        for denied in LESION_DENIED.finditer(sentence):
            group = GROUP_OF[denied.group(1).lower()]
            count = review.number(f"{group}.lesion_count")
            if count:
                problems.append(f"says {denied.group(0)!r}, but {group} counts {count:g}")
    return list(dict.fromkeys(problems))


__all__ = ["contradictions"]
