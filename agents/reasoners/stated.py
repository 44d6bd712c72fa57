"""A question that states its own measurement: the cited criteria applied to the stated value.

"A 45-year-old's CT reports a spleen of 520 mL; does that meet splenomegaly criteria and what grade?" has no image:
triage recorded 520 mL as `spleen.volume_ml` with provenance `source: stated by the user`, and the knowledge agent
cited the criteria. Each cited criterion whose quantities the stated values give decides its category, and the
answer says the value was stated, not measured.
"""

from __future__ import annotations

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, sentence
from agents.reasoners.handlers import _target, apply
from core.case import Evidence
from questions.intents.answers import NEGATIVE_LABEL

STATED_BY_USER = "stated by the user"
"""The provenance `source` triage gives a value read from the question (`agents.triage_checks.stated`)."""
RANGE_PROFILES = ("plausibility",)
"""Entries that bound what is physiologically possible: they check a measurement, they answer no question."""


def stated_items(task: ReasonerInput) -> list[Evidence]:
    """The values the question states (measurements triage read from its text)."""
    return [e for e in task.evidence if e.kind == "measurement" and getattr(e.provenance, "source", None) == STATED_BY_USER]


def stated_answer(task: ReasonerInput) -> Draft | None:
    """The categories the cited criteria give the stated values, most specific first (a grade before presence);
    None when no value is stated or no cited criterion reads one.

    The value is said in its own sentence and each category with the entry that gives it (`by
    dtvqa-spleen-volume-grade, moderate`): in an answer to a question about a criterion, a number beside a category
    is read as that category's limit.
    """
    stated = stated_items(task)
    if not stated:
        return None
    keys = {f"{e.target}.{e.name}" for e in stated} | {k for k in task.by_key() if "/" in k.split(".")[0]}
    decided: list[tuple[int, str, list[str], str, str]] = []
    for entry in task.criteria.values():
        if entry.criterion is None or entry.profile in RANGE_PROFILES:
            continue
        target = _target(task, entry)
        if not set(entry.required_quantities(target)) & keys:
            continue
        try:
            result, ids, _ = apply(task, entry, target)
        except InsufficientEvidence:
            continue
        decided.append((len(entry.criterion.labels), str(result.label), ids, f"by {entry.id}, {result.label}", entry.id))
    if not decided:
        return None
    decided.sort(key=lambda d: -d[0])
    headline = "; ".join(dict.fromkeys(label for _, label, _, _, _ in decided))
    if task.intent.polar:  # "Is that splenomegaly?": yes when the most general criterion finds it
        found = not NEGATIVE_LABEL.match(decided[-1][1])
        headline = f"{'Yes' if found else 'No'} — {headline}"
    values = "; ".join(describe(e) for e in stated)
    statement = f"{sentence(values)}, not measured. {sentence('; '.join(d[3] for d in decided))}"
    ids = [e.id for e in stated] + [i for _, _, found, _, _ in decided for i in found]
    return Draft("category", headline, statement, list(dict.fromkeys(ids)), label=decided[0][1],
                 criterion_id=decided[0][4])
