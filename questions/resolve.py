"""From the chosen task and the entities to the intent's fields: organ, refined task, quantity keys, unit.

Tasks that differ only by entity (`kidney cyst existence` vs `kidney tumor existence`,
`organ enlargement` of the spleen = `splenomegaly detection`) are settled here by the entities.
"""

from __future__ import annotations

import re

from core.anatomy import family
from core.tasks import REGISTRY, expand_quantities
from questions.cues import KNOWLEDGE, REPORT, SPLEEN_QUOTIENT
from questions.intents import LESION_GROUP, ChoiceSet, Entities, extract
from questions.kind_words import kinds_asked
from questions.wording import locations_named


def organ_for(task: str, ents: Entities, default: str | None, low: str = "") -> str | None:
    """The structure the intent is about: the one named (not one named only as a reference, `REFERENCE_ORGAN`, when
    the question's words `low` are given), or the task's own (portal hypertension: the liver)."""
    structures = ents.structures
    if low and len(structures) > 1:
        referenced = referenced_families(low)
        structures = [s for s in structures if family(s) not in referenced] or structures
    if task == "organ HU ratio" and ents.hu_ratio and ents.ratio and structures[:1] == ["spleen"] and not re.search(
            r"[-\s]to[-\s]spleen\b|/\s*spleen\b|\bover (the )?spleen\b", low.lower()):
        return "spleen"  # "the spleen-to-liver attenuation ratio" (a ratio said): the spleen is the numerator
    if task == "organ HU ratio" or (default not in (None, "spleen") and any(
            "/spleen." in q for q in REGISTRY[task].quantities)):  # the spleen is the reference, not the subject
        non_spleen = [s for s in structures if s != "spleen"]
        return non_spleen[0] if non_spleen else default
    if task == "portal hypertension assessment":
        return "liver"  # a liver disease; the spleen arm is in the quantity keys
    if task == "organ aggregation":
        families = {family(s) for s in structures}
        return "kidney" if families == {"kidney"} or (not structures and "kidney" in ents.organs) else None
    if task == "multi-organ lesion burden comparison":
        return None
    if task in ("bilateral kidney asymmetry", "kidney volume comparison"):
        return "kidney"
    if task == REPORT:
        return None
    if not structures and ents.location:
        return ents.location.split("_")[0]  # `liver_segment_7` names the liver
    own = [s for s in structures if default and family(s) == family(default)]
    if own and family(structures[0]) != family(own[0]):
        return own[0]  # "Pancreatic mass; kidneys 160 mL each. PDAC or PNET?": the task's own organ, named beside others
    if structures and not own and default and REGISTRY[task].organ == default and task not in OTHER_ORGANS_TOO:
        return default  # "Kidneys 160 mL each. Ductal adenocarcinoma or neuroendocrine tumour?": only the pancreas has one
    return structures[0] if structures else default


OTHER_ORGANS_TOO = ("lesion type classification", "pancreatic tumor staging", "organ HU ratio")
"""Tasks whose registry organ is a default, not the only organ they are asked of (a liver lesion's type, a kidney
tumour's T stage, the pancreas-to-spleen ratio)."""


LESION_OWN_HU = re.compile(r"\b(mean|average)\b.*\b(hu|hounsfield|attenuation|density|ct number)\b|\bmeasures? in (hu|hounsfield)\b|"
                           r"\b(hu|hounsfield)\b.*\bvalue\b|\bmean ct density\b|"
                           r"\b(density|attenuation|ct number)\b.*\bin (hu|hounsfield)\b|\b(dense|density)\b.*\bin (hu|hounsfield)\b|"
                           r"\bin (hu|hounsfield)\b.*\b(dense|density)\b|^\s*(the )?(hu|hounsfield( units?)?)( value)? (of|in)\b")
DIFFERENCE = re.compile(r"\b(differ\w*|difference|exceed\w*|by how much|lower|higher|compar\w*|relative|than|contrast|minus|subtract\w*|versus|vs|between|"
                        r"hypo\w*|iso\w*|hyper\w*|brighter|darker)\b")
