"""Body region and orientation read from CT pixels; spacing and modality from the pixels too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from agents.triage_checks.anatomy import analyse
from agents.triage_checks.needs import needs_of, organs_of, regions_for
from agents.triage_checks.pixels import pixel_stats
from agents.triage_checks.slices import slice_axis
from core.state import Intent
from imaging.volume import Image, read_image
from synthetic.regions import synthetic_chest_ct, synthetic_head_ct


@pytest.fixture(scope="module")
def phantom(phantom_dir: Path) -> Image:
    return read_image(phantom_dir / "ct.nii.gz")


def test_phantom_is_an_abdomen_with_lung_bases_on_top(phantom: Image) -> None:
    anatomy = analyse(phantom.array, phantom.spacing)
    assert anatomy.region == "abdomen" and anatomy.covers("abdomen") and anatomy.covers("chest")
    assert not anatomy.covers("head")
    assert (anatomy.left_right, anatomy.superior_inferior, anatomy.anterior_posterior) == ("ok", "ok", "ok")
    assert 250 < anatomy.body_width_mm < 350


@pytest.mark.parametrize(("axis", "verdict"), [(0, "left_right"), (1, "anterior_posterior"), (2, "superior_inferior")])
def test_each_flip_is_seen_on_its_own_axis(phantom: Image, axis: int, verdict: str) -> None:
    anatomy = analyse(np.flip(phantom.array, axis), phantom.spacing)
    verdicts = {"left_right": anatomy.left_right, "anterior_posterior": anatomy.anterior_posterior,
                "superior_inferior": anatomy.superior_inferior}  # fmt: skip
    assert verdicts.pop(verdict) == "flipped"
    assert "flipped" not in verdicts.values()


def test_synthetic_chest_and_head() -> None:
    chest = analyse(synthetic_chest_ct(), (2.5, 2.5, 5.0))
    assert chest.region == "chest" and chest.left_right == "ok"
    assert analyse(synthetic_chest_ct()[::-1], (2.5, 2.5, 5.0)).left_right == "flipped"
    head = analyse(synthetic_head_ct(), (1.0, 1.0, 5.0))
    assert head.region == "head" and not head.covers("abdomen")


def test_real_head_and_abdomen_slices(tmp_path: Path) -> None:
    head = read_image(get_testdata_file("693_UNCI.dcm"))
    assert analyse(head.array, head.spacing).region == "head"
    ds = pydicom.dcmread(get_testdata_file("explicit_VR-UN.dcm"))  # a real abdominal CT slice...
    ds.SliceThickness = 5.0  # ...whose header lacks the thickness the reader needs
    ds.save_as(tmp_path / "abdomen.dcm")
    slice_ = read_image(tmp_path / "abdomen.dcm")
    anatomy = analyse(slice_.array, slice_.spacing)
    assert anatomy.region == "abdomen" and anatomy.left_right == "ok" and anatomy.anterior_posterior == "ok"
    assert analyse(slice_.array[::-1], slice_.spacing).left_right == "flipped"


def test_a_small_crop_has_no_region() -> None:
    crop = read_image(get_testdata_file("CT_small.dcm"))  # 85 mm field of view
    assert analyse(crop.array, crop.spacing).region is None


def test_pixels_tell_ct_from_other_modalities(phantom: Image) -> None:
    assert pixel_stats(phantom).verdict == "ct"
    mr = read_image(Path(__import__("nibabel").__file__).parent / "tests" / "data" / "anatomical.nii")
    assert pixel_stats(mr).verdict == "not_ct"
    unscaled = Image(phantom.array + 1024.0, phantom.affine, phantom.spacing)  # rescale intercept lost
    assert pixel_stats(unscaled).verdict == "not_ct"


def test_slice_axis_follows_the_acquisition() -> None:
    sagittal = read_image(get_testdata_file("MR2_UNCI.dcm"))  # one sagittal slice: no slice axis to scan
    assert slice_axis(sagittal) is None
    series = read_image(Path(get_testdata_file("CT_small.dcm")).parent / "dicomdirtests" / "98892001" / "CT5N")
    assert slice_axis(series) == 2


def test_question_needs_and_organs() -> None:
    ratio = Intent(task="organ HU ratio", organ="liver", quantities=["liver/spleen.hu_ratio"])
    needs = needs_of(ratio)
    assert needs.hu and not needs.volume and needs.organs == ("liver", "spleen")
    lesion = Intent(
        task="largest lesion diameter", lesion="kidney_lesion", quantities=["kidney_lesion_1.longest_diameter_mm"]
    )
    assert needs_of(lesion).mm and organs_of(lesion) == ("kidney_left", "kidney_right")
    assert not needs_of(Intent(task="knowledge question")).images
    assert regions_for("lung_left") == {"chest"} and regions_for("aorta") == {"chest", "abdomen"}
    assert regions_for("pancreas") == {"abdomen"}


def _abdomen(left_scale: float) -> np.ndarray:
    """Slices of an abdomen: fat, a liver on the patient's right (+i), a left organ mass scaled by
    `left_scale` of the liver's size (spleen and stomach), the spine behind."""
    rng = np.random.default_rng(3)
    nx, ny, nz = 96, 80, 30
    x, y = np.meshgrid(np.arange(nx) - nx / 2, np.arange(ny) - ny / 2, indexing="ij")
    body = (x / 44) ** 2 + (y / 34) ** 2 <= 1
    right = body & (x > 6) & ((x - 24) ** 2 / 18**2 + y**2 / 22**2 <= 1)
    left = body & (x < -6) & ((x + 24) ** 2 / (18 * left_scale) ** 2 + y**2 / (22 * left_scale) ** 2 <= 1)
    sl = np.where(body, -100.0, -1000.0)
    sl[right | left] = 55.0
    sl[body & (x**2 + (y + 24) ** 2 <= 25)] = 500.0
    return (np.repeat(sl[:, :, None], nz, axis=2) + rng.normal(0, 8, (nx, ny, nz))).astype(np.float32)


@pytest.mark.parametrize(("left_scale", "mirrored"), [(0.9, "unknown"), (0.5, "flipped"), (0.3, "flipped")])
def test_a_weak_left_right_cue_does_not_overrule_the_header(left_scale: float, mirrored: str) -> None:
    """When the left organs nearly balance the liver (a large spleen, a full stomach) the mirror
    image is not called flipped: the cue is too weak to overrule the header. A clear one is."""
    volume = _abdomen(left_scale)
    assert analyse(volume, (4.0, 4.0, 5.0)).left_right in ("ok", "unknown")
    assert analyse(volume[::-1], (4.0, 4.0, 5.0)).left_right == mirrored
