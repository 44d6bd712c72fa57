"""Criteria the question states itself: the reviewer applies the question's own cut-off, as the reasoner does.

"Using a 15% threshold on (larger − smaller) / larger kidney volume, are the kidneys symmetric?" is
decided by `knowledge.stated`, the one definition both read; a side or a symmetry the measured
volumes do not support under that cut-off is a finding.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, passed
from core.case import Check, Evidence
from core.state import StatedThreshold
from core.tasks import REGISTRY
from knowledge.stated import (
    BASIS_WORDS,
    STATED_IN_QUESTION,
    SYMMETRIC,
    VESSEL_CONTACT_LEADS,
    basis_quantity,
    contact_quantity,
    paired_asymmetry,
    relative_difference_pct,
    threshold_criterion,
)
from questions.intents import structures_named
from questions.intents.answers import finding_or_alternative

NAME = "rule_grounding"


def _first_sentence(review: ReviewInput) -> str:
    return re.split(r"\.(?:\s|$)|\n", review.claim_text.lstrip(" .:"), maxsplit=1)[0].lower()


NO_ASYMMETRY = re.compile(r"\b(no|not|without|absence of)\s+(?:\w+\s+){0,2}asymmetr\w*")
"""An option or answer denying asymmetry ("No significant asymmetry", "not asymmetric")."""


LARGER_THAN = re.compile(r"\b(left|right)\b(?:[^.;]|(?<=\d)\.(?=\d))*?\b(?:larger|bigger|greater)\s+than\s+(?:the\s+)?(?:left|right)\b")
"""One side said larger than the other ("the right kidney (175.2 mL) is larger than the left"): the side named first."""


def _one_kidney_absent(review: ReviewInput) -> str | None:
    """The side whose kidney is shown absent (an empty provided mask) when the answer says only one kidney is there;
    None otherwise."""
    from core.absence import ABSENCE_WORDS, evidenced_absence

    gone = [side for side in ("left", "right") if evidenced_absence(review.evidence, f"kidney_{side}") is not None]
    said = f"{review.claim_text} {review.chosen_option}"
    return gone[0] if len(gone) == 1 and (ABSENCE_WORDS.search(said) or SOLITARY.search(said)) else None


SOLITARY = re.compile(r"\bone kidney\b", re.IGNORECASE)
"""A bare "one kidney" ("One kidney: the right"); a solitary kidney's other words ("solitary", "single kidney",
"absent") are `ABSENCE_WORDS`'."""


