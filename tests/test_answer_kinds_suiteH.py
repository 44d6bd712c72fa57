"""Suite H's kinds at the level of their rules (the end-to-end tests ask them through the real agents).

- a size asked upwards against the normal range is enlargement (`Intent.size_asked` stays None), a size asked
  against the normal range without a direction is any departure ("abnormal"), one asked downwards is "small";
- options written in one criterion's categories re-task the intent to the sibling task that criterion decides,
  in any option order, and nothing changes when the chosen task's own criterion fits the options;
- a lesion kind's size asked is a size, a kind asked stays the kind.
"""

from __future__ import annotations

import itertools

import pytest

import knowledge
from agents.reasoners.option_fit import fitted_to_options
from core.state import Intent
from questions.intents import choices_asked
from questions.understanding import understand

YES_NO = {"A": "Cannot be judged from CT", "B": "No", "C": "The organ is not visualised", "D": "Yes"}


@pytest.mark.parametrize(("question", "organ", "asked"), [
    ("Does the liver exceed the upper limit of normal size?", "liver", None),
    ("Is the liver larger than normal?", "liver", None),
    ("Is the left kidney bigger than the normal range?", "kidney_left", None),
    ("Is the pancreas above the upper limit of normal volume?", "pancreas", None),
    ("Does the right kidney's volume go past the upper limit?", "kidney_right", None),
    ("Is the liver size within the normal range?", "liver", "abnormal"),
    ("Is the pancreas of normal size?", "pancreas", "abnormal"),
    ("Is the liver smaller than normal?", "liver", "small"),
    ("Is the left kidney atrophic?", "kidney_left", "atrophic"),
])
def test_the_direction_of_a_size_question(question: str, organ: str, asked: str | None) -> None:
    intent = understand(question, YES_NO)
    assert (intent.task, intent.organ, intent.size_asked) == ("organ enlargement", organ, asked)


RENAL_KINDS = ("Renal calculus", "Angiomyolipoma (fat-containing)", "Renal cyst", "Solid renal mass (suspicious for RCC)")
HU_CLASSES = ("Fat-containing", "Simple cyst", "Indeterminate", "Hyperattenuating")


def _intent(task: str) -> Intent:
    return Intent(task=task, organ="kidney", lesion="kidney_lesion", answer_form="choice",
                  quantities=["kidney_lesion.largest_lesion_mean_hu"])


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_options_of_solid_versus_cyst_re_task_the_hu_classes(order: tuple[int, ...]) -> None:
    base = knowledge.load_base(profile="all")
    choice_set = choices_asked({letter: RENAL_KINDS[i] for letter, i in zip("ABCD", order, strict=True)}, [])
    fitted = fitted_to_options(_intent("renal mass characterization"), choice_set, base)
    assert fitted.task == "lesion type classification"


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (2, 0, 3, 1)])
def test_options_that_fit_the_chosen_criterion_change_nothing(order: tuple[int, ...]) -> None:
    base = knowledge.load_base(profile="all")
    choice_set = choices_asked({letter: HU_CLASSES[i] for letter, i in zip("ABCD", order, strict=True)}, [])
    intent = _intent("renal mass characterization")
    assert fitted_to_options(intent, choice_set, base) is intent
    solid_or_cyst = choices_asked({"A": "Renal cyst", "B": "Solid renal mass"}, [])
    intent = _intent("lesion type classification")
    assert fitted_to_options(intent, solid_or_cyst, base) is intent


def test_no_options_or_a_yes_no_change_nothing() -> None:
    base = knowledge.load_base(profile="all")
    intent = _intent("renal mass characterization")
    assert fitted_to_options(intent, None, base) is intent
    assert fitted_to_options(intent, choices_asked({"A": "Yes", "B": "No"}, []), base) is intent


@pytest.mark.parametrize(("question", "task"), [
    ("What is the size of the kidney cyst?", "largest lesion diameter"),
    ("How large is the renal cyst?", "largest lesion diameter"),
    ("How big is the cyst in the left kidney?", "largest lesion diameter"),
    ("What is the diameter of the liver cyst?", "largest lesion diameter"),
    ("Is the kidney lesion a cyst or a solid tumour?", "lesion type classification"),
    ("What type of lesion is the largest renal lesion?", "lesion type classification"),
])
def test_a_kind_named_for_its_size_is_a_size(question: str, task: str) -> None:
    assert understand(question).task == task
