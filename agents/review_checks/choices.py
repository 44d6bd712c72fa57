"""Choice validity: the letter is one of the choices and says what the answer text says."""

from __future__ import annotations

import re

from agents.review_checks.base import (
    CHOICE_LEAD,
    ReviewInput,
    failed,
    items_stating,
    numeric,
    passed,
    stated_numbers,
    verdicts,
)
from agents.review_checks.held_places import EXTENSION
from agents.review_checks.part_yes_no import said_yes_no
from agents.review_checks.presentation import set_aside
from core.anatomy import family
from core.case import Check, Evidence
from knowledge.uncertainty import spread_of
from questions.intents import ChoiceSet, extract
from questions.intents.answers import (
    NEGATIVE_LABEL,
    best_option,
    labels_in,
    nearest_option,
    options_reached,
    spread_sentence,
    yes_no,
)
from questions.intents.labels import normalise_synonyms


def choice_validity(review: ReviewInput) -> Check:
    """A multiple-choice answer names an offered letter whose option agrees with the stated answer."""
    name = "choice_validity"
    answer = review.answer
    assert answer is not None
    choice_set = review.choice_set
    if choice_set is None:
        if answer.choice:
            return failed(name, f"gives choice {answer.choice!r} but the question offers no choices", "reasoner")
        return passed(name, "free-form question: no choice to check")
    if answer.choice is None:
        return failed(name, "a multiple-choice question answered without a letter", "reasoner")
    if answer.choice not in choice_set.letters():
        return failed(name, f"choice {answer.choice!r} is not among {choice_set.letters()!r}", "reasoner")
    reported = (review.reported or "").strip()
    if reported in choice_set.letters() and reported != answer.choice:
        return failed(name, f"the result reports {reported!r} but its answer chooses {answer.choice!r}", "reasoner")
    lead = re.match(rf"\s*([A-Z])\s*{CHOICE_LEAD}", answer.text)
    if lead and lead.group(1) != answer.choice:
        return failed(name, f"the text answers {lead.group(1)!r} but the choice is {answer.choice!r}", "reasoner")
    other = _other_option_first(review, answer.text[lead.end():].lstrip()) if lead else None
    if other is not None:
        return failed(name, f"the text answers option {other[0]!r} ({other[1]!r}) but the choice is {answer.choice!r}",
                      "reasoner")
    second = _second_option(review, answer.text[lead.end():].lstrip()) if lead else None
    if second is not None:
        return failed(name, f"the text names option {answer.choice!r} and then another option's label {second!r}",
                      "reasoner")
    expected = _expected_letter(review)
    if expected is None and choice_set.form == "number":  # "B. One pancreatic lesion of 24.6 mL, so the summed volume
        said = {_option_of(m, choice_set) for m in stated_numbers(review.claim_text) if m.unit} - {None}  # is 24.6
        expected = answer.choice if said == {answer.choice} else None  # cm³": a count first, then the value its option
    if expected is None and lead is not None and choice_set.form != "number" and re.search(r"\w", review.claim_text):
        # "B. No — the spleen is of normal size at 139.8 mL": the option's own words, then the answer's, which
        # the other checks verify (a bare "B: Solid tumour" says nothing they could check; a number that is no
        # option, after a numeric option, is the measured value disowning the letter)
        expected = _expected_letter(review, answer.text[lead.end():])
    if expected is None and lead is None and _marked_letters(answer.text) == {answer.choice}:
        expected = answer.choice  # "Pancreas MDT: tail mass 4.3 cm → cT3 (C)", "... → A, tumour present": the letter
        # marked once, after the finding; its option is held against the evidence by the other checks
        if choice_set.form == "number":  # "... about 53 HU darker than the liver, so D": the value said picks its own
            said = {_option_of(m, choice_set) for m in stated_numbers(review.claim_text) if m.unit}  # option
            others = sorted(said - {None, answer.choice})
            expected = others[0] if others and answer.choice not in said else answer.choice
    if expected != answer.choice and set(re.findall(r"\boption\s*\(?([A-H])\b", answer.text)) == {answer.choice}:
        expected = answer.choice  # "... count in segment 1 is 0, which is option D (0)": the text refers to its option
        # by the letter chosen; the value asked is still held to its option below
    if expected != answer.choice and (_names_option(review) or _label_option(review) == answer.choice):
        expected = answer.choice  # "B: Right — 112.3 mL versus 108.6 mL on the left", "D: PD — ...": the option
        # named (verbatim, or by the cited criterion's label or its abbreviation); the values beside it are
        # bound to their sides and times by `side` and `timing`
    alone = re.fullmatch(rf"\s*{answer.choice}\s*(?:{CHOICE_LEAD})?\s*", answer.text) is not None
    if expected is None and (alone or not re.search(r"\w", re.sub(rf"^\s*{answer.choice}\s*(?:{CHOICE_LEAD})?", "",
                                                                   review.claim_text))):
        # the letter alone ("C", "C: T2"): it names its option, which the other checks hold against the evidence
        return passed(name, f"{answer.choice!r} alone names its option {review.choices[answer.choice]!r}")  # type: ignore[index]
    if expected is None and (lead is None or choice_set.form == "number"):  # a numeric option then another number:
        # the measured value disowns the letter
        return failed(name, f"the answer text does not say which option {answer.choice!r} "
                            f"({review.choices[answer.choice]!r}) it is", "reasoner")  # type: ignore[index]
    # a letter said first, then the answer in a patient's words ("D. The disease has grown since the last scan."):
    # the letter names its option, held against the evidence by the other checks, and the words may not oppose it
    if expected is not None and expected != answer.choice and _stance(review) is not True:  # "A: Preserved (normal). No fatty liver." agrees
        return failed(name, f"the text supports {expected!r} ({review.choices[expected]!r}), "  # type: ignore[index]
                            f"not {answer.choice!r} ({review.choices[answer.choice]!r})", "reasoner")  # type: ignore[index]
    opposed = _stance(review)
    if isinstance(opposed, str):
        return failed(name, opposed, "reasoner")
    asked = _asked_value_option(review) or _asked_count_option(review)
    if asked is not None and asked[0] != answer.choice:
        return failed(name, f"the value asked, {asked[1].id!r} = {asked[1].value:g} {asked[1].unit or ''}, is option "
                            f"{asked[0]!r} ({review.choices[asked[0]]!r}), not {answer.choice!r}", "reasoner",  # type: ignore[index]
                      [asked[1].id])
    outside = _outside_band(review)
    if outside is not None:
        return failed(name, outside, "reasoner")
    undecided = _within_error(review)
    if undecided is not None:
        return failed(name, undecided, "reasoner")
    return passed(name, f"{answer.choice!r} is offered and agrees with the text")


