"""NCCN resectability from the angle a pancreatic tumour reaches around the SMA, the celiac trunk and the SMV/portal
vein (`agents.measures.vessels`), through the real agents (`orchestrator.run`) on the project's phantoms.

Suite Z (an independent generator, session 23) abstained on every "resectability of the pancreatic tumor" question:
no contact angle was measured, though its masks held the vessels. Here a vessel (a straight tube along the body's
long axis, 7 mm across) is painted into each case at a chosen place: through the tumour (encased: 360 degrees), at
its edge (partly in contact) or 15 mm away (none), and the tumour mask is cut where the vessel runs. The truth of each
arrangement is read from the painted voxels' geometry by construction, never from clinorch.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from agents.measures.geometry import instances
from agents.measures.vessels import contact_angle
from tests.phantom_inputs import run_case

CHOICES = {"A": "Resectable", "B": "Borderline resectable", "C": "Locally advanced (unresectable)"}


def _tube(tumour: np.ndarray, zooms: np.ndarray, place: str, radius_mm: float = 3.5) -> np.ndarray:
    """A tube along the k axis (canonical RAS here: inferior-superior) through the tumour's centre ("encased"), at its
    edge ("edge": the tube's centre on the tumour's boundary, half its wall against the tumour), 15 mm outside it
    ("away") or 60 mm ("far": beyond the 40 mm a lesion's neighbours are sought in), over the slices the tumour spans
    (+- 10 mm)."""
    ks = np.flatnonzero(tumour.any(axis=(0, 1)))
    k_mid = int(ks[len(ks) // 2])
    plane = tumour[:, :, k_mid]
    cells = np.argwhere(plane) * zooms[:2]
    centre = cells.mean(axis=0)
    if place == "encased":
        at = centre
    else:
        far = np.max(np.linalg.norm(cells - centre, axis=1))  # the tumour's extent from its centre, along i
        gap = {"away": 15.0 + radius_mm, "far": 60.0 + radius_mm}.get(place, 0.0)
        at = centre + np.array([far + gap, 0.0])
        if place == "far" and not 0 <= at[0] / zooms[0] < tumour.shape[0]:
            at = centre - np.array([far + gap, 0.0])  # the other side when the image ends first
    i, j = np.meshgrid(np.arange(tumour.shape[0]) * zooms[0], np.arange(tumour.shape[1]) * zooms[1], indexing="ij")
    disc = np.hypot(i - at[0], j - at[1]) <= radius_mm
    reach = int(np.ceil(10.0 / zooms[2]))
    tube = np.zeros(tumour.shape, dtype=bool)
    tube[:, :, max(ks[0] - reach, 0):ks[-1] + reach + 1] = disc[:, :, None]
    return tube


def _vessel_case(tmp_path: Path, seed: int, orientation: str, spacing: tuple[float, float, float], sma: str,
                 portal: str) -> tuple[Path, dict[str, bool]]:
    """A phantom with a 26 mm pancreatic tumour and an SMA, a portal/splenic vein and a celiac trunk painted where
    `sma` and `portal` say (`_tube`; the celiac 15 mm away), the tumour and pancreas masks cut where they run; returns
    the case folder and whether each vessel touches the tumour (`_contact_truth`)."""
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / "case"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, spacing=spacing, pancreatic_tumor_mm=26.0,
                                   liver_lesions=0))
    seg = case / "segmentations"
    reference = nib.load(str(seg / "pancreas_tumor.nii.gz"))
    canonical = nib.as_closest_canonical(reference)
    zooms = np.array(canonical.header.get_zooms()[:3], dtype=float)
    tumour = np.asarray(canonical.dataobj) > 0
    tubes = {"superior_mesenteric_artery": _tube(tumour, zooms, sma),
             "portal_vein_and_splenic_vein": _tube(tumour, zooms, portal, radius_mm=4.5),
             "celiac_trunk": _tube(tumour, zooms, "away", radius_mm=3.0)}
    for tube in tubes.values():
        tumour &= ~tube  # the vessel runs through, not inside, the tumour
    for name, tube in tubes.items():
        _save(canonical, reference, seg / f"{name}.nii.gz", tube)
    _save(canonical, reference, seg / "pancreas_tumor.nii.gz", tumour)
    own = np.asarray(nib.as_closest_canonical(nib.load(str(seg / "pancreas.nii.gz"))).dataobj) > 0
    _save(canonical, reference, seg / "pancreas.nii.gz", (own | tumour) & ~np.any(list(tubes.values()), axis=0))
    return case, _contact_truth(tumour, tubes, zooms)


@pytest.mark.parametrize(("seed", "orientation", "spacing"), [(5, "RAS", (1.5, 1.5, 3.0)), (7, "LPS", (1.5, 1.5, 3.0))])
@pytest.mark.parametrize(("sma", "portal", "expected"), [
    ("away", "away", "A"),        # no contact: resectable
    ("away", "encased", "B"),     # venous contact beyond 180 degrees: borderline
    ("edge", "away", "B"),        # arterial contact of about half the circumference, under 180: borderline
    ("encased", "away", "C"),     # arterial encasement: unresectable
])
def test_resectability_from_the_vessel_contact_angle(tmp_path: Path, seed: int, orientation: str,
                                                     spacing: tuple[float, float, float], sma: str, portal: str,
                                                     expected: str) -> None:
    case, near = _vessel_case(tmp_path, seed, orientation, spacing, sma, portal)
    seg = case / "segmentations"
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(seg)}],
                       "question": "What is the resectability status of the pancreatic tumor based on vascular "
                                   "involvement?", "choices": CHOICES})
    assert result.answer == expected, (near, result.reasons, result.answer_detail)
    assert result.review is not None and result.review.consistent
    cited = {e.name for e in result.evidence if e.id in (result.answer_detail.evidence_ids or [])}  # type: ignore[union-attr]
    deciding = {"sma_contact_deg", "celiac_contact_deg", "smv_pv_contact_deg"} if expected == "A" else \
        {"sma_contact_deg" if sma != "away" else "smv_pv_contact_deg"}  # resectable rests on every vessel
    assert deciding <= cited, cited


def test_an_unmeasured_vessel_leaves_resectability_open(tmp_path: Path) -> None:
    """Without a celiac trunk mask the tumour's contact with it is unknown: no "resectable" on two of three vessels."""
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / "case"
    make_phantom(case, PhantomSpec(seed=5, spacing=(1.5, 1.5, 3.0), pancreatic_tumor_mm=26.0, liver_lesions=0))
    seg = case / "segmentations"
    reference = nib.load(str(seg / "pancreas_tumor.nii.gz"))
    zooms = np.array(reference.header.get_zooms()[:3], dtype=float)
    tumour = np.asarray(reference.dataobj) > 0
    for name, radius in (("superior_mesenteric_artery", 3.5), ("portal_vein_and_splenic_vein", 5.0)):
        _save(reference, reference, seg / f"{name}.nii.gz", _tube(tumour, zooms, "away", radius))
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(seg)}],
                       "question": "What is the resectability status of the pancreatic tumor based on vascular "
                                   "involvement?", "choices": CHOICES})
    assert result.status == "abstained" and "celiac" in " ".join(result.reasons), result.reasons


