"""Kinds suite AG (another author's phantoms and questions, session 31) showed, each varied on our own phantoms and run
through the real agents (`orchestrator.run`).

- Kidney masks drawn round the renal sinus hold its fat: the mask guard read an SD of 80 HU and refused the kidney
  (5 questions abstained). Up to a quarter of the core at fat attenuation is the sinus; more is a mask on fat.
- "Are the kidneys symmetric?" with no cut-off stated and options "Symmetric" / "Asymmetric: right kidney much smaller"
  picked a side by the larger volume (0.2 mL apart, it answered "right kidney much smaller" of the larger right): the
  cited split of renal volume decides (the smaller kidney below 45 % of their sum: `split-renal-volume`), and an option
  saying one kidney is smaller names the other as larger.
- One kidney shown absent (its provided mask empty): "Which kidney is larger?" with no option saying only one kidney
  is the one that is there; the kidneys' lesion burden is over that kidney.
- "Is portal hypertension likely? A. Only with ascites B. No ...": a yes/no stem the options answer, not out of scope.
- Arterial encasement with options "Locally advanced (unresectable)" and "Metastatic (unresectable)": locally advanced.
- "Among segments 2, 3, 5 and 8, which is largest?": every listed segment compared.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.measures.guards import MAX_CORE_SD_HU, MAX_SINUS_SHARE, judge
from imaging.volume import Image, LabelMap
from questions.intents import extract
from questions.understanding import understand

AG_SYMMETRY = {"A": "Asymmetric: right kidney much smaller", "B": "Symmetric",
               "C": "Asymmetric: left kidney absent or much smaller", "D": "Both kidneys enlarged"}


def _phantom(tmp_path: Path, seed: int, orientation: str, **spec: object) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, **spec))  # type: ignore[arg-type]
    return case


def _shrink_kidney(case: Path, side: str, layers: int) -> float:
    """Peels `layers` voxel layers off one kidney, CT and mask alike (the peeled voxels become retroperitoneal fat);
    returns the kidney's remaining share of the voxels the mask held."""
    ct_img = nib.load(str(case / "ct.nii.gz"))
    ct = np.asarray(ct_img.dataobj).astype(np.float32)
    path = case / "segmentations" / f"kidney_{side}.nii.gz"
    mask_img = nib.load(str(path))
    mask = np.asarray(mask_img.dataobj) > 0
    kept = ndimage.binary_erosion(mask, iterations=layers) if layers else np.zeros_like(mask)
    ct[mask & ~kept] = -90.0
    nib.save(nib.Nifti1Image(ct.astype(np.int16), ct_img.affine, ct_img.header), str(case / "ct.nii.gz"))
    nib.save(nib.Nifti1Image(kept.astype(np.uint8), mask_img.affine), str(path))
    return float(kept.sum() / mask.sum())


def _kidney_volumes(case: Path) -> tuple[float, float]:
    out = []
    for side in ("left", "right"):
        img = nib.load(str(case / "segmentations" / f"kidney_{side}.nii.gz"))
        out.append(float((np.asarray(img.dataobj) > 0).sum() * np.prod(img.header.get_zooms()[:3]) / 1000.0))
    return out[0], out[1]


def _run(case: Path, question: str, choices: dict[str, str] | None = None):  # noqa: ANN202
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    return orchestrator.run({"case_id": case.name, "images": [image], "question": question, "choices": choices})


@pytest.mark.parametrize(("seed", "orientation", "side", "layers"), [
    (61, "LPS", "right", 0), (62, "RAS", "right", 3), (63, "PIR", "left", 3), (64, "LPS", "left", 0),
])
def test_size_symmetry_by_the_split_of_renal_volume(tmp_path: Path, seed: int, orientation: str, side: str,
                                                    layers: int) -> None:
    case = _phantom(tmp_path, seed, orientation, liver_lesions=0, kidney_lesion="none")
    if layers:
        _shrink_kidney(case, side, layers)
    left, right = _kidney_volumes(case)
    smaller_share = min(left, right) / (left + right)
    expected = "B" if smaller_share >= 0.45 else ("A" if right < left else "C")
    result = _run(case, "Are the kidneys symmetric in size?", AG_SYMMETRY)
    assert result.status == "answered", result.reasons
    assert result.answer_detail.choice == expected, (left, right, result.answer_detail.text)
    assert any(e.provenance.get("entry_id") == "split-renal-volume" for e in result.evidence
               if e.id in result.answer_detail.evidence_ids), result.answer_detail.evidence_ids


