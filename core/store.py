"""A case-scoped artifact store: volumes and masks live here, the graph state holds their ids.

In memory by default. With a folder, each artifact is two files: its arrays as a compressed
`.npz` (numpy's zip of `.npy` files, read with `allow_pickle=False`) and a `.json` sidecar with
everything else (type, geometry, metadata). Nothing is pickled, so a crafted artifact file can
at worst fail to load; it cannot run code. Only the types the store was given (`types=`, e.g.
`imaging.volume.Image` and `LabelMap`) are rebuilt from disk, by an allow-list of names.

Float arrays whose values are whole numbers in the int16 range (CT in Hounsfield units) are
written as int16 and read back in their own dtype, losslessly; masks are written as packed bits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from core.atomic import atomic_path

SCHEMA = "clinorch.artifact/1"
_INT16 = np.iinfo(np.int16)


def case_key(case_id: str) -> str:
    """A stable pseudonym of a case id (``case-<12 hex>``, a keyed SHA-256): the same case id gives the same key
    on every run and machine, and the key does not show the id, which is often an accession number or a file name
    holding a patient's name. `privacy.deid.key_identifies` treats keys of this form as clinorch's own."""
    return "case-" + hashlib.sha256(f"clinorch\x00artifact\x00{case_id}".encode()).hexdigest()[:12]


def artifact_id(kind: str, case_id: str, name: str) -> str:
    """The id of an artifact, ``{kind}:{case_key(case_id)}:{name}`` (e.g. ``mask:case-3f2a9c1e0b7d:liver``).

    The one place artifact ids are built: the store, the reports, the key images and the demo all call it, so no
    output id carries the case id verbatim (`case_key`)."""
    return f"{kind}:{case_key(case_id)}:{name}"


class ArtifactError(ValueError):
    """An artifact cannot be written or read (a type not allowed, a malformed or crafted file)."""


class ArtifactStore:
    """Holds the arrays of one case, addressed by id, in memory or under a folder on disk.

    Args:
        case_id: The case the artifacts belong to; its pseudonym (`case_key`) is part of every id and names
            the case's folder.
        root: Folder for the artifacts (a sub-folder per case is made); None keeps them in memory.
        types: Dataclass types the store may write and rebuild from disk (an allow-list).
    """

    def __init__(self, case_id: str, root: str | Path | None = None, types: Iterable[type] = ()) -> None:
        self.case_id = case_id
        self._items: dict[str, Any] = {}
        self._types = {_type_name(t): t for t in types}
        self.root = Path(root) / case_key(case_id) if root is not None else None
        if self.root is not None:
            self.root.mkdir(parents=True, exist_ok=True)

    def put(self, kind: str, name: str, obj: Any) -> str:
        """Stores `obj` and returns its id, `artifact_id(kind, case_id, name)`.

        Raises:
            ArtifactError: the store has a folder and `obj` is neither an array nor an allowed type.
        """
        key = artifact_id(kind, self.case_id, name)
        if self.root is not None:
            self._write(key, obj)
        self._items[key] = obj
        return key

    def get(self, artifact_id: str) -> Any:
        """Returns the artifact; raises KeyError naming the id when it is unknown."""
        if artifact_id in self._items:
            return self._items[artifact_id]
        if self.root is not None and (self.root / f"{_safe(artifact_id)}.json").exists():
            self._items[artifact_id] = self._read(artifact_id)
            return self._items[artifact_id]
        raise KeyError(f"no artifact {artifact_id!r} in the store of case {case_key(self.case_id)!r}")

    def __contains__(self, artifact_id: str) -> bool:
        try:
            self.get(artifact_id)
        except KeyError:
            return False
        return True

    def ids(self, kind: str | None = None) -> list[str]:
        """Ids of the artifacts held (in memory and, with a folder, on disk), optionally of one kind."""
        found = list(self._items)
        if self.root is not None and self.root.exists():
            for meta in sorted(self.root.glob("*.json")):
                artifact_id = _read_json(meta).get("id")
                if isinstance(artifact_id, str) and artifact_id not in found:
                    found.append(artifact_id)
        return [k for k in found if kind is None or k.startswith(f"{kind}:")]

    def disk_bytes(self) -> int:
        """Bytes the store occupies on disk (0 in memory)."""
        if self.root is None or not self.root.exists():
            return 0
        return sum(p.stat().st_size for p in self.root.iterdir() if p.is_file())

    def remove(self) -> None:
        """Deletes the case's folder (the artifacts stay in memory for this process)."""
        if self.root is not None and self.root.exists():
            shutil.rmtree(self.root)

    # -- disk format ----------------------------------------------------------------------

    def _write(self, artifact_id: str, obj: Any) -> None:
        arrays: dict[str, np.ndarray] = {}
        if isinstance(obj, np.ndarray):
            type_name, fields = "ndarray", {}
            arrays["array"] = obj
        elif dataclasses.is_dataclass(obj) and _type_name(type(obj)) in self._types:
            type_name, fields = _type_name(type(obj)), {}
            for f in dataclasses.fields(obj):
                value = getattr(obj, f.name)
                if isinstance(value, np.ndarray) and value.ndim >= 2:
                    arrays[f.name] = value
                else:
                    fields[f.name] = _encode(value)
        else:
            raise ArtifactError(f"cannot write {type(obj).__name__} artifact {artifact_id!r}: allowed types are "
                                f"arrays and {sorted(self._types)!r}")
        stored, layout = {}, {}
        for name, array in arrays.items():
            stored[name], layout[name] = _pack(array)
        base = self.root / _safe(artifact_id)  # type: ignore[operator]
        with atomic_path(Path(f"{base}.npz")) as tmp:  # a failed write leaves no file behind (`core.atomic`)
            _savez(tmp, stored)
        meta = {"schema": SCHEMA, "id": artifact_id, "type": type_name, "fields": fields, "arrays": layout}
        with atomic_path(Path(f"{base}.json")) as tmp:
            tmp.write_text(json.dumps(meta, allow_nan=True))

    def _read(self, artifact_id: str) -> Any:
        base = self.root / _safe(artifact_id)  # type: ignore[operator]
        meta = _read_json(Path(f"{base}.json"))
        if meta.get("schema") != SCHEMA or meta.get("id") != artifact_id:
            raise ArtifactError(f"{base}.json is not an artifact of {artifact_id!r} (schema {meta.get('schema')!r})")
        cls = self._types.get(meta.get("type"))  # type: ignore[arg-type]
        if cls is None and meta.get("type") != "ndarray":
            raise ArtifactError(f"artifact {artifact_id!r} has type {meta.get('type')!r}, not one this store rebuilds "
                                f"({sorted(self._types)!r})")
        try:
            with np.load(Path(f"{base}.npz"), allow_pickle=False) as npz:
                arrays = {name: _unpack(npz[name], layout) for name, layout in meta["arrays"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ArtifactError(f"cannot read the arrays of {artifact_id!r} from {base}.npz: {exc}") from exc
        if cls is None:
            return arrays["array"]
        fields = {name: _decode(value) for name, value in meta["fields"].items()}
        return cls(**fields, **arrays)


def _savez(path: Path, arrays: dict[str, np.ndarray], level: int = 1) -> None:
    """An `.npz` like `np.savez_compressed`, at a fast deflate level (CT noise does not compress
    much further, and a full-size volume is written in seconds rather than minutes)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, array in arrays.items():
            with zf.open(f"{name}.npy", "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(array), allow_pickle=False)


def _pack(array: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    """The array as written, and how to read it back (dtype, shape, packing)."""
    if array.dtype.hasobject:
        raise ArtifactError("object arrays cannot be stored (they would need pickle)")
    layout: dict[str, Any] = {"dtype": array.dtype.str, "shape": list(array.shape), "packing": "none"}
    if array.dtype == bool:
        layout["packing"] = "bits"
        return np.packbits(array, axis=None), layout
    if array.dtype.kind == "f" and array.size:
        low, high = float(np.nanmin(array)), float(np.nanmax(array))
        if _INT16.min <= low and high <= _INT16.max:
            as_int = array.astype(np.int16)
            if np.array_equal(as_int, array):
                layout["packing"] = "int16"
                return as_int, layout
    return array, layout


def _unpack(stored: np.ndarray, layout: dict[str, Any]) -> np.ndarray:
    dtype, shape = np.dtype(layout["dtype"]), tuple(int(n) for n in layout["shape"])
    if dtype.hasobject:
        raise ArtifactError("object arrays are refused")
    if layout["packing"] == "bits":
        count = int(np.prod(shape))
        return np.unpackbits(stored, count=count).astype(bool).reshape(shape)
    return stored.astype(dtype, copy=False).reshape(shape)


def _encode(value: Any) -> Any:
    """A JSON form of a field value that `_decode` turns back into the same value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value.item() if hasattr(value, "item") else value
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"__dict__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, np.ndarray):
        _pack(value)  # refuses object arrays
        return {"__ndarray__": value.tolist(), "dtype": value.dtype.str}
    if isinstance(value, np.generic):
        return value.item()
    raise ArtifactError(f"field value {value!r} of type {type(value).__name__} cannot be stored as JSON")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        if "__dict__" in value:
            return {_decode(k): _decode(v) for k, v in value["__dict__"]}
        if "__ndarray__" in value:
            dtype = np.dtype(value["dtype"])
            if dtype.hasobject:
                raise ArtifactError("object arrays are refused")
            return np.asarray(value["__ndarray__"], dtype=dtype)
        raise ArtifactError(f"unexpected mapping in artifact metadata: {sorted(value)!r}")
    return value


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ArtifactError(f"cannot read artifact metadata {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ArtifactError(f"artifact metadata {path} is not a JSON object")
    return data


def _type_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
