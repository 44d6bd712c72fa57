"""A category written with hyphens is the same category ("Moderate-to-severe fatty liver" is 'moderate to severe
fatty liver', not 'fatty liver'): suite K's fatty-liver answer A was refused by the attending for stating the shorter
label. Varied over every multi-word label of every criterion in the knowledge base, and end to end on a fatty
phantom with the options in two orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from questions.intents.labels import labels_in


def _multiword_labels() -> list[tuple[str, list[str]]]:
    from knowledge import load_base

    out = []
    for entry in load_base():
        labels = list(entry.criterion.labels) if entry.criterion else []
        out += [(label, labels) for label in labels if " " in label and "(" not in label]
    return out


@pytest.mark.parametrize(("label", "labels"), _multiword_labels())
def test_a_hyphenated_label_is_the_label(label: str, labels: list[str]) -> None:
    for written in (label.replace(" ", "-"), label.title().replace(" ", "-"), label):
        assert labels_in(f"B — {written} (as measured).", labels) == [label], (written, labels)


@pytest.fixture(scope="module")
def fatty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("fatty") / "case"
    make_phantom(out, PhantomSpec(seed=5, fatty_liver=True))
    return out


@pytest.mark.parametrize("order", ["ABCD", "DCBA"])
def test_a_hyphenated_option_is_answered(fatty: Path, order: str) -> None:
    from tests.phantom_inputs import run_case

    texts = ["Moderate-to-severe fatty liver (L/S < 1.0, liver < 40 HU)", "Focal fat sparing only",
             "Mild fatty liver (L/S < 1.0, liver >= 40 HU)", "No fatty liver (L/S >= 1.0)"]
    choices = dict(zip(order, texts, strict=True))
    result = run_case({"images": [{"path": str(fatty / "ct.nii.gz"), "masks": str(fatty / "segmentations")}],
                       "question": "Does this patient have fatty liver, and how severe?", "choices": choices})
    assert result.status == "answered" and result.answer_detail.choice == order[0], (result.answer, result.reasons)
