"""`make_suite`: a synthetic DeepTumorVQA suite, in the benchmark's release layout, from phantoms.

    OUT/benchmark/test_qa.json                    question records ({"questions": [...]})
    OUT/benchmark/ct/<image_id>/ct.nii.gz         AbdomenAtlas case folders (masks in segmentations/,
    OUT/benchmark/ct/<image_id>/segmentations/    reference measurements in ground_truth.json)
    OUT/tool_cache/benchmark_oracle_tool_cache.json   optional: the harness's oracle tool cache
    OUT/suite.json                                how it was made: seed, case designs, template split

Case designs cycle through a fixed list that together make every one of the 42 subtypes answerable
and each answer class occur (lesion or none, every spleen grade, steatosis grades, PDAC / PNET,
cyst / solid / hyperattenuating kidney masses, T1-T3). A few designs need values the phantom does not
draw (a hyperattenuating pancreatic tumour, a graded liver, a colon tumour): the suite re-paints the
written CT inside the named masks, or adds a mask, and re-measures with
`synthetic.phantom.reference_measurements` so the ground truth always comes from the files.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from scipy import ndimage

from benchmarks.answers import Extras, Item, all_items
from benchmarks.questions import choose_template, load_templates, render, requires_tools
from benchmarks.records import QuestionRecord, format_mc_question, write_records
from benchmarks.subtypes import STAGE_OF
from synthetic.phantom import (
    LESION_GROUPS,
    LESION_MASKS,
    LIVER_SEGMENTS,
    ORGANS,
    PANCREAS_PARTS,
    PhantomSpec,
    make_phantom,
    reference_measurements,
)

ADJACENCY_MM = 5.0
"""An organ is adjacent to a lesion when one of its voxel centres lies within this distance of a lesion
voxel centre: the measurement agent's definition (`agents.measures.DEFAULT_ADJACENCY_MM`)."""
ADJACENCY_MARGIN_MM = 0.5
"""`adjacent organ` is asked only when no organ lies within this margin of the adjacency distance."""
QA_FILE = Path("benchmark") / "test_qa.json"
CT_DIR = Path("benchmark") / "ct"
ORACLE_CACHE = Path("tool_cache") / "benchmark_oracle_tool_cache.json"


@dataclass(frozen=True)
class Design:
    """One kind of case: phantom fields, CT re-paints (mask -> target mean HU) and an optional colon tumour."""

    name: str
    spec: dict[str, Any]
    repaint: dict[str, float] = field(default_factory=dict)
    """`liver_tumor`, `pancreas_tumor`, `kidney_*`: set the lesion's mean HU; `liver`, `pancreas`: the
    organ's mean HU outside its lesions; `+pancreas_tumor`: HU above the pancreas mean."""
    colon_tumor_mm: float | None = None


DESIGNS: tuple[Design, ...] = (
    Design("liver metastases with an outlier, renal cyst, small PDAC",
           {"liver_lesions": 3, "liver_lesion_diameters_mm": (32.0, 14.0, 12.0), "kidney_lesion": "cyst",
            "pancreatic_tumor_mm": 18.0}),
    Design("fatty liver, mild splenomegaly, solid renal mass, PNET, colon tumour",
           {"fatty_liver": True, "splenomegaly": "mild", "liver_lesions": 2, "kidney_lesion": "solid",
            "kidney_lesion_side": "left", "kidney_lesion_diameter_mm": 30.0, "pancreatic_tumor_mm": 28.0},
           repaint={"+pancreas_tumor": 35.0}, colon_tumor_mm=22.0),
    Design("moderate splenomegaly, pancreatic steatosis, clean liver, colon tumour",
           {"splenomegaly": "moderate", "liver_lesions": 0, "pancreatic_steatosis": True}, colon_tumor_mm=18.0),
    Design("severe splenomegaly, mild steatosis, hyperattenuating renal mass, large pancreatic tumour",
           {"splenomegaly": "severe", "liver_lesions": 4, "liver_lesion_diameters_mm": (26.0, 22.0, 18.0, 14.0),
            "kidney_lesion": "solid", "kidney_lesion_diameter_mm": 34.0, "pancreatic_tumor_mm": 41.0},
           repaint={"liver": 54.0, "kidney_tumor": 85.0}),
    Design("hyperattenuating liver lesion, moderate steatosis, low-density pancreatic cyst",
           {"liver_lesions": 1, "liver_lesion_hu": 100.0, "kidney_lesion": "cyst", "kidney_lesion_side": "left",
            "kidney_lesion_diameter_mm": 20.0, "pancreatic_tumor_mm": 22.0},
           repaint={"liver": 45.0, "pancreas_tumor": 5.0}),
    Design("no findings", {"liver_lesions": 0}),
    Design("multifocal liver disease, fat-containing renal lesion, small isodense pancreatic lesion, colon tumour",
           {"liver_lesions": 5, "kidney_lesion": "cyst", "kidney_lesion_diameter_mm": 24.0, "pancreatic_tumor_mm": 14.0},
           repaint={"kidney_cyst": -30.0, "+pancreas_tumor": 0.0}, colon_tumor_mm=20.0),
    Design("mild splenomegaly, near-isodense liver lesions",
           {"splenomegaly": "mild", "liver_lesions": 2, "liver_lesion_hu": 60.0}),
)


