"""The attending reviewer: deterministic checks that the answer follows from the evidence.

Checks (each an `core.case.Check` naming the agent responsible when it fails):

- `answered`: an answer exists (else the reasoner's reason, and whose evidence is missing);
- `completeness`: the quantities the question needs are in the evidence;
- `citations`: the answer cites evidence, all of which exists;
- `numeric_grounding`: every number is a cited value (unit-converted) about the organ named;
- `derivation`: every derived value recomputes from its inputs;
- `evidence_recompute`: every cited measurement recomputes from the inputs its provenance records and the items
  it is derived from (voxels x spacing, mask volumes, lesion instances, ratio and burden parts), so a value edited
  to match an answer is caught;
- `entity_grounding`: every organ named is a cited (or asked and segmented) structure;
- `rule_grounding`: a category or yes/no equals the cited criterion applied to the values (a knowledge answer gives
  each category the limits and direction of the bands that make it, `Criterion.defining_bands`), and so does every
  further category asserted (an impression; a grade or subdivision from a criterion on the same quantity);
- `choice_validity`: the letter is offered and agrees with the text;
- `scope`: the answer does not contradict triage (modality, anatomy in the field of view);
- `substance`: the answer commits (an empty, hedged or "cannot be determined" answer is an abstention);
- `answer_kind`: yes/no to a yes/no question, a number to "how much" and the quantity asked, a category
  to "which grade";
- `side`: the side named is the cited evidence's side, a side asked is the side answered, and a kidney lesion
  placed anywhere in a sentence is in a kidney that holds one;
- `lesions`: every segment, lobe or pancreatic part the answer puts a lesion in holds that lesion (Couinaud's
  lobes hold their segments; nothing holds it when no measurement locates the lesions), and the values said of
  one lesion are that lesion's;
- `parts`: every part of a multi-part question is answered, or the missing part is named (a side asked, a sum
  of the lesions asked, whatever the parse made of the words);
- `comparison`: every "A is above/below B" and fold ("doubled") stated is true of the numbers compared;
- `support`: every finding asserted (cirrhosis, ascites, vascular invasion, a kidney pole, ...) and every comparison
  with a prior study rests on cited evidence, a cited criterion's labels or the question's own words; no forecast
  ("will double", "doubling time"), no finding both denied and affirmed, no change said as a size; a pertinent
  negative only where something looked for it, and a value's plane, part, Couinaud name, tissue word, quoted limit
  and stability as measured (`review_checks/context_claims.py`);
- `recist_targets`: no RECIST target lesion is a simple cyst (RECIST 1.1, section 3.1.2);
- `timing`: a value said of a study time ("now", "at baseline", a date) is that study's value;
- `combined_quantity`: a total asked or said (both kidneys, all lesions) is not one side's or one lesion's value
  (`review_checks/combined.py`, which also grounds a ratio of two cited values and a total of cited parts);
- `quoted_thresholds`: a limit a case answer quotes for a cited category is that category's own band limit;
- `deciding_reason`: a category's stated reason is its cited criterion's quantity (not a measurement no cited
  criterion reads), on the side of the cut it was measured;
- `second_opinion` (optional): another backend, put in `Context.backends["second_opinion"]`,
  answers the same input; disagreement fails the check.

`node` returns `{"review": Review(...)}`; the graph routes on `consistent` and
`required_fixes[0].agent`. `review_result` re-runs the checks on a saved `CaseResult`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import knowledge
from agents.review_checks.base import ReviewInput, failed, passed
from agents.review_checks.change import change_direction
from agents.review_checks.change_subject import change_subject
from agents.review_checks.choices import choice_validity
from agents.review_checks.claims import support
from agents.review_checks.clinical import clinical
from agents.review_checks.cluster_readings import cluster_readings
from agents.review_checks.combined import combined_quantity
from agents.review_checks.comparisons import comparisons
from agents.review_checks.completeness import completeness
from agents.review_checks.deciding import deciding_reason
from agents.review_checks.derivation import derivations
from agents.review_checks.each_value import each_value
from agents.review_checks.grounding import citations, entity_grounding, scope
from agents.review_checks.lesion_lists import without_lesion_lists
from agents.review_checks.lesion_places import lesions
from agents.review_checks.meaning import answer_kind, substance
from agents.review_checks.numbers import numeric_grounding
from agents.review_checks.parts import parts
from agents.review_checks.presentation import as_read, without_question
from agents.review_checks.quoted_thresholds import quoted_thresholds
from agents.review_checks.recompute import evidence_recompute
from agents.review_checks.reference_ranges import without_named_references
from agents.review_checks.rules import rule_grounding
from agents.review_checks.sides import sides
from agents.review_checks.targets import recist_targets
from agents.review_checks.timing import timing
from agents.review_checks.wording import wording
from core.anatomy import family
from core.case import Answer, Case, CaseResult, Check, Fix, Review
from core.context import Context
from core.state import CaseState, Intent
from core.tasks import REGISTRY
from questions.intents import extract
from questions.understanding import understand

if TYPE_CHECKING:  # the graph wraps the node; `clinorch review` runs the checks without langgraph (1 s)
    from langgraph.runtime import Runtime

__all__ = ["CHECKS", "ReviewInput", "node", "review", "review_result"]

CHECKS: tuple[Callable[[ReviewInput], Check], ...] = (
    completeness, citations, substance, numeric_grounding, derivations, entity_grounding, rule_grounding,
    choice_validity, scope, answer_kind, sides, lesions, parts, change_direction, comparisons, support, timing, recist_targets,
    wording, cluster_readings, change_subject, each_value, combined_quantity, quoted_thresholds,
    deciding_reason, evidence_recompute,
)
PIPELINE = ("segmentation", "measurement", "knowledge", "reasoner")


def review(subject: ReviewInput, rounds: int = 0, second_opinion: Any = None) -> Review:
    """Runs every check on one answer and turns the failures into fixes for the responsible agents."""
    if subject.answer is None:
        checks = [_unanswered(subject), completeness(subject)]
    else:
        plain = as_read(without_question(subject.answer.text, subject.question), _asked_organs(subject),
                        _verdict_asked(subject))  # "Does the CT show ...? Yes, ...": the question copied claims nothing
        plain = without_lesion_lists(subject, plain)  # "both cysts (6.2 mL and 3.2 mL)": each lesion's own value
        plain = without_named_references(subject, plain)  # "89.1 mL [normal 120–200 mL]": the population's range
        if plain != subject.answer.text:  # what a reader takes from it: no markup, preamble or reference range
            subject = replace(subject, answer=subject.answer.model_copy(update={"text": plain}))
        checks = [check(subject) for check in CHECKS]
        if second_opinion is not None:
            checks.append(_second_opinion(subject, second_opinion))
    checks = [c if c.passed else c.model_copy(update={"clinical": clinical(c, subject)}) for c in checks]
    return verdict(checks, rounds)


def _asked_organs(subject: ReviewInput) -> frozenset[str]:
    """The organ families the question asks about: its intent's organ and the organs its words name; none where the
    organ is the answer ("Which organ carries the most lesion volume?" - "Pancreas — ...": no section label)."""
    if subject.intent.task == "multi-organ lesion burden comparison":
        return frozenset()
    organs = [*extract(subject.question or "").organs, *([subject.intent.organ] if subject.intent.organ else [])]
    return frozenset(str(family(o)) for o in organs)


def _verdict_asked(subject: ReviewInput) -> bool:
    """Whether the question asks a verdict (yes/no, a category, a side or a place) rather than a value or a report."""
    form = subject.intent.answer_form
    if form == "choice" and subject.intent.task in REGISTRY:
        form = REGISTRY[subject.intent.task].form
    return form not in ("number", "report", "choice")


def verdict(checks: list[Check], rounds: int) -> Review:
    """The review from its checks: fixes ordered upstream first (fixing upstream redoes downstream)."""
    fixes: list[Fix] = []
    for check in checks:
        if not check.passed and check.agent in PIPELINE:
            fix = Fix(agent=check.agent, reason=f"{check.name}: {check.reason}")
            if fix not in fixes:
                fixes.append(fix)
    fixes.sort(key=lambda f: PIPELINE.index(f.agent))
    return Review(consistent=all(c.passed for c in checks), checks=checks, required_fixes=fixes, rounds=rounds)


def _unanswered(subject: ReviewInput) -> Check:
    note = subject.by_id.get("check:-:answerable")
    if note is not None and note.passed is False:
        agent = str(note.provenance.agent or "reasoner")
        return failed("answered", f"no answer: {note.reason}", agent if agent in PIPELINE else "reasoner")
    return failed("answered", "no answer was produced", "reasoner")


def _second_opinion(subject: ReviewInput, backend: Any) -> Check:
    """Another backend answers the same question; a different choice or yes/no fails the check."""
    from agents.reasoners.base import InsufficientEvidence, ReasonerError, ReasonerInput

    task = ReasonerInput(question=subject.question, choices=subject.choices, intent=subject.intent,
                         evidence=subject.evidence, criteria={e.id: e for e in subject.criterion_entries(False)})
    try:
        other = backend.answer(task)
    except (InsufficientEvidence, ReasonerError) as err:
        return passed("second_opinion", f"{backend.name!r} gave no opinion: {err}")
    answer = subject.answer
    assert answer is not None
    same = other.choice == answer.choice if answer.choice else _gist(other.text) == _gist(answer.text)
    if not same:
        return failed("second_opinion", f"{backend.name!r} answers {other.text[:120]!r}", "reasoner")
    return passed("second_opinion", f"{backend.name!r} agrees")


def _gist(text: str) -> str:
    return text.strip().split(".")[0].strip().lower()


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Reviews the reasoner's latest answer against the case's evidence."""
    if state.plan is None:
        raise RuntimeError("the reviewer ran before triage made a plan")
    intent = state.plan.intent  # parsed once, by triage
    subject = ReviewInput(question=state.case.question, choices=state.case.choices, intent=intent,
                          answer=state.answer, evidence=list(state.evidence),
                          base=runtime.context.knowledge,
                          track=state.track)
    second = runtime.context.second_opinion
    return {"review": review(subject, rounds=state.rounds, second_opinion=second)}


