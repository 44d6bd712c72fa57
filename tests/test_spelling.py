"""Misspelt clinical words are corrected before understanding reads a question; English words are not."""

from __future__ import annotations

import pytest

from questions.spelling import CLINICAL_WORDS, clean, english_words, one_edit


def _typos(word: str) -> list[str]:
    """A deletion, a swap of neighbours and a doubled letter, each inside the word (the first letter kept).

    A slip may read as the plural (`masss` -> `masses`); either is the word.
    """
    middle = len(word) // 2
    return [word[:middle] + word[middle + 1:],
            word[:middle] + word[middle + 1] + word[middle] + word[middle + 2:],
            word[:middle] + word[middle] + word[middle:]]


@pytest.mark.parametrize("word", ["liver", "spleen", "kidney", "tumor", "grade", "colon", "lesion", "mass", "cyst",
                                  "volume", "renal", "stage"])
def test_one_slip_in_a_clinical_word_is_corrected(word: str) -> None:
    for typo in _typos(word):
        if typo in english_words() or typo == word:
            continue  # a real English word is left as typed
        assert clean(f"is there a {typo} here?") in {f"is there a {w} here?" for w in (word, f"{word}s", f"{word}es")}, typo


@pytest.mark.parametrize("sentence", [
    "Has the patient had a scan before?",  # had is one edit from head
    "Is the boy well?",  # boy from body
    "Do they live nearby?",  # live from liver
    "Is the mast cell count known?",  # mast from mass
    "Show the data.",
    "How is it calculated, staged, graded and measured?",  # inflections of clinical words are not slips
])
def test_english_words_are_left_alone(sentence: str) -> None:
    assert clean(sentence) == sentence


def test_the_english_list_is_the_embedders_vocabulary() -> None:
    words = english_words()
    assert len(words) > 15000
    assert {"had", "head", "body", "live"} <= words
    assert not {"livr", "grde", "kidny"} & words
    assert all(w.isalpha() and w.islower() for w in CLINICAL_WORDS.split())


@pytest.mark.parametrize(("a", "b", "near"), [
    ("livr", "liver", True), ("lievr", "liver", True), ("lvier", "liver", True), ("livre", "liver", True),
    ("lver", "liver", True), ("lvr", "liver", False), ("liver", "liver", False), ("grde", "grade", True),
    ("grad", "grade", True), ("gdare", "grade", False),
])
def test_one_edit(a: str, b: str, near: bool) -> None:
    assert one_edit(a, b) is near
    assert one_edit(b, a) is near
