"""The public data model: a case in, a result out, and the evidence between them.

Everything here is pydantic v2, serialises to JSON and round-trips exactly.
"""

from __future__ import annotations

import json
import re
import stat
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer, field_validator

from core.provenance import Provenance, plain
from core.run_provenance import RunProvenance

Role = Literal["current", "prior"]
Status = Literal["answered", "abstained", "rejected"]
EvidenceKind = Literal["check", "segmentation", "measurement", "criterion", "finding"]
AgentName = Literal["triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer"]
Scalar = float | int | bool | str | None


MAX_CASE_FILE_BYTES = 1_000_000
"""A case JSON file larger than this (1 MB) is refused unread: a case holds a question, context and
paths to images, not the images or whole documents."""


class InvalidCaseError(ValueError):
    """A case file that cannot be a case: not a regular file, too large, or not JSON.

    An object that is JSON but not a valid case raises pydantic's `ValidationError`, which names
    the offending field.
    """


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_URL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]+)://")


class ImageRef(_Model):
    """One image of a case: where it is and what it is said to be."""

    path: str
    """NIfTI file, DICOM file or series folder, or a 2D PNG/JPEG."""
    modality: str | None = None
    """Declared modality (CT, MR, CR, DX, US, ...), if known."""
    role: Role = "current"
    """`current` study or a `prior` one (for change over time)."""
    acquired: date | None = None
    """Acquisition date; needed for priors."""
    masks: str | None = None
    """Provided segmentation: an AbdomenAtlas `segmentations/` folder or a DICOM SEG file."""

    @field_validator("path", "masks")
    @classmethod
    def _local(cls, value: str | None) -> str | None:
        """A URL is refused by name: nothing is downloaded at run time (RFC 3986 scheme://)."""
        scheme = _URL.match(value or "")
        if scheme:
            raise ValueError(f"a URL ({scheme.group(1)}://...), not a local path: clinorch downloads nothing; "
                             "fetch the file and give its local path")
        return value


class PatientContext(_Model):
    """Clinical context given with the case."""

    age: int | None = None
    sex: Literal["M", "F", "O"] | None = None
    history: str | None = None
    labs: dict[str, float | str] = Field(default_factory=dict)


class Case(_Model):
    """A case: images, an optional question with optional choices, and context."""

    case_id: str
    images: list[ImageRef] = Field(default_factory=list)
    question: str | None = None
    """Free-text question; None asks for a full work-up."""
    choices: dict[str, str] | None = None
    """Multiple-choice options by letter, e.g. {"A": "Normal", "B": "Mild"}."""
    context: PatientContext = Field(default_factory=PatientContext)
    task_hint: str | None = None
    """Benchmarks: the record's task label (a DeepTumorVQA subtype); planning may use it only when
    `Config.use_subtype_hint` is set."""

    @field_validator("question")
    @classmethod
    def _not_blank(cls, question: str | None) -> str | None:
        if question is not None and not question.strip():
            raise ValueError("the question is empty (only whitespace); write the question, or leave `question` "
                             "out to ask for a full work-up")
        return question

    @field_validator("choices")
    @classmethod
    def _letters(cls, choices: dict[str, str] | None) -> dict[str, str] | None:
        if choices is not None:
            bad = [k for k in choices if len(k) != 1 or not k.isalpha() or not k.isupper()]
            if bad:
                raise ValueError(f"choice keys must be single capital letters, got {bad!r}")
        return choices

    @classmethod
    def load(cls, source: Case | dict[str, Any] | str | Path) -> Case:
        """Builds a case from a `Case`, a dict, or a JSON file.

        Relative image paths in a JSON file are taken relative to that file.
        """
        if isinstance(source, Case):
            return source
        if isinstance(source, dict):
            return cls.model_validate(source)
        path = Path(source)
        try:
            mode = path.stat().st_mode
            if not stat.S_ISREG(mode):
                raise InvalidCaseError(f"{path}: a case file must be a regular file (not a device, pipe or folder)")
            if path.stat().st_size > MAX_CASE_FILE_BYTES:
                raise InvalidCaseError(f"{path}: {path.stat().st_size:,} bytes, larger than the case file limit of "
                                       f"{MAX_CASE_FILE_BYTES:,} bytes (a case holds a question, context and image "
                                       "paths; images and long documents stay in their own files)")
            raw = path.read_bytes()  # RFC 8259 8.1: UTF-8; UTF-16/32 with or without a BOM read as json detects them
            data = json.loads(raw.decode(json.detect_encoding(raw)), object_pairs_hook=_unique_keys)
        except DuplicateKeyError as exc:
            raise InvalidCaseError(f"{path}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise InvalidCaseError(f"{path}: not a readable case JSON file (JSONDecodeError: {exc}){_json_hint(exc)}"
                                   ) from exc
        except (OSError, UnicodeDecodeError, RecursionError) as exc:
            raise InvalidCaseError(f"{path}: not a readable case JSON file ({type(exc).__name__}: {exc})") from exc
        if not isinstance(data, dict):
            raise InvalidCaseError(f"{path}: a case JSON file holds an object, got {type(data).__name__}")
        case = cls.model_validate(data)
        base = path.resolve().parent
        for image in case.images:
            image.path = _resolve(image.path, base)
            if image.masks:
                image.masks = _resolve(image.masks, base)
        return case

    @property
    def current_images(self) -> list[ImageRef]:
        return [im for im in self.images if im.role == "current"]


