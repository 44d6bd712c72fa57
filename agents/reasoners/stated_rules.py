"""A category decided on the cut-off the question states ("cyst if mean HU <= 20", "spleen > 400 mL counts as
enlarged", "a liver-to-spleen ratio below 0.8 indicates fatty liver").

Question understanding read the threshold (`Intent.stated_thresholds`, `questions.stated_rules`); here it is tied
to the one measured quantity of the task in its unit, and to the two categories it separates (the one it names, and
the other option). The node records the rule as a criterion item (provenance `source: stated in the question`, its
comparison, cut-off, quantity and labels as parameters), and the answer applies `knowledge.stated.threshold_criterion`
to the measured value: the reviewer rebuilds the same criterion from that item and re-applies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, distance_words, number
from agents.reasoners.fitting import INDETERMINATE_OPTION
from agents.reasoners.handlers import option_distances
from core.case import Evidence
from core.state import Intent, StatedThreshold
from core.tasks import REGISTRY
from knowledge.stated import STATED_IN_QUESTION, threshold_criterion
from questions.intents import ChoiceSet, structures_named
from questions.stated_rules import threshold_in

RULE_EVIDENCE = "stated_threshold"
"""The name of the criterion item that records a stated rule (`criterion:{quantity}:stated_threshold`)."""
DECIDED_BY_ONE_VALUE = ("by_criterion", "lesion_type")
"""Registry handlers whose category one measured quantity decides (a stated cut-off can replace their criterion)."""
_NEGATIVE = re.compile(r"^(?:no|not|normal|absent|benign|negative|within normal)\b", re.IGNORECASE)
_UNIT_KEYS = {"HU": (r"\.largest_lesion_mean_hu$", r"\.mean_hu$"), "mL": (r"\.largest_lesion_volume_ml$", r"\.volume_ml$"),
              "ratio": (r"\.hu_ratio$", r"_ratio$"), "mm": (r"\.largest_lesion_diameter_mm$",)}
"""Unit -> the task quantity keys a stated cut-off in that unit reads, most specific first (a lesion's before its organ's)."""


@dataclass(frozen=True)
class StatedRule:
    """A stated threshold tied to the quantity it reads and the two categories it separates."""

    threshold: StatedThreshold
    quantity: str
    """`{target}.{name}`, e.g. `liver_lesion.largest_lesion_mean_hu`."""
    holds: str
    """The category where the comparison holds (an option's text when options are given)."""
    otherwise: str

    def evidence(self) -> Evidence:
        """The rule as a criterion item the answer cites and the reviewer re-applies."""
        t = self.threshold
        target, _ = self.quantity.split(".", 1)
        return Evidence.make("criterion", "reasoner", RULE_EVIDENCE, target,  # the cut-off is the question's number
                             citation=f"{STATED_IN_QUESTION}: {t.words!r}",
                             reason=f"{self.holds} if {self.quantity} {t.comparison} {t.value:g} {t.unit}, else "
                                    f"{self.otherwise}",
                             provenance={"source": STATED_IN_QUESTION, "method": "threshold stated in the question",
                                         "parameters": {"quantity": self.quantity, "comparison": t.comparison,
                                                        "value": t.value, "unit": t.unit, "holds": self.holds,
                                                        "otherwise": self.otherwise, "label": t.label,
                                                        "words": t.words}})


def _quantity(intent: Intent, unit: str) -> str | None:
    for pattern in _UNIT_KEYS.get(unit, ()):
        found = [q for q in intent.quantities if re.search(pattern, q)]
        if len(found) == 1:
            return found[0]
    return None


def _fits(label: str, text: str) -> bool:
    """Whether an option's text names the label ("Cyst" for `cyst`, "Solid tumour" for `solid`)."""
    low, said = text.lower(), label.lower()
    return re.search(rf"\b{re.escape(said)}", low) is not None or re.search(rf"\b{re.escape(low)}\b", said) is not None


def _labels(threshold: StatedThreshold, intent: Intent, choice_set: ChoiceSet | None) -> tuple[str, str] | None:
    """(holds, otherwise): the option the stated category names and the one other option; for a yes/no task,
    `Yes`/`No` by whether the rule names the finding or its absence."""
    spec = REGISTRY[intent.task]
    options = [o.text for o in choice_set.options if not INDETERMINATE_OPTION.search(o.text)] if choice_set else []
    if spec.form == "yes_no" or (options and {o.lower().rstrip(".") for o in options} <= {"yes", "no"}):
        negative = threshold.label is not None and _NEGATIVE.match(threshold.label) is not None
        return ("No", "Yes") if negative else ("Yes", "No")
    if threshold.label is None:
        return None
    if not options:
        return threshold.label, f"not {threshold.label}"
    words = threshold.label.split()
    for start in range(len(words)):  # "calling it solid if ...": the words that name an option
        named = [o for o in options if _fits(" ".join(words[start:]), o)]
        others = [o for o in options if o not in named]
        if len(named) == 1 and len(others) == 1:
            return named[0], others[0]
        restating = [o for o in others if _states_cutoff(o, threshold.value)]
        if len(named) == 1 and len(restating) == 1:  # distractor kinds beside: "Solid lesion (mean > 20 HU)" is the rest
            return named[0], restating[0]
    return None


def _states_cutoff(text: str, value: float) -> bool:
    """Whether an option states the rule's own cut-off ("Solid lesion (mean > 20 HU)" for "cyst if mean HU <= 20")."""
    return any(abs(float(n) - value) < 1e-9 for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))


