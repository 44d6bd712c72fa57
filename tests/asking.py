"""One question about a phantom case through the real agents, and the answer the attending approved.

Shared by the end-to-end tests of answer kinds: a case from a folder in AbdomenAtlas layout
(`ct.nii.gz`, `segmentations/`), optionally with a prior study and multiple-choice options.
"""

from __future__ import annotations

from pathlib import Path

import orchestrator
from core.case import CaseResult

CURRENT_DATE, PRIOR_DATE = "2026-09-01", "2026-03-01"
"""Acquisition dates given to a current study and its prior (six months apart)."""


def ask(folder: Path, question: str, *, prior: Path | None = None, choices: dict[str, str] | None = None) -> CaseResult:
    """`orchestrator.run` on the folder's CT with its masks (and the prior's, dated before it)."""
    images = [{"path": str(folder / "ct.nii.gz"), "masks": str(folder / "segmentations")}]
    if prior is not None:
        images = [{**images[0], "role": "current", "acquired": CURRENT_DATE},
                  {"path": str(prior / "ct.nii.gz"), "masks": str(prior / "segmentations"), "role": "prior",
                   "acquired": PRIOR_DATE}]
    case = {"case_id": f"k{abs(hash((str(folder), question))) % 10**6}", "question": question, "images": images}
    return orchestrator.run({**case, "choices": choices} if choices else case)


def approved(result: CaseResult) -> str:
    """The answer's text, asserting it was answered and every review check passed."""
    assert result.status == "answered", result.reasons
    assert all(c.passed for c in result.review.checks), [c for c in result.review.checks if not c.passed]
    return result.answer_detail.text if result.answer_detail and result.answer_detail.text else str(result.answer)
