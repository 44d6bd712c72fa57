"""Entity grounding, citations and scope: what the answer names exists and stays within the case."""

from __future__ import annotations

import re

from agents.review_checks.asides import organs_of_true_asides
from agents.review_checks.base import ReviewInput, failed, family, passed, target_families
from agents.review_checks.distances import distances_said
from core.anatomy import ORGAN_SYNONYMS, ORGANS, STUDY_TARGETS, VESSEL_CONTACTS, is_lesion
from core.case import Check
from questions.intents import extract, structures_named

TRACK_ORGANS = {
    # An abdominal CT shows the lung bases: naming them is within its field of view.
    "abdomen_ct": {"liver", "spleen", "kidney", "pancreas", "colon", "stomach", "gall_bladder", "aorta", "postcava",
                   "adrenal_gland", "lung", "intestine", "duodenum"},
    "chest_ct": {"lung", "aorta", "adrenal_gland", "liver", "spleen", "stomach"},
}
TRACK_MODALITY = {"abdomen_ct": "CT", "chest_ct": "CT", "head_ct": "CT", "other_ct": "CT", "mr": "MR",
                  "radiograph": "XR"}
MODALITY_WORDS = {
    "MR": r"\bmri\b|\bmr\b|magnetic resonance|t1-weighted|t2-weighted",
    "US": r"ultrasound|sonograph\w*|doppler",
    "XR": r"radiograph\w*|x-ray",
    "PET": r"\bpet\b",
    "CT": r"\bct\b|computed tomography",
}


NAMED_BEYOND_ORGANS = frozenset({"duodenum", "esophagus", "celiac_trunk", "bladder"})
"""Structures besides the organ families whose naming in an answer must be backed by cited evidence."""
assert NAMED_BEYOND_ORGANS <= set(ORGANS), "NAMED_BEYOND_ORGANS names a structure outside core.anatomy.ORGANS"


def named_structures(text: str) -> set[str]:
    """The organ families a text names, plus `NAMED_BEYOND_ORGANS`; a vessel's words name the vessel ("the
    portal/splenic vein" names no spleen: `questions.intents.structures_named`)."""
    return {f for f in map(family, structures_named(text)) if f in ORGAN_SYNONYMS or f in NAMED_BEYOND_ORGANS}


NO_SEGMENT = re.compile(r"\bsegments?\s+(?:(?:0|9|[1-9]\d+)(?!\d|[.,]\d|\s*(?:%|per\s?cent\b))|(?:ix|x|xi|xii|xiii|0)\b)", re.IGNORECASE)
"""A liver segment past Couinaud's eight ("segment IX", "segment 9"); "top segment 40 %" is a share, not a name."""


def compared_organs(review: ReviewInput) -> set[str]:
    """The organs a cited comparison of studies (RECIST targets, new lesions) speaks of: the organs of the lesion
    masks its provenance lists, or of the lesion groups measured on the prior study."""
    studies = [e for e in review.cited if e.target in STUDY_TARGETS]
    if not studies:
        return set()
    masks = {str(lesion.get("mask")) for e in studies for lesion in (e.provenance.model_dump().get("lesions") or [])
             if isinstance(lesion, dict)}
    prior = {e.target for e in review.evidence if e.name.startswith("prior_") and e.target and is_lesion(e.target)}
    return {f for target in masks | prior for f in target_families(target)}


def _contacts_measured(review: ReviewInput) -> set[str]:
    """The vessels whose contact with the asked lesion group was measured, cited or not: a resectability answer names
    each vessel's contact, whichever items it cites (the numbers said are held to them by the grounding checks)."""
    group = review.intent.lesion
    return {family(vessel) for e in review.evidence if group and e.target == group and e.name in VESSEL_CONTACTS
            for vessel in VESSEL_CONTACTS[e.name]}


NOT_ASSESSED = re.compile(r"[^.;\n()]*\b(?:(?:was|were|is|are)\s+)?(?:not|never)\s+(?:been\s+)?(?:assessed|evaluated|examined|"
                          r"reviewed|measured|addressed|included|imaged|segmented|looked at)\b[^.;\n()]*", re.IGNORECASE)