def _within_error(review: ReviewInput) -> str | None:
    """A numeric option chosen from a value measured on predicted masks whose plausible error reaches another
    option too (`knowledge.uncertainty.spread_of`, the reasoner's rule): the letter is a guess."""
    choice_set = review.choice_set
    if choice_set is None or choice_set.form != "number":
        return None
    for item in review.cited:
        value = numeric(item)
        if value is None or item.kind not in ("measurement", "finding"):
            continue
        error = spread_of(value, [item], review.by_key)
        near = options_reached(value, error, item.unit, choice_set) if error else []
        if len(near) > 1 and review.answer.choice in near:  # type: ignore[union-attr]
            return spread_sentence(value, error, item.unit, near)  # type: ignore[arg-type]
    return None


def _outside_band(review: ReviewInput) -> str | None:
    """Options that are bands of one percentage ("Mild asymmetry (10-25%)"): the chosen band holds a cited
    percentage (or, citing none, the larger-kidney relative difference of the cited kidney volumes)."""
    from agents.reasoners.option_bands import band_holding, option_bands
    from knowledge.stated import relative_difference_pct

    bands = option_bands(review.choice_set)
    if bands is None:
        return None
    chosen = next(b for b in bands if b.letter == review.answer.choice)  # type: ignore[union-attr]
    values = [numeric(e) for e in review.cited if e.unit == "%" and numeric(e) is not None]
    if not values:
        sides = {e.target: numeric(e) for e in review.cited if e.name == "volume_ml" and numeric(e) is not None}
        if sides.get("kidney_left") and sides.get("kidney_right"):
            values = [relative_difference_pct(sides["kidney_left"], sides["kidney_right"])]  # type: ignore[arg-type]
    if not values or any(chosen.holds(v) for v in values):  # type: ignore[arg-type]
        return None
    held = band_holding(values[0], bands)  # type: ignore[arg-type]
    where = f"option {held.letter!r} ({held.text!r}) holds it" if held else "no option's band holds it"
    return f"the cited {values[0]:.1f}% lies outside the chosen band {chosen.text!r}: {where}"


