"""Pancreatic lesion types: PDAC or PNET present, and PDAC versus PNET, from the largest lesion's attenuation.

Only a solid mass is typed (PDAC hypoattenuating to the gland, PNET iso- or hyperattenuating); a lesion
of 21-30 HU may be a cyst with debris or a poorly enhancing solid mass, and is typed only as far as its
enhancement against the gland rules a type out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from agents.reasoners.asked_kind import instance_type_presence, mask_typed_content, type_criteria, typed_presence
from agents.reasoners.base import Indeterminate, InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, absence_option, describe, need, number, reads_as, target_words
from agents.reasoners.handlers import apply, by_criterion, criterion_evidence_id, entry_reading, yes_no
from agents.reasoners.vessel_contact import CONTACT_WORDS, vessel_contact
from core.case import Evidence
from core.state import Intent
from knowledge.lesion_types import pancreatic_type_found
from knowledge.stated import (
    ARTERIAL,
    ARTERIES,
    STATED_IN_QUESTION,
    VENOUS,
    VESSEL_CONTACT_LEADS,
)
from questions.basis import VESSEL_CONTACT
from questions.intents.answers import CYST_OPTION, format_value
from questions.stated_rules import threshold_in

CONTENT_WORDS = {"cystic": "cystic", "solid": "solid", "indeterminate": "of indeterminate content"}
"""The solid-or-cystic criterion's labels as predicates (`the largest lesion is of indeterminate content`)."""


def _content(subject: str, result: Any, reading: str) -> str:
    """`{subject} is cystic (reading)`: the lesion's content by the solid-or-cystic criterion, in a sentence."""
    return reads_as(subject, CONTENT_WORDS.get(str(result.label), str(result.label)), reading)


def _solid_pancreatic_lesion(task: ReasonerInput) -> tuple[bool, list[str], str]:
    """Whether the largest pancreatic lesion is a solid mass (only a solid mass is PDAC or PNET), the evidence ids,
    and a sentence saying its content (`the largest pancreatic lesion is solid (...)`).

    Raises:
        InsufficientEvidence: its attenuation is indeterminate (a proteinaceous cyst or a poorly
            enhancing solid mass), or no cited criterion separates solid from cystic.
    """
    result, ids, sentence = _solid_attenuation(task)
    said = _content("the largest pancreatic lesion", result, sentence)
    if result.label == "indeterminate":
        raise InsufficientEvidence(f"{said}: a cyst with debris and a poorly enhancing solid mass look alike on "
                                   "attenuation alone", agent="reasoner")
    return result.label == "solid", ids, said


@dataclass(frozen=True)
class _MaskTyped:
    """A lesion's content read from the mask it came from, where its attenuation left it open."""

    label: str


def _solid_attenuation(task: ReasonerInput) -> tuple[Any, list[str], str]:
    """The largest pancreatic lesion's attenuation by the cited solid-or-cystic criterion (cystic, indeterminate, solid);
    an indeterminate one is typed by its mask when the pancreatic cyst mask was provided beside the tumour mask
    (`asked_kind.mask_typed_content`, the reviewer's reading too)."""
    entry = entry_reading(task, "largest_lesion_mean_hu", {"cystic", "solid"})
    result, ids, sentence = apply(task, entry, None)
    typed = mask_typed_content(task.by_key(), "pancreas_lesion") if str(result.label) == "indeterminate" else None
    if typed is None:
        return result, ids, sentence
    label, typed_ids, how = typed
    return _MaskTyped(label), [*ids, *typed_ids], f"{sentence}; {label} by its mask: {how}"


