"""Whether a PDAC or a PNET is present, from the largest pancreatic lesion: one rule for the reasoner and the reviewer.

Only a solid mass is typed (PDAC hypoattenuating to the gland, PNET iso- or hyperattenuating). A lesion whose
attenuation leaves solid or cystic open (21-30 HU: a cyst with debris or a poorly enhancing solid mass) is still ruled
out as the type its enhancement contradicts; when its enhancement fits the type asked, the criterion leaves the
question open ("indeterminate"), and an option saying so is the answer.
"""

from __future__ import annotations

from typing import Literal

PancreaticType = Literal["PDAC", "PNET"]
TypeVerdict = Literal["yes", "no", "indeterminate", "undecided"]
"""`yes`/`no`: decided; `indeterminate`: the cited criteria leave it open on this lesion (say so, if an option does);
`undecided`: the evidence does not reach (more than one lesion, or an unknown count, with the largest one's content
open; or its content or enhancement unknown): abstain."""


def pancreatic_type_found(wanted: PancreaticType, lesion_count: int | None, content: str | None,
                          hypoattenuating: bool | None) -> TypeVerdict:
    """Whether the wanted type is present.

    Args:
        wanted: "PDAC" or "PNET".
        lesion_count: pancreatic lesions counted; None when not known.
        content: the largest lesion's label by the cited solid-or-cystic criterion (`cystic`, `indeterminate`,
            `solid`); None when not known.
        hypoattenuating: the largest lesion is hypoattenuating to the gland by the cited enhancement criterion (PDAC
            pattern); None when not known.
    """
    if lesion_count == 0:
        return "no"
    several = lesion_count != 1  # only the largest lesion is typed: a smaller one may be the type asked
    if content == "cystic":
        return "undecided" if several else "no"
    if content is None or hypoattenuating is None:
        return "undecided"
    kind: PancreaticType = "PDAC" if hypoattenuating else "PNET"
    if content == "solid":
        return "yes" if kind == wanted else ("undecided" if several else "no")
    if several:  # the largest lesion's content is open
        return "undecided"
    return "no" if kind != wanted else "indeterminate"  # its enhancement rules the other type out


ASKED_KIND: dict[str, tuple[str, str]] = {
    "pancreatic cyst resectability": ("pancreas_lesion", "cyst"),
    "pseudocyst determination": ("pancreas_lesion", "cyst"),
    "PDAC vs PNET classification": ("pancreas_lesion", "solid"),  # only a solid mass is PDAC or PNET
}
"""Tasks about "the largest <kind>" of a group, not the group's largest lesion: task -> (lesion group, kind). Any other
task reading the group's largest lesion asks a kind when its question names one (`core.state.Intent.lesion_kind`:
"the solid mass", "the cystic lesion")."""
SOLID_UNLESS_NAMED: dict[str, str] = {"pancreatic tumor staging": "pancreas_lesion",
                                      "pancreatic lesion resectability": "pancreas_lesion"}
"""Tasks about a tumour, task -> its default lesion group: the lesion read is the largest solid one unless the question
names another kind (AJCC T stages the carcinoma, never a larger cyst beside it: suite Y's staging questions)."""
LesionKind = Literal["solid", "cyst", "tumor"]
"""The lesion kinds a question names: a cyst, a solid (non-cystic) mass, or a tumour (solid where masks type the
group's lesions, any lesion otherwise: `agents.reasoners.asked_kind`)."""
CONTENT_CRITERION = {"pancreas_lesion": "pancreatic-lesion-solid-vs-cystic",
                     "kidney_lesion": "dtvqa-kidney-lesion-solid-vs-cyst",
                     "liver_lesion": "hepatic-lesion-solid-vs-cystic"}
"""Group -> the criterion that types a lesion as cystic or solid by its mean HU when no mask says its kind."""
CONTENT_KIND = {"cystic": "cyst", "cyst": "cyst", "solid": "solid", "solid tumor": "solid"}
"""A content criterion's label -> the kind it types (any other label, `indeterminate`, leaves the kind unknown)."""
CYST_MASKS: dict[str, str] = {"kidney_cyst": "kidney_lesion", "pancreas_cyst": "pancreas_lesion"}
"""Lesion masks of a group that hold its cysts, beside the mask holding its other (solid) lesions: cyst mask -> group.
When one was provided, each lesion's kind is the kind of the mask it came from."""
KindVerdict = Literal["yes", "no", "unknown"]


def largest_of_kind(verdicts: list[KindVerdict]) -> int | None | Literal["undecided"]:
    """Which lesion is the largest of the kind asked, from each lesion's verdict (largest lesion first).

    Returns:
        The 1-based rank of the first lesion of the kind; None when no lesion is of it; `undecided` when a larger
        lesion's kind is unknown (it might be the one asked).
    """
    for rank, verdict in enumerate(verdicts, start=1):
        if verdict == "unknown":
            return "undecided"
        if verdict == "yes":
            return rank
    return None
