"""The last step: decide the status and turn the working state into a `CaseResult`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.case import CaseResult
from core.state import CaseState


def finalize(state: CaseState, runtime: Any = None) -> dict[str, Any]:
    """Sets the final status: rejected by triage, answered when consistent, else abstained."""
    if state.status == "rejected":
        return {}
    review = state.review
    if state.answer is not None and review is not None and review.consistent:
        return {"status": "answered"}
    if review is None:
        reasons = ["no reviewed answer was produced"]
    else:  # clinical words first, once each; the check names travel in `CaseResult.reason_checks`
        failed = [c for c in review.checks if not c.passed]
        reasons = _once(c.clinical or f"{c.name}: {c.reason}" for c in failed)
        if state.answer is not None:  # a real answer was refused; with none there was nothing to confirm
            reasons.append(f"the attending review did not confirm the answer after {state.rounds} revision round(s)")
        elif not reasons and not state.reasons:
            reasons.append("no answer was produced")
    if _understood_nothing(state):
        reasons.append("the question was not understood: clinorch reads questions in English only, besides the "
                       "clinical words of German, Spanish, French, Portuguese, Japanese and Chinese "
                       "(e.g. 'What is the volume of the spleen?')")
    return {"status": "abstained", "reasons": reasons}


ENGLISH_WORDS = frozenset("what which how is are was the of does do did there any this these and with has have in for "
                          "by to it its than from between whether should would can could".split())
"""Common English function words: a question holding none of them is not read as English."""


def _understood_nothing(state: CaseState) -> bool:
    """A question that named no structure and reads as no English (another language): say why it was not understood."""
    import re

    question = state.case.question or ""
    plan = state.plan
    if not question.strip() or plan is None or plan.intent.organ or plan.intent.quantities or plan.organs:
        return False
    words = re.findall(r"[^\W\d_]+", question.lower())
    return not any(word in ENGLISH_WORDS for word in words)


def _once(reasons: Iterable[str]) -> list[str]:
    """Each reason once: a reason that only wraps another one whole ("the evidence does not settle the
    question (X)" beside "X") is dropped, so an abstention does not say the same thing twice."""
    unique = list(dict.fromkeys(r.strip() for r in reasons if r.strip()))
    return [r for r in unique if not any(other != r and len(other) >= 20 and other in r for other in unique)]


def answer_display(choice: str | None, text: str) -> str:
    """The answer as shown to a reader: the chosen letter once, then the text, never the same words twice.

    A multiple-choice answer's text often starts with its letter ("A: Normal ..."), and a free-text
    answer's short form is its text; printing both side by side repeated the answer.
    """
    text = text.strip()
    if not choice or text == choice.strip():
        return text or (choice or "")
    if text.startswith(choice) and (len(text) == len(choice) or not text[len(choice)].isalnum()):
        return text
    return f"{choice}. {text}"


def to_result(state: CaseState) -> CaseResult:
    """Builds the public result from a finished state."""
    status = state.status or "abstained"
    answer = state.answer if status == "answered" else None
    if answer is not None:
        text = answer.choice if state.case.choices and answer.choice else answer.text
    else:
        text = None
    return CaseResult(
        case_id=state.case.case_id,
        status=status,
        answer=text,
        answer_detail=state.answer,
        reasons=list(state.reasons),
        reason_checks=[c.name for c in state.review.checks if not c.passed]
        if status == "abstained" and state.review is not None else [],
        track=state.track,
        findings=list(state.findings),
        evidence=list(state.evidence),
        review=state.review,  # its `rounds` is set by the reviewer, the one place
        trace=list(state.trace),
        question=state.case.question,
        choices=dict(state.case.choices) if state.case.choices else None,
    )