def _pancreatic_type(task: ReasonerInput) -> tuple[bool, list[str], Callable[[str], str], Any]:
    """Whether the largest pancreatic lesion is PDAC-like (hypoattenuating) rather than PNET-like, the evidence ids,
    the sentence saying its attenuation of a subject (`said("it")`: `it is hypoattenuating (...)`), and the criterion."""
    entry = entry_reading(task, "hu_difference_in_organ_sd", {"hypoattenuating"})
    result, ids, sentence = apply(task, entry, task.intent.lesion or "pancreas_lesion")
    described = criterion_evidence_id(task, "dtvqa-pdac-vs-pnet")
    ids += [described] if described else []
    return result.label == "hypoattenuating", ids, partial(reads_as, predicate=str(result.label), reading=sentence), entry


def _each_lesion(task: ReasonerInput, wanted: str, bounded: bool = False) -> tuple[bool, list[str], str] | None:
    """PDAC or PNET present with every pancreatic lesion typed on its own measures (`asked_kind.instance_type_presence`,
    the reviewer's reading too); None when it leaves the question open or a criterion is not cited. `bounded`: only a
    lower bound of the count is known, and only a lesion found of the wanted type answers (yes)."""
    content, enhancement = type_criteria(task.criteria.values())
    each = instance_type_presence(task.by_key(), wanted, content, enhancement, bounded=bounded)
    if each is None:
        return None
    cited = [i for entry in (content, enhancement) if (i := criterion_evidence_id(task, entry.id))]
    return each[0], [*each[1], *cited], each[2]


def pancreatic_type_existence(task: ReasonerInput) -> Draft:
    """PDAC (hypoattenuating) or PNET (iso/hyperattenuating) present, from the largest pancreatic lesion, by
    `knowledge.lesion_types.pancreatic_type_found` (the reviewer's rule too).

    Raises:
        Indeterminate: the only lesion's attenuation leaves solid or cystic open and its enhancement fits the type
            asked (an option saying it cannot be determined is then the answer).
        InsufficientEvidence: more than one lesion and the largest one's content open (only it is typed).
    """
    wanted = "PDAC" if task.intent.task.startswith("PDAC") else "PNET"
    bound = task.by_key().get("pancreas_lesion.lesion_count_lower_bound")
    if bound is not None and "pancreas_lesion.lesion_count" not in task.by_key():  # a lesion search, a lower bound
        entry_reading(task, "largest_lesion_mean_hu", {"cystic", "solid"})  # each lesion found is typed on the cited
        entry_reading(task, "hu_difference_in_organ_sd", {"hypoattenuating"})  # criteria: the knowledge agent cites them
        found = _each_lesion(task, wanted, bounded=True)
        if found is not None:  # one found is of the type asked: a lesion missed cannot undo it
            return yes_no(True, f"{describe(bound)} (at least this many; the exact count is not known); {found[2]}",
                          found[1])
    count = need(task, "pancreas_lesion.lesion_count")
    if number(count) == 0:
        return yes_no(False, describe(count), [count.id])
    typed = typed_presence(task.by_key(), "pancreas_lesion", wanted)
    if typed is not None:  # its typed mask was provided: the annotation says which lesion is a PDAC
        found, ids = typed
        return yes_no(found, f"{describe(count)}; {'a lesion' if found else 'no lesion'} typed {wanted} by the provided "
                             f"{wanted.lower()} mask", ids)
    content, solid_ids, content_words = _solid_attenuation(task)
    several = number(count) != 1
    if content.label == "cystic" and not several:
        return yes_no(False, f"{describe(count)}; {_content('the lesion', content, content_words)}: a cyst, not a "
                             "solid mass", [count.id, *solid_ids])
    if content.label == "cystic" and (each := _each_lesion(task, wanted)) is not None:
        return yes_no(each[0], f"{describe(count)}; {each[2]}", [count.id, *each[1]])  # every lesion typed on its own
    if content.label == "cystic":  # a smaller lesion, not typed, may be the solid mass asked
        raise InsufficientEvidence(f"{describe(count)}: only the largest pancreatic lesion's attenuation is typed, and "
                                   f"{_content('it', content, content_words)}: the others may be solid",
                                   agent="reasoner")
    pdac, ids, typed, entry = _pancreatic_type(task)
    verdict = pancreatic_type_found(wanted, int(number(count)), str(content.label), pdac)
    kind = "PDAC" if pdac else "PNET"
    if verdict == "undecided" and (each := _each_lesion(task, wanted)) is not None:
        return yes_no(each[0], f"{describe(count)}; {each[2]}", [count.id, *each[1]])
    if verdict == "undecided":
        raise InsufficientEvidence(f"{describe(count)}: only the largest pancreatic lesion's attenuation is typed, and "
                                   "it does not decide the others", agent="reasoner")
    if verdict == "indeterminate":
        raise Indeterminate(f"{_content('the only pancreatic lesion', content, content_words)}: a cyst with debris "
                            "and a poorly enhancing solid mass look alike on attenuation alone, and "
                            f"{typed('it')}",
                            [count.id, *solid_ids, *ids], criterion_id=entry.id)
    if content.label == "solid":
        solid = f"; {_content('it', content, content_words)}" if isinstance(content, _MaskTyped) else ""
        return yes_no(verdict == "yes", f"{describe(count)}; {typed('the largest lesion')}, typical of {kind}{solid}",
                       [count.id, *ids, *(solid_ids if solid else [])], criterion_id=entry.id)
    other = "PDAC-like or a cyst" if pdac else "PNET-like"
    return yes_no(False, f"{describe(count)}; {typed('the lesion')}, {other}, so not a {wanted} whether solid "
                         f"or cystic, and {_content('it', content, content_words)}",
                  [count.id, *solid_ids, *ids], criterion_id=entry.id)


