"""From what a case needs (question subtype, organ, quantities) to criteria, search queries, evidence.

Helpers for the knowledge agent and the CLI; plain data in, plain data out (no agent imports).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from core.tasks import REGISTRY
from knowledge.entry import KnowledgeEntry
from knowledge.lesion_types import CONTENT_CRITERION, SOLID_UNLESS_NAMED
from knowledge.lookup import find_criteria

_NAME_WORDS = {"ml": "", "mm": "", "pct": "percentage", "hu": "HU", "deg": "degrees", "sd": "standard deviation"}


def quantity_phrase(key: str) -> str:
    """A quantity key in words: `liver/spleen.hu_ratio` -> `liver spleen HU ratio`."""
    target, _, name = key.partition(".")
    words = [w for w in target.replace("/", " ").replace("_", " ").split()]
    named = [_NAME_WORDS.get(w, w) for w in name.split("_")]
    if words and named and words[-1] == named[0]:  # liver_lesion.lesion_count: "liver lesion count", said once
        named = named[1:]
    words += named
    return " ".join(w for w in words if w)


def queries_for(
    task: str | None = None, organ: str | None = None, quantities: Sequence[str] = (), question: str | None = None
) -> list[str]:
    """Search queries for a case's needs, most specific first, without duplicates.

    Args:
        task: DeepTumorVQA subtype or other task name (`splenomegaly grading`).
        organ: structure the question is about (`spleen`, `kidney_left`).
        quantities: quantity keys the answer rests on (`spleen.volume_ml`).
        question: the (de-identified) question text, searched as asked.
    """
    place = organ.replace("_", " ") if organ else ""
    queries = []
    if task:
        queries.append(f"{task} {place}".strip() if place and place.split()[0] not in task.lower() else task)
    queries += [f"{quantity_phrase(q)} threshold" for q in quantities]
    if question and question.strip():
        queries.append(question.strip())
    return list(dict.fromkeys(queries))


def criteria_for(
    base: Iterable[KnowledgeEntry], task: str | None = None, organ: str | None = None, quantities: Sequence[str] = ()
) -> list[KnowledgeEntry]:
    """Entries whose thresholds decide this task, else those reading the quantities.

    The task registry's deciding entry for the organ comes first (a kidney T stage: the kidney
    table), then every entry that serves the subtype for that organ. The direct lookup complements
    search: a criterion the task names is always offered.
    """
    entries = list(base)
    spec = REGISTRY.get(task or "")
    wanted = spec.criterion(organ) if spec is not None else None
    found = [e for e in entries if e.id == wanted and e.criterion is not None]
    if task:
        found += [e for e in find_criteria(entries, task, organ) if e not in found]
    if not found:
        for key in quantities:
            found += [e for e in find_criteria(entries, key, organ) if e not in found and e.refines is None]
    found += [e for e in entries if e.refines is not None and e.refines in {f.id for f in found} and e not in found]
    group = SOLID_UNLESS_NAMED.get(task or "")  # "the T stage of the pancreatic tumour": which lesion is the solid one
    found += [e for e in entries if group and e.id == CONTENT_CRITERION.get(group) and e not in found]
    return found  # with the entries that sub-divide a category of one found (`KnowledgeEntry.refines`) and the content
    # criterion that names the tumour a tumour task is of (`lesion_types.SOLID_UNLESS_NAMED`)


def criterion_targets(entry: KnowledgeEntry, organ: str | None, lesion: str | None) -> list[str | None]:
    """The structures a criterion is applied to for a question: its lesion group for `lesion.*` keys, both
    kidneys for `kidney.*` keys when the question names no side, the question's organ for `organ.*` keys, else the
    question's structure."""
    keys = entry.criterion.quantity_keys if entry.criterion is not None else []
    if any(k.startswith("lesion.") for k in keys):
        return [lesion]
    if any(k.startswith("organ.") for k in keys):
        return [organ]
    if any(k.startswith("kidney.") for k in keys):
        return ["kidney_left", "kidney_right"] if organ in (None, "kidney") else [organ]
    return [None]


def worst_label(entry: KnowledgeEntry, labels: Sequence[str]) -> str:
    """The most severe of several labels of one criterion (both kidneys: the worse one decides)."""
    rank = {label: i for i, label in enumerate(entry.criterion.labels)}  # type: ignore[union-attr]
    return max(labels, key=rank.__getitem__)


def decide(entry: KnowledgeEntry, values: dict[str, float], organ: str | None, lesion: str | None) -> str:
    """The label a criterion gives a question's measured values: the one definition the reasoner and the
    reviewer both apply (`KnowledgeEntry.classify` per target, the worst over both kidneys).

    A value with a plausible error (a predicted mask's volume) decides only when its whole error gives one label
    (`knowledge.uncertainty.check_decided`).

    Raises:
        KnowledgeError: a value is missing or out of range; `UndecidedError` when a plausible error spans labels.
    """
    from knowledge.uncertainty import check_decided

    targets = criterion_targets(entry, organ, lesion)
    for target in targets:
        check_decided(entry, values, target)
    return worst_label(entry, [entry.classify(values, target=t).label for t in targets])


def criterion_evidence(
    entry: KnowledgeEntry,
    target: str | None = None,
    *,
    score: float | None = None,
    query: str | None = None,
    rank: int | None = None,
) -> dict[str, Any]:
    """Keyword arguments for `core.case.Evidence.make` describing a cited criterion.

    `Evidence.make(**criterion_evidence(entry, "spleen"))` gives id `criterion:spleen:<entry id>`.
    """
    provenance: dict[str, Any] = {"profile": entry.profile, "source_url": entry.source.url}
    if entry.criterion is not None:
        provenance["quantities"] = entry.criterion.quantity_keys
        provenance["labels"] = entry.criterion.labels
    if query is not None:
        provenance["retrieval"] = {"query": query, "score": score, "rank": rank}
    return {
        "kind": "criterion",
        "agent": "knowledge",
        "name": entry.id,
        "target": target,
        "value": entry.title,
        "reason": entry.text,
        "citation": entry.citation,
        "provenance": provenance,
    }


def describe(base: Iterable[KnowledgeEntry]) -> list[dict[str, Any]]:
    """One row per entry for `clinorch knowledge list`: id, title, profile, organs, thresholds, source."""
    return [
        {
            "id": e.id,
            "title": e.title,
            "profile": e.profile,
            "organs": e.organs,
            "thresholds": e.criterion is not None,
            "source": e.citation,
        }
        for e in base
    ]
