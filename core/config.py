"""Run configuration: which backend serves each capability, and the bounds of the graph."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Config(BaseModel):
    """Everything a run can be told; defaults are the embedded CPU backends."""

    model_config = ConfigDict(extra="forbid")

    segmenter: str = "classical"
    """Segmentation backend when the case provides no masks (`classical`, `monai`, ...)."""
    use_provided_masks: bool = True
    """Use masks that come with the case (oracle) instead of segmenting."""
    segmenter_options: dict[str, Any] = Field(default_factory=dict)
    measure_resample_mm: float | None = None
    """Measure on an isotropic grid of this size (DeepTumorVQA's reference uses 1.0); None = native grid."""
    withhold_incomplete_sizes: bool = True
    """An organ touching the edge of the field of view is incomplete: its volume is withheld (a lower bound).
    False measures it as given (a benchmark whose reference volumes come from cut masks)."""
    reasoner: str = "guideline"
    """Reasoner backend: `guideline`, `transformers`, `openai`."""
    reasoner_options: dict[str, Any] = Field(default_factory=dict)
    max_review_rounds: int = 2
    """How many times the reviewer may send the case back before abstaining."""
    knowledge_profile: str = "deeptumorvqa"
    """Which source's thresholds apply where sources disagree."""
    knowledge_dirs: list[str] = Field(default_factory=list)
    """Folders of the user's own Markdown/YAML criteria added to the base."""
    retrieval_mode: Literal["hybrid", "dense", "sparse"] = "hybrid"
    top_k: int = 3
    max_image_bytes: int = 4 * 1024**3
    """Files larger than this are refused before they are read."""
    checkpoint: str | None = None
    """SQLite file for checkpoints (thread id = case id, bound to the case's content); None keeps none."""
    keep_checkpoint: bool = False
    """Keep a finished case's checkpoints and artifacts (by default only its result stays in the file)."""
    store_dir: str | None = None
    """Folder for the artifact store; None keeps artifacts in memory."""
    cache_dir: str | None = None
    """Folder for caches (retrieval index); default ~/.cache/clinorch."""
    use_subtype_hint: bool = False
    """Benchmarks: allow the record's subtype label as a planning hint."""