def _other_option_first(review: ReviewInput, rest: str) -> tuple[str, str] | None:
    """Another option's label said first after the chosen letter ("D — Segment 6: ..." where D is "Segment 2"), as
    (its letter, its label); None when the words begin with the chosen option's label or with no other label."""
    chosen = (review.choices or {}).get(review.answer.choice or "", "").strip().rstrip(".")  # type: ignore[union-attr]
    boundary = r"\s*(?:[(.;:,—–-]|$)"
    if not chosen or re.match(rf"{re.escape(chosen)}{boundary}", rest, re.IGNORECASE):
        return None
    return next(((letter, label) for letter, label in _other_labels(review)
                 if re.match(rf"{re.escape(label)}{boundary}", rest, re.IGNORECASE)), None)


def _other_labels(review: ReviewInput) -> list[tuple[str, str]]:
    """The options not chosen whose label can be told in words (three letters or more, not yes/no, not a number), as
    (letter, label without a closing full stop)."""
    return [(letter, label) for letter, text in (review.choices or {}).items()
            if letter != review.answer.choice and len(label := text.strip().rstrip(".")) >= 3  # type: ignore[union-attr]
            and label.lower() not in ("yes", "no") and not re.match(r"[-+−<>≤≥~]?\s*\d", label)]


def _second_option(review: ReviewInput, rest: str) -> str | None:
    """Another option's label said right after the chosen option's ("A — PDAC: PNET (...)"); None when none is."""
    chosen = (review.choices or {}).get(review.answer.choice or "", "").strip().rstrip(".")  # type: ignore[union-attr]
    if not chosen or not rest.lower().startswith(chosen.lower()):
        return None
    after = rest[len(chosen):].lstrip(" :—–-")
    if re.match(rf"{re.escape(chosen)}\b", after, re.IGNORECASE):
        return None
    return next((label for _, label in _other_labels(review)
                 if re.match(rf"{re.escape(label)}\s*(?:\(|[.;:,]|$)", after, re.IGNORECASE)), None)


ASIDE = re.compile(r"\([^)]*\)|\b(?:than|versus|vs\.?|compared (?:with|to)|over)\s+(?:that of\s+)?(?:the\s+)?[\w-]+|"
                   r"\b(?:on|for|in|of) the (?:left|right|other)\b|"
                   r"\b[\w-]+\s+(?:cut-?offs?|thresholds?|cut-?points?|boundary|limits?)\b(?:\s+(?:for|of)\s+[\w-]+)?|"
                   r"\b(?:cut-?offs?|thresholds?|cut-?points?|boundary|limits?)\s+(?:for|of)\s+[\w-]+", re.IGNORECASE)
"""Words beside an answer that name another option as what it is compared with ("versus 108.6 mL on the left"), or
as the cut-off it is held against ("just under the 800 mL severe cut-off", "the threshold for severe")."""


SIDE_COMPARED = re.compile(r"\b(?P<first>left|right)\b[^.;]*?\b(?:(?P<more>bigger|larger|greater)|smaller|lesser)\b"
                           r"[^.;]*?\bthan\b[^.;]*?\b(?P<second>left|right)\b", re.IGNORECASE)
"""One side said larger or smaller than the other: the larger is the side the option names."""


