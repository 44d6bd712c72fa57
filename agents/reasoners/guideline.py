"""The embedded default reasoner: answers by applying the cited criteria to the measured values.

Deterministic and CPU-only. For each task it reads the evidence the intent names, applies the
criterion the knowledge agent cited (`KnowledgeEntry.classify`), and writes an answer whose
every number, organ and category comes from an evidence item it lists. When the evidence does
not settle the question it raises `InsufficientEvidence` instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from agents.reasoners import comparisons, handlers, pancreas, priors, reports, stated_rules, typed_lesions
from agents.reasoners.asked_kind import AskedLesion, asked_lesion, content_entry, kind_evidence_ids, lesion_words
from agents.reasoners.base import Indeterminate, InsufficientEvidence, ReasonerInput, register
from agents.reasoners.compose import Draft, absent_kind_option, numeric, one_label_asked, polarity
from agents.reasoners.fitting import finish, indeterminate_answer
from core.anatomy import lesion_group
from core.state import Intent
from core.tasks import REGISTRY, further_part_quantities, value_key

NUMERIC = "numeric"
"""The registry's handler name for a number read from the evidence (`compose.numeric`)."""


def handler_for(name: str) -> Callable[[ReasonerInput], Draft]:
    """The function the task registry names for a task (`core.tasks.Task.handler`).

    Raises:
        InsufficientEvidence: the task is not registered, or this backend has no such handler.
    """
    spec = REGISTRY.get(name)
    if spec is None:
        raise InsufficientEvidence(f"{name!r} is not a task this reasoner knows", agent="reasoner")
    if spec.handler == NUMERIC:
        return numeric
    found = next((getattr(m, spec.handler) for m in (handlers, typed_lesions, pancreas, comparisons, priors, reports) if hasattr(m, spec.handler)), None)
    if found is None:
        raise InsufficientEvidence(f"the guideline reasoner cannot answer {name!r} yet (no {spec.handler!r})",
                                   agent="reasoner")
    return found


