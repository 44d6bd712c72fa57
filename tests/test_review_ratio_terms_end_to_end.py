"""The terms of a cited ratio, stated beside it, are true asides (reviewer set 16: "L/S HU ratio 1.202 (liver 59.9 HU
/ spleen 49.8 HU)" was refused because the ratio's answer read the first HU as the value given and the liver's mean is
not itself cited); a wrong term is still refused. Real agents, a phantom with provided masks, three ratios."""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ratio") / "scan"
    make_phantom(root, PhantomSpec(seed=33, liver_lesions=1, kidney_lesion="none"))
    return root


@pytest.mark.parametrize(("question", "key", "a", "b", "words"), [
    ("What is the liver-to-spleen HU ratio?", "liver/spleen:hu_ratio", "liver:mean_hu", "spleen:mean_hu",
     ("L/S HU ratio", "liver", "spleen", "HU")),
    ("What is the pancreas to spleen attenuation ratio?", "pancreas/spleen:hu_ratio", "pancreas:mean_hu",
     "spleen:mean_hu", ("P/S ratio", "pancreas", "spleen", "HU")),
])
def test_the_terms_of_a_cited_ratio_are_true_asides(phantom: Path, question: str, key: str, a: str, b: str,
                                                    words: tuple[str, str, str, str]) -> None:
    result = orchestrator.run({"case_id": f"ratio-{key.split(':')[0].replace('/', '-')}", "question": question,
                               "images": [{"path": str(phantom / "ct.nii.gz"), "masks": str(phantom / "segmentations")}]})
    assert result.status == "answered", result.reasons
    by_id = result.evidence_by_id()
    ratio, first, second = (by_id[f"measurement:{k}"].value for k in (key, a, b))
    label, one, two, unit = words
    right = f"{label} {ratio:.3f} ({one} {first:.1f} {unit} / {two} {second:.1f} {unit})"
    assert review_result(result.model_copy(update={"answer": right})).consistent, right
    wrong = f"{label} {ratio:.3f} ({one} {first + 9:.1f} {unit} / {two} {second:.1f} {unit})"
    assert not review_result(result.model_copy(update={"answer": wrong})).consistent, wrong