def _names_option(review: ReviewInput) -> bool:
    """Whether the text names its option verbatim right after the letter ("B: Right — ...", "B — Right: ...") or
    leads with it, its letter in brackets or none ("T2 (B): 2.3 cm", a rewrite reviewer set 17 held correct), and
    its own words then name no other option but as the other side of a comparison ("A — PDAC: PNET" names two)."""
    answer, choice_set = review.answer, review.choice_set
    if answer is None or choice_set is None or choice_set.form == "number":
        return False  # a numeric option is a value: the value stated decides, whatever the option's words
    option = (review.choices or {}).get(answer.choice or "", "").strip().rstrip(".")
    named = re.match(rf"\s*{re.escape(answer.choice or '')}\s*{CHOICE_LEAD}\s*{re.escape(option)}\s*(?:[.;:,—–(]|-\s|$)",
                     answer.text, re.IGNORECASE) if option else None
    if named is None and option:  # the label first, its letter after it or none: "T2 (B): 2.3 cm", "Yes — ..."
        named = re.match(rf"\s*{re.escape(option)}\s*(?:\(\s*{re.escape(answer.choice or '')}\s*\)\s*)?"
                         r"(?:[.;:,—–(]|-\s|$)", answer.text, re.IGNORECASE)  # "Moderate (546.9 mL)" too
    if named is None and option:  # "That makes the answer A, Highly clustered.", "- Answer: A (Yes)"
        named = re.search(rf"(?<![\w'’]){re.escape(answer.choice or '')}\s*(?:[,:.—–]\s*|-\s+|\(\s*)"
                          rf"{re.escape(option)}(?:\s*\))?\s*(?:[.;:,—–)]|-\s|$)", answer.text, re.IGNORECASE)
        if named is not None and named.group(0)[0] != answer.choice:
            named = None  # the letter in its own case: "a" is an article
    if named is None:
        return False
    rest = re.split(r"\.(?:\s|$)|;|\n", answer.text[named.end():].lstrip(" (:—–-"), maxsplit=1)[0]
    from agents.review_checks.clauses import clauses, denies

    rest = " ".join(c for c in clauses(YARDSTICK.sub(" ", rest)) if not denies(c))  # "below the 34.8 HU cut-off for a
    # solid lesion": a yardstick, not the answer; "not a solid tumour": the other option denied
    letter, score = best_option(ASIDE.sub(" ", rest), choice_set)
    if letter is None or letter == answer.choice or score <= 0:
        return True
    other = (review.choices or {}).get(letter, "").lower()  # "Pseudocyst (A) - cyst attenuation 25.9 HU": "cyst" is
    own = set(re.findall(r"[a-z]+", option.lower()))  # in the chosen option's word too; only the other's own
    asked = set(re.findall(r"[a-z]{3,}", (review.question or "").lower())) | COUNT_WORDS  # "segments" of the question,
    # "two" of "top two 50 %": the question's words and counts name no option
    distinct = [w for w in re.findall(r"[a-z]{3,}", other) if not any(w in o for o in own)]  # words ("mucinous") name it
    distinct = [w for w in distinct if w not in asked] or distinct  # unless the question says them all ("pseudocyst or
    # mucinous cyst?")
    return bool(distinct) and not any(re.search(rf"\b{w}", rest, re.IGNORECASE) for w in distinct)


COUNT_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "single", "both"})
"""Counts, which a reason uses whatever option it supports ("top two segments 50 %")."""
MARKED_LETTER = re.compile(r"(?:\(\s*([A-H])\s*\)|(?:→|->|=>)\s*(?:\*\*)?([A-H])\b(?!['’\w])|\*\*([A-H])(?:\s*[—–:-][^*]*)?\*\*|"
                           r"\b(?i:answer|option|choice)\s*:?\s*([A-H])\b(?!['’\w])|[:;]\s*([A-H]),\s+[a-z]|"
                           r",\s+(?i:so|hence|thus|therefore)\s+(?:(?i:it's|it is|that's|that is)\s+)?([A-H])[.!]?\s*$)")
"""A choice letter marked inside an answer: in brackets "(B)", after an arrow "→ A", in bold "**D — Grade 3**", or
named "answer: C", or drawn last ("..., so C.")."""


NONE_SAID = re.compile(r"\s*(?:none|nil|zero|no\b(?!\s+\d))", re.IGNORECASE)
"""A count said as none ("none.", "No lesions seen"): the option 0."""


