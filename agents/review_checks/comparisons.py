"""Comparisons the answer states: "230.3 mL is above the 314.5 mL cut-off" must be true of the two numbers.

A rationale can quote the right value and the right cut-off and still compare them wrongly ("24.3 mm
is more than 40 mm", "the lesion (19.7 HU) is denser than the liver (60.0 HU)"), or call a change
"doubled" when the cited change is +197.7 % (nearly tripled). The check reads each pair of
neighbouring numbers joined by a comparative word or sign and tests it on the numbers themselves (in
one unit), and each fold word ("doubled", "four times its prior volume") against the cited change.
"""

from __future__ import annotations

import re

from agents.review_checks.base import RULE_STATED, ReviewInput, failed, items_stating, numeric, passed, stated_numbers
from agents.review_checks.bound_words import sentences
from agents.review_checks.interval import without_intervals
from agents.review_checks.number_roles import named_place
from agents.review_checks.stated_limits import NORMAL_AS_SUBJECT
from agents.review_checks.superlatives import false_part_superlatives, false_superlatives
from core.case import Check, Evidence
from questions.intents.answers import NumberMention
from questions.sizes import filter_of

NAME = "comparison"
GREATER = (r"(?:at or |equal to or )?(?:above|greater than|more than)|over|exceed(?:s|ing|ed)?|beyond|larger than|"
           r"bigger than|higher than|denser than|brighter than|heavier than|at least|reach(?:es|ing|ed)?|attain(?:s|ed)?|"
           r"surpass(?:es|ed)?|meet(?:s|ing)?|met|cross(?:es|ed)?")
LESS = (r"(?:at or |equal to or )?(?:below|less than)|under|smaller than|lower than|fewer than|less dense than|"
        r"darker than|at most|short of")
COMPARATIVE = re.compile(rf"\b(?P<negated>(?:not|n't|never|no|fail(?:s|ed|ing)? to)\s+(?:\w+\s+)?)?"
                         rf"(?P<word>{LESS}|{GREATER})\b", re.IGNORECASE)
"""A comparative word, denied or not, in a main or a subordinate clause ("which does not reach the 0.70 cut-off",
"fails to exceed 314.5 mL")."""
SIGNS = {"<": -1, "≤": -1, "<=": -1, ">": 1, "≥": 1, ">=": 1}
JOINED = re.compile(r"\b(and|but|or|while|whereas|yet|vs\.?|versus|compared)\b|[.;:\n]", re.IGNORECASE)
"""Between the two numbers: a second clause or a plain juxtaposition, so the first is not the comparison's subject."""
FOLD = re.compile(r"\b(?:(?P<verb>doubl(?:ed|ing)|tripl(?:ed|ing)|trebled|quadrupl(?:ed|ing)|halv(?:ed|ing))|"
                  r"(?P<times>twice|thrice|(?:two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)"
                  r"(?:\s+times|-?fold|\s*x\b(?!\s*\d)))|(?:to\s+)?(?:(?:a|one)\s+)?(?P<part>half|third|quarter|fifth)\s+(?:of\s+)?"
                  r"(?:its|the|their)\s+(?:prior|previous|baseline|former|original|earlier|initial))", re.IGNORECASE)
"""A fold word: a multiple ("doubled", "three times", "2.5-fold") or a part of the earlier value ("to a quarter of its
prior diameter", "half the baseline volume")."""
PARTS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2}
FOLD_WORDS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5, "twice": 2.0,
              "doubling": 2.0, "tripling": 3.0, "quadrupling": 4.0, "halving": 0.5,
              "thrice": 3.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0,
              "eight": 8.0, "nine": 9.0, "ten": 10.0}
FOLD_SLACK = 0.15
FOLD_BOUND = re.compile(r"(?:(?P<above>more than|over|above|at least|in excess of|exceed\w*|past|beyond|clears?|meets?)|"
                        r"(?P<below>less than|under|below|at most|not even|short of))\s*(?:the\s+|a\s+)?$", re.IGNORECASE)
"""Words before a fold that make it a bound ("more than three times the second largest", "well short of the 3x", "well
past the 3x outlier threshold")."""
"""How far a fold word may sit from the measured ratio ("roughly doubled" for x2.1, not for x2.98)."""


