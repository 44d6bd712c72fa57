"""Input kinds a fresh author (B, set 13) rebuilt from public bug reports, kept as a regression test of KINDS.

Each damage is made here with its own small code on `synthetic.phantom` cases of two sizes, spacings and file
orientations (LPS, RAS), on the CT or on a mask, for several organs; the truth is our own numpy count of the
undamaged mask's voxels x |det(affine)|. First figure: 13/13 kinds + 6/6 controls on main 37f740a.

- qfac (pixdim[0]) stored as 0 is read as 1 (nifti1.h; nibabel#1394, nibabel#249);
- a mask's scl_slope = 0 (NIfTI.jl#14, LAYNII#88, LAYNII#26) or NaN (fmriprep#2507, #2531) means "no scaling";
- vox_offset past the end of an uncompressed file is refused naming the offset (nibabel#537, nibabel#105);
- bytes after a .nii.gz's gzip stream (lhotse#564, bamUtil#41) are read past or refused naming the gzip stream;
- header extensions (vox_offset > 352; NIFTI-Reader-JS#36, nifti-rs#101) are skipped to the voxels;
- big-endian files (MONAI#2326, niivue#295) are read in their byte order;
- a float CT with a NaN/Inf border band (nibabel#1002, LAYNII#7, nilearn#282) still measures its organs;
- a CT or mask saved (X, Y, Z, 1[, 1]) (zarrnii#183, imagedata#152) is read as 3-D;
- a 0/255 mask (Slicer ExtensionsIndex#3, SAM-Adapter#8) counts its non-zero voxels;
- masks whose spacing/origin differ from the CT's by float rounding (CaPTk#646, pyradiomics#390, nnUNet#1913) fit;
- a qform mirrored against the sform (nibabel#522, fmriprep#988) answers the volume or is refused naming them;
- dim[0] smaller than the dims written (nibabel#1034) is refused naming the dimensions.
"""

from __future__ import annotations

import gzip
import re
import shutil
import struct
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from tests.phantom_inputs import run_case, value

_SPECS = {"lps": dict(seed=3, shape=(112, 96, 30), spacing=(2.5, 2.5, 5.0), orientation="LPS"),
          "ras": dict(seed=5, shape=(128, 112, 36), spacing=(2.0, 2.25, 4.0), orientation="RAS")}


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two undamaged phantom cases (different size, spacing, file orientation)."""
    from synthetic.phantom import PhantomSpec, make_phantom

    out = {}
    for name, spec in _SPECS.items():
        out[name] = tmp_path_factory.mktemp(name) / "case"
        make_phantom(out[name], PhantomSpec(liver_lesions=0, **spec))
    return out


def _copy(phantoms: dict[str, Path], which: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(phantoms[which], tmp_path / "case"))


def _truth(case: Path, organ: str) -> float:
    """mL: non-zero voxels of the undamaged mask x voxel volume, from the mask file itself."""
    img = nib.load(str(case / "segmentations" / f"{organ}.nii.gz"))
    return float(np.count_nonzero(np.asarray(img.dataobj))) * abs(np.linalg.det(img.affine[:3, :3])) / 1000.0


def _target(case: Path, on: str, organ: str) -> Path:
    return case / "ct.nii.gz" if on == "ct" else case / "segmentations" / f"{organ}.nii.gz"


def _patch(path: Path, offset: int, fmt: str, *values: float) -> None:
    """Overwrite header bytes of a little-endian NIfTI-1 (.nii or .nii.gz) in place."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = bytearray(f.read())
    raw[offset:offset + struct.calcsize(fmt)] = struct.pack(fmt, *values)
    with opener(path, "wb") as f:
        f.write(bytes(raw))


def _ask(case: Path, organ: str, ct: str = "ct.nii.gz"):
    return run_case({"images": [{"path": str(case / ct), "modality": "CT", "masks": str(case / "segmentations")}],
                     "question": f"What is the volume of the {organ.replace('_', ' ')} in mL?"})


def _answers(result, organ: str, truth: float) -> None:
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", organ) == pytest.approx(truth, rel=0.02)


def _refuses(result, words: str) -> None:
    assert result.status == "rejected", (result.status, result.reasons)
    assert re.search(words, " ".join(result.reasons)), result.reasons


@pytest.mark.parametrize(("which", "on_masks", "organ"), [("lps", True, "liver"), ("ras", False, "spleen")])
def test_qfac_zero_is_read_as_one(phantoms, tmp_path, which, on_masks, organ) -> None:
    case = _copy(phantoms, which, tmp_path)
    files = [case / "ct.nii.gz"] + (sorted((case / "segmentations").glob("*.nii.gz")) if on_masks else [])
    for path in files:
        _patch(path, 76, "<f", 0.0)
    _answers(_ask(case, organ), organ, _truth(case, organ))


