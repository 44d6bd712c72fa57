"""The DeepTumorVQA tool set, backed by clinorch's segmentation, measurement and knowledge.

Same names and argument schemas as the benchmark's harness, so an agent written for the
benchmark runs on clinorch's tools unchanged:

    segment_organ(target)                     voxel count, volume and bounding box of a mask
    measure(target, measurement_type)         volume_cm3 | mean_hu | max_diameter_mm | lesion_count |
                                              largest_lesion_volume_cm3 | largest_lesion_diameter_cm
    lookup_medical_knowledge(query)           {"results": [{"text", "source"}]} from knowledge/
    crop_organ(organ)                         base64 PNG of the axial slice where the organ is largest
    list_available_crops()                    organ names crop_organ accepts for this image

Every call also takes `image_id` (the harness adds it). Three ways in: `DeepTumorVQATools.call`
(a dispatcher for any ReAct loop, with `openai_schemas()`), `langchain_tools()` (StructuredTool),
and MCP (`benchmarks.mcp_server`). Misuse by the caller (an unknown target, image or type)
comes back as a structured result with what is available, never as an exception.
"""

from __future__ import annotations

import base64
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from core.config import Config

MeasurementType = Literal["volume_cm3", "mean_hu", "max_diameter_mm", "lesion_count", "largest_lesion_volume_cm3",
                          "largest_lesion_diameter_cm"]
MEASUREMENT_TYPES: tuple[str, ...] = get_args(MeasurementType)
Mode = Literal["oracle", "predicted", "vision"]
TOOL_NAMES = ("segment_organ", "measure", "lookup_medical_knowledge", "crop_organ", "list_available_crops")
MODE_TOOLS: dict[str, tuple[str, ...]] = {
    "oracle": ("segment_organ", "measure", "lookup_medical_knowledge"),
    "predicted": ("segment_organ", "measure", "lookup_medical_knowledge"),
    "vision": ("crop_organ", "list_available_crops", "lookup_medical_knowledge"),
}
"""Which tools the harness offers in each agent mode."""

ALIASES = {
    "left_kidney": "kidney_left", "right_kidney": "kidney_right", "gallbladder": "gall_bladder",
    "ivc": "postcava", "inferior_vena_cava": "postcava", "vena_cava": "postcava", "pancreatic": "pancreas",
    "pancreatic_tumor": "pancreas_tumor", "liver_tumour": "liver_tumor", "kidney_tumour": "kidney_tumor",
    "hepatic": "liver", "renal_cyst": "kidney_cyst", "renal_tumor": "kidney_tumor", "colon_lesion": "colon_tumor",
}
LESION_OF = {"liver_tumor": "liver_lesion", "kidney_tumor": "kidney_lesion", "kidney_cyst": "kidney_lesion",
             "pancreas_tumor": "pancreas_lesion", "colon_tumor": "colon_lesion"}
GROUP_OF_ORGAN = {"liver": "liver_lesion", "pancreas": "pancreas_lesion", "kidney_left": "kidney_lesion",
                  "kidney_right": "kidney_lesion", "colon": "colon_lesion"}
_UNITS = {"volume_cm3": "cm3", "mean_hu": "HU", "max_diameter_mm": "mm", "lesion_count": "count",
          "largest_lesion_volume_cm3": "cm3", "largest_lesion_diameter_cm": "cm"}