@pytest.mark.parametrize(("seed", "orientation"), [(65, "LPS"), (66, "RAS")])
def test_a_kidney_shown_absent_leaves_the_other_the_larger_and_its_burden(tmp_path: Path, seed: int,
                                                                       orientation: str) -> None:
    case = _phantom(tmp_path, seed, orientation, liver_lesions=1, kidney_lesion="none")
    _shrink_kidney(case, "left", 0)  # a nephrectomy: the mask provided, empty
    result = _run(case, "Which kidney has the larger volume?",
                  {"A": "Left kidney is larger", "B": "Right kidney is larger", "C": "Both kidneys have equal volume",
                   "D": "Neither kidney is visible"})
    assert result.status == "answered" and result.answer_detail.choice == "B", (result.reasons, result.answer_detail)
    burden = _run(case, "Where is the lesion burden greatest?", {"A": "Kidneys", "B": "Liver", "C": "Pancreas"})
    assert burden.status == "answered" and burden.answer_detail.choice == "B", burden.reasons
    kidney = [e for e in burden.evidence if e.id == "measurement:kidney_lesion:tumor_burden_pct"]
    assert kidney and kidney[0].value == 0.0


def test_a_kidney_mask_round_its_sinus_fat_is_measured_and_one_on_fat_is_refused() -> None:
    rng = np.random.default_rng(3)
    shape = (60, 60, 30)
    ct = np.full(shape, -90.0, dtype=np.float32)  # retroperitoneal fat
    ct[5:55, 5:55, :] = 45.0  # a body of soft tissue around it
    kidney = np.zeros(shape, dtype=bool)
    kidney[18:42, 20:40, 6:24] = True
    ct[kidney] = 165.0 + rng.normal(0, 12, kidney.sum())
    affine = np.diag([1.5, 1.5, 3.0, 1.0])
    for fat_share, refused in ((0.0, False), (0.18, False), (MAX_SINUS_SHARE + 0.15, True)):
        image_ct = ct.copy()
        core = ndimage.binary_erosion(kidney, np.ones((3, 3, 3)))
        idx = np.argwhere(core)
        sinus = idx[np.argsort(np.abs(idx[:, 0] - idx[:, 0].mean()))][: int(fat_share * len(idx))]
        image_ct[tuple(sinus.T)] = -80.0  # the sinus, at the kidney's hilum column
        image = Image(array=image_ct, affine=affine, spacing=(1.5, 1.5, 3.0), modality="CT")
        verdicts = judge(image, {"kidney_left": LabelMap(array=kidney, affine=affine, spacing=(1.5, 1.5, 3.0),
                                                             name="kidney_left")})
        spread = [v for v in verdicts if "spreads over" in v.reason]
        assert bool(spread) is refused, (fat_share, [v.reason for v in verdicts], MAX_CORE_SD_HU)


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Is portal hypertension likely?", {"A": "Only with ascites", "B": "No", "C": "Cannot be determined", "D": "Yes"},
     "portal hypertension assessment"),
    ("Is the spleen enlarged?", {"A": "Only if ascites is present", "B": "Yes", "C": "No"}, "splenomegaly detection"),
    ("Which is present?", {"A": "Ascites", "B": "Pleural effusion"}, "out of scope"),
])
def test_a_yes_no_stem_is_asked_by_its_own_words(question: str, choices: dict, task: str) -> None:
    assert understand(question, choices).task == task


