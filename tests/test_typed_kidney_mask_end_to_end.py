"""A kidney lesion a provided `kidney_tumor` mask holds is no cyst, whatever its attenuation, when the `kidney_cyst`
mask is missing (suite AP, incomplete masks, session 39: a fat-containing tumour of -30 HU in `kidney_tumor` was typed
"cyst" by the solid-or-cyst cut-off of 34.8 HU, and "Do you see a cyst in either kidney?" answered yes). Two rules: the
configured segmenter filling the missing `kidney_cyst` drops the lesions the provided masks already hold
(`agents.segmentation.without_provided_lesions`: it had written the same tumour again as a cyst, counted twice), and a
lesion the provided tumour mask holds is not typed a cyst by its attenuation (`typed_lesions._all_in_other_kind`).

Through `orchestrator.run` with the real agents: a phantom without kidney lesions gets one low-attenuation tumour
painted into the `kidney_tumor` mask (side, size and attenuation varied), its `kidney_cyst` mask removed. The cyst
question must not be answered yes (the cyst mask is unknown: abstain); with the cyst mask provided empty, it is no.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.painted_lesions import interior_points, paint
from tests.phantom_inputs import run_case


@pytest.fixture(scope="module")
def clean_kidneys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("typed") / "BDMAP_00000009"
    make_phantom(out, PhantomSpec(seed=11, kidney_lesion="none"))
    return out


@pytest.mark.parametrize(("side", "radius_mm", "contrast_hu"), [("left", 11.0, -200.0), ("right", 8.0, -160.0),
                                                                  ("left", 14.0, -180.0)])
def test_a_tumour_mask_lesion_is_no_cyst(clean_kidneys: Path, tmp_path: Path, side: str, radius_mm: float,
                                         contrast_hu: float) -> None:
    import shutil

    case = Path(shutil.copytree(clean_kidneys, tmp_path / "case"))
    interior = interior_points(case, f"kidney_{side}", depth_vox=4)
    paint(case, "kidney_tumor", f"kidney_{side}", [interior[len(interior) // 2]], [radius_mm], [], contrast_hu=contrast_hu)
    (case / "segmentations" / "kidney_cyst.nii.gz").unlink()
    images = [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]
    choices = {"A": "No", "B": "Yes"}
    result = run_case({"images": images, "question": "Do you see a cyst in either kidney?", "choices": choices})
    assert not (result.status == "answered" and result.answer_detail.choice == "B"), result.answer_detail.text  # type: ignore[union-attr]
    tumour = run_case({"images": images, "question": "Is there a kidney tumour?", "choices": choices})
    assert tumour.status == "answered" and tumour.answer_detail.choice == "B", (tumour.answer, tumour.reasons)  # type: ignore[union-attr]
