"""Varied organ-level examples (session 14, answers14b): organ-to-organ contact, either/or criteria, tiny values.

Each example is a phantom from the project's generator (side, orientation, spacing, obliquity varied) with provided
masks, a question in one of several wordings and options built here. The expected option is computed from the
written files by brute force (voxel index sets and scanner millimetres with `cKDTree`), never by the measurement
code. `EXAMPLES` is split by index: even ones are the tuning half (tests), odd ones the held-back half (scored once
before and once after the change, `python -m tests.organ_examples OUT.json`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
from scipy.spatial import cKDTree

WORDS = {"liver": "Liver", "spleen": "Spleen", "stomach": "Stomach", "kidney_left": "Left kidney",
         "kidney_right": "Right kidney", "aorta": "Aorta", "postcava": "Inferior vena cava",
         "gall_bladder": "Gallbladder", "pancreas": "Pancreas"}
LOWER = {"liver": "liver", "spleen": "spleen", "stomach": "stomach", "kidney_left": "left kidney",
         "kidney_right": "right kidney", "pancreas": "pancreas", "gall_bladder": "gallbladder", "aorta": "aorta",
         "postcava": "inferior vena cava"}
PHANTOMS = {  # name -> generator spec (randomised anatomy: organs touch with no fat plane)
    "p1": {"seed": 3, "randomise": True, "liver_lesions": 0, "spacing": (2.0, 2.0, 5.0), "orientation": "LPS"},
    "p2": {"seed": 7, "randomise": True, "liver_lesions": 0, "spacing": (1.6, 1.6, 3.0), "orientation": "RAS"},
    "p3": {"seed": 11, "randomise": True, "liver_lesions": 0, "spacing": (2.4, 2.4, 4.0), "orientation": "PIR"},
    "p4": {"seed": 5, "randomise": True, "liver_lesions": 0, "spacing": (2.0, 2.0, 4.0), "orientation": "LPS",
           "oblique_deg": 8.0},
    "p5": {"seed": 21, "randomise": True, "liver_lesions": 0, "spacing": (1.8, 1.8, 2.5), "shape": (110, 90, 48), "orientation": "LAS",
           "fatty_liver": True},
}
CONTACT_WORDINGS = (
    "Which structure is in direct contact with the {organ} (no separating voxel)?",
    "Which of the following organs touches the {organ}?",
    "Which of these structures abuts the {organ} directly?",
    "Which structure borders the {organ}, with no voxel between them?",
    "Which organ is in contact with the {organ} (contact = within {mm} mm)?",
    "Which of the listed structures is up against the {organ}?",
)
GRADE_WORDINGS = (
    "What hepatic steatosis grade applies (worst grade met by either the liver HU or the liver/spleen ratio criterion)?",
    "Grade the hepatic steatosis, taking the worse of the liver attenuation and the L/S ratio criteria.",
    "Which steatosis grade does this liver reach by either the absolute liver HU or the liver-to-spleen ratio?",
    "What is the grade of hepatic steatosis (both the liver HU and the L/S criterion considered, worst one counts)?",
)
GRADE_BANDS = {"hu": (39.0, 51.0, 58.0), "ls": (0.5, 0.8, 1.0)}
"""Kodama 2007 grade cut-offs as this project's knowledge base states them (the test's own copy: G3 below the first)."""


@dataclass(frozen=True)
class Example:
    phantom: str
    question: str
    choices: dict[str, str]
    expected: str
    kind: str


def make(folder: Path, name: str) -> Path:
    """The phantom `name` written under `folder` (once)."""
    from synthetic.phantom import PhantomSpec, make_phantom

    out = folder / name
    if not (out / "ct.nii.gz").exists():
        make_phantom(out, PhantomSpec(**PHANTOMS[name]))
    return out


def _mask(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Voxel indices of a stored mask and their scanner positions (mm)."""
    image = nib.load(path)
    ijk = np.argwhere(np.asarray(image.dataobj) > 0)
    return ijk, ijk @ image.affine[:3, :3].T + image.affine[:3, 3]


def contact_truth(case: Path, organ: str) -> tuple[set[str], dict[str, float]]:
    """Structures sharing a 26-neighbourhood with `organ` in the stored grid, and each one's shortest distance (mm)."""
    own_ijk, own_mm = _mask(case / "segmentations" / f"{organ}.nii.gz")
    tree_ijk, tree_mm = cKDTree(own_ijk), cKDTree(own_mm)
    touching, distance = set(), {}
    for name in WORDS:
        path = case / "segmentations" / f"{name}.nii.gz"
        if name == organ or not path.exists():
            continue
        ijk, mm = _mask(path)
        if not len(ijk):
            continue
        if tree_ijk.query(ijk, p=np.inf, distance_upper_bound=1.5)[0].min() <= 1.0:
            touching.add(name)
        distance[name] = float(tree_mm.query(mm)[0].min())
    return touching, distance


def contact_examples(folder: Path) -> list[Example]:
    out, n = [], 0
    for name in PHANTOMS:
        case = make(folder, name)
        spacing = max(PHANTOMS[name]["spacing"])  # type: ignore[arg-type]
        for organ in ("kidney_left", "kidney_right", "spleen", "gall_bladder", "pancreas", "stomach", "liver"):
            touching, distance = contact_truth(case, organ)
            wording = CONTACT_WORDINGS[n % len(CONTACT_WORDINGS)]
            mm = round(spacing + 0.5, 1)
            near = {s for s, d in distance.items() if d <= mm} if "{mm}" in wording else touching
            far = sorted((s for s, d in distance.items() if d > 20.0 and s not in near), key=distance.__getitem__)
            if not near or len(far) < 3:
                continue
            n += 1
            pick = sorted(near, key=distance.__getitem__)[0]
            options = [pick, *far[-3:]]
            order = [options[i] for i in ((n + k) % 4 for k in range(4))]
            choices = {letter: WORDS[s] for letter, s in zip("ABCD", order, strict=True)}
            question = wording.format(organ=LOWER[organ], mm=f"{mm:g}")
            out.append(Example(name, question, choices, next(k for k, v in choices.items() if v == WORDS[pick]),
                               "contact"))
    return out