HU_OF = re.compile(r"\b(attenuation|density|hu|hounsfield( units?)?|ct number)( value)? (of|in)\b")
"""The attenuation of a lesion named as a value ("What is the attenuation of the kidney mass?")."""
VALUE_ASKED = re.compile(r"\s*(what(?:'s| is| was| are)|give|report|state|measure|tell me)\b")
"""A question that asks a value ("What is the mean HU of the cyst?"), not a yes/no or a kind."""
KIND_ASKED = re.compile(r"\b(type|kind|class\w*|characteri\w*|categor\w*|solid|cystic|simple|complex|benign|"
                        r"malignan\w*|enhanc\w*|consistent with|suggest\w*|or)\b")
"""Words that ask what a lesion is, so its HU is the basis, not the answer."""
SIZE_ASKED = re.compile(r"\b(how (large|big)|what size|(the|its) size|how much does it measure|measure)\b")
VOLUME_WORDS = re.compile(r"\b(volume|volumes|ml|millilit\w*|cc|cm3|cm³|cubic|load|burden|total|combined)\b|cm\^3")
"""A lesion's size asked in words, not its volume: its longest diameter is meant (RECIST, AJCC)."""
COUNT_ASKED = re.compile(r"\s*(how many|(what is )?the number of|number of|count)\b(?! (mm|cm|cc|ml|millimet|centimet|"
                         r"millilit|cubic|hu|hounsfield|per ?cent|%|lit(re|er)|inch))")
"""A count asked ("How many lesions ...?"), not a size in a unit ("How many mm ...?")."""
RATIO_WORDS = re.compile(r"\b(ratio|divid\w*|index|l/s|p/s|proportion|quotient)\b|\bto[- ](spleen|right|left)\b|\b(hu|attenuation|density) over\b|"
                         + SPLEEN_QUOTIENT)


RATIO_DENIED = re.compile(r"\b(no|not|without|rather than|instead of|never mind|forget|don'?t want|skip)( the| a| any)?"
                          r"( l/s| liver[- ]to[- ]spleen| attenuation| hu)? (ratio|index|quotient)\b")
"""A ratio set aside ("no ratio, just the liver", "NOT the ratio"): the organ's own HU asked."""


def asks_value(low: str) -> bool:
    """Whether a question about a lesion's attenuation asks its value in HU ("What is the mean HU of the largest liver
    lesion?"), not its category ("Is it hypoattenuating?") nor its difference from the organ."""
    return bool(LESION_OWN_HU.search(low)) and not DIFFERENCE.search(low) and not re.search(r"\b(hypo|iso|hyper)", low)


REFERENCE_ORGAN = re.compile(r"\b(?:relative to|compared (?:with|to)|in comparison (?:with|to)|than|versus|vs\.?|"
                             r"against|referenced to)\s+(?:the\s+|that of the\s+)?(\w+)")
"""An organ named only as the reference a finding is judged against ("Relative to the liver, is the spleen enlarged?")."""


def referenced_families(text: str) -> set[str]:
    """The organ families a question names only as a reference (`REFERENCE_ORGAN`)."""
    from questions.intents import extract

    return {family(o) for m in REFERENCE_ORGAN.finditer(text.lower()) for o in extract(m.group(1)).organs}


def subject_organ(ents: Entities, low: str) -> str | None:
    """The organ a question is about: the first named that is not only a reference (`REFERENCE_ORGAN`), else the
    first named."""
    referenced = referenced_families(low)
    about = [o for o in ents.organs if family(o) not in referenced]
    return about[0] if about and len(about) < len(ents.organs) else ents.organ