def _contact_truth(tumour: np.ndarray, tubes: dict[str, np.ndarray], zooms: np.ndarray) -> dict[str, bool]:
    """Whether each tube touches the tumour at all (face-adjacent voxels): the arrangement's truth, by construction."""
    grown = ndimage.binary_dilation(tumour)
    return {name: bool((grown & tube).any()) for name, tube in tubes.items()}


def _save(canonical: nib.Nifti1Image, reference: nib.Nifti1Image, out: Path, mask: np.ndarray) -> None:
    """Writes a canonical-RAS mask back in the stored orientation of `reference`."""
    image = nib.Nifti1Image(mask.astype(np.uint8), canonical.affine)
    stored = nib.orientations.io_orientation(reference.affine)
    held = nib.orientations.io_orientation(canonical.affine)
    back = image.as_reoriented(nib.orientations.ornt_transform(held, stored))
    nib.save(nib.Nifti1Image(np.asarray(back.dataobj).astype(np.uint8), reference.affine), str(out))


@pytest.mark.parametrize("spacing", [(0.7, 0.7, 2.0), (1.5, 1.0, 3.0), (0.8, 0.8, 1.0)])
@pytest.mark.parametrize("radius", [3.0, 6.0])
@pytest.mark.parametrize("theta", [0, 45, 90, 180, 270, 360])
def test_the_contact_angle_of_a_painted_sector(spacing: tuple[float, float, float], radius: float, theta: int) -> None:
    """A lesion painted as a ring sector of `theta` degrees against a vessel's wall: the angle measured is `theta`
    within the arc one voxel spans at the vessel's radius (plus one ray step on each side)."""
    shape = (120, 120, 20)
    i, j = np.meshgrid(np.arange(shape[0]) * spacing[0], np.arange(shape[1]) * spacing[1], indexing="ij")
    centre = (61.3 * spacing[0], 59.6 * spacing[1])
    r = np.hypot(i - centre[0], j - centre[1])
    angle = (np.degrees(np.arctan2(j - centre[1], i - centre[0])) + 17.0) % 360.0
    vessel = np.zeros(shape, dtype=bool)
    vessel[...] = (r <= radius)[..., None]
    ring = (r > radius) & (r <= radius + 10.0)
    sector = ring & (angle < theta) if theta < 360 else ring
    if theta == 0:
        sector = (r > radius + 3.0) & (r <= radius + 10.0)  # a lesion 3 mm from the wall: no contact
    lesion = np.zeros(shape, dtype=bool)
    lesion[:, :, 5:15] = sector[..., None]
    contact = contact_angle(instances(lesion)[0], vessel, spacing, "superior_mesenteric_artery")
    tolerance = np.degrees(max(spacing[:2]) / radius) + 2.0
    assert contact.degrees == pytest.approx(theta, abs=tolerance), contact
    assert (contact.slice_k is None) == (theta == 0)


