"""The provenance of a run: clinorch's version and git commit, the configuration, the inputs' SHA-256.

Computed by `orchestrator.run` for every result and by the benchmark for its report, so each
figure can be tied to a build and to its files (`core.run_provenance`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

from core.case import Case
from core.config import Config
from core.run_provenance import InputDigest, RunProvenance

SOURCE_ROOT = Path(__file__).resolve().parent.parent
"""The folder that holds the packages: a git checkout's root when clinorch runs from one."""
SECRET_WORDS = ("key", "token", "secret", "password")
"""An option whose name holds one of these is never copied into a result."""
RUN_MECHANICS = ("checkpoint", "keep_checkpoint", "store_dir", "cache_dir")
"""Where a run keeps its state and caches: they never change a result, so the provenance leaves them out
(a resumed run and an uninterrupted one have the same provenance)."""
CHUNK = 1 << 20
ABSOLUTE = re.compile(r"^(?:/|~|[A-Za-z]:[\\/]|\\\\)")
"""A path from a root: `/...`, `~...`, `C:\\...`, `\\\\server\\...`."""


@functools.lru_cache(maxsize=1)
def software() -> tuple[str, str | None, bool | None]:
    """(version, git commit or None, whether tracked files differ from it or None); looked up once per process."""
    from orchestrator import __version__

    if not (SOURCE_ROOT / ".git").exists():
        return __version__, None, None
    try:
        commit = subprocess.run(["git", "-C", str(SOURCE_ROOT), "rev-parse", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        changes = subprocess.run(["git", "-C", str(SOURCE_ROOT), "status", "--porcelain", "--untracked-files=no"],
                                 capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):  # no git binary, or not a repository after all
        return __version__, None, None
    return __version__, commit or None, bool(changes)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def path_sha256(path: Path) -> tuple[str, int, bool]:
    """(SHA-256, number of files, is a folder): a file's bytes, or a folder's sorted `sha256sum` listing."""
    if not path.is_dir():
        return file_sha256(path), 1, False
    files = sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).as_posix())
    listing = "".join(f"{file_sha256(p)}  {p.relative_to(path).as_posix()}\n" for p in files)
    return hashlib.sha256(listing.encode()).hexdigest(), len(files), True


def _hashable(path: Path) -> bool:
    """A regular file or a folder; False for a missing path, a device, a pipe or a name the system refuses."""
    try:
        return path.is_file() or path.is_dir()
    except OSError:  # ENAMETOOLONG and the like: triage rejects the path and says why
        return False


def input_digests(case: Case) -> list[InputDigest]:
    """One digest per image of `case` (its real paths), named by the image's token `<image N>`."""
    digests = []
    for index, ref in enumerate(case.images):
        path = Path(ref.path)
        if not _hashable(path):
            continue  # missing, a device or a pipe (/dev/zero, a FIFO would never end): triage rejects it and says so
        sha, count, folder = path_sha256(path)
        masks = Path(ref.masks) if ref.masks else None
        digests.append(InputDigest(image=f"<image {index}>", role=ref.role, kind="folder" if folder else "file",
                                   files=count, sha256=sha,
                                   masks_sha256=path_sha256(masks)[0] if masks is not None and _hashable(masks) else None))
    return digests


def shareable_config(config: Config) -> dict[str, Any]:
    """The configuration that decides a result: no secrets, every path cut to its last part, no run mechanics."""
    data = config.model_dump(mode="json")
    for field in ("segmenter_options", "reasoner_options"):
        data[field] = {key: _short(value) for key, value in data[field].items()
                       if not any(word in key.lower() for word in SECRET_WORDS)}
    for field in RUN_MECHANICS:
        data.pop(field)
    data["knowledge_dirs"] = [_short(folder) for folder in data["knowledge_dirs"]]
    return data


def _short(value: Any) -> Any:
    """An absolute or home path (POSIX or Windows) cut to its last part; other values as they are.

    Relative paths and model names (`Qwen/Qwen2.5-VL-7B-Instruct`) and URLs stay whole: none names
    this machine's folders.
    """
    if isinstance(value, str) and ABSOLUTE.match(value):
        parts = [part for part in re.split(r"[/\\]", value) if part]
        return parts[-1] if parts else value
    return value


def backend_names(config: Config) -> dict[str, str]:
    """Which backend serves each capability, with its model where it has one."""
    names = {"segmenter": config.segmenter, "reasoner": config.reasoner,
             "masks": "provided where the case has them" if config.use_provided_masks else "segmented"}
    model = config.reasoner_options.get("model_path") or config.reasoner_options.get("model")
    if model:
        names["reasoner_model"] = str(_short(str(model)))
    for option in ("model_folder", "path", "bundle", "task"):
        if option in config.segmenter_options:
            names["segmenter_model"] = str(_short(str(config.segmenter_options[option])))
            break
    names["retrieval"] = config.retrieval_mode
    names["knowledge_profile"] = config.knowledge_profile
    return names


def run_provenance(config: Config, case: Case | None = None) -> RunProvenance:
    """The provenance of a run of `case` (its real paths, before tokens) under `config`."""
    version, commit, dirty = software()
    shared = shareable_config(config)
    canonical = json.dumps(shared, sort_keys=True, separators=(",", ":"))
    return RunProvenance(version=version, git_commit=commit, git_dirty=dirty, python=platform.python_version(),
                         backends=backend_names(config), config=shared,
                         config_sha256=hashlib.sha256(canonical.encode()).hexdigest(),
                         inputs=input_digests(case) if case is not None else [])
