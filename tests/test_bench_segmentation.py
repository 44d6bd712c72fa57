"""scripts/bench_segmentation.py: Dice, lesion recall and false lesions are scored from the files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import Segmentation, get_segmenter
from imaging.volume import LabelMap

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench_segmentation.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_segmentation", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_masks_score_perfectly(bench, phantom_dir: Path) -> None:
    row = bench.score_case(phantom_dir, get_segmenter("provided", source=str(phantom_dir / "segmentations")))
    assert set(row["dice"]) == set(bench.ORGANS) and all(v == 1.0 for v in row["dice"].values())
    assert row["lesions_ge_10mm"] >= 3 and row["lesions_found"] == row["lesions_ge_10mm"] and row["false_lesions"] == 0


def test_missing_organs_and_invented_lesions_are_counted(bench, phantom_dir: Path) -> None:
    class Inventor:
        name = "inventor"

        def segment(self, image, structures=None):
            blob = np.zeros(image.array.shape, dtype=bool)
            blob[:3, :3, :3] = True  # a corner of air: no reference lesion is there
            return Segmentation({"liver_tumor": LabelMap(array=blob, affine=image.affine, spacing=image.spacing,
                                                         name="liver_tumor")}, self.name)

    row = bench.score_case(phantom_dir, Inventor())
    assert all(v == 0.0 for v in row["dice"].values())
    assert row["lesions_found"] == 0 and row["false_lesions"] == 1
    totals = bench.summary([row])
    assert totals["lesion_recall_ge_10mm"] == 0.0 and totals["false_lesions_all_cases"] == 1
    assert totals["false_lesions_on_lesion_free_cases"] == 0  # the phantom has lesions


def test_a_found_cyst_of_a_layout_that_keeps_cysts_apart_is_no_false_lesion(bench, phantom_dir: Path,
                                                                            tmp_path: Path) -> None:
    """DeepTumorVQA's layout keeps liver cysts in `liver_cyst` (`liver_lesion` = tumour and cyst), not `liver_tumor`."""
    import shutil

    import nibabel as nib

    case = tmp_path / phantom_dir.name
    shutil.copytree(phantom_dir, case)
    ct = nib.load(str(case / "ct.nii.gz"))
    cyst = np.zeros(ct.shape, dtype=np.uint8)
    centre = np.array(ct.shape) // 2
    cyst[tuple(slice(c - 8, c + 8) for c in centre)] = 1  # 16 voxels wide: at least 10 mm at any phantom spacing
    nib.save(nib.Nifti1Image(cyst, ct.affine), str(case / "segmentations" / "liver_cyst.nii.gz"))

    class CystFinder:
        name = "cyst_finder"

        def segment(self, image, structures=None):
            return Segmentation({"liver_tumor": LabelMap(array=cyst.astype(bool), affine=image.affine,
                                                         spacing=image.spacing, name="liver_tumor")}, self.name)

    row = bench.score_case(case, CystFinder())
    assert row["false_lesions"] == 0 and row["lesions_found"] >= 1