@register("guideline")
class GuidelineReasoner:
    """Criterion applied to measurement; the matching choice; the evidence ids it rests on."""

    name = "guideline"
    uses_feedback = False
    """Whether it reads the reviewer's reasons on a revision round."""

    def __init__(self, **options: Any) -> None:
        self.options = options

    def draft(self, task: ReasonerInput) -> Draft:
        """The answer's content before it is fitted to the choices (a negated yes/no question flips the yes)."""
        handler = handler_for(task.intent.task)
        choice_set = task.choice_set
        if value_key(task.intent, choice_set.form if choice_set is not None else None) is not None:
            handler = numeric  # "What is the mean HU of the largest liver lesion?": the category task's value
        if task.intent.task == "organ aggregation" and task.intent.comparison is not None:
            handler = comparisons.organ_ranking  # organs ranked, not summed (understanding read a direction)
        content = content_entry(task.intent, task.criteria)
        asked = asked_lesion(task.intent, task.by_key(), content)
        if asked is not None and asked.reason is not None:  # "the largest pancreatic cyst" cannot be named
            if asked.none_of_kind and (none := absent_kind_option(task, asked.group, asked.kind, asked.reason)):
                cited = handlers.criterion_evidence_id(task, content.id) if content is not None else None
                return replace(none, evidence_ids=[*none.evidence_ids, *([cited] if cited else [])],
                               criterion_id=content.id if cited else None)  # "D. No solid pancreatic tumour": every
                # lesion is plainly of the other kind, by the cited content criterion
            raise InsufficientEvidence(asked.reason, agent="reasoner")
        if asked is not None:
            return _naming(self._draft(task, handler), asked, task)
        return self._draft(task, handler)

    def _draft(self, task: ReasonerInput, handler: Callable[[ReasonerInput], Draft]) -> Draft:
        rule = stated_rules.rule_of(task)
        if rule is not None and handler is not numeric:
            return polarity(stated_rules.by_stated_rule(task, rule), task)  # the question's own cut-off decides
        within = stated_rules.within_stated(task) if handler is handlers.location else None
        if within is not None:
            return within  # "Which organ lies within 3 mm of the lesion?": the stated distance decides
        draft = handler(task)
        return draft if handler is numeric else polarity(one_label_asked(draft, task), task)

    def answer(self, task: ReasonerInput):  # noqa: ANN201 - Answer, see the protocol
        """Composes the answer for the intent's task, then each further part of the question with its own
        evidence; raises `InsufficientEvidence` when the first part cannot be answered. A further part
        that cannot be answered (or is moot: no lesion to stage) is left out, and the reviewer names it."""
        try:
            answer = finish(self.draft(task), task, backend=self.name)
        except Indeterminate as err:  # the criterion leaves it open: an option that says so, if there is one
            return indeterminate_answer(err, task, self.name)
        if not task.intent.parts or task.choices:
            return answer
        texts, ids = [answer.text.rstrip(".") + "."], list(answer.evidence_ids)
        absent = task.intent.task.endswith("existence") and self.draft(task).yes is False
        for part in task.intent.parts:
            if absent and REGISTRY[part].lesion:
                continue  # "if so, ...": nothing to stage or measure when the finding is absent
            try:
                if part == "bilateral kidney asymmetry" and task.intent.lesion == "kidney_lesion":
                    draft = comparisons.lesion_sides(task)  # "..., on which side?" of the lesion asked first
                else:
                    draft = self.draft(replace(task, intent=part_intent(task.intent, part)))
            except InsufficientEvidence as err:
                found = typed_lesions.found_lesion_size(task, part_intent(task.intent, part))  # "..., how large is it?"
                if found is None and any(m.endswith(".lesion_count") for m in err.missing or []):
                    raise  # "Is there a kidney tumour? How large?": a found tumour says yes, but the search's lower
                    # bound leaves its size open (the largest found need not be the largest): the reason is that
                if found is None:
                    continue
                draft = found
            texts.append(f"{draft.headline[:1].upper()}{draft.headline[1:]}. {draft.statement}".strip().rstrip(".") + ".")
            ids += draft.evidence_ids
        return answer.model_copy(update={"text": " ".join(texts), "evidence_ids": list(dict.fromkeys(ids))})


def part_intent(intent: Intent, part: str) -> Intent:
    """The intent of one further part of a question: its own task, on its own organ ("..., and is the spleen
    enlarged?" asks about the spleen) or else the question's, and that organ's lesion group; a size finding the
    question asks about ("..., and is the liver atrophic?") stays with the part on the same organ."""
    spec = REGISTRY[part]
    fixed = spec.organ is not None and not any("{" in q for q in spec.quantities)  # splenomegaly: spleen.volume_ml
    organ = spec.organ if fixed else intent.organ
    lesion = (intent.lesion or lesion_group(organ)) if spec.lesion else None
    quantities = spec.expand(organ, lesion)
    own = further_part_quantities(intent)
    if own and spec.form == "number":  # "... and its mean attenuation": the mass's, not the organ's
        quantities = own
    return Intent(task=part, organ=organ, lesion=lesion, quantities=quantities,
                  answer_form=spec.form, unit=spec.unit, sides=intent.sides, locations=intent.locations,
                  negated=part in intent.negated_parts,
                  size_asked=intent.size_asked if organ == intent.organ else None)  # "..., and is it atrophic?"


def _naming(draft: Draft, asked: AskedLesion, task: ReasonerInput) -> Draft:
    """The draft of a "largest <kind>" task naming the lesion it rests on and citing what typed it."""
    lesion = f"{asked.group}_{asked.rank}"
    name, typed = lesion_words(asked)
    said = draft.statement.replace(lesion, name, 1) if lesion in draft.statement else draft.statement
    statement = f"{said}; {typed}"
    typed_by = handlers.criterion_evidence_id(task, asked.typed_by)  # "solid by pancreatic-lesion-solid-vs-cystic": cited
    ids = list(dict.fromkeys([*draft.evidence_ids, *kind_evidence_ids(asked, task.by_key()),
                              *([typed_by] if typed_by else [])]))
    return replace(draft, statement=statement, evidence_ids=ids)
