"""Meaning: the answer says something, of the kind asked, about the quantity and side asked, for every part.

Numbers that match evidence can still answer another question: a volume for "is the spleen
enlarged?", a lesion-organ difference for a lesion's mean HU, two volumes for a ratio, the right
kidney's value under the word "left", only the first part of a two-part question, or a hedge
("possibly", "cannot be determined") that commits to nothing. These checks read the intent triage
parsed (`ReviewInput.intent`) and the task registry, never the question text again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from agents.review_checks.asked import ATTENUATION_SAID, difference_asked, polar_asked, value_asked
from agents.review_checks.asked_kinds import SUM_ASKED, ranked_names
from agents.review_checks.base import (
    ABBREVIATED,
    ReviewInput,
    failed,
    items_stating,
    numeric,
    passed,
    stated_numbers,
    worked_result,
)
from agents.review_checks.categories import registry_labels
from agents.review_checks.change import NEW_LESION, RESPONSE_CATEGORY
from agents.review_checks.change_words import (
    FROM_TO,
    an_end_of_change,
    cited_change,
    ends_given,
    ends_of_change,
    worded_changes,
)
from agents.review_checks.cutoffs import cutoff_given
from agents.review_checks.numbers import VALUE_RANGE, cited_limits
from agents.review_checks.pancreas import chose_indeterminate, left_open
from agents.review_checks.polarity import (
    CONCLUDED,
    FINDING_ASSERTED,
    NOT_FINDING,
    closing_yes_no,
    predicate_echoed,
    verdict_line,
)
from agents.review_checks.reference_ranges import quoted_ranges
from agents.review_checks.truncation import truncated
from agents.review_checks.typed_kinds import other_kind_given
from agents.review_checks.value_labels import organ_label_for_lesion_value
from core.anatomy import families, family
from core.case import Check, Evidence
from core.tasks import REGISTRY, value_key
from questions.intents import extract, locations_of
from questions.intents.answers import NumberMention, labels_in, numbers_in, yes_no

FIELD_LINE = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?[A-Za-z][\w /()-]{0,30}:[ \t]*\S[^\n]*", re.MULTILINE)
"""A labelled field of a bulleted answer ("- Volume: 37.0 mL")."""

HEDGE = re.compile(
    r"\b(possibl[ey]|probabl[ey]|perhaps|maybe|might|may (be|represent|have)|could (be|represent)|suggestive of|"
    r"cannot be (determined|assessed|evaluated|excluded|established)|can ?not (determine|tell|say|assess)|"
    r"can't (be )?(determined|tell|say)|unable to (determine|assess|tell)|not (possible|able) to (determine|tell|assess)|"
    r"uncertain|unclear|undetermined|inconclusive|no (answer|conclusion)|insufficient (evidence|information)|"
    r"(can |could )?neither be (confirmed|proven|established|excluded|ruled out)|"
    r"neither (confirmed|proven|established) nor (excluded|ruled out|refuted))\b",
    re.IGNORECASE)
"""Words that withhold a commitment: an answer made of them is an abstention, not an answer."""
WITHDRAWN = re.compile(
    r"\b((?<!nothing )(?<!none )(?:may|might|could)(?: (?:well|still|also|not|yet|even))* (?:be|have|represent|exist)|"
    r"can ?not be (?:excluded|ruled out|distinguished|differentiated)|can't be (?:excluded|ruled out)|"
    r"can ?not (?:exclude|rule out|distinguish|differentiate)|not (?:be )?(?:excluded|ruled out)|"
    r"(?:though|although|but|however),?\s+(?:[\w-]+\s+){0,4}?(?:can ?not|can't|could not|couldn't) be "
    r"(?:[\w-]+ly )?(?:determined|measured|assessed|evaluated|established|trusted|relied on)|"
    r"(?:the )?(?:exact|precise|true) (?:number|count|value|size|volume|grade) (?:is unknown|(?:can ?not|can't|could not) be "
    r"(?:[\w-]+ly )?(?:determined|established|given|stated)))\b", re.IGNORECASE)
"""Words anywhere in the answer that take its finding back ("..., though splenomegaly cannot be excluded", "about
2.8 cm, though the size cannot be reliably determined")."""
COMPARING = ("kidney_comparison", "kidney_asymmetry", "burden_comparison", "segment_comparison")
"""Handlers whose answer is a side, an organ or a place rather than a category label."""


def _headline(review: ReviewInput) -> str:
    claim = ABBREVIATED.sub(lambda m: m.group(0)[:-1], review.claim_text.strip().lstrip(" .:"))
    return re.split(r"\.(?:\s|$)|;|\n", claim, maxsplit=1)[0].strip()


def _without_options(review: ReviewInput, text: str) -> str:
    """The text without the options' own words quoted in it ("B - Solid tumor (possible RCC)"): an option's wording
    is the benchmark's, not a hedge of the answer's."""
    for option in sorted((review.choices or {}).values(), key=len, reverse=True):
        if len(option.split()) >= 2:
            text = re.sub(re.escape(option), " ", text, flags=re.IGNORECASE)
    return text


def substance(review: ReviewInput) -> Check:
    """An empty, hedged or "cannot be determined" answer is an abstention, never `answered`."""
    name = "substance"
    answer = review.answer
    assert answer is not None
    text = answer.text.strip()
    body = review.claim_text.strip(" .:")
    if not text or (not body and not answer.choice):
        return failed(name, "the answer is empty", "reasoner")
    if (option := chose_indeterminate(review)) is not None and not _a_label(review, option):
        why = left_open(review)  # the option the criteria leave as the answer is no hedge; elsewhere it is one
        if why is None:
            return failed(name, f"chooses {option!r}, but the cited criteria decide the question", "reasoner")
        return passed(name, f"chooses the option saying it cannot be decided: {why}")
    hedge = HEDGE.search(_without_options(review, _headline(review) or body))
    if hedge and _undecided_category(review) and hedge.start() > 0 and re.search(r"\b(?:could|may|might)\b", hedge.group(0),
                                                                                  re.IGNORECASE):
        hedge = None  # "Indeterminate (59.8 HU): it could be a hyperdense cyst or a solid mass": what the category means
    if hedge:
        return failed(name, f"the answer does not commit ({hedge.group(0)!r}): a hedge is an abstention", "reasoner")
    withdrawn = _withdrawn(review, body)
    if withdrawn:
        return failed(name, f"the answer takes its finding back ({withdrawn!r}): a hedge is an abstention", "reasoner")
    cut = truncated(review)
    if cut is not None:
        return failed(name, cut, "reasoner")
    span = _range_for_value(review)
    if span is not None:
        return failed(name, f"a value is asked, but the answer gives a range ({span!r}): a range is no measurement",
                      "reasoner")
    return passed(name, "the answer commits to a finding")


def _a_label(review: ReviewInput, option: str) -> bool:
    """Whether the option is a label of a cited criterion ("Indeterminate" renal mass): a category, judged as one."""
    return any(labels_in(option, e.criterion.labels) for e in review.criterion_entries() if e.criterion is not None)


CONCESSION = re.compile(r"\b(whether|regardless of whether|be it)\b[^.;]{0,40}?\bor\b\s*[\w-]+", re.IGNORECASE)
"""A disjunction said to make no difference ("whether solid or cystic"): both branches are covered, none is offered."""


def _undecided_category(review: ReviewInput) -> bool:
    """Whether the headline names a criterion's own undecided category ("Indeterminate" of the renal mass bands): what
    it may be is that category's meaning, no hedge; "Indeterminate - PDAC can neither be confirmed nor excluded" to a
    question no criterion answers so is one."""
    labels = [lab for e in review.criterion_entries() if e.criterion for lab in e.criterion.labels]  # cited ones
    return any(re.search(r"\bindetermina", lab, re.IGNORECASE) for lab in labels) and re.search(
        r"\bindetermina\w*", _headline(review) or "", re.IGNORECASE) is not None


def _withdrawn(review: ReviewInput, body: str) -> str | None:
    """Words past the headline that withdraw the finding, or two categories offered as alternatives ("T1a or T1b")."""
    if review.intent.task in ("report", "knowledge question"):
        return None  # a work-up or a quoted criterion may say what a finding may be
    said = WITHDRAWN.search(body)
    undecided = _undecided_category(review)
    if said is not None and undecided and re.search(r"\b(?:could|may|might)\b", said.group(0), re.IGNORECASE):
        said = None  # "Indeterminate (59.8 HU). ... could be a solid mass or a complicated cyst": what the category means
    if said is not None and any(e.name.endswith("_lower_bound") for e in review.cited) and re.search(
            r"\b(?:true|full|whole|real|actual)\s+(?:volume|size|extent)\b|\bpartly\s+imaged\b", said.group(0) + " " + body,
            re.IGNORECASE):
        said = None  # "its true volume is unknown - but the imaged part alone is 972.1 mL": the cited lower bound's
        # own uncertainty, and the finding stands on it
    if said is not None:
        return said.group(0)
    scales = [list(e.criterion.labels) for e in review.criterion_entries(cited_only=False) if e.criterion]
    labels = {lab for scale in scales for lab in scale}
    conceded = CONCESSION.sub(" ", body)  # "not a PNET whether solid or cystic" rules both out: no alternative
    for match in re.finditer(r"([\w-]+(?: [\w-]+){0,3}) (?:or|/) ([\w-]+(?: [\w-]+){0,3})", "" if undecided else conceded):
        first, second = labels_in(match.group(1), list(labels)), labels_in(match.group(2), list(labels))
        head = match.group(2).split(" ", 1)
        if not first and len(head) == 2:  # "stable or progressive disease": the noun said once serves both
            first = labels_in(f"{match.group(1)} {head[1]}", list(labels))
        if first and second and first[-1] != second[0] and any(first[-1] in scale and second[0] in scale
                                                                for scale in scales):
            return match.group(0)  # two labels of one criterion; "hyperattenuating / hypervascular solid" says two
    numbers = NUMBER_ALTERNATIVES.search(body)
    if numbers is not None and len({_spelt(n) for n in numbers.groups() if n is not None}) == 2:
        return numbers.group(0)  # "four or five lesions", "approximately two or three"
    return None


_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
NUMBER_ALTERNATIVES = re.compile(rf"(?<!\bfrom )(?<![\w.])(\d+(?:\.\d+)?|{_WORDS})\s+or\s+(\d+(?:\.\d+)?|{_WORDS})\b(?!\.\d)|"
                                 rf"(?<!\bfrom )\b({_WORDS})\s+to\s+({_WORDS})\b", re.IGNORECASE)
"""Two numbers offered for one ("four or five lesions", "3 or 4 mm", "two to three"): no count or value is given."""


def _spelt(word: str | None) -> float | None:
    from agents.review_checks.base import NUMBER_WORDS

    if word is None:
        return None
    return float(NUMBER_WORDS.get(word.lower(), 0)) if word.isalpha() else float(word)


def _range_for_value(review: ReviewInput) -> str | None:
    """The range the headline gives where the question asks a number (a cited band's own limits excepted, and a band of
    a criterion about the value whose category the answer names: "moderate splenomegaly (500–800 mL)")."""
    asked = [review.intent.task, *review.intent.parts]
    if not any(REGISTRY[t].form == "number" for t in asked if t in REGISTRY):
        return None
    from agents.review_checks.numbers import named_bands

    limits = cited_limits(review) | {v for band in named_bands(review, review.claim_text) for v in band}
    headline = _headline(review)
    quoted = quoted_ranges(headline, review)
    for match in VALUE_RANGE.finditer(headline):
        if any(a <= match.start() < b for a, b in quoted):
            continue  # "1173.0 mL — within normal limits (1000–1800 mL)": a reference quoted beside the value
        ends = [float(v) for v in match.groups() if v is not None]
        if all(any(abs(end - limit) < 1e-9 for limit in limits) for end in ends) or _before_after(review, match):
            continue
        return match.group(0)
    return None


def _before_after(review: ReviewInput, match: re.Match[str]) -> bool:
    """Two measured values of two studies said as one went to the other ("17.5 mL to 8.9 mL", beside a cited
    change): a change, no range."""
    mentions = [m for m in stated_numbers(match.group(0))]
    if len(mentions) != 2:
        return False
    unit = mentions[1].unit or mentions[0].unit
    items = [items_stating(replace(m, unit=m.unit or unit), review.evidence) for m in mentions]
    prior = [e for e in items[0] if e.name.startswith(("prior_", "baseline_", "nadir_"))]
    current = [e for e in items[1] if not e.name.startswith(("prior_", "baseline_", "nadir_"))]
    return bool(prior and current)


def _matching(review: ReviewInput, mention: NumberMention) -> list[Evidence]:
    """Cited items whose value the mention states, in the evidence unit, within its printed precision."""
    return items_stating(mention, review.cited)


CHANGE_FIELD = re.compile(r"(?:^|[;\n])\s*(?:net\s+)?(?:change|difference|interval change)\s*:\s*([^;\n]+)", re.IGNORECASE)
"""A list's field giving the change ("Change: +1 (one new lesion)") beside the values of each study."""


def answer_kind(review: ReviewInput) -> Check:
    """The kind of answer is the kind asked: yes/no to a yes/no question, a number to "how much", a category
    to "which grade", and the number is the quantity asked (a ratio, not two volumes; a lesion's HU, not a
    difference)."""
    name = "answer_kind"
    intent, answer = review.intent, review.answer
    assert answer is not None
    cutoff = cutoff_given(review)
    if cutoff is not None and not cutoff.passed:
        return cutoff
    spec = REGISTRY.get(intent.task)
    if spec is None or answer.choice or intent.task in ("report", "knowledge question"):
        return passed(name, "multiple choice, a work-up or a knowledge question: the options or the form decide")
    if value_key(intent, review.choice_set.form if review.choice_set is not None else None) is not None:
        spec = replace(spec, form="number")  # the category task's value asked ("the mean HU of the largest lesion")
    headline = _headline(review)
    said = yes_no(headline)
    if said is None and intent.polar and FINDING_ASSERTED.match(headline):
        said = not intent.negated  # "There is a single pancreatic head lesion.": the finding said present
    if said is None:
        said = closing_yes_no(review.claim_text)  # "..., so the answer is no."
    if said is None:
        said = predicate_echoed(review.question, headline)  # "Is the pancreas fatty?" - "Pancreas not fatty: ..."
    if said is None:
        said = verdict_line(review.question, review.claim_text)  # "- Resection recommended: yes" below the values
    if said is None and spec.form == "yes_no" and NOT_FINDING.match(headline):
        said = False  # "The pancreas is not fatty: its ratio ..." to "Is pancreatic steatosis present?"
    labels = [lab for e in review.criterion_entries(cited_only=False) if e.criterion for lab in e.criterion.labels]
    labels += registry_labels(review)  # the task's own criterion names its categories, cited or not
    states_category = bool(labels_in(headline, labels))
    if spec.handler in COMPARING:
        states_category = states_category or bool(re.search(r"\b(left|right|neither|symmetric)\b", headline.lower())
                                                  or extract(headline).organs or locations_of(headline))
    if "attenuation" in intent.task and ATTENUATION_SAID.search(headline):
        states_category = True  # "Hypodense: 4.6 HU against 118.1 HU": the category in its own words, the HU beside
    concluded = CONCLUDED.search(review.claim_text)  # "... 4.2 SDs above the organ. Hence: hyperattenuating."
    if not states_category and concluded is not None and (labels_in(concluded.group("rest"), labels) or (
            "attenuation" in intent.task and ATTENUATION_SAID.search(concluded.group("rest")))):
        states_category = True  # the category concluded after the values it rests on
    if any("location" in q for q in intent.quantities) and locations_of(headline):
        states_category = True  # "the largest (about 9 mL) is in segment 7": the place asked, a size beside it
    if any(q.endswith("adjacent_organs") for q in intent.quantities) and set(extract(headline).organs) - {intent.organ}:
        states_category = True  # "The liver is closest to the cyst, about 4.5 mm away": the organ asked, its distance beside
    implied = any(REGISTRY[p].form == "number" for p in intent.parts if p in REGISTRY) and stated_numbers(headline)
    offered = _alternatives(review)
    if said is not None and offered and not labels_in(review.claim_text, list(offered)):  # "Yes. Cyst.": both parts
        return failed(name, f"asks which of {' or '.join(offered)}, but the answer is a bare {'yes' if said else 'no'}",
                      "reasoner")
    if intent.polar and said is None and spec.form != "number" and not states_category and not implied:
        return failed(name, f"a yes/no question answered {headline[:60]!r}, which is neither yes nor no", "reasoner")
    if _value_for_judgement(review, spec.form, labels):
        return failed(name, f"asks whether the value is within a norm, but the answer gives the value alone "
                            f"{headline[:60]!r}: neither yes nor no, nor a category", "reasoner")
    words_value = value_asked(review.question)  # the question's own words, against a parse that lost them
    if words_value and spec.form != "number" and not stated_numbers(headline) and not intent.parts:
        return failed(name, f"the question asks a measured value in so many words, but the answer states "
                            f"{headline[:60]!r}", "reasoner")
    if spec.form == "number" and said is not None and polar_asked(review.question):
        return passed(name, "a yes/no answer to a question asked as yes or no")
    if spec.form == "number" and intent.polar and polar_asked(review.question) and not stated_numbers(headline) \
            and not UNCHANGED.search(RESPONSE_CATEGORY.sub(" ", headline)) and not NEW_LESION.search(headline):
        return failed(name, f"a yes/no question answered {headline[:60]!r}, which is neither yes nor no nor the "
                            f"{spec.unit or 'value'} asked", "reasoner")
    if spec.form == "category" and not states_category and not (intent.polar and said is not None) and \
            not words_value and any(m.unit for m in numbers_in(headline)):
        return failed(name, f"asks for a category ({intent.task}) but the answer gives a measurement "
                            f"{headline[:60]!r}", "reasoner")
    if spec.form == "number" and not intent.polar:
        worded = _worded_change(review, headline)
        if worded is not None:
            return worded
        mentions, source = stated_numbers(headline), headline  # the numbers, and the text they are read from
        if (result := worked_result(headline)) is not None:  # "2082.4 + 299.7 = 2382.1 mL": the inputs, then the answer
            mentions = [m for m in mentions if m.start >= result] or mentions
        field = CHANGE_FIELD.search(review.claim_text) if "change" in intent.task or "difference" in intent.task else None
        if field is not None and stated_numbers(field.group(1)):  # "- Prior: 2 / - Current: 3 / - Change: +1": the
            mentions, source = stated_numbers(field.group(1)), field.group(1)  # field naming the change asked
        if not mentions:
            mentions, source = (stated_numbers(review.claim_text) if intent.parts else []), review.claim_text
        if not mentions and len(fields := FIELD_LINE.findall(review.claim_text)) >= 2:  # "- Lesion: body cyst /
            given = [(m, line) for line in fields for m in stated_numbers(line)]  # - Volume: 37.0 mL": the field
            asked = next(((m, line) for m, line in given if _matching(review, m)
                          and _quantity_asked(review, m, line).passed), None)  # holding
            if asked is not None:  # the quantity asked answers, the fields beside it describe
                mentions, source = [asked[0]], asked[1]
        if not mentions and UNCHANGED.search(headline):
            return _unchanged(review, headline)
        if not mentions and spec.unit == "count" and NONE_SAID.search(headline):
            return _none(review, headline)
        if not mentions:
            return failed(name, f"asks for a number ({spec.unit or 'a value'}) but the answer states "
                                f"{headline[:60]!r}", "reasoner")
        first = _quantity_asked(review, mentions[0], source)
        if not first.passed and an_end_of_change(review, mentions[0], _asked_names(review)):  # "40.8 mm now versus 28.8 mm (+11.9 mm)"
            later = [m for m in stated_numbers(review.claim_text) if m.start > mentions[0].start] if source == headline \
                else mentions[1:]  # "Larger now (26.8 mm; prior 17.9 mm; +8.9 mm)": the change may follow the headline
            given = next((c for c in (_quantity_asked(review, m, review.claim_text) for m in later) if c.passed), None)
            return given or ends_given(review, [mentions[0], *later], _asked_names(review)) or first
        if not first.passed and FROM_TO.search(headline):  # "from 40.0 to 25.6 mm (-14.4 mm)": a change as its two ends
            given = next((c for c in (_quantity_asked(review, m, source) for m in mentions[1:]) if c.passed), None)
            return given or ends_of_change(review, FROM_TO.search(headline), _asked_names(review)) or first
        return first
    if spec.form == "category" and not intent.polar and re.fullmatch(r"(yes|no)", headline.lower()):
        return failed(name, f"asks for a category ({intent.task}) but the answer is a bare {headline!r}", "reasoner")
    return passed(name, f"a {('yes/no' if intent.polar else spec.form)} answer to a {intent.task} question")


JUDGED = re.compile(r"\b(normal\w*|abnormal\w*|limits?|range|enlarged|atroph\w*|small|large|\w+megaly|fatty|steato\w*)\b",
                    re.IGNORECASE)
"""What a yes/no question about a value asks to be judged against ("within normal limits?", "enlarged?")."""
VERDICT = re.compile(r"\b(normal\w*|abnormal\w*|within|outside|above|below|exceed\w*|under|over|beyond|enlarged|"
                     r"small|large|atroph\w*|\w+megaly|fatty|steato\w*|greater|less|larger|smaller)\b", re.IGNORECASE)


def _value_for_judgement(review: ReviewInput, form: str, labels: list[str]) -> bool:
    """A yes/no question about a value held against a norm ("Does the spleen measure within normal limits by
    volume?") answered with the value alone ("140.9 mL"): the judgement asked is never given."""
    question = review.question or ""
    if form != "number" or not review.intent.polar or review.intent.parts or not polar_asked(question):
        return False
    if not JUDGED.search(question) or re.search(r"\bor\b", question, re.IGNORECASE):
        return False
    text = review.claim_text
    said = any(yes_no(piece) is not None for piece in re.split(r"[.;:—–-]\s*", text))
    return not said and not labels_in(text, labels) and not VERDICT.search(text) and bool(stated_numbers(text))


UNCHANGED = re.compile(r"(?<!essentially )(?<!largely )(?<!roughly )(?<!virtually )(?<!practically )(?<!nearly )"
                       r"\b(no (?:interval |significant |measurable )?change|unchanged|(?:has|have|did) not changed?|"
                       r"(?:remains?|remained) (?:the same|stable)|stable)\b", re.IGNORECASE)
"""A change stated in words as none: the number zero."""


def _unchanged(review: ReviewInput, headline: str) -> Check:
    """"No change" to "how has it changed?" states zero: every cited change asked must round to zero."""
    name = "answer_kind"
    asked = _asked_names(review)
    changes = [e for e in review.cited if e.name in asked and numeric(e) is not None]
    if not changes:
        return failed(name, f"asks for a change, but the answer states {headline[:60]!r} and cites no change", "reasoner")
    moved = [e for e in changes if abs(numeric(e) or 0.0) >= 0.5]
    if moved:
        return failed(name, f"says {UNCHANGED.search(headline).group(0)!r}, but {moved[0].id!r} is {moved[0].value}",  # type: ignore[union-attr]
                      "reasoner", [moved[0].id])
    return passed(name, f"no change stated, and {changes[0].id!r} is {changes[0].value}")


def _worded_change(review: ReviewInput, headline: str) -> Check | None:
    """A change asked and said in words ("One fewer", "Unchanged: two on both studies"): its signed value is the
    cited change's (a count exactly, anything else none only within display rounding); None when no change is
    asked, said in words or cited."""
    asked = _asked_names(review)
    said = worded_changes(headline)
    changes = cited_change(review, asked) if any("change" in n for n in asked) else []
    if not said or not changes:
        return None
    value = said[0].value
    if value and not any(e.unit == "count" for e in changes):
        return None  # "up by two" of a volume: the number's own unit decides, read by numeric grounding
    right = [e for e in changes if abs((numeric(e) or 0.0) - value) < (0.5 if not value else 1e-9)]
    words = headline[said[0].start:said[0].end]
    if right:
        return passed("answer_kind", f"{words!r} is {value:+g}, as {right[0].id!r}", [right[0].id])
    return failed("answer_kind", f"says {words!r} ({value:+g}), but {changes[0].id!r} is {changes[0].value}",
                  "reasoner", [changes[0].id])


NONE_SAID = re.compile(r"^\s*(?:none|zero|nil|not (?:a )?(?:one|single)|there (?:are|is) no|no|(?:the\s+)?(?:count|number)\s+"
                       r"(?:is|was|=|:)\s*(?:zero|none|nil)|(?:we|i)\s+(?:did not|didn't|do not|don't|could not|"
                       r"couldn't)\s+(?:find|see|detect|identify)\s+any|(?:the\s+)?(?:[\w-]+\s+){0,3}(?:has|have|shows?|contains?|"
                       r"holds?|harbou?rs?)\s+no)\b", re.IGNORECASE)
"""A count said as none in words ("None.", "No liver lesions are present.", "There are no cysts", "The count is zero",
"We did not find any spots", "The left kidney has no lesions"): the number zero."""


def _none(review: ReviewInput, headline: str) -> Check:
    """"None" to "how many?" states zero: the cited count asked must be zero."""
    name = "answer_kind"
    asked = _asked_names(review)
    counts = [e for e in review.cited if e.name in asked and numeric(e) is not None]
    if not counts:
        return failed(name, f"asks for a count, but the answer states {headline[:60]!r} and cites no count", "reasoner")
    some = [e for e in counts if numeric(e)]
    if some:
        return failed(name, f"says none ({headline[:40]!r}), but {some[0].id!r} is {some[0].value}", "reasoner", [some[0].id])
    return passed(name, f"none stated, and {counts[0].id!r} is {counts[0].value}")


EITHER_OR = re.compile(r"\b([\w-]+(?: [\w-]+)?) or (?:an? )?([\w-]+(?: [\w-]+)?)\s*\?", re.IGNORECASE)


def _alternatives(review: ReviewInput) -> tuple[str, str] | None:
    """Two categories of one criterion the question offers as alternatives ("solid or cystic?"), else None."""
    match = EITHER_OR.search(review.question or "")
    if match is None:
        return None
    for entry_id in review.base.ids:
        entry = review.base.get(entry_id)
        labels = entry.criterion.labels if entry.criterion else []
        first, second = labels_in(match.group(1), labels), labels_in(match.group(2), labels)
        if first and second and first[-1] != second[0]:
            return first[-1], second[0]
    return None


def _asked_names(review: ReviewInput) -> set[str]:
    """The quantity names a numeric answer may be: the reasoner's own key choice for this task."""
    from agents.reasoners.base import InsufficientEvidence, ReasonerInput
    from agents.reasoners.compose import numeric_keys, signed_asked

    task = ReasonerInput(question=review.question, choices=review.choices, intent=review.intent,
                         evidence=review.evidence)
    try:
        keys = numeric_keys(task)
    except InsufficientEvidence:
        keys = list(review.intent.quantities[:1])
    names = (names := {k.split(".", 1)[1] for k in keys}) | ranked_names(review.question, names)  # "second-largest"
    for part in review.intent.parts:  # "the ratio, and is there fatty liver?": a number may answer the other part
        names |= {q.split(".", 1)[1] for q in (REGISTRY[part].quantities if part in REGISTRY else ()) if "." in q}
    if names & {"hu_difference", "hu_difference_magnitude"}:
        names |= {"hu_difference", "hu_difference_magnitude"}
        if not difference_asked(review.question):  # "the attenuation of the renal lesion": its own HU, no difference
            names = (names - {"hu_difference", "hu_difference_magnitude"}) | {"largest_lesion_mean_hu", "mean_hu"}
        elif signed_asked(review.question):  # "lesion HU minus parenchymal HU": the sign is asked, not the magnitude
            names -= {"hu_difference_magnitude"}
    if SUM_ASKED.search(review.question or ""):  # "the sum of the lesion diameters": a sum, whatever the parse made
        names |= {"sum_diameters_mm"}
    for name in list(names):  # a change is one quantity, given absolute or relative ("grew by 271.6 mL (+217 %)")
        if name.endswith(("_change_pct", "_change_ml", "_change_mm")):
            stem = name.rsplit("_", 1)[0]
            names |= {f"{stem}_pct", f"{stem}_ml", f"{stem}_mm"}
    return names


def _quantity_asked(review: ReviewInput, mention: NumberMention, text: str) -> Check:
    """Whether the number `mention` (read from `text`) is the quantity asked, of the structure asked."""
    name = "answer_kind"
    hits = _matching(review, mention)
    asked = _asked_names(review)
    asked_first = review.intent.quantities[0].split(".", 1)[-1] if review.intent.quantities else ""
    said = stated_numbers(review.claim_text)
    if asked_first.endswith("_ratio") and mention.unit not in (None, "%") and all(m.unit is not None for m in said):
        return failed(name, f"the question asks for the {asked_first}, a ratio, but the answer gives "  # "30.0 HU
                            f"{text[mention.start:mention.end]!r} and no ratio", "reasoner")  # (pancreas mean)" for P/S
    if asked_first.endswith("_pct") and mention.unit not in (None, "%") and not any(m.unit == "%" for m in said):
        return failed(name, f"the question asks for the {asked_first}, a percentage, but the answer gives "  # "40.8 mL
                            f"{text[mention.start:mention.end]!r} and no percentage", "reasoner")  # (lesion volume)"
    sums = [e.target for e in review.cited if e.target and "+" in e.target]  # a cited total: the sum asked
    terms = sums[0].split("+") if len(sums) == 1 and review.intent.task == "organ aggregation" else []
    if terms and hits and all(e.target in terms for e in hits):  # "1137.3 mL (liver+spleen)": the liver's
        return failed(name, f"the question asks for the {' + '.join(terms)} total, but the answer gives the "
                            f"{hits[0].target}'s {hits[0].name} alone ({hits[0].id!r})", "reasoner", [hits[0].id])
    held = {e.id for key, e in review.by_key.items() if key.split(".", 1)[-1] in asked}  # the lesion of the kind
    same = items_stating(mention, [e for key, e in review.by_key.items() if e.id in held and e.target in {
        h.target for h in hits}])  # one lesion: its largest is its total, the value asked cited under another name
    if hits and not same and not any(e.name in asked or e.id in held for e in hits):  # asked, held under group's key
        given = sorted({e.name for e in hits})
        return failed(name, f"the question asks for {', '.join(sorted(asked))}, but the answer gives {given[0]} "
                            f"({hits[0].id!r})", "reasoner", [hits[0].id])
    kind = other_kind_given(review, hits) or organ_label_for_lesion_value(text, mention, hits)
    if kind is not None:
        return failed(name, kind, "reasoner", [hits[0].id])
    other = _other_organ(review, [e for e in hits if e.name in asked])
    if other is not None:
        return failed(name, f"the question asks about the {review.intent.organ}, but the answer gives the "
                            f"{other.target}'s {other.name} ({other.id!r})", "reasoner", [other.id])
    return passed(name, f"the number given is the {', '.join(sorted(asked))} asked")


def _other_organ(review: ReviewInput, hits: list[Evidence]) -> Evidence | None:
    """The item given when every item the number states is the asked quantity of another organ ("1650.4 mL",
    the liver's volume, to "What is the spleen volume?"); None when one is the asked organ's, or several are asked."""
    organ = review.intent.organ
    spec = REGISTRY.get(review.intent.task)
    if not organ or not hits or (spec is not None and spec.handler in COMPARING) or len(extract(
            review.question or "").organs) > 1:
        return None
    asked = family(organ)
    if any(asked in families(e.target) for e in hits):
        return None
    return hits[0]
