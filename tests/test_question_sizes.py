"""Size floors and a stated solid lesion, read once from the question (`questions.sizes`)."""

from __future__ import annotations

import pytest

from questions.sizes import reaches, stated_min_diameter, states_solid


@pytest.mark.parametrize(("text", "floor"), [
    ("How many liver lesions are 10 mm or larger?", (10.0, True)),
    ("How many lesions ≥ 1 cm are in the liver?", (10.0, True)),
    ("Count the pancreatic lesions of at least 1.5 cm.", (15.0, True)),
    ("How many kidney lesions measure more than 2 cm?", (20.0, False)),
    ("Number of liver lesions over 7 mm?", (7.0, False)),
    ("How many hepatic lesions are 12mm+?", (12.0, True)),
    ("How many liver lesions are there?", None),
    ("How many liver lesions are there in a liver of 1800 cm3?", None),
])
def test_a_count_question_states_its_floor(text: str, floor: tuple | None) -> None:
    assert stated_min_diameter("lesion counting", text) == floor
    assert stated_min_diameter("largest lesion diameter", text) is None  # only counts are filtered


@pytest.mark.parametrize(("diameter", "inclusive", "counted"), [(10.0, True, True), (10.0, False, False),
                                                                  (9.99, True, False), (10.01, False, True)])
def test_the_floor_edge(diameter: float, inclusive: bool, counted: bool) -> None:
    assert reaches(diameter, 10.0, inclusive) is counted


@pytest.mark.parametrize(("text", "solid"), [
    ("What is the most likely type of the solid pancreatic mass?", True),
    ("Is the solid pancreatic tumour more consistent with PDAC or with a PNET?", True),
    ("Classify the pancreatic tumour: adenocarcinoma or neuroendocrine tumour?", False),
    ("Is the pancreatic lesion solid or cystic?", False),
    ("Is the pancreatic lesion a solid or cystic mass?", False),
    ("Is the pancreatic mass solid?", False),
])
def test_a_solid_lesion_is_stated_not_asked(text: str, solid: bool) -> None:
    assert states_solid(text) is solid