def _in_one_unit(first: NumberMention, second: NumberMention) -> tuple[float, float] | None:
    """Both numbers in one evidence unit (a unitless one takes the other's); None if their dimensions differ."""
    a, b = first.in_evidence_unit(), second.in_evidence_unit()
    if a is not None and b is not None:
        return (a[1], b[1]) if a[0] == b[0] else None
    if a is not None:
        return a[1], second.value * (a[1] / first.value if first.value else 1.0)
    if b is not None:
        return first.value * (b[1] / second.value if second.value else 1.0), b[1]
    return first.value, second.value


def _share_said(text: str, part: NumberMention, whole: NumberMention) -> bool:
    """Whether a percentage said in the same sentence is the first value over the second ("9.23 % (19.9 mL of lesion
    over 215.2 mL of kidney)"): the quotient shown before its terms."""
    if not whole.value:
        return False
    sentence = re.split(r"(?<=[.;\n])\s", text)
    start = 0
    for piece in sentence:
        end = start + len(piece)
        if start <= part.start < end + 1:
            share = 100.0 * part.value / whole.value
            slack = share * (part.tolerance / max(abs(part.value), 1e-9) + whole.tolerance / abs(whole.value))  # the
            return any(m.unit == "%" and abs(share - m.value) <= 0.51 * 10 ** -m.decimals + slack + 1e-9  # terms are
                       for m in stated_numbers(piece))  # rounded too
        start = end + 1
    return False


def _direction(between: str) -> int | None:
    """+1 when the words between two numbers say the first is greater, -1 less, None when they compare nothing."""
    plain = between.strip(" ()")
    for sign, direction in SIGNS.items():
        if re.fullmatch(rf"[a-zA-Z%]*\s*{re.escape(sign)}", plain):
            return -direction if re.match(r"(?:not|n't)\s", plain, re.IGNORECASE) else direction  # "0.53 (not > 0.65)"
    words = list(COMPARATIVE.finditer(between))
    if len(words) != 1 or JOINED.search(COMPARATIVE.sub(" ", between)) or "x" in re.findall(r"\b\w\b", between):
        return None
    direction = 1 if re.fullmatch(GREATER, words[0]["word"], re.IGNORECASE) else -1
    return -direction if words[0]["negated"] else direction


MULTIPLE = re.compile(r"\b(?:times|twice|thrice|\w+-?fold|half|double|triple)\b", re.IGNORECASE)
"""Words that set the first number against a multiple of the second."""

COUNTED_THINGS = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastas[ie]s|foci|"
                            r"segments?|kidneys?|targets?)\b", re.IGNORECASE)
"""What a bare number before it counts ("4 liver lesions, all larger than 10 mm": 4 is no length)."""


def _counted_in_words(text: str, mention: NumberMention) -> bool:
    """Whether the number is a count ("solitary", "two", "4 liver lesions"), not a value."""
    return text[mention.start:mention.end].isalpha() or (
        mention.unit is None and COUNTED_THINGS.match(text, mention.end) is not None)


def _measured(mention: NumberMention, cited: list[Evidence]) -> float | None:
    """The measured value a stated number rounds (in its evidence unit), when it states exactly one cited value."""
    values = {v for e in items_stating(mention, cited) if (v := numeric(e)) is not None}
    return values.pop() if len(values) == 1 else None


AMOUNT = re.compile(r"\s*(?:more|less|larger|bigger|smaller|denser|higher|lower|greater|brighter|darker|heavier|"
                    r"longer|shorter|wider)\s+than\b", re.IGNORECASE)
"""A comparative right after a value with its unit ("37.9 HU denser than", "12 mm longer than"): the value is the
amount of the difference, said of the two things compared, not one of them."""


TIMES_AFTER = re.compile(r"\s*(?:×|x\b|times\b|-?fold\b)", re.IGNORECASE)
DIVIDED = re.compile(r"^\s*(?:over|divided by)\s+(?:the\s+)?(?:liver|spleen|spleen's|pancreas|kidneys?|aorta|blood pool)\b",
                     re.IGNORECASE)


RESULT_AFTER = re.compile(r"(?:[^.;\n]|(?<=\d)\.(?=\d)){0,40}?(?:=|≈|\bgives\b|\byields\b|\bequals\b|\bcomes to\b)")
"""A quotient's result said after its divisor ("... over 389.9 mL of kidney (200.7 + 189.2) = 8.62 %")."""