def _whole_of_share(text: str, mention) -> bool:  # noqa: ANN001 - a NumberMention
    """A group's whole said before its share ("Of the 4 liver lesions, 3 sit in segment VI"): not the answer."""
    from agents.review_checks.numbers import COUNTED_NOUN

    return re.search(r"\b(?:of|out of)\s+(?:the\s+|all\s+|all the\s+)?$", text[:mention.start], re.IGNORECASE) \
        is not None and COUNTED_NOUN.match(text, mention.end) is not None and re.search(r",\s*\S", text[mention.end:])\
        is not None


def _option_of(mention, choice_set: ChoiceSet) -> str | None:  # noqa: ANN001 - a NumberMention
    """The numeric option a stated value with a unit is nearest to (in the evidence's unit)."""
    converted = mention.in_evidence_unit()
    return nearest_option(converted[1] if converted else mention.value, "mm" if converted else None, choice_set)


def _marked_letters(text: str) -> set[str]:
    """The choice letters `text` marks (`MARKED_LETTER`)."""
    return {next(g for g in m.groups() if g) for m in MARKED_LETTER.finditer(text)}


YARDSTICK = re.compile(r"\b(?:cut-?off|threshold|limit|band|criterion|definition)s?\s+(?:of|for)\s+(?:an?\s+|the\s+)?"
                       r"[\w-]+(?:\s+(?:lesions?|tumou?rs?|mass(?:es)?|cysts?))?|\b(?:than|for)\s+an?\s+[\w-]+"
                       r"(?:\s+(?:lesions?|tumou?rs?|mass(?:es)?|cysts?))?|\b[\w-]+\s+(?:cut-?off|threshold|limit|band)s?\b(?!\s+(?:of|for)\b)",
                       re.IGNORECASE)
"""A kind or category named as the yardstick the value is held to ("the cut-off for a solid lesion", "lower than a solid
tumour", "under the severe cut-off of 800 mL", "the 800 mL threshold for severe"), not as the answer."""


RESPONSE_WORDS = ((re.compile(r"\bprogress(?:ion|ing)\b", re.IGNORECASE), "progressive disease"),
                  (re.compile(r"\bstable\b(?! disease)", re.IGNORECASE), "stable disease"))
"""Words a response is said in beside its label ("Progression", "Stable"): RECIST 1.1's categories."""


def _label_option(review: ReviewInput) -> str | None:
    """The one option that states the cited criterion's label the headline states, by its words or abbreviation
    ("PD" for option 'Progressive disease', both the label "progressive disease (PD)"); None when not one."""
    from questions.intents.answers import labels_in

    headline = review.headline
    for pattern, words in RESPONSE_WORDS:
        headline = pattern.sub(words, headline)
    for entry in review.criterion_entries():
        labels = entry.criterion.labels if entry.criterion else []
        said = labels_in(headline, labels)
        if not said:
            continue
        letters = [letter for letter, option in (review.choices or {}).items() if labels_in(option, labels)[:1] == said[:1]]
        return letters[0] if len(letters) == 1 else None
    return None


def _decided(review: ReviewInput, entry: object, option: str) -> list[str]:
    """For the letter alone (its option's words are the whole claim), the label the cited criterion decides."""
    from agents.review_checks.rules import expected_label
    from knowledge import KnowledgeError

    if review.claim_text.strip(" .") != option.strip(" ."):
        return []
    try:
        return [expected_label(review, entry)]
    except (KnowledgeError, ValueError, KeyError):
        return []


FINDING = re.compile(r"\b(?:steato\w*|fatty|enlarg\w*|\w+megaly|abnormal|present|positive|"
                     r"malignan\w*|solid)\b", re.IGNORECASE)
NORMAL = re.compile(r"\b(?:normal|preserved|absent|none|negative|benign|no)\b", re.IGNORECASE)


