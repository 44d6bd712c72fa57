"""Reading the base: the shipped YAML entries plus a user's own Markdown/YAML documents.

A YAML file holds one entry, a list of entries, or a mapping with an `entries:` list. A
Markdown file holds one entry: YAML front-matter between `---` lines, the body as `text`
(and its first `# heading` as `title` when the front-matter has none).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.entry import KnowledgeEntry
from knowledge.errors import DuplicateEntryError, EntryFormatError, UnknownProfileError

DEFAULT_PROFILE = "deeptumorvqa"
ALL_PROFILES = "all"
FALLBACK_PROFILES = ("guideline", "deeptumorvqa")
"""Within a topic the chosen profile does not cover, these profiles answer, in this order."""
SUFFIXES = (".yaml", ".yml", ".md", ".markdown")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class KnowledgeBase:
    """The entries in force for one profile, in a stable order."""

    entries: tuple[KnowledgeEntry, ...]
    profile: str = DEFAULT_PROFILE
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Entry id -> file it was read from."""

    def __iter__(self) -> Iterator[KnowledgeEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return any(e.id == entry_id for e in self.entries)

    def get(self, entry_id: str) -> KnowledgeEntry:
        """The entry with this id; raises KeyError naming the id."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(f"no entry {entry_id!r} in the {self.profile!r} base")

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    @property
    def content_hash(self) -> str:
        """SHA-256 of the entries' canonical JSON: any change to any entry changes it."""
        digest = hashlib.sha256()
        for entry in self.entries:
            digest.update(json.dumps(entry.model_dump(mode="json"), sort_keys=True).encode())
        return digest.hexdigest()


def load_base(
    profile: str = DEFAULT_PROFILE, extra_dirs: Iterable[str | Path] = (), include_builtin: bool = True
) -> KnowledgeBase:
    """Loads the shipped entries plus the documents under `extra_dirs`, for one profile.

    Args:
        profile: rule set to apply where sources disagree (`deeptumorvqa`, `radgpt`, a user's own),
            or `all` for every entry.
        extra_dirs: folders of the user's own `.yaml`/`.yml`/`.md` documents (searched recursively).
        include_builtin: False loads only `extra_dirs`.

    Raises:
        EntryFormatError: a document does not parse or does not follow the schema.
        DuplicateEntryError: two documents declare the same id.
        UnknownProfileError: no entry declares `profile`.
    """
    loaded: list[tuple[KnowledgeEntry, str]] = []
    if include_builtin:
        loaded += _builtin_entries()
    for folder in extra_dirs:
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise EntryFormatError(f"knowledge folder {str(path)!r} does not exist or is not a folder")
        loaded += load_folder(path)
    origins: dict[str, str] = {}
    for entry, origin in loaded:
        if entry.id in origins:
            raise DuplicateEntryError(f"entry id {entry.id!r} is declared in {origins[entry.id]!r} and {origin!r}")
        origins[entry.id] = origin
    entries = select_profile([e for e, _ in loaded], profile)
    return KnowledgeBase(entries=tuple(entries), profile=profile, origins=origins)


@functools.lru_cache(maxsize=8)
def shared_base(profile: str = DEFAULT_PROFILE, extra_dirs: tuple[str, ...] = ()) -> KnowledgeBase:
    """`load_base(profile, extra_dirs)`, loaded once per process and shared by every caller.

    The one cache of the knowledge base: the capability resolver builds `Context.knowledge`
    from it, and code that works outside a run (`review_result`, the DeepTumorVQA adapter)
    reads it here. A user's folder edited while the process runs is not re-read.
    """
    return load_base(profile=profile, extra_dirs=extra_dirs)


@functools.cache
def _builtin_entries() -> tuple[tuple[KnowledgeEntry, str], ...]:
    # Package data does not change while the process runs; entries are immutable.
    return tuple(load_folder(builtin_dir()))


def builtin_dir() -> Path:
    """The folder of the shipped entries (package data)."""
    return Path(str(resources.files("knowledge") / "entries"))


def profiles(entries: Iterable[KnowledgeEntry]) -> list[str]:
    """Profiles declared by the entries, sorted."""
    return sorted({e.profile for e in entries})


def select_profile(entries: Sequence[KnowledgeEntry], profile: str) -> list[KnowledgeEntry]:
    """Keeps entries without a topic, and per topic the chosen profile's version (or a fallback's)."""
    if profile == ALL_PROFILES:
        return list(entries)
    known = sorted({*profiles(entries), DEFAULT_PROFILE, *FALLBACK_PROFILES})
    if profile not in known:
        raise UnknownProfileError(f"profile {profile!r} is declared by no entry; known: {[*known, ALL_PROFILES]!r}")
    by_topic: dict[str, set[str]] = {}
    for entry in entries:
        if entry.topic:
            by_topic.setdefault(entry.topic, set()).add(entry.profile)
    chosen: dict[str, str] = {}
    for topic, present in by_topic.items():
        order = [profile, *FALLBACK_PROFILES, *sorted(present)]
        chosen[topic] = next(p for p in order if p in present)
    return [e for e in entries if e.topic is None or chosen[e.topic] == e.profile]


def load_folder(folder: Path) -> list[tuple[KnowledgeEntry, str]]:
    """Every entry in the documents under `folder`, with the file each came from."""
    out: list[tuple[KnowledgeEntry, str]] = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()):
        out += [(entry, str(path)) for entry in load_document(path)]
    return out


def load_document(path: Path) -> list[KnowledgeEntry]:
    """The entries of one YAML or Markdown document."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise EntryFormatError(f"cannot read {str(path)!r}: {err}") from err
    records = _markdown_record(raw, path) if path.suffix.lower() in (".md", ".markdown") else _yaml_records(raw, path)
    entries = []
    for i, record in enumerate(records):
        try:
            entries.append(KnowledgeEntry.model_validate(record))
        except ValidationError as err:
            name = record.get("id", f"#{i}") if isinstance(record, dict) else f"#{i}"
            raise EntryFormatError(f"{str(path)!r}, entry {name!r}: {err}") from err
    return entries


def _yaml_records(raw: str, path: Path) -> list[Any]:
    try:
        data = yaml.load(raw, Loader=_YAML_LOADER)  # a safe loader, C-accelerated when available
    except yaml.YAMLError as err:
        raise EntryFormatError(f"{str(path)!r} is not valid YAML: {err}") from err
    if data is None:
        return []
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise EntryFormatError(f"{str(path)!r} holds {type(data).__name__}, expected an entry or a list of entries")


def _markdown_record(raw: str, path: Path) -> list[Any]:
    lines = raw.splitlines()
    if not lines or lines[0].strip() != "---":
        raise EntryFormatError(f"{str(path)!r} has no YAML front-matter (a first line '---')")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise EntryFormatError(f"{str(path)!r}: front-matter is not closed by a '---' line") from None
    meta = _yaml_records("\n".join(lines[1:end]), path)
    if len(meta) != 1 or not isinstance(meta[0], dict):
        raise EntryFormatError(f"{str(path)!r}: front-matter must be one mapping")
    record = dict(meta[0])
    body = [ln for ln in lines[end + 1 :]]
    if "title" not in record:
        heading = next((ln for ln in body if ln.startswith("# ")), None)
        if heading is not None:
            record["title"] = heading[2:].strip()
            body.remove(heading)
    record.setdefault("id", path.stem.lower().replace("_", "-").replace(" ", "-"))
    record.setdefault("text", "\n".join(body).strip())
    return [record]
