"""How a triage check is reported: an evidence item with a stable id and a severity."""

from __future__ import annotations

from typing import Any, Literal

from core.case import Evidence, Scalar

Severity = Literal["blocking", "warning"]
CheckName = Literal[
    "file_size",
    "readable",
    "integrity",
    "dimensionality",
    "modality",
    "spacing",
    "orientation",
    "body_region",
    "question_fit",
    "burned_in_annotation",
    "multi_image",
    "images_present",
    "identifiers_removed",
    "case_id",
    "mask_geometry",
    "laterality",
    "series",
]


def check(
    name: CheckName,
    target: str,
    passed: bool | None,
    reason: str,
    *,
    severity: Severity = "blocking",
    value: Scalar = None,
    unit: str | None = None,
    **provenance: Any,
) -> Evidence:
    """One triage check as evidence, id `check:{target}:{name}`.

    A failed `blocking` check rejects the case; a failed `warning` is recorded and the case
    goes on; `passed=None` means the check could not be judged (always a warning). The severity
    is in `provenance["severity"]`.
    """
    return Evidence.make(
        "check",
        "triage",
        name,
        target,
        passed=passed,
        reason=reason,
        value=value,
        unit=unit,
        provenance={"severity": severity, "method": "triage", **provenance},
    )


def is_blocking_failure(item: Evidence) -> bool:
    """Whether an evidence item is a failed blocking triage check."""
    return item.kind == "check" and item.passed is False and (item.provenance.severity or "blocking") == "blocking"
