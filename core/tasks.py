"""The one task registry: what each question type is, needs, and is decided by.

One frozen `Task` per question type: every DeepTumorVQA `question_subtype` (exact spelling), a
`knowledge question`, a full work-up (`report`) and the prior-study tasks (`recist response`,
`organ volume change`, `lesion change`). Question understanding, triage's plan, the knowledge agent, the
reasoner, the reviewer and the benchmark suite all read it; none keeps its own list. Thresholds
are not here: `criteria` names the knowledge entries (`knowledge/entries/*.yaml`) that decide a
task, and only those entries hold numbers.

Quantity templates (`{target}.{name}`, docs/CONTRACTS.md): `{organ}` is the question's organ (an
unsided kidney expands to both sides), `{lesion}` its lesion group, `{lesion}_1` the largest lesion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from core.anatomy import expand_paired, family

if TYPE_CHECKING:
    from core.state import Intent

Stage = Literal["recognition", "measurement", "visual reasoning", "medical reasoning", "knowledge", "work-up",
                "follow-up"]
AnswerForm = Literal["yes_no", "number", "category", "report"]
"""The answer's form when the case gives no choices."""
AnswerType = Literal["numeric", "binary", "categorical"]
"""How DeepTumorVQA scores a free-form answer."""
Reading = Literal["hu", "volume", "mm"]
"""What the image must give: Hounsfield units, a volume, physical sizes."""
Agent = Literal["segmentation", "measurement", "knowledge"]

BENCHMARK_STAGES: tuple[Stage, ...] = ("recognition", "measurement", "visual reasoning", "medical reasoning")
_ANSWER_TYPE: dict[str, AnswerType] = {"number": "numeric", "yes_no": "binary"}
IMAGING: frozenset[Agent] = frozenset({"segmentation", "measurement"})
WITH_KNOWLEDGE: frozenset[Agent] = frozenset({"segmentation", "measurement", "knowledge"})


