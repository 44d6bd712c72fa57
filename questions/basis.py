"""The basis a question names: "judging by spleen size alone", "based on the caudate-to-right-lobe ratio".

A question that names its basis is answered on that basis, not on every arm of the criterion
(portal hypertension is spleen volume OR caudate/right-lobe ratio; "by spleen size alone" asks
only the first). The basis is one of the task's own quantity keys, so an unrelated measurement
named in passing never becomes one.
"""

from __future__ import annotations

import re
from typing import Literal

# Quantity key -> words naming it. Linear-time patterns (no nested quantifiers).
QUANTITY_WORDS: dict[str, str] = {
    "spleen.volume_ml": r"\b(spleen|splenic) (size|volume|enlargement)|\bsplenomegaly\b|\bsplenic index\b",
    "liver.caudate_right_lobe_ratio": r"\bcaudate\b|\bc/rl\b",
    "liver/spleen.hu_ratio": r"\bl/s\b|\bliver[- ]to[- ]spleen\b|\bliver/spleen\b|\bhepatic[- ]to[- ]splenic\b|"
                             r"\bliver (and|versus|vs) spleen (attenuation|hu|density)",
    "liver.mean_hu": r"\b(liver|hepatic) (attenuation|density|hu)\b|\bmean liver hu\b|\babsolute (attenuation|hu)\b",
    "pancreas/spleen.hu_ratio": r"\bp/s\b|\bpancreas[- ]to[- ]spleen\b|\bpancreatic[- ]to[- ]splenic\b",
    "pancreas.mean_hu": r"\bpancrea\w* (attenuation|density|hu)\b",
}
NAMES_BASIS = (r"\b(based (on|upon)|judging (by|from)|judged by|going by|using|according to|per|by|from|on the "
               r"basis of|in terms of)\b|\b(alone|only|solely)\b|\b(suggestive|indicative) of\b|\bas an? (sign|marker|clue) of\b|"
               r"\bpointing to\b")
"""A basis named: "judging by spleen size alone", "splenomegaly suggestive of portal hypertension" (the named finding is
the arm asked)."""


JOINS_ARMS = r"\b(either|both|each|all|any|worst|worse|whichever|more severe|higher|or|and)\b"
"""Words that join several named arms of a criterion into one basis ("either ... or", "both", "the worse of"): the
criterion's own combination of its arms decides, none of them alone."""


VESSEL_CONTACT = "pancreas_lesion.vessel_contact"
"""The basis "judging by contact with the aorta (arterial) or IVC (venous)" names for resectability (not the NCCN
degrees of SMA/celiac/SMV contact): `knowledge.stated.vessel_contact_criterion`."""
_CONTACT = re.compile(r"\b(contact|touch\w*|abut\w*|encas\w*|involv\w*|invasion|invad\w*)\b")
_AORTA = re.compile(r"\baort\w*\b")
_CAVA = re.compile(r"\b(ivc|vena cava|caval?|postcava)\b")


def basis_quantities(basis: str | None, quantities: list[str], said: str = "") -> list[str]:
    """The quantity keys a named basis decides on: for `VESSEL_CONTACT`, the largest lesion's distance from each
    vessel the question and its options (`said`) name (`{vessel}.distance_from_{group}_1_mm`) instead of the NCCN
    contact degrees. Naming the celiac axis, the SMV or the portal/splenic vein, or no vessel at all, they are those
    vessels (the SMA and the celiac axis arterial, the portal/splenic vein venous by default); naming the aorta or the
    IVC, the aorta and the IVC, and the SMA when named."""
    if basis != VESSEL_CONTACT:
        return quantities
    group = next((q.split(".")[0] for q in quantities if q.endswith("_contact_deg")), "pancreas_lesion")
    low = said.lower()
    if _NCCN_VESSELS.search(low) or not (_AORTA.search(low) or _CAVA.search(low)):  # no vessel named ("its contact
        # with the peripancreatic vessels"): NCCN's, the SMA and celiac axis arterial, the portal/splenic vein venous
        named = [vessel for vessel, words in VESSEL_WORDS.items() if words.search(low)]
        arteries = [v for v in named if v in ("aorta", "superior_mesenteric_artery", "celiac_trunk")] or \
            ["superior_mesenteric_artery", "celiac_trunk"]
        veins = [v for v in named if v not in arteries] or ["portal_vein_and_splenic_vein"]
        vessels = tuple(arteries + veins)
    else:
        vessels = ("aorta", "superior_mesenteric_artery", "postcava") if _SMA.search(low) else ("aorta", "postcava")
    return [f"{vessel}.distance_from_{group}_1_mm" for vessel in vessels]


