"""Answer kinds of a held-out DeepTumorVQA-format suite, end to end on phantoms with provided masks (answers13).

1. Resectability whose basis is stated only in a parenthesis and the options ("(vascular contact = touching after a
   1-voxel dilation)", options "Borderline (venous contact: IVC)", "Locally advanced (arterial contact: aorta)").
2. A category decided on the cut-off the question states, whatever the number and its wording: a lesion's type by its
   mean HU, splenomegaly by a stated volume, fatty liver by a stated L/S ratio, a per-segment count by a stated share of
   the lesion's voxels, the organ within a stated distance.

Each varies what the rule must not depend on (organ, side of the cut-off, comparator words, option order and wording);
truths are computed here from the mask files with scipy, never by clinorch's measurement. Every answer must pass review.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from tests.painted_lesions import paint_grown
from tests.phantom_inputs import run_case


def _mask(case: Path, name: str) -> np.ndarray:
    return np.asarray(nib.load(str(case / "segmentations" / f"{name}.nii.gz")).dataobj) > 0


def _largest(m: np.ndarray) -> np.ndarray:
    labels, n = ndimage.label(m, structure=np.ones((3, 3, 3)))
    return labels == 1 + int(np.argmax(ndimage.sum(m, labels, range(1, n + 1))))


def _ct(case: Path) -> tuple[np.ndarray, tuple[float, ...]]:
    img = nib.load(str(case / "ct.nii.gz"))
    return np.asarray(img.dataobj).astype(float), tuple(float(z) for z in img.header.get_zooms()[:3])


def _ask(case: Path, question: str, choices: dict[str, str]) -> str:
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": question, "choices": choices})
    assert result.status == "answered", (question, result.reasons)
    assert all(c.passed for c in result.review.checks), [c for c in result.review.checks if not c.passed]
    return choices[result.answer]


@pytest.fixture(scope="module")
def spanning_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A phantom on another grid and orientation whose liver lesions straddle segments."""
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("spanning") / "case"
    make_phantom(out, PhantomSpec(seed=52, liver_lesions=3, liver_lesion_hu=45.0, orientation="PIR", spacing=(1.5, 1.5, 4.0),
                                  shape=(200, 160, 48), fatty_liver=True, pancreatic_tumor_mm=18.0))
    return out


# -- 2. a lesion's type by the stated HU cut-off ---------------------------------------------------------------------

LESION_MASKS = {"liver": ("liver_tumor",), "kidney": ("kidney_cyst",), "pancreatic": ("pancreas_tumor",)}
TYPE_WORDINGS = [  # (template, whether x at the cut-off is a cyst, comparison holds for a cyst)
    ("Is the largest {o} lesion more likely a cyst or a solid tumour (cyst if mean HU <= {t})?", lambda hu, t: hu <= t),
    ("Cyst or solid: the biggest {o} lesion? (cyst when mean attenuation is below {t} HU)", lambda hu, t: hu < t),
    ("Is the largest {o} lesion a cyst (HU of {t} or less) or a solid tumour?", lambda hu, t: hu <= t),
    ("Classify the dominant {o} lesion, calling it solid if its mean HU is at least {t}.", lambda hu, t: hu < t),
]


@pytest.mark.parametrize(("organ", "wording", "offset", "flip"), [
    ("liver", 0, -6, False), ("liver", 1, 7, True), ("kidney", 2, -5, True), ("kidney", 3, 6, False),
    ("pancreatic", 3, -8, True), ("pancreatic", 0, 5, False),
])
def test_a_lesion_type_is_decided_on_the_cut_off_the_question_states(phantom_dir: Path, organ: str, wording: int,
                                                                    offset: int, flip: bool) -> None:
    ct, _ = _ct(phantom_dir)
    lesion = _largest(np.logical_or.reduce([_mask(phantom_dir, n) for n in LESION_MASKS[organ]]))
    hu = float(ct[lesion].mean())
    cut = int(round(hu + offset))
    template, is_cyst = TYPE_WORDINGS[wording]
    options = ["Cyst", "Solid tumour"][::-1 if flip else 1]
    answer = _ask(phantom_dir, template.format(o=organ, t=cut), dict(zip("AB", options, strict=True)))
    assert answer == ("Cyst" if is_cyst(hu, cut) else "Solid tumour"), (hu, cut)


# -- 2. splenomegaly and fatty liver by a stated cut-off ---------------------------------------------------------------

