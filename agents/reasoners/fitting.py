"""Fitting a draft to the question's form: free text, or the chosen option's letter and text with the reasons.

The letter is the option the draft's own value, label or yes/no is (`pick_letter`); the text names that option once and
then says why (`option_answer`), the form the attending reviewer reads back (`ReviewInput.claim_text`).
"""

from __future__ import annotations

import re

from agents.reasoners.base import Indeterminate, InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, named, show
from agents.reasoners.counts import INDEX_UNITS, count_letter, count_options
from core.case import Answer
from knowledge.uncertainty import spread_of
from questions.intents import ChoiceSet
from questions.intents.answers import (
    NEGATIVE_LABEL,
    OPTION_MATCH_RELATIVE,
    best_option,
    finding_of,
    finding_or_alternative,
    format_value,
    in_evidence_unit,
    nearest_option,
    option_naming_finding,
    options_reached,
    spread_sentence,
)


def finish(draft: Draft, task: ReasonerInput, backend: str) -> Answer:
    """Fits a draft to the choices (or to the task's free form) and lists its evidence."""
    ids = list(dict.fromkeys(draft.evidence_ids))
    choice_set = task.choice_set
    headline = draft.headline
    if choice_set is not None and choice_set.form == "category" and draft.label:
        headline = draft.label  # the options are categories: state the category, not yes/no
        if draft.form == "yes_no" and draft.yes is not None:  # a yes/no answer among other options says both
            headline = f"{'Yes' if draft.yes else 'No'} — {draft.label}"
    headline = headline[:1].upper() + headline[1:]
    said = "; ".join(s for s in (draft.statement, *draft.caveats) if s)
    body = f"{headline}. {said}" if said else headline
    if choice_set is None:
        return Answer(text=body, evidence_ids=ids, backend=backend, criterion_id=draft.criterion_id)
    letter = pick_letter(draft, task)
    option = next(o for o in choice_set.options if o.letter == letter)
    pair = finding_or_alternative(task.intent.task, choice_set) if draft.yes is not None and option.yes_no is None \
        else None
    if pair is not None and letter in pair:  # "B — Mucinous cystic lesion: not a pseudocyst (10.8 HU ...)"
        finding = finding_of(task.intent.task)
        headline = finding if draft.yes else f"not a {finding}"
    labelled = labelled_values(draft, task)
    if labelled:  # a number the option restates: each value said with its quantity ("count in segment 8: 1")
        headline, statement = labelled, "; ".join(draft.caveats)
    else:
        statement = "; ".join(s for s in (draft.statement, *draft.caveats) if s)
    text = option_answer(letter, option.text, headline, statement)
    return Answer(text=text, choice=letter, evidence_ids=ids, backend=backend, criterion_id=draft.criterion_id)


INDETERMINATE_OPTION = re.compile(r"\b(cannot|can ?not|can't|unable to) be (determined|assessed|established|decided)|"
                                  r"\b(indeterminate|undetermined|not (determinable|assessable))\b", re.IGNORECASE)
"""An option that says the question stays open ("Cannot be determined from this CT", "Indeterminate")."""


OTHER_CAUSE = re.compile(r"\b(?:not|never|poorly|in(?:completely|adequately))\s+(?:visuali[sz]ed|seen|covered|included|"
                         r"imaged|in (?:the )?(?:field|scan|view))\b|\b(?:organ|pancreas|liver|kidneys?|spleen)\s+(?:absent|"
                         r"not present|resected|removed)\b|\bnon-?diagnostic\b|\bartefact|\bartifact", re.IGNORECASE)
"""An undecided option that names a cause other than criteria leaving the question open ("Indeterminate (organ not
visualised)"; suite AD): no answer for a lesion that was seen and measured."""


def indeterminate_answer(err: Indeterminate, task: ReasonerInput, backend: str) -> Answer:
    """The one option saying the question cannot be decided, when the cited criterion leaves it open; raises `err`
    when the options hold no such option (or more than one)."""
    choice_set = task.choice_set
    found = [o for o in choice_set.options if INDETERMINATE_OPTION.search(o.text) and not OTHER_CAUSE.search(o.text)] \
        if choice_set is not None else []
    if len(found) != 1:
        raise err
    option = found[0]
    why = err.reason[:1].upper() + err.reason[1:]
    return Answer(text=f"{option.letter} — {option.text.strip().rstrip('.')}: {why}", choice=option.letter,
                  evidence_ids=list(dict.fromkeys(err.evidence_ids)), backend=backend, criterion_id=err.criterion_id)