@pytest.mark.parametrize(("which", "organ", "slope"), [("lps", "liver", 0.0), ("ras", "spleen", 0.0),
                                                       ("lps", "kidney_left", float("nan")), ("ras", "liver", float("nan"))])
def test_a_mask_scaling_of_zero_or_nan_means_unscaled(phantoms, tmp_path, which, organ, slope) -> None:
    case = _copy(phantoms, which, tmp_path)
    _patch(_target(case, "mask", organ), 112, "<ff", slope, slope)
    _answers(_ask(case, organ), organ, _truth(case, organ))


@pytest.mark.parametrize(("which", "on", "organ"), [("lps", "ct", "liver"), ("ras", "mask", "spleen")])
def test_vox_offset_past_the_end_of_the_file_is_refused(phantoms, tmp_path, which, on, organ) -> None:
    case = _copy(phantoms, which, tmp_path)
    target = _target(case, on, organ)
    plain = target.with_suffix("")  # .nii
    nib.save(nib.load(str(target)), str(plain))
    target.unlink()
    _patch(plain, 108, "<f", float(plain.stat().st_size + 4096))
    result = _ask(case, organ, ct="ct.nii" if on == "ct" else "ct.nii.gz")
    _refuses(result, r"(?i)offset|truncat|too short|bytes|incomplete|damaged|corrupt|end of (the )?file|EOF")


@pytest.mark.parametrize(("which", "on", "organ", "garbage"), [("lps", "ct", "liver", b"\x00" * 512 + b"JUNK" * 50),
                                                               ("ras", "mask", "spleen", b"trailing" * 7)])
def test_bytes_after_the_gzip_stream(phantoms, tmp_path, which, on, organ, garbage) -> None:
    case = _copy(phantoms, which, tmp_path)
    truth = _truth(case, organ)
    with open(_target(case, on, organ), "ab") as f:
        f.write(garbage)
    result = _ask(case, organ)
    if result.status == "answered":
        _answers(result, organ, truth)
    else:
        _refuses(result, r"(?i)gzip|trailing|compress|garbage|corrupt|damaged")