"""A clause saying an organ was not assessed ("The gallbladder wall was not assessed.", "(The adrenal glands were not
assessed for this question.)"): it names the organ only to claim nothing of it."""


COLON_PART = re.compile(r"\b(sigmoid|rectosigmoid|c(?:a)?ecum|rectum|hepatic flexure|splenic flexure|(?:ascending|transverse|"
                        r"descending)(?=\s+colon\b))(?:\s+colon)?\b", re.IGNORECASE)
"""A part of the colon ("in the sigmoid colon"): the lesion masks say the colon, never which part of it."""


GENERIC_ORGANS = 2
"""A cited criterion naming more organs than this is a rule of any organ's (lesion existence, counting, the volume
method): citing it vouches for none of them."""


def entity_grounding(review: ReviewInput) -> Check:
    """Every organ the answer names is a structure of the evidence it cites (or of the question)."""
    name = "entity_grounding"
    named = named_structures(NOT_ASSESSED.sub(" ", review.claim_text))
    cited = {f for e in review.cited for f in target_families(e.target)}
    for e in review.cited:
        if isinstance(e.value, str):  # a location or neighbour named by a cited measurement
            cited |= named_structures(e.value.replace("_", " "))
    cited |= compared_organs(review)
    cited |= organs_of_true_asides(review)  # "larger than the spleen (659.9 mL)": named with its own true value
    cited |= {s for d in distances_said(review, review.claim_text) if d.holds for s in d.structures}  # "6 mm from the IVC"
    for entry in review.criterion_entries():
        cited |= set(entry.organs) if len(entry.organs) <= GENERIC_ORGANS else set()  # a rule of every lesion group
        # (dtvqa-lesion-existence) names no organ: "No - no renal lesion" to a colon question cites the colon's count
        if entry.criterion is not None:
            cited |= {f for key in entry.criterion.quantity_keys for f in target_families(key.split(".")[0])}
    intent = review.intent
    asked = {f for t in (intent.organ, intent.lesion, *(q.split(".", 1)[0] for q in intent.quantities))
             for f in target_families(t)}
    segmented = {family(e.target or "") for e in review.evidence
                 if e.kind in ("segmentation", "measurement") and e.target}
    cited |= _contacts_measured(review)  # "0° contact with the SMA, the celiac axis and the SMV": each vessel's contact
    problems = [f"names {said.group(0)!r}, which is no Couinaud segment (the liver has segments 1 to 8)"
                for said in NO_SEGMENT.finditer(review.claim_text)]
    located = " ".join(str(e.value).lower() for e in review.evidence if isinstance(e.value, str))
    problems += [f"places it in the {part.group(0)}, a part of the colon no measurement locates"
                 for part in COLON_PART.finditer(NOT_ASSESSED.sub(" ", review.claim_text))
                 if part.group(1).lower().replace("caecum", "cecum") not in located.replace("caecum", "cecum")][:1]
    for organ in sorted(named):
        if organ in cited:
            continue
        if organ in asked and organ in segmented:
            continue
        where = "segmented but not cited" if organ in segmented else "not in the segmentation evidence"
        problems.append(f"names the {organ}, {where}")
    other = _only_other_organs_measured(review)
    if other is not None:
        problems.append(other)
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    return passed(name, f"named structures {sorted(named)!r} are in the cited evidence")


OWN_SIZE_VERDICTS = frozenset({"organ enlargement", "splenomegaly detection"})
"""Yes/no verdicts decided by the organ's own volume alone (portal hypertension reads the spleen for the liver)."""


