"""Comparisons of the guideline reasoner: left against right kidney, and organ against organ by lesion load.

A cut-off the question states ("using a 15% threshold on (larger − smaller) / larger kidney volume")
decides kidney asymmetry through `knowledge.stated`, the same rule the reviewer applies.
"""

from __future__ import annotations

from collections.abc import Callable

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, absence_options, describe, need, number, target_words
from agents.reasoners.handlers import apply, criterion_evidence_id
from agents.reasoners.option_bands import OptionBand, band_holding, option_bands
from agents.reasoners.solitary import solitary_kidney
from core.case import Evidence
from core.tasks import REGISTRY
from knowledge.stated import BASIS_WORDS, SYMMETRIC, basis_quantity, paired_asymmetry, relative_difference_pct
from knowledge.uncertainty import error_of, labels_within_error
from questions.intents import extract
from questions.intents.answers import distinct_values, format_value


def _yes_no(yes: bool, statement: str, ids: list[str], label: str | None = None) -> Draft:
    return Draft("yes_no", "Yes" if yes else "No", statement, ids, label=label, yes=yes)


def kidney_asymmetry(task: ReasonerInput) -> Draft:
    """Which kidney carries more lesion volume (the DTVQA asymmetry of lesion burden), or neither.

    Lesion burden per side is the summed volume of the kidney lesions whose measured host organ is
    that kidney (`kidney_lesion.volume_in_kidney_left` / `_right`); equal burdens are symmetric.
    A question about kidney size rather than lesions is a volume comparison, decided by the cut-off
    the question states when it states one.
    """
    if not task.intent.lesion_burden:
        solitary = solitary_kidney(task)
        if solitary is not None:
            return solitary
        if task.intent.cutoff_pct is not None:
            return stated_kidney_asymmetry(task, task.intent.cutoff_pct)
        if task.intent.task == "bilateral kidney asymmetry" and option_bands(task.choice_set) is None and \
                SPLIT_RENAL_VOLUME in task.criteria:
            return split_kidney_asymmetry(task)
        return kidney_comparison(task)
    left = need(task, "kidney_lesion.volume_in_kidney_left")
    right = need(task, "kidney_lesion.volume_in_kidney_right")
    ids = [i for e in (left, right) for i in [e.id, *(e.provenance.inputs or [])]]
    statement = f"{describe(left)}; {describe(right)}"
    if number(left) == number(right):
        return Draft("category", "Neither (symmetric)", statement, ids, label="Neither (symmetric)", yes=False)
    side = "Left kidney" if number(left) > number(right) else "Right kidney"
    return Draft("category", side, statement, ids, label=side, yes=True)


SPLIT_RENAL_VOLUME = "split-renal-volume"
"""The cited criterion that says when two kidneys are asymmetric in size with no cut-off stated: the smaller holds
less than 45 % of their summed volume (`knowledge/entries/kidney.yaml`)."""


def split_kidney_asymmetry(task: ReasonerInput) -> Draft:
    """Symmetric, or asymmetric with the larger side, by the split of the total renal volume (`SPLIT_RENAL_VOLUME`):
    the answer names the larger kidney, and options saying the other one is smaller match it."""
    entry = task.criteria[SPLIT_RENAL_VOLUME]
    result, ids, sentence = apply(task, entry, None)
    ids = [*ids, *([c] if (c := criterion_evidence_id(task, SPLIT_RENAL_VOLUME)) else [])]
    known = task.by_key()
    if "kidney_left.volume_ml" not in known or "kidney_right.volume_ml" not in known:  # the difference alone: no side
        if result.label == "symmetric":
            return Draft("category", "Symmetric", sentence, ids, label="symmetric", yes=False, criterion_id=entry.id)
        return Draft("category", "Asymmetric", sentence, ids, label="asymmetric", yes=True, criterion_id=entry.id)
    left, right = need(task, "kidney_left.volume_ml"), need(task, "kidney_right.volume_ml")
    difference = REGISTRY["bilateral kidney asymmetry"].cutoff_quantity or ""
    _within_error(task, lambda v: entry.classify({difference: relative_difference_pct(
        v["kidney_left.volume_ml"], v["kidney_right.volume_ml"])}).label, "the 45-55 % split")  # the entry's own bands
    statement = f"{_distinct_statement(left, right)}; {sentence}"
    ids = [left.id, right.id, *ids]
    if result.label == "symmetric":
        return Draft("category", "Symmetric", statement, ids, label="symmetric", yes=False, criterion_id=entry.id)
    side = "left" if number(left) > number(right) else "right"
    return Draft("category", f"Asymmetric: {side} kidney larger", statement, ids, label=f"asymmetric: {side} kidney larger",
                 yes=True, criterion_id=entry.id)


