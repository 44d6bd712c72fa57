"""Tissue words against the measured attenuation: "a fat-containing lesion" needs fat's HU, "cystic" or "fluid
attenuation" a cyst's.

The bands are the cited knowledge's (`knowledge/entries/kidney.yaml`, Silverman 2019 via DeepTumorVQA): fat below
-10 HU (`dtvqa-renal-mass-hu`'s "fat-containing" band) and a simple cyst from -10 to 20 HU (its "simple cyst"
band). A tissue word said of a structure whose cited mean attenuation lies outside its band contradicts the
measurement ("a fat-containing lesion" at 24.9 HU; "a cystic liver" at 60 HU). "Fatty liver" and "fatty
infiltration" are steatosis (the liver's attenuation), not fat tissue, and are left to the steatosis criterion; a
cited criterion that itself labels fat or cysts (a pancreatic solid-or-cystic entry) decides its word by its bands.
"""

from __future__ import annotations

import functools
import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted, clause_around

__all__ = ["contradicted_tissue"]

ENTRY = "dtvqa-renal-mass-hu"
FAT = re.compile(r"\b(?:fat[- ](?:containing|density|attenuation)|(?:macroscopic|intralesional) fat|lipomatous|"
                 r"fatty (?:lesion|mass|tumou?r|nodule)s?|contains? fat)\b", re.IGNORECASE)
FLUID = re.compile(r"\b(?:cystic|fluid[- ](?:density|attenuation|filled)|water[- ](?:density|attenuation)|"
                   r"(?:simple[- ])?cyst(?:ic)?[- ](?:range|band|attenuation|density|values?))\b",
                   re.IGNORECASE)


@functools.cache
def _band(label: str) -> tuple[float | None, float | None]:
    """(lower, upper) HU of `label` in the renal mass attenuation entry."""
    from knowledge import load_base

    entry = next(e for e in load_base(profile="all") if e.id == ENTRY)
    assert entry.criterion is not None
    band = next(b for scale in entry.criterion.quantities for b in scale.bands if b.label == label)
    return band.lower, band.upper


def _outside(value: float, band: tuple[float | None, float | None]) -> bool:
    lower, upper = band
    return (lower is not None and value < lower) or (upper is not None and value > upper)


def typed_cyst(review: ReviewInput) -> bool:
    """Whether the cited evidence types a lesion as a cyst by the mask it came from (`{lesion}.lesion_type` "cyst", or
    the group's largest lesion in a cyst mask): its kind is the mask's, whatever its attenuation."""
    from knowledge.lesion_types import CYST_MASKS

    return any((e.name == "lesion_type" and e.value == "cyst") or (e.name == "largest_lesion_mask" and e.value in CYST_MASKS)
               for e in review.cited)


ALL_CYSTS = re.compile(r"\b(?:both|all|each|every one)\b(?:\s+(?:of them|are|is|being|the|lesions?|look|appear|"
                       r"likely|probably|benign))*\s+(?:simple\s+)?cysts?\b",
                       re.IGNORECASE)
"""Words that type every lesion of the group as a cyst ("both simple cysts", "all are cysts")."""


def all_said_cysts(review: ReviewInput) -> list[str]:
    """Every lesion said to be a cyst where one of them is neither typed a cyst by its mask nor in the simple-cyst
    band by its measured mean attenuation (cited or not: the words claim each lesion's kind)."""
    group, text = review.intent.lesion, review.claim_text
    said = next((m for m in ALL_CYSTS.finditer(text) if asserted(text, m)), None) if group else None
    if said is None:
        return []
    lesions = {e.target: e for e in review.evidence if e.name == "mean_hu" and re.fullmatch(rf"{group}_\d+", e.target or "")
               and isinstance(e.value, int | float) and not isinstance(e.value, bool)}
    typed = {e.target for e in review.evidence if e.name == "lesion_type" and e.value == "cyst"}
    sentence = re.split(r"[.;\n]", text[:said.start()])[-1] + said.group(0)
    sides = set(re.findall(r"\b(left|right)\b", sentence.lower())) or set(re.findall(
        r"\b(left|right)\b", (review.question or "").lower()))
    if len(sides) == 1:  # "The right kidney contains two lesions, both cysts": that kidney's lesions
        hosts = {e.target: str(e.value) for e in review.evidence if e.name == "organ"}
        lesions = {t: e for t, e in lesions.items() if hosts.get(t, "").endswith(next(iter(sides)))} or lesions
    band = _band("simple cyst")
    for target, e in sorted(lesions.items()):
        if target not in typed and _outside(float(e.value), band):  # type: ignore[arg-type]
            return [f"says {said.group(0)!r} of every lesion, but {target} measures {float(e.value):.1f} HU, outside the "  # type: ignore[arg-type]
                    f"simple cyst band ({band[0]} to {band[1]} HU, {ENTRY})"]
    return []


SOLID = re.compile(r"(?<![\w-])(?:solid|(?:hyper)?enhancing|soft[- ]tissue|hypervascular)\b(?![- ](?:component|nodule|part|"
                   r"portion|element)s?\b)", re.IGNORECASE)
"""Words that call the lesion itself solid ("solid, enhancing lesion"; not "non-enhancing", nor "a solid component")."""