@dataclass(frozen=True)
class Task:
    """One question type."""

    name: str
    """The task name; for DeepTumorVQA its `question_subtype`."""
    stage: Stage
    form: AnswerForm
    handler: str
    """The guideline reasoner's function that answers it (`agents.reasoners.handlers.<handler>`)."""
    unit: str | None = None
    """Unit of a numeric answer (mL, HU, %, mm, ratio, count, slice)."""
    organ: str | None = None
    """Default organ when the question names none."""
    quantities: tuple[str, ...] = ()
    """Quantity templates the answer needs."""
    agents: frozenset[Agent] = IMAGING
    """Agents after triage the task needs (the reasoner and reviewer always run)."""
    reads: frozenset[Reading] = frozenset()
    criteria: tuple[tuple[str | None, str], ...] = ()
    """(organ family or None for any, knowledge entry id) of the deciding criteria, DeepTumorVQA profile."""
    lesion: bool = False
    """Whether the question is about a lesion group."""
    family: str | None = None
    """Tasks of one family differ only by entities (understanding settles them by organ, lesion kind)."""
    options: tuple[tuple[str, str], ...] = field(default=())
    """(criterion label, option text as the benchmark writes it); a label may also be a distractor."""
    cutoff_quantity: str | None = None
    """The quantity a percentage cut-off stated in the question applies to (`Intent.cutoff_pct`); None: a
    question cannot state its own cut-off for this task."""
    value_quantity: str | None = None
    """The quantity template a category task is answered with when it is asked as a number ("What is the mean HU of
    the largest liver lesion?" asks `largest lesion attenuation`'s value, not its category): `value_key`."""
    organ_quantities: tuple[str, ...] = ()
    """Quantity templates that replace `quantities` when the question names an organ and no lesion group ("Which
    structure is in direct contact with the left kidney?" asks the organ's own contacts, not a lesion's)."""
    yes_labels: tuple[str, ...] = ()
    """The labels that mean *yes*: for a yes/no task decided by a criterion whose labels are not yes/no
    (PDAC existence by attenuation), and for a graded task asked as yes/no ("Is there fatty liver?").
    Empty: a yes/no task reads a label's own polarity (`is_positive`); a category task has no yes."""

    def says_yes(self, label: str, labels: list[str], size_asked: str | None = None) -> bool:
        """Whether a label of the deciding criterion answers this task *yes*. For a size criterion with bands
        below normal, `Intent.size_asked` picks the finding: "atrophic" (that band when the criterion has one;
        "below normal range" is not atrophy), "small" (any band below normal), "abnormal" (any band but normal)."""
        if size_asked and any(lab in SMALL_LABELS for lab in labels):
            if size_asked == "abnormal":
                return label in SMALL_LABELS or is_positive(label, labels)
            return label == "atrophic" if size_asked == "atrophic" and "atrophic" in labels else label in SMALL_LABELS
        return label in self.yes_labels if self.yes_labels else is_positive(label, labels)

    @property
    def answer_type(self) -> AnswerType:
        return _ANSWER_TYPE.get(self.form, "categorical")

    @property
    def needs_images(self) -> bool:
        return bool(self.agents & IMAGING)

    @property
    def needs_knowledge(self) -> bool:
        return "knowledge" in self.agents

    def criterion(self, organ: str | None = None) -> str | None:
        """The entry that decides this task for an organ: the organ's own, else the one for any organ."""
        organ_family = family(organ) if organ else None
        own = [entry for fam, entry in self.criteria if fam is not None and fam == organ_family]
        anyone = [entry for fam, entry in self.criteria if fam is None]
        if own or anyone:
            return (own or anyone)[0]
        return self.criteria[0][1] if organ_family is None and len(self.criteria) == 1 else None

    def option_text(self, label: str) -> str:
        """The benchmark's wording of a criterion label (`normal` -> `Normal (no splenomegaly)`)."""
        return dict(self.options).get(label, label[:1].upper() + label[1:])

    def expand(self, organ: str | None, lesion: str | None) -> list[str]:
        """The quantity keys for one organ and lesion group (an unsided kidney gives both sides; an organ without a
        lesion group reads `organ_quantities` when the task has them)."""
        if organ and not lesion and self.organ_quantities:
            return expand_quantities(self.organ_quantities, organ, None)
        return expand_quantities(self.quantities, organ, lesion)


def expand_quantities(templates: Iterable[str], organ: str | None, lesion: str | None) -> list[str]:
    """Quantity templates filled for one organ and lesion group (an unsided kidney gives both sides)."""
    keys: list[str] = []
    for template in templates:
        if "{organ}" in template:
            keys += [template.replace("{organ}", o) for o in (expand_paired(organ) if organ else [])]
        elif "{lesion}" in template:
            keys += [template.replace("{lesion}", lesion)] if lesion else []
        else:
            keys.append(template)
    return list(dict.fromkeys(keys))


SMALL_LABELS = ("atrophic", "below normal range", "small")
"""Labels of the organ size criteria below normal (knowledge/entries/organ_size.yaml)."""


def is_positive(label: str, labels: list[str]) -> bool:
    """Whether a criterion label answers *yes*: not the first label and not a normal/negative one."""
    if label == labels[0]:
        return False
    return not re.match(r"(no|not|normal|absent|small|atrophic|below|surveillance|benign|mucinous)\b", label.lower())


def _t(name: str, stage: Stage, form: AnswerForm, handler: str, *quantities: str, **kw: object) -> Task:
    return Task(name, stage, form, handler, quantities=quantities, **kw)  # type: ignore[arg-type]


HU, VOL, MM = frozenset({"hu"}), frozenset({"volume"}), frozenset({"mm"})
_LESION_ATTENUATION = ("{lesion}.hu_difference_in_organ_sd", "{lesion}.largest_lesion_mean_hu", "{organ}.mean_hu",
                       "{organ}.std_hu")
