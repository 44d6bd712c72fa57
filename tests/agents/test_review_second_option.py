"""An answer that names its option and then, as its label, another option ("A — PDAC: PNET (pancreatic ductal
adenocarcinoma)") contradicts itself; one that goes on to describe the evidence with another option's word
("B — Kidneys: total liver lesion volume 3.7 mL; ...") does not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from agents.review_checks.choices import _second_option


def _review(choices: dict[str, str], letter: str) -> SimpleNamespace:
    return SimpleNamespace(choices=choices, answer=SimpleNamespace(choice=letter))


@pytest.mark.parametrize(("choices", "letter", "rest", "named"), [
    ({"A": "PDAC", "B": "PNET"}, "A", "PDAC: PNET (pancreatic ductal adenocarcinoma).", "PNET"),
    ({"A": "Grade 1", "B": "Grade 2", "C": "Grade 3"}, "B", "Grade 2: Grade 3. liver 45 HU", "Grade 3"),
    ({"A": "Hypoattenuating", "B": "Hyperattenuating"}, "B", "Hyperattenuating: hypoattenuating, -12 HU", "Hypoattenuating"),
    ({"A": "PDAC", "B": "PNET"}, "A", "PDAC: PDAC (pancreatic ductal adenocarcinoma).", None),
    ({"A": "Liver", "B": "Kidneys"}, "B", "Kidneys: total liver lesion volume 3.7 mL; kidney 11.9 mL", None),
    ({"A": "Yes", "B": "No"}, "A", "Yes: no other lesion is seen", None),
])
def test_a_second_option_named_as_the_label(choices: dict[str, str], letter: str, rest: str, named: str | None) -> None:
    assert _second_option(_review(choices, letter), rest) == named  # type: ignore[arg-type]


@pytest.mark.parametrize("options", [{"A": "-23.7 HU", "B": "23.7 HU"}, {"A": "< 10 mm", "B": "10 mm"}])
def test_numeric_options_are_left_to_the_number_checks(options: dict[str, str]) -> None:
    rest = f"{options['A']}: {options['B']} (the magnitude)"
    assert _second_option(_review(options, "A"), rest) is None  # type: ignore[arg-type]
