"""Polarity: the yes or no an answer asserts about the finding asked, the question's own negation applied."""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from core.tasks import REGISTRY
from questions.intents.answers import yes_no

NORMAL_LEAD = re.compile(r"\s*(normal|unremarkable|within normal limits|not (enlarged|present|seen|found))\b",
                         re.IGNORECASE)

LEAD = r"\s*(?:(?:impression|findings?|conclusion|result|answer|dx|diagnosis)\s*:\s*)?"
LESION_NOUN = r"(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastas[ie]s|neoplasms?|carcinomas?)"
FINDING_ASSERTED = re.compile(
    LEAD + r"(?:there\s+(?:is|are)\s+(?!no\b|not\b|none\b|nothing\b)(?:[\w.,-]+\s+){0,6}?" + LESION_NOUN + r"\b"
    r"|(?:an?|one|two|three|four|five|\d+|single|multiple|several)\s+(?:[\w.-]+\s+){0,5}?" + LESION_NOUN +
    r"\b(?:\s+(?:is|are)\s+(?:present|seen|noted|identified))?"
    r"|(?:[\w-]+\s+){0,3}?" + LESION_NOUN + r"\s+(?:(?:is|are)\s+)?(?:present|seen|noted|identified)\b"  # "Renal cysts present"
    r"|(?:(?:mild|moderate|severe|marked|diffuse|hepatic|liver)\s+)*(?:steatosis|fatty\s+(?:liver|infiltration|change)|"
    r"hepatic\s+steatosis|splenomegaly|hepatomegaly)\b)(?![^.;]*\b(?:absent|excluded|ruled out|not (?:seen|present))\b)",
    re.IGNORECASE)
"""A headline that states the finding present without a yes ("There is a single 15.7 mm pancreatic head lesion.",
"IMPRESSION: Hepatic steatosis (...)", "Two cysts are present"): a yes to whether it is there."""


FINDING_DENIED = re.compile(
    LEAD + r"(?:(?:both|the)\s+)?(?:[\w-]+\s+){0,3}?(?:shows?|contains?|has|have|harbou?rs?|holds?|demonstrates?)\s+no\s+"
    r"(?:[\w-]+\s+){0,2}?" + LESION_NOUN + r"\b"
    r"|neither\s+(?:[\w-]+\s+){1,3}?(?:shows?|contains?|has|harbou?rs?|holds?)\s+(?:an?|any)\s+(?:[\w-]+\s+){0,2}?"
    + LESION_NOUN + r"\b"
    r"|(?:both|the)\s+(?:[\w-]+\s+){0,3}?(?:is|are)\s+(?:entirely\s+|completely\s+)?(?:free\s+of\s+(?:any\s+)?(?:[\w-]+\s+)?"
    + LESION_NOUN + r"|lesion-free)\b", re.IGNORECASE)
"""A headline that states the finding absent without a no ("Both kidneys show no lesion", "Neither kidney has a
cyst", "The pancreas is free of lesions"): a no to whether it is there."""


CLOSING = re.compile(r"\b(?:so |hence |therefore |thus )?(?:the |my )?answer is\s*:?\s*\**(yes|no)\b[^\w]*$", re.IGNORECASE)
"""A yes or no said last ("I went through the liver mask and there isn't a single lesion in it, so the answer is no.")."""


CONCLUDED = re.compile(r"(?:(?:^|[.;\n]\s+)(?:so|therefore|hence|thus|overall|in (?:summary|conclusion)|conclusion)\b\s*[,:]?|"
                       r"[,:]\s*(?:so|therefore|hence|thus)\s*:)\s*(?P<rest>(?:[^.;\n]|\.(?=\d))+?)\s*[.!]?\s*$", re.IGNORECASE)
"""The conclusion a worked answer closes on ("Only two liver tumors are present, and the rule needs at least three ...
Therefore: no outlier.", "... 0.925 is above that, so: no fatty infiltration of the pancreas.")."""
CLOSING_MARK = re.compile(r":\s*\**(yes|no)\**\s*[.!]?\s*$", re.IGNORECASE)
"""A bare yes or no after a colon at the very end ("So no cyst to describe: No.")."""


def closing_yes_no(text: str) -> bool | None:
    """The yes/no a text closes with (`CLOSING`, a closing "...: No.", a conclusion "Therefore: no outlier"), else
    None."""
    match = CLOSING.search(text) or CLOSING_MARK.search(text)
    if match is not None:
        return match.group(1).lower() == "yes"
    concluded = CONCLUDED.search(text)
    if concluded is None:
        return None
    rest = concluded.group("rest")
    if (said := yes_no(rest)) is not None:
        return said
    if re.match(r"(?:there\s+is\s+|i\s+see\s+)?no\b(?!\.)", rest, re.IGNORECASE) or FINDING_DENIED.match(rest) or \
            NOT_FINDING.match(rest):
        return False  # "so: no PDAC reported"
    return None


