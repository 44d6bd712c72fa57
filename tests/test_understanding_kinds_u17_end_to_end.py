"""A question no task answers, through the real agents on a phantom: the case abstains saying it is out of scope and
naming what was asked, instead of answering the nearest measurement (the bowel's volume, a vertebra's HU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import ask


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kinds_u17")
    make_phantom(root / "base", PhantomSpec(seed=117, liver_lesions=2, spacing=(2.4, 2.4, 5.0)))
    return root / "base"


@pytest.mark.parametrize(("question", "named"), [
    ("What is the thickness of the bowel wall?", "wall"),
    ("What dose of metformin should this patient take?", "dose"),
])
def test_out_of_scope_abstains_saying_so(phantom: Path, question: str, named: str) -> None:
    result = ask(phantom, question)
    assert result.status == "abstained", (result.status, result.answer)
    assert result.answer is None
    assert any("out of scope" in r and named in r for r in result.reasons), result.reasons


def test_an_in_scope_question_on_the_same_case_is_answered(phantom: Path) -> None:
    assert ask(phantom, "What is the volume of the spleen in mL?").status == "answered"
