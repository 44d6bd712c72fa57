"""Every identifier pattern, and question understanding's long-range patterns, run in bounded time on
adversarial strings (long runs of the characters a pattern repeats over)."""

from __future__ import annotations

import re
import time

import pytest

from privacy.deid import scrub_text
from privacy.patterns import PATTERNS

ADVERSARIAL = [
    "a." * 20000,
    "a" * 40000,
    "1" * 40000,
    "1-" * 20000,
    "1 " * 20000,
    "+1 " * 13000,
    "A1" * 20000,
    "Aa " * 13000,
    "Dr " * 13000,
    "12 Elm " * 6000,
    "St Mary " * 5000,
    "x@" * 20000,
    "a.a@a" * 8000,
    "DOB " * 10000,
    "MRN " * 10000,
    "^" * 40000,
    "a^" * 20000,
    "http://" + "a" * 40000,
    "1.1." * 10000,
    "ninety aged " * 4000,
]
"""About 40,000 characters each: ten times the longest free text a case may carry."""


@pytest.mark.parametrize("index", range(len(PATTERNS)), ids=[f"{p.kind}-{i}" for i, p in enumerate(PATTERNS)])
def test_each_pattern_is_linear_on_adversarial_strings(index: int) -> None:
    pattern = PATTERNS[index].regex
    for text in ADVERSARIAL:
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.perf_counter() - started
        assert elapsed < 1.0, f"{pattern.pattern[:60]!r} took {elapsed:.2f} s on {text[:12]!r}..."


def test_time_grows_linearly_with_length() -> None:
    """Four times the text takes about four times as long, not sixteen (quadratic) or more."""
    small, large = "a." * 5000, "a." * 20000

    def timed(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for pattern in PATTERNS:
                for _ in pattern.regex.finditer(text):
                    pass
            best = min(best, time.perf_counter() - started)
        return best

    assert timed(large) < 10 * timed(small) + 0.05


def test_the_whole_scrubber_on_the_text_scrubbers_worst_case_is_bounded() -> None:
    started = time.perf_counter()
    out = scrub_text("a." * 20000)
    assert time.perf_counter() - started < 15.0
    assert out.text.startswith("a.a.")


@pytest.mark.parametrize(
    "text", ["what value " * 1000, "which segment " * 800, "tumor differ " * 800, "neither " * 1500, "to " * 3000]
)
def test_question_understanding_patterns_are_linear(text: str) -> None:
    from questions import cues as understanding  # the patterns live in questions.cues

    patterns = (
        [understanding.RULE_QUERY]
        + [p for p, *_ in understanding.CUES]
        + [p for p, _ in understanding.CATEGORY_LABELS]
    )
    for pattern in patterns:
        started = time.perf_counter()
        re.search(pattern, text)
        assert time.perf_counter() - started < 0.5, pattern[:60]


def test_rewritten_understanding_patterns_keep_their_matches() -> None:
    from questions import cues as understanding  # the patterns live in questions.cues

    assert re.search(understanding.RULE_QUERY, "what hu value counts as steatosis")
    assert re.search(understanding.RULE_QUERY, "below which volume does the spleen mean normal")
    assert not re.search(understanding.RULE_QUERY, "counts as what value")
    cue = next(p for p, tasks, _ in understanding.CUES if tasks == ("inter-segment comparison",))
    assert re.search(cue, "which segment of the liver has more lesions")
    assert not re.search(cue, "more lesions in which segment")


ADDRESS_ADVERSARIAL = [
    "Apt 3, " * 5000, "Co. " * 10000, "1 rue " * 6000, "AB T4S 1X6, " * 3000, "Unit 5/" * 6000,
    "PO Box 1, " * 4000, "Aa Bb, " * 5000, "c/o Aa " * 5000, "1-2-3 Aa " * 4000, "NW1 6XE " * 5000,
    "Aa binti " * 5000, "AAA, Bb " * 5000, "Aa dos Bb " * 4000,
]  # fmt: skip


@pytest.mark.parametrize("text", ADDRESS_ADVERSARIAL, ids=[t[:8] for t in ADDRESS_ADVERSARIAL])
def test_address_completion_is_linear_on_adversarial_strings(text: str) -> None:
    """Growing addresses part by part (`privacy.address`) and names over their particles
    (`privacy.names`) stays bounded on long runs of address and name parts."""
    from privacy.address import complete_addresses
    from privacy.deid import pattern_spans
    from privacy.names import complete_names

    def timed(sample: str) -> float:
        spans = pattern_spans(sample) + [(0, 2, "name")]
        started = time.perf_counter()
        complete_names(sample, complete_addresses(sample, spans))
        return time.perf_counter() - started

    quarter, whole = timed(text[: len(text) // 4]), timed(text)
    assert whole < 10.0, f"{whole:.2f} s on {text[:12]!r}..."  # 40,000 characters, ten times the longest text
    assert whole < 8 * quarter + 0.05, f"{quarter:.3f} s for a quarter, {whole:.3f} s for the whole"  # linear
