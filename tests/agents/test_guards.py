"""Issue 13: never a silently wrong number. Each kind of bad input, rebuilt and varied (organ, size, offset)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from agents.measures.guards import judge, plausible_range
from agents.triage_checks.anatomy import analyse, asks_laterality, laterality_check
from agents.triage_checks.masks import compare
from agents.triage_checks.pixels import modality_check
from imaging.volume import Image, LabelMap, read_image, spacing_of

SPLEEN_GRADE = "How would you classify the splenic enlargement based on volume?"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("guards") / "base"
    make_phantom(out, PhantomSpec(seed=1, splenomegaly="moderate"))
    return out


def _canonical(path: Path) -> tuple[np.ndarray, np.ndarray]:
    img = nib.as_closest_canonical(nib.load(str(path)))
    return np.asarray(img.dataobj), img.affine


def _image(array: np.ndarray, affine: np.ndarray) -> Image:
    return Image(np.asarray(array, dtype=np.float32), affine, spacing_of(affine), meta={"has_orientation": True})


def _masks(base: Path, affine: np.ndarray, crop=(slice(None),) * 3, **replace: np.ndarray) -> dict[str, LabelMap]:
    out = {}
    for name in ("liver", "spleen", "kidney_left", "kidney_right", "pancreas"):
        array = replace.get(name, _canonical(base / "segmentations" / f"{name}.nii.gz")[0][crop])
        out[name] = LabelMap(array > 0, affine, spacing_of(affine), name)
    return out


def _save(array: np.ndarray, affine: np.ndarray, path: Path, sform: np.ndarray | None = None) -> None:
    img = nib.Nifti1Image(array, affine)
    img.set_qform(affine, code=1)
    img.set_sform(affine if sform is None else sform, code=1)
    nib.save(img, str(path))


def _run(folder: Path, question: str, image: str = "ct.nii.gz"):
    from orchestrator.api import run

    return run({"case_id": folder.name, "question": question,
                "images": [{"path": str(folder / image), "modality": "CT", "masks": str(folder / "segmentations")}]})


def _clone(base: Path, tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(base, tmp_path / name))


# -- 1. an empty mask is "not found" ----------------------------------------------------------

@pytest.mark.parametrize("organ", ["spleen", "liver", "kidney_left", "pancreas"])
def test_empty_organ_mask_is_not_found_never_zero(base: Path, organ: str) -> None:
    ct, affine = _canonical(base / "ct.nii.gz")
    verdicts = judge(_image(ct, affine), _masks(base, affine, **{organ: np.zeros(ct.shape, bool)}))
    assert [(v.structure, v.problem) for v in verdicts] == [(organ, "not_found")]


def test_empty_spleen_end_to_end_abstains_saying_not_found(base: Path, tmp_path: Path) -> None:
    case = _clone(base, tmp_path, "empty")
    mask = nib.load(str(case / "segmentations/spleen.nii.gz"))
    _save(np.zeros(mask.shape, np.uint8), mask.affine, case / "segmentations/spleen.nii.gz")
    result = _run(case, SPLEEN_GRADE)
    assert result.status == "abstained" and result.answer is None
    assert any("spleen not found" in r for r in result.reasons)
    assert "measurement:spleen:volume_ml" not in result.evidence_by_id()


# -- 2. mask geometry and content --------------------------------------------------------------

@pytest.mark.parametrize("spacing_scale", [0.5, 0.8, 1.25, 2.0])
@pytest.mark.parametrize("origin_mm", [(0, 0, 0), (30, 0, 0), (0, -12, 0), (0, 0, 25)])
def test_mask_grid_elsewhere_is_rejected_coarser_aligned_accepted(base: Path, spacing_scale: float,
                                                                 origin_mm: tuple[int, int, int]) -> None:
    img = nib.load(str(base / "ct.nii.gz"))
    wrong = img.affine.copy()
    wrong[:3, :3] *= spacing_scale
    wrong[:3, 3] += origin_mm
    assert compare(wrong, img.shape, img.affine, img.shape) != ""
    moved = img.affine.copy()
    moved[:3, 3] += origin_mm
    assert (compare(moved, img.shape, img.affine, img.shape) == "") == (origin_mm == (0, 0, 0))


@pytest.mark.parametrize("factor", [2, 4])
def test_coarser_mask_covering_the_same_region_is_accepted(base: Path, factor: int) -> None:
    img = nib.load(str(base / "ct.nii.gz"))
    coarse = img.affine.copy()
    coarse[:3, :3] *= factor
    coarse[:3, 3] += img.affine[:3, :3] @ np.full(3, (factor - 1) / 2)  # voxel edges aligned with the image's
    shape = tuple(n // factor for n in img.shape)
    assert compare(coarse, shape, img.affine, img.shape) == ""


@pytest.mark.parametrize("change", ["spacing", "origin", "transposed"])
def test_mask_with_wrong_header_is_rejected_end_to_end(base: Path, tmp_path: Path, change: str) -> None:
    case = _clone(base, tmp_path, change)
    path = case / "segmentations/spleen.nii.gz"
    mask = nib.load(str(path))
    array, affine = np.asarray(mask.dataobj), mask.affine.copy()
    if change == "spacing":
        affine[:3, :3] = np.sign(affine[:3, :3])
    elif change == "origin":
        affine[0, 3] += 30
    else:
        array = np.ascontiguousarray(array.transpose(1, 0, 2))
    _save(array, affine, path)
    result = _run(case, SPLEEN_GRADE)
    assert result.status == "rejected"
    assert any("spleen.nii.gz" in r and "where the image spans" in r for r in result.reasons)


@pytest.mark.parametrize("organ", ["spleen", "liver", "kidney_right", "pancreas"])
@pytest.mark.parametrize("shift", [(45, 0, 0), (-45, 0, 0), (0, 50, 0)])
def test_mask_content_unlike_its_organ_is_flagged(base: Path, organ: str, shift: tuple[int, int, int]) -> None:
    """The same mask moved within the grid (as a model or a bad SEG would place it) is judged by its content."""
    ct, affine = _canonical(base / "ct.nii.gz")
    mask = _canonical(base / "segmentations" / f"{organ}.nii.gz")[0] > 0
    moved = np.zeros_like(mask)
    src = tuple(slice(max(0, -s), n - max(0, s)) for s, n in zip(shift, mask.shape, strict=True))
    dst = tuple(slice(max(0, s), n - max(0, -s)) for s, n in zip(shift, mask.shape, strict=True))
    moved[dst] = mask[src]
    verdicts = [v for v in judge(_image(ct, affine), _masks(base, affine, **{organ: moved})) if v.structure == organ]
    assert verdicts and verdicts[0].problem in ("implausible", "incomplete", "not_found")
    assert not [v for v in judge(_image(ct, affine), _masks(base, affine)) if v.problem == "implausible"]


# -- 3. spacing lost ------------------------------------------------------------------------

@pytest.mark.parametrize("scale", ["identity", 0.3, 0.2, 8.0])
def test_lost_spacing_is_a_spacing_verdict(base: Path, scale) -> None:
    ct, affine = _canonical(base / "ct.nii.gz")
    wrong = np.eye(4) if scale == "identity" else np.diag([*(np.diag(affine)[:3] * scale), 1.0])
    verdicts = judge(_image(ct, wrong), _masks(base, wrong))
    assert any(v.problem == "spacing" and "cannot be trusted" in v.reason for v in verdicts)
    assert not [v for v in judge(_image(ct, affine), _masks(base, affine)) if v.problem == "spacing"]


def test_identity_affine_end_to_end_is_rejected_for_spacing(base: Path, tmp_path: Path) -> None:
    case = _clone(base, tmp_path, "identity")
    lost = np.diag([-1.0, -1.0, 1.0, 1.0])  # SimpleITK.GetImageFromArray without CopyInformation
    for path in [case / "ct.nii.gz", *(case / "segmentations").glob("*.nii.gz")]:
        _save(np.asarray(nib.load(str(path)).dataobj), lost, path)
    result = _run(case, SPLEEN_GRADE)
    assert result.status == "rejected" and result.answer is None
    assert any("spacing cannot be trusted" in r for r in result.reasons)


def test_ranges_are_cited_knowledge_entries() -> None:
    import knowledge

    for target in ("liver", "spleen", "kidney", "pancreas", "body"):
        entry = knowledge.load_base().get(f"plausible-{target if target != 'body' else 'body-width'}")
        assert entry.source.name and entry.source.year
    low, high, citation = plausible_range("liver", "volume_ml")
    assert low < 934 < high and "plausible-liver" in citation


# -- 4. organ cut by the scan range ---------------------------------------------------------

@pytest.mark.parametrize("organ", ["spleen", "liver"])
@pytest.mark.parametrize("cut", ["low", "high"])
def test_organ_touching_the_scan_edge_is_incomplete(base: Path, organ: str, cut: str) -> None:
    ct, affine = _canonical(base / "ct.nii.gz")
    mask = _canonical(base / "segmentations" / f"{organ}.nii.gz")[0] > 0
    ks = np.flatnonzero(mask.any(axis=(0, 1)))
    k = int(ks[len(ks) // 3]) if cut == "low" else int(ks[2 * len(ks) // 3])
    crop = (slice(None), slice(None), slice(k, None) if cut == "low" else slice(0, k))
    verdicts = judge(_image(ct[crop], affine), _masks(base, affine, crop))
    found = [v for v in verdicts if v.structure == organ]
    assert found and found[0].problem == "incomplete" and "lower bound" in found[0].reason
    assert found[0].withholds == "size"
    as_given = judge(_image(ct[crop], affine), _masks(base, affine, crop), withhold_incomplete=False)
    assert not [v for v in as_given if v.problem == "incomplete"]


def test_hollow_organs_are_not_judged_by_content(base: Path) -> None:
    """A stomach full of gas or oral contrast is still a stomach."""
    ct, affine = _canonical(base / "ct.nii.gz")
    stomach = _canonical(base / "segmentations/stomach.nii.gz")[0] > 0
    gas = ct.astype(np.float32)
    gas[stomach] = -1000.0
    masks = _masks(base, affine) | {"stomach": LabelMap(stomach, affine, spacing_of(affine), "stomach")}
    assert not [v for v in judge(_image(gas, affine), masks) if v.structure == "stomach"]


def test_cut_spleen_end_to_end_is_not_graded(base: Path, tmp_path: Path) -> None:
    case = _clone(base, tmp_path, "cut")
    for path in [case / "ct.nii.gz", *(case / "segmentations").glob("*.nii.gz")]:
        img = nib.load(str(path))
        affine = img.affine.copy()
        affine[:3, 3] = img.affine[:3, :3] @ [0, 0, 13] + img.affine[:3, 3]
        _save(np.asarray(img.dataobj)[:, :, 13:], affine, path)
    result = _run(case, SPLEEN_GRADE)
    assert result.status == "abstained" and result.answer is None
    assert any("incomplete" in r and "at least" in r for r in result.reasons)
    hu = _run(case, "What is the mean attenuation of the spleen in HU?")
    assert hu.status == "answered"  # attenuation does not need the whole organ


# -- 5. laterality with unconfirmed orientation -----------------------------------------------

def test_qform_sform_disagreement_refuses_laterality_only(tmp_path: Path) -> None:
    from synthetic.phantom import PhantomSpec, make_phantom

    src = tmp_path / "p2"
    make_phantom(src, PhantomSpec(seed=2, splenomegaly="severe", kidney_lesion="solid"))
    case = Path(shutil.copytree(src, tmp_path / "mirrored"))
    original = nib.load(str(src / "ct.nii.gz")).affine
    flip = np.eye(4)
    flip[0, 0], flip[0, 3] = -1, nib.load(str(src / "ct.nii.gz")).shape[0] - 1
    for path in [case / "ct.nii.gz", *(case / "segmentations").glob("*.nii.gz")]:
        data = np.asarray(nib.load(str(path)).dataobj)[::-1]
        img = nib.Nifti1Image(data, original)
        img.set_qform(original @ flip, code=1)
        img.set_sform(original, code=1)
        nib.save(img, str(path))
    result = _run(case, "Which kidney contains the tumor?")
    assert result.status == "rejected"
    assert any("qform" in r and "left" in r for r in result.reasons)
    image = read_image(case / "ct.nii.gz")
    assert image.meta["qform_sform_lr"] is True


@pytest.mark.parametrize(("task", "organs", "question", "expected"), [
    ("largest lesion location", ("kidney_left", "kidney_right"), "Which kidney contains the tumor?", True),
    ("organ volume measurement", ("kidney_left",), "What is the volume of the kidney?", True),
    ("kidney volume comparison", (), "Are the kidneys the same size?", True),
    ("organ volume measurement", ("liver",), "What is the liver volume?", False),
])
def test_laterality_questions_are_recognised(task: str, organs: tuple, question: str, expected: bool) -> None:
    assert asks_laterality(task, organs, question) is expected


@pytest.mark.parametrize("lateral", [True, False])
def test_laterality_check_blocks_only_lateral_questions(lateral: bool) -> None:
    image = _image(np.zeros((4, 4, 4)), np.eye(4))
    image.meta |= {"qform_sform": "qform (RAS) and sform (LAS) disagree", "qform_sform_lr": True}
    ev = laterality_check(image, None, lateral, "current:0", "ct")
    assert ev is not None and ev.passed is (False if lateral else None)


# -- 6. DICOM series hygiene --------------------------------------------------------------------

def _series(base: Path, folder: Path) -> None:
    from synthetic.dicom_series import write_dicom_series

    ct, affine = _canonical(base / "ct.nii.gz")
    write_dicom_series(ct.astype(np.float32), affine, folder, patient_id="P1", study="1")


@pytest.mark.parametrize("n_localizers", [1, 3])
@pytest.mark.parametrize("plane", [[1, 0, 0, 0, 0, -1], [0, 1, 0, 0, 0, -1]])
def test_localizers_are_dropped_and_said(base: Path, tmp_path: Path, n_localizers: int, plane: list[int]) -> None:
    import pydicom

    folder = tmp_path / "series"
    _series(base, folder)
    first = sorted(folder.glob("*.dcm"))[0]
    for n in range(n_localizers):
        ds = pydicom.dcmread(first)
        ds.ImageType, ds.ImageOrientationPatient, ds.ImagePositionPatient = ["ORIGINAL", "PRIMARY", "LOCALIZER"], plane, [0, 0, 0]
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(folder / f"loc{n}.dcm", enforce_file_format=True)
    image = read_image(folder)
    assert image.meta["dropped_localizers"] == n_localizers and image.array.shape[2] == 40


@pytest.mark.parametrize("offset_hu", [40, -30])
def test_two_acquisitions_are_split_and_named(base: Path, tmp_path: Path, offset_hu: int) -> None:
    import pydicom

    from imaging.volume import ImageReadError

    folder = tmp_path / "series"
    _series(base, folder)
    for f in sorted(folder.glob("*.dcm")):
        ds = pydicom.dcmread(f)
        ds.AcquisitionNumber = 1
        ds.save_as(f, enforce_file_format=True)
        ds.AcquisitionNumber = 2
        px = ds.pixel_array.astype(np.int16)
        ds.PixelData = np.where(px > -200, px + offset_hu, px).astype(np.int16).tobytes()
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(f.with_name(f.stem + "_b.dcm"), enforce_file_format=True)
    with pytest.raises(ImageReadError, match="2 volumes under one series.*#acquisition="):
        read_image(folder)
    one, two = read_image(f"{folder}#acquisition=1"), read_image(f"{folder}#acquisition=2")
    liver = _canonical(base / "segmentations/liver.nii.gz")[0] > 0
    assert abs(float(two.array[liver].mean() - one.array[liver].mean()) - offset_hu) < 1.0


# -- 7. heuristics beyond the phantom -------------------------------------------------------------

@pytest.mark.parametrize("variant", ["pad-2048", "pad-3024", "pad0", "crop-lateral", "crop-ap", "big-fov", "upper-third"])
def test_modality_and_region_hold_on_real_world_variants(base: Path, variant: str) -> None:
    ct, affine = _canonical(base / "ct.nii.gz")
    ct = ct.astype(np.float32)
    n0, n1, _ = ct.shape
    ii, jj = np.meshgrid(np.arange(n0), np.arange(n1), indexing="ij")
    outside = ((ii - n0 / 2) ** 2 + (jj - n1 / 2) ** 2) > (min(n0, n1) / 2) ** 2
    if variant.startswith("pad"):
        ct[outside] = float(variant.removeprefix("pad"))
    elif variant == "crop-lateral":
        ct = ct[30:130]
    elif variant == "crop-ap":
        ct = ct[:, 20:100]
    elif variant == "big-fov":
        big = np.full((n0 + 120, n1 + 120, ct.shape[2]), -3024.0, np.float32)
        big[60:60 + n0, 60:60 + n1] = ct
        ct = big
    else:
        ct = ct[:, :, 2 * ct.shape[2] // 3:]
    image = _image(ct, affine)
    evidence, modality, _ = modality_check(image, "CT", "current:0", "ct")
    anatomy = analyse(image.array, image.spacing)
    assert evidence.passed and modality == "CT"
    assert anatomy.region == "abdomen"
    assert "flipped" not in (anatomy.left_right, anatomy.anterior_posterior, anatomy.superior_inferior)


# -- 8. the de-identification record --------------------------------------------------------------

@pytest.mark.parametrize(("question", "at_least"), [
    ("Patient John Smith, MRN 12345678, born 03/04/1961: what is the liver volume?", 3),
    ("MRN: 99887766. What is the liver volume?", 1),
    ("What is the liver volume?", 0),
])
def test_identifiers_removed_reports_the_real_count(base: Path, question: str, at_least: int) -> None:
    result = _run(base, question)
    item = result.evidence_by_id()["check:case:identifiers_removed"]
    assert (item.value >= at_least) if at_least else item.value == 0
    assert "12345678" not in result.model_dump_json() and "99887766" not in result.model_dump_json()


# -- bug reports found by a fresh helper: sheared grids, multi-label masks ------------------------

@pytest.mark.parametrize("tilt_deg", [0, 15, 25])
def test_voxel_volume_is_the_affine_determinant_on_sheared_grids(tilt_deg: int) -> None:
    from imaging.volume import voxel_volume_ml

    affine = np.diag([0.8, 0.8, 2.5, 1.0])
    affine[1, 2] = 2.5 * np.tan(np.radians(tilt_deg))  # gantry tilt shears the slice axis
    assert voxel_volume_ml(affine, spacing_of(affine)) == pytest.approx(0.8 * 0.8 * 2.5 / 1000)


@pytest.mark.parametrize("labels", [2, 5])
def test_multilabel_map_given_as_one_mask_is_rejected(base: Path, tmp_path: Path, labels: int) -> None:
    from agents.triage_checks.masks import mask_geometry_check

    case = _clone(base, tmp_path, f"multi{labels}")
    path = case / "segmentations/spleen.nii.gz"
    mask = nib.load(str(path))
    data = np.asarray(mask.dataobj).astype(np.uint8)
    for n in range(2, labels + 1):
        data[np.asarray(nib.load(str(case / "segmentations/liver.nii.gz")).dataobj) > 0] = n
    _save(data, mask.affine, path)
    ev = mask_geometry_check(str(case / "segmentations"), read_image(case / "ct.nii.gz"), "current:0", "ct")
    assert ev is not None and ev.passed is False and "multi-label" in (ev.reason or "")


# -- routes end to end: a model's misplaced mask, a DICOM folder with localizers and two phases ---

@pytest.mark.parametrize("shift", [40, -40])
def test_a_models_misplaced_mask_blocks_the_answer(base: Path, shift: int) -> None:
    """Whatever produced the mask (here a registered segmenter backend), its content is judged."""
    from agents.segmenters import Segmentation, register
    from orchestrator.api import run

    class Misplaced:
        name = "misplaced"

        def segment(self, image: Image, structures=None) -> Segmentation:
            masks = {}
            for organ in ("liver", "spleen"):
                array = _canonical(base / "segmentations" / f"{organ}.nii.gz")[0] > 0
                if organ == "spleen":
                    array = np.roll(array, shift, axis=0)
                masks[organ] = LabelMap(array, image.affine, image.spacing, organ)
            return Segmentation(masks, self.name, {})

    register("misplaced", lambda **_: Misplaced())
    result = run({"case_id": "model", "question": "What is the mean attenuation of the spleen in HU?",
                  "images": [{"path": str(base / "ct.nii.gz"), "modality": "CT"}]},
                 {"segmenter": "misplaced", "use_provided_masks": False})
    assert result.status == "abstained" and result.answer is None
    assert any("spleen mask" in r for r in result.reasons)
    liver = run({"case_id": "model-liver", "question": "What is the mean attenuation of the liver in HU?",
                 "images": [{"path": str(base / "ct.nii.gz"), "modality": "CT"}]},
                {"segmenter": "misplaced", "use_provided_masks": False})
    assert liver.status == "answered"  # the liver's evidence is not touched by the spleen's


def test_dicom_folder_with_localizer_and_two_phases_end_to_end(base: Path, tmp_path: Path) -> None:
    import pydicom

    from orchestrator.api import run

    folder = tmp_path / "series"
    _series(base, folder)
    files = sorted(folder.glob("*.dcm"))
    for f in files:
        ds = pydicom.dcmread(f)
        ds.AcquisitionNumber = 1
        ds.save_as(f, enforce_file_format=True)
        ds.AcquisitionNumber = 2
        px = ds.pixel_array.astype(np.int16)
        ds.PixelData = np.where(px > -200, px + 40, px).astype(np.int16).tobytes()
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(f.with_name(f.stem + "_b.dcm"), enforce_file_format=True)
    scout = pydicom.dcmread(files[0])
    scout.ImageType, scout.ImageOrientationPatient = ["ORIGINAL", "PRIMARY", "LOCALIZER"], [1, 0, 0, 0, 0, -1]
    scout.SOPInstanceUID = pydicom.uid.generate_uid()
    scout.save_as(folder / "scout.dcm", enforce_file_format=True)
    question = "What is the mean attenuation of the liver in HU?"
    masks = str(base / "segmentations")
    refused = run({"case_id": "phases", "question": question, "images": [{"path": str(folder), "masks": masks}]})
    assert refused.status == "rejected" and any("#acquisition=" in r for r in refused.reasons)
    for acquisition, expected in (("1", 60.0), ("2", 100.0)):
        result = run({"case_id": f"phase{acquisition}", "question": question,
                      "images": [{"path": f"{folder}#acquisition={acquisition}", "masks": masks}]})
        assert result.status == "answered"
        assert result.evidence_by_id()["measurement:liver:mean_hu"].value == pytest.approx(expected, abs=1.5)
        assert result.evidence_by_id()["check:current:0:series"].value == 1
