"""The DeepTumorVQA `question_subtype` strings by stage, as the task registry (`core.tasks`) lists them."""

from __future__ import annotations

from core.tasks import DEEPTUMORVQA_SUBTYPES, TASKS, subtypes_of

RECOGNITION = subtypes_of("recognition")
MEASUREMENT = subtypes_of("measurement")
VISUAL_REASONING = subtypes_of("visual reasoning")
MEDICAL_REASONING = subtypes_of("medical reasoning")

__all__ = ["DEEPTUMORVQA_SUBTYPES", "LONGITUDINAL", "MEASUREMENT", "MEDICAL_REASONING", "RECOGNITION", "VISUAL_REASONING"]
LONGITUDINAL = tuple(t.name for t in TASKS if t.stage == "follow-up")
"""Tasks beyond DeepTumorVQA that compare a current study with prior ones."""
