"""The DeepTumorVQA scoring rules, re-implemented: so a suite scored here reads like the benchmark's table.

- Multiple choice: `<think>...</think>` is stripped (an unclosed block to the end too); the letter is
  the first character when it is A-D, else the first standalone A-D; accuracy against `correct_option`.
- Free form, by the subtype's answer type: numeric -> MRA = max(0, 1 - |p - g| / |g|) on the first
  number, with hit rates within 5/10/20/50 %; binary -> accuracy, sensitivity, specificity (an empty
  answer counts as "no" for specificity, as the benchmark does); categorical -> normalised exact match
  (and the benchmark's partial match).
- A stage's score is question-weighted over its subtypes; overall is the micro-average.

Added here, not in the benchmark: the abstention rate, and optional breakdowns by any record field
(for example held-out versus seen question templates).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from benchmarks.subtypes import ANSWER_TYPE, STAGES, stage_of

Format = Literal["mc", "freeform"]
TOLERANCES = (0.05, 0.10, 0.20, 0.50)

_THINK_CLOSED = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_THINK_OPEN = re.compile(r"<think>.*\Z", re.DOTALL | re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+\.?\d*")
_LETTER = re.compile(r"\b([A-D])\b")


def strip_think(text: str | None) -> str:
    """The answer without its reasoning blocks (closed or left open)."""
    text = _THINK_OPEN.sub("", _THINK_CLOSED.sub("", text or ""))
    return text.strip()


def extract_letter(text: str | None) -> str:
    """The multiple-choice letter of an answer, or "" when there is none."""
    answer = strip_think(text).upper()
    if not answer:
        return ""
    if answer[0] in "ABCD":
        return answer[0]
    match = _LETTER.search(answer)
    return match.group(1) if match else ""


def extract_number(text: str | None) -> float | None:
    """The first number in a text, or None."""
    match = _NUMBER.search(str(text or "").strip())
    return float(match.group()) if match else None


def extract_binary(text: str | None) -> str:
    """"yes", "no" or "" from an answer."""
    answer = str(text or "").strip().lower()
    for word in ("yes", "no"):
        if answer.startswith(word):
            return word
    for word in ("yes", "no"):
        if re.search(rf"\b{word}\b", answer):
            return word
    return ""


def normalize_text(text: str | None) -> str:
    """Lower case, punctuation removed (hyphens kept), whitespace collapsed."""
    answer = re.sub(r"[^\w\s\-]", "", str(text or "").strip().lower())
    return re.sub(r"\s+", " ", answer)


def mean_relative_accuracy(pred: float, truth: float) -> float:
    """MRA of one numeric answer: max(0, 1 - |p - g| / |g|); exact only when the truth is 0."""
    if truth == 0:
        return 1.0 if pred == 0 else 0.0
    return max(0.0, 1.0 - abs(pred - truth) / abs(truth))


def _relative_error(pred: float, truth: float) -> float:
    if truth == 0:
        return 0.0 if pred == 0 else float("inf")
    return abs(pred - truth) / abs(truth)


def score_numeric(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """(prediction, truth) texts -> mean MRA and tolerance hit rates."""
    mras: list[float] = []
    hits = dict.fromkeys(TOLERANCES, 0)
    for pred_text, truth_text in pairs:
        truth = extract_number(truth_text)
        if truth is None:
            continue
        pred = extract_number(strip_think(pred_text))
        if pred is None:
            mras.append(0.0)
            continue
        mras.append(mean_relative_accuracy(pred, truth))
        for tol in TOLERANCES:
            hits[tol] += _relative_error(pred, truth) <= tol
    scored = len(mras)
    return {
        "metric": "MRA",
        "score": round(sum(mras) / max(scored, 1), 4),
        "mean_mra": round(sum(mras) / max(scored, 1), 4),
        "tolerance_acc": {f"tol_{int(t * 100)}%": round(hits[t] / max(scored, 1), 4) for t in TOLERANCES},
        "n_total": len(pairs),
        "n_scored": scored,
    }


def score_binary(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """(prediction, truth) texts -> accuracy, sensitivity, specificity."""
    tp = fp = tn = fn = correct = 0
    for pred_text, truth_text in pairs:
        truth, pred = extract_binary(truth_text), extract_binary(strip_think(pred_text))
        correct += bool(pred) and pred == truth
        if truth == "yes":
            tp, fn = (tp + 1, fn) if pred == "yes" else (tp, fn + 1)
        elif truth == "no":
            fp, tn = (fp + 1, tn) if pred == "yes" else (fp, tn + 1)
    n = len(pairs)
    return {
        "metric": "exact_match",
        "score": round(correct / max(n, 1), 4),
        "accuracy": round(correct / max(n, 1), 4),
        "sensitivity": round(tp / max(tp + fn, 1), 4),
        "specificity": round(tn / max(tn + fp, 1), 4),
        "n_total": n,
    }


def score_categorical(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """(prediction, truth) texts -> normalised exact match (and containment as partial match)."""
    exact = partial = 0
    for pred_text, truth_text in pairs:
        truth, pred = normalize_text(truth_text), normalize_text(strip_think(pred_text))
        if truth == pred:
            exact += 1
            partial += 1
        elif truth and pred and (truth in pred or pred in truth):
            partial += 1
    n = len(pairs)
    return {
        "metric": "exact_match",
        "score": round(exact / max(n, 1), 4),
        "accuracy": round(exact / max(n, 1), 4),
        "partial_accuracy": round(partial / max(n, 1), 4),
        "n_total": n,
    }


def score_mc(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """(prediction, correct letter) -> accuracy and how many answers held a letter at all."""
    correct = parsed = 0
    for pred_text, letter in pairs:
        parsed += bool(extract_letter(pred_text))
        correct += letter_matches(pred_text, letter)
    n = len(pairs)
    return {"metric": "exact_match", "score": round(correct / max(n, 1), 4),
            "accuracy": round(correct / max(n, 1), 4), "n_parsed": parsed, "n_total": n}


def score_pairs(subtype: str, pairs: Sequence[tuple[str, str]], fmt: Format) -> dict[str, Any]:
    """The benchmark's metric for one subtype's (prediction, truth) pairs."""
    if fmt == "mc":
        return score_mc(pairs)
    kind = ANSWER_TYPE.get(subtype, "categorical")
    return {"numeric": score_numeric, "binary": score_binary, "categorical": score_categorical}[kind](pairs)


def score_predictions(
    predictions: Iterable[Mapping[str, Any]],
    records: Mapping[str, Mapping[str, Any]],
    fmt: Format = "mc",
    group_by: Sequence[str] = (),
) -> dict[str, Any]:
    """Scores predictions against question records, per subtype, per stage and overall.

    Args:
        predictions: dicts with `qid`, `prediction` (text or letter; None when abstained) and
            optionally `status` (`answered` / `abstained` / `rejected` / `error`).
        records: question records by qid (need `question_subtype`, `correct_option` or `answer`).
        fmt: `mc` scores letters against `correct_option`, `freeform` scores against `answer`.
        group_by: record fields to break the overall score down by (e.g. `template_heldout`).

    Returns:
        `{"format", "overall", "by_stage", "by_subtype", "abstention", "wrong", "groups"}`; every score is in
        [0, 1]. `wrong` counts answered multiple-choice questions whose letter is not the correct one (None
        for free-form answers, which are scored by tolerance rather than right or wrong).
    """
    by_subtype: dict[str, list[tuple[str, str]]] = defaultdict(list)
    stage_for: dict[str, str] = {}
    groups: dict[str, dict[str, list[tuple[str, str, str]]]] = {field: defaultdict(list) for field in group_by}
    n = abstained = failed = unknown = wrong = 0
    for prediction in predictions:
        record = records.get(str(prediction["qid"]))
        if record is None:
            unknown += 1
            continue
        subtype = str(record["question_subtype"])
        truth = str(record["correct_option"] if fmt == "mc" else record["answer"])
        text = prediction.get("prediction")
        pair = ("" if text is None else str(text), truth)
        by_subtype[subtype].append(pair)
        stage_for[subtype] = stage_of(subtype, record.get("question_type"))
        n += 1
        status = prediction.get("status")
        gave_none = text in (None, "") or status in ("abstained", "rejected")
        abstained += gave_none
        failed += status == "error"
        wrong += fmt == "mc" and not gave_none and status != "error" and not letter_matches(pair[0], truth)
        for field in group_by:
            groups[field][str(record.get(field))].append((subtype, *pair))
    per_subtype = {st: score_pairs(st, pairs, fmt) for st, pairs in sorted(by_subtype.items())}
    return {
        "format": fmt,
        "overall": _weighted(per_subtype.values()) | {"n_subtypes": len(per_subtype)},
        "by_stage": _by_stage(per_subtype, stage_for),
        "by_subtype": per_subtype,
        "abstention": {"n_abstained": abstained, "rate": round(abstained / max(n, 1), 4), "n_errors": failed,
                       "n_unknown_qids": unknown},
        "wrong": {"n_wrong": wrong, "rate": round(wrong / max(n, 1), 4)} if fmt == "mc" else None,
        "groups": {field: {value: _group(items, fmt) for value, items in sorted(values.items())}
                   for field, values in groups.items()},
    }


def _weighted(metrics: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    metrics = list(metrics)
    total = sum(m["n_total"] for m in metrics)
    score = sum(m["score"] * m["n_total"] for m in metrics) / max(total, 1)
    return {"score": round(score, 4), "n_total": total}


def _by_stage(per_subtype: Mapping[str, Mapping[str, Any]], stage_for: Mapping[str, str]) -> dict[str, Any]:
    stages: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for subtype, metric in per_subtype.items():
        stages[stage_for[subtype]].append(metric)
    order = [s for s in STAGES if s in stages] + sorted(s for s in stages if s not in STAGES)
    return {stage: _weighted(stages[stage]) for stage in order}


def _group(items: Sequence[tuple[str, str, str]], fmt: Format) -> dict[str, Any]:
    by_subtype: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for subtype, pred, truth in items:
        by_subtype[subtype].append((pred, truth))
    return _weighted(score_pairs(st, pairs, fmt) for st, pairs in by_subtype.items())


def letter_matches(prediction: str, truth: str) -> bool:
    """Whether a multiple-choice prediction is the correct letter, read as `score_mc` reads it."""
    return extract_letter(prediction) == str(truth).strip().upper()
