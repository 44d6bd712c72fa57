"""The 42 DeepTumorVQA subtypes: their stage (`question_type`) and answer type (free-form scoring)."""

from __future__ import annotations

from typing import Literal

from knowledge.subtypes import MEASUREMENT, MEDICAL_REASONING, RECOGNITION, VISUAL_REASONING

AnswerType = Literal["numeric", "binary", "categorical"]
Stage = Literal["recognition", "measurement", "visual reasoning", "medical reasoning"]

STAGES: tuple[Stage, ...] = ("recognition", "measurement", "visual reasoning", "medical reasoning")
STAGE_OF: dict[str, Stage] = {
    **{s: "recognition" for s in RECOGNITION},
    **{s: "measurement" for s in MEASUREMENT},
    **{s: "visual reasoning" for s in VISUAL_REASONING},
    **{s: "medical reasoning" for s in MEDICAL_REASONING},
}
"""Subtype -> the stage it is reported under."""

_NUMERIC = (*MEASUREMENT, "largest lesion diameter", "largest lesion slice", "lesion counting",
            "lesion count by location", "organ aggregation", "tumor organ HU difference")
_BINARY = (*RECOGNITION, "lesion outlier", "organ enlargement", "pancreatic steatosis",
           "pancreatic cyst resectability", "pseudocyst determination", "portal hypertension assessment")
ANSWER_TYPE: dict[str, AnswerType] = {
    **{s: "categorical" for s in STAGE_OF},
    **{s: "numeric" for s in _NUMERIC},
    **{s: "binary" for s in _BINARY},
}
"""Subtype -> answer type, as the benchmark scores free-form answers (unknown subtypes: categorical)."""


def stage_of(subtype: str, declared: str | None = None) -> str:
    """The stage of a subtype; a record's own `question_type` wins when it names a known stage."""
    if declared and declared.strip().lower() in STAGES:
        return declared.strip().lower()
    return STAGE_OF.get(subtype, declared or "unknown")
