"""A label with its grade in brackets is the graded label: "fatty liver (moderate to severe: liver 30.0 HU)" says
"moderate to severe fatty liver", wherever in the answer it stands and whatever parts follow it."""

from __future__ import annotations

import re

__all__ = ["qualified_as"]


def qualified_as(text: str, said: str, expected: str) -> bool:
    """Whether `said` (the general form of `expected`, e.g. "fatty liver") is followed in `text` by a bracket that
    holds the rest of `expected` ("moderate to severe") as a phrase, so that the two together are `expected`."""
    general = re.search(rf"(?<![\w-]){re.escape(said)}$", expected, re.IGNORECASE)
    if general is None or general.start() == 0:
        return False
    grade = expected[:general.start()].strip()
    for m in re.finditer(rf"(?<![\w-]){re.escape(said)}\s*\(([^()]*)\)", text, re.IGNORECASE):
        if re.search(rf"(?<![\w-]){re.escape(grade)}(?![\w-])", m.group(1), re.IGNORECASE) and \
                not re.search(r"\b(?:not|no|rather than)\s+" + re.escape(grade), m.group(1), re.IGNORECASE):
            return True
    return False