T1_SUBCATEGORY = "ajcc8-pancreas-t1-subcategory"
T4_ARTERIES = ("celiac_trunk", "superior_mesenteric_artery", "common_hepatic_artery", "hepatic_artery")
"""The arteries whose involvement makes a pancreatic cancer T4 whatever its size (AJCC 8th: celiac axis, superior
mesenteric artery, common hepatic artery), as AbdomenAtlas and TotalSegmentator name their masks."""


PANCREAS_T = "ajcc8-pancreas-t"
"""The T table arterial involvement overrides."""


def arteries_involved(entry_id: str | None, items: dict[str, Evidence], lesion: str | None,
                      intent: Intent | None = None) -> tuple[list[str], Evidence | None]:
    """The T4 arteries the largest lesion of the group touches (no separating voxel: `{lesion}_1.adjacent_organs`,
    measured only where those masks were given), and that item, when `entry_id` is the pancreatic T table; ([], None)
    when none is touched, not measured, or another table decides. The one rule the reasoner stages by and the
    attending re-applies (`review_checks.rules`)."""
    item, near = _asked_lesion_neighbours(items, lesion, intent) if entry_id == PANCREAS_T else (None, [])
    touched = [name for name in near if name in T4_ARTERIES]
    return touched, item if touched else None


def _asked_lesion_neighbours(items: dict[str, Evidence], lesion: str | None,
                             intent: Intent | None) -> tuple[Evidence | None, list[str]]:
    """The asked lesion's `adjacent_organs` item and the structures it names ("the pancreatic tumor": the largest
    solid one, not a larger cyst beside it); (None, []) when not measured."""
    from agents.reasoners.asked_kind import asked_lesion

    asked = asked_lesion(intent, items) if intent is not None else None
    rank = asked.rank if asked is not None and isinstance(asked.rank, int) else 1
    item = items.get(f"{lesion or 'pancreas_lesion'}_{rank}.adjacent_organs")
    if item is None or not isinstance(item.value, str):
        return None, []
    return item, [name.strip() for name in item.value.split(",")]


