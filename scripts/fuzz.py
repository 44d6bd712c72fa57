"""Fuzzes `orchestrator.run` with mutated NIfTI, DICOM, PNG and case JSON inputs, bounded in count and time.

Seeds are a small phantom (``ct.nii.gz`` and an uncompressed ``.nii``), the same volume as a DICOM
series, a single DICOM slice, a PNG, and a case JSON. Hypothesis draws one mutation per input
(header fields, byte flips, truncation, zero-filled tails, tag values, odd VRs, huge declared
sizes, case fields), the case runs in a forked child with a per-input timeout, and each outcome is
counted:

- ``rejected`` / ``answered`` / ``abstained``: a result;
- ``misuse``: a typed error for misuse (an invalid case: pydantic's ValidationError, InvalidCaseError);
- ``escaped``: any other exception (listed by type and message);
- ``hang``: no outcome within the timeout (the child is killed).

Inputs whose mutation breaks an integrity check the pipeline can make (gzip CRC or length, a
file shorter than its header announces) are marked; an ``answered`` on such an input is counted
apart as ``answered_on_corrupt``.

    python scripts/fuzz.py --count 300 --timeout 30 --seed 1
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

Outcome = str  # rejected | answered | abstained | misuse | escaped | hang | answered_on_corrupt
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

    from synthetic.adversarial import write_dicom_series
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


# -- running --------------------------------------------------------------------------------


def classify(case: Any, backends: dict[str, Any]) -> tuple[Outcome, str]:
    """Runs one case; the outcome and, for an escaped exception, its type and message."""
    from pydantic import ValidationError

    import orchestrator
    from core.case import InvalidCaseError

    try:
        result = orchestrator.run(case, backends=backends)
    except (ValidationError, InvalidCaseError) as exc:
        return "misuse", type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - the point is to count what escapes
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return "escaped", f"{type(exc).__name__}: {str(exc)[:120]} at {Path(tb.filename).name}:{tb.lineno}"
    return result.status, ""


def run_forked(case: Any, backends: dict[str, Any], timeout: float) -> tuple[Outcome, str]:
    """`classify` in a forked child, killed after `timeout` seconds."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            outcome = classify(case, backends)
        except BaseException as exc:  # noqa: BLE001
            outcome = ("escaped", f"{type(exc).__name__}: {exc}"[:200])
        os.write(write_fd, json.dumps(outcome).encode())
        os._exit(0)
    os.close(write_fd)
    ready, _, _ = select.select([read_fd], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_fd)
        return "hang", f"no outcome in {timeout:.0f} s"
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    os.waitpid(pid, 0)
    if not chunks:
        return "escaped", "child died without an outcome"
    outcome, detail = json.loads(b"".join(chunks))
    return outcome, detail


class _Hang(BaseException):
    """Raised by the alarm in `run_in_process` when an input takes too long."""


def run_in_process(case: Any, backends: dict[str, Any], timeout: float) -> tuple[Outcome, str]:
    """`classify` in this process, interrupted by SIGALRM after `timeout` seconds (a blocking read
    of a device or pipe is interrupted too)."""

    def alarm(signum: int, frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return classify(case, backends)
    except _Hang:
        return "hang", f"no outcome in {timeout:.0f} s"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fuzz(
    count: int,
    timeout: float,
    seed: int,
    budget_s: float | None = None,
    verbose: bool = False,
    quick: bool = False,
    forked: bool = True,
) -> dict[str, Any]:
    """Runs `count` fuzzed inputs (or until `budget_s` seconds); the outcome counts and details.

    `quick` asks only a knowledge question with each image (read and checked in full, no
    segmentation), for a short run in CI; `forked` runs each input in a child process (a crash
    of the interpreter is then an outcome too), else in this process under an alarm.
    """
    questions: list[str | None] = (
        [KNOWLEDGE_QUESTION, "what value " * 1000]
        if quick
        else [QUESTION, QUESTION, None, KNOWLEDGE_QUESTION, "what value " * 1000, "a." * 20000]
    )
    import torch

    torch.set_num_threads(1)
    counts: Counter[str] = Counter()
    by_label: dict[str, Counter[str]] = {}
    details: list[str] = []
    started = time.monotonic()
    backends: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="clinorch-fuzz-") as tmp:
        root = Path(tmp)
        seeds = make_seeds(root / "seeds")
        classify({"case_id": "warm", "images": [{"path": str(seeds["nii_gz"])}], "question": QUESTION}, backends)
        started = time.monotonic()  # the budget is for fuzzing, not for seeds and model loading

        def one(data: st.DataObject) -> None:
            work = Path(tempfile.mkdtemp(dir=root))
            try:
                try:
                    mutant = draw_mutant(seeds, work, data, questions)
                except (OSError, ValueError, TypeError, OverflowError):  # pydicom cannot write every mutation
                    counts["unwritable_mutation"] += 1
                    return
                runner = run_forked if forked else run_in_process
                outcome, detail = runner(mutant.case, backends, timeout)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            if outcome == "answered" and mutant.corrupt:
                outcome = "answered_on_corrupt"
            counts[outcome] += 1
            by_label.setdefault(mutant.label, Counter())[outcome] += 1
            if outcome in ("escaped", "hang", "answered_on_corrupt"):  # the findings
                details.append(f"{mutant.label}: {outcome} {detail}")
            if verbose:
                sys.stderr.write(f"{sum(counts.values())} {mutant.label} {outcome} {detail}\n")

        chunk, batch = 10, 0
        while sum(counts.values()) < count and (budget_s is None or time.monotonic() - started < budget_s):
            # hypothesis runs in batches with their own seeds, so the time budget is checked between them
            size = min(chunk, count - sum(counts.values()))
            settings(max_examples=size, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                     phases=[Phase.generate])(hypothesis_seed(seed * 100_003 + batch)(given(st.data())(one)))()  # fmt: skip
            batch += 1
    return {
        "inputs": sum(counts.values()),
        "seconds": round(time.monotonic() - started, 1),
        "outcomes": dict(counts),
        "by_mutation": {k: dict(v) for k, v in sorted(by_label.items())},
        "problems": details[:50],
    }


def main() -> None:
    """Prints the outcome counts as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per input before it counts as a hang")
    parser.add_argument("--budget", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--quick", action="store_true", help="knowledge questions only (no segmentation)")
    parser.add_argument("--in-process", action="store_true", help="no child process per input (faster)")
    args = parser.parse_args()
    report = fuzz(args.count, args.timeout, args.seed, args.budget, args.verbose, args.quick, not args.in_process)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
