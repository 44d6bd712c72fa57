"""The NIfTI reader streams: gzip's CRC and length are still checked, and the file is never held whole."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from imaging.volume import ImageReadError, read_image


def _volume(tmp_path: Path, shape: tuple[int, int, int], suffix: str, seed: int = 0) -> tuple[Path, np.ndarray]:
    rng = np.random.default_rng(seed)
    data = rng.integers(-1000, 1500, size=shape, dtype=np.int16)
    path = tmp_path / f"ct{suffix}"
    nib.save(nib.Nifti1Image(data, np.diag([0.8, 0.8, 2.5, 1.0])), path)
    return path, data


@pytest.mark.parametrize("shape", [(64, 48, 20), (200, 160, 60)])
@pytest.mark.parametrize("suffix", [".nii", ".nii.gz"])
def test_a_read_holds_only_the_stored_pixels_and_the_float32_volume(tmp_path: Path, shape: tuple[int, int, int],
                                                                    suffix: str) -> None:
    path, data = _volume(tmp_path, shape, suffix)
    tracemalloc.start()
    try:
        image = read_image(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.array_equal(image.array, data.astype(np.float32))
    stored, volume = data.nbytes, data.size * 4
    # Before: the compressed file, the decompressed chunks and their join were all alive with the arrays.
    assert peak < stored + volume + max(stored // 4, 2 << 20), (peak, stored, volume)


@pytest.mark.parametrize("where", ["crc", "length"])
def test_a_wrong_gzip_trailer_is_refused_after_the_pixels_were_read(tmp_path: Path, where: str) -> None:
    path, _ = _volume(tmp_path, (40, 32, 12), ".nii.gz", seed=1)
    raw = bytearray(path.read_bytes())
    raw[-8 if where == "crc" else -4] ^= 0x01  # trailer: CRC-32 then ISIZE; the pixel data are intact
    path.write_bytes(bytes(raw))
    with pytest.raises(ImageReadError, match="corrupt|truncated"):
        read_image(path)


def test_every_member_of_a_multi_member_gzip_is_read_and_checked(tmp_path: Path) -> None:
    path, data = _volume(tmp_path, (40, 32, 12), ".nii.gz", seed=2)
    content = gzip.decompress(path.read_bytes())
    half = len(content) // 2
    second = bytearray(gzip.compress(content[half:], mtime=0))
    path.write_bytes(gzip.compress(content[:half], mtime=0) + bytes(second) + b"\x00" * 16)  # zero padding is allowed
    assert np.array_equal(read_image(path).array, data.astype(np.float32))
    second[-8] ^= 0x01
    path.write_bytes(gzip.compress(content[:half], mtime=0) + bytes(second))
    with pytest.raises(ImageReadError, match="corrupt"):
        read_image(path)


def test_bytes_after_the_pixel_data_count_against_the_expansion_cap(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import imaging.volume

    path, _ = _volume(tmp_path, (40, 32, 12), ".nii.gz", seed=3)
    content = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(content + bytes(4 << 20), mtime=0))  # 4 MB of zeros after the pixels
    monkeypatch.setattr(imaging.volume, "MAX_GZIP_RATIO", 100)
    with pytest.raises(ImageReadError, match="expands past"):
        read_image(path)


@pytest.mark.parametrize("axcodes", ["RAS", "LPS", "PIR", "ASL"])
@pytest.mark.parametrize(("dtype", "slope", "inter"),
                         [(np.int16, 1.0, 0.0), (np.int16, 1.0, -1024.0), (np.uint8, 0.37, 3.5), (np.float32, 2.0, 0.0)])
def test_the_canonical_float32_volume_equals_nibabels(tmp_path: Path, axcodes: str, dtype: type, slope: float,
                                                      inter: float) -> None:
    rng = np.random.default_rng(7)
    stored = rng.integers(0, 200, size=(30, 24, 10)).astype(dtype)
    ras = nib.orientations.axcodes2ornt("RAS")
    turn = nib.orientations.ornt_transform(ras, nib.orientations.axcodes2ornt(axcodes))
    affine = np.diag([0.7, 0.9, 2.5, 1.0]) @ nib.orientations.inv_ornt_aff(turn, stored.shape)
    assert "".join(nib.aff2axcodes(affine)) == axcodes
    img = nib.Nifti1Image(stored, affine)
    img.header.set_slope_inter(slope, inter)
    path = tmp_path / "v.nii.gz"
    nib.save(img, path)
    reference = nib.as_closest_canonical(nib.load(path))
    image = read_image(path)
    assert "".join(nib.aff2axcodes(image.affine)) == "RAS"
    np.testing.assert_allclose(image.affine, reference.affine, atol=1e-9)
    assert image.array.flags.c_contiguous and image.array.dtype == np.float32
    assert np.array_equal(image.array, np.asarray(reference.dataobj, dtype=np.float32))