STATED_KINDS = {"A": "Borderline resectable (venous contact)", "B": "Resectable",
                "C": "Not applicable (no pancreatic tumour)", "D": "Unresectable (arterial involvement)"}


@pytest.mark.parametrize(("seed", "orientation"), [(5, "RAS"), (7, "LPS")])
@pytest.mark.parametrize(("sma", "portal", "stated", "nccn"), [
    ("away", "edge", "A", "B"),        # venous contact under 180 deg: the options' "(venous contact)"; DeepTumorVQA's
    # rule (dtvqa-pancreatic-resectability) borderline, where NCCN's degrees would keep it resectable
    ("far", "away", "B", "A"),         # the SMA beyond the distance search's reach (60 mm): known, not touching
    ("away", "away", "B", "A"),        # no contact: resectable either way
    ("edge", "away", "D", "B"),        # arterial contact under 180 deg: "(arterial involvement)"; NCCN borderline
])
def test_options_defining_categories_by_the_kind_of_contact(tmp_path: Path, seed: int, orientation: str, sma: str,
                                                            portal: str, stated: str, nccn: str) -> None:
    """Options that define each category by the kind of vessel contact ("Borderline resectable (venous contact)",
    "Unresectable (arterial involvement)") state the rule: any contact of that kind decides, not NCCN's degrees
    (suite AA answered "Resectable" for a tumour against the portal vein, 2 wrong letters). Plain options keep NCCN."""
    case, _ = _vessel_case(tmp_path, seed, orientation, (1.5, 1.5, 3.0), sma, portal)
    seg = case / "segmentations"
    question = ("Considering contact of the pancreatic tumour with the SMA/celiac axis and the portal-splenic venous "
                "system, how would you classify its resectability?")
    images = [{"path": str(case / "ct.nii.gz"), "masks": str(seg)}]
    by_kinds = run_case({"images": images, "question": question, "choices": STATED_KINDS})
    assert by_kinds.answer == stated, (by_kinds.reasons, by_kinds.answer_detail)
    assert by_kinds.review is not None and by_kinds.review.consistent
    by_nccn = run_case({"images": images, "question": "What is the resectability status of the pancreatic tumor?",
                        "choices": CHOICES})
    assert by_nccn.answer == nccn, (by_nccn.reasons, by_nccn.answer_detail)