@pytest.mark.parametrize(("text", "segments"), [
    ("Among segments 2, 3, 5 and 8, which is largest?", [2, 3, 5, 8]),
    ("Compare segments 6, 7 or 4", [6, 7, 4]),
    ("segments 5 and 8", [5, 8]),
])
def test_every_listed_segment_is_read(text: str, segments: list[int]) -> None:
    assert extract(text).liver_segments == segments


def test_arterial_encasement_is_locally_advanced_not_metastatic(tmp_path: Path) -> None:
    from tests.test_vessel_contact_end_to_end import _vessel_case

    case, _ = _vessel_case(tmp_path, 7, "LPS", (1.5, 1.5, 3.0), "encased", "away")
    result = _run(case, "What is the resectability status of the pancreatic mass?",
                  {"A": "Metastatic (unresectable)", "B": "Borderline resectable", "C": "Resectable",
                   "D": "Locally advanced (unresectable)"})
    assert result.status == "answered" and result.answer_detail.choice == "D", (result.reasons, result.answer_detail)


ORGAN_OPTIONS = ("kidney_right", "gall_bladder", "stomach", "colon", "spleen", "pancreas")
OPTION_WORDS = {"kidney_right": "Right kidney", "gall_bladder": "Gallbladder", "stomach": "Stomach", "colon": "Colon",
                "spleen": "Spleen", "pancreas": "Pancreas"}


@pytest.mark.parametrize(("seed", "orientation"), [(71, "LPS"), (74, "RAS"), (75, "RAS"), (73, "PIR")])
def test_the_neighbour_of_a_lesion_named_by_its_segment(tmp_path: Path, seed: int, orientation: str) -> None:
    """"Which organ does the segment-N liver lesion contact?" asks of the lesion lying in segment N, not of the largest:
    the truth is the option organ nearest that lesion, read from the masks (world mm between voxel centres)."""
    case = _phantom(tmp_path, seed, orientation, liver_lesions=3, liver_lesion_diameters_mm=(30.0, 20.0, 16.0))
    seg = case / "segmentations"
    canonical = {p.name.removesuffix(".nii.gz"): nib.as_closest_canonical(nib.load(str(p))) for p in seg.glob("*.nii.gz")}
    zooms = np.array(canonical["liver"].header.get_zooms()[:3], dtype=float)
    labels, count = ndimage.label(np.asarray(canonical["liver_tumor"].dataobj) > 0, np.ones((3, 3, 3)))
    sizes = ndimage.sum(np.ones_like(labels), labels, range(1, count + 1))
    order = np.argsort(-sizes) + 1  # largest first, as the measurement agent numbers them
    places = []
    for rank, label in enumerate(order, start=1):
        lesion = labels == label
        shares = {n: np.count_nonzero(lesion & (np.asarray(canonical[f"liver_segment_{n}"].dataobj) > 0)) / lesion.sum()
                  for n in range(1, 9)}
        places.append((rank, max(shares, key=shares.__getitem__), lesion))
    wanted = [(rank, segment, lesion) for rank, segment, lesion in places[1:]
              if [s for _, s, _ in places].count(segment) == 1]
    if not wanted:
        pytest.skip("no smaller lesion alone in its segment on this phantom")
    rank, segment, lesion = wanted[0]
    distance = ndimage.distance_transform_edt(~lesion, sampling=zooms)
    near = {o: float(distance[np.asarray(canonical[o].dataobj) > 0].min()) for o in ORGAN_OPTIONS
            if o in canonical and (np.asarray(canonical[o].dataobj) > 0).any()}
    picked = sorted(near, key=near.__getitem__)[:4]
    if near[picked[0]] > 30.0 or near[picked[1]] - near[picked[0]] < 3.0:
        pytest.skip(f"the lesion's nearest option organ is not clearly nearest within the 40 mm searched: {near}")
    choices = {letter: OPTION_WORDS[o] for letter, o in zip("ABCD", sorted(picked), strict=False)}
    truth = next(letter for letter, words in choices.items() if words == OPTION_WORDS[picked[0]])
    result = _run(case, f"Which organ does the segment-{segment} liver lesion lie closest to?", choices)
    assert result.status == "answered", (result.reasons, near, choices)
    assert result.answer_detail.choice == truth, (segment, rank, near, result.answer_detail.text)