def t4_not_excluded(entry_id: str | None, items: dict[str, Evidence], evidence: list[Evidence], lesion: str | None,
                    intent: Intent | None = None) -> Evidence | None:
    """The largest lesion's `adjacent_organs` item when it touches the aorta and none of the T4 arteries was segmented:
    the celiac trunk and the SMA leave the aorta at the pancreas, so involvement (T4 whatever the size) cannot be
    excluded and a size category is no answer (suite AD: a 59 mm PDAC against the aorta, staged T4 by its author, had
    been answered T3). None when another table decides, an artery mask was given (`arteries_involved` decides), or
    the lesion does not touch the aorta. The one rule the reasoner abstains by and the attending re-applies."""
    if entry_id != PANCREAS_T or any(e.kind == "segmentation" and e.name == "present" and e.value is True
                                     and e.target in T4_ARTERIES for e in evidence):
        return None
    item, near = _asked_lesion_neighbours(items, lesion, intent)
    return item if "aorta" in near else None


T4_OPEN = ("the largest pancreatic lesion touches the aorta, where the celiac trunk and the superior mesenteric artery "
           "arise, and those arteries were not segmented: their involvement (T4 whatever the size) cannot be excluded; "
           "provide celiac trunk, SMA and common hepatic artery masks")
"""Why a size T category is withheld (`t4_not_excluded`), worded once for the reasoner and the attending."""


def t_stage(task: ReasonerInput) -> Draft:
    """The T category from the organ's AJCC table; a pancreatic T1 answered in words gives its sub-category
    (T1a/T1b/T1c from the cited sub-category table), so "T1" is never bare when the size decides more. A pancreatic
    tumour touching the celiac trunk, the SMA or the common hepatic artery (their masks given) is T4 whatever its
    size (`arteries_involved`)."""
    draft = by_criterion(task)
    known = task.by_key()
    touched, contact = arteries_involved(draft.criterion_id, known, task.intent.lesion, task.intent)
    if contact is None and t4_not_excluded(draft.criterion_id, known, task.evidence, task.intent.lesion,
                                           task.intent) is not None:
        raise InsufficientEvidence(T4_OPEN, agent="segmentation")
    if contact is not None:
        arteries = " and ".join(name.replace("_", " ") for name in touched)
        return replace(draft, headline="T4", label="T4", statement=f"the largest pancreatic lesion touches the {arteries} "
                       f"(no separating voxel): arterial involvement is T4 by {draft.criterion_id}, whatever its size",
                       evidence_ids=list(dict.fromkeys([*draft.evidence_ids, contact.id])))
    sub = task.criteria.get(T1_SUBCATEGORY)
    if draft.label != "T1" or draft.criterion_id != PANCREAS_T or task.choice_set is not None or sub is None:
        return draft  # options name T1 itself; kidney and liver tables carry their own sub-categories
    result, ids, sentence = apply(task, sub, task.intent.lesion)
    return replace(draft, headline=str(result.label), statement=f"{draft.statement}; {sentence}",
                   evidence_ids=list(dict.fromkeys([*draft.evidence_ids, *ids])))


def pdac_vs_pnet(task: ReasonerInput) -> Draft:
    """PDAC when the largest pancreatic lesion is hypoattenuating, PNET otherwise.

    A lesion of 21-30 HU may be a cyst with debris or a poorly enhancing solid mass; when the question itself
    calls it solid (`Intent.solid_stated`), it is typed on that premise, and the answer says so. A lesion of
    fluid attenuation contradicts the premise and is not typed.
    """
    count = need(task, "pancreas_lesion.lesion_count")
    if number(count) == 0:
        if (absent := absence_option(task, count)) is not None:
            return absent
        raise InsufficientEvidence(f"{describe(count)}: no pancreatic lesion to classify", agent="reasoner")
    typed = _typed_solid(task)
    if typed is not None:
        return typed
    premise, premise_ids, content_ids = "", [], []
    try:
        solid, content_ids, content = _solid_pancreatic_lesion(task)
    except InsufficientEvidence:
        if not task.intent.solid_stated:
            raise
        result, premise_ids, reading = _solid_attenuation(task)
        solid = True
        premise = (f"; taken as solid, as the question states, though {_content('it', result, reading)}: a poorly "
                   "enhancing solid mass is possible")
    if not solid:
        cystic = [o.text for o in task.choice_set.options if CYST_OPTION.match(o.text)] \
            if task.choice_set is not None else []
        if len(cystic) == 1:  # "A. Cystic lesion (neither)": the option that says what it is
            return Draft("category", cystic[0], f"{content}: a cyst, neither PDAC nor PNET", [count.id, *content_ids],
                         label=cystic[0])
        raise InsufficientEvidence(f"{content}: a cyst, neither PDAC nor PNET", agent="reasoner")
    pdac, ids, typed, entry = _pancreatic_type(task)
    label = "PDAC (pancreatic ductal adenocarcinoma)" if pdac else "PNET (pancreatic neuroendocrine tumor)"
    return Draft("category", label, f"{typed('the largest lesion')}{premise}", [count.id, *ids, *premise_ids], label=label,
                 criterion_id=entry.id)