@pytest.mark.parametrize(("template", "offset", "inclusive"), [
    ("Is the spleen enlarged (spleen > {v} mL counts as enlarged)?", -40.0, False),
    ("Does this patient have splenomegaly, defined here as a splenic volume above {v} mL?", 35.0, False),
    ("Is the spleen enlarged, taking {l} L or more as enlarged?", -30.0, True),
])
def test_splenomegaly_is_decided_on_the_stated_volume(phantom_dir: Path, template: str, offset: float,
                                                      inclusive: bool) -> None:
    _, zooms = _ct(phantom_dir)
    volume = float(_mask(phantom_dir, "spleen").sum() * np.prod(zooms) / 1000.0)
    cut = round(volume + offset, -1)
    yes = volume >= cut if inclusive else volume > cut
    answer = _ask(phantom_dir, template.format(v=f"{cut:g}", l=f"{cut / 1000:g}"), {"A": "No", "B": "Yes"})
    assert answer == ("Yes" if yes else "No"), (volume, cut)


@pytest.mark.parametrize(("template", "offset"), [
    ("Is there fatty liver (a liver-to-spleen ratio below {r} indicates fatty liver)?", 0.15),
    ("Does the liver look fatty? Use L/S < {r} as the cut-off for fatty liver.", -0.15),
])
def test_fatty_liver_is_decided_on_the_stated_ratio(phantom_dir: Path, spanning_case: Path, template: str,
                                                   offset: float) -> None:
    for case in (phantom_dir, spanning_case):  # a normal liver and a fatty one
        ct, _ = _ct(case)
        ratio = float(ct[_mask(case, "liver")].mean() / ct[_mask(case, "spleen")].mean())
        cut = round(ratio + offset, 2)
        answer = _ask(case, template.format(r=f"{cut:g}"), {"A": "Yes", "B": "No"})
        assert answer == ("Yes" if ratio < cut else "No"), (ratio, cut)


# -- 2. a per-segment count by the stated share -----------------------------------------------------------------------

@pytest.mark.parametrize(("template", "share", "inclusive"), [
    ("How many liver lesions are located in Couinaud segment {s} (more than {p}% of the lesion's voxels in that segment)?",
     "below", False),
    ("Number of liver lesions in segment {s}, counting a lesion when at least {p} percent of its voxels lie there?",
     "above", True),
    ("How many hepatic lesions involve segment {s} (over {p}% of the lesion inside it)?", "10", False),
])
def test_a_segment_count_uses_the_share_the_question_states(spanning_case: Path, template: str, share: str,
                                                           inclusive: bool) -> None:
    labels, n = ndimage.label(_mask(spanning_case, "liver_tumor"), structure=np.ones((3, 3, 3)))
    shares = {(seg, i): 100.0 * ((labels == i) & _mask(spanning_case, f"liver_segment_{seg}")).sum() / (labels == i).sum()
              for seg in range(1, 9) for i in range(1, n + 1)}
    partial = [(seg, s) for (seg, _), s in shares.items() if 10.0 < s < 90.0]
    assert partial, "the case must hold a lesion across a segment boundary"
    segment, straddling = partial[0]
    p = 10 if share == "10" else int(straddling) + (1 if share == "below" else -1)  # the cut on each side of the share
    truth = sum(1 for (seg, _), s in shares.items() if seg == segment and (s >= p if inclusive else s > p))
    texts = ["3", "2", "1", "0"]
    answer = _ask(spanning_case, template.format(s=segment, p=p), dict(zip("ABCD", texts, strict=True)))
    assert answer == str(truth), (segment, straddling, p)


# -- 1. resectability with the basis in a parenthesis and the options -----------------------------------------------------

def _tumour_grown_to(phantom_dir: Path, tmp_path: Path, vessel: str | None) -> Path:
    """A copy whose pancreatic tumour mask grows towards `vessel` until one dilation reaches it (None: as drawn)."""
    case = Path(shutil.copytree(phantom_dir, tmp_path / "case"))
    if vessel is None:
        return case
    img = nib.load(str(case / "segmentations" / "pancreas_tumor.nii.gz"))
    tumour, target = _mask(case, "pancreas_tumor"), _mask(case, vessel)
    drawn = tumour.copy()
    others = _mask(case, "aorta") | _mask(case, "postcava")
    towards = ndimage.distance_transform_edt(~target)
    while not (ndimage.binary_dilation(tumour) & target).any():
        front = ndimage.binary_dilation(tumour) & ~tumour & ~others
        tumour = tumour | (front & (towards < towards[tumour].min()))
    paint_grown(case, tumour & ~drawn, drawn)  # the grown part is tumour tissue, not the fat it was grown over
    nib.save(nib.Nifti1Image(tumour.astype(np.uint8), img.affine, img.header), str(case / "segmentations" / "pancreas_tumor.nii.gz"))
    nib.save(nib.Nifti1Image((_mask(case, "pancreas") | tumour).astype(np.uint8), img.affine, img.header),
             str(case / "segmentations" / "pancreas.nii.gz"))
    return case