def _margin_between(value: NumberMention, margin: NumberMention, limit: NumberMention) -> bool:
    """Whether `margin` is the distance between the value said before it and the limit after it, in one unit."""
    pair, ends = _in_one_unit(margin, limit), _in_one_unit(value, limit)
    if pair is None or ends is None or not margin.unit:
        return False
    return abs(abs(ends[0] - ends[1]) - pair[0]) <= 2 * max(margin.tolerance, value.tolerance) + 1e-9


INDEX_BEFORE = re.compile(r"\b(?:slice|image|section|level|index|segment)\s*(?:no\.?|number|#|index)?\s*$", re.IGNORECASE)
"""Words that make the unitless number after them an index ("on slice 12", "segment 7"), not an amount."""


NEEDED = re.compile(r"\b(?:needs?|needed|requires?|required|must (?:be|have|reach|exceed))\b", re.IGNORECASE)
NEEDED_AFTER = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:are|is|would be)\s+(?:needed|required|necessary)\b", re.IGNORECASE)
"""A rule's own limit said as what it needs ("an outlier needs at least 3", "at least 3 are needed"): no value of this
patient compared with the number before it."""
LIMIT_WORD = re.compile(r"\b(?:below|under|less than|lower than|above|over|exceed\w*|greater than|higher than|more than|"
                        r"up to|at most|at least)\b", re.IGNORECASE)


def false_comparisons(text: str, cited: list[Evidence] | None = None) -> list[str]:
    """Each "A is above/below/more than B" between neighbouring numbers that the numbers contradict; a number that
    rounds a cited value is compared as measured ("about 40 mL, which reaches the 40 mL limit" of 39.8 mL does not)."""
    problems = []
    numbers = stated_numbers(text)
    for i, (first, second) in enumerate(zip(numbers, numbers[1:], strict=False)):
        between = text[first.end:second.start]
        if len(between) > 60:
            continue
        if i > 0 and _margin_between(numbers[i - 1], first, second):
            continue  # "2082 mL is 282 mL over the 1800 mL limit": the first is the distance of a value from the limit
        if any(m.unit is None and named_place(text, m, known=False) for m in (first, second)):
            continue  # "the two busiest segments (5 and 6) — at least 75%": a segment's name, no value compared
        if RULE_STATED.search(text[first.end:second.end]):
            continue  # "76 mL (the gland would be called enlarged above 100 mL)": the rule's limit, compared with nothing
        if NEEDED.search(between) or NEEDED_AFTER.match(text, second.end):
            continue  # "2 lesions (an outlier needs at least 3)", "(at least 3 are needed)": what the rule asks
        direction = _direction(between)
        limit = LIMIT_WORD.search(between)
        if limit is not None and NORMAL_AS_SUBJECT.search(between[:limit.start()]):
            continue  # "855 mL when normal is under 314.5 mL": the second is a limit of normal, not compared with the first
        if first.unit and AMOUNT.match(between):
            continue  # "37.9 HU denser than the liver (60.0 HU)": the first is by how much, not a value compared
        if MULTIPLE.search(between) or TIMES_AFTER.match(text, second.end):
            continue  # "5.4 mL is less than three times the second (1.9 mL)", "far more than 3× the second": a multiple
            # of it, judged by `false_folds`
        if DIVIDED.search(between) or (re.search(r"\b(?:over|divided by)\s*$", between)
                                       and (RESULT_AFTER.match(text, second.end) or _share_said(text, first, second))):
            continue  # "Liver 30.0 HU over spleen 50.0 HU gives 0.60", "33.6 mL of lesion over 389.9 mL of kidney = 8.6 %":
            # one divided by the other, no comparison
        if (first.unit is None or second.unit is None) and INDEX_BEFORE.search(text[:(first if first.unit is None else
                                                                                   second).start]):
            continue  # "reaches its longest diameter on slice 12": a slice's index, not a quantity compared
        if _counted_in_words(text, first) != _counted_in_words(text, second) and (first.unit or second.unit):
            continue  # "a solitary tumour larger than 2 cm": the count is not what is compared with 2 cm
        values = _in_one_unit(first, second) if direction is not None else None
        if values is None:
            continue
        a, b = values
        slack = min(first.tolerance, second.tolerance)  # the cut-off is exact; the measured value is rounded
        exact_a, exact_b = (_measured(m, cited or []) if m.unit else None for m in (first, second))
        if exact_a == exact_b:
            exact_b = None  # one value is not compared with itself: the second number is the limit it is held to
        if (exact_a is not None or exact_b is not None) and first.in_evidence_unit() and second.in_evidence_unit():
            a, b, slack = exact_a if exact_a is not None else a, exact_b if exact_b is not None else b, 0.0
        if (direction > 0 and a < b - slack) or (direction < 0 and a > b + slack):
            problems.append(f"says {text[first.start:second.end]!r}, which the numbers contradict")
    return problems