def _typed_solid(task: ReasonerInput) -> Draft | None:
    """"PDAC or PNET?" answered by the provided typed mask of the largest solid lesion (`largest_typed_solid`)."""
    from agents.reasoners.asked_kind import largest_typed_solid

    typed = largest_typed_solid(task.by_key())
    if typed is None:
        return None
    item, volume = typed
    label = "PDAC (pancreatic ductal adenocarcinoma)" if item.value == "PDAC" else "PNET (pancreatic neuroendocrine tumor)"
    ids = [item.id, *([volume.id] if volume is not None else [])]
    size = f" ({number(volume):.1f} mL)" if volume is not None else ""
    return Draft("category", label, f"the largest solid pancreatic lesion{size} is typed {item.value} by the provided "
                 "mask", ids, label=label)


CONTACT_RULE = "vessel_contact_rule"
"""The name of the criterion item recording the contact rule a resectability question states."""


def contact_rule(intent: Intent, evidence: list[Evidence]) -> Evidence | None:
    """The contact rule of a resectability question on the aorta/IVC basis (`questions.basis.VESSEL_CONTACT`), as a
    criterion item the answer cites and the reviewer re-applies: "touching after an N-voxel dilation" (N one-voxel
    dilations), "within N mm" / "closer than N mm" (mm between voxel centres), else the masks touching (one voxel
    edge). None for another question, or when the lesion's distances were not measured."""
    if intent.basis != VESSEL_CONTACT:
        return None
    lesion = f"{intent.lesion or 'pancreas_lesion'}_1"
    dilation = threshold_in(intent.stated_thresholds, "voxel")
    within = threshold_in(intent.stated_thresholds, "mm")
    nearest = next((e for e in evidence if e.target == lesion and e.name == "nearest_structure"), None)
    voxel = float(getattr(nearest.provenance, "resolution_mm", None) or 0.0) if nearest is not None else 0.0
    if dilation is not None:
        contact, unit, words = dilation.value, "voxel", f"the masks touching after at most a {dilation.value:g}-voxel dilation"
    elif within is not None and within.comparison in ("<", "<="):
        contact = within.value if within.comparison == "<=" else math.nextafter(within.value, 0.0)
        unit, words = "mm", f"{'within' if within.comparison == '<=' else 'closer than'} {within.value:g} mm"
    elif voxel:
        contact, unit, words = voxel, "mm", "the masks within one voxel of each other"
    else:
        return None
    vessels = [q.split(".")[0] for q in intent.quantities if f".distance_from_{lesion}_mm" in q]
    arterial = [v for v in vessels if v in ARTERIES] or list(ARTERIAL)
    venous = [v for v in vessels if v not in ARTERIES] or list(VENOUS)
    named = " or ".join(target_words(v) for v in arterial)
    veins = " or ".join(target_words(v) for v in venous)
    return Evidence.make("criterion", "reasoner", CONTACT_RULE, lesion, citation=f"{STATED_IN_QUESTION}: {words}",
                         reason=f"{named} contact arterial (locally advanced), {veins} contact venous (borderline "
                                "resectable)",
                         provenance={"source": STATED_IN_QUESTION, "method": "vessel contact on the question's basis",
                                     "parameters": {"lesion": lesion, "contact": contact, "unit": unit, "words": words,
                                                    "arterial": arterial, "venous": venous}})