def _stance(review: ReviewInput) -> str | bool | None:
    """Whether the chosen option's stance (a finding there, "Reduced (steatosis)", or not, "Preserved (normal)") is
    the stance of the cited criterion's category the answer's own words state ("No fatty liver"): True when it is,
    the reason when it is the opposite, None when either says none."""
    answer = review.answer
    choice_set = review.choice_set
    if answer is None or choice_set is None or choice_set.form in ("yes_no", "number") or not answer.choice:
        return None
    option = (review.choices or {}).get(answer.choice, "")
    finding, normal = bool(FINDING.search(option)), bool(NORMAL.search(option))
    if finding == normal:
        return None
    from core.tasks import is_positive
    from questions.intents.answers import labels_in

    for entry in review.criterion_entries():
        labels = entry.criterion.labels if entry.criterion else []
        if labels_in(option, labels):
            continue  # the option names the criterion's own label ("Decreased"): `rule_grounding` holds it
        said = labels_in(review.headline, labels) or _decided(review, entry, option)
        if said and is_positive(said[0], labels) != finding:
            return (f"the text states {said[0]!r}, but option {answer.choice!r} ({option!r}) says the "
                    f"{'opposite' if finding else 'finding is absent'}")
        if said:
            return True
    return None


MOST_SAID = re.compile(r"(?P<subject>[^,;]*?)\b(?:has|have|had|carr(?:y|ies)|holds?|contains?|is|are)\s+(?:the\s+)?"
                       r"(?:most|largest|greatest|highest|biggest|heaviest)\b", re.IGNORECASE)
"""The structure a superlative is said of, named before it ("The kidneys have the most tumor ..., more than the
liver"; reviewer set 25d): the option naming it, whatever the sentence sets against it."""
NOT_PREDICATE = re.compile(r"\b(?:is |are )?not (?:\w+ )?(\w+)\b(?=\s*(?:[.;,]|$)|\s+(?:at|for|by|given|with|as|since|because|"
                           r"on|in)\b)", re.IGNORECASE)


def _predicate_denied(review: ReviewInput, text: str) -> bool | None:
    """False when a clause ends by denying the question's own predicate ("resection not indicated" to "Is resection
    indicated for the cyst?"; reviewer set 25d): a no, said as a report says it (a negated question's yes)."""
    asked = set(re.findall(r"[a-z]+", (review.question or "").lower()))
    for clause in re.split(r"[.;\n]\s*", text):
        denied = NOT_PREDICATE.search(clause)
        if denied is not None and len(denied.group(1)) > 3 and denied.group(1).lower() in asked:
            return review.intent.negated
    return None


VERDICT_MATCH = 0.8
"""Least token overlap (`best_option`) for a verdict drawn after an arrow to name an option in other word order."""


def _asked_count_option(review: ReviewInput) -> tuple[str, Evidence] | None:
    """The option a cited count asked picks ("Count the lesions involving segment III": the group's count in that
    segment; "How many renal lesions?": the group's count), with the count item; None for any other question, or
    when that count is not cited (a count is exact: the letter must be its option)."""
    choice_set, intent = review.choice_set, review.intent
    if choice_set is None or choice_set.form != "number" or intent.task not in ("lesion counting",
                                                                               "lesion count by location"):
        return None
    groups = [k.split(".", 1)[0] for k in intent.quantities if k.endswith(".lesion_count")]
    if len(groups) != 1:
        return None
    if intent.task == "lesion count by location":
        if len(intent.locations) != 1:
            return None
        key = f"{groups[0]}.count_in_{intent.locations[0]}"
    else:
        key = f"{groups[0]}.lesion_count"
    item = review.by_key.get(key)
    if item is None or item not in review.cited or numeric(item) is None:
        return None
    letter = nearest_option(float(numeric(item)), None, choice_set)  # type: ignore[arg-type]
    return (letter, item) if letter is not None else None


