"""Per-lesion contrasts: one liver may hold hypo- and hyperattenuating lesions; a pancreatic tumour's contrast is asked.

Varied over seeds, contrasts of either sign and the pancreatic tumour's sign; the written CT (noise off) carries
each lesion at its organ's HU plus its own contrast, whichever order the diameters were given in.
"""

from __future__ import annotations

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from synthetic.phantom import PhantomSpec, make_phantom


def _load(path):
    return np.asarray(nib.as_closest_canonical(nib.load(path)).dataobj)


@pytest.mark.parametrize(("seed", "diameters", "contrasts", "pancreas_contrast"), [
    (3, (14.0, 24.0), (-35.0, 40.0), -25.0), (4, (22.0, 12.0, 16.0), (30.0, -15.0, -50.0), 35.0)])
def test_each_lesion_is_drawn_at_its_own_contrast(tmp_path, seed, diameters, contrasts, pancreas_contrast) -> None:
    spec = PhantomSpec(seed=seed, noise_hu=0.0, liver_lesions=len(diameters), liver_lesion_diameters_mm=diameters,
                       liver_lesion_contrasts_hu=contrasts, pancreatic_tumor_mm=20.0,
                       pancreatic_tumor_contrast_hu=pancreas_contrast)
    make_phantom(tmp_path, spec)
    ct = _load(tmp_path / "ct.nii.gz").astype(float)
    seg = tmp_path / "segmentations"
    liver, lesions = _load(seg / "liver.nii.gz") > 0, _load(seg / "liver_tumor.nii.gz") > 0
    level = float(np.median(ct[liver & ~lesions]))
    labels, n = ndimage.label(lesions, structure=np.ones((3, 3, 3)))
    assert n == len(diameters)
    drawn = sorted(float(np.median(ct[labels == k])) - level for k in range(1, n + 1))
    assert drawn == pytest.approx(sorted(contrasts), abs=1.0)
    pancreas, tumour = _load(seg / "pancreas.nii.gz") > 0, _load(seg / "pancreas_tumor.nii.gz") > 0
    assert float(np.median(ct[tumour])) - float(np.median(ct[pancreas & ~tumour])) == pytest.approx(pancreas_contrast,
                                                                                                      abs=1.0)


def test_contrasts_must_match_the_lesion_count() -> None:
    with pytest.raises(ValueError, match="liver_lesion_contrasts_hu"):
        PhantomSpec(liver_lesions=2, liver_lesion_contrasts_hu=(-20.0,))