PREMISE_RULE = "stated_premise"
"""The name of the criterion item recording the facts a question tells the answer to assume (`Intent.premises`)."""
PREMISE_WORDS = {"liver_lesions_metastatic": "liver lesions are to be regarded as metastases",
                 "no_arterial_contact": "no arterial (celiac axis, SMA, common hepatic artery) involvement"}
METASTATIC = "unresectable (metastatic disease)"
"""The category a liver metastasis gives a pancreatic cancer: distant disease (M1) is not resected (NCCN)."""
METASTATIC_OPTION = re.compile(r"metasta|\bm1\b|distant", re.IGNORECASE)
UNRESECTABLE_ONLY = re.compile(r"\s*(unresectable|not resectable|inoperable)\b(?!.*(locally|advanced|vessel|arter|vascul))",
                               re.IGNORECASE)


def premise_rule(intent: Intent) -> Evidence | None:
    """The question's premises as a criterion item the answer cites (`Intent.premises`); None without any."""
    if not intent.premises:
        return None
    words = "; ".join(PREMISE_WORDS[p] for p in intent.premises)
    return Evidence.make("criterion", "reasoner", PREMISE_RULE, intent.lesion or "pancreas_lesion",
                         citation=f"{STATED_IN_QUESTION}: {words}",
                         reason="a liver metastasis is distant disease (M1): unresectable whatever the vessel contact "
                                "(NCCN Pancreatic Adenocarcinoma)" if "liver_lesions_metastatic" in intent.premises else None,
                         provenance={"source": STATED_IN_QUESTION, "method": "premise stated in the question",
                                     "parameters": {"premises": list(intent.premises)}})


def metastases_counted(evidence: list[Evidence]) -> Evidence | None:
    """The liver lesion count the metastasis premise reads: the count, else its lower bound (a lesion found exists)."""
    return next((e for name in ("lesion_count", "lesion_count_lower_bound") for e in evidence
                 if e.kind == "measurement" and e.target == "liver_lesion" and e.name == name
                 and isinstance(e.value, int | float) and not isinstance(e.value, bool)), None)


def metastatic_option(options: list[str]) -> str | None:
    """The one option naming metastatic disease ("Unresectable (liver metastases)", "Metastatic disease"), else the one
    saying unresectable without a vessel reason; None when neither is one option."""
    named = [o for o in options if METASTATIC_OPTION.search(o)]
    if len(named) == 1:
        return named[0]
    plain = [o for o in options if UNRESECTABLE_ONLY.match(o)]
    return plain[0] if not named and len(plain) == 1 else None


RESECTABILITY_RULES = ("dtvqa-pancreatic-resectability", "nccn-pancreatic-resectability")
"""The resectability criteria a metastatic-disease answer cites beside its premise."""


def stated_metastases(task: ReasonerInput) -> Draft | None:
    """Unresectable when the question says to regard liver lesions as metastases and a liver lesion is measured;
    None when the premise is not stated or no liver lesion is counted (the vessels then decide)."""
    if "liver_lesions_metastatic" not in task.intent.premises:
        return None
    count = metastases_counted(task.evidence)
    if count is None or number(count) < 1:
        return None
    premise = next((e for e in task.evidence if e.kind == "criterion" and e.name == PREMISE_RULE), None) or \
        premise_rule(task.intent)
    assert premise is not None
    options = [o.text for o in task.choice_set.options] if task.choice_set is not None else []
    named = metastatic_option(options) if options else None
    if options and named is None:
        return None
    statement = (f"{describe(count)}, which the question tells us to regard as metastases: distant metastatic disease "
                 "(M1) is unresectable whatever the vessel contact (NCCN)")
    nccn = [e.id for e in task.evidence if e.kind == "criterion" and e.name in RESECTABILITY_RULES][:1]
    return Draft("category", named or METASTATIC, statement, [count.id, premise.id, *nccn], label=named or METASTATIC)


