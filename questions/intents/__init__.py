"""Data and helpers of question understanding: the intent library, entities, choices."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from core.anatomy import LESION_GROUP
from core.tasks import REGISTRY
from questions.intents.choices import ChoiceSet, ParsedChoice, choices_asked, parse_choice, parse_choices
from questions.intents.entities import Entities, extract, locations_of, normalise, structures_named

__all__ = [
    "LESION_GROUP", "ChoiceSet", "Entities", "ParsedChoice", "extract", "locations_of", "library_path", "load_library",
    "structures_named",
    "choices_asked", "normalise", "parse_choice", "parse_choices",
]

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""A safe loader, libyaml's when PyYAML has it (the library: 2 ms instead of 20; same data)."""


def library_path() -> Path:
    """The shipped intent library (`subtypes.yaml`)."""
    return Path(str(resources.files("questions.intents").joinpath("subtypes.yaml")))


def load_library(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The task records of an intent library: its exemplars joined to the task registry's metadata.

    A record may override a registry field (`form`, `unit`, `organ`, `quantities`, `family`); a task
    the registry does not know must give `form` itself.
    """
    source = Path(path) if path is not None else library_path()
    records = yaml.load(source.read_text(encoding="utf-8"), Loader=_YAML_LOADER)["tasks"]
    out = []
    for record in records:
        spec = REGISTRY.get(record.get("task", ""))
        known = {"form": spec.form, "unit": spec.unit, "organ": spec.organ, "quantities": list(spec.quantities),
                 "family": spec.family} if spec is not None else {}
        merged = {**known, **record}
        missing = {"task", "form", "exemplars"} - set(merged)
        if missing:
            raise ValueError(f"{str(source)!r}: task {record.get('task')!r} lacks {sorted(missing)!r}")
        out.append(merged)
    return out
