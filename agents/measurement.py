"""The measurement agent: every number the question needs, from the masks, with provenance.

Reads the current image and its masks from the artifact store (ids in `state.images` and
`state.masks`), and every prior study's (`state.images["prior:k"]`, `state.prior_masks["prior:k"]`),
in date order, for RECIST 1.1 (the earliest is the baseline) and organ volume change (from the
latest). Measures what `state.plan` names (everything when it names nothing). Input that
cannot be measured physically (no spacing, a mask off the image grid) becomes a failed check
in the evidence, never an exception.

Lesion masks the segmenter found only some lesions in (`lesions_exhaustive = False` evidence) support
existence only: their counts, largest lesion, burden and places are withheld and each group's count becomes
`lesion_count_lower_bound` (`agents.measures.bounded`).

Feedback it acts on (`acts_on_feedback`): a reviewer's "the question needs X, which no agent
measured" when the plan narrowed the scope; the revision round then measures every mask.
Deterministic otherwise: the same masks give the same numbers, so any other fix is futile here.
"""

from __future__ import annotations

import re
import time
from typing import Any

from langgraph.runtime import Runtime

from agents.measures import MeasurementError, Study, check_inputs, measure_case
from agents.measures.bounded import bounded_masks, withhold_bounded
from agents.measures.guards import SIZE_WORDS, Verdict, judge, withheld
from core.case import Evidence, TraceStep
from core.context import Context
from core.state import CaseState
from knowledge.bounds import LOWER_BOUND