@dataclass
class SuiteSummary:
    """What `make_suite` wrote."""

    root: Path
    questions: Path
    n_cases: int
    n_questions: int
    subtypes: dict[str, int]
    heldout_questions: int
    skipped: list[str] = field(default_factory=list)
    """Designs that could not be drawn at this size, with the reason (a smaller variant was used)."""


def make_suite(out: str | Path, n_cases: int = 8, seed: int = 0, per_subtype: int = 1,
               heldout_share: float | None = None, spec_overrides: dict[str, Any] | None = None,
               tool_cache: bool = True) -> SuiteSummary:
    """Writes a synthetic suite and returns what it holds.

    Args:
        out: Root folder (created), laid out like the benchmark's release root.
        n_cases: Number of phantom cases; designs cycle, the seed changes per case.
        seed: Seeds the phantoms, the question sampling, the phrasing and the option order.
        per_subtype: Questions per (case, subtype), at most; each asks about a different target.
        heldout_share: Probability of drawing a held-out template (None: uniform over all templates).
        spec_overrides: PhantomSpec fields applied to every case (e.g. `{"full_size": True}`).
        tool_cache: Also write the harness's oracle tool cache from the masks.
    """
    root = Path(out)
    rng = np.random.default_rng(seed)
    records: list[QuestionRecord] = []
    skipped: list[str] = []
    designs_used = []
    for n in range(n_cases):
        design = DESIGNS[n % len(DESIGNS)]
        image_id = f"SYNTH_{n + 1:08d}"
        folder = root / CT_DIR / image_id
        truth, note = _draw_case(folder, design, seed * 1000 + n, spec_overrides or {})
        if note:
            skipped.append(f"{image_id}: {note}")
        designs_used.append({"image_id": image_id, "design": design.name})
        records.extend(_questions(image_id, truth, _extras(folder), rng, per_subtype, heldout_share, len(records)))
    qa = root / QA_FILE
    write_records(qa, records, source="clinorch make-suite", seed=seed)
    split = {st: {"seen": [t.id for t in ts if not t.heldout], "heldout": [t.id for t in ts if t.heldout]}
             for st, ts in load_templates().items()}
    (root / "suite.json").write_text(json.dumps({
        "seed": seed, "n_cases": n_cases, "per_subtype": per_subtype, "heldout_share": heldout_share,
        "cases": designs_used, "skipped": skipped, "templates": split}, indent=1) + "\n")
    if tool_cache:
        from benchmarks.toolcache import oracle_cache_from_truth

        cache_path = root / ORACLE_CACHE
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache = {r["image_id"]: oracle_cache_from_truth(root / CT_DIR / r["image_id"]) for r in designs_used}
        cache_path.write_text(json.dumps({"cache": cache, "source": "clinorch reference measurements"}) + "\n")
    counts = Counter(r.question_subtype for r in records)
    return SuiteSummary(root=root, questions=qa, n_cases=n_cases, n_questions=len(records), subtypes=dict(counts),
                        heldout_questions=sum(bool(r.model_extra and r.model_extra.get("template_heldout"))
                                              for r in records), skipped=skipped)


# -- drawing a case ---------------------------------------------------------------------------------