def refine(task: str, ents: Entities, low: str) -> str:  # noqa: C901 - one table of entity rules
    """Settles tasks that differ only by entity: which organ, which lesion kind, a lesion's own HU."""
    organ = family(subject_organ(ents, low))
    kinds = set(ents.lesion_kinds)
    if ents.lesion_kinds and LESION_OWN_HU.search(low) and not DIFFERENCE.search(low) and task in (
            "tumor organ HU difference", "largest lesion attenuation", "organ HU measurement", "organ HU ratio"):
        if ents.largest and asks_value(low):
            return "largest lesion attenuation"  # the largest lesion's mean HU: that task's value (`Task.value_quantity`)
        return "organ HU measurement"  # a lesion's own mean HU (its quantities: `quantities_for`)
    if ents.lesion_kinds and task in ("lesion type classification", "renal mass characterization") and \
            VALUE_ASKED.match(low) and (LESION_OWN_HU.search(low) or HU_OF.search(low)) and not KIND_ASKED.search(low):
        return "organ HU measurement"  # "What is the mean HU of the renal cyst?" asks the number, not the kind
    if task == "lesion volume measurement" and SIZE_ASKED.search(low) and not VOLUME_WORDS.search(low):
        return "largest lesion diameter"  # "How large is the kidney tumour?": a radiologist means its diameter
    if task in ("largest lesion diameter", "lesion volume measurement") and COUNT_ASKED.match(low):
        return "lesion counting"  # "How many liver lesions are smaller than 2.5 cm?" counts; the size filters
    if task == "organ HU ratio" and (not RATIO_WORDS.search(low) and not ents.hu_ratio or RATIO_DENIED.search(low)):
        return "organ HU measurement"  # "the liver HU (no ratio)": the organ's own attenuation
    both_pancreatic = {"pdac", "pnet"} <= kinds and "cyst" not in kinds
    if both_pancreatic and task not in (KNOWLEDGE, REPORT):
        return "PDAC vs PNET classification"
    existence = task.endswith("existence") or (task == "splenomegaly detection" and organ not in ("spleen", ""))
    if existence:
        if organ == "spleen":
            return "splenomegaly detection"
        if organ == "pancreas" or kinds & {"pdac", "pnet"}:
            cancer = "pnet" not in kinds and re.search(r"\b(carcinoma|cancer|adenocarcinoma)\b", low)  # "pancreatic cancer":
            return "PDAC existence" if "pdac" in kinds or cancer else "PNET existence" if "pnet" in kinds else "pancreatic lesion existence"
        if organ == "kidney":
            kinds = kinds_asked(kinds, low)
            if re.search(r"\bor\b", low) and "cyst" in kinds and "tumor" in kinds and not re.search(r"\bany(thing)?\b", low):
                return "lesion type classification"
            if "cyst" in kinds and len(kinds) > 1 and re.search(r"\bor\b", low):
                return "kidney lesion existence"  # "Can a renal mass or cyst be seen?": any of them
            return "kidney cyst existence" if "cyst" in kinds else "kidney tumor existence" if "tumor" in kinds else "kidney lesion existence"
        if organ == "liver":
            return "liver lesion existence"
        if organ == "colon":
            return "colon lesion existence"
    if task in ("fatty liver", "hepatic steatosis grading") and organ == "pancreas" and re.search(r"fat|steato", low):
        return "pancreatic steatosis"  # "Fatty pancreas or non-fatty pancreas?": the pancreas's own fat
    if task in ("organ enlargement", "splenomegaly detection"):
        return "splenomegaly detection" if organ in ("spleen", "") else "organ enlargement"
    if task == "splenomegaly grading" and organ == "liver":
        return "hepatic steatosis grading" if re.search(r"fat|steato", low) else task
    if task == "hepatic steatosis grading" and organ == "spleen":
        return "splenomegaly grading"
    return task