def stated_asymmetry(review: ReviewInput) -> Check | None:
    """Symmetric or the larger side, as the question's stated cut-off decides; None when no cut-off is stated."""
    intent = review.intent
    spec = REGISTRY.get(intent.task)
    split = _split_entry(review)
    if spec is None or spec.cutoff_quantity is None or intent.lesion_burden or (intent.cutoff_pct is None and split is None) \
            or (intent.polar and intent.task == "kidney volume comparison"):  # "is the left one 10 % larger?"
        return None
    left, right = review.number("kidney_left.volume_ml"), review.number("kidney_right.volume_ml")
    if (left is None or right is None) and intent.cutoff_pct is None and split is not None:
        return _split_without_sides(review, split, spec.cutoff_quantity)
    if (left is None or right is None) and (gone := _one_kidney_absent(review)) is not None:
        return passed(NAME, f"the {gone} kidney is shown absent (its provided mask is empty): no cut-off between two "
                            "kidneys applies")  # the solitary-kidney option, checked by the solitary reading
    if left is None or right is None:
        return failed(NAME, "the question states a cut-off on kidney volumes, but both volumes are not cited",
                      "measurement")
    basis = intent.cutoff_basis  # the basis the question states decides, never another
    quantity = basis_quantity(spec.cutoff_quantity, basis)
    if intent.cutoff_pct is None and split is not None:  # no cut-off stated: the cited split of renal volume decides
        quantity, pct = spec.cutoff_quantity, relative_difference_pct(left, right)
        decided = split.classify({quantity: pct}).label
        label = SYMMETRIC if decided == "symmetric" else "left larger" if left > right else "right larger"
        rule = f"{BASIS_WORDS['larger']} = {pct:.1f}% by {split.id} (the smaller kidney below 45 % of their sum)"
    else:
        label, pct = paired_asymmetry(quantity, left, right, intent.cutoff_pct, basis)  # type: ignore[arg-type]
        rule = f"{BASIS_WORDS[basis]} = {pct:.1f}% against the stated {intent.cutoff_pct:g}%"
    other = [e.id for e in review.cited if e.target == quantity.split(".")[0] and e.name.startswith("volume_difference_pct")
             and f"{e.target}.{e.name}" != quantity]
    if other:
        return failed(NAME, f"decided on {other[0]!r}, not on {BASIS_WORDS[basis]}, the basis the question states",
                      "reasoner", other)
    from questions.intents.answers import larger_side

    said = larger_side((review.chosen_option or _first_sentence(review)).lower())  # "Left kidney smaller": the right
    # one is larger; a letter's option says it ("A — left 109 mL vs right 49 mL": option A "Asymmetric: left larger";
    # `choice_validity` holds the text to the option)
    denied = NO_ASYMMETRY.search(said) is not None  # "No significant asymmetry" says the kidneys are symmetric
    says_asymmetric = not denied and re.search(r"\basymmetr\w*|\b(left|right) (kidney )?(is )?larger\b", said) is not None
    says_symmetric = denied or re.search(r"(?<!a)symmetr\w*|\bneither\b|\b(?:equal|similar|comparable|the same)\b", said) \
        is not None and not says_asymmetric  # "About equal (within 5%)": an option's words for symmetric
    sides = {s for s in ("left", "right") if re.search(rf"\b{s}\b", said)}
    than = LARGER_THAN.search(said)  # "Left kidney markedly larger than right": the side named first is the larger
    if than is not None:
        sides = {than.group(1)}
    if label == SYMMETRIC:
        if says_asymmetric or sides or not says_symmetric:
            return failed(NAME, f"the kidneys are symmetric by the question's cut-off: {rule}", "reasoner")
        return passed(NAME, f"symmetric, as stated: {rule}")
    side = label.split()[0]
    if says_symmetric or sides != {side}:
        return failed(NAME, f"the {side} kidney is larger beyond the question's cut-off: {rule}", "reasoner")
    return passed(NAME, f"{label}, as stated: {rule}")


def _split_without_sides(review: ReviewInput, split, quantity: str) -> Check:  # noqa: ANN001 - a knowledge entry
    """Symmetric or asymmetric by the cited split of renal volume read on the cited difference alone (no volumes
    cited: no side can be named, nor may the answer name one)."""
    pct = review.number(quantity)
    if pct is None:
        return failed(NAME, f"{split.id} decides on the kidneys' volume difference, which is not cited", "measurement")
    decided = split.classify({quantity: pct}).label
    said = (review.chosen_option or _first_sentence(review)).lower()
    asymmetric = re.search(r"\basymmetr\w*", said) is not None
    if (decided == "asymmetric") != asymmetric or re.search(r"\b(left|right)\b", said):
        return failed(NAME, f"{split.id} gives {decided!r} for a difference of {pct:.1f}%", "reasoner")
    return passed(NAME, f"{decided!r}, as {split.id} gives for a difference of {pct:.1f}%")


def _split_entry(review: ReviewInput):  # noqa: ANN202 - a knowledge entry
    """The cited split-renal-volume criterion of a size asymmetry question (`agents.reasoners.comparisons`), else None."""
    if review.intent.task != "bilateral kidney asymmetry":
        return None
    return next((e for e in review.criterion_entries() if e.id == "split-renal-volume" and e.criterion), None)


def _stated_rule_item(review: ReviewInput) -> Evidence | None:
    return next((e for e in review.cited if e.kind == "criterion" and e.name == "stated_threshold"
                 and getattr(e.provenance, "source", None) == STATED_IN_QUESTION), None)