def _stated_fold(sentence: str) -> float | None:
    """The factor between the two values of one unit the sentence gives ("from 35.8 mm to 50.2 mm", "50.2 mm vs
    35.8 mm"): the larger over the smaller; None unless exactly two such values are said."""
    from agents.review_checks.number_roles import shared_unit

    mentions = [shared_unit(sentence, m) for m in stated_numbers(sentence)]  # "6.4 → 15.9 mL": both in mL
    values = [c for m in mentions if m.unit and (c := m.in_evidence_unit()) is not None]
    if len(values) != 2 or values[0][0] != values[1][0] or min(values[0][1], values[1][1]) <= 0:
        return None
    return max(values[0][1], values[1][1]) / min(values[0][1], values[1][1])


def _measured_fold(review: ReviewInput) -> float | None:
    """Current over prior, from a cited relative change ("change_pct", "change_from_baseline_pct") or the cited
    prior and current values."""
    for e in review.cited:
        if re.search(r"change\w*_pct$", e.name) and (value := numeric(e)) is not None:
            return 1.0 + value / 100.0
    for e in review.cited:
        now = review.by_key.get(f"{e.target}.{e.name.removeprefix('prior_')}") if e.name.startswith("prior_") else None
        before, after = numeric(e), numeric(now) if now is not None else None
        if before and after is not None:
            return after / before
    for e in review.cited:  # the change alone cited ("+7.48 mL"): its study values, uncited, give the fold
        stem = re.fullmatch(r"(\w+)_change_(ml|mm)", e.name)
        before = review.number(f"{e.target}.prior_{stem[1]}_{stem[2]}") if stem else None
        after = review.number(f"{e.target}.{stem[1]}_{stem[2]}") if stem else None
        if before and after is not None:
            return after / before
    return None


RULE_AFTER = re.compile(r"[\w\s-]{0,30}?\b(?:thresholds?|criteri(?:on|a)|rules?|cut-?offs?|limits?|definitions?)\b",
                        re.IGNORECASE)
"""A fold that names a rule, not a measured factor ("the 3-fold outlier threshold", "the 3x outlier criterion")."""


RULE_BEFORE = re.compile(r"\b(?:needs?|needed|requires?|required|requiring|would have to be|must be|calls? for|"
                         r"defined as|threshold (?:is|of)|criterion (?:is|of)|cut-?off (?:is|of))"
                         r"(?:\s+(?:at least|at most|a|an|of|over|above|more than|or more|≥|>=|>))*\s*$", re.IGNORECASE)
"""A fold a rule requires, said before it ("an outlier needs at least 3 times", "the rule requires 3x")."""


def _rule_factors(review: ReviewInput) -> set[float]:
    """The numbers the cited criteria print and the question states: the factors a rule may be said to need."""
    printed = " ".join(entry.render() for entry in review.criterion_entries())
    return {m.value for m in stated_numbers(f"{printed} {review.question or ''}")}


def _pair_fold(review: ReviewInput) -> float | None:
    """The larger over the smaller of exactly two cited values of one unit (two kidneys' volumes, beside a cited count
    of the lesions they are the largest of); None otherwise."""
    values = [(e.unit, v) for e in review.cited if e.kind == "measurement" and e.unit != "count" and (v := numeric(e)) is not None]
    if len(values) != 2 or values[0][0] != values[1][0] or min(values[0][1], values[1][1]) <= 0:
        return None
    return max(values[0][1], values[1][1]) / min(values[0][1], values[1][1])


