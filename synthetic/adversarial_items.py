"""The adversarial set's items: a labelled case, the questions asked, and the builder that collects them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.case import Case, ImageRef
from core.state import Intent

REPORT = Intent(task="report")
LIVER_VOLUME = Intent(
    task="organ volume measurement", organ="liver", quantities=["liver.volume_ml"], answer_form="number", unit="mL"
)
LIVER_HU = Intent(
    task="organ HU measurement", organ="liver", quantities=["liver.mean_hu"], answer_form="number", unit="HU"
)
SPLEEN_VOLUME = Intent(
    task="organ volume measurement", organ="spleen", quantities=["spleen.volume_ml"], answer_form="number", unit="mL"
)
SPLEEN_KNOWLEDGE = Intent(task="knowledge question", organ="spleen", answer_form="category")
QUESTIONS = {
    "report": None,
    "liver_volume": "What is the volume of the liver in mL?",
    "liver_hu": "What is the mean HU of the liver?",
    "spleen_volume": "What is the volume of the spleen in mL?",
    "spleen_knowledge": "What spleen volume counts as splenomegaly?",
}
INTENTS = {
    "report": REPORT,
    "liver_volume": LIVER_VOLUME,
    "liver_hu": LIVER_HU,
    "spleen_volume": SPLEEN_VOLUME,
    "spleen_knowledge": SPLEEN_KNOWLEDGE,
}


@dataclass(frozen=True)
class Item:
    """One labelled case: valid (`expected` empty) or invalid with the right reasons to reject it."""

    name: str
    case: Case
    intent: Intent
    expected: frozenset[str] = frozenset()
    """Names of the checks whose failure is a right reason to reject; empty for a valid case."""
    source: str = "phantom"

    @property
    def valid(self) -> bool:
        return not self.expected


@dataclass
class Builder:
    root: Path
    items: list[Item] = field(default_factory=list)

    def add(
        self,
        name: str,
        images: list[ImageRef],
        question: str = "report",
        expected: tuple[str, ...] = (),
        source: str = "phantom",
    ) -> None:
        case = Case(case_id=name, images=images, question=QUESTIONS[question])
        self.items.append(Item(name, case, INTENTS[question], frozenset(expected), source))


def ref(path: str | Path, **kw: object) -> ImageRef:
    return ImageRef(path=str(path), **kw)  # type: ignore[arg-type]