def _asked_value_option(review: ReviewInput) -> tuple[str, Evidence] | None:
    """The option a sum of organs asked picks, when the sum is measured ("Combined hepatosplenic volume?" is the
    liver+spleen sum, whatever other cited volume, one of its parts, an option equals), or the lesion-organ HU difference
    asked (`_difference_option`), with the measured item; None otherwise (other numeric questions name a part, a count
    in a place or a lesion the intent's keys do not)."""
    choice_set = review.choice_set
    keys = review.intent.quantities
    names = {k.split(".", 1)[-1] for k in keys}
    if review.intent.task == "tumor organ HU difference" and choice_set is not None and choice_set.form == "number":
        return _difference_option(review, choice_set)
    if review.intent.task != "organ aggregation" or len(keys) < 2 or len(names) != 1 or choice_set is None \
            or choice_set.form != "number":
        return None
    targets, quantity = [k.split(".", 1)[0] for k in keys], names.pop()
    sums = [f"{'+'.join(order)}.{quantity}" for order in (targets, sorted(targets))]
    item = next((review.by_key[key] for key in sums if key in review.by_key), None)
    if item is None or item not in review.cited or numeric(item) is None or spread_of(numeric(item), [item], review.by_key):
        return None
    letter = nearest_option(float(numeric(item)), item.unit, choice_set)  # type: ignore[arg-type]
    return (letter, item) if letter is not None else None


def _difference_option(review: ReviewInput, choice_set: ChoiceSet) -> tuple[str, Evidence] | None:
    """The option the cited lesion-organ HU difference picks (signed, or its magnitude when the options are unsigned),
    with the item; None when none is cited, it carries a plausible error, or no option is within reach of it. "A -
    19.0 HU: largest liver lesion mean attenuation about 20 HU" to "By how many HU does the mass differ from the liver?"
    gives the lesion's own HU, not its difference (34.0 HU, option B)."""
    lesion = review.intent.lesion
    items = [e for e in review.cited if e.target == lesion and e.name in ("hu_difference", "hu_difference_magnitude")
             and numeric(e) is not None]
    for item in items:
        value = float(numeric(item))  # type: ignore[arg-type]
        if spread_of(value, [item], review.by_key):
            return None
        picked = {nearest_option(v, item.unit, choice_set) for v in (value, abs(value))} - {None}
        if review.answer is not None and review.answer.choice in picked:
            return None
        if picked:
            return sorted(picked)[0], item  # type: ignore[return-value]
    return None


SET_ASIDE_KIND = re.compile(r"\b(?:rather than|instead of|not)\s+(?:an?\s+|the\s+)?[\w-]+(?:\s+(?:mass|lesion|tumou?r|cyst))?",
                            re.IGNORECASE)
"""A kind named only to be set aside ("a cyst rather than a solid mass"): no label the answer states."""


