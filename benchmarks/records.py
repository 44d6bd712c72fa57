"""DeepTumorVQA question records: read, write, and the multiple-choice text in both directions.

A record (`benchmark/test_qa.json` -> `{"questions": [...]}`) has `qid, image_id, spacing` (a string
like "[0.83 0.83 5.0]"), `shape` ("(512, 512, 116)"), `sex, age, question, answer, mc_question,
correct_option, organ, lesion, question_type, question_subtype, requires_tools`. Fields this project
adds to synthetic suites (`template_id`, `template_heldout`, `answer_value`, ...) are kept as extras.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

LETTERS = ("A", "B", "C", "D")
_OPTION = re.compile(r"(?:^|(?<=\s))\(?([A-D])(?:\)|:|\.)\s+")


class QuestionRecord(BaseModel):
    """One benchmark question in the DeepTumorVQA record format."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)  # a suite may number its qids (0, 1, ...)

    qid: str
    image_id: str
    spacing: str | None = None
    shape: str | None = None
    sex: str | None = None
    age: int | str | None = None
    question: str
    answer: str
    mc_question: str | None = None
    correct_option: str | None = None
    organ: str | None = None
    lesion: bool | str | None = None
    question_type: str | None = None
    question_subtype: str
    requires_tools: list[str] = Field(default_factory=list)

    def stem_and_choices(self) -> tuple[str, dict[str, str]]:
        """The multiple-choice stem and its options; the free-form question when there is no MC form."""
        if not self.mc_question:
            return self.question, {}
        return parse_mc_question(self.mc_question)


class RecordError(ValueError):
    """A question file that cannot be read as DeepTumorVQA records; names the file and the problem."""


def load_records(path: str | Path) -> list[QuestionRecord]:
    """Reads `{"questions": [...]}`, a bare list, or JSON lines.

    Raises:
        RecordError: the file is missing, not JSON, or a record lacks a required field.
    """
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise RecordError(f"{p}: cannot read the question file ({exc})") from exc
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise RecordError(f"{p}: neither JSON nor JSON lines ({exc})") from exc
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise RecordError(f"{p}: expected a list of questions or {{'questions': [...]}}, got {type(data).__name__}")
    records = []
    for n, item in enumerate(items):
        try:
            records.append(QuestionRecord.model_validate(item))
        except ValueError as exc:
            raise RecordError(f"{p}: question {n} is not a DeepTumorVQA record: {exc}") from exc
    qids = [r.qid for r in records]
    if len(set(qids)) != len(qids):
        dupes = sorted({q for q in qids if qids.count(q) > 1})
        raise RecordError(f"{p}: duplicate qids {dupes[:5]!r}")
    return records


def write_records(path: str | Path, records: Iterable[QuestionRecord], **header: Any) -> None:
    """Writes the nested `test_qa.json` form (header fields first, then `questions`)."""
    items = [r.model_dump(mode="json") for r in records]
    types = sorted({str(r.get("question_type")) for r in items})
    body = {"version": "clinorch-synthetic", **header, "num_questions": len(items), "question_types": types,
            "questions": items}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(body, indent=1) + "\n")


def format_mc_question(stem: str, options: Mapping[str, str]) -> str:
    """The `mc_question` text: the stem, then one `X: option` line per letter."""
    lines = [stem.strip()] + [f"{letter}: {options[letter]}" for letter in LETTERS if letter in options]
    return "\n".join(lines)


def parse_mc_question(text: str) -> tuple[str, dict[str, str]]:
    """Splits an `mc_question` into its stem and options.

    Accepts `A: x`, `A. x`, `A) x` and `(A) x`, on separate lines or inline, in letter order. A
    letter inside the stem (a segment called "A") is not taken as an option unless options
    A, B, ... follow it in order. A single option is taken only as the text's last line, `A. x` after a
    stem that ends a question (`?` or `:`), so that a one-option question (suite O's slice indices) is
    answered when the measured value matches it and abstains otherwise, instead of being read as free text.
    """
    starts = list(_OPTION.finditer(text))
    for first in reversed(range(len(starts))):
        if starts[first].group(1) != "A":
            continue
        run = [starts[first]]
        for match in starts[first + 1:]:
            if len(run) < len(LETTERS) and match.group(1) == LETTERS[len(run)]:
                run.append(match)
        if len(run) < 2 and not _lone_option(text, run[0]):
            continue
        options = {}
        for n, match in enumerate(run):
            end = run[n + 1].start() if n + 1 < len(run) else len(text)
            options[match.group(1)] = text[match.end():end].strip().rstrip(";,").strip()
        return text[:run[0].start()].strip(), options
    return text.strip(), {}


def _lone_option(text: str, match: re.Match[str]) -> bool:
    """Whether a lone `A. x` is the last line of the text, after a stem ending in `?` or `:`."""
    stem, rest = text[:match.start()], text[match.end():]
    return stem.endswith("\n") and stem.rstrip().endswith(("?", ":")) and "\n" not in rest.strip() \
        and bool(rest.strip())


def case_dir(data_dir: str | Path, image_id: str) -> Path:
    """The AbdomenAtlas case folder of an image in a data folder, in either layout.

    `DIR/<image_id>/ct.nii.gz` (AbdomenAtlas) or `DIR/benchmark/ct/<image_id>/ct.nii.gz` (the
    benchmark's release root).
    """
    root = Path(data_dir)
    for candidate in (root / image_id, root / "benchmark" / "ct" / image_id, root / "ct" / image_id):
        if (candidate / "ct.nii.gz").exists():
            return candidate
    return root / image_id