def quantities_for(task: str, templates: list[str], organ: str | None, lesion: str | None,
                   ents: Entities, option_organs: list[str] | None = None) -> list[str]:
    """The quantity keys a task needs for this organ and lesion group, without duplicates.

    `option_organs` are the organs the multiple-choice options name: an organ comparison that names
    none in its question compares those (every lesion group when there are no options).
    """
    keys: list[str] = []
    if task == "organ aggregation":
        for s in ents.structures or ["kidney"]:
            keys += expand_quantities(("{organ}.volume_ml",), s, None)
    elif task == "multi-organ lesion burden comparison":
        organs = [o for o in [*ents.organs, *(option_organs or [])] if o in LESION_GROUP] or list(LESION_GROUP)
        organs = list(dict.fromkeys(organs))
        keys += [f"{LESION_GROUP[o]}.{burden_quantity(ents)}" for o in organs]
    elif task == "organ HU measurement" and ents.lesion_kinds and organ:
        keys = [f"{LESION_GROUP.get(family(organ), family(organ) + '_lesion')}.largest_lesion_mean_hu"]
    elif task == "organ volume measurement" and len(set(ents.sides)) == 2 and "kidney" in ents.organs and ents.ratio:
        keys = ["kidney_left/kidney_right.volume_ratio"]
    elif organ and not lesion and task in REGISTRY and REGISTRY[task].organ_quantities:
        keys = REGISTRY[task].expand(organ, None)  # an organ's own contacts, not a lesion's
    else:
        keys = expand_quantities(templates, organ, lesion)
        if task == "lesion volume measurement" and ents.total and not ents.largest:
            keys = [k.replace("largest_lesion_volume_ml", "total_lesion_volume_ml") for k in keys]
        typed = TYPED_MASK.get((lesion or "", *ents.lesion_kinds))
        if task == "lesion counting" and typed:  # "how many renal cysts?": the cyst mask's own lesions
            keys = [f"{typed}.lesion_count"]
        if task == "lesion counting" and lesion and organ and organ.endswith(("_left", "_right")):
            keys = [f"{typed or lesion}.count_in_{organ}"]  # "How many lesions does the left kidney contain?": that
            # side's count; "How many tumours ...?": that side's count of the tumour mask's lesions
        if task in ONE_KIND_TASKS:
            keys = [one_kind(k, typed, organ) for k in keys]
        keys = [of_side(k, organ) for k in keys]
    if task == "organ HU measurement" and ents.lesion_kinds and organ:
        keys = [one_kind(k, TYPED_MASK.get((keys[0].split(".")[0], *ents.lesion_kinds)), organ) for k in keys]
    return list(dict.fromkeys(keys))


ONE_KIND_TASKS = ("largest lesion diameter", "lesion volume measurement", "organ HU measurement")
"""Tasks that read the largest lesion's own value: asked of one kind or side, that kind's or side's largest (a T
stage or a criterion keeps the group's quantity its knowledge entry names)."""


SIDED_TOTALS = ("tumor_burden_pct", "total_lesion_volume_ml")
"""Lesion totals of a kidney lesion group that a question may ask of one kidney."""


def of_side(key: str, organ: str | None) -> str:
    """A kidney lesion total of the one side the question names: "What percentage of the left kidney is occupied by
    lesions?" asks the lesions lying in the left kidney over the left kidney's volume
    (`kidney_lesion_left.tumor_burden_pct`), not both kidneys' lesions over both kidneys. The reasoner derives it
    from each lesion's measured host kidney (`agents.reasoners.side_totals`). Other keys are returned as they are."""
    target, _, name = key.partition(".")
    side = organ.rsplit("_", 1)[1] if organ and organ.startswith("kidney_") and organ.endswith(("_left", "_right")) else None
    if side is None or name not in SIDED_TOTALS or target not in ("kidney_lesion", "kidney_tumor", "kidney_cyst"):
        return key
    return f"{target}_{side}.{name}"