def claims_finding(review: ReviewInput, text: str | None = None) -> bool | None:
    """Whether the answer asserts the finding asked about: its yes/no, flipped for a negated question.

    To "Is the liver free of masses?" (`intent.negated`) a *yes* asserts no mass; None when the
    answer starts with neither yes nor no.
    """
    claim = (review.claim_text if text is None else text).lstrip(" .:")
    said = yes_no(claim)
    if said is None and (closing := closing_yes_no(claim)) is not None and (FINDING_ASSERTED.match(claim) or
                                                                         FINDING_DENIED.match(claim)):
        said = closing  # "One kidney lesion exists, but it is a tumour ... So no cyst to describe: No.": the
        # conclusion decides, the opening sets out what was measured
    if said is None and NORMAL_LEAD.match(claim):  # "Normal — the spleen is not enlarged": no finding, whether the
        return False  # question asks "Is the spleen enlarged?" or "Is it within the normal range?" (negated)
    if said is None:
        said = closing_yes_no(claim)  # "..., so the answer is no."
    if said is None and review.intent.polar and FINDING_ASSERTED.match(claim):
        return True  # the finding stated present, whatever the question's own negation
    spec = REGISTRY.get(review.intent.task)
    if said is None and (review.intent.polar or spec is not None and spec.form == "yes_no") and FINDING_DENIED.match(claim):
        return False  # the finding stated absent
    if said is None:
        said = predicate_echoed(review.question, claim)  # "Is the pancreas fatty?" - "Pancreas not fatty: P/S 0.90"
    if said is None and spec is not None and spec.form == "yes_no" and NOT_FINDING.match(claim):
        said = False  # "The pancreas is not fatty: ..." to "Is pancreatic steatosis present?"
    if said is None and text is None and review.answer is not None and review.answer.choice:
        said = yes_no((review.choices or {}).get(review.answer.choice, ""))  # "Cannot exclude one; leaning to A": A's yes
    if said is None:
        said = verdict_line(review.question, claim)  # "- Resection recommended: yes" below the values
    return None if said is None else said != review.intent.negated


def verdict_line(question: str | None, claim: str) -> bool | None:
    """The yes/no of a later line of a list that starts with yes or no (a field "Resection recommended: yes", read as
    "Yes, resection recommended") and repeats a word of the question of five letters or more; None when no line
    does, or when two such lines disagree."""
    asked = set(re.findall(r"[a-z]{5,}", (question or "").lower()))
    said = {verdict for line in (raw.strip(" \t-*•") for raw in claim.splitlines()[1:])
            if (verdict := yes_no(line)) is not None and asked & set(re.findall(r"[a-z]{5,}", line.lower()))}
    return said.pop() if len(said) == 1 else None


NOT_FINDING = re.compile(r"\s*(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|appears|looks|seems)\s+not\s+(?:fatty|steatotic|"
                         r"enlarged)\b|\s*(?:the\s+)?(?:[\w'’-]+\s+){0,2}(?:attenuation|hu|density)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,30}?\s(?:does|do)\s*(?:not|n't)\s+"
                         r"favou?r\b|" + LEAD + r"(?:good news\s*[:,-]\s*)?(?:the\s+|this\s+|your\s+)?(?:scan|ct|study|images?|exam\w*)\s+"
                         r"(?:does|do|did)\s*(?:not|n't)\s+show\s+(?:any|an?)\b",
                         re.IGNORECASE)
"""A headline that denies the finding in words ("The pancreas is not fatty", "The attenuation does not favour a
pseudocyst", "Good news: the scan does not show any growth"): a no."""
ASKED_PREDICATE = re.compile(r"^\s*(?:is|are)\s+(?:the\s+|this\s+|her\s+|his\s+)?([a-z]+(?:\s+[a-z]+)?)\s+"
                             r"((?:[a-z]+-)?[a-z]+)\s*\?\s*$", re.IGNORECASE)
"""A yes/no question of one predicate: "Is the pancreas fatty?", "Is the spleen enlarged?" (subject, predicate)."""


def predicate_echoed(question: str | None, claim: str) -> bool | None:
    """The yes/no a headline gives by repeating the question's subject and predicate, with or without a "not"
    ("Pancreas not fatty", "The spleen is enlarged"); None when it does not repeat them."""
    asked = ASKED_PREDICATE.match(question or "")
    if asked is None or asked.group(2).lower() in ("there", "it", "any", "present", "seen"):
        return None
    subject, predicate = (re.escape(g.lower()) for g in asked.groups())
    echoed = re.match(rf"\s*(?:(?:the\s+)?{subject}\s+(?:is\s+|are\s+|appears\s+|looks\s+)?)?(not\s+|non-?)?{predicate}\b"
                      rf"(?!\s+(?:than|to)\b)", claim, re.IGNORECASE)  # "Not enlarged (129.3 cm³)": the subject implied
    return None if echoed is None else echoed.group(1) is None


def answers(review: ReviewInput, claim: bool) -> str:
    """`answers yes` as the answer literally says it, given what it claims about the finding."""
    said = claim != review.intent.negated
    return f"answers {'yes' if said else 'no'}" + (" to a negated question" if review.intent.negated else "")


__all__ = ["CONCLUDED", "FINDING_ASSERTED", "FINDING_DENIED", "NOT_FINDING", "answers", "claims_finding", "closing_yes_no",
           "predicate_echoed"]