def labelled_values(draft: Draft, task: ReasonerInput) -> str:
    """A numeric draft's values, each first and then named with its quantity (`1 (liver lesion count in segment 8)`,
    `31.2 mm (largest pancreas lesion diameter)`), from the evidence items it read first; empty for other drafts.
    The value leads, so an option that restates it ("1") does not take it off the answer."""
    if draft.form != "number" or not draft.values:
        return ""
    by_id = {e.id: e for e in task.evidence}
    items = [by_id[i] for i in draft.evidence_ids[:len(draft.values)] if i in by_id]
    if len(items) != len(draft.values):
        return ""
    unit = task.intent.unit
    return "; ".join(f"{show(value, e.unit, unit)}{named(e, unit)}" for value, e in zip(draft.values, items, strict=True))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower())


def option_answer(letter: str, option: str, headline: str, statement: str) -> str:
    """A multiple-choice answer: the letter and the chosen option's text once, then why
    (`B — T2: largest pancreas lesion diameter 31.2 mm (20 < x ≤ 40 mm) -> T2 by ajcc8-pancreas-t`).

    The headline is left out when the option already says it (`T2`, `Yes`, `Mild` for "Mild splenomegaly"); a
    headline that says more than the option (the measured 31.2 mm for the option "31 mm") stays, without the
    option's own words at its head (`Yes — mild` after the option "Yes" keeps `mild`). The reviewer reads the
    answer back through `agents.review_checks.base.ReviewInput.claim_text`, which takes the option off again.
    """
    option = option.strip().rstrip(".")
    said = headline.strip().rstrip(".")
    lead = re.match(rf"{re.escape(option)}\s*(?:[—–:;,]\s*|\.(?:\s+|$)|-\s+|$)", said, re.IGNORECASE) if option else None
    if lead is not None:  # "Yes — mild" after the option "Yes": "mild"
        said = said[lead.end():].strip()
    if said and set(_words(said)) <= set(_words(option)):
        said = ""  # "T2" for the option "T2", "Mild" for "Mild splenomegaly"
    why = ". ".join(part.strip().rstrip(".") for part in (said, statement) if part and part.strip())
    return f"{letter} — {option}: {why}" if why else f"{letter} — {option}"


SENTENCE_WORDS = 8
"""A headline longer than this with no category label is a sentence (a quoted criterion, a description): it is
never matched to an option by the words they share (a knowledge quote mentioning the liver is not the option
"liver")."""


