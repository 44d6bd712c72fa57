"""Pancreatic rules the attending recomputes through the reasoner's own definitions.

- PDAC or PNET present: `knowledge.lesion_types.pancreatic_type_found` on the cited content and enhancement
  criteria; a lesion the criteria leave open makes "cannot be determined" the answer (when an option says so) and
  a yes or no the wrong one.
- PDAC versus PNET: the largest lesion's enhancement, only of a solid mass (or one the question calls solid).
- Resectability on the basis the question states (aorta contact arterial, IVC contact venous): the category and
  each vessel's contact said, against `agents.reasoners.vessel_contact.vessel_contact` on the measured distances.
"""

from __future__ import annotations

import re

from agents.reasoners.asked_kind import largest_typed_solid, typed_presence
from agents.review_checks.base import ReviewInput, failed, numeric, passed
from agents.review_checks.clauses import clauses, denies
from agents.review_checks.polarity import answers, claims_finding
from core.case import Check
from knowledge.lesion_types import pancreatic_type_found
from questions.intents.answers import CYST_OPTION, labels_in

NAME = "rule_grounding"
OPEN_WORDS = re.compile(r"\b(or|and|either|whether|could|may|might|alike|like|resembl\w*|versus|vs)\b", re.IGNORECASE)
"""Words of a clause that weighs two natures ("a cyst with debris or a poorly enhancing solid mass"), asserting none."""


def _values(review: ReviewInput) -> dict[str, float]:
    return {k: v for k, e in review.by_key.items() if (v := numeric(e)) is not None}


def chose_indeterminate(review: ReviewInput) -> str | None:
    """The chosen option's text when it says the question cannot be decided ("Cannot be determined from this CT")."""
    from agents.reasoners.fitting import INDETERMINATE_OPTION  # the reasoner's reading of such an option

    answer = review.answer
    option = (review.choices or {}).get(answer.choice or "") if answer is not None else None
    return option if option and (INDETERMINATE_OPTION.search(option) or EQUIVOCAL_OPTION.search(option)) else None


EQUIVOCAL_OPTION = re.compile(r"\b(?:equivocal|inconclusive|not evaluable|non-?diagnostic|uncertain|insufficient|"
                              r"inadequate|not applicable|not imaged|not (?:in|within) the field of view)\b|\b(?:only|requires?|needs?)\s+(?:with\s+|on\s+|by\s+)?(?:an?\s+)?"
                              r"(?:MRI|MR|ultrasound|biopsy|PET|further imaging)\b", re.IGNORECASE)
"""Other words of an option that leaves the question open ("Equivocal; repeat imaging needed", "Not evaluable (organ
not covered)"; reviewer set 25d; "Insufficient image quality to decide", "Only with an MRI"; set 25f): a hedge
wherever the cited criteria decide."""


def left_open(review: ReviewInput) -> str | None:
    """Why the cited criteria leave the question open on this evidence, or None when they decide it (or this is no
    question they can leave open)."""
    from agents.review_checks.rules import PANCREATIC_TYPE_TASKS

    if review.intent.task not in PANCREATIC_TYPE_TASKS or review.intent.task == "PDAC vs PNET classification":
        return None
    verdict, content, kind = _type_verdict(review)
    if verdict != "indeterminate":
        return None
    return (f"the only pancreatic lesion is {content[0]} by {content[1]} (a cyst with debris or a poorly enhancing "  # type: ignore[index]
            f"solid mass) and its enhancement fits {kind}: the criteria leave it open")


def _type_verdict(review: ReviewInput) -> tuple[str, tuple[str, str] | None, str | None]:
    """(verdict of `pancreatic_type_found`, (content, entry id), PDAC/PNET by enhancement) for the task asked."""
    from knowledge import KnowledgeError

    count = review.number("pancreas_lesion.lesion_count")
    content = _pancreatic_content(review)
    entries = [e for e in review.criterion_entries() if e.criterion and "hypoattenuating" in e.criterion.labels]
    hypo = None
    if entries:
        try:
            label = entries[0].classify(_values(review), target=review.intent.lesion or "pancreas_lesion").label
            hypo = label == "hypoattenuating"
        except KnowledgeError:
            hypo = None
    wanted = "PDAC" if review.intent.task.startswith("PDAC") else "PNET"
    verdict = pancreatic_type_found(wanted, None if count is None else int(count),
                                    content[0] if content else ("solid" if hypo is not None else None), hypo)
    return verdict, content, (None if hypo is None else "PDAC" if hypo else "PNET")