def stated_threshold(review: ReviewInput) -> Check | None:
    """The category the question's own cut-off gives the measured value (`knowledge.stated.threshold_criterion`,
    rebuilt from the cited rule item), against the option or yes/no the answer states; the rule must be one the
    question states (`Intent.stated_thresholds`, read by understanding), not one the reasoner made up.
    None when the answer cites no stated rule."""
    item = _stated_rule_item(review)
    if item is None:
        return None
    p = item.provenance.parameters or {}
    threshold = StatedThreshold(comparison=p["comparison"], value=p["value"], unit=p["unit"], label=p.get("label"))
    if not any((t.comparison, t.value, t.unit) == (threshold.comparison, threshold.value, threshold.unit)
               for t in review.intent.stated_thresholds):
        return failed(NAME, f"applies x {threshold.comparison} {threshold.value:g} {threshold.unit}, a cut-off the "
                            "question does not state", "reasoner", [item.id])
    measured = review.number(p["quantity"])
    if measured is None:
        return failed(NAME, f"the question's rule reads {p['quantity']!r}, which is not cited", "measurement", [item.id])
    expected, _, _ = threshold_criterion(p["quantity"], threshold, p["holds"], p["otherwise"]).decide(
        {p["quantity"]: measured})
    rule = f"{p['quantity']} = {measured:g} against the stated x {threshold.comparison} {threshold.value:g} {threshold.unit}"
    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    if expected in ("Yes", "No"):
        said = re.match(r"\s*(yes|no)\b", option or review.headline, re.IGNORECASE)
        said_yes = said is not None and said.group(1).lower() == "yes"
        pair = finding_or_alternative(review.intent.task, review.choice_set) if option and said is None and \
            review.choice_set is not None else None
        if pair is not None and review.answer.choice in pair:  # type: ignore[union-attr]  # "B. Mucinous cystic
            said, said_yes = True, review.answer.choice == pair[0]  # type: ignore[union-attr,assignment]  # lesion": no
        expected_yes = (expected == "Yes") != review.intent.negated
        if said is None or said_yes != expected_yes:
            return failed(NAME, f"the answer should be {'yes' if expected_yes else 'no'} by the question's rule: {rule}",
                          "reasoner", [item.id])
        return passed(NAME, f"{'yes' if expected_yes else 'no'}, as stated: {rule}", [item.id])
    claimed = option if option is not None else review.headline
    other = p["otherwise"] if expected == p["holds"] else p["holds"]
    if not _names(claimed, expected) or _names(claimed, other):
        return failed(NAME, f"the question's rule gives {expected!r}: {rule}", "reasoner", [item.id])
    return passed(NAME, f"{expected!r}, as stated: {rule}", [item.id])


def _names(text: str, label: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(label.lower())}(?![\w-])", text.lower()) is not None


def stated_vessel_contact(review: ReviewInput) -> Check | None:
    """Resectability on the aorta/IVC basis under the contact rule the answer cites (`knowledge.stated`'s
    `vessel_contact_criterion`, re-applied to the cited distances or dilation counts), against the option or
    category stated. None when the answer cites no contact rule."""
    item = next((e for e in review.cited if e.kind == "criterion" and e.name == "vessel_contact_rule"
                 and getattr(e.provenance, "source", None) == STATED_IN_QUESTION), None)
    if item is None:
        return None
    from agents.reasoners.base import InsufficientEvidence
    from agents.reasoners.vessel_contact import vessel_contact

    lesion = str((item.provenance.parameters or {})["lesion"])
    try:  # the one reading of the vessels' reach (the reasoner's too), on the rule the answer cites
        reading = vessel_contact(review.evidence, lesion.rsplit("_", 1)[0], rule=item, intent=review.intent)
    except InsufficientEvidence as err:
        return failed(NAME, f"the question's contact rule cannot be re-applied: {err.reason}", err.agent,  # type: ignore[arg-type]
                      [item.id])
    expected, contact, unit = reading.label, reading.contact_mm, reading.unit
    values = {contact_quantity(v, lesion, unit): r for v, r in reading.reach.items()}
    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    claimed = option if option is not None else review.headline
    rule = f"{', '.join(f'{k} = {v:g}' for k, v in values.items())} with contact at most {contact:g} {unit}"
    if not re.match(rf"\s*{VESSEL_CONTACT_LEADS[expected]}", claimed, re.IGNORECASE):
        return failed(NAME, f"the question's contact rule gives {expected!r}: {rule}", "reasoner", [item.id])
    return passed(NAME, f"{expected!r}, as the question's contact rule gives: {rule}", [item.id])