@pytest.mark.parametrize(("backend", "distance_mm", "answered"), [
    ("provided", 13.3, True),     # provided masks: the nearest option, however far, is the nearest
    ("classical", 13.3, False),   # a segmenter's lesion, the option 13 mm off: not placed to the millimetre
    ("classical", 1.5, True),     # a segmenter's lesion touching the option: contact
    ("totalsegmentator", 25.0, False),
])
def test_the_nearest_option_to_a_segmented_lesion_answers_only_on_contact(backend: str, distance_mm: float,
                                                                          answered: bool) -> None:
    """Suite AG predicted mode: four of five "nearest option" answers on the classical segmenter's lesions were wrong
    (the lesion or the organ drawn centimetres off); a provided lesion's nearest option stands."""
    from agents.reasoners.adjacency import _nearest
    from agents.reasoners.base import ReasonerInput
    from core.case import Evidence

    question = "Which organ does the largest liver lesion abut?"
    choices = {"A": "Stomach", "B": "Gallbladder", "C": "Right kidney", "D": "Spleen"}
    evidence = [
        Evidence.make("segmentation", "segmentation", "present", "liver_tumor", value=True,
                      provenance={"backend": backend}),
        Evidence.make("measurement", "measurement", "nearest_structure", "liver_lesion_1", value="stomach",
                      provenance={"resolution_mm": 1.25}),
        Evidence.make("measurement", "measurement", "distance_from_liver_lesion_1_mm", "stomach", value=distance_mm,
                      unit="mm"),
        Evidence.make("measurement", "measurement", "distance_from_liver_lesion_1_mm", "gall_bladder",
                      value=distance_mm + 20.0, unit="mm"),
    ]
    task = ReasonerInput(question=question, choices=choices, intent=understand(question, choices), evidence=evidence)
    drafted = _nearest(task, evidence[1])
    assert (drafted is not None) is answered
    if answered:
        assert drafted.label == "Stomach"


@pytest.mark.parametrize(("seed", "orientation"), [(71, "LPS"), (74, "RAS"), (73, "PIR")])
def test_the_size_of_a_lesion_named_by_its_segment(tmp_path: Path, seed: int, orientation: str) -> None:
    """"What is the volume of the segment-N liver lesion?" (suite AH) is the volume of the lesion lying there, read
    from its mask in world mm³, not the largest lesion's."""
    case = _phantom(tmp_path, seed, orientation, liver_lesions=3, liver_lesion_diameters_mm=(30.0, 20.0, 16.0))
    seg = case / "segmentations"
    canonical = {p.name.removesuffix(".nii.gz"): nib.as_closest_canonical(nib.load(str(p))) for p in seg.glob("*.nii.gz")}
    voxel_ml = float(np.prod(canonical["liver"].header.get_zooms()[:3])) / 1000.0
    labels, count = ndimage.label(np.asarray(canonical["liver_tumor"].dataobj) > 0, np.ones((3, 3, 3)))
    found = []
    for label in range(1, count + 1):
        lesion = labels == label
        shares = {n: np.count_nonzero(lesion & (np.asarray(canonical[f"liver_segment_{n}"].dataobj) > 0)) / lesion.sum()
                  for n in range(1, 9)}
        found.append((max(shares, key=shares.__getitem__), lesion.sum() * voxel_ml))
    largest = max(v for _, v in found)
    alone = [(s, v) for s, v in found if [t for t, _ in found].count(s) == 1 and v < largest]
    if not alone:
        pytest.skip("no smaller lesion alone in its segment on this phantom")
    segment, volume = alone[0]
    result = _run(case, f"What is the volume of the segment-{segment} liver lesion in mL?")
    assert result.status == "answered", result.reasons
    said = [float(x) for x in __import__("re").findall(r"\d+\.\d+", result.answer_detail.text)]
    assert said and abs(said[0] - volume) <= 0.05 + 1e-6, (segment, volume, largest, result.answer_detail.text)