LARGER_SUBJECT = re.compile(r"\b(?:largest|larger|biggest|bigger|dominant|index)\b[^.;,]*$", re.IGNORECASE)
"""The subject of a fold is the larger of the two ("the largest lesion is ... times the second")."""


def false_folds(review: ReviewInput, text: str) -> list[str]:
    """Each fold word ("doubled", "four times its prior volume") the values its sentence gives or, without them, the
    cited change contradicts."""
    cited = _measured_fold(review)
    problems = []
    for match in FOLD.finditer(text):
        word = (match["verb"] or match["times"] or "").lower()
        head = re.split(r"[\s-]|x\b|fold", word)[0]
        said = PARTS[match["part"].lower()] if match["part"] else FOLD_WORDS.get(head) or float(head)
        begin, sentence = next(((b, s) for b, s in sentences(text) if b <= match.start() <= b + len(s)), (0, text))
        stated = _stated_fold(sentence)
        if stated is None and cited is None and not RULE_AFTER.match(text, match.end()):  # "Right kidney, about
            stated = _pair_fold(review)  # twice the volume of the left": the two cited values, larger over smaller
        measured = (stated if said >= 1 else 1 / stated) if stated is not None else cited
        if measured is None or measured <= 0:
            continue
        if match["times"] and cited is None and said < 1 and stated is not None and stated > 1 + FOLD_SLACK and \
                LARGER_SUBJECT.search(sentence[:max(0, match.start() - begin)]):
            problems.append(f"says the larger is {match.group(0)!r} the smaller: the measured factor is x{stated:.2f}")
            continue  # "the largest lesion is 0.75 times the second" (reviewer set 25d): a ratio inverted
        if cited is not None and cited > 0 and (said < 1) != (cited < 1) and abs(cited - 1) > FOLD_SLACK:
            measured = cited  # "half of its prior volume" of a lesion that grew: the cited change gives the direction
        if RULE_BEFORE.search(text[max(0, match.start() - 40):match.start()]):
            if said not in _rule_factors(review):  # "an outlier needs at least 3 times": the rule's factor, held to
                problems.append(f"says a rule needs {match.group(0)!r}, but neither a cited criterion nor the "
                                "question states that factor")  # the cited criterion's; the measured factor is
            continue  # said elsewhere
        bound = FOLD_BOUND.search(text[max(0, match.start() - 24):match.start()])
        if bound is not None:  # "more than three times": a bound the measured factor must keep, not a factor
            above = bound["above"] is not None
            if (measured > said * (1 - FOLD_SLACK)) if above else (measured < said * (1 + FOLD_SLACK)):
                continue
        elif abs(said - measured) <= FOLD_SLACK * measured:
            continue
        problems.append(f"says {match.group(0)!r}, but the measured factor is x{measured:.2f}")
    return problems


def sized_count(review: ReviewInput) -> str | None:
    """The count given against the lesions whose measured diameters pass the question's own size filter (read
    once by `questions.sizes.stated_size_filter` into the intent, as the reasoner reads it)."""
    sized = filter_of(review.intent)
    lesion = review.intent.lesion
    if sized is None or lesion is None or f"{lesion}.lesion_count" not in review.intent.quantities:
        return None
    diameters = [numeric(e) for e in review.evidence if e.name == "longest_diameter_mm"
                 and re.fullmatch(rf"{re.escape(lesion)}_\d+", e.target or "")]
    total = review.by_key.get(f"{lesion}.lesion_count")
    if not diameters or None in diameters or total is None or numeric(total) != len(diameters):
        return None  # not every lesion measured: the filtered count cannot be told
    expected = sum(sized.admits(float(d)) for d in diameters if d is not None)
    answer = review.answer
    chosen = (review.choices or {}).get(answer.choice or "") if answer is not None else None
    given = stated_numbers(chosen if chosen else review.claim_text)
    if given and given[0].unit is None and given[0].value != expected:
        return (f"gives {given[0].value:g}, but {expected} of the {len(diameters)} measured lesions are "
                f"{sized.words()}")
    return None


