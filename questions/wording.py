"""What the wording adds to the task: sentence polarity, sides, sub-segments, comparison, subject.

Read once by understanding and carried on the intent, so the reasoner and the reviewer never
re-parse the question.
"""

from __future__ import annotations

import re
from typing import Any

from questions.intents import ChoiceSet, Entities

POLAR = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|can|could|should|would|will|any)\b", re.IGNORECASE)
SMALLER = re.compile(r"\b(smaller|smallest|less|lower|lowest|fewer|fewest|lighter)\b", re.IGNORECASE)
LARGER = re.compile(r"\b(larger|bigger|greater|more|heavier|higher)\b", re.IGNORECASE)
BURDEN = re.compile(r"\b(lesions?|burden|load|disease|tumou?rs?|masse?s?|cysts?)\b", re.IGNORECASE)


LEADING_PHRASE = re.compile(
    r"^\s*(?:[^:?,]{1,50}:\s*|(?:(?:what about|how about|as for|by|based (?:on|upon)|using|per|according to|judging "
    r"(?:by|from)|going by|given|relative to|compared (?:with|to)|in|on|for|with|apart from|aside from|besides|here|then|"
    r"so|also|now|ok(?:ay)?|please|honestly|quick question)\b[^,?]{0,60}|[\w-]+ aside),\s*)(?=(?:is|are|was|were|does|"
    r"do|did|has|have|can|could|should|would|will|what|which|how|where|any)\b)", re.IGNORECASE)
"""A leading phrase or label before the asking clause: "By volume criteria, is the spleen enlarged?", "Here, does ...",
"Reading the renal beds: any focal abnormality?"."""


STATEMENT = re.compile(r"^(?![^?]*\b(what|which|where|how|when|why|who)\b)[^?]*(\b(is|are|was|were|has|have|looks?|seems?|"
                       r"appears?)\b|\w['’]s\b)[^?]*\?\s*$", re.IGNORECASE)
"""A statement asked back: "Liver is not fatty, right?", "Liver's not fatty, right?", "Kidneys are roughly equal, aren't
they?" (polar)."""
TAGGED = re.compile(r"^(?!\s*(what|which|where|how|when|why|who|any)\b)\s*(\S+\s+){1,5}here\?\s*$", re.IGNORECASE)
"""A verbless statement asked back with a tag ("Kidneys symmetric, right?", which `questions.spelling` writes
"Kidneys symmetric here?"): polar."""
DENIAL = re.compile(r"^\s*(no|nothing|none|not any|zero|free of)\b(?![^?]*\b(what|which|where|how)\b)[^?]*\?\s*$",
                    re.IGNORECASE)
"""A finding denied and asked back without a verb: "No steatosis, right?", "Nothing in the pancreas?" (polar)."""

CONFIRM = re.compile(r"^\s*(?:please\s+|kindly\s+|can you\s+|could you\s+)?(?:confirm|verify)\b\s*(?::|that\b)?\s*"
                     r"(?=\S)(?![^.?]*\b(what|which|where|how|whether|if)\b)", re.IGNORECASE)
"""A statement put to be confirmed ("Confirm: spleen normal in size.", "Please verify that the liver is not fatty"):
polar, with the statement's own polarity."""
VERBLESS = re.compile(r"^(?![^?]*\b(what|which|where|how|when|why|who|or)\b)\s*(\S+\s+){0,5}(the )?(same (\w+ )?size|equal"
                      r"( in size)?|similar (in )?size|symmetric\w*|alike|normal( in size)?|enlarged|fatty|present|absent|"
                      r"seen|visible|(free|clear) (of|from)( \w+){1,3})( (bilateral(ly)?|overall|here|now|today|on (this|the) (scan|study|ct)))?"
                      r"\s*\?\s*$",
                      re.IGNORECASE)
"""A state asked without a verb ("Kidneys: same size?", "Spleen size normal?", "Liver fatty?", "Kidneys equal in size
bilaterally?"): polar."""


