"""Why a case abstains, in clinical words; the internal check names stay in `Check.name`.

"the liver was not found in the image; provide its mask or configure a segmentation model" says
what a reader can act on; "completeness: the question needs ['liver.volume_ml']" stays in the
structured check for the engineer.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from core.anatomy import STUDY_TARGETS, organs_of
from core.case import Check
from knowledge.bounds import change_bound_sentence, recist_bound_sentence, recist_sums_withheld

_FIXED = {
    "citations": "the answer does not point to any measurement it rests on",
    "numeric_grounding": "a number in the answer is not a measured value of the structure it names",
    "derivation": "a derived value does not recompute from its measurements",
    "entity_grounding": "the answer names an organ that was not segmented or measured",
    "choice_validity": "the option chosen does not match what the answer itself states",
    "scope": "the answer goes beyond what this study shows",
    "substance": "the answer was hedged or empty, so it is reported as no answer",
    "second_opinion": "a second reader came to a different answer",
    "comparison": "the answer compares values in a way the measured values contradict",
    "support": "the answer states a finding that no measurement or cited criterion supports",
    "lesions": "the answer places a lesion where it does not lie, or gives it another lesion's measurement",
}


_NOT_SEGMENTED = {
    "other": "the image is not a CT (no modality is given and its values are not Hounsfield units), and clinorch's "
             "own segmenter works on CT; declare its modality (`--modality`, or `modality` in the case file), provide the "
             "masks, or give an abdominal CT",
    "radiograph": "a radiograph is a projection, with no organ volumes in it; give an abdominal CT",
    "mr": "clinorch's own segmenter works on CT and this is an MR image; provide the masks or configure a "
          "segmentation model trained on MR",
    "head_ct": "the CT shows the head, not the abdomen",
    "chest_ct": "the CT shows the chest; give a CT that covers the abdomen",
}
"""Tracks on which the embedded segmenter does not look for abdominal organs, and why (`track_of`)."""


def _words(structure: str) -> str:
    if structure.endswith(("_left", "_right")):
        organ, _, side = structure.rpartition("_")
        return f"{side} {organ.replace('_', ' ')}"
    return structure.replace("_", " ")




_NEEDS = re.compile(r"criterion '[^']+' needs \[|no measured |the [\w /-]+ (?:was not measured|(?:is|are) not known)$")
"""A reasoner's reason that names a missing quantity and no cause ("the spleen volume was not measured", or the older
"criterion 'x' needs ['spleen.volume_ml']"): said from the missing quantity and the segmentation evidence instead."""


def _not_found(review: ReviewInput, organ: str) -> list:
    """The segmentation evidence that `organ` was looked for and not found."""
    return [e for e in review.evidence if e.kind == "segmentation" and e.name == "present" and e.value is False
            and e.target.rsplit(":", 1)[-1] == organ and getattr(e.provenance, "not_found", False)]


def _why_not_found(review: ReviewInput, organ: str) -> str | None:
    """The segmenter's own reason a structure was not found (its not-found evidence's `why`), if it gave one."""
    return next((str(e.provenance.why) for e in _not_found(review, organ) if getattr(e.provenance, "why", None)), None)


def _comparative(quantity: str) -> bool:
    target, _, name = quantity.partition(".")
    return target in STUDY_TARGETS or name.startswith("volume_change")


def _missing(review: ReviewInput) -> list[str]:
    return [q for q in review.intent.quantities if q not in review.by_key]


def _not_exhaustive(review: ReviewInput, quantity: str) -> str | None:
    """Why a lesion group's set-wide quantity was withheld: a mask of the group is not exhaustive (its
    `lesions_exhaustive = False` segmentation evidence, as `<mask> mask is <reason>`); None when none is."""
    from core.anatomy import group_of
    from knowledge.bounds import LESIONS_EXHAUSTIVE

    group = group_of(quantity.split(".", 1)[0])
    for e in review.evidence:
        if e.kind == "segmentation" and e.name == LESIONS_EXHAUSTIVE and e.value is False and group is not None \
                and group_of(e.target.rsplit(":", 1)[-1]) == group:
            return f"{e.target} mask is {e.reason}"
    return None


def _size_unknown(review: ReviewInput, quantity: str) -> str | None:
    """Why a size was withheld because a mask it reads is known not to span its structure (the measurement agent's
    `size_unknown` check, `agents.measures.guards`), for the organ the quantity belongs to; None otherwise."""
    from agents.measures.guards import SIZE_WORDS
    from core.anatomy import SUBSEGMENTS

    target, _, name = quantity.rpartition(".")
    if not any(word in name for word in SIZE_WORDS):
        return None
    organs = set(organs_of(target.split("/")[0]))
    return next((str(e.reason) for e in review.evidence if e.kind == "check" and e.name == "size_unknown" and e.reason
                 and (e.target in organs or any(e.target in SUBSEGMENTS.get(o, ()) for o in organs))), None)


def _unprovided(review: ReviewInput, quantity: str) -> list[str]:
    """Why each lesion mask of a quantity's group is unknown: the segmentation evidence of a mask neither provided
    nor completed (`present` None, with its reason: missing is not zero)."""
    from core.anatomy import group_of

    group = group_of(quantity.split(".", 1)[0])
    return list(dict.fromkeys(str(e.reason) for e in review.evidence if group is not None and e.kind == "segmentation"
                              and e.name == "present" and e.value is None and e.reason
                              and group_of(e.target.rsplit(":", 1)[-1]) == group))


def clinical(check: Check, review: ReviewInput) -> str:
    """One sentence a clinician can act on for a failed check."""
    from knowledge.needs import quantity_phrase

    if check.name in _FIXED:
        return f"{_FIXED[check.name]} ({check.reason})"
    if check.name in ("answered", "completeness"):
        missing = _missing(review)
        own = check.reason.removeprefix("no answer: ")
        if check.name == "answered" and own and not _NEEDS.match(own):
            return own  # the reasoner's own explanation (e.g. the missing prior study) already reads clinically
        bound = recist_sums_withheld(review.evidence)
        if missing and all(_comparative(q) for q in missing) and bound:
            recist = any(q.split(".")[0] in STUDY_TARGETS for q in missing)
            return recist_bound_sentence(bound) if recist else change_bound_sentence(missing[0], bound)
        if missing and all(_comparative(q) for q in missing):
            return ("no prior study was measured to compare with; add the earlier study as an image with "
                    "role 'prior' and its acquisition date")
        if missing and (check.agent == "segmentation" or all(_not_found(review, o) for q in missing
                                                              for o in organs_of(q.split(".")[0].split("/")[0]))):
            organs = list(dict.fromkeys(o for q in missing for part in q.split(".")[0].split("/")
                                        for o in organs_of(part)))
            names = " and ".join(_words(o) for o in organs)
            if review.track in _NOT_SEGMENTED:
                return f"the {names} {'was' if len(organs) == 1 else 'were'} not looked for: {_NOT_SEGMENTED[review.track]}"
            whys = list(dict.fromkeys(w for o in organs if (w := _why_not_found(review, o))))
            return (f"the {names} {'was' if len(organs) == 1 else 'were'} not found in the image"
                    f"{' (' + '; '.join(whys) + ')' if whys else ''}; provide "
                    f"{'its mask' if len(organs) == 1 else 'their masks'} or configure a segmentation model")
        if check.agent == "measurement" and missing and (unknown_size := _size_unknown(review, missing[0])):
            return f"the {quantity_phrase(missing[0])} is not measured: {unknown_size}"
        if check.agent == "measurement" and missing:
            why = _not_exhaustive(review, missing[0])
            unknown = _unprovided(review, missing[0])
            if why is None and unknown:  # "no kidney_cyst mask was provided: whether the kidney holds a cyst is unknown"
                return f"the {quantity_phrase(missing[0])} is not known: {'; '.join(unknown)}"
            return f"the {quantity_phrase(missing[0])} could not be measured from the segmentation" + (
                f": its {why}" if why else "")
        if check.agent == "knowledge":
            return "no guideline criterion in the knowledge base decides this question"
        return f"the evidence does not settle the question ({check.reason.removeprefix('no answer: ')})"
    if check.name == "rule_grounding":
        return f"the category stated disagrees with the cited criterion applied to the measurements ({check.reason})"
    if check.name == "answer_kind":
        return f"the answer does not answer the question asked: {check.reason}"
    if check.name == "side":
        return f"the side named does not match the side measured: {check.reason}"
    if check.name == "parts":
        return f"part of the question was not answered: {check.reason}"
    return check.reason
