"""The direction of a change stated in an answer against the change the evidence measured.

"Decreased by 217 % (from 396.6 mL to 125.0 mL)" on a spleen that grew from 125.0 to 396.6 mL says
the right magnitude with the wrong direction: the sign of the cited change item (`*_change_pct`,
`*_change_ml`, a RECIST sum change) decides, and "from A to B" must run from the prior value to the
current one.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from agents.review_checks.clauses import asserted
from core.case import Check

DECREASE = re.compile(r"\b(decreas\w*|shr[ai]nk\w*|shrunk|reduc\w*|smaller|regress\w*|fell|dropp\w*|declin\w*|"
                      r"lower)\b", re.IGNORECASE)
INCREASE = re.compile(r"\b(increas\w*|grew|grow\w*|enlarg\w*|larger|progress\w*|rose|expan\w*|higher)\b",
                      re.IGNORECASE)
STEADY = re.compile(r"\b(unchanged|stable)\b", re.IGNORECASE)
"""Words that say nothing moved: the answer then states no direction to hold against the sign."""
RESPONSE_CATEGORY = re.compile(r"\b(?:progressive|stable) disease\b|\bdisease progression\b|\bprogression of disease\b|"
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
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    if not changes and match is None:
        return passed(name, "states no change")
    return passed(name, "the direction stated agrees with the measured change")


__all__ = ["change_direction"]