CONFIRM_AFTER = re.compile(r"(?:[,;:.?!]|\s[-–—])\s*(?:can you |could you |please |kindly )?(?:confirm|verify)\w*\W*$",
                           re.IGNORECASE)
"""A statement put to be confirmed by a tag after it ("Both kidneys the same size - can you confirm?", "No splenomegaly.
Confirm."): polar, with the statement's own polarity."""


def main_clause(text: str) -> str:
    """The asking clause without a leading phrase ("Based on the L/S ratio, is this liver steatotic?" -> "is this
    liver steatotic?"): whether a question is polar, or opens with a question word, is read there."""
    return LEADING_PHRASE.sub("", text, count=1)


def locations_named(ents: Entities) -> list[str]:
    """Sub-segments the question names, canonical: Couinaud segments, pancreas parts, a kidney's side.

    A side counts as a location only for the kidneys ("lesions in the left kidney"), in order named.
    """
    found = [f"liver_segment_{n}" for n in ents.liver_segments] + [f"pancreas_{p}" for p in ents.pancreas_parts]
    if "kidney" in ents.organs and len(ents.sides) == 1:
        found.append(f"kidney_{ents.sides[0]}")
    return list(dict.fromkeys(found))


EVERY_PLACE = re.compile(r"\b(?:segment\(s\)|part\(s\)|(?:sub-?)?segments\b|parts\b|lobes\b|involv\w*|spans?\b|spanning\b|"
                         r"extends? (?:in)?to\b|extending (?:in)?to\b|cross(?:es|ing)\b|straddl\w*|occup(?:y|ies|ying)\b)",
                         re.IGNORECASE)
"""Words asking every sub-segment a lesion lies in, not only its main one (`Intent.every_place`)."""
SUPERLATIVE_PLACE = re.compile(r"\b(?:most|more|highest|largest|greatest|biggest|heaviest)\b", re.IGNORECASE)
SPAN_WORDS = re.compile(r"\b(?:involv\w*|spans?|spanning|extends?|extending|cross(?:es|ing)|straddl\w*|occup(?:y|ies|ying))\b",
                        re.IGNORECASE)
"""A superlative over the segments ("Of the listed segments, which contains the most lesion volume?") asks one segment,
not every one a lesion lies in, unless the words ask the lesion's extent."""


def wording(text: str, ents: Entities, choice_set: ChoiceSet | None, asking: str | None = None) -> dict[str, Any]:
    """Intent fields read from the wording: `polar`, `sides`, `locations`, `comparison`, `lesion_burden`, `by_volume`.

    `asking` is the asking sentences without the clinical history before them (`questions.context`); whether
    the question is polar is read there. Default: the text.
    """
    confirmed = CONFIRM_AFTER.search((asking or text).strip()) is not None
    first = main_clause(re.split(r"(?<=\?)\s+", (asking or text).strip(), maxsplit=1)[0])
    locations = locations_named(ents)
    comparison = "smaller" if SMALLER.search(text) else "larger" if LARGER.search(text) else None
    alternatives = re.search(r"\bor\b", first) and not re.search(r"\bor (not|no|absent|none)\b", first, re.IGNORECASE)
    polar = (choice_set.form == "yes_no") if choice_set is not None else bool(
        (POLAR.match(first) or CONFIRM.match(first) or confirmed or STATEMENT.match(first) or DENIAL.match(first) or TAGGED.match(first) or VERBLESS.match(first))
        and not alternatives)
    return {"polar": polar, "sides": list(ents.sides), "locations": locations,
            "comparison": comparison, "lesion_burden": bool(BURDEN.search(text)),
            "by_volume": bool(re.search(r"\b(volume|load|burden)\b", text, re.IGNORECASE)),
            "every_place": bool(EVERY_PLACE.search(text)) and not (
                SUPERLATIVE_PLACE.search(text) and not SPAN_WORDS.search(text))}
