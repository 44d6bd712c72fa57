"""The measurement agent: every number the question needs, from the masks, with provenance.

Reads the current image and its masks from the artifact store (ids in `state.images` and
`state.masks`), and the prior study's (`state.images["prior:0"]`, `state.prior_masks`) for
RECIST 1.1. Measures what `state.plan` names (everything when it names nothing). Input that
cannot be measured physically (no spacing, a mask off the image grid) becomes a failed check
in the evidence, never an exception.

Feedback it acts on (`acts_on_feedback`): a reviewer's "the question needs X, which no agent
measured" when the plan narrowed the scope; the revision round then measures every mask.
Deterministic otherwise: the same masks give the same numbers, so any other fix is futile here.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agents.measures import MeasurementError, Study, check_inputs, measure_case
from core.case import Evidence, TraceStep
from core.context import Context
from core.state import CaseState

CURRENT, PRIOR = "current:0", "prior:0"


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Measures the case; returns `evidence` (measurements and input checks) and `findings`."""
    store = runtime.context.store
    image_id = state.images.get(CURRENT)
    if image_id is None:
        return {"evidence": [_check("current", False, "no current image in the state: nothing to measure")]}
    image = store.get(image_id)
    masks = {name: store.get(mask_id) for name, mask_id in state.masks.items()}
    evidence: list[Evidence] = []
    prior = None
    if PRIOR in state.images and state.prior_masks:
        prior = Study(store.get(state.images[PRIOR]), {n: store.get(m) for n, m in state.prior_masks.items()},
                      state.images[PRIOR], dict(state.prior_masks))
        try:
            check_inputs(prior.image, prior.masks)
            evidence.append(_check("prior", True, "prior image and masks have 3D spacing and share one grid"))
        except MeasurementError as exc:
            evidence.append(_check("prior", False, f"{type(exc).__name__}: {exc}"))
            prior = None
    started = time.perf_counter()
    try:
        measured, findings = measure_case(image, masks, targets(state), prior, image_id=image_id, mask_ids=state.masks,
                                          resample_mm=runtime.context.config.measure_resample_mm)
    except MeasurementError as exc:
        return {"evidence": [*evidence, _check("current", False, f"{type(exc).__name__}: {exc}")]}
    step = TraceStep(node="measurement", tool="measure_case",
                     inputs={"masks": sorted(masks), "targets": targets(state) or "all", "prior": prior is not None},
                     outputs={"evidence": len(measured), "findings": len(findings)},
                     duration_s=round(time.perf_counter() - started, 6))
    checks = [_check("current", True, "image and masks have 3D spacing and share one grid")]
    return {"evidence": [*checks, *evidence, *measured], "findings": findings, "trace": [step]}


def targets(state: CaseState) -> list[str]:
    """Structures the plan asks for: its organs and the targets of its quantities (empty = all)."""
    if state.plan is None:
        return []
    if state.revise == "measurement":
        return []  # a revision: measure everything the masks allow, not only what the plan named
    names = list(state.plan.organs)
    for key in (state.plan.intent.quantities if state.plan.organs else []):
        target = key.rsplit(".", 1)[0]
        if target not in names:
            names.append(target)
    return names


def acts_on_feedback(state: CaseState, runtime: Any = None) -> bool:
    """Whether a revision round can change what this agent measures: only when the plan narrowed it."""
    return bool(targets(state)) and state.revise != "measurement"


def _check(target: str, passed: bool, reason: str) -> Evidence:
    return Evidence.make("check", "measurement", "measurable", target, passed=passed, value=passed, reason=reason)
