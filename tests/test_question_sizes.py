"""Size filters (floors, ceilings, ranges) and a stated solid lesion, read once from the question (`questions.sizes`)."""

from __future__ import annotations

import pytest

from questions.sizes import SizeFilter, filter_of_name, reaches, stated_min_diameter, stated_size_filter, states_solid


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


@pytest.mark.parametrize(("text", "expected"), [
    ("How many liver lesions are 10 mm or larger?", SizeFilter(10.0, True)),
    ("How many liver lesions are ≥ 1 cm?", SizeFilter(10.0, True)),
    ("How many liver lesions are >= 8 mm?", SizeFilter(8.0, True)),
    ("How many liver lesions are > 1.5 cm?", SizeFilter(15.0, False)),
    ("How many liver lesions measure at least 12 millimetres?", SizeFilter(12.0, True)),
    ("How many liver lesions are smaller than 2 cm?", SizeFilter(max_mm=20.0, max_inclusive=False)),
    ("How many liver lesions are < 20 mm?", SizeFilter(max_mm=20.0, max_inclusive=False)),
    ("How many liver lesions are ≤ 2 cm?", SizeFilter(max_mm=20.0, max_inclusive=True)),
    ("How many liver lesions are <= 15 mm?", SizeFilter(max_mm=15.0, max_inclusive=True)),
    ("How many liver lesions are no larger than 15 mm?", SizeFilter(max_mm=15.0, max_inclusive=True)),
    ("How many liver lesions are not smaller than 15 mm?", SizeFilter(15.0, True)),
    ("How many liver lesions are 1 cm or less?", SizeFilter(max_mm=10.0, max_inclusive=True)),
    ("How many liver lesions are under 5 mm?", SizeFilter(max_mm=5.0, max_inclusive=False)),
    ("How many liver lesions measure between 10 and 20 mm?", SizeFilter(10.0, True, 20.0, True)),
    ("How many liver lesions measure between 1 and 2 cm?", SizeFilter(10.0, True, 20.0, True)),
    ("How many liver lesions are 1-2 cm?", SizeFilter(10.0, True, 20.0, True)),
    ("How many liver lesions are from 5 mm to 1.5 cm?", SizeFilter(5.0, True, 15.0, True)),
    ("How many liver lesions are at least 5 mm but smaller than 2 cm?", SizeFilter(5.0, True, 20.0, False)),
    ("How many liver lesions are larger than 1 cm and at most 3 cm?", SizeFilter(10.0, False, 30.0, True)),
])
def test_a_count_question_states_its_size_filter(text: str, expected: SizeFilter) -> None:
    said = stated_size_filter("lesion counting", text)
    assert said == expected
    assert filter_of_name(said.name()) == said  # the evidence name carries the filter back to the reviewer
    assert stated_size_filter("organ volume measurement", text) is None


@pytest.mark.parametrize(("sized", "diameter", "counted"), [
    (SizeFilter(10.0, True), 10.0, True), (SizeFilter(10.0, False), 10.0, False),
    (SizeFilter(max_mm=20.0, max_inclusive=True), 20.0, True), (SizeFilter(max_mm=20.0, max_inclusive=False), 20.0, False),
    (SizeFilter(max_mm=20.0, max_inclusive=False), 19.99, True), (SizeFilter(10.0, True, 20.0, True), 9.99, False),
    (SizeFilter(10.0, True, 20.0, True), 20.0, True), (SizeFilter(10.0, True, 20.0, True), 20.01, False),
])
def test_each_edge_of_a_filter(sized: SizeFilter, diameter: float, counted: bool) -> None:
    assert sized.admits(diameter) is counted


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


@pytest.mark.parametrize(("text", "task"), [
    ("How many liver lesions are smaller than 2.5 cm?", "lesion counting"),
    ("How many liver lesions measure between 12 and 22 mm?", "lesion counting"),
    ("How many cc is the liver lesion?", "lesion volume measurement"),
    ("How many millimetres is the largest liver lesion?", "largest lesion diameter"),
    ("How large is the kidney tumour?", "largest lesion diameter"),
    ("How large is the pancreatic tumour in cm³?", "lesion volume measurement"),
])
def test_a_count_with_a_size_filter_is_a_count_and_a_size_in_a_unit_is_not(text: str, task: str) -> None:
    from questions.understanding import understand

    assert understand(text).task == task
