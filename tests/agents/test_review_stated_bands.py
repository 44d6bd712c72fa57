"""The band quoted beside a deciding value must hold it (reviewer set 12: "649.8 mL (314.5 ≤ x < 500 mL) -> moderate").

Unit tests vary the band's form (two limits, one limit, strict or not, negative, a label after a colon), the unit and
the written precision; end to end, real answers on a phantom (spleen grade, T stage, steatosis, splenomegaly) keep
their label while the band beside the value is moved off it, and the attending refuses each; the untouched answers
and a band the value sits in at its written precision pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agents.review_checks.stated_bands import bands_not_holding
from tests.review_runs import answered, failed_checks, run_once


@pytest.mark.parametrize(("text", "bad"), [
    ("Moderate. spleen volume 649.8 mL (314.5 ≤ x < 500 mL) -> moderate by x-grade", True),
    ("Moderate. spleen volume 649.8 mL (500 ≤ x < 800 mL) -> moderate by x-grade", False),
    ("T2. diameter 29.1 mm (0 ≤ x ≤ 20 mm) -> T2 by ajcc", True),
    ("T2. diameter 29.1 mm (20 < x ≤ 40 mm) -> T2 by ajcc", False),
    ("No. spleen volume 139.4 mL (314.5 ≤ x mL) -> splenomegaly", True),
    ("No. spleen volume 139.4 mL (x < 314.5 mL) -> no splenomegaly", False),
    ("G3. liver 30.0 HU (51 ≤ x < 58 HU) -> G3", True),
    ("difference -0.659 (x ≤ -0.1) -> hypoattenuating", False),
    ("difference -0.05 (x ≤ -0.1) -> hypoattenuating", True),
    ("cyst 8.3 HU (x ≤ 34.8 HU: solid tumor) by k", False),  # the label after the colon is judged elsewhere
    ("314.5 mL (x < 314.5 mL)", False),  # 314.46 written as 314.5: its rounding may sit below the limit
    ("314.6 mL (x < 314.5 mL)", True),
    ("2.9 cm (x ≤ 20 mm)", False),  # another unit: not judged here
    ("sum 0.0 % (0.0 mm) over its nadir (PD needs 20 ≤ x % and 5 ≤ x mm)", False),
])
def test_a_band_must_hold_the_value_before_it(text: str, bad: bool) -> None:
    assert bool(bands_not_holding(text)) is bad, bands_not_holding(text)


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("bands")
    specs = {"big": {"seed": 41, "splenomegaly": "moderate", "fatty_liver": True, "pancreatic_tumor_mm": 30.0},
             "small": {"seed": 42, "pancreatic_tumor_mm": 16.0}}
    for name, spec in specs.items():
        make_phantom(root / name, PhantomSpec(**spec))
    return {name: root / name for name in specs}


QUESTIONS = [("big", "Grade the splenomegaly."), ("big", "What is the AJCC T stage of the pancreatic tumor?"),
             ("small", "What is the AJCC T stage of the pancreatic tumor?"), ("big", "What is the hepatic steatosis grade?"),
             ("small", "Is there splenomegaly?")]
BAND = re.compile(r"(?P<value>-?\d+(?:\.\d+)?)\s*(?P<unit>mL|mm|HU)\s*\((?P<band>[^()]*\bx\b[^()]*)\)")


@pytest.mark.parametrize(("name", "question"), QUESTIONS)
def test_a_real_answer_with_its_band_moved_off_the_value_is_refused(phantoms: dict[str, Path], name: str,
                                                                    question: str) -> None:
    result = answered(run_once(phantoms, name, question))
    text = result.answer or ""
    match = BAND.search(text)
    assert match, text
    value, unit = float(match.group("value")), match.group("unit")
    for band in (f"{value + 10:g} ≤ x {unit}", f"x < {value - 10:g} {unit}", f"{value + 1:g} < x ≤ {value + 50:g} {unit}"):
        moved = text[:match.start("band")] + band + text[match.end("band"):]
        assert "rule_grounding" in failed_checks(result, moved), moved
    inside = f"{value - 1:g} ≤ x < {value + 1:g} {unit}"
    assert "rule_grounding" not in failed_checks(result, text[:match.start("band")] + inside + text[match.end("band"):])