def one_kind(key: str, typed: str | None, organ: str | None) -> str:
    """A largest-lesion quantity of the one lesion kind and side the question names: "How big is the kidney
    tumour?" asks the largest of the `kidney_tumor` mask's lesions (`kidney_tumor.largest_lesion_diameter_mm`),
    not the group's largest (a larger cyst); "the left renal cyst" the largest of those in the left kidney
    (`kidney_cyst_left.…`). The reasoner derives it from the lesions' own measurements
    (`agents.reasoners.derive.of_one_kind`). Other keys are returned as they are."""
    target, _, name = key.partition(".")
    if not name.startswith("largest_lesion_") or target != "kidney_lesion":
        return key
    side = organ.rsplit("_", 1)[1] if organ and organ.endswith(("_left", "_right")) else None
    if typed is None and side is None:
        return key
    return f"{typed or target}{f'_{side}' if side else ''}.{name}"


TYPED_MASK: dict[tuple[str, ...], str] = {("kidney_lesion", "cyst"): "kidney_cyst",
                                          ("kidney_lesion", "tumor"): "kidney_tumor"}
"""(lesion group, the one lesion kind a question names) -> the AbdomenAtlas mask holding that kind."""


def burden_quantity(ents: Entities) -> str:
    """What "lesion burden" means in a comparison of organs: the share of the organ (tumour burden %) when the question
    asks a share ("the greatest percentage of the organ", "relative to its volume"), else the total lesion volume in
    mL. Six independent suite authors (AJ, AK, AL, AN, AO) compared organs by summed lesion volume; suite AO's
    "which organ dominates?" had been answered by share (a 12.6 mL pancreatic lesion, 26 % of a small gland, over a
    33.8 mL kidney tumour)."""
    return "tumor_burden_pct" if "%" in ents.units or ents.ratio or ents.share else "total_lesion_volume_ml"


def asked_unit(ents: Entities, choice_set: ChoiceSet | None) -> str | None:
    """The unit the options or the question ask for, if any."""
    if choice_set is not None and choice_set.unit in ("mL", "mm", "cm", "HU", "%"):
        return choice_set.unit
    for unit in ents.units:
        return unit
    return None



SECOND_PART = (r",? and (if (so|yes|present)|does|do|is|are|should|can|could|would|will|what|which|in which|on which|how|"
               r"where|by how|give|report|state|provide|estimate)\b|,\s*plus\b|"
               r",? (if (so|yes|present)|and if (so|yes)),? |\?\s+(?=\w)|;\s*")


ASKS = (r"\s*((in|on|at|from|of|to|for|by|with) (?=which|what|how))?(is|are|does|do|did|has|have|can|could|was|were|should|would|will|what|which|how|where|when|why|who|"
        r"count|measure|give|report|state|estimate|grade|classify|describe|list|name|tell|identify|determine|assess|"
        r"evaluate|check|compute|calculate|find)\b")
"""How a part that asks something begins (a question word or an imperative); other parts are context."""


PREPARES = (r"\s*(please )?(segment|outline|contour|delineate|draw|trace|mask|find|locate|look at|scan|put|place|"
            r"open|load)\b")
"""An order that prepares the ask rather than asking ("Segment the pancreatic mass and give its volume")."""


BY_HOW_MUCH = re.compile(r"(?:by )?how (?:much|many (?:hu|hounsfield units?|ml|millilit\w+|cc|mm|millimet\w+|cm|percent))"
                         r"(?: (?:larger|bigger|smaller|more|less|greater|lower|higher|brighter|darker))?", re.IGNORECASE)
"""A later clause asking only the size of a difference ("..., and by how much?", "..., and by how many HU?"): it belongs
to the comparison before it."""


COMPOUND = re.compile(r"^(?P<ask>(please )?(give|state|report|provide|list|tell me|what (is|are|was|were)))\s+(the\s+)?"
                      r"(?P<a>[a-z]+)\s+and\s+(the\s+)?(?P<b>[a-z]+)\s+of\s+(?P<of>(the|this|that|its)\b.+)$", re.IGNORECASE)
