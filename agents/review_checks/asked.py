"""Parts the question's own words ask, read again by the reviewer: a part lost by the parse is still asked.

Understanding may read "How many liver lesions are there, and in which segment?" as a count alone; the
answer "2" then passes every check of the parsed intent. The attending does not trust that parse for
the parts a reader sees at once in the question:

- a place ("in which segment", "where", "which lobe"): the answer names one (an organ, where organs are
  compared), or says there is no lesion;
- a value on the prior study ("and what was it on the prior?", "now and on the prior"): the answer states the
  prior study's value of the quantity asked, or says none was measured;
- "by how much": the answer states the difference (or a cited change), not only the two values;
- two organs' values with no summing word ("the liver volume and the spleen volume"): not one sum;
- a side ("which kidney", "left or right"): the answer names one;
- a sum of the lesions ("the aggregate volume of the liver lesions"): not one lesion's value.
"""

from __future__ import annotations

import re

from agents.review_checks.asked_kinds import kinds_lost, none_there
from agents.review_checks.base import ReviewInput, items_stating, numeric, option_only, stated_numbers
from core.case import Evidence
from core.tasks import REGISTRY
from questions import cues
from questions.intents import extract, locations_of

PLACE_ASKED = re.compile(r"\b(?:in )?which (?:couinaud |liver |hepatic )?(?:segments?|lobes?|part)\b|\bwhere\b|"
                         r"\bwhat (?:segment|location)\b|\b(?:and|the|its) (?:couinaud |hepatic )?(?:segment|location|lobe) "
                         r"(?:of|where|in which|that holds|containing)\b", re.IGNORECASE)
PLACE_SAID = re.compile(r"\b(segments?|lobes?|head|neck|body|tail|uncinate|left|right|dome|hilum|hilar|"
                        r"upper|lower|pole|caudate|slices?)\b", re.IGNORECASE)
"""A place named; an axial slice is one too ("the slice where the lesion appears widest" asks a slice number)."""
NO_LESION = re.compile(r"^\s*(?:0|none|no)\b|\bno (?:\w+ )?(?:lesions?|tumou?rs?|mass(?:es)?|cysts?)\b", re.IGNORECASE)
PRIOR_ASKED = re.compile(r"\b(?:on|at|in) the (?:(?:prior|previous|earlier|baseline)\b(?!\s+(?:and|to)\b)|(?:first|initial|"
                         r"last|older) (?:study|scan|ct|exam\w*|imaging))|\bwhat was it\b|\bpreviously\b", re.IGNORECASE)
"""A value asked on the prior study ("on the prior", "at baseline", "on the first scan"); "in the first segment"
is a place, not a study."""
NOT_MEASURED = re.compile(r"\bno prior\b|\bnot (?:measured|available|seen|present)\b|\bwas not\b|\babsent\b|"
                          r"\bnone\b", re.IGNORECASE)
HOW_MUCH = re.compile(r"\bby how (?:much|many)\b|\bhow much (?:larger|bigger|smaller|more|less|greater)\b", re.IGNORECASE)
SUMMING = re.compile(cues.SUMMING, re.IGNORECASE)
"""The summing words question understanding reads (`questions.cues.SUMMING`): one list for both."""
SIDE_ASKED = re.compile(r"\bwhich (?:kidney|side)\b|(?<!\bat all, )(?<!\bat all )(?<!\beither, )(?<!\beither )\b(?:left|right) or "
                        r"(?:left|right)\b(?!\s*(?:kidney|side)?\s*,?\s*(?:does not|doesn't|no matter|either way|whichever))"
                        r"|\bwhat side\b", re.IGNORECASE)
"""A side asked in so many words ("which kidney, and cyst or solid?", "left or right?"); not a side said to be either
("Any renal lesion at all, left or right?", "either left or right")."""
SIDE_SAID = re.compile(r"\b(left|right|both|bilateral\w*|neither)\b", re.IGNORECASE)
LESIONS = re.compile(r"\b(lesions|tumou?rs|cysts|masses|nodules|metastases|foci)\b", re.IGNORECASE)