def describe_invalid_case(err: ValidationError) -> str:
    """Every wrong field of a case in one line: where it is and what is wrong with it.

    An unknown key also names the keys that belong at its place (``context.history`` is a case
    field, ``history`` at the top level is not), so a user can fix the file from the message alone.
    """
    parts = []
    for e in err.errors():
        where = ".".join(map(str, e["loc"])) or "case"
        if e["type"] == "extra_forbidden":
            known = ", ".join(_fields_at(e["loc"][:-1]))
            home = (f"; it belongs under `context`: {{\"context\": {{\"{where}\": ...}}}}"
                    if len(e["loc"]) == 1 and where in PatientContext.model_fields else "")
            parts.append(f"{where}: not a field here (allowed: {known}){home}")
        else:
            parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the model at `loc` inside a case (`()` is the case itself)."""
    model: type[BaseModel] = Case
    for key in loc:
        if isinstance(key, int):
            continue
        annotation = model.model_fields[str(key)].annotation if str(key) in model.model_fields else None
        nested = [t for t in (annotation, *get_args(annotation)) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not nested:
            break
        model = nested[0]
    return list(model.model_fields)


class DuplicateKeyError(ValueError):
    """A JSON object names one key twice (RFC 8259 leaves the meaning open; Python keeps the last)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json.loads`' object hook: an object, or `DuplicateKeyError` naming a key given twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(f"the key {key!r} appears more than once in one object; which value is meant "
                                    "is unknown (JSON keeps only the last): give it once")
        out[key] = value
    return out


def _json_hint(exc: json.JSONDecodeError) -> str:
    """What usually causes a JSON error at that place: a comment or a trailing comma (JSON allows neither, RFC 8259)."""
    at = exc.doc[exc.pos:exc.pos + 2]
    before = exc.doc[:exc.pos].rstrip()
    if at.startswith(("//", "/*", "#")):
        return ": a comment, which JSON does not allow; delete it"
    if at[:1] in "}]" and at and before.endswith(","):
        return ": a trailing comma before the closing bracket, which JSON does not allow; delete it"
    return ""


def _resolve(p: str, base: Path) -> str:
    """A case file's path made absolute against the file's folder.

    A path written on Windows (``..\\scans\\ct.nii.gz``) names a different file on POSIX, where a
    backslash is an ordinary character: when the path as written does not exist and the same
    path with ``/`` does, that is the one meant.
    """
    path = Path(p).expanduser()
    path = path if path.is_absolute() else (base / path)
    if "\\" in p and not path.exists():
        slashed = Path(p.replace("\\", "/")).expanduser()
        slashed = slashed if slashed.is_absolute() else (base / slashed)
        if slashed.exists():
            return str(slashed)
    return str(path)


class Evidence(_Model):
    """One item an answer may rest on, with a stable id and its provenance."""

    id: str
    """Stable and deterministic: `"{kind}:{target}:{name}"`."""
    kind: EvidenceKind
    agent: AgentName
    name: str
    target: str | None = None
    value: Scalar = None
    unit: str | None = None
    passed: bool | None = None
    """For checks: whether the check passed."""
    reason: str | None = None
    citation: str | None = None
    """For criteria: guideline or paper, year, section."""
    provenance: Provenance = Field(default_factory=Provenance)
    """How the item was made (a typed model; numpy values are coerced to plain JSON types)."""

    @field_validator("value", mode="before")
    @classmethod
    def _plain_value(cls, value: Any) -> Any:
        return plain(value)

    @field_serializer("provenance")
    def _provenance(self, provenance: Provenance) -> dict[str, Any]:
        return provenance.as_dict()

    @classmethod
    def make(cls, kind: EvidenceKind, agent: AgentName, name: str, target: str | None = None, **kw: Any) -> Evidence:
        """Builds an item with its deterministic id."""
        return cls(id=f"{kind}:{target or '-'}:{name}", kind=kind, agent=agent, name=name, target=target, **kw)


class Finding(_Model):
    """A structured finding: a structure and what was measured on it."""

    organ: str
    lesion: str | None = None
    statement: str
    measurements: dict[str, float] = Field(default_factory=dict)
    """Name with unit suffix (`volume_ml`, `longest_diameter_mm`) to value."""
    evidence_ids: list[str] = Field(default_factory=list)


class Check(_Model):
    """One consistency check of the reviewer (or one triage check)."""

    name: str
    passed: bool
    reason: str
    agent: AgentName | None = None
    """The agent responsible when the check fails."""
    evidence_ids: list[str] = Field(default_factory=list)
    clinical: str | None = None
    """A failed check in clinical words (what a reader can act on); `name` and `reason` stay technical."""


class Fix(_Model):
    """What the reviewer asks of an agent when a check fails."""

    agent: AgentName
    reason: str


class Review(_Model):
    """The attending reviewer's verdict."""

    consistent: bool
    checks: list[Check] = Field(default_factory=list)
    required_fixes: list[Fix] = Field(default_factory=list)
    rounds: int = 0
    """Revision rounds used."""


class TraceStep(_Model):
    """One step of the run: which node, which tool, what went in and out, how long."""

    node: str
    tool: str | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    outputs: dict[str, Any] = Field(default_factory=dict)
    duration_s: float = 0.0

    @field_validator("inputs", "outputs", mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return plain(value)


class Answer(_Model):
    """The reasoner's answer and the evidence it rests on."""

    text: str
    choice: str | None = None
    """For multiple choice: the letter."""
    evidence_ids: list[str] = Field(default_factory=list)
    backend: str = "guideline"
    criterion_id: str | None = None
    """The knowledge entry applied, when the answer is a category."""


class CaseResult(_Model):
    """What a run returns."""

    case_id: str
    status: Status
    answer: str | None = None
    """Final answer text; for multiple choice the choice letter."""
    answer_detail: Answer | None = None
    reasons: list[str] = Field(default_factory=list)
    """Why a case was rejected or abstained (for an abstention: in clinical words)."""
    reason_checks: list[str] = Field(default_factory=list)
    """For an abstention: the names of the reviewer's failed checks, in the order of `reasons`."""
    track: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    review: Review | None = None
    trace: list[TraceStep] = Field(default_factory=list)
    question: str | None = None
    """The case's question (copied from `Case.question`), so a saved result can be re-reviewed alone."""
    choices: dict[str, str] | None = None
    """The case's multiple-choice options (copied from `Case.choices`)."""
    provenance: RunProvenance | None = None
    """Which clinorch build, configuration and input files (SHA-256) produced this result."""

    def evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}