YARDSTICK = re.compile(r"(?:\b(?:for|than|as)\s+(?:an?\s+|the\s+)?|\b(?:cut-?off|threshold|limit|band|criterion|definition)"
                       r"\b[^.;()]{0,20}?)$", re.IGNORECASE)
"""Words before "solid" that make it a yardstick, not the lesion's kind ("below the cut-off for a solid lesion")."""


HELD_AGAINST_WORDS = r"\b(?:above|below|under|over|outside|beyond|exceed\w*|than|from|unlike)\s+(?:[\w-]+\s+){0,2}"
HELD_AGAINST = re.compile(HELD_AGAINST_WORDS + "$", re.IGNORECASE)
"""Words before a tissue band that hold the value against it ("well above the simple-cyst range"): no claim of it."""


SUPPOSED = re.compile(r"\b(?:would|could|might|if|unlike|rather than|instead of|as opposed to|(?:is|are)\s+not\s+favou?red|"
                      r"unlikely|disfavou?red)\b", re.IGNORECASE)
"""Words that make a clause a supposition, a contrast or a kind set aside ("a solid mass would measure above 34.8 HU",
"a solid tumour such as renal cell carcinoma is not favoured"): no claim."""


def _asked_cyst(review: ReviewInput) -> bool:
    """Whether the lesion asked about is a cyst by the mask it came from: a "largest <cyst>" question read on the
    provided cyst mask (`agents.reasoners.asked_kind`), or a cited `lesion_type` / largest-lesion mask typing it."""
    from agents.reasoners.asked_kind import SOURCE_MASK, asked_lesion
    from knowledge.lesion_types import CYST_MASKS

    asked = asked_lesion(review.intent, review.by_key)
    return typed_cyst(review) or any(q.split(".")[0] in CYST_MASKS and ".largest_lesion_" in q
                                     for q in review.intent.quantities) or (
        asked is not None and asked.kind == "cyst" and asked.rank is not None and asked.typed_by in (SOURCE_MASK, "typed mask"))


def solid_said_of_cyst(review: ReviewInput, hu: list[float]) -> list[str]:
    """A lesion called solid or enhancing where its mask types it a cyst, or, in a kidney, where its one cited mean
    attenuation lies in the simple-cyst band (Silverman 2019, `dtvqa-renal-mass-hu`)."""
    text = review.claim_text
    said = next((m for m in SOLID.finditer(text) if asserted(text, m) and not YARDSTICK.search(text[:m.start()])
                 and not SUPPOSED.search(text[slice(*clause_around(text, m.start()))])), None)
    if said is None:
        return []
    if _asked_cyst(review):
        return [f"says {said.group(0)!r} of a lesion the provided mask types a cyst"]
    if review.intent.lesion == "kidney_lesion" and len(set(hu)) == 1 and not _outside(hu[0], _band("simple cyst")) \
            and not review.intent.stated_thresholds:  # a cut-off the question states decides the kind instead
        lower, upper = _band("simple cyst")
        return [f"says {said.group(0)!r}, but the lesion measures {hu[0]:.1f} HU, inside the simple cyst band ({lower} "
                f"to {upper} HU, {ENTRY})"]
    return []


def contradicted_tissue(review: ReviewInput) -> list[str]:
    """Fat or fluid words said where the cited mean attenuation is outside that tissue's band; every lesion called a
    cyst where one is not (`all_said_cysts`); a cyst called solid (`solid_said_of_cyst`)."""
    problems = all_said_cysts(review)
    problems += solid_said_of_cyst(review, [float(e.value) for e in review.cited if e.unit == "HU" and "mean_hu" in e.name
                                            and isinstance(e.value, int | float) and not isinstance(e.value, bool)])
    hu = [float(e.value) for e in review.cited if e.unit == "HU" and "mean_hu" in e.name
          and isinstance(e.value, int | float) and not isinstance(e.value, bool)]
    if len(set(hu)) != 1:  # no attenuation cited, or several structures' (which one the word is of is unclear)
        return problems
    text = review.claim_text
    for entry_id in sorted(review.base.ids, key=len, reverse=True):  # "solid by pancreatic-lesion-solid-vs-cystic":
        text = text.replace(entry_id, " " * len(entry_id))  # a criterion's name, no word about the lesion
    value = hu[0]
    for pattern, label in ((FAT, "fat-containing"), (FLUID, "simple cyst")):
        said = next((m for m in pattern.finditer(text) if asserted(text, m)
                     and not HELD_AGAINST.search(text[max(0, m.start() - 30):m.start()])), None)
        stem = "fat" if label == "fat-containing" else "cyst"
        decided = any(stem in lab.lower() for entry in review.criterion_entries() if entry.criterion is not None
                      for lab in entry.criterion.labels)  # a cited criterion with the word decides it (rule_grounding)
        decided = decided or (stem == "cyst" and typed_cyst(review))  # the provided mask types it (rule_grounding)
        decided = decided or (stem == "cyst" and re.search(r"\bcyst(?:ic|s)?\b", review.question or "", re.IGNORECASE)
                              is not None)  # "the pancreatic cystic lesion" the question names: its referent, no claim
        if said is not None and not decided and _outside(value, _band(label)):
            lower, upper = _band(label)
            problems.append(f"says {said.group(0)!r}, but the structure measures {value:.1f} HU, outside the "
                            f"{label} band ({lower if lower is not None else '-inf'} to "
                            f"{upper if upper is not None else 'inf'} HU, {ENTRY})")
    return problems