def lost_parts(review: ReviewInput) -> list[str]:
    """The parts the question's words ask that the answer leaves out (whatever the parse made of them)."""
    question = review.question or ""
    if not question or review.intent.task in ("report", "knowledge question") or review.answer is None:
        return []
    text = review.claim_text
    problems = []
    slice_given = review.intent.task == "largest lesion slice" and re.match(r"\s*\d+\b", text) is not None  # "Give
    # the axial slice index where the lesion is widest" - "24": the slice is the place asked
    if PLACE_ASKED.search(question) and not slice_given and not _names_place(text, question, review.choices):
        problems.append(f"the question asks {PLACE_ASKED.search(question).group(0)!r}, but the answer names no "  # type: ignore[union-attr]
                        "place")
    if PRIOR_ASKED.search(question) and (missing := _prior_missing(review)) is not None:
        problems.append(missing)
    if HOW_MUCH.search(question) and not _states_difference(review) and not option_only(review):  # a letter: its
        # option's number is judged against the cited difference by `choices`
        problems.append("the question asks by how much, but the answer states no difference")
    chosen = f"{(review.choices or {}).get(review.answer.choice or '', '')}. {text}"  # the option's words count too
    if SIDE_ASKED.search(question) and not _side_answered(chosen, question):
        problems.append(f"the question asks {SIDE_ASKED.search(question).group(0)!r}, but the answer names no side"  # type: ignore[union-attr]
                        + (" of the lesion" if SIDE_SAID.search(text) else ""))
    if ATTENUATION_ASKED.search(question) and not ATTENUATION_SAID.search(chosen) and not any(
            m.unit == "HU" for m in stated_numbers(chosen)) and not none_there(review, chosen):  # "No kidney lesion is
        # present" with a cited count of 0: no lesion to give an attenuation of
        problems.append(f"the question asks {ATTENUATION_ASKED.search(question).group(0)!r}, but the answer states "  # type: ignore[union-attr]
                        "no attenuation")
    if CHANGE_ASKED.search(question) and polar_asked(question) and not _change_answered(review, chosen):
        problems.append(f"the question asks whether it changed ({CHANGE_ASKED.search(question).group(0)!r}), but the "  # type: ignore[union-attr]
                        "answer states neither yes nor no nor a change")
    problems += kinds_lost(review, chosen)  # a new lesion, a T category, a direction asked in so many words
    merged = _merged(review)
    if merged is not None:
        problems.append(merged)
    single = _one_lesion_for_all(review)
    if single is not None:
        problems.append(single)
    return problems


LESION_WORDS = re.compile(r"\b(lesions?|mass(?:es)?|tumou?rs?|cysts?|nodules?|neoplasms?|carcinomas?|rcc|foc(?:us|i))\b",
                          re.IGNORECASE)
ATTENUATION_ASKED = re.compile(r"\b(?:what|which) (?:is |are |was )?(?:the |its |their )?(?:mean |average )?(?:attenuation|"
                               r"density|hounsfield|ct number|hu)\b|\band (?:the |its |their )(?:mean |average )?"
                               r"(?:attenuation|density|hu)\b(?! (?:criteri|threshold|cut))|\bhow dense\b", re.IGNORECASE)
"""An attenuation asked as a part of its own ("…, and what is its attenuation?")."""
ATTENUATION_SAID = re.compile(r"\b(?:hypo|hyper|iso)[- ]?(?:attenuat|dens|enhanc)\w*|\b(?:low|high|fluid|water|fat|soft[- ]tissue)"
                              r"[- ](?:attenuation|density)\b|\b(?:fluid|water)[- ]?(?:like|attenuat\w*)?\b|"
                              r"\bhounsfield\b|\b(?:ct )?density scale\b", re.IGNORECASE)
"""An attenuation said in words: a category, a tissue's density, or the scale a bare number is given on ("about 43 on
the CT density scale (Hounsfield units)")."""
CHANGE_ASKED = re.compile(r"\b(?:larger|bigger|smaller|grown|grow|shrunk|shrink|increased|decreased|changed|progressed|"
                          r"regressed|enlarged)\b[^?]*?\b(?:than (?:before|previously|on the|at baseline|the prior|the previous)|"
                          r"since|compared (?:with|to)|relative to the (?:prior|previous|baseline))", re.IGNORECASE)