def _grade(value: float, cuts: tuple[float, float, float]) -> int:
    return 3 if value < cuts[0] else 2 if value < cuts[1] else 1 if value < cuts[2] else 0


def _mean_hu(case: Path, organ: str) -> float:
    ct = np.asarray(nib.load(case / "ct.nii.gz").dataobj, dtype=float)
    mask = np.asarray(nib.load(case / "segmentations" / f"{organ}.nii.gz").dataobj) > 0
    from scipy import ndimage

    core = ndimage.binary_erosion(mask)  # away from the boundary, as any organ mean is read
    return float(ct[core].mean())


def grade_examples(folder: Path) -> list[Example]:
    out = []
    for n, name in enumerate(PHANTOMS):
        case = make(folder, name)
        liver, spleen = _mean_hu(case, "liver"), _mean_hu(case, "spleen")
        ratio = liver / spleen
        if min(abs(liver - c) for c in GRADE_BANDS["hu"]) < 3 or min(abs(ratio - c) for c in GRADE_BANDS["ls"]) < 0.04:
            continue  # too near a cut-off for an independent mean to be sure
        grade = max(_grade(liver, GRADE_BANDS["hu"]), _grade(ratio, GRADE_BANDS["ls"]))
        order = [(grade + n + k) % 4 for k in range(4)]
        choices = {letter: f"Grade {g}" for letter, g in zip("ABCD", order, strict=True)}
        out.append(Example(name, GRADE_WORDINGS[n % len(GRADE_WORDINGS)], choices,
                           next(k for k, v in choices.items() if v == f"Grade {grade}"), "grade"))
    return out


TINY = {  # name -> spec of a phantom with one small lesion (a burden far below 0.1 %)
    "t1": ({"seed": 4, "liver_lesions": 1, "liver_lesion_diameters_mm": (6.0,), "spacing": (1.5, 1.5, 2.0),
            "shape": (128, 100, 60), "orientation": "RAS"}, "liver", "liver_tumor"),
    "t2": ({"seed": 9, "liver_lesions": 1, "liver_lesion_diameters_mm": (7.0,), "spacing": (2.0, 2.0, 2.5),
            "shape": (96, 72, 48), "orientation": "LPS", "oblique_deg": 6.0}, "liver", "liver_tumor"),
    "t3": ({"seed": 13, "liver_lesions": 1, "liver_lesion_diameters_mm": (5.0,), "spacing": (1.2, 1.2, 2.0),
            "shape": (150, 116, 60), "orientation": "PIR"}, "liver", "liver_tumor"),
    "t4": ({"seed": 17, "liver_lesions": 1, "liver_lesion_diameters_mm": (8.0,), "spacing": (1.6, 1.6, 1.6),
            "shape": (112, 88, 75), "orientation": "LAS"}, "liver", "liver_tumor"),
}
BURDEN_WORDINGS = ("What percentage of the {organ} volume is occupied by lesions (total lesion volume / {organ} volume)?",
                   "Tumour burden of the {organ}, as a percentage of its volume?")


def burden_examples(folder: Path) -> list[Example]:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = []
    for n, (name, (spec, organ, lesion)) in enumerate(TINY.items()):
        case = folder / name
        if not (case / "ct.nii.gz").exists():
            make_phantom(case, PhantomSpec(**spec))
        lesion_voxels = int(np.count_nonzero(np.asarray(nib.load(case / "segmentations" / f"{lesion}.nii.gz").dataobj)))
        organ_voxels = int(np.count_nonzero(np.asarray(nib.load(case / "segmentations" / f"{organ}.nii.gz").dataobj)))
        if not lesion_voxels:
            continue
        pct = 100.0 * lesion_voxels / organ_voxels
        values = [pct * f for f in (1.0, 0.55, 1.6, 2.4)]  # distractors 45 % below to 140 % above
        order = [values[(n + k) % 4] for k in range(4)]
        choices = {letter: f"{v:.3g}%" for letter, v in zip("ABCD", order, strict=True)}
        out.append(Example(name, BURDEN_WORDINGS[n % 2].format(organ=organ), choices,
                           next(k for k, v in choices.items() if v == f"{pct:.3g}%"), "tiny burden"))
    return out


def examples(folder: Path) -> list[Example]:
    return [*contact_examples(folder), *grade_examples(folder), *burden_examples(folder)]


def run(example: Example, folder: Path) -> tuple[str, str | None, str]:
    import orchestrator

    case = folder / example.phantom
    make(folder, example.phantom) if example.phantom in PHANTOMS else None
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    result = orchestrator.run({"case_id": "organ-example", "images": [image], "question": example.question,
                               "choices": example.choices})
    return result.status, result.answer, (result.answer_detail.text if result.answer_detail else "; ".join(result.reasons))


if __name__ == "__main__":  # python -m tests.organ_examples OUT.json [FOLDER]
    where = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/organ_examples")
    rows = []
    for i, ex in enumerate(examples(where)):
        status, answer, text = run(ex, where)
        rows.append({"i": i, "half": "tune" if i % 2 == 0 else "held", "kind": ex.kind, "phantom": ex.phantom,
                     "question": ex.question, "expected": ex.expected, "status": status, "answer": answer,
                     "text": text[:300]})
        print(json.dumps(rows[-1]), flush=True)
    Path(sys.argv[1]).write_text(json.dumps(rows, indent=1))