CURRENT = "current:0"


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Measures the case; returns `evidence` (measurements and input checks) and `findings`."""
    store = runtime.context.store
    image_id = state.images.get(CURRENT)
    if image_id is None:
        return {"evidence": [_check("current", False, "no current image in the state: nothing to measure")]}
    image = store.get(image_id)
    masks = {name: store.get(mask_id) for name, mask_id in state.masks.items()}
    evidence, priors = prior_studies(state, store)
    started = time.perf_counter()
    try:
        measured, findings = measure_case(image, masks, targets(state), priors=priors, image_id=image_id,
                                          mask_ids=state.masks, resample_mm=runtime.context.config.measure_resample_mm,
                                          current_date=current_date(state), contact_of=contact_targets(state))
    except MeasurementError as exc:
        return {"evidence": [*evidence, _check("current", False, f"{type(exc).__name__}: {exc}")]}
    measured, findings = withhold_bounded(measured, findings, bounded_masks(state.evidence))
    step = TraceStep(node="measurement", tool="measure_case",
                     inputs={"masks": sorted(masks), "targets": targets(state) or "all", "priors": len(priors)},
                     outputs={"evidence": len(measured), "findings": len(findings)},
                     duration_s=round(time.perf_counter() - started, 6))
    checks = [_check("current", True, "image and masks have 3D spacing and share one grid")]
    update = {"evidence": [*checks, *evidence], "findings": findings, "trace": [step]}
    verdicts = judge(image, masks, runtime.context.config.withhold_incomplete_sizes)
    return _guarded(update, measured, verdicts, state)


def _guarded(update: dict[str, Any], measured: list[Evidence], verdicts: list[Verdict], state: CaseState) -> dict[str, Any]:
    """Withholds the measurements a judged mask cannot support, records each verdict, and says why.

    A verdict on a structure the question needs adds its reason to `reasons` (once: revise rounds
    run this node again), a size-only one (an organ cut by the scan's edge) only when the question asks a size: "is
    there a kidney cyst?" on a kidney the scan cuts abstains, if it does, for its own reason; a spacing that cannot be trusted rejects the case, as triage would.
    """
    refs = dict(state.masks)
    kept, dropped = [], set()
    for item in measured:
        verdict = withheld(verdicts, list(item.provenance.masks or []), item.name, refs)
        if verdict is None:
            kept.append(item)
            continue
        dropped.add(item.id)
        if verdict.problem == "incomplete" and item.name == "volume_ml":  # cut by the scan's edge: at least this much
            kept.append(Evidence.make("measurement", "measurement", f"volume_ml{LOWER_BOUND}", item.target,
                                      value=item.value, unit=item.unit, reason=verdict.reason,
                                      provenance={**item.provenance.model_dump(exclude_none=True),
                                                  "method": f"lower bound: {item.provenance.method}"}))
    notes = [Evidence.make("check", "measurement", v.problem, v.structure if v.structure != "*" else "current",
                           passed=False, value=False, reason=v.reason, citation=v.citation,
                           provenance={"withholds": v.withholds}) for v in verdicts]
    update["evidence"] += [*notes, *kept]
    update["findings"] = [f for f in update["findings"] if not dropped & set(f.evidence_ids)]
    needed = {part for t in targets(state) for part in re.split(r"[/+]", t)}
    spacing = [v for v in verdicts if v.problem == "spacing"]
    asked = [key.rsplit(".", 1)[-1] for key in (state.plan.intent.quantities if state.plan else [])]
    sizes_asked = not asked or any(word in name for name in asked for word in SIZE_WORDS)
    relevant = spacing or [v for v in verdicts if v.structure in needed and (v.withholds == "all" or sizes_asked)]
    new = [v.reason for v in relevant if v.reason not in state.reasons]
    if new:
        update["reasons"] = new
    if spacing:
        update["status"] = "rejected"
    return update


def prior_studies(state: CaseState, store: Any) -> tuple[list[Evidence], list[Study]]:
    """The prior studies that can be measured, earliest first, and a check for each (dates from the case)."""
    refs = [im for im in state.case.images if im.role == "prior"]
    found: list[tuple[str, int, Study]] = []
    evidence: list[Evidence] = []
    for key, mask_ids in state.prior_masks.items():
        if key not in state.images or not mask_ids:
            continue
        index = int(key.partition(":")[2])
        target = "prior" if index == 0 else key  # evidence ids as the segmentation agent names the studies
        acquired = refs[index].acquired if index < len(refs) else None
        study = Study(store.get(state.images[key]), {n: store.get(m) for n, m in mask_ids.items()},
                      state.images[key], dict(mask_ids), acquired.isoformat() if acquired else None)
        try:
            check_inputs(study.image, study.masks)
        except MeasurementError as exc:
            evidence.append(_check(target, False, f"{type(exc).__name__}: {exc}"))
            continue
        evidence.append(_check(target, True, f"prior image ({study.acquired or 'undated'}) and masks have 3D spacing and share one grid"))
        found.append((study.acquired or "", index, study))
    return evidence, [study for _, _, study in sorted(found, key=lambda f: (f[0], f[1]))]


def current_date(state: CaseState) -> str | None:
    """The current study's acquisition date from the case (ISO), when given."""
    dated = [im.acquired for im in state.case.images if im.role != "prior" and im.acquired is not None]
    return dated[0].isoformat() if dated else None


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


def contact_targets(state: CaseState) -> list[str]:
    """Organs whose contacts the plan asks (`{organ}.adjacent_organs` of an organ, not of a lesion): measured against
    every other provided structure (`agents.measures.contact`)."""
    if state.plan is None:
        return []
    keys = state.plan.intent.quantities
    return [k.rsplit(".", 1)[0] for k in keys if k.endswith(".adjacent_organs") and k.rsplit(".", 1)[0] in state.masks]


def acts_on_feedback(state: CaseState, runtime: Any = None) -> bool:
    """Whether a revision round can change what this agent measures: only when the plan narrowed it, and not when
    every quantity still missing rests on a structure the segmenter reported not found (measuring everything else
    cannot supply it: the case abstains at once, naming the structure)."""
    if not targets(state) or state.revise == "measurement" or state.plan is None:
        return False
    known = {f"{e.target}.{e.name}" for e in state.evidence if e.target}
    absent = {e.target.rsplit(":", 1)[-1] for e in state.evidence
              if e.kind == "segmentation" and e.name == "present" and e.value is False}
    missing = [q for q in state.plan.intent.quantities if q not in known]
    return not missing or any(not set(q.rsplit(".", 1)[0].split("/")) & absent for q in missing)


def _check(target: str, passed: bool, reason: str) -> Evidence:
    return Evidence.make("check", "measurement", "measurable", target, passed=passed, value=passed, reason=reason)