def pancreatic_type(review: ReviewInput) -> Check:
    """PDAC/PNET present, or PDAC versus PNET, as the cited criteria give them for the largest lesion."""
    from knowledge import KnowledgeError

    count = review.by_key.get("pancreas_lesion.lesion_count")
    text = review.claim_text
    open_option = chose_indeterminate(review)
    if count is not None and count.value == 0:
        if open_option:
            return failed(NAME, f"chooses {open_option!r}, but no pancreatic lesion was measured: no", "reasoner")
        if review.intent.task != "PDAC vs PNET classification" and claims_finding(review, text) is True:
            return failed(NAME, f"{answers(review, True)} with no pancreatic lesion measured", "reasoner")
        return passed(NAME, "no pancreatic lesion: nothing to type")
    if review.intent.task != "PDAC vs PNET classification":
        return _type_present(review, open_option)
    typed = _typed_solid(review)
    if typed is not None:
        return typed
    content = _pancreatic_content(review)
    stated = content is not None and content[0] == "indeterminate" and review.intent.solid_stated
    if content is not None and content[0] == "cystic" and CYST_OPTION.match(review.chosen_option or review.headline):
        return passed(NAME, f"the largest pancreatic lesion is cystic ({content[1]}): neither PDAC nor PNET, as chosen")
    if content is not None and content[0] != "solid" and not stated:
        return failed(NAME, f"types a {content[0]} pancreatic lesion ({content[1]}) as a solid tumour", "reasoner")
    entries = [e for e in review.criterion_entries() if e.criterion and "hypoattenuating" in e.criterion.labels]
    if not entries:
        return failed(NAME, "types the pancreatic lesion without citing an attenuation criterion", "reasoner")
    try:
        label = entries[0].classify(_values(review), target=review.intent.lesion or "pancreas_lesion").label
    except KnowledgeError as err:
        return failed(NAME, f"cannot recompute {entries[0].id!r}: {err}", "measurement")
    kind = "PDAC" if label == "hypoattenuating" else "PNET"
    said = _kind_said(review, text)
    if said != kind and said is not None:
        return failed(NAME, f"says {said}, but the largest lesion is {label} ({entries[0].id}): {kind}", "reasoner",
                      [entries[0].id])
    return passed(NAME, f"largest pancreatic lesion {label} -> {kind}, as stated", [entries[0].id])


KIND_WORDS = {"PDAC": re.compile(r"\bPDAC\b|\b(?:ductal\s+)?adenocarcinoma\b", re.IGNORECASE),
              "PNET": re.compile(r"\bPNETs?\b|\bneuroendocrine\b", re.IGNORECASE)}
"""How an answer names each solid pancreatic tumour of the PDAC-versus-PNET task."""


def _kind_said(review: ReviewInput, text: str) -> str | None:
    """The kind the answer gives, read in its headline and its chosen option ("C. PNET: lesion 3.1 SD below ...":
    the option's words are the claim): "PDAC", "PNET", the chosen option's own words when it names neither (a
    mucinous cystic neoplasm chosen for a solid lesion), or None when nothing is said of the kind."""
    option = review.chosen_option
    head = f"{re.split(r'[.;]', text.lstrip(' .:'), maxsplit=1)[0]} {option}"
    named = [kind for kind, words in KIND_WORDS.items() if words.search(head)]
    if len(named) == 1:
        return named[0]
    return option.strip() or None if not named else None


def _typed_solid(review: ReviewInput) -> Check | None:
    """PDAC versus PNET by the provided typed masks: the largest lesion typed PDAC or PNET is the solid tumour asked
    (`asked_kind.largest_typed_solid`, the reasoner's own reading); None when none is typed."""
    typed = largest_typed_solid(review.by_key)
    if typed is None:
        return None
    largest = typed[0]
    kind = str(largest.value)
    said = _kind_said(review, review.claim_text)
    if said != kind and said is not None:
        return failed(NAME, f"says {said}, but the provided mask types the largest solid lesion {kind}", "reasoner",
                      [largest.id])
    return passed(NAME, f"the largest solid pancreatic lesion is typed {kind} by the provided mask, as stated", [largest.id])


