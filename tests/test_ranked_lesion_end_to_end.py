"""Questions about a lesion by its size rank ("the second largest renal lesion (right kidney)") through the real agents
(suite T, round 20: answered from the largest lesion, 4 wrong letters the attending approved).

Two lesions are painted here into chosen kidneys or the liver, each with its own attenuation; which one is second by
volume, its HU and its volume come from the written masks and the values painted, never from the measurement code.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom


def _ball(shape: tuple, centre: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape, dtype=np.float32)
    return sum(((grid[a] - centre[a]) * spacing[a]) ** 2 for a in range(3)) <= radius_mm ** 2


def _paint_two(folder: Path, hosts: tuple[str, str], radii: tuple[float, float], hus: tuple[float, float],
               masks: tuple[str, str]) -> list[dict]:
    """Paints one ball per host (clipped to it) at the given HU into the given lesion mask files; returns each
    lesion's voxel count, volume (mL) and HU, in painting order."""
    seg = folder / "segmentations"
    ct_img = nib.load(folder / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    spacing = np.asarray(ct_img.header.get_zooms()[:3], dtype=float)
    written: dict[str, np.ndarray] = {}
    out = []
    for host, radius, hu, mask in zip(hosts, radii, hus, masks, strict=True):
        organ = np.asanyarray(nib.load(seg / f"{host}.nii.gz").dataobj) > 0
        taken = np.zeros(organ.shape, bool)
        for m in written.values():
            taken |= ndimage.binary_dilation(m, iterations=3)
        inner = np.argwhere(ndimage.binary_erosion(organ, iterations=2) & ~taken)
        ball = _ball(organ.shape, inner[len(inner) // 2], radius, spacing) & organ & ~taken
        ct[ball] = hu
        written[mask] = written.get(mask, np.zeros(organ.shape, bool)) | ball
        out.append({"voxels": int(ball.sum()), "ml": float(ball.sum() * np.prod(spacing) / 1000.0), "hu": hu})
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.int16), ct_img.affine, ct_img.header), folder / "ct.nii.gz")
    for name in ("kidney_tumor", "kidney_cyst", "liver_tumor"):
        path = seg / f"{name}.nii.gz"
        like = nib.load(path) if path.exists() else ct_img
        data = written.get(name, np.zeros(ct.shape, bool))
        nib.save(nib.Nifti1Image(data.astype(np.uint8), like.affine), path)
    return out


def _run(folder: Path, question: str, choices: dict[str, str]) -> orchestrator.Result:
    return orchestrator.run({"case_id": f"rank{abs(hash(question)) % 10**6}", "question": question, "choices": choices,
                             "images": [{"path": str(folder / "ct.nii.gz"), "modality": "CT",
                                         "masks": str(folder / "segmentations")}]})


def _refused(result: orchestrator.Result, letter: str, text: str) -> bool:
    detail = result.answer_detail.model_copy(update={"text": text, "choice": letter})
    return not review_result(result.model_copy(update={"answer": letter, "answer_detail": detail})).consistent


@pytest.mark.parametrize(("seed", "orientation", "hosts", "radii", "hus", "masks", "wording"), [
    (51, "LPS", ("kidney_left", "kidney_right"), (14.0, 8.0), (60.0, 5.0), ("kidney_tumor", "kidney_cyst"),
     "Based on its attenuation, what is the second largest renal lesion (right kidney) most likely to be?"),
    (52, "RAS", ("kidney_right", "kidney_left"), (13.0, 9.0), (4.0, 85.0), ("kidney_cyst", "kidney_tumor"),
     "What is the 2nd-biggest kidney lesion most likely to be, judging by its density?"),
    (53, "LAS", ("kidney_left", "kidney_left"), (12.0, 7.0), (55.0, 0.0), ("kidney_tumor", "kidney_tumor"),
     "Based on its attenuation, what is the second largest renal lesion most likely to be?"),
])
def test_the_second_largest_kidney_lesion_is_typed_by_its_own_attenuation(
        tmp_path: Path, seed: int, orientation: str, hosts: tuple, radii: tuple, hus: tuple, masks: tuple,
        wording: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation))
    lesions = _paint_two(tmp_path, hosts, radii, hus, masks)
    second = sorted(lesions, key=lambda lesion: -lesion["voxels"])[1]
    assert second is lesions[1]
    choices = {"A": "Solid tumour (RCC)", "B": "Cyst"}
    expected = "A" if second["hu"] > 34.8 else "B"
    result = _run(tmp_path, wording, choices)
    assert result.status == "answered", result.reasons
    assert result.answer == expected, result.answer_detail.text
    assert result.review is not None and result.review.consistent
    other = "B" if expected == "A" else "A"
    largest = lesions[0]["hu"]
    assert _refused(result, other, f"{other} — {choices[other]}: largest kidney lesion mean attenuation {largest:.1f} HU")
    characterised = _run(tmp_path, wording.replace("most likely to be", "be characterised as"),
                         {"A": "Indeterminate lesion", "B": "Hyperattenuating lesion", "C": "Simple cyst"})
    assert characterised.status == "answered", characterised.reasons
    assert characterised.answer == ("C" if second["hu"] <= 20 else "B" if second["hu"] > 70 else "A"), \
        characterised.answer_detail.text


@pytest.mark.parametrize(("seed", "orientation", "radii", "wording"), [
    (54, "RAS", (13.0, 9.0), "What is the volume of the second largest liver lesion, in mL?"),
    (55, "LPS", (12.0, 7.5), "How large (mL) is the third-largest liver lesion?"),
])
def test_a_ranked_liver_lesion_volume_or_an_absent_rank(tmp_path: Path, seed: int, orientation: str, radii: tuple,
                                                       wording: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation))
    lesions = _paint_two(tmp_path, ("liver", "liver"), radii, (20.0, 25.0), ("liver_tumor", "liver_tumor"))
    result = _run(tmp_path, wording, {})
    if "third" in wording:  # two lesions: there is no third largest, and the answer must not be another one's
        assert result.status == "abstained", result.answer
        assert any("third largest" in reason for reason in result.reasons), result.reasons
        return
    assert result.status == "answered", result.reasons
    shown = float(result.answer_detail.text.split(" mL")[0].split()[-1])
    assert abs(shown - lesions[1]["ml"]) <= 0.05 + 0.01 * lesions[1]["ml"], (lesions, result.answer_detail.text)
    assert result.review is not None and result.review.consistent
