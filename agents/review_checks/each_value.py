"""Every value a question asks side by side is answered: "What is the mean HU of the liver, and what is the mean HU of
the spleen?" answered with the liver's alone leaves the second part unanswered.

A question asking one quantity of several structures (the same quantity name, different targets: `liver.mean_hu` and
`spleen.mean_hu`, `kidney_left.volume_ml` and `kidney_right.volume_ml`) is answered only when each structure's own
measured value is stated (within its printed precision).
"""

from __future__ import annotations

from agents.review_checks.base import ReviewInput, failed, items_stating, passed, stated_numbers
from core.case import Check

__all__ = ["each_value"]


def each_value(review: ReviewInput) -> Check:
    """Each structure's value of a quantity asked for several is stated; the missing ones are named."""
    name = "each_value"
    keys = [k for k in review.intent.quantities if "." in k]
    names = {k.split(".", 1)[1] for k in keys}
    targets = {k.split(".", 1)[0] for k in keys}
    if review.answer is None or review.choices or len(names) != 1 or len(targets) < 2 or "change" in next(iter(names)) \
            or not review.intent.task.endswith("measurement"):  # a sum or a ranking of them answers with one value
        return passed(name, "no quantity asked of several structures")
    items = [item for k in keys if (item := review.by_key.get(k)) is not None]
    if len(items) < 2:
        return passed(name, "fewer than two of the asked values were measured")
    mentions = stated_numbers(review.claim_text)
    missing = [e for e in items if not any(items_stating(m, [e]) for m in mentions)]
    if missing:
        said = ", ".join(f"{e.target.replace('_', ' ')} ({e.id!r})" for e in missing)  # type: ignore[union-attr]
        return failed(name, f"the question asks {next(iter(names))!r} of {len(items)} structures, but the answer "
                            f"does not state the value of the {said}", "reasoner", [e.id for e in missing])
    return passed(name, f"each of the {len(items)} structures' values is stated", [e.id for e in items])
