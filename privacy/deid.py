"""Identifier removal: DICOM headers (PS3.15 Annex E Basic Profile) and free text.

Nothing that identifies a patient may reach a model backend, a log or a trace. Two sources:

- DICOM headers. `deidentify_dataset` applies the Basic Application Level Confidentiality
  Profile (PS3.15 Annex E, Table E.1-1) as published in the standard. The table itself is not
  kept here: it comes from `dicom-anonymizer`, whose tables are scraped from the standard's
  XML for each edition. The actions (X remove, Z empty, D dummy, U new UID) are applied here,
  recursively into sequences, with UIDs replaced deterministically (same input, same output).
- Free text (the question, the history). `scrub_text` replaces names, dates, record numbers,
  phone numbers and e-mail addresses with placeholders; identifiers read from the case's own
  DICOM headers (`header_identifiers`) are removed wherever they recur in the text.

Free-text scrubbing is rule-based: it catches labelled and titled names (``Name: Jane Doe``,
``Dr. House``, ``DOE^JANE``) and every name found in the headers, not an arbitrary bare name.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import pydicom
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

from core.case import Case

PROFILE_EDITION = "dicomfields_2026c"
"""Edition of PS3.15 Table E.1-1 (as packaged by dicom-anonymizer) applied to headers."""
DEID_METHOD = "clinorch: PS3.15 Annex E Basic Profile, Table E.1-1 2026c"
"""DeidentificationMethod (an LO, at most 64 characters)."""
Action = Literal["X", "Z", "D", "U", "XZ"]
IdentifierKind = Literal["name", "date", "record_number", "phone", "email", "url"]

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


# -- the Basic Profile on DICOM headers ----------------------------------------------------


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
    _apply_profile(out, profile, uid_salt)
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


def new_uid(old: str, salt: str = "clinorch") -> str:
    """A replacement UID derived from `old` and `salt`: deterministic, consistent across files."""
    return generate_uid(entropy_srcs=[salt, old])


def pseudonym(value: str, kind: str, salt: str = "clinorch") -> str:
    """A short keyed hash standing for an identifier (`kind` keeps patient and study keys apart).

    Low-entropy identifiers (record numbers) can be recovered from an unsalted hash by trying
    them all, so pseudonyms stay inside the artifact store; evidence never shows them.
    """
    digest = hashlib.sha256(f"{salt}\x00{kind}\x00{value}".encode()).hexdigest()
    return f"{kind}-{digest[:16]}"


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


# -- free text -----------------------------------------------------------------------------

_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = (
    r"(?:(?<![\d.])\d{4}([-/.])\d{1,2}\1\d{1,2}(?!\d|\.\d)"
    r"|(?<![\d.])\d{1,2}([-/.])\d{1,2}\2\d{2,4}(?!\d|\.\d)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s*,?\s*\d{{2,4}}\b"
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{2,4}}\b)"
)
_NAME_WORD = r"[A-Z][a-zA-Z'\-]+"
_PATTERNS: tuple[tuple[IdentifierKind, re.Pattern[str]], ...] = (
    ("email", re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")),
    ("url", re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)),
    ("name", re.compile(r"\b[A-Za-z][A-Za-z'\-]*\^[A-Za-z'\-]+(?:\^[A-Za-z'\-]*)*")),
    (
        "date",
        re.compile(
            rf"\b(?:DOB|D\.O\.B\.?|date of birth|birth\s*date|born(?: on)?)\s*[:#]?\s*(?:{_DATE}|\d{{8}}\b)", re.I
        ),
    ),
    (
        "record_number",
        re.compile(
            r"\b(?:MRN|medical record(?: number| no\.?| #)?|record (?:number|no\.?)|patient id|PID|accession(?: number| no\.?| #)?"
            r"|hospital (?:number|no\.?)|NHS (?:number|no\.?)|chart(?: number| no\.?)|case (?:number|no\.?)|SSN|social security(?: number)?"
            r"|insurance (?:number|no\.?|id)|ID)\s*[:#]?\s*(?:[A-Z]{0,4}[-/]?)?\d[\dA-Z\-/]{2,}",
            re.I,
        ),
    ),
    ("date", re.compile(_DATE, re.I)),
    (
        "phone",
        re.compile(
            r"(?:\b(?:tel|phone|telephone|mobile|cell|fax)\.?\s*[:#]?\s*)?"
            r"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{2,4}\)\s*|(?<![\d.])\d{2,4}[\s.\-])\d{3,4}[\s.\-]\d{4}(?!\d|\.\d)",
            re.I,
        ),
    ),
    ("record_number", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("record_number", re.compile(r"\b[A-Z]{1,5}[-_]?\d{5,}\b")),
    ("record_number", re.compile(r"(?<![\d.,])\d{6,}(?![\d.,]\d)")),
    ("name", re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Doctor|Professor)\.?\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?")),
    (
        "name",
        re.compile(
            rf"\b(?i:patient name|name|patient|pt|referred by|referring physician|physician|attending"
            rf"|seen by|signed by|dictated by|reported by)\s*:\s*{_NAME_WORD}(?:,?\s+{_NAME_WORD}){{0,2}}"
        ),
    ),
    ("name", re.compile(rf"\b(?:[Pp]atient|[Pp]t\.?)\s+({_NAME_WORD}(?:\s+{_NAME_WORD})+)")),
)
_FIRST = 3
"""Patterns applied before the known identifiers: e-mail, URL, DICOM-style names."""
_PLACEHOLDER: dict[IdentifierKind, str] = {
    "name": "[NAME]",
    "date": "[DATE]",
    "record_number": "[ID]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "url": "[URL]",
}


@dataclass(frozen=True)
class Scrubbed:
    """Text with identifiers replaced, and how many of each kind were found (never which)."""

    text: str
    found: dict[str, int] = field(default_factory=dict)


def scrub_text(text: str | None, known: Iterable[str] = ()) -> Scrubbed:
    """Replaces identifiers in free text by placeholders (``[NAME]``, ``[DATE]``, ``[ID]``...).

    Args:
        text: the free text; None gives an empty result.
        known: identifying strings from the case's headers (`header_identifiers`), removed
            wherever they occur, whole word, any case.
    """
    if not text:
        return Scrubbed(text or "")
    counts: Counter[str] = Counter()
    out = text
    for kind, pattern in _PATTERNS[:_FIRST]:  # whole e-mails, URLs and DICOM names before their parts
        out, n = pattern.subn(lambda m, k=kind: _keep_label(m, k), out)
        counts[kind] += n
    for value in sorted({k.strip() for k in known if _worth_scrubbing(k)}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])", re.I)
        kind: IdentifierKind = "record_number" if any(c.isdigit() for c in value) else "name"
        out, n = pattern.subn(_PLACEHOLDER[kind], out)
        counts[kind] += n
    for kind, pattern in _PATTERNS[_FIRST:]:
        out, n = pattern.subn(lambda m, k=kind: _keep_label(m, k), out)
        counts[kind] += n
    out = _REPEATED_NAME.sub("[NAME]", out)  # "Jane Doe" known by parts becomes one placeholder
    return Scrubbed(out, {k: v for k, v in counts.items() if v})


_REPEATED_NAME = re.compile(r"\[NAME\](?:[\s,^]+\[NAME\])+")
_ORDINARY_WORDS = frozenset(
    {
        "abdomen",
        "anonymous",
        "anonymized",
        "brain",
        "chest",
        "ct",
        "head",
        "kidney",
        "left",
        "liver",
        "lung",
        "mr",
        "mri",
        "no",
        "none",
        "pancreas",
        "patient",
        "phantom",
        "right",
        "spleen",
        "test",
        "unknown",
        "yes",
    }
)


def _worth_scrubbing(value: str) -> bool:
    """Header values too short or too ordinary to scrub from a question without breaking it."""
    value = value.strip()
    if len(value) < 3 or value.lower() in _ORDINARY_WORDS:
        return False
    return not (value.isdigit() and len(value) < 5)


_LABEL = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Doctor|Professor)\.?\s+|[A-Za-z .#]+?\s*[:#]\s*|[Pp]atient\s+|[Pp]t\.?\s+)"
)


def _keep_label(match: re.Match[str], kind: IdentifierKind) -> str:
    """Keeps a label (``MRN:``, ``Dr.``, ``DOB``) and replaces only the value after it."""
    whole = match.group(0)
    label = _LABEL.match(whole)
    if kind in ("name", "record_number", "date", "phone") and label and label.end() < len(whole):
        return whole[: label.end()] + _PLACEHOLDER[kind]
    keyword = re.match(
        r"^(?:DOB|D\.O\.B\.?|date of birth|birth\s*date|born(?: on)?|MRN|accession|tel|phone)\b\s*", whole, re.I
    )
    if keyword and keyword.end() < len(whole):
        return whole[: keyword.end()] + _PLACEHOLDER[kind]
    return _PLACEHOLDER[kind]


def scrub_case(case: Case, known: Iterable[str] = ()) -> tuple[Case, dict[str, int]]:
    """A copy of `case` with identifiers removed from its free text, and the counts by kind.

    Scrubs the question, the choices, the history and string lab values. Image paths, dates of
    priors (`acquired`) and the case id are the caller's structured fields and are kept.
    """
    known = list(known)
    counts: Counter[str] = Counter()

    def clean(text: str | None) -> str | None:
        if text is None:
            return None
        result = scrub_text(text, known)
        counts.update(result.found)
        return result.text

    context = case.context.model_copy(
        update={
            "history": clean(case.context.history),
            "labs": {clean(k) or k: (clean(v) if isinstance(v, str) else v) for k, v in case.context.labs.items()},
        }
    )
    choices = {k: clean(v) or "" for k, v in case.choices.items()} if case.choices else case.choices
    scrubbed = case.model_copy(update={"question": clean(case.question), "choices": choices, "context": context})
    return scrubbed, dict(counts)