EITHER_SIGN = ("portal hypertension assessment",)
"""Tasks whose criterion is met by any one of several signs (portal hypertension: splenomegaly or a large caudate
lobe): a cut-off the question states for one sign does not decide the task alone."""


def stated_rule(intent: Intent, choice_set: ChoiceSet | None) -> StatedRule | None:
    """The stated rule that decides this task, or None (no threshold in a unit the task reads, or the categories it
    separates are not clear from its words and the options)."""
    spec = REGISTRY.get(intent.task)
    if spec is None or spec.handler not in DECIDED_BY_ONE_VALUE or spec.form not in ("yes_no", "category"):
        return None
    if intent.task in EITHER_SIGN and len(intent.quantities) > 1:
        return None  # "(splenomegaly or caudate-to-right-lobe ratio > 0.65)": a cut-off for one of the signs, either
        # of which decides (the criterion's `combine: any`), is no rule of its own
    for unit in _UNIT_KEYS:
        threshold = threshold_in(intent.stated_thresholds, unit)
        quantity = _quantity(intent, unit) if threshold is not None else None
        labels = _labels(threshold, intent, choice_set) if threshold is not None and quantity else None
        if threshold is not None and quantity and labels:
            return StatedRule(threshold, quantity, *labels)
    return None


def rule_of(task: ReasonerInput) -> StatedRule | None:
    """The stated rule the node recorded for this task (its criterion item), or None."""
    item = next((e for e in task.evidence if e.kind == "criterion" and e.name == RULE_EVIDENCE
                 and getattr(e.provenance, "source", None) == STATED_IN_QUESTION), None)
    if item is None:
        return None
    p = item.provenance.parameters or {}
    threshold = StatedThreshold(comparison=p["comparison"], value=p["value"], unit=p["unit"], label=p.get("label"),
                                words=p.get("words", ""))
    return StatedRule(threshold, p["quantity"], p["holds"], p["otherwise"])


def by_stated_rule(task: ReasonerInput, rule: StatedRule) -> Draft:
    """The category the question's own cut-off gives the measured value, citing the rule and the value.

    Raises:
        InsufficientEvidence: the quantity the rule reads was not measured.
    """
    measured = task.by_key().get(rule.quantity)
    if measured is None or not isinstance(measured.value, int | float):
        raise InsufficientEvidence(f"the question's rule reads {rule.quantity!r}, which was not measured",
                                   missing=[rule.quantity], agent="measurement")
    t = rule.threshold
    label, _, _ = threshold_criterion(rule.quantity, t, rule.holds, rule.otherwise).decide({rule.quantity: number(measured)})
    sign = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}[t.comparison]
    kept = "holds" if label == rule.holds else "does not hold"
    unit = "" if t.unit == "ratio" else f" {t.unit}"
    named = rule.holds.lower() if rule.holds not in ("Yes", "No") else t.label or "the finding"
    statement = f"{describe(measured)}; the rule the question states ({named} if x {sign} {t.value:g}{unit}) {kept}"
    statement += "" if label in ("Yes", "No") else f" -> {label}"
    rule_id = next(e.id for e in task.evidence if e.kind == "criterion" and e.name == RULE_EVIDENCE)
    if label in ("Yes", "No"):
        return Draft("yes_no", label, statement, [measured.id, rule_id], label=label, yes=label == "Yes")
    return Draft("category", label, statement, [measured.id, rule_id], label=label)