"""Two things asked of one subject in one clause ("Give the size and the segment of the largest liver lesion")."""
THEN_ITS = re.compile(r"^(?P<ask>(please )?(give|state|report|provide|list|tell me|what (is|are|was|were)))\s+(the\s+)?"
                      r"(?P<a>[a-z]+( [a-z]+)?)\s+of\s+(?P<of>((the|this|that)\s+)?[^,;?]+?)\s+and\s+(its|their)\s+"
                      r"(?P<b>[a-z]+( [a-z]+){0,2})\s*[.?]?$", re.IGNORECASE)
"""A second thing asked of the same subject after it ("State the number of liver lesions and their combined volume",
"Give the greatest dimension of the pancreatic mass and its mean attenuation")."""


TASK_TAG = re.compile(r"\s*[\w-]+(?: [\w-]+)?\s*[,;:?]?\s*\(?(?:y ?/ ?n|yes ?/ ?no|yes or no|y or n)\)?\s*[?.!]*\s*",
                      re.IGNORECASE)
"""A trailing verbless finding name with its answer form ("... + small ones? outlier y/n"): it names what the question
before it asks, no part of its own."""


def split_parts(text: str) -> list[str]:
    """The parts of a multi-part question ("Is there a cyst, and if so how big?"): the first decides the task.

    A part shorter than three words is not a question of its own and stays with the one before it.
    """
    then = THEN_ITS.match(text.strip())
    if then:  # "the number of liver lesions and their combined volume": the second thing of the same subject
        ask, of = then.group("ask"), then.group("of").rstrip(" ?.")
        return [f"{ask} the {then.group('a')} of {of}?", f"and what is the {then.group('b')} of {of}?"]
    both = COMPOUND.match(text.strip())
    if both:  # "Give the size and the segment of the largest lesion": one ask of each
        ask, rest = both.group("ask"), both.group("of").rstrip(" ?.")
        return [f"{ask} the {both.group('a')} of {rest}?", f"and what is the {both.group('b')} of {rest}?"]
    parts: list[str] = []
    start = 0
    for match in re.finditer(SECOND_PART, text, flags=re.IGNORECASE):
        head = text[start:match.start()].strip(" ,;")
        if re.match(PREPARES, head, flags=re.IGNORECASE):
            continue  # "Outline the liver lesion and report its volume": the order prepares the ask
        if not match.group(0).startswith("?") and not re.match(ASKS, head, flags=re.IGNORECASE) and re.search(r"\d", head) \
                and (re.search(r"\d\s*(ml|cc|cm|mm|hu|%)(?![a-z])", head, flags=re.IGNORECASE) or not extract(head).organs):
            continue  # "The liver measured 1900 mL last year; is it enlarged now?": a value given is not asked
        if not (match.group(0).startswith("?") or re.match(ASKS, head, flags=re.IGNORECASE) or not re.search(
                r"\b(is|are|was|were|has|have|had|shows?|showed|there|been|known|looks?|appears?|seems?)\b", head, flags=re.IGNORECASE)):
            continue  # "There are several liver lesions; how large is the biggest?": a statement sets the scene
        asked = re.sub(r"^[\s,;?]*(and\s+)?", "", text[match.start():], flags=re.IGNORECASE)
        if match.group(0).startswith("?") and not re.match(ASKS, head, flags=re.IGNORECASE) and not re.search(
                r"\b(is|are|was|were|has|have|had|does|do|did|can|could|should)\b", head, flags=re.IGNORECASE) \
                and not extract(asked).organs and not re.search(r"\b(lesion|tumou?r|mass|cyst|nodule)", asked, re.IGNORECASE) \
                and re.search(r"\b(or|vs\.?|versus)\b", asked) and not re.match(r"\s*(how|what|which|where|is|are|any)\b", asked,
                                                                             re.IGNORECASE):
            continue  # "Branch-duct IPMN with a mural nodule? Operate or watch?": the named finding is what is asked about
        if TASK_TAG.fullmatch(asked) and not extract(asked).organs:
            continue  # "one huge liver met + small ones? outlier y/n": the finding's name, tagged with the answer form
        if FRAME_ASIDE.match(asked):
            continue  # "Is 40 HU fatty? asking in general", "..., general question": how to read the question, no part
        if re.match(r"\s*(please )?(compare|contrast)\b", head, flags=re.IGNORECASE) and re.match(
                r"\s*(which|what|is|are|does|do)\b", asked, flags=re.IGNORECASE):
            continue  # "Compare renal volumes; which side is bigger?": the comparison's result, no part of its own
        if BY_HOW_MUCH.fullmatch(asked.strip(" ?.")):
            continue  # "Which kidney is larger, and by how much?": the comparison's own difference, no part of its own
        if len(head.split()) >= 3 and len(asked.split()) >= 2:  # "..., and in which segment?" is a part of its own
            parts.append(head)
            start = match.start()
    parts.append(text[start:].strip(" ,;"))
    return [p for p in parts if p]


