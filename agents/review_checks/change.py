"""The direction of a change stated in an answer against the change the evidence measured.

"Decreased by 217 % (from 396.6 mL to 125.0 mL)" on a spleen that grew from 125.0 to 396.6 mL says
the right magnitude with the wrong direction: the sign of the cited change item (`*_change_pct`,
`*_change_ml`, a RECIST sum change) decides, and "from A to B" must run from the prior value to the
current one.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, items_stating, numeric, passed, stated_numbers
from agents.review_checks.clauses import asserted, clause_around
from core.case import Check, Evidence

DECREASE = re.compile(r"\b(decreas\w*|shr[ai]nk\w*|shrunk|reduc\w*|smaller|regress\w*|fell|dropp\w*|declin\w*|"
                      r"lower|down(?=\s+(?:by\s+)?[-+]?\d))\b", re.IGNORECASE)
INCREASE = re.compile(r"\b(increas\w*|grew|grow\w*|enlarg\w*|larger|progress\w*|rose|expan\w*|higher|"
                      r"up(?=\s+(?:by\s+)?[-+]?\d))\b", re.IGNORECASE)
"""Direction words; "up"/"down" only before a number ("down 46.5 %"), never "follow-up" or "up to"."""
STEADY = re.compile(r"\b(unchanged|stable)\b", re.IGNORECASE)
"""Words that say nothing moved: the answer then states no direction to hold against the sign."""
RESPONSE_CATEGORY = re.compile(r"\b(?:progressive|stable) disease\b|\bdisease progression\b|\bprogression of disease\b|"
                               r"^\W*progression\b(?=\s*[—–:;,.(-])|"
                               r"\b(?:partial|complete) (?:response|remission)\b", re.IGNORECASE)
"""A response category names no direction of the cited sum: new lesions make progressive disease whatever
the target lesions did (RECIST 1.1), so the category is read out before the direction words are."""
FROM_TO = re.compile(r"\bfrom\s+(?P<a>[-+]?\d+(?:\.\d+)?)\s*[a-zA-Z%]*\s+to\s+(?P<b>[-+]?\d+(?:\.\d+)?)",
                     re.IGNORECASE)


def change_direction(review: ReviewInput) -> Check:
    """A stated increase or decrease agrees with the sign of the cited change; "from A to B" runs prior → current."""
    name = "change_direction"
    changes = [e for e in review.cited if "change" in e.name and numeric(e) not in (None, 0.0)]
    text = RESPONSE_CATEGORY.sub(" ", review.claim_text)
    changes = changes or _stated_prior_changes(review, text)
    problems = []
    for e in changes[:1]:
        up, down = (any(asserted(text, m) for m in words.finditer(text)) for words in (INCREASE, DECREASE))
        if up != down and not STEADY.search(text):
            grew = numeric(e) > 0  # type: ignore[operator]
            if up != grew:
                problems.append(f"says {'an increase' if up else 'a decrease'}, but {e.id!r} is "
                                f"{numeric(e):+.1f}{e.unit or ''}")
    match = FROM_TO.search(text)
    if match is not None:
        first, second = float(match["a"]), float(match["b"])
        prior = [e for e in review.cited if e.name.startswith("prior_") and numeric(e) is not None]
        for before in prior:
            now = review.by_key.get(f"{before.target}.{before.name.removeprefix('prior_')}")
            if now is None or numeric(now) is None:
                continue
            p, c = round(numeric(before), 1), round(numeric(now), 1)  # type: ignore[arg-type]
            if p != c and abs(first - c) < 0.051 and abs(second - p) < 0.051:
                problems.append(f"runs 'from {match['a']} to {match['b']}', current to prior "
                                f"({before.id!r} is the prior study's {p})")
    problems += new_lesions_stated(review) + steady_stated(review)
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    if not changes and match is None:
        return passed(name, "states no change")
    return passed(name, "the direction stated agrees with the measured change")


NEW_LESION = re.compile(r"\bnew(?:ly)?(?:[- ]appear\w*)?\s+(?:[\w-]+\s+){0,2}?(?:lesions?|tumou?rs?|foc(?:us|i)|nodules?|"
                        r"metastas[ie]s|deposits?|mass(?:es)?)\b|\b(?:lesions?|tumou?rs?|nodules?)\s+(?:has|have)\s+"
                        r"(?:newly\s+)?appeared\b|\bappearance of (?:an? |any )?new\b", re.IGNORECASE)
"""A new lesion named ("a new liver lesion", "no new lesions elsewhere", "a lesion has appeared")."""


def _new_count(review: ReviewInput) -> float | None:
    """How many new lesions were measured: RECIST's own count, else at least one where a group's count rose."""
    count = review.number("new_lesions.lesion_count")
    if count is not None:
        return count
    rises = [numeric(e) for e in review.evidence if e.name == "lesion_count_change" and numeric(e) is not None]
    return 1.0 if any(r > 0 for r in rises) else None  # type: ignore[operator]


def new_lesions_stated(review: ReviewInput) -> list[str]:
    """A new lesion denied where one was measured ("no new lesion" beside a new-lesion count of 1), or asserted
    where RECIST counts none; a count stated with the words ("new lesions lesion count 0") is that count."""
    count = _new_count(review)
    text = review.claim_text
    if count is None:
        return []
    for said in NEW_LESION.finditer(text):
        begin, end = clause_around(text, said.start())
        before = re.search(r"\b(\d+|zero|one|two|three|four|five)\s+$", text[max(begin, said.start() - 8):said.start()])
        after = re.match(r"\s*(?:(?:lesion\s+)?count\s*(?:of\s*)?|[:=]\s*)(\d+)\b", text[said.end():end])
        number = before.group(1) if before else (after.group(1) if after else None)
        claim = number not in ("0", "zero") if number is not None else asserted(text, said)
        if claim != (count > 0):
            return [f"{'says a new lesion appeared' if claim else 'denies a new lesion'} ({said.group(0)!r}), but "
                    f"{count:g} new lesion{'s are' if count != 1 else ' is'} measured"]
    return []


STEADY_SIZE = re.compile(r"\b(unchanged|no (?:interval |measurable )?change|not changed|(?:the )?same size)\b",
                         re.IGNORECASE)
"""Words that say the lesions did not change at all (RECIST's "stable disease" says less: within its bands)."""


def steady_stated(review: ReviewInput) -> list[str]:
    """"Unchanged" asserted where a cited relative change is 5 % or more ("SD — the lesions are unchanged in size"
    beside a sum of diameters 18.9 % above its nadir)."""
    text = review.claim_text
    said = next((m for m in STEADY_SIZE.finditer(text) if asserted(text, m)), None)
    moved = [e for e in review.cited if e.name.endswith("_pct") and "change" in e.name and abs(numeric(e) or 0.0) >= 5]
    if said is None or not moved:
        return []
    return [f"says {said.group(0)!r}, but {moved[0].id!r} is {numeric(moved[0]):+.1f} %"]


__all__ = ["change_direction", "new_lesions_stated", "steady_stated"]


def _stated_prior_changes(review: ReviewInput, text: str) -> list[Evidence]:
    """For an answer that states the prior study's value of a cited quantity without citing a change ("33.9 mm, was
    22.6 mm on the prior study"): that change (current - prior), as the item its direction words must agree with."""
    out = []
    for now in review.cited:
        before = review.by_id.get(f"measurement:{now.target}:prior_{now.name}")
        a, b = numeric(now), numeric(before) if before is not None else None
        if b is None or a is None or a == b or not any(items_stating(m, [before]) for m in stated_numbers(text)):  # type: ignore[list-item]
            continue
        out.append(now.model_copy(update={"id": f"{now.id} - {before.id}", "value": a - b}))  # type: ignore[union-attr]
    return out