_DESCRIPTIONS = {
    "segment_organ": "Segment an organ or lesion on the patient's CT. Returns whether the mask was found, its voxel "
                     "count, volume and bounding box. Targets use AbdomenAtlas names (liver, spleen, kidney_left, "
                     "kidney_right, pancreas, liver_tumor, kidney_cyst, pancreas_tumor, liver_segment_1..8, ...).",
    "measure": "Measure a segmented organ or lesion. measurement_type is one of volume_cm3, mean_hu, max_diameter_mm, "
               "lesion_count, largest_lesion_volume_cm3, largest_lesion_diameter_cm.",
    "lookup_medical_knowledge": "Look up clinical criteria, thresholds and reference values (e.g. 'splenomegaly "
                                "grading', 'L/S ratio threshold'). Returns the best passages with their source.",
    "crop_organ": "Return an axial CT slice (window 400/50) cropped around an organ, as a base64 PNG. Accepts the "
                  "names from list_available_crops, lesion names (mapped to their organ) and 'a_b' combinations.",
    "list_available_crops": "List the organ names crop_organ can show for this image.",
}
_PARAMETERS: dict[str, dict[str, Any]] = {
    "segment_organ": {"type": "object", "properties": {"target": {
        "type": "string", "description": "Organ or lesion (e.g. 'liver', 'kidney_left', 'liver_tumor')."}},
        "required": ["target"]},
    "measure": {"type": "object", "properties": {
        "target": {"type": "string"},
        "measurement_type": {"type": "string", "enum": list(MEASUREMENT_TYPES)}},
        "required": ["target", "measurement_type"]},
    "lookup_medical_knowledge": {"type": "object", "properties": {"query": {
        "type": "string", "description": "A specific medical query (e.g. 'splenomegaly grading')."}},
        "required": ["query"]},
    "crop_organ": {"type": "object", "properties": {"organ": {
        "type": "string", "description": "Organ ('liver', 'left_kidney', 'pancreas'...) or a combination "
                                         "('liver_spleen')."}}, "required": ["organ"]},
    "list_available_crops": {"type": "object", "properties": {}, "required": []},
}


def openai_schemas(mode: Mode | None = None) -> list[dict[str, Any]]:
    """OpenAI function-calling schemas of the tools (those of `mode`, or all five)."""
    names = MODE_TOOLS[mode] if mode else TOOL_NAMES
    return [{"type": "function", "function": {"name": n, "description": _DESCRIPTIONS[n],
                                              "parameters": _PARAMETERS[n]}} for n in names]


