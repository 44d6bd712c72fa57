"""The 42 DeepTumorVQA subtypes: their stage (`question_type`) and answer type, read from `core.tasks`."""

from __future__ import annotations

from typing import Literal

from core.tasks import BENCHMARK_STAGES, DEEPTUMORVQA_SUBTYPES, AnswerType, task

Stage = Literal["recognition", "measurement", "visual reasoning", "medical reasoning"]

STAGES: tuple[str, ...] = BENCHMARK_STAGES
STAGE_OF: dict[str, str] = {s: task(s).stage for s in DEEPTUMORVQA_SUBTYPES}
"""Subtype -> the stage it is reported under."""
ANSWER_TYPE: dict[str, AnswerType] = {s: task(s).answer_type for s in DEEPTUMORVQA_SUBTYPES}
"""Subtype -> answer type, as the benchmark scores free-form answers (unknown subtypes: categorical)."""

__all__ = ["ANSWER_TYPE", "STAGES", "STAGE_OF", "AnswerType", "Stage", "stage_of"]


def stage_of(subtype: str, declared: str | None = None) -> str:
    """The stage of a subtype; a record's own `question_type` wins when it names a known stage."""
    if declared and declared.strip().lower() in STAGES:
        return declared.strip().lower()
    return STAGE_OF.get(subtype, declared or "unknown")