OPTION_WORDS = [("Resectable (no vascular contact)", "Borderline (venous contact: IVC)",
                 "Locally advanced (arterial contact: aorta)", "Metastatic"),
                ("Resectable", "Borderline resectable (inferior vena cava contact)", "Locally advanced (aortic contact)",
                 "Metastatic disease")]


@pytest.mark.parametrize(("vessel", "question", "words", "order"), [
    ("aorta", "What is the resectability status of the pancreatic tumour (vascular contact = touching after a "
              "1-voxel dilation)?", 0, "ABCD"),
    ("postcava", "What is the resectability status of the pancreatic tumour (vascular contact = touching after a "
                 "1-voxel dilation)?", 1, "DCBA"),
    (None, "How would you classify the resectability of the pancreatic mass (contact defined as the masks touching "
           "after dilation by 1 voxel)?", 0, "BDAC"),
    ("postcava", "Resectability of the pancreatic lesion? (vascular contact: within 6 mm)", 1, "CADB"),
])
def test_resectability_reads_its_basis_from_the_parenthesis_and_the_options(phantom_dir: Path, tmp_path: Path,
                                                                            vessel: str | None, question: str,
                                                                            words: int, order: str) -> None:
    case = _tumour_grown_to(phantom_dir, tmp_path, vessel)
    tumour = _largest(_mask(case, "pancreas_tumor"))
    _, zooms = _ct(case)
    edt = ndimage.distance_transform_edt(~tumour, sampling=zooms)
    touches = {v: bool((ndimage.binary_dilation(tumour) & _mask(case, v)).any()) if "dilation" in question
               else float(edt[_mask(case, v)].min()) <= 6.0 for v in ("aorta", "postcava")}
    truth = 2 if touches["aorta"] else 1 if touches["postcava"] else 0
    texts = OPTION_WORDS[words]
    choices = {letter: texts[i] for letter, i in zip(order, range(4), strict=True)}
    assert _ask(case, question, choices) == texts[truth], touches


# -- 2. the organ within a stated distance --------------------------------------------------------------------------------

NAMES = {"gall_bladder": "Gallbladder", "stomach": "Stomach", "kidney_right": "Right kidney", "kidney_left": "Left kidney",
         "spleen": "Spleen", "aorta": "Aorta", "postcava": "IVC"}


@pytest.mark.parametrize(("template", "reach"), [("Which organ lies within {m} mm of the largest {o} lesion?", "beyond"),
                                                 ("Which organ is adjacent to the biggest {o} lesion (adjacent = within "
                                                  "{m} mm)?", "short")])
@pytest.mark.parametrize(("organ", "lesion_mask"), [("liver", "liver_tumor"), ("pancreatic", "pancreas_tumor")])
def test_the_organ_within_the_stated_distance_is_chosen(phantom_dir: Path, template: str, reach: str, organ: str,
                                                       lesion_mask: str) -> None:
    lesion = _largest(_mask(phantom_dir, lesion_mask))
    _, zooms = _ct(phantom_dir)
    edt = ndimage.distance_transform_edt(~lesion, sampling=zooms)
    distance = {s: float(edt[_mask(phantom_dir, s)].min()) for s in NAMES}
    ranked = sorted(distance, key=distance.__getitem__)
    assert distance[ranked[1]] - distance[ranked[0]] > 1.5, distance  # a cut-off fits between the two nearest
    short = reach == "short" and distance[ranked[0]] >= 2.0  # a structure touching the lesion has no shorter cut
    cut = max(1, int(distance[ranked[0]]) - 1) if short else int(distance[ranked[0]]) + 1
    options = [NAMES[ranked[2]], NAMES[ranked[0]], NAMES[ranked[1]], "None of these"]
    answer = _ask(phantom_dir, template.format(m=cut, o=organ), dict(zip("ABCD", options, strict=True)))
    assert answer == (NAMES[ranked[0]] if distance[ranked[0]] <= cut else "None of these"), (distance, cut)
