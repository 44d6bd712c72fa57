"""DICOM headers: PS3.15 Annex E Basic Profile, and the identifiers a header holds.

`deidentify_dataset` applies the Basic Application Level Confidentiality Profile (PS3.15 Annex E,
Table E.1-1) as published in the standard. The table itself is not kept here: it comes from
`dicom-anonymizer`, whose tables are scraped from the standard's XML for each edition. The actions
(X remove, Z empty, D dummy, U new UID) are applied here, recursively into sequences, with UIDs
replaced deterministically (same input, same output). `deidentify_path` writes de-identified copies
of a DICOM file or folder (the `clinorch deid` command). `header_identifiers` collects the strings a
header holds so free text can be scrubbed of them wherever they recur.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pydicom
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

PROFILE_EDITION = "dicomfields_2026c"
"""Edition of PS3.15 Table E.1-1 (as packaged by dicom-anonymizer) applied to headers."""
DEID_METHOD = "clinorch: PS3.15 Annex E Basic Profile, Table E.1-1 2026c"
"""DeidentificationMethod (an LO, at most 64 characters)."""
Action = Literal["X", "Z", "D", "U", "XZ"]

_TEXT_VRS = frozenset({"AE", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UT"})
_DUMMY = {
    "PN": "ANONYMOUS",
    "DA": "19000101",
    "DT": "19000101000000",
    "TM": "000000",
    "AS": "000Y",
    "DS": "0",
    "IS": "0",
    "UR": "http://anonymized.invalid",
    "AE": "ANONYMOUS",
}


@dataclass(frozen=True)
class BasicProfile:
    """PS3.15 Table E.1-1: an action per tag, plus masked tag ranges (curves, overlays)."""

    actions: dict[int, Action]
    ranges: tuple[tuple[int, int, int, int, Action], ...]

    def action_for(self, tag: int) -> Action | None:
        if tag in self.actions:
            return self.actions[tag]
        group, element = tag >> 16, tag & 0xFFFF
        for g, e, gmask, emask, action in self.ranges:
            if group & gmask == g & gmask and element & emask == e & emask:
                return action
        return None


@lru_cache(maxsize=1)
def basic_profile() -> BasicProfile:
    """Loads Table E.1-1 of the edition in `PROFILE_EDITION`.

    Compound actions resolve to the strictest one that keeps the dataset well formed:
    Z/D, X/D, X/Z/D -> D; X/Z -> XZ (removed, or emptied when it holds a sequence);
    X/Z/U* -> U (UIDs inside replaced, other values emptied).
    """
    try:
        from dicomanonymizer.dicomfields_selector import dicom_anonymization_database_selector
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "identifier removal needs the PS3.15 Table E.1-1 shipped by `dicom-anonymizer`: pip install dicom-anonymizer"
        ) from exc

    table = dicom_anonymization_database_selector(PROFILE_EDITION)
    resolved: dict[str, Action] = {
        "X_TAGS": "X",
        "Z_TAGS": "Z",
        "D_TAGS": "D",
        "U_TAGS": "U",
        "Z_D_TAGS": "D",
        "X_Z_TAGS": "XZ",
        "X_D_TAGS": "D",
        "X_Z_D_TAGS": "D",
        "X_Z_U_STAR_TAGS": "U",
    }
    actions: dict[int, Action] = {}
    ranges: list[tuple[int, int, int, int, Action]] = []
    for category, action in resolved.items():
        for entry in table[category]:
            if len(entry) == 2:
                actions[(entry[0] << 16) | entry[1]] = action
            else:
                ranges.append((*entry, action))
    return BasicProfile(actions=actions, ranges=tuple(ranges))


def deidentify_dataset(ds: Dataset, *, uid_salt: str = "clinorch") -> Dataset:
    """Returns a de-identified copy of `ds` under the Basic Profile; `ds` is left untouched.

    Private elements are removed, UIDs are replaced by ones derived from the old UID and
    `uid_salt` (so a series stays a series), and the copy says what was done
    (PatientIdentityRemoved, DeidentificationMethod, method code 113100). Pixel data and the
    BurnedInAnnotation flag are kept: pixels that carry burned-in text are the caller's to hold back.
    """
    out = copy.deepcopy(ds)
    profile = basic_profile()
    original_id = str(ds.get("PatientID", "") or "")
    _apply_profile(out, profile, uid_salt)
    if original_id:  # one dummy for everyone would merge patients in a PACS and in the different-patients check
        out.PatientID = patient_pseudonym(original_id, uid_salt)
    if getattr(out, "file_meta", None) is not None:
        _apply_profile(out.file_meta, profile, uid_salt)
    out.remove_private_tags()
    out.PatientIdentityRemoved = "YES"
    out.DeidentificationMethod = DEID_METHOD
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator = "113100", "DCM"
    code.CodeMeaning = "Basic Application Confidentiality Profile"
    out.DeidentificationMethodCodeSequence = Sequence([code])
    return out


def _apply_profile(dataset: Dataset, profile: BasicProfile, salt: str) -> None:
    for tag in list(dataset.keys()):
        elem = dataset[tag]
        action = profile.action_for(int(tag))
        if action is None:
            if elem.VR == "SQ":
                for item in elem.value:
                    _apply_profile(item, profile, salt)
            continue
        if action == "X" or (action == "XZ" and elem.VR != "SQ"):
            del dataset[tag]
        elif action in ("Z", "XZ"):
            _empty(elem)
        elif action == "U":
            _replace_uids(elem, profile, salt)
        else:
            _dummy(elem, profile, salt)


def _empty(elem: DataElement) -> None:
    elem.value = Sequence([]) if elem.VR == "SQ" else None


def _dummy(elem: DataElement, profile: BasicProfile, salt: str) -> None:
    """D: a non-empty dummy of the element's VR; inside a sequence, every text and date value."""
    if elem.VR == "SQ":
        for item in elem.value:
            _apply_profile(item, profile, salt)
            _dummy_all_text(item, salt)
    elif elem.VR == "UI":
        _replace_uids(elem, profile, salt)
    elif elem.VR in _TEXT_VRS:
        elem.value = _DUMMY.get(elem.VR, "ANONYMIZED")
    elif elem.VR in _DUMMY:
        elem.value = _DUMMY[elem.VR]
    elif elem.VR in ("OB", "OW", "UN"):
        elem.value = b""
    else:
        elem.value = 0


