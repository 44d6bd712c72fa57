"""Identifier removal from free text: the question, the history, choices, labs, messages.

Nothing that identifies a patient may reach a model backend, a log or a trace. Three sources of
spans, merged, then replaced by placeholders (``[NAME]``, ``[DATE]``, ``[ID]``, ``[ADDRESS]``...):

- identifiers read from the case's own DICOM headers (`privacy.dicom.header_identifiers`),
  removed wherever they recur, whole word, any case;
- patterns for identifiers with a shape (`privacy.patterns`: dates, record numbers, phones,
  e-mail, URLs, ages over 89, street addresses, named institutions, labelled and titled names);
- a named-entity model for bare names, institutions and places (`privacy.ner`).

`tests/privacy/` measures recall per kind on sentences written by someone who never saw this code
(`scripts/deid_recall.py`). DICOM headers themselves are de-identified by `privacy.dicom`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.case import Case
from privacy.address import complete_addresses
from privacy.names import complete_names
from privacy.ner import entity_spans
from privacy.patterns import _POSTCODE_VALUE, PATTERNS, PLACEHOLDER, IdentifierKind

Span = tuple[int, int, IdentifierKind]
MAX_TEXT_CHARS = 4000
"""Longest free text (a question, a history, a choice, a lab value) a case may carry; a longer one
is withheld, never scrubbed piecemeal or passed on, and triage rejects the case."""
WITHHELD = "[TEXT WITHHELD: longer than {limit} characters]"


@dataclass(frozen=True)
class Scrubbed:
    """Text with identifiers replaced, and how many of each kind were found (never which)."""

    text: str
    found: dict[str, int] = field(default_factory=dict)


def scrub_text(text: str | None, known: Iterable[str] = (), *, model: bool = True) -> Scrubbed:
    """Replaces identifiers in free text by placeholders (``[NAME]``, ``[DATE]``, ``[ID]``...).

    Args:
        text: the free text; None gives an empty result.
        known: identifying strings from the case's headers (`header_identifiers`), removed
            wherever they occur, whole word, any case.
        model: also run the named-entity model (bare names, institutions, places); off only for
            text that no person wrote (a reader's error message), where it would see names in
            format words.
    """
    if not text:
        return Scrubbed(text or "")
    spans = known_spans(text, known) + pattern_spans(text)
    if model:
        spans += entity_spans(text)
    return _replace(text, complete_names(text, complete_addresses(text, _extend_places(text, spans))))


def remove_known(text: str, known: Iterable[str]) -> str:
    """Only the case's header identifiers removed: for messages that machines wrote.

    A reader's error (``Expected 1000000000 bytes``) keeps its numbers, which pattern rules would
    take for record numbers.
    """
    return _replace(text, known_spans(text, known)).text


def names_someone(text: str, known: Iterable[str] = ()) -> bool:
    """Whether a short label (a file or folder name) holds a header identifier, an identifier
    with a shape, or a person's name; places and institutions the model guesses in file-name
    jargon (``SR dcm``) do not count, nor short numbers."""
    if known_spans(text, known):
        return True
    for start, end, kind in pattern_spans(text):
        if kind != "record_number" or sum(c.isdigit() for c in text[start:end]) >= 5:
            return True  # a series number (``MR700``) is no record number
    return any(kind == "name" for _, _, kind in entity_spans(text))


def known_spans(text: str, known: Iterable[str]) -> list[Span]:
    """Where the header identifiers occur in `text` (whole word, any case)."""
    spans: list[Span] = []
    lowered = text.lower()
    for value in {k.strip() for k in known if _worth_scrubbing(k)}:
        kind: IdentifierKind = "record_number" if any(c.isdigit() for c in value) else "name"
        needle, start = value.lower(), 0
        while (found := lowered.find(needle, start)) >= 0:
            end = found + len(needle)
            if not _word_char(text, found - 1) and not _word_char(text, end):
                spans.append((found, end, kind))
            start = found + 1
    return spans


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def pattern_spans(text: str) -> list[Span]:
    """Spans of every pattern of `privacy.patterns`; a pattern's `value` group when it has one."""
    spans: list[Span] = []
    for pattern in PATTERNS:
        has_value = "value" in pattern.regex.groupindex
        for match in pattern.regex.finditer(text):
            start, end = match.span("value") if has_value and match.group("value") else match.span()
            if pattern.min_digits and sum(c.isdigit() for c in text[start:end]) < pattern.min_digits:
                continue
            if end > start:
                spans.append((start, end, pattern.kind))
    return spans


_TAIL = re.compile(
    rf"(?:,?[ \t]{{1,3}}(?:{_POSTCODE_VALUE}|[A-Z]{{2,3}}[ \t]{{1,2}}{_POSTCODE_VALUE}|(?:Co\.|County)[ \t]{{1,3}}[A-Z][a-z]{{1,30}}"
    r"|Isle of [A-Z][a-z]{1,30}|[A-Z]{2}\b(?=[ \t]{1,2}\d)))"
)
_HOUSE_NUMBER = re.compile(r"\b\d{1,5}[A-Za-z]?,?[ \t]{1,3}$")


def _extend_places(text: str, spans: list[Span]) -> list[Span]:
    """An address or place swallows the postcode, region code and county after it, and the house
    number before it (``17 [rue de la Paix], 75002 Paris``, ``[Ultimo] NSW 2007``)."""
    out: list[Span] = []
    for start, end, kind in spans:
        if kind in ("address", "place"):
            for _ in range(4):
                tail = _TAIL.match(text, end)
                if tail is None or tail.end() == end:
                    break
                end = tail.end()
            house = _HOUSE_NUMBER.search(text, max(0, start - 8), start)
            if house is not None and kind == "address":
                start = house.start()
        out.append((start, end, kind))
    return out


def _replace(text: str, spans: list[Span]) -> Scrubbed:
    """Replaces spans, the earliest and then the longest winning where they overlap."""
    counts: Counter[str] = Counter()
    pieces: list[str] = []
    cursor = 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end <= cursor:
            continue
        if start < cursor:  # overlaps the previous span: extend it
            pieces[-1:] = [pieces[-1]]
            cursor = end
            continue
        pieces += [text[cursor:start], PLACEHOLDER[kind]]
        counts[kind] += 1
        cursor = end
    pieces.append(text[cursor:])
    out = _REPEATED_NAME.sub("[NAME]", "".join(pieces))  # "Jane Doe" known by parts becomes one placeholder
    return Scrubbed(out, {k: v for k, v in counts.items() if v})


_REPEATED_NAME = re.compile(r"\[NAME\](?:[\s,^]{1,4}\[NAME\]){1,20}")
_ORDINARY_WORDS = frozenset(
    "abdomen anonymous anonymized brain chest ct head kidney left liver lung mr mri no none pancreas patient "
    "phantom right spleen test unknown yes".split()
)


def _worth_scrubbing(value: str) -> bool:
    """Header values too short or too ordinary to scrub from a question without breaking it."""
    value = value.strip()
    if len(value) < 3 or value.lower() in _ORDINARY_WORDS:
        return False
    return not (value.isdigit() and len(value) < 5)


def withheld_fields(case: Case) -> list[str]:
    """The free-text fields of a scrubbed case that were withheld for their length."""
    marker = WITHHELD.format(limit=MAX_TEXT_CHARS)
    texts = {"question": case.question, "history": case.context.history}
    texts |= {f"choice {k}": v for k, v in (case.choices or {}).items()}
    texts |= {f"lab {k}": v for k, v in case.context.labs.items() if isinstance(v, str)}
    return [name for name, text in texts.items() if text == marker or name.endswith(marker)]


def pseudonym(value: str, kind: str, salt: str = "clinorch") -> str:
    """A short keyed hash standing for an identifier (`kind` keeps patient and study keys apart).

    Low-entropy identifiers (record numbers) can be recovered from an unsalted hash by trying
    them all, so pseudonyms stay inside the artifact store; evidence never shows them.
    """
    digest = hashlib.sha256(f"{salt}\x00{kind}\x00{value}".encode()).hexdigest()
    return f"{kind}-{digest[:16]}"


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
        if len(text) > MAX_TEXT_CHARS:
            counts["withheld"] += 1
            return WITHHELD.format(limit=MAX_TEXT_CHARS)
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


_KEY_SEPARATORS = re.compile(r"[_\-.+/\\]+")
_SERIAL = re.compile(r"(?<![\d])0{3,}\d*")
"""A zero-padded serial (``BDMAP_00000001``, ``case_0003``) numbers a data set's cases; no record number."""


_OWN_KEY = re.compile(r"(?:case|file|study|series)-[0-9a-f]{10,16}")


def key_identifies(key: str) -> bool:
    """Whether a caller's key (a case id, a file or folder name) holds an identifier: a record number,
    a date, a phone, an e-mail or a person's name, found by the same scrubber as the free text once
    the key's separators are spaces (``Smith_John_MRN1234567``, ``case06_ACC90817260``). A key clinorch
    made itself (``case-1d298c3663``: a hash of an image path; a pseudonym) holds none."""
    if _OWN_KEY.fullmatch(key):
        return False
    whole = _SERIAL.sub("0", key).strip()  # an e-mail or a URL, with its dots
    words = _SERIAL.sub("0", _KEY_SEPARATORS.sub(" ", key)).strip()
    words = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d{5})", " ", words)  # "JohnSmith", "MRN1234567"
    return bool(words) and (names_someone(words) or names_someone(whole))


def shareable_key(key: str, kind: str = "case") -> str:
    """`key` itself, or, when it holds an identifier (`key_identifies`), a pseudonym that is the same
    on every run (``case-3f2a9c1e0b7d``), so outputs named by it are found again (batch resumes)."""
    if not key_identifies(key):
        return key
    return f"{kind}-" + hashlib.sha256(f"clinorch\x00{kind}\x00{key}".encode()).hexdigest()[:12]


def shareable_path(path: str) -> str:
    """A case file's path with each folder or file name that holds an identifier replaced by its
    pseudonym (its suffix kept): ``cases/case10/file-1c0e….json``."""
    parts = re.split(r"([/\\])", path)
    out = []
    for part in parts:
        stem, dot, suffix = part.partition(".") if not part.startswith(".") else (part, "", "")
        out.append(part if part in ("/", "\\", "") else shareable_key(stem, "file") + dot + suffix)
    return "".join(out)
