"""One entry of the knowledge base: a cited criterion, written as a small structured document."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge.criteria import GENERIC_TARGETS, Criterion, Match
from knowledge.errors import MissingQuantityError

ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """Where a criterion comes from: guideline or paper, year, section."""

    name: str = Field(min_length=3)
    year: int | None = None
    section: str | None = None
    url: str | None = None
    via: str | None = None
    """Secondary source the threshold was taken through (e.g. a benchmark's knowledge base)."""

    @property
    def citation(self) -> str:
        """One-line citation: `name (year), section; via ...`."""
        text = self.name + (f" ({self.year})" if self.year else "")
        if self.section:
            text += f", {self.section}"
        if self.via:
            text += f"; via {self.via}"
        return text


class Classification(_Model):
    """The category a criterion assigns to measured values, and why."""

    label: str
    entry_id: str
    matched: list[Match]
    """The quantities, values and bands that decided the label."""
    rule: str
    """The decision as a sentence a reader can check."""
    citation: str


class KnowledgeEntry(_Model):
    """A criterion clinicians use, in the project's own words, with its source and thresholds."""

    id: str
    title: str = Field(min_length=3)
    text: str = Field(min_length=20)
    source: Source
    profile: str = "guideline"
    """Which rule set the entry belongs to: `deeptumorvqa`, `radgpt`, `guideline`, or a user's own."""
    topic: str | None = None
    """Entries of different profiles that answer the same question share a topic; a profile picks one."""
    organs: list[str] = Field(default_factory=list)
    question_subtypes: list[str] = Field(default_factory=list)
    """DeepTumorVQA `question_subtype` strings this entry serves."""
    keywords: list[str] = Field(default_factory=list)
    """Other names clinicians use for the concept (abbreviations, synonyms)."""
    criterion: Criterion | None = None
    """Thresholds as data; None for a descriptive entry."""
    refines: str | None = None
    """The entry one of whose categories this one sub-divides (a pancreatic T1's T1a/T1b/T1c): cited with it,
    never the criterion that decides the question on its own."""

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not ENTRY_ID.match(value):
            raise ValueError(f"entry id {value!r} must be lower-case letters, digits and hyphens")
        return value

    @property
    def citation(self) -> str:
        return self.source.citation

    def required_quantities(self, target: str | None = None) -> list[str]:
        """Quantity keys this entry reads, with a generic target (`lesion`, `kidney`) bound to `target`."""
        if self.criterion is None:
            return []
        return [_bind(k, target) for k in self.criterion.quantity_keys]

    def classify(self, values: dict[str, float], target: str | None = None) -> Classification:
        """Computes the category from measured values keyed `{target}.{name}`.

        Args:
            values: measured values; extra keys are ignored.
            target: concrete structure for generic keys, e.g. `liver_lesion` for `lesion.tumor_burden_pct`
                or `kidney_left` for `kidney.volume_ml`.

        Raises:
            ValueError: the entry has no criterion.
            MissingQuantityError: the label depends on a quantity not in `values`.
            OutOfRangeError: a value lies outside its scale.
        """
        if self.criterion is None:
            raise ValueError(f"entry {self.id!r} is descriptive and has no criterion to classify with")
        own = {}
        for key in self.criterion.quantity_keys:
            bound = _bind(key, target)
            if bound in values:
                own[key] = values[bound]
            elif key in values:
                own[key] = values[key]
        label, matched, missing = self.criterion.decide(own)
        if not label:
            raise MissingQuantityError(self.id, [_bind(k, target) for k in missing], sorted(values))
        return Classification(
            label=label,
            entry_id=self.id,
            matched=matched,
            citation=self.citation,
            rule=_explain(self, label, matched, target),
        )

    def render(self) -> str:
        """The entry as plain text, one item a line: title, text, keywords, thresholds, note, source."""
        lines = [self.title, self.text.strip()]
        extras = [*self.keywords, *self.question_subtypes, *(o.replace("_", " ") for o in self.organs)]
        if extras:
            lines.append("Also: " + ", ".join(extras))
        if self.criterion is not None:
            for scale in self.criterion.quantities:
                lines.append(f"{scale.quantity} ({scale.unit}): {scale.describe()}")
            if self.criterion.combine == "rules":
                lines += [_rule_text(r.label, r.when) for r in self.criterion.rules]
            if self.criterion.note:
                lines.append(self.criterion.note)
        lines.append(f"Source: {self.citation}")
        return "\n".join(lines)


def _bind(key: str, target: str | None) -> str:
    head, name = key.split(".", 1)
    return f"{target}.{name}" if target and head in GENERIC_TARGETS else key


def _rule_text(label: str, when: dict[str, list[str]]) -> str:
    if not when:
        return f"{label}: otherwise"
    return f"{label}: " + " and ".join(f"{k} is {' or '.join(v)}" for k, v in when.items())


def _explain(entry: KnowledgeEntry, label: str, matched: list[Match], target: str | None) -> str:
    parts = [
        f"{_bind(m.quantity, target)} = {m.value:g} {m.unit} ({m.band.describe(m.unit)}: {m.band.label})"
        for m in matched
    ]
    assert entry.criterion is not None
    how = {
        "any": "any quantity",
        "all": "every quantity",
        "worst": "the highest grade reached",
        "rules": "the first matching row",
    }[entry.criterion.combine]
    return f"{'; '.join(parts)} -> {label!r} by {how} of {entry.title} [{entry.citation}]"
