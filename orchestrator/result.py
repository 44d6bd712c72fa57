"""The last step: decide the status and turn the working state into a `CaseResult`."""

from __future__ import annotations

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
    else:
        failed = [f"{c.name}: {c.reason}" for c in review.checks if not c.passed]
        reasons = [f"reviewer found the answer inconsistent after {state.rounds} revision round(s)", *failed]
    return {"status": "abstained", "reasons": reasons}


def to_result(state: CaseState) -> CaseResult:
    """Builds the public result from a finished state."""
    status = state.status or "abstained"
    answer = state.answer if status == "answered" else None
    if answer is not None:
        text = answer.choice if state.case.choices and answer.choice else answer.text
    else:
        text = None
    review = state.review.model_copy(update={"rounds": state.rounds}) if state.review else None
    return CaseResult(
        case_id=state.case.case_id,
        status=status,
        answer=text,
        answer_detail=state.answer,
        reasons=list(state.reasons),
        track=state.track,
        findings=list(state.findings),
        evidence=list(state.evidence),
        review=review,
        trace=list(state.trace),
        question=state.case.question,
        choices=dict(state.case.choices) if state.case.choices else None,
    )