@pytest.mark.parametrize(("which", "on", "organ", "size"), [("lps", "ct", "liver", 960), ("ras", "mask", "spleen", 40)])
def test_header_extensions_are_skipped_to_the_voxels(phantoms, tmp_path, which, on, organ, size) -> None:
    case = _copy(phantoms, which, tmp_path)
    target = _target(case, on, organ)
    img = nib.load(str(target))
    img = type(img)(np.asarray(img.dataobj), img.affine, img.header)
    img.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"converted by a tool; " * (size // 20)))
    img.header.extensions.append(nib.nifti1.Nifti1Extension(6, b'{"SeriesDescription": "ABD CT"}' + b" " * 17))
    nib.save(img, str(target))
    with gzip.open(target, "rb") as f:  # the voxels start after the extensions, as written on disk
        assert struct.unpack("<f", f.read(112)[108:112])[0] > 352
    _answers(_ask(case, organ), organ, _truth(case, organ))


def _big_endian(path: Path, dtype: str) -> None:
    img = nib.load(str(path))
    header = nib.Nifti1Header(endianness=">")
    header.set_data_dtype(np.dtype(dtype))
    out = nib.Nifti1Image(np.asarray(img.dataobj).astype(dtype), img.affine, header)
    out.set_qform(img.affine, 1)
    out.set_sform(img.affine, 1)
    nib.save(out, str(path))
    assert nib.load(str(path)).header.endianness == ">"


@pytest.mark.parametrize(("which", "organ", "dtype"), [("lps", "liver", ">i2"), ("ras", "kidney_right", ">f4")])
def test_big_endian_ct_and_mask_are_read_in_their_byte_order(phantoms, tmp_path, which, organ, dtype) -> None:
    case = _copy(phantoms, which, tmp_path)
    truth = _truth(case, organ)
    for path in (case / "ct.nii.gz", _target(case, "mask", organ)):
        _big_endian(path, dtype)
    _answers(_ask(case, organ), organ, truth)


@pytest.mark.parametrize(("which", "organ", "axis", "fill"), [("lps", "liver", 1, np.nan), ("ras", "spleen", 0, np.inf),
                                                              ("ras", "liver", 2, -np.inf)])
def test_a_non_finite_border_band_in_a_float_ct(phantoms, tmp_path, which, organ, axis, fill) -> None:
    case = _copy(phantoms, which, tmp_path)
    img = nib.load(str(case / "ct.nii.gz"))
    data = np.asarray(img.dataobj, dtype=np.float32)
    band = [slice(None)] * 3
    band[axis] = slice(0, 3)
    data[tuple(band)] = fill
    nib.save(nib.Nifti1Image(data, img.affine, img.header), str(case / "ct.nii.gz"))
    result = _ask(case, organ)
    if result.status == "answered":
        _answers(result, organ, _truth(case, organ))
    else:
        _refuses(result, r"(?i)\bnan\b|non-finite|not finite|infinit|\binf\b")


@pytest.mark.parametrize(("which", "on", "organ", "extra"), [("lps", "ct", "liver", (1, 1)), ("ras", "ct", "spleen", (1,)),
                                                             ("ras", "mask", "liver", (1, 1))])
def test_singleton_trailing_axes_are_read_as_3d(phantoms, tmp_path, which, on, organ, extra) -> None:
    case = _copy(phantoms, which, tmp_path)
    truth = _truth(case, organ)
    target = _target(case, on, organ)
    img = nib.load(str(target))
    data = np.asarray(img.dataobj).reshape(img.shape + extra)
    nib.save(nib.Nifti1Image(data, img.affine, img.header), str(target))
    assert nib.load(str(target)).header["dim"][0] == 3 + len(extra)
    result = _ask(case, organ)
    if result.status == "answered":
        _answers(result, organ, truth)
    else:
        _refuses(result, r"(?i)5D|5-D|dimension|dims|shape|axes|singleton")


@pytest.mark.parametrize(("which", "organ", "dtype", "on"), [("lps", "liver", np.uint8, 255), ("ras", "spleen", np.int16, 255),
                                                             ("ras", "kidney_left", np.uint8, 128)])
def test_a_binary_mask_stored_as_0_and_255(phantoms, tmp_path, which, organ, dtype, on) -> None:
    case = _copy(phantoms, which, tmp_path)
    truth = _truth(case, organ)
    target = _target(case, "mask", organ)
    img = nib.load(str(target))
    data = (np.asarray(img.dataobj) != 0).astype(dtype) * dtype(on)
    out = nib.Nifti1Image(data, img.affine, img.header)
    out.set_data_dtype(dtype)
    nib.save(out, str(target))
    _answers(_ask(case, organ), organ, truth)


@pytest.mark.parametrize(("which", "organ", "rel"), [("lps", "liver", 4e-7), ("ras", "spleen", 1e-6)])
def test_masks_off_the_ct_grid_by_float_rounding_fit(phantoms, tmp_path, which, organ, rel) -> None:
    case = _copy(phantoms, which, tmp_path)
    truth = _truth(case, organ)
    for path in (case / "segmentations").glob("*.nii.gz"):
        img = nib.load(str(path))
        affine = img.affine.copy()
        affine[:3, :3] *= 1.0 + rel
        affine[:3, 3] += 1e-5
        out = nib.Nifti1Image(np.asarray(img.dataobj), affine, img.header)
        out.set_qform(affine, 1)
        out.set_sform(affine, 1)
        nib.save(out, str(path))
    _answers(_ask(case, organ), organ, truth)


@pytest.mark.parametrize(("which", "organ"), [("lps", "liver"), ("ras", "kidney_left")])
def test_a_qform_mirrored_against_the_sform(phantoms, tmp_path, which, organ) -> None:
    case = _copy(phantoms, which, tmp_path)
    img = nib.load(str(case / "ct.nii.gz"))
    sform = img.affine.copy()
    qform = sform.copy()
    qform[0, :] *= -1.0  # the x row mirrored: a left-handed qform
    out = nib.Nifti1Image(np.asarray(img.dataobj), sform, img.header)
    out.set_sform(sform, 1)
    out.set_qform(qform, 1)
    nib.save(out, str(case / "ct.nii.gz"))
    assert np.sign(np.linalg.det(nib.load(str(case / "ct.nii.gz")).get_qform())) != np.sign(np.linalg.det(sform))
    result = _ask(case, organ)
    if result.status == "answered":
        _answers(result, organ, _truth(case, organ))
    else:
        _refuses(result, r"(?i)qform|sform|orientation|handed|flip|disagree|affine")


@pytest.mark.parametrize(("which", "on", "organ", "dim0"), [("lps", "ct", "liver", 2), ("ras", "ct", "spleen", 1),
                                                            ("ras", "mask", "liver", 2)])
def test_dim0_smaller_than_the_dims_written_is_refused(phantoms, tmp_path, which, on, organ, dim0) -> None:
    case = _copy(phantoms, which, tmp_path)
    _patch(_target(case, on, organ), 40, "<h", dim0)
    _refuses(_ask(case, organ), r"(?i)dim\[0\]|\bdim|2D|2-D|two-dimensional|shape|number of (axes|dimensions)")