def _dummy_all_text(item: Dataset, salt: str) -> None:
    for tag in list(item.keys()):
        elem = item[tag]
        if elem.VR == "SQ":
            for sub in elem.value:
                _dummy_all_text(sub, salt)
        elif elem.VR == "UI" and elem.value:
            elem.value = new_uid(str(elem.value), salt)
        elif (elem.VR in _TEXT_VRS or elem.VR in ("DA", "DT", "TM")) and elem.value not in (None, ""):
            elem.value = _DUMMY.get(elem.VR, "ANONYMIZED")


def _replace_uids(elem: DataElement, profile: BasicProfile, salt: str) -> None:
    if elem.VR == "SQ":
        for item in elem.value:
            for tag in list(item.keys()):
                sub = item[tag]
                if sub.VR in ("UI", "SQ"):
                    _replace_uids(sub, profile, salt)
                else:
                    _empty(sub)
    elif elem.VR == "UI" and elem.value:
        if elem.VM > 1:
            elem.value = [new_uid(str(v), salt) for v in elem.value]
        else:
            elem.value = new_uid(str(elem.value), salt)
    elif elem.VR != "UI":
        _empty(elem)


def patient_pseudonym(patient_id: str, salt: str = "clinorch") -> str:
    """A Patient ID that keeps patients apart without naming them: `ANON-` and 12 hex digits of SHA-256 over the
    salt and the original ID (the same patient under the same salt gets the same pseudonym; PS3.15 E.1-1 allows a
    dummy value for Patient ID)."""
    return "ANON-" + hashlib.sha256(f"{salt}|{patient_id}".encode()).hexdigest()[:12].upper()


def new_uid(old: str, salt: str = "clinorch") -> str:
    """A replacement UID derived from `old` and `salt`: deterministic, consistent across files."""
    return generate_uid(entropy_srcs=[salt, old])