ADJACENCY_RULE = "stated_adjacency"
"""The name of the criterion item recording an adjacency distance the question states ("within 3 mm")."""
_NO_ORGAN = re.compile(r"^\s*(none|no (organ|structure)s?|nothing|neither)\b", re.IGNORECASE)
"""An option saying no structure qualifies."""


def _structures(text: str) -> list[str]:
    from core.anatomy import SUBSEGMENTS

    parts = {p for group in SUBSEGMENTS.values() for p in group}
    return [s for s in structures_named(text) if s not in parts]


def adjacency_rule(intent: Intent, choice_set: ChoiceSet | None) -> Evidence | None:
    """The adjacency distance the question states ("Which organ lies within 3 mm of the largest liver lesion?",
    "closer than 5 mm") for a question about the organ next to a lesion, as a criterion item; None otherwise."""
    if intent.task not in ("adjacent organ", "largest lesion location") or not intent.lesion:
        return None
    within = threshold_in(intent.stated_thresholds, "mm")
    if within is None or within.comparison not in ("<", "<="):
        return None
    if intent.task == "largest lesion location" and (choice_set is None or not all(
            _structures(o.text) or _NO_ORGAN.match(o.text) for o in choice_set.options)):
        return None  # options naming segments ask where the lesion lies, not what lies next to it
    lesion = f"{intent.lesion}_1"
    return Evidence.make("criterion", "reasoner", ADJACENCY_RULE, lesion, citation=f"{STATED_IN_QUESTION}: {within.words!r}",
                         reason=f"a structure is adjacent when its distance from {lesion} is {within.comparison} "
                                f"{within.value:g} mm", provenance={
                             "source": STATED_IN_QUESTION, "method": "adjacency distance stated in the question",
                             "parameters": {"lesion": lesion, "comparison": within.comparison, "value": within.value,
                                            "unit": "mm", "words": within.words}})


def within_stated(task: ReasonerInput) -> Draft | None:
    """The option naming the one structure within the distance the question states (each option's structure at its
    measured voxel-centre distance from the lesion; a structure beyond the measured reach is not within it), or the
    option saying none is; None when the question states no adjacency distance.

    Raises:
        InsufficientEvidence: several options lie within it, or none does and no option says so.
    """
    rule = next((e for e in task.evidence if e.kind == "criterion" and e.name == ADJACENCY_RULE), None)
    if rule is None:
        return None
    p = rule.provenance.parameters or {}
    threshold = StatedThreshold(comparison=p["comparison"], value=p["value"], unit="mm")
    lesion, choice_set = str(p["lesion"]), task.choice_set
    known = task.by_key()
    options = {o.letter: o.text for o in choice_set.options} if choice_set is not None else {
        s: s for s in {k.split(".")[0] for k in known if k.endswith(f".distance_from_{lesion}_mm")}}
    by_option = option_distances(known, lesion, {k: v for k, v in options.items() if not _NO_ORGAN.match(v)})
    inside = [k for k, e in by_option.items() if e is not None and threshold.holds(number(e))]
    cited = sorted((e for e in by_option.values() if e is not None), key=number)
    said = "; ".join(distance_words(e) for e in cited) or "no option's structure within the measured reach"
    sign = "≤" if threshold.comparison == "<=" else "<"
    statement = f"adjacent as the question states (distance {sign} {threshold.value:g} mm): {said}"
    ids = [rule.id, *(e.id for e in cited)]
    if len(inside) > 1:
        raise InsufficientEvidence(f"several options lie within the stated distance: {statement}", agent="reasoner")
    if not inside:
        none = [text for text in options.values() if _NO_ORGAN.match(text)]
        if len(none) != 1:
            raise InsufficientEvidence(f"no option lies within the stated distance: {statement}", agent="reasoner")
        return Draft("category", none[0], statement, ids, label=none[0])
    text = options[inside[0]]
    return Draft("category", text, statement, ids, label=text)
