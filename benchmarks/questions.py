"""Phrasing: a computed `Item` becomes a question text, its multiple-choice options and the right letter.

Templates come from `templates.yaml` (several per subtype, some held out); slot values are drawn
from synonym lists, so the same item can be asked many ways. Distractors are built so that exactly
one option matches the truth: numbers differ from it by at least 25 % (or a fixed step for HU,
counts and slices), labels are the subtype's other categories.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import yaml

from benchmarks.answers import ORGAN_LABEL, Item
from benchmarks.records import LETTERS

ORGAN_WORDS: dict[str, tuple[list[str], list[str]]] = {
    # organ -> (nouns, adjectives)
    "liver": (["liver"], ["hepatic", "liver"]),
    "spleen": (["spleen"], ["splenic", "spleen"]),
    "pancreas": (["pancreas"], ["pancreatic", "pancreas"]),
    "kidney_left": (["left kidney"], ["left renal", "left kidney"]),
    "kidney_right": (["right kidney"], ["right renal", "right kidney"]),
    "kidney": (["kidneys"], ["renal", "kidney"]),
    "stomach": (["stomach"], ["gastric"]),
    "gall_bladder": (["gallbladder"], ["gallbladder"]),
}
LESION_WORDS: dict[str, tuple[list[str], list[str]]] = {
    # lesion group -> (singular phrases, plural phrases)
    "liver_lesion": (["liver lesion", "hepatic lesion", "liver tumor", "hepatic mass"],
                     ["liver lesions", "hepatic lesions", "liver tumors"]),
    "kidney_lesion": (["kidney lesion", "renal lesion", "renal mass"], ["kidney lesions", "renal lesions"]),
    "pancreas_lesion": (["pancreatic lesion", "pancreatic mass", "pancreatic tumor"],
                        ["pancreatic lesions", "pancreatic masses"]),
}
SEGMENT_WORDS = {
    **{f"liver_segment_{n}": [f"liver segment {n}", f"Couinaud segment {n}", f"hepatic segment {n}"]
       for n in range(1, 9)},
    "pancreas_head": ["the pancreatic head", "the head of the pancreas"],
    "pancreas_body": ["the pancreatic body", "the body of the pancreas"],
    "pancreas_tail": ["the pancreatic tail", "the tail of the pancreas"],
}
_ADDITIVE_STEP = {"HU": (8.0, 15.0, 25.0, 40.0)}
_COUNT_SUBTYPES = ("lesion counting", "lesion count by location")


@dataclass(frozen=True)
class Template:
    """One phrasing of a subtype."""

    id: str
    text: str
    heldout: bool = False
    negated: bool = False
    """The question asks the opposite (e.g. "free of lesions?"): a binary answer flips."""


@functools.cache
def load_templates() -> dict[str, tuple[Template, ...]]:
    """Subtype -> its templates, from the packaged templates.yaml."""
    text = resources.files("benchmarks").joinpath("templates.yaml").read_text()
    data = yaml.safe_load(text)["templates"]
    return {subtype: tuple(Template(**entry) for entry in entries) for subtype, entries in data.items()}


@dataclass
class Question:
    """A rendered question: free-form text, MC options with the right letter, and the answer."""

    text: str
    options: dict[str, str]
    correct_option: str
    answer: str
    template: Template


def _pick(rng: np.random.Generator, words: list[str]) -> str:
    return words[int(rng.integers(len(words)))]


def _slots(item: Item, rng: np.random.Generator) -> dict[str, str]:
    slots = item.slots
    out: dict[str, str] = {}
    if "organ" in slots:
        nouns, adjectives = ORGAN_WORDS[slots["organ"]]
        out["organ"], out["organ_adj"] = _pick(rng, nouns), _pick(rng, adjectives)
    if "lesion_group" in slots:
        one, many = LESION_WORDS[slots["lesion_group"]]
        out["lesion"], out["lesions"] = _pick(rng, one), _pick(rng, many)
        if "organ" not in out:
            nouns, adjectives = ORGAN_WORDS[{"liver_lesion": "liver", "kidney_lesion": "kidney",
                                             "pancreas_lesion": "pancreas"}[slots["lesion_group"]]]
            out["organ"], out["organ_adj"] = _pick(rng, nouns), _pick(rng, adjectives)
    if "segment" in slots:
        out["segment"] = _pick(rng, SEGMENT_WORDS[slots["segment"]])
    if "organs" in slots:
        names = ["the " + _pick(rng, ORGAN_WORDS[o][0]) for o in slots["organs"]]
        if slots["organs"] == ["kidney_left", "kidney_right"] and rng.random() < 0.5:
            names = ["both kidneys"]
        out["organs"] = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    for key in ("num", "den"):
        if key in slots:
            out[key] = ORGAN_WORDS[slots[key]][0][0]
    if "unit" in slots:
        out["unit"] = slots["unit"]
    return out


def _numeric_options(item: Item, rng: np.random.Generator, max_slice: int | None) -> list[str]:
    value, decimals, unit = float(item.value or 0.0), item.decimals, item.unit

    def fmt(v: float) -> str:
        return f"{v:.{decimals}f}" + (f" {unit}" if unit else "")

    if item.subtype in _COUNT_SUBTYPES or item.subtype == "largest lesion slice":
        steps = (1, 2, 3, 4, 5) if item.subtype != "largest lesion slice" else (3, 5, 8, 11, 14)
        candidates = [value + s for s in steps] + [value - s for s in steps]
        upper = max_slice if item.subtype == "largest lesion slice" and max_slice is not None else 10**6
        candidates = [c for c in candidates if 0 <= c <= upper]
    elif unit in _ADDITIVE_STEP:
        candidates = [value + s for s in _ADDITIVE_STEP[unit]] + [value - s for s in _ADDITIVE_STEP[unit]]
        if item.subtype == "tumor organ HU difference":
            candidates = [c for c in candidates if c >= 0]
    else:
        factors = (0.4, 0.55, 0.7, 1.35, 1.6, 2.0, 2.5)
        candidates = [value * f for f in factors]
    rng.shuffle(candidates)
    chosen: list[str] = []
    for candidate in candidates:
        text = fmt(candidate)
        if text != fmt(value) and text not in chosen:
            chosen.append(text)
        if len(chosen) == 3:
            break
    return [fmt(value), *chosen]


def _label_options(item: Item, rng: np.random.Generator) -> list[str]:
    labels = [label for label in item.labels if label != item.answer]
    if item.subtype == "adjacent organ":  # the lesion's own organ is never its neighbour
        own = {"liver": {"Liver"}, "kidney": {"Left kidney", "Right kidney"}, "pancreas": {"Pancreas"}}
        labels = [label for label in labels if label not in own.get(item.organ or "", set())
                  and label in ORGAN_LABEL.values()]
    rng.shuffle(labels)
    return [item.answer, *labels[:3]]


def render(item: Item, template: Template, rng: np.random.Generator, max_slice: int | None = None) -> Question:
    """The question of `item` in the words of `template`, with shuffled options."""
    text = template.text.format(**_slots(item, rng))
    answer = item.answer
    if template.negated and item.kind == "binary":
        answer = "No" if answer == "Yes" else "Yes"
    if item.kind == "numeric":
        options = _numeric_options(item, rng, max_slice)
    elif item.kind == "binary":
        options = [answer, "No" if answer == "Yes" else "Yes"]
    else:
        options = _label_options(item, rng)
    correct = options[0]
    order = rng.permutation(len(options))
    lettered = {LETTERS[n]: options[int(i)] for n, i in enumerate(order)}
    letter = next(k for k, v in lettered.items() if v == correct)
    return Question(text=text, options=lettered, correct_option=letter, answer=answer, template=template)


def choose_template(subtype: str, rng: np.random.Generator, heldout_share: float | None = None) -> Template:
    """A template of the subtype; `heldout_share` sets how often a held-out one is drawn (None: uniform)."""
    templates = load_templates()[subtype]
    if heldout_share is None:
        return templates[int(rng.integers(len(templates)))]
    pool = [t for t in templates if t.heldout == (rng.random() < heldout_share)] or list(templates)
    return pool[int(rng.integers(len(pool)))]


def requires_tools(subtype: str) -> list[str]:
    """The benchmark's tool list for a subtype (segment, measure, knowledge) from its trace recipe."""
    knowledge_needed = _STAGE_KNOWLEDGE.get(subtype, False)
    segment_only = subtype in _SEGMENT_ONLY
    tools = ["segment_organ"] if segment_only else ["segment_organ", "measure"]
    return tools + (["lookup_medical_knowledge"] if knowledge_needed else [])


_SEGMENT_ONLY = frozenset({
    "PDAC existence", "PNET existence", "colon lesion existence", "kidney cyst existence", "kidney lesion existence",
    "kidney tumor existence", "liver lesion existence", "pancreatic lesion existence", "adjacent organ",
    "largest lesion location", "largest lesion slice"})
_STAGE_KNOWLEDGE: dict[str, Any] = {s: True for s in (
    "splenomegaly detection", "PDAC vs PNET classification", "fatty liver", "hepatic steatosis grading",
    "lesion type classification", "pancreatic cyst resectability", "pancreatic lesion resectability",
    "pancreatic steatosis", "pancreatic tumor staging", "portal hypertension assessment", "pseudocyst determination",
    "renal mass characterization", "splenomegaly grading")}