def header_identifiers(ds: Dataset) -> list[str]:
    """Identifying strings in a header, to be scrubbed wherever they recur in free text.

    Person names (every PN value, whole and by part) and the values of Basic Profile elements
    that name or number the patient, the study or the institution (IDs, numbers, addresses,
    telephone numbers, institution names). Descriptions (``CT ABDOMEN``) are not collected:
    they are removed from headers but are ordinary words in a question.
    """
    profile = basic_profile()
    found: set[str] = set()

    def visit(dataset: Dataset, elem: DataElement) -> None:
        if elem.VR == "SQ" or elem.value in (None, ""):
            return
        values = elem.value if elem.VM > 1 else [elem.value]
        if elem.VR == "PN":
            for value in values:
                found.update(_name_variants(str(value)))
        elif elem.VR in ("LO", "SH", "LT", "ST", "UC", "UT") and profile.action_for(int(elem.tag)) is not None:
            keyword = elem.keyword or ""
            if any(word in keyword for word in ("ID", "Number", "Name", "Address", "Telephone", "Locator")):
                found.update(str(v).strip() for v in values if len(str(v).strip()) >= 3)

    ds.walk(visit)
    return sorted(found, key=lambda s: (-len(s), s))


def _name_variants(pn: str) -> set[str]:
    parts = [p.strip() for p in re.split(r"[\^=]", pn) if p.strip()]
    words = [w for p in parts for w in re.split(r"[\s,]+", p) if len(w) >= 2]
    variants = set(words)
    if len(parts) >= 2:
        family, given = parts[0], parts[1]
        variants |= {f"{given} {family}", f"{family}, {given}", f"{family} {given}", pn.strip()}
    return {v for v in variants if len(v) >= 2}


def read_header_identifiers(path: str) -> list[str]:
    """`header_identifiers` of a DICOM file, reading the header only; [] if it is not DICOM."""
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, force=True)
    except (OSError, ValueError, EOFError, TypeError, AttributeError, KeyError, IndexError):
        return []
    return header_identifiers(ds)


DeidOutcome = Literal["written", "not_dicom"]


def deidentify_path(source: Path, target: Path, *, uid_salt: str = "clinorch") -> dict[str, DeidOutcome]:
    """Writes a de-identified copy of a DICOM file, or of every DICOM file under a folder.

    From a folder, every DICOM file under it is written flat into `target`, named by its new SOP
    Instance UID (file and folder names often carry the patient's name); files that are not DICOM
    are not copied. Nothing is written over `source`.

    Args:
        source: a DICOM file or a folder of them.
        target: the output folder, or for a file the output file (an existing folder receives it).
        uid_salt: the key from which replacement UIDs are derived; keep it to keep series
            consistent across runs, change it to unlink them.

    Returns:
        Each input file (relative to `source`) and what became of it.

    Raises:
        FileNotFoundError: `source` does not exist.
        ValueError: `target` is `source` or lies inside it.
    """
    source, target = Path(source), Path(target)
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such file or folder")
    if target.resolve() == source.resolve() or (source.is_dir() and source.resolve() in target.resolve().parents):
        raise ValueError(f"{target}: the output must lie outside the input {source}")
    if source.is_file():  # into an existing folder (named by its new UID, as from a folder), else as the file `target`
        return {source.name: _deidentify_file(source, target, uid_salt, into_folder=target.is_dir())}
    files = sorted(p for p in source.rglob("*") if p.is_file())
    return {str(p.relative_to(source)): _deidentify_file(p, target, uid_salt, into_folder=True) for p in files}


def _deidentify_file(path: Path, target: Path, salt: str, *, into_folder: bool) -> DeidOutcome:
    try:
        ds = pydicom.dcmread(path)
    except (InvalidDicomError, OSError, EOFError, ValueError, TypeError, KeyError, NotImplementedError):
        return "not_dicom"
    if "SOPClassUID" not in ds and "Modality" not in ds:
        return "not_dicom"
    clean = deidentify_dataset(ds, uid_salt=salt)
    out = target / f"{clean.get('SOPInstanceUID') or new_uid(str(path), salt)}.dcm" if into_folder else target
    out.parent.mkdir(parents=True, exist_ok=True)
    clean.save_as(out, enforce_file_format=False)
    return "written"
