"""De-identification recall on labelled sentences: per kind, and how many `keep` strings survive.

Input: a JSON-lines file, one sentence a line:
``{"text": ..., "identifiers": [{"text": ..., "kind": ...}], "keep": [...]}``.

An identifier counts as removed when none of its distinctive words (its words less generic ones
such as "Hospital" or "Street", and less lower-case function words) is left in the scrubbed
text as often as before; `whole` counts an identifier as removed as soon as its exact text is gone
(a looser figure: "Maria [NAME]" removes "Maria Gonzalez" whole). A `keep` string is destroyed
when it is no longer in the scrubbed text.

    python scripts/deid_recall.py tests/data/fresh/deid_sentences.jsonl [--show 20]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy.deid import scrub_text  # noqa: E402

GENERIC = frozenset(
    "hospital hospitals clinic medical center centre university general care primary health street st road rd "
    "avenue ave blvd boulevard lane drive institute infirmary trust foundation and of the de del la le du di "
    "da von van y e".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def distinctive_words(identifier: str) -> list[str]:
    """The words of an identifier that identify: not generic, not lower-case function words."""
    return [w for w in _WORD.findall(identifier) if w.lower() not in GENERIC and (len(w) > 1 or w.isdigit())]


def _count_word(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text))


def removed(identifier: str, original: str, scrubbed: str) -> bool:
    """Whether every distinctive word of `identifier` lost at least one occurrence."""
    words = distinctive_words(identifier) or [identifier]
    return all(_count_word(w, scrubbed) < _count_word(w, original) for w in words)


def score(path: Path, show: int = 0) -> dict[str, object]:
    """Scrubs every sentence of `path`; recall per kind (strict and whole), keep strings destroyed."""
    total: Counter[str] = Counter()
    strict: Counter[str] = Counter()
    whole: Counter[str] = Counter()
    keep_total = keep_lost = 0
    misses: list[str] = []
    lost: list[str] = []
    start = time.perf_counter()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        text = record["text"]
        out = scrub_text(text).text
        for ident in record["identifiers"]:
            kind = ident["kind"]
            total[kind] += 1
            whole[kind] += ident["text"] not in out
            if removed(ident["text"], text, out):
                strict[kind] += 1
            else:
                misses.append(f"{kind}: {ident['text']!r} in {out!r}")
        for keep in record["keep"]:
            keep_total += 1
            if keep not in out:
                keep_lost += 1
                lost.append(f"{keep!r} in {out!r}")
    elapsed = time.perf_counter() - start
    kinds = sorted(total)
    report = {
        "sentences": len(records),
        "seconds": round(elapsed, 2),
        "recall": {k: round(strict[k] / total[k], 3) for k in kinds},
        "recall_whole": {k: round(whole[k] / total[k], 3) for k in kinds},
        "counts": {k: f"{strict[k]}/{total[k]}" for k in kinds},
        "overall": round(sum(strict.values()) / max(1, sum(total.values())), 3),
        "keep_destroyed": f"{keep_lost}/{keep_total}",
    }
    if show:
        report["misses"] = misses[:show]
        report["keep_lost"] = lost[:show]
    return report


def main() -> None:
    """Prints the recall report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("--show", type=int, default=0, help="list this many misses and destroyed keep strings")
    args = parser.parse_args()
    sys.stdout.write(json.dumps(score(args.sentences, args.show), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