def _type_present(review: ReviewInput, open_option: str | None) -> Check:
    """PDAC or PNET present by `pancreatic_type_found`; "cannot be determined" only where it leaves the question open."""
    wanted = "PDAC" if review.intent.task.startswith("PDAC") else "PNET"
    typed = typed_presence(review.by_key, "pancreas_lesion", wanted)
    if typed is not None:  # the provided typed mask decides, as for the reasoner (`asked_kind.typed_presence`)
        said = None if open_option else claims_finding(review)
        if open_option or said is None or said != typed[0]:
            return failed(NAME, f"the provided {wanted.lower()} mask types {'a' if typed[0] else 'no'} pancreatic lesion as "
                                f"{wanted}: the answer should be {'yes' if typed[0] else 'no'}", "reasoner", typed[1])
        return passed(NAME, f"{wanted}: {'yes' if typed[0] else 'no'} by the provided typed mask, as stated", typed[1])
    verdict, content, kind = _type_verdict(review)
    said = None if open_option else claims_finding(review)  # the letter chosen when the words say neither
    why = f"{content[0]} by {content[1]}" if content else "content not cited"
    if open_option:
        said = [lab for clause in clauses(review.claim_text) if not OPEN_WORDS.search(clause) and not denies(clause)
                for lab in labels_in(clause, ["cystic", "solid"])]
        if verdict == "indeterminate" and said:  # "cannot be determined: the lesion is clearly solid"
            return failed(NAME, f"chooses {open_option!r} but calls the lesion {said[0]!r}, which {why} is not",
                          "reasoner")
        if verdict == "indeterminate":
            return passed(NAME, f"the only pancreatic lesion is {why} and its enhancement fits {wanted}: the criteria "
                                f"leave it open, as {open_option!r} says")
        return failed(NAME, f"chooses {open_option!r}, but the criteria {'answer ' + verdict if verdict in ('yes', 'no') else 'do not reach'} "
                            f"(largest lesion {why}, enhancement {kind or 'unknown'})", "reasoner")
    if verdict == "indeterminate" and said is not None:
        return failed(NAME, f"{answers(review, said)}, but the only pancreatic lesion is {why} and its enhancement fits "
                            f"{wanted}: the criteria leave it open", "reasoner")
    if verdict in ("yes", "no") and said is not None and said != (verdict == "yes"):
        return failed(NAME, f"{answers(review, said)}, but the largest lesion is {why} with {kind or 'no'} enhancement: "
                            f"{verdict}", "reasoner")
    each = _each_lesion(review, wanted) if verdict == "undecided" else None
    if each is not None:  # every lesion typed on its own measures, as the reasoner reads them
        if said is not None and said != each[0]:
            return failed(NAME, f"{answers(review, said)}, but {each[2]}", "reasoner", each[1])
        return passed(NAME, f"{wanted}: {'yes' if each[0] else 'no'} ({each[2]}), as stated", each[1])
    if verdict == "undecided" and said is True:
        return failed(NAME, f"{answers(review, True)}, but the largest lesion ({why}) is not shown to be a solid "
                            f"{wanted}", "reasoner")
    if verdict == "undecided" and said is False:  # the largest is ruled out, the others are not typed
        return failed(NAME, f"{answers(review, False)}, but only the largest of several pancreatic lesions is typed "
                            f"({why}): the others may be a {wanted}", "reasoner")
    return passed(NAME, f"{wanted}: {verdict} (largest lesion {why}, enhancement {kind or 'unknown'}), as stated")


def _each_lesion(review: ReviewInput, wanted: str) -> tuple[bool, list[str], str] | None:
    """PDAC or PNET present with every pancreatic lesion typed on its own measures by the cited content and enhancement
    criteria (`asked_kind.instance_type_presence`, the reasoner's reading)."""
    from agents.reasoners.asked_kind import instance_type_presence, type_criteria

    bounded = "pancreas_lesion.lesion_count" not in review.by_key  # only a lower bound: a lesion found of the type is a yes
    return instance_type_presence(review.by_key, wanted, *type_criteria(review.criterion_entries()), bounded=bounded)


def _pancreatic_content(review: ReviewInput) -> tuple[str, str] | None:
    """(solid / cystic / indeterminate, entry id) of the largest pancreatic lesion by the cited criterion, if any; an
    indeterminate one typed by its mask when the cyst mask was provided (`asked_kind.mask_typed_content`, as the
    reasoner reads it)."""
    from agents.reasoners.asked_kind import mask_typed_content
    from knowledge import KnowledgeError

    for entry in review.criterion_entries():
        if entry.criterion is not None and {"cystic", "solid"} <= set(entry.criterion.labels):
            try:
                label = entry.classify(_values(review)).label
            except KnowledgeError:
                return None
            typed = mask_typed_content(review.by_key, "pancreas_lesion") if label == "indeterminate" else None
            return (typed[0], f"{entry.id} and its mask ({typed[2]})") if typed else (label, entry.id)
    return None


# -- resectability on the stated basis ---------------------------------------------------------------------------

CATEGORY_WORDS = (("borderline resectable", r"\bborderline\b"),
                  ("locally advanced", r"\b(locally advanced|unresectable|not resectable|non-?resectable|irresectable)\b"),
                  ("resectable", r"\bresectable\b"))