FRAME_ASIDE = re.compile(r"[\s?.,;:—–-]*(?:(?:i'?m |i am )?(?:just |purely |only )?(?:asking |speaking |talking )?(?:in general"
                         r"(?: terms)?|generally(?: speaking)?|hypothetically|in theory|out of (?:interest|curiosity)|"
                         r"(?:a |this is a |it'?s a )?general (?:question|knowledge)|not about (?:a|any|this|the|my) "
                         r"(?:scan|patient|case|study|image))\b)", re.IGNORECASE)
"""A remark after the question on how to read it ("asking in general, not about a scan", "general question"): no part."""

_FUNCTION_WORDS = {"", "a", "an", "the", "is", "are", "there", "any", "of", "in", "this", "that", "no"}


def _spoken(structure: str) -> str:
    """A structure's name as written in a question: `kidney_left` -> "left kidney", `gall_bladder` -> "gall bladder"."""
    organ, _, side = structure.rpartition("_")
    return f"{side} {organ.replace('_', ' ')}" if side in ("left", "right") and organ else structure.replace("_", " ")


def resolve_pronouns(part: str, first: str) -> str:
    """A later part with `it`/`its` replaced by what the first part is about ("its volume" -> "the colon lesion's").

    The referent is the last lesion phrase of the first part that names an organ, else its last lesion phrase
    with the part's first organ, else that organ; without either the first part is appended so the later part
    keeps its subject.
    """
    low = first.lower()
    phrases = []
    for match in re.finditer(r"\b((left|right) )?(\w+ )?(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|pdac|pnet|(adeno)?carcinomas?|cancers?|"
                             r"neoplasms?|malignanc(y|ies))\b", low):
        before = (match.group(3) or "").strip()
        side = match.group(1) or ""  # "the left renal lesion" keeps its side
        phrases.append(side + match.group(4) if before in _FUNCTION_WORDS else match.group(0))
    organs = extract(first).organs
    placed = [p for p in phrases if extract(p).organs]  # "Most of the liver lesions look like simple cysts - is any
    lesion = (placed or phrases or [None])[-1]  # one of them ...?": them = the liver lesions, their organ kept
    if lesion is not None and not placed and organs:
        lesion = f"{organs[0].replace('_', ' ')} {lesion}"
    named = extract(first).structures or organs
    subject = lesion or (_spoken(named[0]) if named else None)  # "the left kidney's volume", "the gall bladder's"
    if subject is None:
        return f"{part} ({first})"
    part = re.sub(r"^\s*(and )?(if (so|yes|present),? )?(then )?", "", part, flags=re.IGNORECASE)
    out = re.sub(r"\bits\b", f"the {subject}'s", part, flags=re.IGNORECASE)
    out = re.sub(r"\bit\b", f"the {subject}", out, flags=re.IGNORECASE)
    plural = subject if subject.endswith(("s", "es")) else f"{subject}s"  # "how different are they?": the kidneys
    out = re.sub(r"\b(they|them)\b", f"the {plural}", out, flags=re.IGNORECASE)
    return out if out != part else f"{part} of the {subject}"


