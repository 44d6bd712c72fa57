"""What a question needs from the data, whether an image can give it, and the plan that follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.triage_checks.anatomy import Anatomy, Region
from agents.triage_checks.common import check
from agents.triage_checks.pixels import PixelStats, family
from core.anatomy import organs_of as anatomy_organs_of
from core.case import Evidence
from core.state import Intent, Plan, Track
from core.tasks import KNOWLEDGE, OUT_OF_SCOPE, REGISTRY
from imaging.volume import Image
from questions.gates import THIS_CASE, asks_general_rule

HU_NAMES = frozenset({"mean_hu", "std_hu", "hu_ratio", "attenuation", "largest_lesion_mean_hu"})
VOLUME_NAMES = frozenset(
    {
        "volume_ml",
        "volume_ratio",
        "tumor_burden_pct",
        "largest_lesion_volume_ml",
        "total_lesion_volume_ml",
        "caudate_right_lobe_ratio",
    }
)
MM_NAMES = frozenset({"longest_diameter_mm", "short_axis_mm", "largest_lesion_diameter_mm"})
VOLUMETRIC_TRACKS = frozenset({"abdomen_ct", "chest_ct", "head_ct", "other_ct", "mr"})
_BODY_PARTS: dict[str, tuple[Region, ...]] = {
    "HEAD": ("head",),
    "BRAIN": ("head",),
    "SKULL": ("head",),
    "CHEST": ("chest",),
    "THORAX": ("chest",),
    "LUNG": ("chest",),
    "ABDOMEN": ("abdomen",),
    "ABD": ("abdomen",),
    "PANCREAS": ("abdomen",),
    "LIVER": ("abdomen",),
    "KIDNEY": ("abdomen",),
    "PELVIS": ("abdomen",),
    "ABDOMENPELVIS": ("abdomen",),
    "CHESTABDOMEN": ("chest", "abdomen"),
    "CHESTABDPELVIS": ("chest", "abdomen"),
    "WHOLEBODY": ("head", "chest", "abdomen"),
    "NECK": ("other",),
    "CSPINE": ("other",),
    "EXTREMITY": ("other",),
}


@dataclass(frozen=True)
class Needs:
    """What the question asks of the images."""

    images: bool
    hu: bool
    volume: bool
    mm: bool
    organs: tuple[str, ...]
    in_scope: bool = True  # False: no clinorch task answers the question (the reasoner abstains saying so)


def tasks_of(intent: Intent) -> list[str]:
    """The chosen task, the further parts of a multi-part question, and the alternatives not ruled out."""
    return list(dict.fromkeys([intent.task, *intent.parts, *intent.alternatives]))


_RULE_WORDS = re.compile(r"\b(ajcc|recist|bosniak|li-?rads|tnm|criteri\w*|graded|staged|classified|diagnosed|"
                         r"defin\w*|threshold|cut-?offs?|limit|normal|considered|called|qualif\w*|counts? as)\b")
_WH_VALUE = re.compile(r"^\s*(what|which|(above|below|over|under|at|from) what|how (large|big|small|many|much))\b")


def without_images(intent: Intent, question: str | None) -> Intent:
    """The intent of a case with no image: only what a rule can answer.

    A question that may be a knowledge question (the chosen task or an alternative), or that asks for a
    value with a rule's words and no reference to this case ("Above what splenic volume is splenomegaly
    graded severe?", "What is the largest size of a T1a kidney cancer under AJCC 8th edition?"), is one;
    the alternatives that would read an image are dropped, so such a question is never refused for a
    missing image. A question about an image ("How big is the liver?") is left as it is (refused).
    """
    tasks = tasks_of(intent)
    low = " ".join((question or "").lower().split())
    if KNOWLEDGE not in tasks and not (
            asks_general_rule(low) or (_WH_VALUE.match(low) and _RULE_WORDS.search(low) and not re.search(THIS_CASE, low))):
        return intent
    imageless = [t for t in intent.alternatives if t in REGISTRY and not REGISTRY[t].needs_images]
    if intent.task == KNOWLEDGE:
        return intent.model_copy(update={"alternatives": imageless, "support_quantities": []})
    if intent.task in REGISTRY and not REGISTRY[intent.task].needs_images:
        return intent
    return intent.model_copy(update={"task": KNOWLEDGE, "quantities": [], "alternatives": [t for t in imageless
                                     if t != KNOWLEDGE], "support_quantities": [], "parts": [], "negated_parts": [],
                                     "answer_form": REGISTRY[KNOWLEDGE].form if intent.answer_form != "choice"
                                     else "choice"})


def needs_of(intent: Intent) -> Needs:
    """Reads the intent's tasks (the registry's `reads`) and quantity keys into data requirements.

    When understanding is unsure between tasks, the needs are the union of theirs: evidence and
    options then decide, and a question that may be about the image is never planned without it.
    """
    specs = [REGISTRY.get(t) for t in tasks_of(intent)]
    reads = frozenset().union(*(spec.reads for spec in specs if spec is not None))
    names = {q.rsplit(".", 1)[-1] for q in (*intent.quantities, *intent.support_quantities)}
    return Needs(
        images=any(spec.needs_images if spec is not None else True for spec in specs),
        hu="hu" in reads or bool(names & HU_NAMES) or intent.unit == "HU",
        volume="volume" in reads or bool(names & VOLUME_NAMES) or intent.unit == "mL",
        mm="mm" in reads or bool(names & MM_NAMES) or intent.unit in ("mm", "cm"),
        organs=organs_of(intent),
        in_scope=OUT_OF_SCOPE not in tasks_of(intent),
    )


def organs_of(intent: Intent) -> tuple[str, ...]:
    """Structures the question is about: its organ, its lesion group's organs, its (and its alternatives') targets."""
    found: list[str] = []
    targets = [intent.organ, intent.lesion]
    for quantity in (*intent.quantities, *intent.support_quantities):
        targets += quantity.rsplit(".", 1)[0].split("/")
    for target in targets:
        if target:
            found += [o for o in anatomy_organs_of(target) if o not in found]
    return tuple(found)


def regions_for(structure: str) -> frozenset[Region]:
    """Body regions in which a structure can be seen."""
    name = structure.lower()
    if any(w in name for w in ("brain", "skull", "orbit", "cerebr")):
        return frozenset({"head"})
    if any(w in name for w in ("lung", "trachea", "heart", "bronch", "pleura")):
        return frozenset({"chest"})
    if any(w in name for w in ("aorta", "esophagus", "vertebra", "spine", "rib", "postcava", "vena")):
        return frozenset({"chest", "abdomen"})
    return frozenset({"abdomen"})


def header_regions(image: Image) -> tuple[Region, ...]:
    """Regions named by the DICOM BodyPartExamined, if any."""
    part = str(image.meta.get("body_part") or "").upper().replace(" ", "").replace("_", "")
    return _BODY_PARTS.get(part, ())


def region_check(needs: Needs, anatomy: Anatomy | None, image: Image, target: str, label: str) -> Evidence:
    """The region the image covers holds the structures the question is about.

    The pixels decide when they can (CT) and a mismatch then rejects; the header's body part
    stands in when they cannot, and a mismatch with it is only a warning. An image whose region
    stays unknown cannot be judged (passed=None, a warning).
    """
    seen: set[Region]
    source = "pixels"
    if anatomy is not None and anatomy.region is not None:
        seen = {r for r in anatomy.shares if anatomy.covers(r)}  # type: ignore[misc]
        shown = ", ".join(
            f"{r} {anatomy.shares[r]:.0%}" for r in sorted(anatomy.shares, key=anatomy.shares.get, reverse=True)
        )
    else:
        seen, source = set(header_regions(image)), "header"
        shown = f"BodyPartExamined {image.meta.get('body_part')}" if seen else "unknown"
    value = "/".join(sorted(seen)) or None
    if not needs.organs:
        return check("body_region", target, True, f"{label}: shows {shown}", value=value, source=source)
    missing = [o for o in needs.organs if not regions_for(o) & seen]
    if not missing:
        return check(
            "body_region",
            target,
            True,
            f"{label}: shows {shown}, where {', '.join(needs.organs)} lie",
            value=value,
            source=source,
        )
    if not seen or seen <= {"other"}:
        return check(
            "body_region",
            target,
            None,
            f"{label}: cannot tell which body region it shows ({shown}); {', '.join(missing)} not confirmed",
            severity="warning",
            value=value,
            source=source,
        )
    where = ", ".join(sorted(regions_for(missing[0])))
    reason = f"{label}: shows {shown} ({source}), but the question is about {', '.join(missing)}, seen in the {where}"
    if source == "header":  # BodyPartExamined is often wrong: a warning, never a rejection
        return check(
            "body_region",
            target,
            False,
            reason + "; the pixels cannot confirm it",
            severity="warning",
            value=value,
            source=source,
        )
    return check("body_region", target, False, reason, value=value, source=source)


def question_fit_check(
    needs: Needs, image: Image, modality: str | None, stats: PixelStats, target: str, label: str
) -> Evidence:
    """The image can give what the question measures: HU from a CT, volumes from a volume, mm from a spacing."""
    problems = []
    if needs.hu and (modality != "CT" or stats.verdict == "not_ct"):
        problems.append(
            f"the question needs Hounsfield units but this is {modality or 'not a CT'}, whose intensities are not HU"
        )
    slices = image.array.shape[2] if image.array.ndim == 3 else 0
    if needs.volume and (slices < 2 or image.spacing is None):
        problems.append(f"the question needs a volume but this is {'a single slice' if slices == 1 else 'a 2D image'}")
    thinnest = min(image.array.shape) if image.array.ndim == 3 else 0
    if thinnest == 1 and needs.organs and (needs.mm or not needs.hu) and not needs.volume:
        problems.append("a single slice cannot show whole organs: finding, counting, sizing or ruling out lesions "
                        "needs the whole series (an attenuation can be read on one slice)")
    if needs.mm and (image.spacing is None or any(not s > 0 for s in image.spacing)):
        problems.append("the question needs sizes in mm but the image has no pixel spacing")
    if family(modality) == "XR" and (needs.hu or needs.volume):
        problems.append("a projection radiograph has neither HU nor volumes")
    if (problems or not needs.in_scope) and image.array.ndim < 3:  # a picture: the scope is the reason
        return check("question_fit", target, False, f"{label}: a 2D picture (a radiograph, photograph or screenshot) is "
                     "out of clinorch's scope: it answers questions on abdominal CT volumes (a NIfTI file or a DICOM "
                     "series)")
    if problems:
        return check("question_fit", target, False, f"{label}: " + "; ".join(dict.fromkeys(problems)))
    return check("question_fit", target, True, f"{label}: can answer what the question measures")


def track_of(modality: str | None, anatomy: Anatomy | None, image: Image) -> Track:
    """Specialty track of one image."""
    fam = family(modality)
    if fam == "CT":
        region = anatomy.region if anatomy is not None and anatomy.region is not None else None
        if region is None:
            parts = header_regions(image)
            region = parts[0] if len(parts) == 1 else None
        return {"abdomen": "abdomen_ct", "chest": "chest_ct", "head": "head_ct"}.get(region or "", "other_ct")  # type: ignore[return-value]
    if fam == "MR":
        return "mr"
    if fam == "XR":
        return "radiograph"
    return "other"


def make_plan(intent: Intent, needs: Needs, has_images: bool, track: Track) -> Plan:
    """Which agents the case needs: only a pure knowledge question skips segmentation and measurement.

    Understanding names a task `knowledge question` only when the question plainly asks about a
    rule in general; any alternative task about the image keeps segmentation and measurement in.
    """
    volumetric = has_images and needs.images and track in VOLUMETRIC_TRACKS
    return Plan(
        intent=intent,
        needs_segmentation=volumetric,
        needs_measurement=volumetric,
        needs_knowledge=any(REGISTRY[t].needs_knowledge if t in REGISTRY else True for t in tasks_of(intent))
        or intent.basis is not None,
        organs=list(needs.organs),
    )
