"""A size finding asked in a further part ("..., and is the spleen abnormally small?") keeps its own direction."""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator


def _rescaled(case: Path, factor: float) -> Path:
    """The phantom with every header's voxel size scaled: the same picture, organs `factor`**3 the volume."""
    import nibabel as nib

    for path in [case / "ct.nii.gz", *(case / "segmentations").glob("*.nii.gz")]:
        image = nib.load(path)
        affine = image.affine.copy()
        affine[:3, :3] *= factor
        nib.save(nib.Nifti1Image(image.get_fdata().astype(image.get_data_dtype()), affine, image.header), path)
    return case


@pytest.fixture(scope="module", params=[0.62, 1.25], ids=["atrophic liver", "enlarged liver"])
def liver(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path_factory.mktemp("liver") / "case"
    make_phantom(case, PhantomSpec(seed=21, liver_lesions=0))
    return _rescaled(case, request.param), request.param


@pytest.mark.parametrize("asked", ["atrophic", "enlarged"])
def test_a_size_part_is_answered_in_the_direction_it_asks(liver: tuple[Path, float], asked: str) -> None:
    case, factor = liver
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    result = orchestrator.run({"case_id": "parts", "images": [image],
                               "question": f"What is the liver volume, and is the liver {asked}?"})
    assert result.status == "answered", (result.status, result.reasons)
    volume = next(e.value for e in result.evidence if e.target == "liver" and e.name == "volume_ml")
    found = "atrophic" if volume < 600 else "enlarged" if volume > 1800 else "normal"
    assert found == ("atrophic" if factor < 1 else "enlarged"), volume  # the rescaled phantom is what it should be
    pieces = [p.strip() for p in str(result.answer).split(".") if p.strip() in ("Yes", "No")]
    assert pieces == ["Yes" if asked == found else "No"], result.answer