def _only_other_organs_measured(review: ReviewInput) -> str | None:
    """Why a yes/no verdict on one organ rests on no measure of it: every value it states is another organ's
    ("Is the liver larger than normal?" -> "No. spleen volume 398.0 mL"); None otherwise (a value of the organ asked
    stated too, no value stated, or the question names more than one organ)."""
    from agents.review_checks.asides import true_asides

    intent = review.intent
    if intent.task not in OWN_SIZE_VERDICTS or intent.answer_form != "yes_no" or not intent.organ or intent.lesion or \
            len(extract(review.question or "").organs) > 1:
        return None
    asked = family(intent.organ)
    asides = true_asides(review)
    if not asides or any(asked in target_families(e.target) for _, held in asides for e in held):
        return None
    others = sorted({f for _, held in asides for e in held for f in target_families(e.target)} - {asked})
    said = {f for mention, _ in asides for f in extract(review.claim_text[max(0, mention.start - 40):mention.start]).organs}
    if not others or asked in said:
        return None
    return f"answers whether the {asked} is so with the {' and '.join(others)}'s measure only, not the {asked}'s"


def citations(review: ReviewInput) -> Check:
    """The answer cites evidence, and every id it cites exists."""
    name = "citations"
    answer = review.answer
    assert answer is not None
    unknown = [i for i in answer.evidence_ids if i not in review.by_id]
    if unknown:
        return failed(name, f"cites evidence that does not exist: {unknown!r}", "reasoner")
    if not answer.evidence_ids:
        return failed(name, "the answer cites no evidence", "reasoner")
    named = [m.group(1) for m in CRITERION_NAMED.finditer(review.claim_text)]
    known = {entry.id for entry in review.base} | {e.name for e in review.evidence} | {
        i.split(":")[-1] for i in review.by_id} if named else set()
    invented = [n for n in named if n not in known]
    if invented:
        return failed(name, f"names criterion {invented[0]!r}, which is no entry of the knowledge base", "reasoner")
    return passed(name, f"{len(answer.evidence_ids)} cited item(s), all present", list(answer.evidence_ids))


CRITERION_NAMED = re.compile(r"\b(?:criterion|criteria|entry|rule|guideline)\s*(?:id\s*)?[:(]?\s*((?:dtvqa|recist|ajcc|nccn|"
                             r"bosniak|fukuoka)[a-z0-9]*(?:-[a-z0-9.]+)+)", re.IGNORECASE)
"""A knowledge-base entry named by its id in the text ("(criterion dtvqa-portal-spleen-index-2)")."""


ADVICE_AROUND = re.compile(r"\b(?:recommend\w*|suggest\w*|advis\w*|consider\w*|further|follow-?up|"
                          r"characteri[sz]\w*|correlat\w*|could|may|might|would)\b")
"""A sentence that advises another test ("MRI is recommended for characterisation") speaks of no study of it."""


def _sentence_of(text: str, at: int) -> str:
    begin = max(text.rfind(". ", 0, at), text.rfind(";", 0, at)) + 1
    ends = [i for i in (text.find(". ", at), text.find(";", at)) if i >= 0]
    return text[begin:min(ends) if ends else len(text)]


def scope(review: ReviewInput) -> Check:
    """The answer does not contradict triage: same modality, organs within the track's anatomy."""
    name = "scope"
    problems = []
    failed_triage = [e for e in review.evidence if e.kind == "check" and e.agent == "triage" and e.passed is False]
    if failed_triage:
        problems.append(f"triage failed {[e.name for e in failed_triage]!r}, yet an answer was given")
    text = review.claim_text.lower()
    expected = TRACK_MODALITY.get(review.track or "")
    for modality, pattern in MODALITY_WORDS.items():
        said = [m for m in re.finditer(pattern, text) if not ADVICE_AROUND.search(_sentence_of(text, m.start()))]
        if expected and modality != expected and said:
            problems.append(f"speaks of {modality} on a {expected} study")
    anatomy = TRACK_ORGANS.get(review.track or "")
    if anatomy is not None:
        outside = sorted(set(extract(review.claim_text).organs) - anatomy)
        if outside:
            problems.append(f"names {outside!r}, outside the {review.track} field of view")
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    return passed(name, f"consistent with triage (track {review.track!r})")
