"""Input kinds a fresh helper rebuilt from public bug reports (set 8), each varied so the rule passes.

- NIfTI files whose pixdim voxel sizes are zero, negative or not a number while a valid sform places the voxels
  (nifti_clib#127, MONAILabel#1684): the sform is the geometry (NIfTI-1), the spacing is read from it and the
  fallback is noted; with no valid sform the voxel sizes are needed and their absence is still refused.
- an organ's HU measured while its lesion mask is absent (liver HU from a folder of organ masks only): the evidence
  says the lesions were not removed and names the unknown mask (it said `lesions_removed: True` before).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from imaging.volume import ImageReadError, read_image
from tests.phantom_inputs import copy_case, run_case, truth, value


def _rotation(degrees: float) -> np.ndarray:
    a = np.deg2rad(degrees)
    return np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])


def _save_with_pixdim(img: nib.Nifti1Image, pixdim: float, sform: np.ndarray | None, path: Path) -> None:
    """`img`'s voxels saved to `path` with `sform` as the valid (code 2) sform (else a code 1 qform), then the
    voxel sizes pixdim[1..3] overwritten in the file's bytes (nibabel would mend them on save)."""
    header = img.header.copy()
    if sform is not None:
        header.set_sform(sform, code=2)
        header.set_qform(None, code=0)
    else:
        header.set_sform(None, code=0)
        header.set_qform(img.affine, code=1)
    raw = bytearray(nib.Nifti1Image(np.asarray(img.dataobj), None, header).to_bytes())
    raw[80:92] = np.array([pixdim] * 3, dtype=header.endianness + "f4").tobytes()  # pixdim[1..3], NIfTI-1 offset 76
    path.write_bytes(gzip.compress(bytes(raw)) if path.suffix == ".gz" else bytes(raw))


@pytest.mark.parametrize("pixdim", [0.0, -1.0, np.nan])
@pytest.mark.parametrize(("spacing", "degrees", "flip"), [((2.0, 2.0, 5.0), 0.0, False), ((0.8, 0.8, 1.5), 0.0, True),
                                                          ((1.2, 0.9, 3.0), 12.0, False)])
def test_a_valid_sform_places_voxels_whose_pixdim_is_broken(tmp_path: Path, pixdim: float,
                                                            spacing: tuple[float, float, float], degrees: float,
                                                            flip: bool) -> None:
    sform = np.eye(4)
    sform[:3, :3] = _rotation(degrees) @ np.diag(spacing) @ np.diag([-1, -1, 1] if flip else [1, 1, 1])
    sform[:3, 3] = (-40.0, 25.0, -300.0)
    voxels = np.random.default_rng(3).integers(-100, 200, size=(24, 20, 12)).astype(np.int16)
    path = tmp_path / "ct.nii.gz"
    _save_with_pixdim(nib.Nifti1Image(voxels, sform), pixdim, sform, path)
    image = read_image(path)
    np.testing.assert_allclose(sorted(image.spacing), sorted(spacing), rtol=1e-5)
    assert any("read from the valid sform" in note for note in image.meta["read_notes"])


@pytest.mark.parametrize("pixdim", [0.0, -2.0])
def test_broken_pixdim_without_a_valid_sform_is_still_refused(tmp_path: Path, pixdim: float) -> None:
    img = nib.Nifti1Image(np.zeros((8, 8, 4), np.int16), np.diag([1.5, 1.5, 3.0, 1.0]))
    path = tmp_path / "ct.nii"
    _save_with_pixdim(img, pixdim, None, path)
    with pytest.raises(ImageReadError, match="voxel spacing"):
        read_image(path)


@pytest.mark.parametrize("organ", ["spleen", "kidney_left"])
def test_a_case_with_zero_pixdim_and_a_valid_sform_is_measured_in_physical_units(phantom_dir: Path, tmp_path: Path,
                                                                                 organ: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    for path in [case / "ct.nii.gz", *sorted((case / "segmentations").glob("*.nii.gz"))]:
        img = nib.load(str(path))
        _save_with_pixdim(img, 0.0, img.affine, path)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": f"What is the {organ.replace('_', ' ')} volume in mL?"})
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", organ) == pytest.approx(truth(phantom_dir, organ), rel=0.01)


@pytest.mark.parametrize(("organ", "dropped"), [("liver", ("liver_tumor",)), ("kidney_left", ("kidney_tumor",)),
                                                ("pancreas", ())])
def test_an_organ_hu_says_whether_its_lesions_were_removed(phantom_dir: Path, tmp_path: Path, organ: str,
                                                           dropped: tuple[str, ...]) -> None:
    """Organ HU is defined over (organ - lesion masks): with an organ's lesion mask absent (unknown, no backend to
    complete it) its HU evidence says the lesions were not removed and which mask is unknown, never the reverse."""
    import orchestrator

    case = copy_case(phantom_dir, tmp_path)
    for name in dropped:
        (case / "segmentations" / f"{name}.nii.gz").unlink()
    result = orchestrator.run({"case_id": "hu", "images": [{"path": str(case / "ct.nii.gz"),
                                                             "masks": str(case / "segmentations")}],
                               "question": f"What is the mean attenuation of the {organ.replace('_', ' ')} in HU?"},
                              {"segmenter": "provided"})
    hu = next(e for e in result.evidence if e.name == "mean_hu" and e.target == organ)
    assert hu.provenance.parameters["lesions_removed"] is (not dropped)
    assert hu.provenance.parameters.get("lesion_masks_unknown", []) == list(dropped)