def pick_letter(draft: Draft, task: ReasonerInput) -> str:
    """The option the draft's answer is; raises `InsufficientEvidence` when none is."""
    choice_set = task.choice_set
    assert choice_set is not None
    counts = count_options(choice_set)
    if counts is not None and draft.values and draft.yes is None and draft.unit not in INDEX_UNITS:
        return _count_pick(draft, counts, choice_set)
    if choice_set.form == "yes_no":
        if draft.yes is None:
            raise InsufficientEvidence(f"the answer {draft.headline!r} is not a yes or a no", agent="reasoner")
        return next(o.letter for o in choice_set.options if o.yes_no is draft.yes)
    if choice_set.form == "number":
        if not draft.values:
            raise InsufficientEvidence(f"the answer {draft.headline!r} is not a number", agent="reasoner")
        picks = []
        for value in draft.values:
            letter = nearest_option(value, draft.unit, choice_set)
            if letter is not None:
                picks.append((abs(option_value(choice_set, letter) - value), letter))
        if picks and len(draft.values) == 1:  # on predicted masks: no other option within its plausible error
            by_id = {e.id: e for e in task.evidence}
            error = spread_of(draft.values[0], [by_id[i] for i in draft.evidence_ids if i in by_id], task.by_key())
            near = options_reached(draft.values[0], error, draft.unit, choice_set) if error else []
            if len(near) > 1:
                raise InsufficientEvidence(spread_sentence(draft.values[0], error, draft.unit, near),  # type: ignore[arg-type]
                                           agent="reasoner")
        if not picks:
            shown = ", ".join(format_value(v, draft.unit) for v in draft.values)
            raise InsufficientEvidence(f"the measured {shown} is none of the options "
                                       f"{[o.text for o in choice_set.options]!r} (none within "
                                       f"{OPTION_MATCH_RELATIVE * 100:g} %)", agent="reasoner")
        return min(picks)[1]
    if draft.label is None and draft.yes is None and draft.values:  # a number is not read as a category's words
        shown = ", ".join(format_value(v, draft.unit) for v in draft.values)
        raise InsufficientEvidence(f"the answer is a measured value ({shown}) but the options are categories "
                                   f"{[o.text for o in choice_set.options]!r}: no cited criterion turns it into one",
                                   agent="reasoner")
    if draft.label is None and draft.yes is None and len(draft.headline.split()) > SENTENCE_WORDS:
        raise InsufficientEvidence(f"the answer is a sentence ({draft.headline[:80]!r}...), not one of the choices "
                                   f"{[o.text for o in choice_set.options]!r}: words it shares with one do not make it "
                                   "that one", agent="reasoner")
    letter, _ = best_option(draft.label or draft.headline, choice_set)
    if letter is None and draft.label and draft.yes is not None:  # "Steatosis present" for "moderate to severe fatty
        letter = option_naming_finding(draft.label, draft.yes, choice_set)  # liver": the finding, whatever its grade
    if letter is None and draft.yes is not None:
        letter, _ = best_option("yes" if draft.yes else "no", choice_set)
    if letter is None and draft.yes is not None:
        pair = finding_or_alternative(task.intent.task, choice_set)
        letter = (pair[0] if draft.yes else pair[1]) if pair is not None else None
    if letter is None:
        raise InsufficientEvidence(f"the answer {draft.label or draft.headline!r} matches none of the choices "
                                   f"{[o.text for o in choice_set.options]!r}", agent="reasoner")
    return supported_letter(letter, draft, task)


def _count_pick(draft: Draft, counts: dict[str, tuple[int, bool]], choice_set: ChoiceSet) -> str:
    """The count option a counted value is; a value of another dimension (a percentage, a volume) is none."""
    texts = [o.text for o in choice_set.options]
    if draft.unit != "count":
        shown = ", ".join(format_value(v, draft.unit) for v in draft.values)
        raise InsufficientEvidence(f"the options {texts!r} are counts, but the answer is a {draft.unit or 'unitless'} "
                                   f"value ({shown}): a count is not read from it", agent="reasoner")
    letter = count_letter(draft.values[0], counts)
    if letter is None:
        raise InsufficientEvidence(f"the count {format_value(draft.values[0], 'count')} is none of the options "
                                   f"{texts!r}", agent="reasoner")
    return letter


def supported_letter(letter: str, draft: Draft, task: ReasonerInput) -> str:
    """The letter the draft's own finding supports: when the options split into normal ones and findings, a draft
    that finds nothing takes a normal option and a positive one a finding, whatever words the label shares with the
    other side ("No fatty liver" is not "Reduced (steatosis)"). The one option of the right side replaces a wrong
    pick; among several, the pick stands only when it is on the right side, else the answer abstains."""
    choice_set = task.choice_set
    finding = draft.form == "yes_no" or bool(NEGATIVE_LABEL.match(draft.label or ""))  # "no fatty liver"
    if choice_set is None or draft.yes is None or task.intent.negated or not finding:  # a pattern ("widely
        return letter  # distributed") is no finding found or absent: "No liver lesions present" is not its option
    normal = {o.letter for o in choice_set.options if NEGATIVE_LABEL.match(o.text)}  # "Preserved (normal)"
    if not normal or len(normal) == len(choice_set.options):
        return letter
    side = normal if not draft.yes else {o.letter for o in choice_set.options} - normal
    if letter in side:
        return letter
    if len(side) == 1:
        return next(iter(side))
    raise InsufficientEvidence(f"the answer {draft.label or draft.headline!r} finds {'a' if draft.yes else 'no'} "
                               f"finding, but the option its words match ({letter}) says the opposite", agent="reasoner")


def option_value(choice_set: ChoiceSet, letter: str) -> float:
    """A numeric option's value in the evidence unit (cm -> mm, cm³ -> mL)."""
    return in_evidence_unit(next(o for o in choice_set.options if o.letter == letter), choice_set)[0]