BRIGHTER = r"brighter|denser|more dense|hyperdense|hyperattenuating|higher (?:in )?(?:attenuation|density|hu)"
DARKER = r"darker|less dense|hypodense|hypoattenuating|lower (?:in )?(?:attenuation|density|hu)"
ORGAN_AGAINST = re.compile(rf"\b(liver|spleen|pancreas)\b(?:\s+(?:is|appears|looks|reads|measures))?\s+(?:\w+\s+)?"
                           rf"(?P<way>{BRIGHTER}|{DARKER})\s+than\s+(?:the\s+)?(liver|spleen|pancreas)\b", re.IGNORECASE)
"""One organ said brighter or darker than another ("the spleen is brighter than the liver")."""


def false_brightness(review: ReviewInput, text: str) -> list[str]:
    """An organ said brighter or darker than another against their measured attenuation: their cited or measured
    mean HU, else a measured ratio of the two ("1.20 - the spleen is brighter than the liver" of a liver/spleen ratio
    of 1.20)."""
    problems = []
    for said in ORGAN_AGAINST.finditer(text):
        first, second = said.group(1).lower(), said.group(3).lower()
        if first == second or re.search(r"\b(?:not|n't|never)\s+$", text[max(0, said.start("way") - 12):said.start("way")]):
            continue
        a, b = review.number(f"{first}.mean_hu"), review.number(f"{second}.mean_hu")
        ratio = review.number(f"{first}/{second}.hu_ratio")
        inverse = review.number(f"{second}/{first}.hu_ratio")
        higher = (a > b) if a is not None and b is not None and a != b else (ratio > 1) if ratio not in (None, 1) else \
            (inverse < 1) if inverse not in (None, 1) else None
        if higher is None:
            continue
        brighter = re.fullmatch(BRIGHTER, said.group("way"), re.IGNORECASE) is not None
        if brighter != higher:
            problems.append(f"says the {first} is {said.group('way')} than the {second}, but its measured attenuation is "
                            f"{'higher' if higher else 'lower'}")
    return problems


SHARE_WORDS = re.compile(r"(?P<pct>\d+(?:\.\d+)?)\s*%[^;.\n]{0,40}?\b(?:i\.\s?e\.|that is|meaning|so|or)\s*,?\s+(?P<words>"
                         r"(?:well |just |far )?(?:more|less|over|under|fewer) than (?:a |one )?(?:half|third|quarter)|"
                         r"the (?:majority|minority)|most|nearly all|almost all|(?:about |roughly |around )?(?:a |one )?"
                         r"(?:half|third|quarter))\b", re.IGNORECASE)
"""A percentage said again as a share in words ("42.3 % of the gland, i.e. more than half of it")."""


def false_share_words(text: str) -> list[str]:
    """Each share in words that the percentage it restates contradicts ("42.3 %, i.e. more than half")."""
    problems = []
    for match in SHARE_WORDS.finditer(text):
        pct, words = float(match["pct"]), match["words"].lower()
        part = 100 * next((v for k, v in PARTS.items() if k in words), 0.5)  # the share words' own fractions
        if re.search(r"\b(more|over)\b", words) or words in ("the majority", "most"):
            wrong = pct <= part
        elif re.search(r"\b(less|under|fewer)\b", words) or words == "the minority":
            wrong = pct >= part
        elif re.search(r"\ball\b", words):
            wrong = pct < 85.0
        else:
            wrong = abs(pct - part) > 0.2 * part  # "about a third" of 42 %
        if wrong:
            problems.append(f"says {match.group(0)!r}, but {pct:g} % is not {words}")
    return problems


def comparisons(review: ReviewInput) -> Check:
    """Every comparison, fold and superlative ("the smallest of the four") the answer states is true of the numbers
    it compares, and a count under the question's size filter counts the lesions it admits."""
    text = without_intervals(review.claim_text)  # "over the past 6 months" compares nothing
    if review.intent.task == "knowledge question":  # a rule quoted ("-30 % (at least 30% decrease)") compares no
        return passed(NAME, "a knowledge answer quotes its bands (rule_grounding reads them)")  # measured numbers
    problems = false_comparisons(text, review.cited) + false_folds(review, text) + false_superlatives(review) + false_part_superlatives(review)
    if (count := sized_count(review)) is not None:
        problems.append(count)
    problems += false_brightness(review, text) + false_share_words(text)
    if problems:
        return failed(NAME, "; ".join(problems), "reasoner")
    return passed(NAME, "every comparison stated is true of its numbers")


__all__ = ["comparisons", "false_comparisons", "false_folds"]