"""A yes/no question about a change from an earlier study ("Is the right renal cyst larger than before?")."""


def _side_answered(text: str, question: str) -> bool:
    """A side named; where the question asks a lesion's side, named of the lesion ("Right kidney.", "the mass in
    the left kidney") and not only of an organ's size ("Left kidney is larger. left kidney volume 105.4 mL")."""
    if not LESION_WORDS.search(question):
        return SIDE_SAID.search(text) is not None
    from agents.review_checks.clauses import clauses

    return any(SIDE_SAID.search(clause) and (LESION_WORDS.search(clause) or not ORGAN_SIZE.search(clause))
               for clause in clauses(text))


ORGAN_SIZE = re.compile(r"\b(larger|smaller|bigger|volumes?|ml|cc|atroph\w*|enlarged)\b", re.IGNORECASE)


def _change_answered(review: ReviewInput, text: str) -> bool:
    """A yes or no, a direction or "unchanged" in words, or a number that is a cited or measured change."""
    from agents.review_checks.change import DECREASE, INCREASE, STEADY
    from agents.review_checks.meaning import UNCHANGED
    from questions.intents.answers import yes_no

    if any(yes_no(piece.lstrip(" .:")) is not None for piece in text.split(". ")) or any(p.search(text) for p in (INCREASE, DECREASE, STEADY, UNCHANGED)):
        return True
    changes = [e for e in review.evidence if "change" in e.name and numeric(e) is not None]
    return any(items_stating(m, changes) for m in stated_numbers(text))


def _one_lesion_for_all(review: ReviewInput) -> str | None:
    """One lesion's value where the question sums the lesions ("the aggregate volume of the liver lesions" answered
    with the largest lesion's 14.7 mL of six lesions' 39.7 mL): the value given states a single lesion's item
    and no total one."""
    question = review.question or ""
    if not SUMMING.search(question) or not LESIONS.search(question):
        return None
    given = next(iter(stated_numbers(review.headline)), None)
    if given is None:
        return None
    stated = items_stating(given, [e for e in review.evidence if e.kind in ("measurement", "finding")])
    single = [e for e in stated if e.name.startswith("largest_lesion_") or re.search(r"_lesion_\d+$", e.target or "")]
    answered = set(review.answer.evidence_ids) if review.answer is not None else set()
    if not single or any(e.name.startswith(("total_", "lesion_count", "sum_")) or (e.id in answered and e not in single)
                         for e in stated):  # a cited total (a burden of 1.06 %) that a lesion's 1.06 mL happens to equal
        return None
    return (f"the question sums the lesions ({SUMMING.search(question).group(0)!r}), but the answer gives one "  # type: ignore[union-attr]
            f"lesion's value ({single[0].id!r})")


def _names_place(text: str, question: str, choices: dict[str, str] | None = None) -> bool:
    """A segment, lobe or part, or no lesion; where the question or its options compare organs ("Comparing the liver,
    kidneys and pancreas, where is the lesion burden greatest?", "Across organs, where ...? A. Liver B. Kidneys"), the
    organ named is the place."""
    if locations_of(text) or PLACE_SAID.search(text) or NO_LESION.search(text):
        return True
    compared = set(extract(question).organs) | {o for option in (choices or {}).values() for o in extract(option).organs}
    return len(compared) >= 2 and bool(extract(text).organs)


def _asked_keys(review: ReviewInput) -> list[str]:
    """The quantity keys of the question's own task (a further part's are that part's)."""
    spec = REGISTRY.get(review.intent.task)
    own = spec.expand(review.intent.organ, review.intent.lesion) if spec is not None else []
    return [q for q in (own or review.intent.quantities) if "." in q]


def _asked_names(review: ReviewInput) -> set[str]:
    return {q.split(".", 1)[1] for q in _asked_keys(review)}