def lesion_sides(task: ReasonerInput) -> Draft:
    """The kidney(s) holding the kidney lesions ("Is there a kidney lesion? If so, on which side?"): each side whose
    lesion volume (`kidney_lesion.volume_in_kidney_*`) is above zero; both when both hold one."""
    left = need(task, "kidney_lesion.volume_in_kidney_left")
    right = need(task, "kidney_lesion.volume_in_kidney_right")
    held = [side for side, item in (("left", left), ("right", right)) if number(item) > 0]
    if not held:
        raise InsufficientEvidence(f"{describe(left)}; {describe(right)}: no kidney holds a lesion", agent="reasoner")
    label = f"{held[0].capitalize()} kidney" if len(held) == 1 else "Both kidneys"
    ids = [i for e in (left, right) for i in [e.id, *(e.provenance.inputs or [])]]
    return Draft("category", label, f"{describe(left)}; {describe(right)}", ids, label=label)


def stated_kidney_asymmetry(task: ReasonerInput, cutoff_pct: float) -> Draft:
    """Symmetric, or asymmetric with the larger side, by the relative volume difference and the stated cut-off."""
    left, right = need(task, "kidney_left.volume_ml"), need(task, "kidney_right.volume_ml")
    basis = task.intent.cutoff_basis  # "> 10% of their mean volume": the question's basis, never another
    quantity = basis_quantity(REGISTRY["bilateral kidney asymmetry"].cutoff_quantity or "", basis)
    label, _ = paired_asymmetry(quantity, number(left), number(right), cutoff_pct, basis)
    _within_error(task, lambda v: paired_asymmetry(quantity, v["kidney_left.volume_ml"], v["kidney_right.volume_ml"],
                                                   cutoff_pct, basis)[0], f"the {cutoff_pct:g}% cut-off")
    difference = need(task, quantity)
    sign = "<" if label == SYMMETRIC else "≥"
    statement = (f"{describe(left)}; {describe(right)}; {BASIS_WORDS[basis]} = {number(difference):.1f}% "
                 f"{sign} {cutoff_pct:g}% (the threshold and basis the question states)")
    if label == SYMMETRIC:
        return Draft("category", f"Symmetric (difference below {cutoff_pct:g}%)", statement, [left.id, right.id, difference.id],
                     label=f"symmetric (difference below {cutoff_pct:g}%)", yes=False)
    side = label.split()[0]
    return Draft("category", f"Asymmetric: {side} kidney larger", statement, [left.id, right.id, difference.id],
                 label=f"asymmetric: {side} kidney larger", yes=True)


def graded_kidney_asymmetry(task: ReasonerInput, bands: list[OptionBand]) -> Draft:
    """The option whose band of relative volume difference (on the question's basis, default the larger kidney)
    holds the measured one: "Mild asymmetry (10-25%)" for 14.2 %."""
    left, right = need(task, "kidney_left.volume_ml"), need(task, "kidney_right.volume_ml")
    basis = task.intent.cutoff_basis
    difference = need(task, basis_quantity(REGISTRY["bilateral kidney asymmetry"].cutoff_quantity or "", basis))
    value = number(difference)
    chosen = band_holding(value, bands)
    if chosen is None:
        raise InsufficientEvidence(f"{BASIS_WORDS[basis]} = {value:.1f}% lies in none of the options' bands "
                                   f"{[b.text for b in bands]!r}", agent="reasoner")
    _within_error(task, lambda v: getattr(band_holding(relative_difference_pct(
        v["kidney_left.volume_ml"], v["kidney_right.volume_ml"], basis), bands), "letter", ""), "the options' bands")
    statement = (f"{_distinct_statement(left, right)}; {BASIS_WORDS[basis]} = {value:.1f}% "
                 f"(the bands the options state)")
    return Draft("category", chosen.text, statement, [left.id, right.id, difference.id], label=chosen.text)


def kidney_comparison(task: ReasonerInput) -> Draft:
    """Which kidney is larger by measured volume; yes/no when the question names one side first. With one kidney
    shown absent, only one is there (`agents.reasoners.solitary`)."""
    solitary = solitary_kidney(task)
    if solitary is not None:
        return solitary
    left, right = need(task, "kidney_left.volume_ml"), need(task, "kidney_right.volume_ml")
    _within_error(task, lambda v: "left" if v["kidney_left.volume_ml"] > v["kidney_right.volume_ml"] else "right",
                  "which kidney is larger")
    larger = "left" if number(left) > number(right) else "right"
    statement = _distinct_statement(left, right)
    ids = [left.id, right.id]
    cutoff = task.intent.cutoff_pct  # "larger by 10% or more": a margin the question or its options state
    if cutoff is not None and not task.intent.polar:
        return stated_kidney_asymmetry(task, cutoff)
    bands = option_bands(task.choice_set)
    if bands is not None and not task.intent.polar:  # options "Mild asymmetry (10-25%)", ...: the grading asked
        return graded_kidney_asymmetry(task, bands)
    if task.intent.polar:
        if task.intent.task == "bilateral kidney asymmetry":
            raise InsufficientEvidence("no cited criterion defines kidney asymmetry", agent="knowledge")
        sides = task.intent.sides
        if not sides:
            raise InsufficientEvidence("the question names no side to compare", agent="reasoner")
        smaller = task.intent.comparison == "smaller"
        if cutoff is not None:  # "Is the left kidney more than 10% larger?": the side, and by the stated margin
            basis = task.intent.cutoff_basis
            label, pct = paired_asymmetry(REGISTRY["bilateral kidney asymmetry"].cutoff_quantity or "", number(left),
                                          number(right), cutoff, basis)
            by = f"{BASIS_WORDS[basis]} = {pct:.1f}% against the stated {cutoff:g}%"
            return _yes_no(label != SYMMETRIC and (sides[0] == larger) != smaller,
                           f"{larger} kidney is larger: {statement}; {by}", ids)
        return _yes_no((sides[0] == larger) != smaller, f"{larger} kidney is larger: {statement}", ids)
    if number(left) == number(right):
        raise InsufficientEvidence(f"{statement}: the kidneys measure the same, neither is larger", agent="reasoner")
    asked = task.intent.comparison or "larger"  # "Which kidney is smaller?" names the smaller one
    side = larger if asked == "larger" else ("right" if larger == "left" else "left")
    label = f"{side} kidney is {asked}"
    by = abs(number(left) - number(right))  # "by how many mL?": the difference of the two cited volumes
    return Draft("category", label, f"{statement}; difference {format_value(by, 'mL')}", ids, label=label)