def _draw_case(folder: Path, design: Design, seed: int, overrides: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Draws the design (shrinking a lesion that does not fit), re-paints, adds the colon mask, re-measures."""
    fields = {**design.spec, **overrides, "seed": seed}
    note = ""
    for _ in range(8):
        try:
            make_phantom(folder, PhantomSpec(**fields))
            break
        except ValueError as exc:
            shrunk = _shrink(fields)
            if shrunk is None:
                raise
            note = f"{design.name!r}: {exc}; drew {shrunk}"
    else:
        raise ValueError(f"design {design.name!r} does not fit a {fields.get('shape', 'default')!r} phantom")
    ct_path = folder / "ct.nii.gz"
    ct_img = nib.load(ct_path)
    ct = np.asarray(ct_img.dataobj).astype(np.int16)
    masks = {p.name.removesuffix(".nii.gz"): p for p in (folder / "segmentations").glob("*.nii.gz")}
    rng = np.random.default_rng(seed)
    for target, hu in design.repaint.items():
        _repaint(ct, masks, target, hu)
    colon = np.zeros(ct.shape, dtype=np.uint8)
    if design.colon_tumor_mm:
        colon = _colon_tumor(ct, masks, ct_img.header.get_zooms()[:3], design.colon_tumor_mm, rng)
    template = nib.load(masks["liver"])
    _save_like(colon, template, folder / "segmentations" / "colon_tumor.nii.gz")
    _save_like(ct, ct_img, ct_path)
    truth = {"schema": "clinorch.phantom.ground_truth/1", "spec": {**fields, "design": design.name,
             "repaint": design.repaint, "colon_tumor_mm": design.colon_tumor_mm}, **reference_measurements(folder)}
    (folder / "ground_truth.json").write_text(json.dumps(truth, indent=1, allow_nan=False) + "\n")
    return truth, note


def _shrink(fields: dict[str, Any]) -> str | None:
    """Makes the largest requested lesion 15 % smaller; None when there is nothing left to shrink."""
    options = [(k, fields[k]) for k in ("pancreatic_tumor_mm", "kidney_lesion_diameter_mm") if fields.get(k)]
    if fields.get("liver_lesion_diameters_mm"):
        options.append(("liver_lesion_diameters_mm", max(fields["liver_lesion_diameters_mm"])))
    if not options:
        return None
    key, _ = max(options, key=lambda kv: kv[1])
    if key == "liver_lesion_diameters_mm":
        fields[key] = tuple(round(d * 0.85, 1) for d in fields[key])
    else:
        fields[key] = round(fields[key] * 0.85, 1)
    return f"{key}={fields[key]!r}"


def _mask(masks: dict[str, Path], name: str) -> np.ndarray:
    return np.asarray(nib.load(masks[name]).dataobj) > 0 if name in masks else np.zeros((0,), dtype=bool)


def _repaint(ct: np.ndarray, masks: dict[str, Path], target: str, hu: float) -> None:
    """Shifts the CT inside a mask so that its mean becomes `hu` (texture and noise kept)."""
    relative = target.startswith("+")
    name = target.lstrip("+")
    region = _mask(masks, name)
    if region.size == 0 or not region.any():
        return
    if name in ORGANS:
        for lesion in LESION_MASKS:
            lesion_mask = _mask(masks, lesion)
            if lesion_mask.size:
                region &= ~lesion_mask
    goal = hu
    if relative:
        host = next(organs[0] for lesions, organs in LESION_GROUPS.values() if name in lesions)
        host_mask = _mask(masks, host) & ~region
        goal = float(ct[host_mask].mean()) + hu
    shift = int(round(goal - float(ct[region].mean())))
    ct[region] = np.clip(ct[region].astype(np.int32) + shift, -1024, 3071).astype(np.int16)


def _colon_tumor(ct: np.ndarray, masks: dict[str, Path], zooms: tuple[float, ...], diameter_mm: float,
                 rng: np.random.Generator) -> np.ndarray:
    """Paints a ~45 HU nodule in intra-abdominal fat, clear of every mask, and returns its mask."""
    occupied = np.zeros(ct.shape, dtype=bool)
    for path in masks.values():
        occupied |= np.asarray(nib.load(path).dataobj) > 0
    fat = (ct > -160) & (ct < -40) & ~occupied
    fat = ndimage.binary_opening(fat, iterations=1)
    clearance = ndimage.distance_transform_edt(fat, sampling=zooms)
    radius = diameter_mm / 2
    candidates = np.argwhere(clearance > radius + 3.0)
    out = np.zeros(ct.shape, dtype=np.uint8)
    if len(candidates) == 0:
        return out
    centre = candidates[int(rng.integers(len(candidates)))]
    grids = np.ogrid[tuple(slice(0, n) for n in ct.shape)]
    distance2 = sum(((g - c) * z) ** 2 for g, c, z in zip(grids, centre, zooms, strict=True))
    nodule = distance2 <= radius**2
    out[nodule] = 1
    ct[nodule] = np.clip(45 + rng.normal(0, 8, int(nodule.sum())).round(), -1024, 3071).astype(np.int16)
    return out


def _save_like(array: np.ndarray, like: Any, path: Path) -> None:
    img = nib.Nifti1Image(array, like.affine, like.header)
    img.set_data_dtype(array.dtype)
    img.header.set_slope_inter(1.0, 0.0)
    nib.save(img, path)


def _extras(folder: Path) -> Extras:
    """Colon lesion count, the one organ adjacent to each group's largest lesion, vessel contact, segment counts."""
    seg = folder / "segmentations"
    img = nib.as_closest_canonical(nib.load(seg / "liver.nii.gz"))
    zooms = tuple(float(z) for z in img.header.get_zooms()[:3])

    def load(name: str) -> np.ndarray | None:
        path = seg / f"{name}.nii.gz"
        return np.asarray(nib.as_closest_canonical(nib.load(path)).dataobj) > 0 if path.exists() else None

    colon = load("colon_tumor")
    colon_count = int(ndimage.label(colon, structure=np.ones((3, 3, 3)))[1]) if colon is not None else 0
    organs = {name: m for name in ORGANS if (m := load(name)) is not None}
    nearest: dict[str, str] = {}
    contact: dict[str, str] = {}
    for group, (lesion_names, host_names) in LESION_GROUPS.items():
        largest = _largest_component([m for n in lesion_names if (m := load(n)) is not None])
        if largest is None:
            continue
        distance = ndimage.distance_transform_edt(~largest, sampling=zooms)
        gaps = {name: float(distance[m].min()) for name, m in organs.items() if name not in host_names and m.any()}
        adjacent = [name for name, gap in gaps.items() if gap <= ADJACENCY_MM]
        near_edge = [name for name, gap in gaps.items() if abs(gap - ADJACENCY_MM) <= ADJACENCY_MARGIN_MM]
        if len(adjacent) == 1 and not near_edge:
            nearest[group] = adjacent[0]
        touching = [v for v in ("aorta", "postcava") if gaps.get(v, np.inf) <= max(zooms) * 1.01]
        if touching:
            contact[group] = touching[0]
    counts: dict[str, int] = {}
    for lesion_name, parts in (("liver_tumor", LIVER_SEGMENTS), ("pancreas_tumor", PANCREAS_PARTS)):
        lesion = load(lesion_name)
        if lesion is None:
            continue
        labels, n = ndimage.label(lesion, structure=np.ones((3, 3, 3)))
        sizes = np.bincount(labels.ravel(), minlength=n + 1)
        for part in parts:
            mask = load(part)
            if mask is None:
                continue
            inside = np.bincount(labels[mask], minlength=n + 1)
            counts[part] = int(sum(inside[k] > 0.1 * sizes[k] for k in range(1, n + 1)))
    return Extras(colon_lesion_count=colon_count, nearest_organ=nearest, vessel_contact=contact, segment_counts=counts)


def _largest_component(masks: list[np.ndarray]) -> np.ndarray | None:
    best: np.ndarray | None = None
    for mask in masks:
        labels, count = ndimage.label(mask, structure=np.ones((3, 3, 3)))
        if count == 0:
            continue
        sizes = np.bincount(labels.ravel())[1:]
        component = labels == int(np.argmax(sizes)) + 1
        if best is None or component.sum() > best.sum():
            best = component
    return best


# -- questions ------------------------------------------------------------------------------------

def _questions(image_id: str, truth: dict[str, Any], extras: Extras, rng: np.random.Generator, per_subtype: int,
               heldout_share: float | None, start: int) -> list[QuestionRecord]:
    items = all_items(truth, extras)
    by_subtype: dict[str, list[Item]] = {}
    for item in items:
        by_subtype.setdefault(item.subtype, []).append(item)
    image = truth["image"]
    spacing = "[" + " ".join(str(round(float(s), 4)) for s in image["spacing_mm"]) + "]"
    shape = "(" + ", ".join(str(n) for n in image["file_shape"]) + ")"
    sex = "M" if rng.random() < 0.5 else "F"
    age = int(rng.integers(35, 85))
    records = []
    for subtype in sorted(by_subtype):
        pool = by_subtype[subtype]
        for index in rng.permutation(len(pool))[:per_subtype]:
            item = pool[int(index)]
            template = choose_template(subtype, rng, heldout_share)
            question = render(item, template, rng, max_slice=image["shape"][2] - 1)
            records.append(QuestionRecord(
                qid=f"synth_{start + len(records):06d}", image_id=image_id, spacing=spacing, shape=shape, sex=sex,
                age=age, question=question.text, answer=question.answer,
                mc_question=format_mc_question(question.text, question.options),
                correct_option=question.correct_option, organ=item.organ, lesion=item.lesion,
                question_type=STAGE_OF[subtype], question_subtype=subtype, requires_tools=requires_tools(subtype),
                template_id=template.id, template_heldout=template.heldout,
                answer_value=None if template.negated else item.value, answer_unit=item.unit))
    return records