def _prior_items(review: ReviewInput) -> list[Evidence]:
    """The prior study's values of what is asked: the asked items' own `prior_*` / `baseline_*` values, or the
    largest baseline diameter of the RECIST targets for the largest lesion's diameter."""
    targets = {q.split(".", 1)[0] for q in _asked_keys(review)}
    items = [e for e in review.evidence if e.kind == "measurement" and numeric(e) is not None
             and e.target in targets and e.name.startswith(("prior_", "baseline_", "nadir_"))]
    if _asked_names(review) & {"largest_lesion_diameter_mm", "longest_diameter_mm"}:
        diameters = [e for e in review.evidence if e.name == "baseline_longest_diameter_mm" and numeric(e) is not None]
        if diameters:
            items.append(max(diameters, key=lambda e: numeric(e) or 0.0))
    return items


def _prior_missing(review: ReviewInput) -> str | None:
    """None when the answer states the prior value asked (or says there is none); else what is missing."""
    if not _asked_names(review):
        return None
    priors = _prior_items(review)
    if any(items_stating(m, priors) for m in stated_numbers(review.claim_text)):
        return None
    if NOT_MEASURED.search(review.claim_text):
        return None
    if priors:
        return (f"the question asks the value on the prior study, but the answer does not state it "
                f"({priors[0].id!r} is {numeric(priors[0]):g})")
    return "the question asks the value on the prior study, but the answer states none and says none was measured"


def _states_difference(review: ReviewInput) -> bool:
    """A stated number is a cited change or the difference (absolute or relative) of two cited values."""
    values = [(numeric(e), e.unit) for e in review.cited if numeric(e) is not None]
    for mention in stated_numbers(review.claim_text):
        if any("change" in e.name or "difference" in e.name for e in items_stating(mention, review.cited)):
            return True
        for i, (a, unit_a) in enumerate(values):
            for b, unit_b in values[i + 1:]:
                if unit_a != unit_b or a is None or b is None or a == b:
                    continue
                gaps = [abs(a - b)] if mention.unit != "%" else [100 * abs(a - b) / max(abs(a), abs(b)),
                                                                 100 * abs(a - b) / min(abs(a), abs(b))]
                if any(abs(mention.value - gap) <= mention.tolerance + 0.1 for gap in gaps):
                    return True
    return False


def _merged(review: ReviewInput) -> str | None:
    """One cited sum of several organs when the question names them without a summing word."""
    if SUMMING.search(review.question or ""):
        return None
    sums = [e for e in review.cited if "+" in (e.target or "") and numeric(e) is not None]
    stated = [m for m in stated_numbers(review.claim_text) if items_stating(m, sums)]
    if sums and stated:
        return (f"gives one sum ({sums[0].target} {numeric(sums[0]):g}) where the question asks each organ's value, "
                "and no total")
    return None


__all__ = ["difference_asked", "lost_parts", "polar_asked", "value_asked"]


VALUE_ASKED = re.compile(r"^\s*(?:what|which) (?:is|was|are|were) the (?:mean |average |measured )?(?:attenuation|density|"
                         r"hu\b|hounsfield|ct number|volume|diameter)\b(?![^?]*\b(?:pattern|category|grade|type|"
                         r"class\w*|stage|appearance|characteri[sz]ation|difference)\b)", re.IGNORECASE)
"""A wh-question whose own words ask a measured value ("What is the mean attenuation of the kidney lesion?")."""
DIFFERENCE_WORDS = re.compile(r"\b(differ\w*|compared?|relative|versus|vs\.?|than|minus|contrast|between|apart|gap|delta)\b", re.IGNORECASE)
POLAR_ASKED = re.compile(r"^\s*(?:is|are|was|were|does|do|did|has|have|had|can|could)\b", re.IGNORECASE)


def value_asked(question: str | None) -> bool:
    """Whether the question's first clause asks a measured value in so many words."""
    return bool(question and VALUE_ASKED.search(re.split(r",\s*and\b|;", question)[0]))


def difference_asked(question: str | None) -> bool:
    """Whether the question's words ask a difference or a comparison at all."""
    return bool(question and DIFFERENCE_WORDS.search(question))


def polar_asked(question: str | None) -> bool:
    """Whether the question's words ask yes or no ("Was the spleen enlarged ..., and is it enlarged now?")."""
    return bool(question and POLAR_ASKED.match(question))