def canonical_target(target: str) -> str:
    """AbdomenAtlas name of a target as agents write it ("Left Kidney" -> kidney_left)."""
    name = "_".join(str(target).strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


class DeepTumorVQATools:
    """The five tools over an AbdomenAtlas data folder, computed by clinorch and cached per image.

    Args:
        data_dir: `DIR/<image_id>/ct.nii.gz` (+ `segmentations/`) or a benchmark root
            (`DIR/benchmark/ct/<image_id>/`).
        mode: `oracle` measures the provided masks; `predicted` segments with the configured
            segmenter first (`Config.segmenter`); `vision` only changes which tools are offered.
        config: clinorch configuration (segmenter, knowledge profile, retrieval mode).
        max_images: How many images' measurements to keep in memory.
    """

    def __init__(self, data_dir: str | Path, mode: Mode = "oracle", config: Config | None = None,
                 max_images: int = 16) -> None:
        if mode not in get_args(Mode):
            raise ValueError(f"mode={mode!r}: expected one of {get_args(Mode)}")
        self.data_dir = Path(data_dir)
        self.mode = mode
        self.config = config or Config()
        self._entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._max_images = max_images
        self._lock = threading.Lock()
        self._retriever: Any = None
        self._backends: dict[str, Any] = {}

    # -- dispatcher -------------------------------------------------------------------------

    def schemas(self) -> list[dict[str, Any]]:
        """OpenAI schemas of the tools this mode offers."""
        return openai_schemas(self.mode)

    def call(self, name: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Runs one tool call; misuse (unknown tool, missing or unknown argument) is a structured error."""
        args = dict(arguments or {})
        functions: dict[str, Callable[..., dict[str, Any]]] = {
            "segment_organ": self.segment_organ, "measure": self.measure,
            "lookup_medical_knowledge": self.lookup_medical_knowledge, "crop_organ": self.crop_organ,
            "list_available_crops": self.list_available_crops}
        if name not in functions:
            return {"error": f"unknown tool {name!r}", "available_tools": list(TOOL_NAMES)}
        required = ["image_id"] * (name != "lookup_medical_knowledge") + _PARAMETERS[name]["required"]
        if name == "measure" and "measurement_type" not in args and "measurement" in args:
            args["measurement_type"] = args.pop("measurement")
        missing = [key for key in required if not args.get(key)]
        if missing:
            return {"error": f"{name} needs {missing!r}", "required": required}
        allowed = set(_PARAMETERS[name]["properties"]) | {"image_id"}
        return functions[name](**{k: v for k, v in args.items() if k in allowed})

    # -- the tools ----------------------------------------------------------------------------

    def segment_organ(self, image_id: str, target: str) -> dict[str, Any]:
        """Voxel count, volume and bounding box of a mask; or `mask_found: false` with the available targets."""
        entry = self.entry(image_id)
        if "error" in entry:
            return {"mask_found": False, **entry}
        name = canonical_target(target)
        result = entry["segment"].get(name)
        if result is None:
            return {"mask_found": False, "target": target,
                    "error": f"no segmentation of {target!r} on image {image_id!r}",
                    "available_targets": sorted(entry["segment"])}
        return result

    def measure(self, image_id: str, target: str, measurement_type: str) -> dict[str, Any]:
        """One measurement of a target, with value, unit and the evidence id it comes from."""
        entry = self.entry(image_id)
        if "error" in entry:
            return entry
        if measurement_type not in MEASUREMENT_TYPES:
            return {"error": f"unknown measurement_type {measurement_type!r}",
                    "available_measurement_types": list(MEASUREMENT_TYPES)}
        name = canonical_target(target)
        by_type = entry["measure"].get(name)
        if by_type is None:
            return {"error": f"no measurement of {target!r} on image {image_id!r}",
                    "available_targets": sorted(entry["measure"])}
        result = by_type.get(measurement_type)
        if result is None:
            return {"error": f"{measurement_type!r} does not apply to {target!r}",
                    "available_measurement_types": sorted(by_type)}
        return result

    def lookup_medical_knowledge(self, query: str, image_id: str | None = None) -> dict[str, Any]:
        """The best passages of the knowledge base for a query, with their sources."""
        hits = self._knowledge().search(str(query), k=2)
        if not hits:
            return {"results": [{"text": "No relevant medical knowledge found.", "source": "N/A"}]}
        return {"results": [{"text": h.text, "source": h.source, "id": h.id, "title": h.title} for h in hits]}

    def crop_organ(self, image_id: str, organ: str) -> dict[str, Any]:
        """An organ-focused axial slice as base64 PNG (window width 400, level 50)."""
        from benchmarks.crops import crop_png, crop_targets
        from imaging.volume import ImageReadError

        case = self._case_dir(image_id)
        if case is None:
            return self._unknown_image(image_id)
        targets = crop_targets(case)
        parts = _crop_parts(organ, targets)
        if not parts:
            return {"error": f"no crop for organ {organ!r} on image {image_id!r}",
                    "available_organs": sorted(targets)}
        try:
            png = crop_png(case, [targets[p] for p in parts])
        except ImageReadError as exc:
            return _unreadable(image_id, exc)
        return {"image_base64": base64.b64encode(png).decode(), "organ_queried": organ,
                "organ_localized": "_".join(parts), "note": "Axial slice where the organ is largest, window 400/50."}

    def list_available_crops(self, image_id: str) -> dict[str, Any]:
        """Organ names `crop_organ` can show for this image."""
        from benchmarks.crops import crop_targets

        case = self._case_dir(image_id)
        if case is None:
            return self._unknown_image(image_id)
        return {"image_id": image_id, "available_organs": sorted(crop_targets(case))}

    # -- per-image measurements ----------------------------------------------------------------

    def entry(self, image_id: str) -> dict[str, Any]:
        """The tool-cache entry of an image (`{"segment": ..., "measure": ...}`), computed once.

        An image or mask file that cannot be read gives `{"error": reason, "unreadable": True}` (never an
        exception): the calling agent, the MCP client and `export-tool-cache` see which file and why.
        """
        with self._lock:
            if image_id in self._entries:
                self._entries.move_to_end(image_id)
                return self._entries[image_id]
        case = self._case_dir(image_id)
        if case is None:
            return self._unknown_image(image_id)
        from benchmarks.toolcache import image_entry
        from imaging.volume import ImageReadError

        try:
            entry = image_entry(case, self.mode, self.config, self._backends)
        except ImageReadError as exc:  # corrupt input is the data's problem, said as such; not cached (it may be fixed)
            return _unreadable(image_id, exc)
        with self._lock:
            self._entries[image_id] = entry
            while len(self._entries) > self._max_images:
                self._entries.popitem(last=False)
        return entry

    def image_ids(self) -> list[str]:
        """Image ids with a CT under the data folder."""
        roots = [self.data_dir, self.data_dir / "benchmark" / "ct"]
        return sorted({p.parent.name for root in roots if root.is_dir() for p in root.glob("*/ct.nii.gz")})

    def _case_dir(self, image_id: str) -> Path | None:
        from benchmarks.records import case_dir

        if not image_id or "/" in image_id or image_id.startswith("."):
            return None
        folder = case_dir(self.data_dir, image_id)
        return folder if (folder / "ct.nii.gz").exists() else None

    def _unknown_image(self, image_id: str) -> dict[str, Any]:
        return {"error": f"no CT for image_id {image_id!r} under {str(self.data_dir)!r}",
                "available_images": self.image_ids()[:50]}

    def _knowledge(self) -> Any:
        if self._retriever is None:
            from knowledge import load_base
            from retrieval import Retriever

            base = load_base(profile=self.config.knowledge_profile)
            self._retriever = Retriever(base, mode=self.config.retrieval_mode, cache_dir=self.config.cache_dir)
        return self._retriever


def _unreadable(image_id: str, exc: Exception) -> dict[str, Any]:
    return {"error": f"image {image_id!r} not read: {exc}", "image_id": image_id, "unreadable": True}


def _crop_parts(organ: str, targets: dict[str, Any]) -> list[str]:
    """Crop names making up a request: the name itself, an alias, a lesion's organ, or `a_b` parts."""
    name = canonical_target(organ)
    lesion_organ = {"liver_tumor": "liver", "kidney_tumor": "kidney", "kidney_cyst": "kidney",
                    "pancreas_tumor": "pancreas", "colon_tumor": "colon", "hepatic_vessel_tumor": "liver"}
    for candidate in (name, lesion_organ.get(name, "")):
        if candidate in targets:
            return [candidate]
    words = name.split("_")
    parts, i = [], 0
    while i < len(words):  # greedy: the longest known name first ("left_kidney_spleen")
        for j in range(len(words), i, -1):
            piece = canonical_target("_".join(words[i:j]))
            if piece in targets:
                parts.append(piece)
                i = j
                break
        else:
            return []
    return parts


def langchain_tools(tools: DeepTumorVQATools) -> list[Any]:
    """The tools of `tools.mode` as LangChain `StructuredTool`s (they take `image_id` explicitly)."""
    from langchain_core.tools import StructuredTool
    from pydantic import BaseModel, Field, create_model

    def model(name: str) -> type[BaseModel]:
        optional = name == "lookup_medical_knowledge"
        fields: dict[str, Any] = {"image_id": (str | None if optional else str, Field(
            None if optional else ..., description="Image id, e.g. BDMAP_00000001."))}
        for key in _PARAMETERS[name]["properties"]:
            kind: Any = MeasurementType if key == "measurement_type" else str
            fields[key] = (kind, Field(..., description=_PARAMETERS[name]["properties"][key].get("description", key)))
        return create_model(f"{name}_args", **fields)

    def runner(name: str) -> Callable[..., dict[str, Any]]:
        def run(**kwargs: Any) -> dict[str, Any]:
            return tools.call(name, {k: v for k, v in kwargs.items() if v is not None})

        return run

    return [StructuredTool.from_function(func=runner(n), name=n, description=_DESCRIPTIONS[n], args_schema=model(n))
            for n in MODE_TOOLS[tools.mode]]


def png_bytes(array: np.ndarray) -> bytes:
    """A 2D uint8 array as PNG bytes."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()