def stated_metastases(review: ReviewInput) -> Check | None:
    """Resectability under the question's premise that liver lesions are metastases (`Intent.premises`): with a liver
    lesion counted, the answer must be unresectable for metastatic disease, never resectable, borderline or locally
    advanced (the reasoner's `stated_metastases`). None when the answer cites no such premise."""
    from agents.reasoners.pancreas import METASTATIC_OPTION, PREMISE_RULE, UNRESECTABLE_ONLY, metastases_counted

    item = next((e for e in review.cited if e.kind == "criterion" and e.name == PREMISE_RULE
                 and getattr(e.provenance, "source", None) == STATED_IN_QUESTION), None)
    if item is None or "liver_lesions_metastatic" not in (item.provenance.parameters or {}).get("premises", []):
        return None
    if "liver_lesions_metastatic" not in review.intent.premises:
        return failed(NAME, "cites a premise (liver lesions as metastases) the question does not state", "reasoner",
                      [item.id])
    count = metastases_counted(review.evidence)
    if count is None or float(count.value) < 1:  # type: ignore[arg-type]
        return failed(NAME, "rests on liver metastases, but no liver lesion is counted", "reasoner", [item.id])
    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    claimed = option if option is not None else review.headline
    if not (METASTATIC_OPTION.search(claimed) or UNRESECTABLE_ONLY.match(claimed)):
        return failed(NAME, f"{count.value:g} liver lesion(s), which the question regards as metastases, make the "
                            f"tumour unresectable (metastatic disease), not {claimed!r}", "reasoner", [item.id, count.id])
    return passed(NAME, f"unresectable (metastatic disease): {count.value:g} liver lesion(s) regarded as metastases, "
                        "as the question states", [item.id, count.id])


_NO_ORGAN = re.compile(r"^\s*(none|no (organ|structure)s?|nothing|neither)\b", re.IGNORECASE)


def stated_adjacency(review: ReviewInput) -> Check | None:
    """The option chosen for "which organ lies within N mm of the lesion" is the one option whose structure the cited
    distances put within the stated distance (or the option saying none is); None when no adjacency rule is cited."""
    item = next((e for e in review.cited if e.kind == "criterion" and e.name == "stated_adjacency"
                 and getattr(e.provenance, "source", None) == STATED_IN_QUESTION), None)
    if item is None or review.answer is None or not review.choices:
        return None
    p = item.provenance.parameters or {}
    threshold = StatedThreshold(comparison=p["comparison"], value=p["value"], unit="mm")
    if threshold not in review.intent.stated_thresholds and not any(
            (t.comparison, t.value, t.unit) == (threshold.comparison, threshold.value, "mm")
            for t in review.intent.stated_thresholds):
        return failed(NAME, f"applies a distance of {threshold.value:g} mm the question does not state", "reasoner",
                      [item.id])
    lesion = str(p["lesion"])
    inside = []
    for letter, text in review.choices.items():
        found = [review.number(f"{s}.distance_from_{lesion}_mm") for s in structures_named(text)]
        if any(d is not None and threshold.holds(d) for d in found):
            inside.append(letter)
    none = [letter for letter, text in review.choices.items() if _NO_ORGAN.match(text)]
    expected = inside if inside else none
    if len(expected) != 1 or review.answer.choice != expected[0]:
        return failed(NAME, f"by the stated distance ({threshold.comparison} {threshold.value:g} mm) the options within "
                            f"it are {inside or 'none'}", "reasoner", [item.id])
    return passed(NAME, f"option {expected[0]} is the one within the stated {threshold.value:g} mm", [item.id])
