"""Which software, configuration and input files produced a result: what a paper's reviewer asks.

`CaseResult.provenance` is a `RunProvenance`; the benchmark's report.json carries the same
software and configuration fields. It holds no absolute path (images are named by their case
tokens, `<image 0>`; a model path by its folder name) and no secret (an API key is never
copied), so a result can be shared as it is. It holds no clock time either: the same case,
the same build and the same configuration give the same provenance, byte for byte.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class InputDigest(BaseModel):
    """The SHA-256 of one input image (and of its provided masks), so a result is tied to its files.

    A single file is hashed as its bytes (`sha256sum FILE`). A folder (a DICOM series, a
    segmentations/ folder) is hashed as the `sha256sum` listing of its files sorted by relative
    path, which `(cd DIR && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum)
    | sha256sum` reproduces.
    """

    model_config = ConfigDict(extra="forbid")

    image: str
    """The image's token in the result (`<image 0>`), never its path."""
    role: Literal["current", "prior"] = "current"
    kind: Literal["file", "folder"]
    files: int
    """How many files were hashed (1 for a file)."""
    sha256: str
    masks_sha256: str | None = None
    """The provided masks (file or folder, hashed the same way); None when the case brought none."""


class RunProvenance(BaseModel):
    """The build, the configuration and the inputs of one run."""

    model_config = ConfigDict(extra="forbid")

    software: str = "clinorch"
    version: str
    """The package version (`clinorch.__version__`, as in pyproject.toml)."""
    git_commit: str | None = None
    """The commit of the source tree when clinorch runs from a git checkout; None for an installed copy."""
    git_dirty: bool | None = None
    """Whether tracked files differed from that commit (results then come from uncommitted code)."""
    python: str
    backends: dict[str, str] = Field(default_factory=dict)
    """Which backend served each capability, and its model (`{"reasoner": "transformers", "reasoner_model":
    "Qwen2.5-VL-7B-Instruct", "segmenter": "classical", ...}`)."""
    config: dict[str, Any] = Field(default_factory=dict)
    """The run's `core.config.Config` without what never changes a result (checkpoint, caches), with paths
    shortened to their last part and secrets left out."""
    config_sha256: str
    """SHA-256 of that shareable configuration as canonical JSON (sorted keys)."""
    inputs: list[InputDigest] = Field(default_factory=list)
