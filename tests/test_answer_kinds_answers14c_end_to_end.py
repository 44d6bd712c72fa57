"""Four answer kinds through the real agents (answers14c): places of a lesion spanning sub-segments, clustering when
its two readings disagree, two-part questions, and the change of the quantity asked.

Lesions are painted where the test chooses (`tests.painted_lesions`); expected places come from the painted shares
counted back from the written masks, volumes from the mask files, never from the measurement code.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reviewer import review_result
from questions.intents import locations_of
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom
from tests.painted_lesions import interior_points, meeting_points, paint
from tests.review_runs import edited

LIVER = [f"liver_segment_{n}" for n in range(1, 9)]
PANCREAS = ["pancreas_head", "pancreas_body", "pancreas_tail"]


def _img(folder: Path, role: str = "current", day: str = "2026-09-01") -> dict:
    return {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(folder / "segmentations"), "role": role,
            "acquired": day}


def _run(question: str, *images: dict) -> orchestrator.Result:
    return orchestrator.run({"case_id": f"a14c{abs(hash(question)) % 10**6}", "question": question, "images": list(images)})


def _headline(text: str) -> set[str]:
    return set(locations_of(text.split(". ", 1)[0]))


@pytest.mark.parametrize(("seed", "organ", "parts", "radius", "orientation", "plural", "singular"), [
    (11, "liver", ("liver_segment_7", "liver_segment_8"), 14.0, "LPS", "In which Couinaud segment(s) is the liver lesion?",
     "Where is the largest liver lesion located?"),
    (21, "liver", ("liver_segment_5", "liver_segment_6"), 15.0, "RAS", "Which hepatic segments does the biggest liver tumour span?",
     "In which Couinaud segment is the largest hepatic lesion?"),
    (12, "pancreas", ("pancreas_head", "pancreas_body"), 11.0, "LAS",
     "Which parts of the pancreas does the pancreatic lesion involve?", "Which part of the pancreas holds the pancreatic mass?"),
])
def test_a_lesion_across_subsegments_is_located_in_each(tmp_path: Path, seed: int, organ: str, parts: tuple, radius: float,
                                                       orientation: str, plural: str, singular: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation))
    points = meeting_points(tmp_path, list(parts), organ)
    mask = "liver_tumor" if organ == "liver" else "pancreas_tumor"
    painted = paint(tmp_path, mask, organ, [points[len(points) // 2]], [radius], LIVER if organ == "liver" else PANCREAS)[0]
    held = painted.held()
    assert len(held) >= 2, painted.shares  # the painting spans two sub-segments, each > 10 %
    many = _run(plural, _img(tmp_path))
    assert many.status == "answered", many.reasons
    assert _headline(many.answer) == set(held), (held, many.answer)
    assert many.review.consistent
    one = _run(singular, _img(tmp_path))
    assert one.status == "answered", one.reasons
    assert one.answer.lower().startswith(held[0].replace("liver_", "").replace("pancreas_", "").replace("_", " ")), one.answer
    # the attending refuses the main segment alone where every segment was asked, and a segment the lesion does not hold
    alone = edited(many, held[0].replace("liver_", "").replace("pancreas_", "").replace("_", " ").capitalize() + ".")
    assert not review_result(alone).consistent
    other = next(p for p in (LIVER if organ == "liver" else PANCREAS) if p not in painted.shares)
    wrong = edited(one, other.replace("liver_", "").replace("pancreas_", "").replace("_", " ").capitalize() + ".")
    assert not review_result(wrong).consistent


def _cluster(counts: Counter, n: int) -> str:
    top = [c for _, c in counts.most_common(2)] + [0, 0]
    return "highly clustered" if top[0] / n > 0.5 else "somewhat clustered" if sum(top[:2]) / n >= 0.75 else "widely distributed"


@pytest.mark.parametrize(("seed", "layout"), [
    (61, [("liver_segment_7", "liver_segment_8"), ("liver_segment_8",), ("liver_segment_5",)]),
    (64, [("liver_segment_6",), ("liver_segment_8",), ("liver_segment_8",), ("liver_segment_8",)]),
])
def test_clustering_answers_only_when_both_readings_agree(tmp_path: Path, seed: int, layout: list[tuple]) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0))
    rng = np.random.default_rng(seed)
    centres = []
    for places in layout:
        pts = meeting_points(tmp_path, list(places), "liver") if len(places) > 1 else interior_points(tmp_path, places[0])
        centres.append(pts[rng.integers(len(pts))])
    painted = paint(tmp_path, "liver_tumor", "liver", centres, [9.0 if len(p) > 1 else 6.0 for p in layout], LIVER)
    held = [p.held() for p in painted]
    main, every = _cluster(Counter(h[0] for h in held), len(held)), _cluster(Counter(s for h in held for s in h), len(held))
    result = _run("Are the liver lesions clustered or widely distributed?", _img(tmp_path))
    if main == every:
        assert result.status == "answered", result.reasons
        assert main in result.answer.lower()
        return
    assert result.status == "abstained", result.answer
    assert main in " ".join(result.reasons) and every in " ".join(result.reasons)
    ids = [e.id for e in result.evidence if e.name.startswith("top_")]
    picked = result.model_copy(update={"status": "answered"})
    for label in (main, every):  # either reading's label alone is refused
        answer = orchestrator.Answer(text=f"{label.capitalize()}.", evidence_ids=ids, backend="guideline") \
            if hasattr(orchestrator, "Answer") else None
        if answer is None:
            from core.case import Answer

            answer = Answer(text=f"{label.capitalize()}.", evidence_ids=ids, backend="guideline")
        verdict = review_result(picked.model_copy(update={"answer": answer.text, "answer_detail": answer}))
        assert any(c.name == "cluster_readings" and not c.passed for c in verdict.checks)


@pytest.fixture(scope="module")
def two_studies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("a14c_change")
    make_phantom(root / "now", PhantomSpec(seed=17, liver_lesions=2, liver_lesion_diameters_mm=(28.0, 16.0)))
    derive_study(root / "now", root / "prior", (0.75, 1.5))  # the largest grew, the other shrank
    return root / "now", root / "prior"


def _components(folder: Path) -> tuple[list[np.ndarray], float]:
    img = nib.load(folder / "segmentations" / "liver_tumor.nii.gz")
    labels, n = ndimage.label(np.asanyarray(img.dataobj) > 0, structure=np.ones((3, 3, 3)))
    return sorted((labels == i for i in range(1, n + 1)), key=lambda m: -int(m.sum())), \
        abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


@pytest.mark.parametrize(("question", "largest"), [
    ("How has the volume of the largest liver lesion changed since the prior?", True),
    ("What is the change in volume of the dominant hepatic lesion since the previous CT?", True),
    ("By how many mL has the combined liver tumour volume changed since the last scan?", False),
])
def test_the_change_answered_is_the_quantity_asked(two_studies: tuple[Path, Path], question: str, largest: bool) -> None:
    now, prior = two_studies
    (current, ml), (before, _) = _components(now), _components(prior)
    same = max(before, key=lambda m: int((m & ndimage.binary_dilation(current[0], iterations=3)).sum()))
    expected = (current[0].sum() - same.sum()) * ml if largest else (sum(m.sum() for m in current) - sum(m.sum() for m in before)) * ml
    result = _run(question, _img(now), _img(prior, "prior", "2026-03-01"))
    assert result.status == "answered", result.reasons
    assert abs(float(result.answer.split()[0]) - expected) <= 0.15, (expected, result.answer)
    assert result.review.consistent
    swapped = result.answer.replace("volume of the largest of the", "total volume of the") if largest else \
        result.answer.replace("total volume of the", "volume of the largest of the")
    assert not review_result(edited(result, swapped)).consistent


@pytest.mark.parametrize(("question", "organs"), [
    ("What is the mean HU of the liver, and what is the mean HU of the spleen?", ("liver", "spleen")),
    ("Give the mean attenuation of the pancreas and that of the spleen.", ("pancreas", "spleen")),
    ("What is the volume of each kidney?", ("kidney_left", "kidney_right")),
])
def test_every_part_is_answered(phantom_dir: Path, question: str, organs: tuple[str, str]) -> None:
    result = _run(question, _img(phantom_dir))
    assert result.status == "answered", result.reasons
    name = "volume_ml" if "volume" in question else "mean_hu"
    values = [next(float(e.value) for e in result.evidence if e.target == o and e.name == name) for o in organs]
    for value in values:
        assert f"{value:.1f}" in result.answer, (values, result.answer)
    assert result.review.consistent
    first = result.answer.split(";")[0]  # the first part alone: the attending names the part left out
    verdict = review_result(edited(result, first))
    assert any(c.name == "each_value" and not c.passed for c in verdict.checks)


@pytest.mark.parametrize("spleen", ["none", "moderate"])
def test_a_size_and_its_category_are_both_answered(tmp_path: Path, spleen: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=9, liver_lesions=0, splenomegaly=spleen))
    result = _run("How large is the spleen and is it enlarged?", _img(tmp_path))
    assert result.status == "answered", result.reasons
    assert result.review.consistent
    said_yes = ". Yes." in result.answer or result.answer.split(". ")[1].startswith("Yes")
    assert said_yes == (spleen != "none"), result.answer
    flipped = result.answer.replace(". Yes.", ". No.") if said_yes else result.answer.replace(". No.", ". Yes.")
    assert not review_result(edited(result, flipped)).consistent