def named_basis(question: str | None, quantities: list[str], options: list[str] | None = None) -> tuple[str | None, list[str]]:
    """The basis the question and its options name (`basis_of`) and the quantity keys the answer then decides on."""
    basis = basis_of(question, quantities, options)
    return basis, basis_quantities(basis, quantities, " ; ".join([question or "", *(options or [])]))


_OTHER_VESSELS = re.compile(r"\b(smv|celiac|coeliac|portal|hepatic artery|superior mesenteric vein|splenic vein|cha)\b|"
                            r"\b(sma|superior mesenteric artery)\b(?!\s+or aort)(?!.*\barterial contact)")
"""Vessels of the NCCN degrees of contact: options naming them ask NCCN, not the aorta/IVC basis (the SMA named beside
the aorta as arterial contact, "arterial contact: SMA or aorta", is that basis with the SMA among the arteries)."""
_SMA = re.compile(r"\b(sma|superior mesenteric artery)\b")
_NCCN_VESSELS = re.compile(r"\b(celiac|coeliac|smv|superior mesenteric vein|portal|splenic vein|spleno-?portal)\b")
VESSEL_WORDS = {"aorta": _AORTA, "superior_mesenteric_artery": _SMA,
                "celiac_trunk": re.compile(r"\b(celiac|coeliac)\b"),
                "portal_vein_and_splenic_vein": re.compile(r"\b(portal|splenic vein|spleno-?portal)"),
                "superior_mesenteric_vein": re.compile(r"\b(smv|superior mesenteric vein)\b"), "postcava": _CAVA}
"""A vessel -> the words naming it in a resectability question or its options."""
_KINDS_STATED = (re.compile(r"\barterial\s+(contact|involvement|abutment|encasement|invasion)\b"),
                 re.compile(r"\bvenous\s+(contact|involvement|abutment|encasement|invasion)\b"))
"""Options that define their categories by the kind of vessel contact ("Borderline resectable (venous contact)",
"Unresectable (arterial involvement)"): any contact of that kind decides, not NCCN's degrees."""
_KINDS = re.compile(r"\barterial contact\b.*\bvenous contact\b|\bvenous contact\b.*\barterial contact\b")


def _vessel_contact(low: str, options: str) -> bool:
    """Resectability on aorta (arterial) and IVC (venous) contact: the question names that basis, or defines contact
    ("(vascular contact = touching after a 1-voxel dilation)") while its options name the aorta and the IVC."""
    both = f"{low} ; {options}"
    if _OTHER_VESSELS.search(both):
        return False
    if _CONTACT.search(low) and _AORTA.search(options) and _KINDS.search(options):  # contact defined; the options name
        return True  # the arteries ("arterial contact: SMA or aorta") and venous contact ("venous contact only": the IVC)
    if not (_CONTACT.search(both) and _AORTA.search(both) and _CAVA.search(both)):
        return False
    return bool(re.search(NAMES_BASIS, low) and _AORTA.search(low) and _CAVA.search(low)
                or _CONTACT.search(low) and _AORTA.search(options) and _CAVA.search(options))


def basis_of(question: str | None, quantities: list[str], options: list[str] | None = None) -> str | None:
    """The one task quantity the question names as its basis, or None.

    Args:
        question: the question text.
        quantities: the task's quantity keys (the basis must be one of them; resectability, read on vessel-contact
            degrees, may name the aorta and IVC contact instead: `VESSEL_CONTACT`).
        options: the options' texts; a question that defines vascular contact and whose options name the vessels
            ("Borderline (venous contact: IVC)", "Locally advanced (arterial contact: aorta)") names that basis.
    """
    low = " ".join((question or "").lower().split())
    said = " ; ".join(options or []).lower()
    if any(q.endswith("_contact_deg") for q in quantities) and (
            _vessel_contact(low, said) or all(kind.search(said) for kind in _KINDS_STATED)):
        return VESSEL_CONTACT  # the basis named, or categories the options define by the kind of contact
    if not low or not re.search(NAMES_BASIS, low):
        return None
    named = [key for key, words in QUANTITY_WORDS.items() if key in quantities and re.search(words, low)]
    if len(named) == 1:
        return named[0]
    if len(named) > 1 and re.search(JOINS_ARMS, low):
        return None  # "the worst grade met by either the liver HU or the L/S criterion": every arm named decides
    ratios = [key for key in named if key.endswith("hu_ratio") or key.endswith("_ratio")]
    if len(ratios) == 1 and re.search(r"\bratio\b", low):
        return ratios[0]
    return None