_TYPE_BY_ATTENUATION = ((None, "dtvqa-lesion-attenuation"),)
_EXISTS = ((None, "dtvqa-lesion-existence"),)
_ATTENUATION_OPTIONS = (("hypoattenuating", "Hypoattenuating"), ("isoattenuating", "Isoattenuating"),
                        ("hyperattenuating", "Hyperattenuating"))

TASKS: tuple[Task, ...] = (
    # -- recognition ----------------------------------------------------------------------------
    _t("PDAC existence", "recognition", "yes_no", "pancreatic_type_existence", "{lesion}.lesion_count",
       *_LESION_ATTENUATION, organ="pancreas", lesion=True, family="lesion existence", reads=HU,
       criteria=_TYPE_BY_ATTENUATION, yes_labels=("hypoattenuating",)),
    _t("PNET existence", "recognition", "yes_no", "pancreatic_type_existence", "{lesion}.lesion_count",
       *_LESION_ATTENUATION, organ="pancreas", lesion=True, family="lesion existence", reads=HU,
       criteria=_TYPE_BY_ATTENUATION, yes_labels=("isoattenuating", "hyperattenuating")),
    _t("colon lesion existence", "recognition", "yes_no", "lesion_existence", "{lesion}.lesion_count",
       organ="colon", lesion=True, family="lesion existence", criteria=_EXISTS),
    _t("kidney cyst existence", "recognition", "yes_no", "kidney_lesion_type_existence", "{lesion}.lesion_count",
       "{lesion}.largest_lesion_mean_hu", organ="kidney", lesion=True, family="lesion existence", reads=HU,
       criteria=((None, "dtvqa-kidney-lesion-solid-vs-cyst"),), yes_labels=("cyst",)),
    _t("kidney lesion existence", "recognition", "yes_no", "lesion_existence", "{lesion}.lesion_count",
       organ="kidney", lesion=True, family="lesion existence", criteria=_EXISTS),
    _t("kidney tumor existence", "recognition", "yes_no", "kidney_lesion_type_existence", "{lesion}.lesion_count",
       "{lesion}.largest_lesion_mean_hu", organ="kidney", lesion=True, family="lesion existence", reads=HU,
       criteria=((None, "dtvqa-kidney-lesion-solid-vs-cyst"),), yes_labels=("solid tumor",)),
    _t("liver lesion existence", "recognition", "yes_no", "lesion_existence", "{lesion}.lesion_count",
       organ="liver", lesion=True, family="lesion existence", criteria=_EXISTS),
    _t("pancreatic lesion existence", "recognition", "yes_no", "lesion_existence", "{lesion}.lesion_count",
       organ="pancreas", lesion=True, family="lesion existence", criteria=_EXISTS),
    _t("splenomegaly detection", "recognition", "yes_no", "by_criterion", "spleen.volume_ml", organ="spleen",
       family="enlargement", reads=VOL, agents=WITH_KNOWLEDGE,
       criteria=(("spleen", "dtvqa-splenomegaly-detection"),)),
    # -- measurement ----------------------------------------------------------------------------
    _t("lesion volume measurement", "measurement", "number", "numeric", "{lesion}.largest_lesion_volume_ml",
       unit="mL", lesion=True, reads=VOL),
    _t("organ HU measurement", "measurement", "number", "numeric", "{organ}.mean_hu", unit="HU", reads=HU),
    _t("organ HU ratio", "measurement", "number", "numeric", "{organ}/spleen.hu_ratio", "{organ}.mean_hu",
       "spleen.mean_hu", unit="ratio", organ="liver", reads=HU),
    _t("organ volume measurement", "measurement", "number", "numeric", "{organ}.volume_ml", unit="mL", reads=VOL),
    _t("tumor burden percentage", "measurement", "number", "numeric", "{lesion}.tumor_burden_pct", unit="%",
       lesion=True, reads=VOL),
    # -- visual reasoning -----------------------------------------------------------------------
    _t("largest lesion diameter", "visual reasoning", "number", "numeric", "{lesion}.largest_lesion_diameter_mm",
       unit="mm", lesion=True, reads=MM),
    _t("largest lesion slice", "visual reasoning", "number", "numeric", "{lesion}.largest_lesion_slice",
       unit="slice", lesion=True),
    _t("lesion counting", "visual reasoning", "number", "numeric", "{lesion}.lesion_count", unit="count",
       lesion=True),
    _t("lesion count by location", "visual reasoning", "number", "numeric", "{lesion}.lesion_count", unit="count",
       lesion=True),
    _t("organ aggregation", "visual reasoning", "number", "numeric", unit="mL", reads=VOL),
    _t("tumor organ HU difference", "visual reasoning", "number", "numeric", "{lesion}.largest_lesion_mean_hu",
       "{organ}.mean_hu", unit="HU", lesion=True, reads=HU),
    _t("lesion outlier", "visual reasoning", "yes_no", "by_criterion", "{lesion}.lesion_count",
       "{lesion}.largest_to_second_volume_ratio", lesion=True, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-lesion-outlier"),)),
    _t("organ enlargement", "visual reasoning", "yes_no", "by_criterion", "{organ}.volume_ml", family="enlargement",
       reads=VOL, agents=WITH_KNOWLEDGE,
       criteria=(("liver", "dtvqa-liver-volume"), ("spleen", "dtvqa-splenomegaly-detection"),
                 ("pancreas", "dtvqa-pancreas-volume"), ("kidney", "dtvqa-kidney-volume"))),
    _t("adjacent organ", "visual reasoning", "category", "location", "{lesion}_1.adjacent_organs", lesion=True,
       organ_quantities=("{organ}.adjacent_organs",)),
    _t("bilateral kidney asymmetry", "visual reasoning", "category", "kidney_asymmetry", "kidney_left.volume_ml",
       "kidney_right.volume_ml", "kidney_left/kidney_right.volume_ratio", "kidney_left/kidney_right.volume_difference_pct",
       organ="kidney", reads=VOL,
       agents=WITH_KNOWLEDGE, cutoff_quantity="kidney_left/kidney_right.volume_difference_pct",
       criteria=((None, "split-renal-volume"),), options=(("left", "Left kidney"), ("right", "Right kidney"),
                                       ("symmetric", "Neither (symmetric)"))),
    _t("inter-segment comparison", "visual reasoning", "category", "segment_comparison", "{lesion}.lesion_count",
       lesion=True),
    _t("kidney volume comparison", "visual reasoning", "category", "kidney_comparison", "kidney_left.volume_ml",
       "kidney_right.volume_ml", organ="kidney", reads=VOL,
       cutoff_quantity="kidney_left/kidney_right.volume_difference_pct",  # "larger by 10% or more" options
       options=(("left", "Left kidney"), ("right", "Right kidney"))),
    _t("largest lesion attenuation", "visual reasoning", "category", "attenuation", *_LESION_ATTENUATION,
       lesion=True, reads=HU, criteria=_TYPE_BY_ATTENUATION, options=_ATTENUATION_OPTIONS,
       value_quantity="{lesion}.largest_lesion_mean_hu", unit="HU"),
    _t("largest lesion location", "visual reasoning", "category", "location", "{lesion}_1.location", lesion=True),
    _t("liver lesion clustering", "visual reasoning", "category", "by_criterion", "liver_lesion.top_segment_pct",
       "liver_lesion.top_two_segments_pct", organ="liver", lesion=True, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-liver-lesion-clustering"),), yes_labels=("somewhat clustered", "highly clustered"),
       options=(("highly clustered", "Highly clustered"), ("somewhat clustered", "Somewhat clustered"),
                ("widely distributed", "Widely distributed"))),
    _t("multi-organ lesion burden comparison", "visual reasoning", "category", "burden_comparison", reads=VOL),
    # -- medical reasoning ----------------------------------------------------------------------
    _t("pancreatic steatosis", "medical reasoning", "yes_no", "by_criterion", "pancreas/spleen.hu_ratio",
       "pancreas.mean_hu", "spleen.mean_hu", organ="pancreas", reads=HU, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-pancreatic-steatosis"),)),
    _t("pancreatic cyst resectability", "medical reasoning", "yes_no", "by_criterion",
       "pancreas_lesion.largest_lesion_volume_ml", "pancreas_lesion.largest_lesion_diameter_mm", organ="pancreas",
       lesion=True, reads=VOL, agents=WITH_KNOWLEDGE, criteria=((None, "dtvqa-pancreatic-cyst-resection"),)),
    _t("pseudocyst determination", "medical reasoning", "yes_no", "by_criterion",
       "pancreas_lesion.largest_lesion_mean_hu", organ="pancreas", lesion=True, reads=HU, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-pseudocyst-vs-mucinous"),)),
    _t("portal hypertension assessment", "medical reasoning", "yes_no", "by_criterion", "spleen.volume_ml",
       "liver.caudate_right_lobe_ratio", reads=VOL, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-portal-hypertension"),)),
    _t("fatty liver", "medical reasoning", "category", "by_criterion", "liver/spleen.hu_ratio", "liver.mean_hu",
       "spleen.mean_hu", organ="liver", reads=HU, agents=WITH_KNOWLEDGE, criteria=((None, "dtvqa-fatty-liver"),),
       yes_labels=("fatty liver", "moderate to severe fatty liver")),
    _t("hepatic steatosis grading", "medical reasoning", "category", "by_criterion", "liver.mean_hu",
       "liver/spleen.hu_ratio", "spleen.mean_hu", organ="liver", reads=HU, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-hepatic-steatosis-grade"),), yes_labels=("G1 mild", "G2 moderate", "G3 severe"),
       options=(("G0 none", "G0 (none)"), ("G1 mild", "G1 (mild)"), ("G2 moderate", "G2 (moderate)"),
                ("G3 severe", "G3 (severe)"))),
    _t("lesion type classification", "medical reasoning", "category", "lesion_type",
       "{lesion}.largest_lesion_mean_hu", organ="kidney", lesion=True, reads=HU, agents=WITH_KNOWLEDGE,
       criteria=(("kidney", "dtvqa-kidney-lesion-solid-vs-cyst"),)),
    _t("pancreatic lesion resectability", "medical reasoning", "category", "resectability",
       "pancreas_lesion.sma_contact_deg", "pancreas_lesion.celiac_contact_deg", "pancreas_lesion.smv_pv_contact_deg",
       organ="pancreas", lesion=True, reads=MM, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-pancreatic-resectability"),)),
    _t("pancreatic tumor staging", "medical reasoning", "category", "t_stage",
       "{lesion}.largest_lesion_diameter_mm", organ="pancreas", lesion=True, reads=MM, agents=WITH_KNOWLEDGE,
       criteria=(("pancreas", "ajcc8-pancreas-t"), ("kidney", "ajcc8-kidney-t"), ("liver", "ajcc8-liver-t")),
       options=(("T1", "T1"), ("T2", "T2"), ("T3", "T3"), ("T4", "T4"))),
    _t("PDAC vs PNET classification", "medical reasoning", "category", "pdac_vs_pnet", *_LESION_ATTENUATION,
       organ="pancreas", lesion=True, reads=HU, agents=WITH_KNOWLEDGE, criteria=_TYPE_BY_ATTENUATION,
       options=(("hypoattenuating", "PDAC"), ("isoattenuating", "PNET"), ("hyperattenuating", "PNET"))),
    _t("renal mass characterization", "medical reasoning", "category", "by_criterion",
       "kidney_lesion.largest_lesion_mean_hu", organ="kidney", lesion=True, reads=HU, agents=WITH_KNOWLEDGE,
       criteria=((None, "dtvqa-renal-mass-hu"),)),
    _t("splenomegaly grading", "medical reasoning", "category", "by_criterion", "spleen.volume_ml", organ="spleen",
       family="grading", reads=VOL, agents=WITH_KNOWLEDGE, criteria=((None, "dtvqa-spleen-volume-grade"),),
       yes_labels=("mild", "moderate", "severe"),
       options=(("normal", "Normal (no splenomegaly)"), ("mild", "Mild splenomegaly"),
                ("moderate", "Moderate splenomegaly"), ("severe", "Severe splenomegaly"))),
    # -- beyond the benchmark -------------------------------------------------------------------
    _t("knowledge question", "knowledge", "category", "knowledge_answer", agents=frozenset({"knowledge"})),
    _t("report", "work-up", "report", "report", agents=WITH_KNOWLEDGE),
    _t("out of scope", "knowledge", "report", "out_of_scope", agents=frozenset()),  # no task answers it: abstains
    _t("recist response", "follow-up", "category", "recist_response", "recist.response",
       "target_lesions.change_from_baseline_pct", "target_lesions.change_from_nadir_pct",
       "new_lesions.lesion_count", lesion=True, reads=MM, agents=WITH_KNOWLEDGE,
       criteria=((None, "recist11-response"),)),
    _t("organ volume change", "follow-up", "number", "organ_volume_change", "{organ}.volume_change_pct", unit="%",
       reads=VOL),
    _t("lesion change", "follow-up", "number", "lesion_change", "{lesion}.lesion_count_change", unit="count",
       lesion=True, reads=VOL),
)
REGISTRY: dict[str, Task] = {t.name: t for t in TASKS}
KNOWLEDGE = "knowledge question"
REPORT = "report"
OUT_OF_SCOPE = "out of scope"
"""A question no task answers (`questions.scope`): the case abstains naming what it asks about."""
DEEPTUMORVQA_SUBTYPES: tuple[str, ...] = tuple(t.name for t in TASKS if t.stage in BENCHMARK_STAGES)
"""All 42 DeepTumorVQA subtypes, by stage."""


def further_part_quantities(intent: Intent) -> list[str]:
    """The quantities understanding read the one further part of a question to ask, beyond the first task's own
    ("Give the greatest dimension of the pancreatic mass and its mean attenuation": the mass's mean HU, which the
    part's task alone would read as the organ's). Empty with no or several further parts. The reasoner answers a
    part with these and the reviewer checks the part against them: one reading."""
    if len(intent.parts) != 1 or intent.task not in REGISTRY:
        return []
    first = REGISTRY[intent.task].expand(intent.organ, intent.lesion)
    return [q for q in intent.quantities[1:] if q not in first]


def value_key(intent: Intent, choice_form: str | None = None) -> str | None:
    """The quantity key answering a category task asked as a number (`Task.value_quantity` for the intent's organ and
    lesion group), when the intent's form is a number or the options are numbers (`choice_form`); else None. The
    reasoner answers with that value and the reviewer holds the answer to it: one reading."""
    spec = REGISTRY.get(intent.task)
    if spec is None or spec.value_quantity is None or "number" not in (intent.answer_form, choice_form):
        return None
    name = spec.value_quantity.split(".", 1)[1]
    own = [q for q in intent.quantities if q.split(".", 1)[-1] == name]  # of one kind or side: "the kidney tumour's"
    keys = own or expand_quantities([spec.value_quantity], intent.organ, intent.lesion)
    return keys[0] if keys else None


class UnknownTaskError(KeyError):
    """No task of that name is registered."""


def task(name: str) -> Task:
    """The registered task of that name.

    Raises:
        UnknownTaskError: the name is not a registered task.
    """
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownTaskError(f"unknown task {name!r}; registered: {sorted(REGISTRY)!r}") from None


def tasks_where(**fields: object) -> frozenset[str]:
    """Names of the tasks whose fields equal the given values (`tasks_where(form="number")`)."""
    return frozenset(t.name for t in TASKS if all(getattr(t, k) == v for k, v in fields.items()))


def subtypes_of(stage: Stage) -> tuple[str, ...]:
    """The task names of one stage, in registry order."""
    return tuple(t.name for t in TASKS if t.stage == stage)
