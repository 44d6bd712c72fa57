"""Seeds and mutations for the fuzz harness (`scripts/fuzz.py`): NIfTI headers and bytes, DICOM
tags and values, PNGs, special files and case JSON, drawn by Hypothesis."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

QUESTION = "What is the volume of the spleen in mL?"
KNOWLEDGE_QUESTION = "What spleen volume counts as splenomegaly?"  # no segmentation; the image is still read


@dataclass
class Mutant:
    """One fuzzed input: the case to run and whether it fails an integrity check."""

    case: Any
    corrupt: bool
    label: str


def make_seeds(root: Path) -> dict[str, Path]:
    """Writes the seed inputs under `root`: a phantom as .nii.gz, .nii, DICOM series and slice, a PNG."""
    import nibabel as nib
    import numpy as np
    from PIL import Image as PILImage

    from synthetic.dicom_series import write_dicom_series
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(root / "phantom", PhantomSpec(seed=3, shape=(96, 80, 24), spacing=(3.5, 3.5, 8.0), liver_lesions=1))
    nii_gz = root / "phantom" / "ct.nii.gz"
    img = nib.load(str(nii_gz))
    nii = root / "ct.nii"
    nib.save(nib.Nifti1Image(np.asarray(img.dataobj, dtype=np.int16), img.affine, img.header), str(nii))
    canonical = nib.as_closest_canonical(img)
    hu = np.asarray(canonical.dataobj, dtype=np.float32)
    write_dicom_series(hu, canonical.affine, root / "series", patient_id="P-1", study="1")
    single = sorted((root / "series").iterdir())[len(list((root / "series").iterdir())) // 2]
    png = root / "slice.png"
    PILImage.fromarray(np.clip(hu[:, :, hu.shape[2] // 2] + 1000, 0, 255).astype(np.uint8)).save(png)
    return {"nii_gz": nii_gz, "nii": nii, "series": root / "series", "dicom": single, "png": png}


# -- mutations ------------------------------------------------------------------------------

_NIFTI_FIELDS = {  # name: (offset, struct format) in a NIfTI-1 header
    "dim0": (40, "<h"), "dim1": (42, "<h"), "dim2": (44, "<h"), "dim3": (46, "<h"), "datatype": (70, "<h"),
    "bitpix": (72, "<h"), "pixdim1": (80, "<f"), "pixdim3": (88, "<f"), "vox_offset": (108, "<f"),
    "scl_slope": (112, "<f"), "scl_inter": (116, "<f"), "qform_code": (252, "<h"), "sform_code": (254, "<h"),
    "srow_x0": (280, "<f"), "srow_y1": (300, "<f"), "srow_z2": (320, "<f"), "quatern_b": (256, "<f"),
}  # fmt: skip
_INT_VALUES = [0, -1, 1, 2, 3, 7, 255, 1000, 32767, -32768]
_FLOAT_VALUES = [0.0, -1.0, 1e-30, 1e30, 1e38, float("nan"), float("inf"), -float("inf"), 0.5, 3.0]


def mutate_nifti_header(raw: bytes, data: st.DataObject) -> bytes:
    """Sets one header field of an uncompressed NIfTI to an edge value."""
    name = data.draw(st.sampled_from(sorted(_NIFTI_FIELDS)))
    offset, fmt = _NIFTI_FIELDS[name]
    value = data.draw(st.sampled_from(_INT_VALUES if fmt == "<h" else _FLOAT_VALUES))
    out = bytearray(raw)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def mutate_bytes(raw: bytes, data: st.DataObject, *, start: int = 0) -> tuple[bytes, str]:
    """Flips bytes, truncates, zero-fills a tail, or appends garbage."""
    how = data.draw(st.sampled_from(["flip", "truncate", "zero_tail", "append"]))
    out = bytearray(raw)
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            at = data.draw(st.integers(start, len(out) - 1))
            out[at] ^= 1 << data.draw(st.integers(0, 7))
    elif how == "truncate":
        out = out[: data.draw(st.integers(0, len(out) - 1))]
    elif how == "zero_tail":
        cut = data.draw(st.integers(start, len(out) - 1))
        out[cut:] = bytes(len(out) - cut)
    else:
        out += data.draw(st.binary(min_size=1, max_size=64))
    return bytes(out), how


def mutate_dicom(path: Path, out: Path, data: st.DataObject) -> str:
    """Writes `path` with one tag set to an edge value, an odd VR, or a huge declared size."""
    import pydicom
    from pydicom.dataelem import DataElement

    ds = pydicom.dcmread(path)
    how = data.draw(
        st.sampled_from(
            ["rows", "columns", "bits", "spacing", "rescale", "orientation", "position", "odd_vr", "frames", "drop"]
        )
    )
    big = data.draw(st.sampled_from([0, 1, 65535, 1e308, -1e9, float("nan")]))
    if how in ("rows", "columns"):
        setattr(ds, "Rows" if how == "rows" else "Columns", int(big) if abs(big) < 65536 else 65535)
    elif how == "bits":
        ds.BitsAllocated = data.draw(st.sampled_from([0, 1, 7, 12, 64]))
    elif how == "spacing":
        ds.PixelSpacing = [big, big]
    elif how == "rescale":
        ds.RescaleIntercept, ds.RescaleSlope = big, data.draw(st.sampled_from([1, 0, 1e30]))
    elif how in ("orientation", "position"):
        setattr(ds, f"Image{how.title()}Patient", [0] * 6 if how == "orientation" else [big] * 3)
    elif how == "odd_vr":
        ds.add(DataElement(0x00091010, "UN", b"\x00" * 7))
        ds[0x00280030] = DataElement(0x00280030, "OV", b"\x01" * 8)
    elif how == "frames":
        ds.NumberOfFrames = data.draw(st.sampled_from([0, 2, 1000000]))
    else:
        del ds[data.draw(st.sampled_from(["PixelData", "Rows", "ImageOrientationPatient", "PixelSpacing"]))]
    ds.save_as(out, enforce_file_format=False)
    return how


def draw_mutant(seeds: dict[str, Path], work: Path, data: st.DataObject, questions: list[str | None]) -> Mutant:
    """One fuzzed case: a seed, a mutation, a case around it."""
    target = data.draw(st.sampled_from(["nii_gz", "nii", "nii_header", "series", "dicom", "png", "case", "special"]))
    name = f"m{time.monotonic_ns()}"
    corrupt = False
    if target == "nii_gz":
        raw = gzip.decompress(seeds["nii_gz"].read_bytes())
        compressed = gzip.compress(raw, compresslevel=1, mtime=0)
        mutated, how = mutate_bytes(compressed, data, start=10)
        corrupt = how in ("flip", "truncate", "zero_tail") and mutated != compressed
        path = work / f"{name}.nii.gz"
        path.write_bytes(mutated)
        label = f"nii_gz:{how}"
    elif target in ("nii", "nii_header"):
        raw = seeds["nii"].read_bytes()
        if target == "nii":
            mutated, how = mutate_bytes(raw, data, start=352)
            corrupt = how == "truncate" and len(mutated) < len(raw)
        else:
            mutated, how = mutate_nifti_header(raw, data), "header"
        path = work / f"{name}.nii"
        path.write_bytes(mutated)
        label = f"{target}:{how}"
    elif target == "series":
        path = work / name
        shutil.copytree(seeds["series"], path)
        victim = data.draw(st.sampled_from(sorted(path.iterdir())))
        how = mutate_dicom(victim, victim, data)
        label = f"series:{how}"
    elif target == "dicom":
        path = work / f"{name}.dcm"
        how = mutate_dicom(seeds["dicom"], path, data)
        label = f"dicom:{how}"
    elif target == "png":
        path = work / f"{name}.png"
        raw = seeds["png"].read_bytes()
        if data.draw(st.booleans()):
            mutated = bytearray(raw)  # a bomb: IHDR announces a huge image
            struct.pack_into(">II", mutated, 16, 100000, 100000)
            how = "bomb"
        else:
            mutated, how = mutate_bytes(raw, data, start=8)
        path.write_bytes(bytes(mutated))
        label = f"png:{how}"
    elif target == "special":
        how = data.draw(st.sampled_from(["dev_zero", "fifo", "long_name", "missing", "folder_empty"]))
        path = {"dev_zero": Path("/dev/zero"), "long_name": work / ("x" * 300 + ".nii.gz"),
                "missing": work / "absent.nii.gz", "folder_empty": work / f"{name}_empty"}.get(how, work / f"{name}.fifo")  # fmt: skip
        if how in ("fifo", "folder_empty"):
            (os.mkfifo if how == "fifo" else os.mkdir)(path)
        label = f"special:{how}"
    else:
        return _case_mutant(seeds, work, data)
    question = data.draw(st.sampled_from(questions))
    return Mutant(
        {"case_id": name, "images": [{"path": str(path), "modality": "CT"}], "question": question}, corrupt, label
    )


def _case_mutant(seeds: dict[str, Path], work: Path, data: st.DataObject) -> Mutant:
    how = data.draw(st.sampled_from(["field", "json_bytes", "types", "long_history", "choices"]))
    case: dict[str, Any] = {"case_id": "c", "images": [{"path": str(seeds["nii_gz"])}], "question": QUESTION}
    if how == "field":
        case[data.draw(st.sampled_from(["case_id", "images", "question", "context", "nonsense"]))] = data.draw(
            st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3))
        )
    elif how == "types":
        case["images"] = [{"path": data.draw(st.one_of(st.integers(), st.text(max_size=10))), "role": "sideways"}]
    elif how == "long_history":
        case["context"] = {"history": "Jane Doe " * data.draw(st.integers(100, 5000))}
    elif how == "choices":
        case["choices"] = data.draw(st.dictionaries(st.text(max_size=3), st.text(max_size=10), max_size=4))
    path = work / f"case{time.monotonic_ns()}.json"
    text = json.dumps(case)
    if how == "json_bytes":
        raw, _ = mutate_bytes(text.encode(), data)
        path.write_bytes(raw)
    else:
        path.write_text(text)
    return Mutant(str(path), False, f"case:{how}")