# A cut-off the question states for a relative difference: "a 15% threshold", "at least 15 % of the larger one",
# "differ by more than 10 percent". Linear-time: one number, then a percent sign or word.
_STATED_PERCENT = re.compile(r"(?<![\w.])(\d{1,2}(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
_CUTOFF_WORDS = re.compile(r"\b(threshold|cut-?off|at least|more than|exceed\w*|over|above|below|under|less than|"
                           r"differ\w*|asymmetr\w*|symmetr\w*|within|equal|similar|comparable)\b")
"""Words that make a stated percentage a margin: "more than 10 %", "About equal (within 5%)" among the options."""


_STATED_SIZE_RATIO = re.compile(r"\b(?:larger|bigger|greater)\s*(?:/|to|over|:)\s*(?:the\s+)?smaller(?:\s+(?:volume\s+)?ratio)?"
                                r"\s*(?:>=?|≥|of more than|of over|above|over|exceeds?|exceeding|more than)\s*(\d(?:\.\d+)?)\b")
"""A cut-off stated as the ratio of the larger to the smaller ("asymmetric = larger/smaller > 1.25"): the relative
difference (larger - smaller) / larger it equals is 1 - 1/ratio (1.25 -> 20 %)."""


def stated_cutoff_pct(question: str | None) -> float | None:
    """The percentage cut-off a question states for its own criterion ("using a 15% threshold"), or None; a ratio of
    the larger to the smaller ("larger/smaller > 1.25") is that relative difference (20 %).

    Only one distinct percentage, in a question that also uses a cut-off or difference word, counts:
    a question quoting several percentages states no single rule.
    """
    low = " ".join((question or "").lower().split())
    ratio = _STATED_SIZE_RATIO.search(low)
    if ratio is not None and 1.0 < float(ratio.group(1)) < 10.0:
        return round(100.0 * (1.0 - 1.0 / float(ratio.group(1))), 6)
    values = {float(m.group(1)) for m in _STATED_PERCENT.finditer(low)}
    if len(values) != 1 or not _CUTOFF_WORDS.search(low):
        return None
    value = values.pop()
    return value if 0.0 < value < 100.0 else None


_OF_MEAN = re.compile(r"\b(of|to|by|over|relative to|divided by|/)\s+(the\s+|their\s+|the two\s+|both\s+)?"
                      r"(mean|average|avg)\b|\bmean[- ]normali[sz]ed\b|/\s*mean\b")
_OF_SMALLER = re.compile(r"\b(of|to|by|over|relative to|divided by)\s+(the\s+)?smaller(\s+(one|kidney|volume))?\b")


def stated_cutoff_basis(question: str | None) -> Literal["larger", "mean", "smaller"]:
    """What a stated percentage cut-off on a difference is a percentage of: "difference > 10% of their mean volume"
    -> `mean` (|left - right| / mean), "of the smaller one" -> `smaller`, otherwise `larger` ((larger - smaller) /
    larger, also what "at least 15 % of the larger one" says). `knowledge.stated.relative_difference_pct` applies it."""
    low = " ".join((question or "").lower().split())
    if _STATED_SIZE_RATIO.search(low):
        return "larger"  # "larger/smaller > 1.25" is read as (larger - smaller) / larger (`stated_cutoff_pct`)
    if _OF_MEAN.search(low):
        return "mean"
    if _OF_SMALLER.search(low):
        return "smaller"
    return "larger"


_UPPER_EDGE = re.compile(r"\b(no longer|upper (size )?limit|maximum|max|largest|biggest|greatest|up to what|highest|"
                         r"below what|under what|less than what)\b")
_LOWER_EDGE = re.compile(r"\b(lower (size )?limit|minimum|min|above what|over what|more than what|beyond what|exceed\w*|"
                         r"from what|starts?|begins?)\b")


def cutoff_edge(question: str | None) -> Literal["upper", "lower", "both"] | None:
    """Which edge of a named category a cut-off question asks (`Intent.cutoff_edge`): "upper limit", "maximum", "no
    longer", "below what" ask the upper edge; "lower limit", "minimum", "above what", "exceeds" the lower; None
    when its words name no edge (a band with one finite edge then has only that one)."""
    low = " ".join((question or "").lower().split())
    upper = _UPPER_EDGE.search(low) is not None
    lower = _LOWER_EDGE.search(low) is not None and not re.search(r"\bno longer\b", low)
    return "both" if upper and lower else "upper" if upper else "lower" if lower else None

