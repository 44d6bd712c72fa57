"""Meaning: the answer says something, of the kind asked, about the quantity and side asked, for every part.

Numbers that match evidence can still answer another question: a volume for "is the spleen
enlarged?", a lesion-organ difference for a lesion's mean HU, two volumes for a ratio, the right
kidney's value under the word "left", only the first part of a two-part question, or a hedge
("possibly", "cannot be determined") that commits to nothing. These checks read the intent triage
parsed (`ReviewInput.intent`) and the task registry, never the question text again.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from core.anatomy import lesion_group, side_of
from core.case import Check, Evidence
from core.tasks import REGISTRY
from questions.intents import extract, locations_of
from questions.intents.answers import labels_in, numbers_in, to_evidence_unit, yes_no

HEDGE = re.compile(
    r"\b(possibl[ey]|probabl[ey]|perhaps|maybe|might|may (be|represent|have)|could (be|represent)|suggestive of|"
    r"cannot be (determined|assessed|evaluated|excluded|established)|can ?not (determine|tell|say|assess)|"
    r"can't (be )?(determined|tell|say)|unable to (determine|assess|tell)|not (possible|able) to (determine|tell|assess)|"
    r"uncertain|unclear|undetermined|inconclusive|no (answer|conclusion)|insufficient (evidence|information))\b",
    re.IGNORECASE)
"""Words that withhold a commitment: an answer made of them is an abstention, not an answer."""
COMPARING = ("kidney_comparison", "kidney_asymmetry", "burden_comparison", "segment_comparison")
"""Handlers whose answer is a side, an organ or a place rather than a category label."""


def _headline(review: ReviewInput) -> str:
    return re.split(r"\.(?:\s|$)|;|\n", review.claim_text.strip().lstrip(" .:"), maxsplit=1)[0].strip()


def substance(review: ReviewInput) -> Check:
    """An empty, hedged or "cannot be determined" answer is an abstention, never `answered`."""
    name = "substance"
    answer = review.answer
    assert answer is not None
    text = answer.text.strip()
    body = review.claim_text.strip(" .:")
    if not text or (not body and not answer.choice):
        return failed(name, "the answer is empty", "reasoner")
    hedge = HEDGE.search(_headline(review) or body)
    if hedge:
        return failed(name, f"the answer does not commit ({hedge.group(0)!r}): a hedge is an abstention", "reasoner")
    span = _range_for_value(review)
    if span is not None:
        return failed(name, f"a value is asked, but the answer gives a range ({span!r}): a range is no measurement",
                      "reasoner")
    return passed(name, "the answer commits to a finding")


VALUE_RANGE = re.compile(r"(?<![\w.\-/])(?<!from )(?<!\d{4}-)(\d+(?:\.\d+)?)\s*(?:[a-zA-Z%]+\s*)?(?:-|–|to)\s*"
                         r"(\d+(?:\.\d+)?)(?![\d-])|\bbetween\s+(\d+(?:\.\d+)?)\s*(?:[a-zA-Z%]+\s*)?and\s+(\d+(?:\.\d+)?)",
                         re.IGNORECASE)
""""1-3 lesions", "1 to 2 cm", "between 10 and 20 mm": two ends where one value was asked."""


def _range_for_value(review: ReviewInput) -> str | None:
    """The range the headline gives where the question asks a number (a cited band's own limits excepted)."""
    from agents.review_checks.numbers import cited_limits

    asked = [review.intent.task, *review.intent.parts]
    if not any(REGISTRY[t].form == "number" for t in asked if t in REGISTRY):
        return None
    limits = cited_limits(review)
    for match in VALUE_RANGE.finditer(_headline(review)):
        ends = [float(v) for v in match.groups() if v is not None]
        if not all(any(abs(end - limit) < 1e-9 for limit in limits) for end in ends):
            return match.group(0)
    return None


def _matching(review: ReviewInput, value: float, unit: str | None, tolerance: float) -> list[Evidence]:
    converted = to_evidence_unit(value, unit) if unit else None
    target = converted[1] if converted else value
    slack = tolerance * (abs(target / value) if value and converted else 1.0)
    return [e for e in review.cited if (v := numeric(e)) is not None and abs(v - target) <= slack + 1e-6 * abs(v)]


def answer_kind(review: ReviewInput) -> Check:
    """The kind of answer is the kind asked: yes/no to a yes/no question, a number to "how much", a category
    to "which grade", and the number is the quantity asked (a ratio, not two volumes; a lesion's HU, not a
    difference)."""
    name = "answer_kind"
    intent, answer = review.intent, review.answer
    assert answer is not None
    spec = REGISTRY.get(intent.task)
    if spec is None or answer.choice or intent.task in ("report", "knowledge question"):
        return passed(name, "multiple choice, a work-up or a knowledge question: the options or the form decide")
    headline = _headline(review)
    said = yes_no(headline)
    labels = [lab for e in review.criterion_entries(cited_only=False) if e.criterion for lab in e.criterion.labels]
    states_category = bool(labels_in(headline, labels))
    if spec.handler in COMPARING:
        states_category = states_category or bool(re.search(r"\b(left|right|neither|symmetric)\b", headline.lower())
                                                  or extract(headline).organs or locations_of(headline))
    implied = any(REGISTRY[p].form == "number" for p in intent.parts if p in REGISTRY) and numbers_in(headline)
    if intent.polar and said is None and spec.form != "number" and not states_category and not implied:
        return failed(name, f"a yes/no question answered {headline[:60]!r}, which is neither yes nor no", "reasoner")
    if spec.form == "category" and not states_category and any(m.unit for m in numbers_in(headline)):
        return failed(name, f"asks for a category ({intent.task}) but the answer gives a measurement "
                            f"{headline[:60]!r}", "reasoner")
    if spec.form == "number" and not intent.polar:
        mentions = numbers_in(headline) or (numbers_in(review.claim_text) if intent.parts else [])
        if not mentions:
            return failed(name, f"asks for a number ({spec.unit or 'a value'}) but the answer states "
                                f"{headline[:60]!r}", "reasoner")
        return _quantity_asked(review, mentions[0])
    if spec.form == "category" and not intent.polar and re.fullmatch(r"(yes|no)", headline.lower()):
        return failed(name, f"asks for a category ({intent.task}) but the answer is a bare {headline!r}", "reasoner")
    return passed(name, f"a {('yes/no' if intent.polar else spec.form)} answer to a {intent.task} question")


def _asked_names(review: ReviewInput) -> set[str]:
    """The quantity names a numeric answer may be: the reasoner's own key choice for this task."""
    from agents.reasoners.base import InsufficientEvidence, ReasonerInput
    from agents.reasoners.compose import numeric_keys

    task = ReasonerInput(question=review.question, choices=review.choices, intent=review.intent,
                         evidence=review.evidence)
    try:
        keys = numeric_keys(task)
    except InsufficientEvidence:
        keys = list(review.intent.quantities[:1])
    names = {k.split(".", 1)[1] for k in keys}
    if names & {"hu_difference", "hu_difference_magnitude"}:
        names |= {"hu_difference", "hu_difference_magnitude"}
    for name in list(names):  # a change is one quantity, given absolute or relative ("grew by 271.6 mL (+217 %)")
        if name.endswith(("_change_pct", "_change_ml", "_change_mm")):
            stem = name.rsplit("_", 1)[0]
            names |= {f"{stem}_pct", f"{stem}_ml", f"{stem}_mm"}
    return names


def _quantity_asked(review: ReviewInput, mention: object) -> Check:
    name = "answer_kind"
    hits = _matching(review, mention.value, mention.unit, mention.tolerance)  # type: ignore[attr-defined]
    asked = _asked_names(review)
    if hits and not any(e.name in asked for e in hits):
        given = sorted({e.name for e in hits})
        return failed(name, f"the question asks for {', '.join(sorted(asked))}, but the answer gives {given[0]} "
                            f"({hits[0].id!r})", "reasoner", [hits[0].id])
    return passed(name, f"the number given is the {', '.join(sorted(asked))} asked")


def sides(review: ReviewInput) -> Check:
    """The side the answer names is the side of the evidence it cites, and a side asked is the side answered."""
    name = "side"
    answer = review.answer
    assert answer is not None
    cited_sides = {s for e in review.cited if e.kind in ("measurement", "finding")
                   for s in [side_of(e.target) or side_of(e.name)] if s}
    text = review.claim_text.lower()
    problems = []
    for clause in re.split(r";|\.\s|\n", text):
        named = set(re.findall(r"\b(left|right)\b", clause))
        if len(named) != 1:
            continue
        said = named.pop()
        values = [m for m in numbers_in(clause)]
        hits = [e for m in values for e in _matching(review, m.value, m.unit, m.tolerance)]
        sided = {side_of(e.target) for e in hits if side_of(e.target)}
        if sided and said not in sided:
            problems.append(f"says {said} for {hits[0].id!r}, which is the {sided.pop()} side")
        elif (count := _empty_side(review, clause, said)) is not None:
            problems.append(f"places a lesion in the {said} kidney, whose lesion count is 0 ({count.id!r})")
    asked = review.intent.sides
    spec = REGISTRY.get(review.intent.task)
    comparing = spec is not None and spec.handler in ("kidney_comparison", "kidney_asymmetry")
    if len(asked) == 1 and not comparing:
        headline = _headline(review).lower()
        stated = set(re.findall(r"\b(left|right)\b", headline))
        if stated and asked[0] not in stated:
            problems.append(f"the question asks about the {asked[0]} side, but the answer names the "
                            f"{' and '.join(sorted(stated))}")
        elif cited_sides and asked[0] not in cited_sides:
            problems.append(f"the question asks about the {asked[0]} side, but the answer rests on the "
                            f"{' and '.join(sorted(cited_sides))} side")

    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    return passed(name, "sides named agree with the cited evidence")


PLACED_LESION = re.compile(r"\b(lesions?|cysts?|tumou?rs?|mass(es)?|nodules?)\b.*\b(kidney|renal)\b"
                           r"|\b(kidney|renal)\b.*\b(lesions?|cysts?|tumou?rs?|mass(es)?|nodules?)\b"
                           r"|\b(lies|lying|sits|located|found|in the (left|right) kidney)\b")
NEGATING = re.compile(r"\b(no|not|none|without|free of|absent|neither|nor)\b")


def _empty_side(review: ReviewInput, clause: str, side: str) -> Evidence | None:
    """The `kidney_{side}.lesion_count` item of 0 when an affirmative clause places a kidney lesion on that side."""
    count = review.by_key.get(f"kidney_{side}.lesion_count")
    if count is None or not isinstance(count.value, int | float) or count.value != 0:
        return None
    if f"{side} kidney" not in clause and f"{side} renal" not in clause:
        return None
    if NEGATING.search(clause) or not PLACED_LESION.search(clause):
        return None
    return count


def parts(review: ReviewInput) -> Check:
    """Every part of a multi-part question is answered with its own evidence, or the missing part is named.

    With further parts, the first part is held to the same rule: "Is the spleen enlarged, and is the
    liver fatty?" answered on the liver alone leaves the spleen unanswered, however many yes/no it says.
    """
    name = "parts"
    from agents.review_checks.polarity import claims_finding

    moot = review.intent.task.endswith("existence") and claims_finding(review) is False
    asked = [review.intent.task, *review.intent.parts] if review.intent.parts else []
    missing = [part for part in asked
               if not (moot and part != review.intent.task and REGISTRY[part].lesion)
               and not _answers_part(review, part)]
    if missing:
        return failed(name, f"the question also asks {' and '.join(repr(p) for p in missing)}, which the answer "
                            "does not address", "reasoner")
    wrong = _part_polarity(review)
    if wrong is not None:
        return failed(name, wrong, "reasoner")
    return passed(name, f"{1 + len(review.intent.parts)} part(s) answered")


def _part_polarity(review: ReviewInput) -> str | None:
    """A further yes/no part's yes or no against its own deciding criterion, recomputed (its own polarity:
    "..., and is the spleen of normal size?" is *no* on splenomegaly). None when it agrees or cannot be told."""
    from agents.review_checks.rules import expected_label
    from knowledge import KnowledgeError

    asked = [p for p in review.intent.parts if REGISTRY.get(p) is not None and REGISTRY[p].form == "yes_no"]
    said = [yes_no(piece) for piece in re.split(r"(?<=[.;])\s+", review.claim_text) if yes_no(piece) is not None]
    if REGISTRY.get(review.intent.task) is not None and REGISTRY[review.intent.task].form == "yes_no":
        said = said[1:]  # the first yes/no answers the first part
    if len(asked) != 1 or not said:
        return None
    part, spec = asked[0], REGISTRY[asked[0]]
    wanted = spec.criterion(review.intent.organ or review.intent.lesion)
    entry = next((e for e in review.criterion_entries() if e.criterion is not None and e.id == wanted), None)
    if entry is None:
        return None
    try:
        label = expected_label(review, entry)
    except KnowledgeError:
        return None
    fixed = spec.organ is not None and not any("{" in q for q in spec.quantities)  # as the reasoner's part_intent
    same_organ = (spec.organ if fixed else review.intent.organ) == review.intent.organ
    size = review.intent.size_asked if same_organ else None  # "..., and is the liver atrophic?"
    expected = spec.says_yes(label, entry.criterion.labels, size) != (part in review.intent.negated_parts)
    if said[0] == expected:
        return None
    asked_as = "asked in the negative, " if part in review.intent.negated_parts else ""
    return (f"answers {'yes' if said[0] else 'no'} to the {part!r} part ({asked_as}{entry.id} gives {label!r} on the "
            f"measured values): the answer should be {'yes' if expected else 'no'}")


def _part_keys(review: ReviewInput, part: str) -> tuple[set[str], set[str]]:
    """(quantity keys, criterion entry ids) that answer one part: its own organ's, or the question's."""
    spec = REGISTRY[part]
    keys: set[str] = set()
    entries: set[str] = set()
    for organ in dict.fromkeys(o for o in (spec.organ, review.intent.organ) if o):
        lesion = review.intent.lesion or lesion_group(organ)
        keys |= set(spec.expand(organ, lesion))
        entries |= {entry} if (entry := spec.criterion(organ)) else set()
    return keys, entries


def _answers_part(review: ReviewInput, part: str) -> bool:
    """Whether the answer addresses one part with that part's own evidence or its own criterion's words."""
    spec = REGISTRY.get(part)
    if spec is None:
        return False
    text = review.claim_text
    keys, entry_ids = _part_keys(review, part)
    own = [e for e in review.cited if f"{e.target}.{e.name}" in keys]
    labels = [lab for entry_id in entry_ids if entry_id in review.base
              for lab in (review.base.get(entry_id).criterion.labels if review.base.get(entry_id).criterion else [])]
    if labels and labels_in(text, labels):
        return True
    if spec.handler == "location":
        return bool(locations_of(text)) or any(e.name in ("location", "adjacent_organs") for e in review.cited)
    if spec.handler in COMPARING:  # "Right kidney; 24.3 mm": the side or place named is the comparison's answer
        return bool(re.search(r"\b(left|right|neither|symmetric\w*|equal)\b", text.lower()) or locations_of(text))
    if spec.handler == "lesion_existence":  # a measured size of the lesion asked says it exists
        lesion = review.intent.lesion or lesion_group(spec.organ or review.intent.organ)
        measured = [e for e in review.cited if lesion and (e.target or "").startswith(lesion) and numeric(e)]
        if measured and numbers_in(text):
            return True
    if spec.form == "number":
        return any(numeric(e) is not None for e in own) and bool(numbers_in(text))
    if spec.form == "yes_no":
        cited_criteria = {e.provenance.entry_id for e in review.cited if e.kind == "criterion"}
        return bool(own or cited_criteria & entry_ids) and any(
            yes_no(piece) is not None for piece in re.split(r"[.;]\s+", text))
    return bool(own) and bool(labels_in(text, labels)) if labels else bool(own)
