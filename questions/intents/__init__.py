"""Data and helpers of question understanding: the intent library, entities, choices."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from questions.intents.choices import ChoiceSet, ParsedChoice, parse_choice, parse_choices
from questions.intents.entities import LESION_GROUP, Entities, extract, locations_of, normalise

__all__ = [
    "LESION_GROUP", "ChoiceSet", "Entities", "ParsedChoice", "extract", "locations_of", "library_path", "load_library",
    "normalise", "parse_choice", "parse_choices",
]


def library_path() -> Path:
    """The shipped intent library (`subtypes.yaml`)."""
    return Path(str(resources.files("questions.intents").joinpath("subtypes.yaml")))


def load_library(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The task records of an intent library, validated for the fields understanding reads."""
    source = Path(path) if path is not None else library_path()
    records = yaml.safe_load(source.read_text(encoding="utf-8"))["tasks"]
    for record in records:
        missing = {"task", "form", "exemplars"} - set(record)
        if missing:
            raise ValueError(f"{str(source)!r}: task {record.get('task')!r} lacks {sorted(missing)!r}")
    return records
