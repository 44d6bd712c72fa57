"""Cases the web app offers and builds: the bundled demo, case files in the data dir, uploads.

Every path a request can name is resolved and must stay inside the data dir; an upload is
written under `DATA_DIR/uploads/<random>/` with its size counted as it streams, and a zip is
unpacked member by member, refusing absolute names, `..` and more bytes than the limit.
"""

from __future__ import annotations

import json
import secrets
import threading
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from core.case import Case, describe_invalid_case

DEMO_ID = "demo"
_DEMO_LOCK = threading.Lock()
"""Two requests for the demo at once write its phantom once."""
UPLOAD_SUFFIXES = (".nii", ".nii.gz", ".zip", ".png")
"""What an upload may be: a NIfTI volume, a zipped DICOM series, or a 2D PNG."""


class CaseInputError(ValueError):
    """A request names a case or file the app refuses (unknown, outside the data dir, too large)."""


def inside(root: Path, path: Path) -> Path:
    """`path` resolved; raises `CaseInputError` unless it lies inside `root`."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise CaseInputError(f"{path.name!r} is outside the data folder and is refused")
    return resolved


def list_cases(data_dir: Path) -> list[dict[str, Any]]:
    """The demo case, then every `*.json` case file under `DATA_DIR/cases/` (one level of folders)."""
    from orchestrator.demo import DEMO_CASE

    spec = json.loads(DEMO_CASE.read_text())
    rows = [{"id": DEMO_ID, "case_id": spec["case"]["case_id"], "question": spec["case"]["question"],
             "choices": spec["case"].get("choices"), "description": spec.get("description", "")}]
    folder = data_dir / "cases"
    if folder.is_dir():
        for path in sorted([*folder.glob("*.json"), *folder.glob("*/*.json")]):
            try:
                case = Case.load(path)
            except ValueError:
                continue  # not a case file (a legend, a config): not offered
            rows.append({"id": path.relative_to(folder).as_posix(), "case_id": case.case_id,
                         "question": case.question, "choices": case.choices, "description": str(path.name)})
    return rows


def load_case(data_dir: Path, case_id: str) -> Case:
    """The demo case (its phantom written once under the data dir) or a case file of `DATA_DIR/cases/`.

    Raises:
        CaseInputError: unknown case, a case file or image path outside the data dir, or an invalid file.
    """
    if case_id == DEMO_ID:
        from orchestrator.demo import _prepare, demo_image

        with _DEMO_LOCK:
            spec, case_dir = _prepare(data_dir / "demo", full_size=False)
        case = Case.model_validate(spec["case"])
        case.images = [demo_image(case_dir)]
        return case
    root = data_dir / "cases"
    path = inside(root, root / case_id)
    if path.suffix != ".json" or not path.is_file():  # the case's own case_id, or its file name without .json
        files = {row["id"] for row in list_cases(data_dir)[1:] if case_id in (row["case_id"], row["id"][:-5])}
        if len(files) != 1:
            several = f": {len(files)} case files ({', '.join(sorted(files))}) have it, name the file" if files else ""
            raise CaseInputError(f"no case {case_id!r} in the data folder{several} (GET /api/cases lists the cases: "
                                 "their file name `id` or their `case_id`)")
        path = inside(root, root / files.pop())
    try:
        case = Case.load(path)
    except ValidationError as exc:
        raise CaseInputError(f"{case_id!r} is not a valid case file: {describe_invalid_case(exc)}") from exc
    except ValueError as exc:
        raise CaseInputError(f"{case_id!r} is not a valid case file: {str(exc).splitlines()[0]}") from exc
    for ref in case.images:  # relative paths are relative to the case file; all must stay in the data dir
        ref.path = str(inside(data_dir, path.parent / ref.path))
        if ref.masks:
            ref.masks = str(inside(data_dir, path.parent / ref.masks))
    return case


def save_upload(data_dir: Path, name: str, stream: BinaryIO, limit: int) -> Path:
    """Writes an uploaded file under `DATA_DIR/uploads/<random>/` and returns what the case reads.

    A zip (a DICOM series, or masks) is unpacked into a folder, which is returned.

    Raises:
        CaseInputError: an unsupported kind of file, more than `limit` bytes, or an unsafe zip.
    """
    lower = name.lower()
    suffix = next((s for s in UPLOAD_SUFFIXES if lower.endswith(s)), None)
    if suffix is None:
        raise CaseInputError(f"{Path(name).name!r}: upload a NIfTI (.nii, .nii.gz), a zipped DICOM series or a PNG")
    folder = data_dir / "uploads" / secrets.token_hex(8)
    folder.mkdir(parents=True)
    target = folder / f"upload{suffix}"  # never the client's name: it may carry a path or the patient's name
    written = 0
    with target.open("wb") as out:
        while chunk := stream.read(1 << 20):
            written += len(chunk)
            if written > limit:
                out.close()
                target.unlink()
                raise CaseInputError(f"the upload is larger than the limit of {limit // 1_000_000} MB")
            out.write(chunk)
    if suffix != ".zip":
        return target
    unpacked = folder / "files"
    unzip(target, unpacked, limit)
    target.unlink()
    return unpacked


def unzip(archive: Path, out: Path, limit: int) -> None:
    """Unpacks a zip member by member, refusing unsafe names and more than `limit` bytes in all."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            total = 0
            for member in zipped.infolist():
                if member.is_dir():
                    continue
                target = out / member.filename
                if Path(member.filename).is_absolute() or not target.resolve().is_relative_to(out.resolve()):
                    raise CaseInputError(f"the zip holds an unsafe path {member.filename!r}")
                total += member.file_size
                if total > limit:
                    raise CaseInputError(f"the zip unpacks to more than {limit // 1_000_000} MB")
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(member) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
    except zipfile.BadZipFile as exc:
        raise CaseInputError("the .zip file is not a readable zip archive") from exc


def series_folder(folder: Path) -> Path:
    """The folder of an unpacked zip that holds the files (a zip often wraps them in one folder)."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    return series_folder(entries[0]) if len(entries) == 1 and entries[0].is_dir() else folder