def _distinct_statement(first: Evidence, second: Evidence) -> str:
    """Two cited values in words, with as many decimals as show them apart (24.66 vs 24.62 mL, never 24.6 twice)."""
    shown = distinct_values(number(first), number(second), first.unit)
    return "; ".join(describe(e).replace(format_value(number(e), e.unit), text)
                     for e, text in zip((first, second), shown, strict=True))


def _within_error(task: ReasonerInput, decide: Callable[[dict[str, float]], str], what: str) -> None:
    """Raises `InsufficientEvidence` when the kidney volumes' plausible errors (predicted masks) change `decide`'s
    answer (`knowledge.uncertainty`, the rule the reviewer applies)."""
    values = {k: float(e.value) for k, e in task.by_key().items()
              if isinstance(e.value, int | float) and not isinstance(e.value, bool)}
    keys = ["kidney_left.volume_ml", "kidney_right.volume_ml"]
    labels = labels_within_error(decide, values, keys)
    if len(labels) > 1:
        erred = "; ".join(f"{k} {values[k]:.1f} ± {error_of(values, k) or 0.0:.1f} mL" for k in keys)
        raise InsufficientEvidence(f"{erred} (the plausible error of a predicted mask): within it {what} is not "
                                   f"decided ({' or '.join(labels)})", agent="segmentation")


def burden_comparison(task: ReasonerInput) -> Draft:
    """The organ whose lesions weigh most: by total lesion volume in mL when asked so, else by share of the organ."""
    items = [need(task, key) for key in task.intent.quantities]
    if not items:
        raise InsufficientEvidence("no organs to compare", agent="reasoner")
    top = max(items, key=number)
    if number(top) == 0 and (none := absence_options(task, [e.target for e in items])) is not None:
        return none  # "D. None of them has a lesion": no lesion in any organ, on complete lesion masks
    if sum(number(e) == number(top) for e in items) > 1:
        raise InsufficientEvidence(f"organs tie ({describe(top)})", agent="reasoner")
    organ = target_words(top.target).replace(" lesion", "")
    choice_set = task.choice_set
    if choice_set is not None:  # name the organ as the options do (`Kidneys` for the kidney group)
        named = [o.text for o in choice_set.options if organ in extract(o.text).organs]
        organ = named[0] if len(named) == 1 else organ
    return Draft("category", organ, "; ".join(describe(e) for e in items), [e.id for e in items], label=organ)


def organ_ranking(task: ReasonerInput) -> Draft:
    """Organs ranked by their own values ("Which organ is the biggest?", "Order the liver, spleen and kidneys by
    volume"): the organ first in the direction asked (`Intent.comparison`), then every compared value in order, each
    cited; two organs whose values are equal tie, and a tie at the top abstains rather than picking one."""
    items = [need(task, key) for key in task.intent.quantities]
    smallest_first = task.intent.comparison == "smaller"
    ranked = sorted(items, key=number, reverse=not smallest_first)
    if len(ranked) > 1 and number(ranked[0]) == number(ranked[1]):
        raise InsufficientEvidence(f"{target_words(ranked[0].target)} and {target_words(ranked[1].target)} measure the "
                                   "same: no single organ ranks first", agent="reasoner")
    top = target_words(ranked[0].target)
    what = "attenuation" if ranked[0].name == "mean_hu" else "volume"
    order = "lowest" if smallest_first else "highest"
    statement = f"ranked by {what}, {order} first: " + " > ".join(describe(e) for e in ranked) if not smallest_first \
        else f"ranked by {what}, {order} first: " + " < ".join(describe(e) for e in ranked)
    headline = f"{top[:1].upper()}{top[1:]} ({describe(ranked[0]).removeprefix(top).strip()})"
    return Draft("category", headline, statement, [e.id for e in ranked], label=top)
