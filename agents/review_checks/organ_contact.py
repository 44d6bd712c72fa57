"""Organ-to-organ contact re-checked: the structure an answer says touches the organ is one the measured contacts
name, by the rule the question states (`knowledge.stated.organ_contacts`, the reasoner's own definition)."""

from __future__ import annotations

from agents.review_checks.base import ReviewInput, failed, passed
from core.case import Check
from knowledge.stated import contact_rule, organ_contacts
from questions.intents import structures_named


def organ_contact_grounding(review: ReviewInput) -> Check:
    """The structure stated (the chosen option's, else the headline's) is in contact with the question's organ."""
    name = "rule_grounding"
    organ = review.intent.organ or ""
    try:
        contacts = organ_contacts(review.by_key, organ, contact_rule(review.intent.stated_thresholds))
    except KeyError:
        return failed(name, f"no measured contacts of {organ!r} ({organ}.adjacent_organs) back the answer",
                      "measurement")
    option = review.chosen_option
    stated = set(structures_named(option or review.headline)) - {organ}
    ids = list(dict.fromkeys(e.id for e in contacts.values()))
    if not stated:
        return failed(name, f"names no structure in contact with {organ!r}", "reasoner", ids)
    if not stated <= set(contacts):
        return failed(name, f"states {sorted(stated)!r} in contact with {organ!r}, but the measured contacts are "
                            f"{sorted(contacts)!r}", "reasoner", ids)
    return passed(name, f"{sorted(stated)!r} is in contact with {organ!r} as measured", ids)