def _expected_letter(review: ReviewInput, text: str | None = None) -> str | None:
    """The option the text (by default without the option's own words) supports."""
    choice_set = review.choice_set
    assert choice_set is not None
    text = re.sub(r"^[\s.:]*(?:[—–-]\s+)?", "", review.claim_text if text is None else set_aside(text))  # "— the spleen",
    # not "-23.7"; what would be, a kind's usual look and an alternative set aside (`presentation.set_aside`) say no option
    headline = re.split(r"\.(?:\s|$)|;|\n", text, maxsplit=1)[0]
    if choice_set.form == "yes_no":
        said = yes_no(text)
        if said is None and said_yes_no(text) is False:  # "B: not an outlier (ratio 1.36 < 3)": the finding said
            said = review.intent.negated  # absent is a no, and a yes to "Is it within the normal range?" (negated)
        if said is None:  # "Below resection thresholds; resection not indicated." to "Is resection indicated ...?"
            said = _predicate_denied(review, text)
        if said is None:  # "A - fatty liver - ratio 0.60": the cited criterion's finding named, present or absent
            kept = SET_ASIDE_KIND.sub(" ", headline)  # "a cyst rather than a solid mass": the solid label set aside
            stated = [lab for e in review.criterion_entries() if e.criterion for lab in labels_in(kept, e.criterion.labels)]
            said = (NEGATIVE_LABEL.match(stated[0]) is None) != review.intent.negated if stated else None
            # "Normal" is a no to "Is it enlarged?" and a yes to "Is it within the normal range?" (negated)
        return next((o.letter for o in choice_set.options if o.yes_no is said), None) if said is not None else None
    if choice_set.form == "number":
        moved = re.match(rf"\s*{review.answer.choice}\s*[;:.]\s*(?=\S)", text)  # type: ignore[union-attr]
        if moved:  # "C; Segment VI: 3 lesions": the bulleted "Answer: C" read first
            headline = re.split(r"\.(?:\s|$)|;|\n", text[moved.end():], maxsplit=1)[0]
        mentions = [m for m in stated_numbers(headline) if not _whole_of_share(headline, m)]  # "Of the 4 lesions, 3"
        equals = [m for m in mentions if re.search(r"[=≈]", headline[:m.start])]  # "1436.1 mL + 239.8 mL = 1675.9 mL",
        # "|20.1 − 54.0| ≈ 33.9 HU": the result
        mentions = equals or mentions
        if not mentions:
            return nearest_option(0.0, None, choice_set) if NONE_SAID.match(headline) else None  # "none." of "0"
        m = mentions[0]
        shown = {numeric(e): e.unit for e in items_stating(m, review.cited) if numeric(e) is not None}
        if len(shown) == 1:  # "0.0 %" is the measured 0.0103 % shown at one decimal: the measured value, which rounds
            value, unit = next(iter(shown.items()))  # to the stated one, picks the option (at the option's precision)
            return nearest_option(value, unit, choice_set)  # type: ignore[arg-type]
        return _option_of(m, choice_set)
    compared = SIDE_COMPARED.search(headline)  # "Your left kidney is clearly bigger than your right one"
    if compared is not None:
        side = compared["first"] if compared["more"] else compared["second"]
        letters = [o.letter for o in choice_set.options if re.search(rf"\b{side}\b", o.text, re.IGNORECASE)]
        if len(letters) == 1:
            return letters[0]
    most = MOST_SAID.match(headline)  # "The kidneys have the most tumor by volume, a bit more than the liver"
    organs = {str(family(o)) for o in extract(most["subject"]).organs} if most is not None else set()
    if len(organs) == 1:
        letters = [o.letter for o in choice_set.options if {str(family(x)) for x in extract(o.text).organs} == organs]
        if len(letters) == 1:
            return letters[0]
    drawn = [normalise_synonyms(v).lower() for v in verdicts(text)]  # "moderate to severe
    # steatosis" is the option "Moderate to severe fatty liver"
    cores = {o.letter: re.split(r"\s*[(:—–]", o.text, maxsplit=1)[0].strip().lower() for o in choice_set.options}
    named = {letter for letter, core in cores.items() for v in drawn[-1:]
             if core and re.search(rf"(?<![\w-]){re.escape(core)}(?![\w-])", v)
             and not re.search(rf"\b(?:no|not|non)\s+{re.escape(core)}", v)}
    named = {a for a in named if not any(b != a and cores[a] in cores[b] for b in named)}  # "moderate to severe fatty
    # liver" names that option, not also "Fatty liver" within it
    if len(named) == 1:  # "Segment 8: 2 lesions, ... top two 80 % -> somewhat clustered": the breakdown, then the
        return named.pop()  # verdict, naming one option's own words
    if drawn and not named:  # "-> moderate to severe steatosis" of "Fatty liver, moderate to severe": the option
        letter, score = best_option(drawn[-1], choice_set)  # whose words the verdict says, in any order
        if letter is not None and score >= VERDICT_MATCH:
            return letter
    main = EXTENSION.split(headline, maxsplit=1)[0]  # "Pancreatic body (main share), extending to the head": the
    if main.strip() != headline.strip():  # place it mainly lies in names the option, the place it reaches does not
        letter, score = best_option(main, choice_set)
        return letter if score > 0 else None
    against = re.split(r"\b(?:vs\.?|versus|compared (?:with|to))\s", headline, maxsplit=1)
    if len(against) > 1:  # "(3.0 mL of lesion volume vs 0.9 mL in segment III)": what is set against names no answer
        letter, score = best_option(against[0], choice_set)
        return letter if score > 0 else None
    letter, _ = best_option(headline, choice_set)
    if letter is None:  # "The right kidney is larger (119.2 mL vs 106.5 mL on the left)": the aside names no option
        letter, _ = best_option(re.sub(r"\([^)]*\)", " ", headline), choice_set)
    return letter
