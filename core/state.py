"""The graph's working state: references and typed evidence, never pixel arrays."""

from __future__ import annotations

import operator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.case import AgentName, Answer, Case, Evidence, Finding, Review, Status, TraceStep

Track = Literal["abdomen_ct", "chest_ct", "head_ct", "other_ct", "mr", "radiograph", "other"]
AnswerForm = Literal["choice", "yes_no", "number", "category", "report"]


def merge_evidence(old: list[Evidence], new: list[Evidence]) -> list[Evidence]:
    """Reducer: items with the same id are replaced by the newer one, order kept."""
    merged = {e.id: e for e in old}
    for item in new:
        merged[item.id] = item
    return list(merged.values())


Comparison = Literal["<", "<=", ">", ">="]


class StatedThreshold(BaseModel):
    """A cut-off the question states for its own rule ("cyst if mean HU <= 20", "spleen > 400 mL counts as
    enlarged", "more than 25 % of the lesion's voxels", "within 3 mm", "after a 1-voxel dilation").

    Read once by question understanding (`questions.stated_rules`); the reasoner decides with it through
    `knowledge.stated.threshold_criterion` and records it as evidence, and the reviewer re-applies the same one.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    comparison: Comparison
    """How a value is compared with `value` for the rule to hold (`x <= 20`)."""
    value: float
    """The cut-off in `unit` (cm, L and cc already converted to mm and mL)."""
    unit: Literal["HU", "mL", "mm", "%", "voxel", "ratio"]
    label: str | None = None
    """The category the rule names when it holds ("cyst", "enlarged"); None when the question names none."""
    words: str = ""
    """The words it was read from."""

    def holds(self, measured: float) -> bool:
        """Whether `measured` satisfies the stated comparison."""
        return {"<": measured < self.value, "<=": measured <= self.value, ">": measured > self.value,
                ">=": measured >= self.value}[self.comparison]


class Intent(BaseModel):
    """What a question asks, as question understanding reads it."""

    model_config = ConfigDict(extra="forbid")

    task: str
    """A DeepTumorVQA subtype (`organ volume measurement`, ...), `knowledge question` or `report`."""
    organ: str | None = None
    """AbdomenAtlas structure name (`liver`, `kidney_left`, ...)."""
    lesion: str | None = None
    """Lesion group (`liver_lesion`, `kidney_lesion`, `pancreas_lesion`, `colon_lesion`)."""
    quantities: list[str] = Field(default_factory=list)
    """Quantity keys the answer needs, `{target}.{name}` (docs/CONTRACTS.md)."""
    answer_form: AnswerForm = "report"
    unit: str | None = None
    """Unit the question asks for (mm, cm, mL, HU, %)."""
    confidence: float = 1.0
    negated: bool = False
    """A yes/no question with negative polarity ("free of", "ruled out"): *yes* means the finding is absent."""
    negated_parts: list[str] = Field(default_factory=list)
    """The further parts (`parts`) asked with negative polarity ("..., and is the spleen of normal
    size?" asks `splenomegaly detection` negated): *yes* to such a part means the finding is absent."""
    basis: str | None = None
    """The quantity key the question names as its basis ("judging by spleen size alone" -> `spleen.volume_ml`):
    the answer is decided on that quantity only."""
    alternatives: list[str] = Field(default_factory=list)
    """Other tasks understanding could not rule out (scores within a margin of the chosen one)."""
    support_quantities: list[str] = Field(default_factory=list)
    """Quantity keys of the alternatives: planning gathers them too, so evidence and options can decide."""
    polar: bool = False
    """The question is put as a yes/no question ("Is the left kidney larger?"), whatever the task's own form."""
    sides: list[Literal["left", "right"]] = Field(default_factory=list)
    """Sides the question names, in order."""
    locations: list[str] = Field(default_factory=list)
    """Sub-segments the question names (`liver_segment_7`, `pancreas_tail`), in order."""
    every_place: bool = False
    """The question asks every sub-segment a lesion lies in ("In which segment(s)...", "Which segments does it
    involve / span?"): each sub-segment holding > 10 % of it is named, not only the main one."""
    comparison: Literal["larger", "smaller"] | None = None
    """For a comparison: whether the question asks which is larger or which is smaller."""
    lesion_burden: bool = False
    by_volume: bool = False
    """A comparison of lesions by their volume (load) rather than their count."""
    """The question is about lesions or their burden (not organ size), e.g. kidney asymmetry of lesion load."""
    cutoff_pct: float | None = None
    """A percentage cut-off the question states for its own criterion ("using a 15% threshold on the
    kidney volume difference"): the question's rule, applied instead of a default."""
    cutoff_basis: Literal["larger", "mean", "smaller"] = "larger"
    """What the stated percentage cut-off is a percentage of ("a difference > 10% of their mean volume": `mean`), as
    the question words it (`questions.basis.stated_cutoff_basis`); `larger` when it does not say."""
    cutoff_edge: Literal["upper", "lower", "both"] | None = None
    """Which edge of a category the question's words ask ("the upper limit of mild splenomegaly", "above what
    volume"): `upper`, `lower`, `both` (no single edge), None (no edge word). Read when the question is answered
    as a question about the criterion itself (a knowledge question: its bare cut-off)."""
    parts: list[str] = Field(default_factory=list)
    """Further tasks a multi-part question asks after `task` ("Is there a kidney tumor? If so, its T stage?")."""
    size_asked: Literal["atrophic", "small", "abnormal"] | None = None
    """Which size finding a size question asks about, when not the task's usual one (enlargement):
    "atrophic" ("Is the liver atrophic?"), "small" ("Is the kidney abnormally small?") or "abnormal" ("Is the
    right kidney within the normal range?", asked negated). *Yes* then means that finding: the `atrophic` band,
    any of `core.tasks.SMALL_LABELS`, or any band but normal."""
    min_diameter_mm: float | None = None
    """A size floor a lesion count states ("How many lesions are 10 mm or larger?"): only lesions whose longest
    axial diameter reaches it are counted."""
    solid_stated: bool = False
    """The question calls the lesion solid ("the solid pancreatic mass"): an attenuation that leaves solid or
    cystic open is read as a poorly enhancing solid mass, and the answer says it rests on that premise."""
    lesion_kind: Literal["solid", "cyst", "tumor"] | None = None
    """The kind of lesion the question names ("the solid pancreatic tumour", "the enhancing renal mass": `solid`;
    "the cystic lesion": `cyst`), when it asks about one lesion of its group: the answer rests on the largest lesion
    of that kind, not on the group's largest (`agents.reasoners.asked_kind`). `tumor` for "the largest pancreatic
    tumour": solid where masks type the group's lesions (a cyst mask beside the tumour mask, typed masks), any lesion
    of the group otherwise. None when it names no kind, or asks the kind itself ("solid or cystic?")."""
    lesion_rank: int | None = None
    """The size rank of the one lesion asked about ("the second largest renal lesion": 2; "the smallest": -1, the last
    by volume): the answer rests on the group's lesion of that rank, not on its largest (`agents.reasoners.asked_kind`).
    None for the largest."""
    min_diameter_inclusive: bool = True
    """Whether a lesion exactly at `min_diameter_mm` counts ("at least 10 mm": yes; "larger than 10 mm": no)."""
    max_diameter_mm: float | None = None
    """A size ceiling a lesion count states ("How many lesions are smaller than 2 cm?", "between 10 and 20 mm"):
    only lesions whose longest axial diameter stays within it are counted (`questions.sizes.SizeFilter`)."""
    max_diameter_inclusive: bool = True
    """Whether a lesion exactly at `max_diameter_mm` counts ("at most 20 mm": yes; "smaller than 20 mm": no)."""
    premises: list[Literal["liver_lesions_metastatic", "no_arterial_contact"]] = Field(default_factory=list)
    """Facts the question tells the answer to assume (`questions.premises`): "regard liver lesions as metastases",
    "assume no arterial involvement". The answer cites them as stated in the question."""
    stated_thresholds: list[StatedThreshold] = Field(default_factory=list)
    """Cut-offs the question states for its own rule (`StatedThreshold`), in the order stated: applied instead of
    the knowledge base's defaults, with provenance "stated in the question"."""


class Plan(BaseModel):
    """Which agents the case needs, as triage decided."""

    model_config = ConfigDict(extra="forbid")

    intent: Intent
    needs_segmentation: bool = True
    needs_measurement: bool = True
    needs_knowledge: bool = True
    organs: list[str] = Field(default_factory=list)
    """Structures to segment and measure; empty means all the segmenter knows."""


class CaseState(BaseModel):
    """State of one case as it moves through the graph."""

    model_config = ConfigDict(arbitrary_types_allowed=False)

    case: Case
    """The case, with identifiers already removed from free text by triage."""
    identifiers_removed: dict[str, int] = Field(default_factory=dict)
    """Identifiers scrubbed from the free text before the case entered the state, by kind (`run()` scrubs first)."""
    track: Track | None = None
    """Specialty track chosen by triage."""
    plan: Plan | None = None
    """Agents and quantities the question needs."""
    images: dict[str, str] = Field(default_factory=dict)
    """Artifact ids of the images read, by role and index (`current:0`, `prior:0`)."""
    masks: dict[str, str] = Field(default_factory=dict)
    """Artifact ids of masks on the current image, by structure name."""
    prior_masks: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Artifact ids of masks on each prior image, by image key (`prior:0`) and structure name."""
    evidence: Annotated[list[Evidence], merge_evidence] = Field(default_factory=list)
    """Everything the answer may rest on; merged by id."""
    findings: list[Finding] = Field(default_factory=list)
    """Structured findings from measurement."""
    answer: Answer | None = None
    """The reasoner's latest answer."""
    review: Review | None = None
    """The reviewer's latest verdict."""
    rounds: int = 0
    """Revision rounds used so far."""
    feedback: list[str] = Field(default_factory=list)
    """The reviewer's reasons for the agent it sends the case back to."""
    revise: AgentName | None = None
    """Agent the reviewer sent the case back to, if any."""
    status: Status | None = None
    """Set when the case is rejected or abstained (or answered at the end)."""
    reasons: Annotated[list[str], operator.add] = Field(default_factory=list)
    """Why a case was rejected or abstained."""
    trace: Annotated[list[TraceStep], operator.add] = Field(default_factory=list)
    """Ordered steps with durations."""