def location_support(task: str, ents: Entities) -> list[str]:
    """Evidence worth gathering for a count in a named place (`liver_segment_5.lesion_count`, `kidney_left...`).

    Support, not requirement: the reasoner may derive the count from each lesion's location instead.
    """
    if task not in ("lesion count by location", "lesion counting"):
        return []
    return [f"{place}.lesion_count" for place in locations_named(ents)]


PLACE_ASKED = re.compile(r"^\s*(and\s+)?(where\b|(in|on|at) which (\w+ )?(segments?|lobes?|parts?|sides?|kidneys?|"
                         r"regions?|portions?|locations?)\b|which (segments?|sides?|lobes?)\b)", re.IGNORECASE)
"""A further part that asks only where the lesions of the first part are ("..., and in which segment?")."""
_ELSEWHERE = re.compile(r"\b(relative|near|adjacent|from|contact\w*|abut\w*|involv\w*|vessels?|arter\w*|veins?|"
                        r"invad\w*|encas\w*)\b", re.IGNORECASE)
_GROUP_WIDE = ("lesion counting", "lesion count by location", "inter-segment comparison", "liver lesion clustering")


def place_part(part: str, first_task: str, ents: Entities) -> str | None:
    """The task of a further part that asks where the first part's lesions lie, else None.

    After a count ("How many liver lesions, and in which segment?") it is the segments the lesions
    occupy (`inter-segment comparison`); after one lesion's size or attenuation, or when the part names the largest
    ("..., and where is the largest one?"), it is that lesion's place (`largest lesion location`). Kidney sides are left to the ranking (`bilateral kidney asymmetry`).
    """
    if not PLACE_ASKED.match(part) or _ELSEWHERE.search(part) or not REGISTRY[first_task].lesion:
        return None
    one = re.search(r"\b(larg|bigg|dominant|main|index|greatest)\w*", part, flags=re.IGNORECASE)
    if (first_task in _GROUP_WIDE or first_task.endswith("existence")) and not one:  # "where is the largest one?"
        return None if family(ents.organ) == "kidney" else "inter-segment comparison"
    return "largest lesion location"



SIDE_ASKED = (r"\b(which|what) (kidney|side)\b|\b(left|right) or (right|left)\b|\blaterality\b|"
              r"\b(on|in) which (kidney|side)\b")
SIDE_TASK = "largest lesion location"
"""The task that names where a lesion lies (its kidney, for a paired organ)."""
SIDED = {SIDE_TASK, "bilateral kidney asymmetry", "lesion existence", "kidney tumor existence", "kidney cyst existence"}


def side_unanswered(text: str, task: str, lesion: str | None, parts: list[str]) -> bool:
    """Whether a question asks which kidney holds a lesion while its tasks name no side ("Characterise the kidney
    lesion: which kidney, and cyst or solid tumour?" is a lesion type plus its side)."""
    if lesion != "kidney_lesion" or task in SIDED or SIDED & set(parts):
        return False
    return bool(re.search(SIDE_ASKED, text, flags=re.IGNORECASE))


def value_asked(task: str, low: str, choice_set: ChoiceSet | None, ents: Entities, organ: str | None,
                lesion: str | None) -> tuple[str | None, list[str]] | None:
    """(unit, quantity keys) when a category task is asked as its value (`core.tasks.Task.value_quantity`: the words
    ask it, `asks_value`, or the options are numbers), of the one lesion kind or side named; else None."""
    spec = REGISTRY.get(task)
    if spec is None or spec.value_quantity is None or not (asks_value(low) or (choice_set and choice_set.form == "number")):
        return None
    typed = TYPED_MASK.get((lesion or "", *ents.lesion_kinds))
    return spec.unit, [one_kind(k, typed, organ) for k in expand_quantities([spec.value_quantity], organ, lesion)]