def review_result(result: CaseResult, case: Case | None = None, *, profile: str = "deeptumorvqa",
                  knowledge_dirs: tuple[str, ...] = ()) -> Review:
    """Re-runs the checks on a saved result (ours or an external model's).

    The question and choices come from `case` when given, else from the result's own
    `question` / `choices` fields (filled by `orchestrator.result.to_result`); when neither has
    them, the checks that need them read none.

    Both texts a user reads are reviewed: `answer_detail.text` (the report, the FHIR conclusion) and the
    result's top-level `answer` (what `result.answer` and the CLI show), each with the evidence and criterion
    `answer_detail` cites; the result is consistent only when both are. For multiple choice `answer` is the
    letter, which is held against the detail's choice (`choice_validity`).
    """
    question = case.question if case is not None else result.question
    choices = case.choices if case is not None else result.choices
    answer = result.answer_detail
    if answer is None and result.answer is not None:
        offered = bool(choices) and result.answer in (choices or {})
        answer = Answer(text=result.answer, choice=result.answer if offered else None,
                        evidence_ids=[], backend="external")
    intent: Intent = understand(question, choices)
    if any(e.name == "images_present" and e.value == 0 for e in result.evidence):  # no image: triage's reading of it
        from agents.triage_checks.needs import without_images  # triage's anatomy loads nibabel: only here

        intent = without_images(intent, question)
    base = knowledge.shared_base(profile, tuple(knowledge_dirs))
    rounds = result.review.rounds if result.review is not None else 0

    def review_of(shown: Answer | None) -> Review:
        subject = ReviewInput(question=question, choices=choices, intent=intent, answer=shown,
                              evidence=list(result.evidence), base=base, track=result.track, reported=result.answer)
        return review(subject, rounds=rounds)

    verdict = review_of(answer)
    letter = bool(choices) and result.answer is not None and re.fullmatch(r"\s*[A-Za-z]\s*", result.answer) is not None
    shown = result.answer
    if verdict.consistent and answer is not None and shown is not None and not letter and \
            shown.strip() != answer.text.strip():
        return review_of(answer.model_copy(update={"text": shown}))  # the words shown beside the detail's
    return verdict