def resectability(task: ReasonerInput) -> Draft:
    """NCCN resectability from vessel-contact degrees; on the basis the question states (aorta contact arterial, IVC
    contact venous: `questions.basis.VESSEL_CONTACT`), the shared reading `agents.reasoners.vessel_contact` (the
    reviewer's re-check too) of the lesion's measured reach to each vessel under the contact rule the question states
    (`contact_rule`). A liver lesion the question tells us to regard as a metastasis decides first
    (`stated_metastases`)."""
    metastatic = stated_metastases(task)
    if metastatic is not None:
        return metastatic
    venous = f"{task.intent.lesion or 'pancreas_lesion'}.smv_pv_contact_deg"
    if "no_arterial_contact" in task.intent.premises and task.intent.basis != VESSEL_CONTACT and \
            getattr(task.by_key().get(venous), "value", None) is None:
        raise InsufficientEvidence(
            "the question states no arterial involvement, which leaves resectable or borderline resectable by the "
            "venous contact, but the tumour's contact with the superior mesenteric / portal vein was not measured: "
            "provide a superior_mesenteric_vein or portal_vein_and_splenic_vein mask",
            missing=[venous], agent="segmentation")
    if task.intent.basis != VESSEL_CONTACT:
        drafted = by_criterion(task)
        named = _option_naming(task, "locally advanced") if drafted.label == "unresectable" else None
        return replace(drafted, headline=named, label=named) if named else drafted  # arterial encasement: "Locally
        # advanced (unresectable)", never "Metastatic (unresectable)"
    group = task.intent.lesion or "pancreas_lesion"
    count = need(task, f"{group}.lesion_count")
    if number(count) == 0:
        raise InsufficientEvidence(f"{describe(count)}: no pancreatic lesion to assess", agent="reasoner")
    recorded = any(e.kind == "criterion" and e.name == CONTACT_RULE for e in task.evidence)
    rule = None if recorded else contact_rule(task.intent, task.evidence)  # the reasoner agent records it; alone, made here
    if not recorded and rule is None:
        raise InsufficientEvidence(f"the distances of '{group}_1' from the vessels were not measured", agent="measurement")
    reading = vessel_contact(task.evidence, group, rule=rule, intent=task.intent)
    words = (rule.provenance.parameters or {})["words"] if rule is not None else next(
        (e.provenance.parameters or {})["words"] for e in task.evidence if e.kind == "criterion" and e.name == CONTACT_RULE)
    said = []
    for vessel, reach in reading.reach.items():
        touch = "contact" if reach <= reading.contact_mm else "no contact"
        distance = reading.distances_mm[vessel]
        shown = "beyond the measured reach" if vessel in reading.beyond else f"distance {format_value(distance, 'mm')}"
        said.append(f"{touch} with the {target_words(vessel)} ({shown})")
    arteries = " or ".join(target_words(v) for v in reading.reach if v in ARTERIES)
    veins = " or ".join(target_words(v) for v in reading.reach if v not in ARTERIES)
    statement = (f"on the question's basis ({arteries} contact arterial, {veins} contact venous; contact: {words}): "
                 f"{'; '.join(said)} -> {CONTACT_WORDS[reading.label]}")
    named = _option_naming(task, reading.label)
    return Draft("category", named or reading.label, statement, reading.evidence_ids, label=named or reading.label)


def _option_naming(task: ReasonerInput, label: str) -> str | None:
    """The one option that leads with the category's words, else None (the label is then matched as usual)."""
    choice_set = task.choice_set
    if choice_set is None:
        return None
    found = [o.text for o in choice_set.options if re.match(rf"\s*{VESSEL_CONTACT_LEADS[label]}", o.text, re.IGNORECASE)]
    return found[0] if len(found) == 1 else None