"""Words naming each vessel-contact category, most specific first ("borderline resectable" holds "resectable")."""
OTHER_CATEGORY = re.compile(r"\bmetasta\w*|\bdistant\b", re.IGNORECASE)
"""A category no vessel contact decides (metastatic disease)."""
VESSELS = {"aorta": re.compile(r"\baort\w*", re.IGNORECASE),
           "postcava": re.compile(r"\b(ivc|inferior vena cava|vena cava|cava\w*|postcava)\b", re.IGNORECASE)}
DEFINITION = re.compile(r"\b(?:aort\w*|ivc|(?:inferior )?vena cava|postcava)\s+(?:contact\s*)?(?:=|is|means|:|as)?\s*"
                        r"(?:arterial|venous)\b|\b(?:arterial|venous)(?:\s+contact)?\s*(?:=|is|means|:)?\s*(?:the\s+)?"
                        r"(?:aort\w*|ivc|(?:inferior )?vena cava|postcava)\b", re.IGNORECASE)
"""The basis restated ("aorta contact arterial", "venous = IVC"): a definition, no contact said."""
NO_CONTACT = re.compile(r"\b(no|not|neither|nor|never|without|not in|free of|clear of|separate[ds]? from|spar\w+|away from|apart from|"
                        r"does not (touch|abut|contact)|doesn't (touch|abut|contact)|no longer (touch|abut)\w*)\b",
                        re.IGNORECASE)
CONTACT = re.compile(r"\b(contact\w*|touch\w*|abut\w*|encas\w*|involv\w*|invad\w*|invasion)\b",
                     re.IGNORECASE)


def stated_category(text: str) -> str | None:
    """The vessel-contact category the text names first ("Borderline resectable (venous contact)"), "other" for a
    category no contact decides ("Metastatic"), None when it names none."""
    low = text.lower()
    found = []
    for label, pattern in CATEGORY_WORDS:
        match = re.search(pattern, low)
        if match is not None and not any(s <= match.start() < e for s, e, _ in found):
            found.append((match.start(), match.end(), label))
    other = OTHER_CATEGORY.search(text)
    if other is not None:
        found.append((other.start(), other.end(), "other"))
    return min(found)[2] if found else None


def vessel_contact_grounding(review: ReviewInput) -> Check:
    """The category stated and every vessel's contact said are those the stated basis gives the measured distances."""
    from agents.reasoners.base import InsufficientEvidence
    from agents.reasoners.vessel_contact import vessel_contact

    try:
        reading = vessel_contact(review.evidence, review.intent.lesion or "pancreas_lesion", intent=review.intent)
    except InsufficientEvidence as err:
        return failed(NAME, f"cannot recompute the vessel-contact basis: {err.reason}", err.agent)  # type: ignore[arg-type]
    ids = reading.evidence_ids
    option = review.chosen_option
    stated = stated_category(review.headline) or stated_category(review.claim_text) or stated_category(option)
    if stated is None:
        return failed(NAME, f"states no resectability category; the stated basis gives {reading.label!r}", "reasoner", ids)
    if stated != reading.label:
        said = "a category no vessel contact decides" if stated == "other" else repr(stated)
        return failed(NAME, f"states {said}, but the measured distances give {reading.label!r} on the stated basis "
                            f"({_distances(reading)})", "reasoner", ids)
    for clause in re.split(r"[;.]\s|\band\b|,|\bbut\b|\bwhile\b", DEFINITION.sub(" ", review.claim_text)):
        named = [v for v, pattern in VESSELS.items() if pattern.search(clause)]
        if len(named) != 1:
            continue
        says = False if NO_CONTACT.search(clause) else True if CONTACT.search(clause) else None
        touches = reading.reach[named[0]] <= reading.contact_mm
        if says is not None and says != touches:
            return failed(NAME, f"says {'contact' if says else 'no contact'} with the {named[0]} ({clause.strip()!r}), "
                                f"but it lies {reading.distances_mm[named[0]]:g} mm from the lesion (contact: within "
                                f"{reading.contact_mm:g} {'one-voxel dilations' if reading.unit == 'voxel' else 'mm'})",
                          "reasoner", ids)
    return passed(NAME, f"the stated basis gives {reading.label!r} ({_distances(reading)}), as stated", ids)


def _distances(reading) -> str:  # noqa: ANN001 - VesselContact
    return "; ".join(f"{v} {'>= ' if v in reading.beyond else ''}{d:g} mm" for v, d in reading.distances_mm.items())
