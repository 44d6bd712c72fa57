"""Kinds of answers14: "the largest <kind>" answered from that lesion, typed lesion masks, options naming distractor
kinds beside a stated rule, and arterial contact naming the SMA beside the aorta.

Cases are phantoms of any seed, orientation and spacing with lesions of known kinds painted into the pancreas
(`tests.typed_lesion_cases`); the truth is read from the painted voxels.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import knowledge
from agents.reasoners.asked_kind import asked_lesion, asked_view
from core.case import Evidence
from knowledge.lesion_types import largest_of_kind
from tests.typed_lesion_cases import make_case

BASE = knowledge.shared_base("deeptumorvqa", ())
CONTENT = BASE.get("pancreatic-lesion-solid-vs-cystic")
RESECTION = "Does the largest pancreatic cyst meet the resection criterion (volume above 3.0 cm³ or diameter above 3 cm)?"


@pytest.mark.parametrize(("verdicts", "rank"), [
    (["no", "yes"], 2), (["yes", "no", "yes"], 1), (["no", "unknown", "yes"], "undecided"), (["no", "no"], None),
    (["unknown"], "undecided"), (["no", "no", "no", "yes"], 4),
])
def test_the_largest_of_a_kind_is_the_first_of_it_unless_a_larger_one_is_unknown(verdicts: list, rank: object) -> None:
    assert largest_of_kind(verdicts) == rank


def _lesions(kinds: list[str | None], hus: list[float], typed: str | None) -> dict[str, Evidence]:
    """Evidence by key for pancreatic lesions largest first: each one's volume and HU, its typed kind if any."""
    items = [Evidence.make("measurement", "measurement", "lesion_count", "pancreas_lesion", value=len(kinds), unit="count")]
    for n, (kind, hu) in enumerate(zip(kinds, hus, strict=True), start=1):
        items.append(Evidence.make("measurement", "measurement", "volume_ml", f"pancreas_lesion_{n}", value=10.0 / n,
                                   unit="mL"))
        items.append(Evidence.make("measurement", "measurement", "mean_hu", f"pancreas_lesion_{n}", value=hu, unit="HU"))
        if kind is not None:
            items.append(Evidence.make("measurement", "measurement", "lesion_type", f"pancreas_lesion_{n}", value=kind))
    items.append(Evidence.make("measurement", "measurement", "largest_lesion_volume_ml", "pancreas_lesion", value=10.0,
                               unit="mL"))
    if typed is not None:
        items.append(Evidence.make("measurement", "measurement", "typed_masks", "pancreas_lesion", value=typed))
    return {f"{e.target}.{e.name}": e for e in items}


@pytest.mark.parametrize(("kinds", "hus", "typed", "rank"), [
    (["PDAC", "cyst"], [35.0, 25.0], "pancreatic_cyst, pancreatic_pdac, pancreatic_pnet", 2),  # typed beats HU
    (["PNET", None, "cyst"], [90.0, 5.0, 6.0], "pancreatic_cyst, pancreatic_pnet", 3),  # lesion 2 untyped: not a cyst
    ([None, None], [95.0, 4.0], None, 2),  # content criterion: solid, then fluid
    ([None, None], [25.0, 4.0], None, None),  # 21-30 HU larger than the fluid one: unknown, abstain
    (["PDAC", None], [33.0, 4.0], "pancreatic_pdac", 2),  # no cyst mask read: the criterion types them
    (["PDAC", "PNET"], [20.0, 90.0], "pancreatic_cyst, pancreatic_pdac, pancreatic_pnet", None),  # no cyst at all
    ([None, None, None], [8.0, 95.0, 25.0], None, 1),  # the group's largest is a fluid cyst: it is asked
])
def test_the_lesion_asked_is_the_largest_of_its_kind(kinds: list, hus: list, typed: str | None, rank: int | None) -> None:
    by_key = _lesions(kinds, hus, typed)
    for task in ("pancreatic cyst resectability", "pseudocyst determination"):
        asked = asked_lesion(task, by_key, CONTENT)
        assert asked is not None and asked.rank == rank, asked
        view = asked_view(task, by_key, CONTENT)
        if rank is None:
            assert "pancreas_lesion.largest_lesion_volume_ml" not in view and asked.reason
        elif rank == 1:
            assert view is by_key
        else:
            assert view["pancreas_lesion.largest_lesion_volume_ml"] is by_key[f"pancreas_lesion_{rank}.volume_ml"]
    staged = asked_lesion("pancreatic tumor staging", by_key, CONTENT)  # AJCC T stages the carcinoma: the largest
    assert staged is not None and staged.kind == "solid"  # solid lesion, never a larger cyst beside it (suite Y)


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout"), [
    (21, "LPS", (2.0, 2.0, 5.0), [("PNET", 24), ("cyst", 14)]),
    (22, "PIR", (1.6, 1.6, 3.0), [("cyst", 12), ("PDAC", 26), ("pseudocyst", 16)]),
])
def test_each_lesion_is_typed_by_the_mask_holding_it(tmp_path: Path, seed: int, orientation: str,
                                                     spacing: tuple[float, float, float], layout: list) -> None:
    from agents.measures import measure_case
    from imaging.masks import mask_files, read_mask
    from imaging.volume import read_image

    truth = make_case(tmp_path / "case", seed, orientation, spacing, layout, "present")
    image = read_image(tmp_path / "case" / "ct.nii.gz", modality="CT")
    masks = {n: read_mask(p, n) for n, p in mask_files(tmp_path / "case" / "segmentations").items()}
    evidence, _ = measure_case(image, masks)
    by_key = {f"{e.target}.{e.name}": e for e in evidence}
    assert not any(e.target in ("pancreatic_pdac", "pancreatic_pnet") and e.name == "volume_ml" for e in evidence)
    kinds = {"cyst": "cyst", "pseudocyst": "cyst", "PDAC": "PDAC", "PNET": "PNET"}
    for n, lesion in enumerate(sorted(truth, key=lambda t: -t.voxels), start=1):
        assert by_key[f"pancreas_lesion_{n}.lesion_type"].value == kinds[lesion.kind]
        assert "typed by the provided mask" in by_key[f"pancreas_lesion_{n}.lesion_type"].provenance.method
        assert by_key[f"pancreas_lesion_{n}.volume_ml"].value == pytest.approx(lesion.volume_ml)


def _run(case: Path, question: str, choices: dict[str, str]):  # noqa: ANN202 - CaseResult
    from tests.phantom_inputs import run_case

    return run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                     "question": question, "choices": choices})


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout", "typed", "expected"), [
    (31, "RAS", (2.0, 2.0, 4.0), [("PDAC", 28), ("cyst", 14)], "all", "No"),  # the PDAC is larger than 3 mL
    (32, "LAS", (1.8, 1.8, 5.0), [("PNET", 16), ("cyst", 24)], "present", "Yes"),
    (33, "LPS", (2.0, 2.0, 5.0), [("pseudocyst", 26), ("cyst", 12)], "none", None),  # 25 HU: which is the cyst?
])
def test_the_largest_cyst_is_answered_from_that_cyst(tmp_path: Path, seed: int, orientation: str, spacing: tuple,
                                                      layout: list, typed: str, expected: str | None) -> None:
    truth = make_case(tmp_path / "case", seed, orientation, spacing, layout, typed)
    choices = {"A": "Cannot be determined: the images are non-diagnostic", "B": "No", "C": "Yes",
               "D": "Cannot be determined: the organ is outside the scanned range"}
    result = _run(tmp_path / "case", RESECTION, choices)
    if expected is None:
        assert result.status == "abstained", result.answer_detail
        assert any("cyst" in r for r in result.reasons), result.reasons
        return
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == expected, result.answer_detail
    cited = [e for e in result.evidence if e.id in result.answer_detail.evidence_ids]
    cyst = max((t for t in truth if t.kind in ("cyst", "pseudocyst")), key=lambda t: t.volume_ml)
    assert any(e.name.endswith("volume_ml") and e.value == pytest.approx(cyst.volume_ml) for e in cited), cited
    assert any(e.name == "lesion_type" and e.value == "cyst" for e in cited), cited


@pytest.mark.parametrize(("options", "holds", "otherwise"), [
    (["Cyst (mean <= 20 HU)", "Hemangioma with calcification", "Abscess with gas", "Solid lesion (mean > 20 HU)"],
     "Cyst (mean <= 20 HU)", "Solid lesion (mean > 20 HU)"),
    (["Solid lesion (mean > 20 HU)", "Abscess with gas", "Cyst (mean <= 20 HU)", "Hemangioma with calcification"],
     "Cyst (mean <= 20 HU)", "Solid lesion (mean > 20 HU)"),
])
def test_a_stated_rule_picks_the_option_restating_its_cut_off_beside_distractor_kinds(options: list[str], holds: str,
                                                                                     otherwise: str) -> None:
    from agents.reasoners.stated_rules import stated_rule
    from questions.intents import choices_asked
    from questions.understanding import understand

    question = "Is the largest liver lesion a cyst or a solid lesion (cyst if mean HU <= 20)?"
    choices = dict(zip("ABCD", options, strict=True))
    intent = understand(question, choices)
    rule = stated_rule(intent, choices_asked(choices, []))
    assert rule is not None and (rule.holds, rule.otherwise) == (holds, otherwise)


@pytest.mark.parametrize(("question", "options", "sma"), [
    ("What is the resectability category of the pancreatic tumor (vascular contact = touching after a 1-voxel "
     "dilation)?", ["Locally advanced (arterial contact: SMA or aorta)", "Resectable (no vascular contact)",
                    "Not applicable: lesion is cystic", "Borderline resectable (venous contact only)"], True),
    ("Resectability of the pancreatic mass (contact = masks touching)?",
     ["Borderline resectable (venous contact only)", "Locally advanced (arterial contact: aorta)",
      "Resectable (no vascular contact)", "Not applicable: lesion is cystic"], False),
])
def test_arterial_contact_reads_the_arteries_the_options_name(question: str, options: list[str], sma: bool) -> None:
    from questions.basis import VESSEL_CONTACT, named_basis

    degrees = ["pancreas_lesion.sma_contact_deg", "pancreas_lesion.celiac_contact_deg",
               "pancreas_lesion.smv_pv_contact_deg"]
    basis, keys = named_basis(question, degrees, options)
    assert basis == VESSEL_CONTACT
    assert ("superior_mesenteric_artery.distance_from_pancreas_lesion_1_mm" in keys) is sma
    nccn = ["Resectable", "Borderline (SMV/PV abutment)", "Locally advanced (SMA encasement over 180 degrees)", "Metastatic"]
    assert named_basis(question, degrees, nccn)[0] is None  # the NCCN degrees, not the stated basis


@pytest.mark.parametrize("touching", [True, False])
def test_sma_contact_is_arterial_when_the_options_name_it(phantom_dir: Path, tmp_path: Path, touching: bool) -> None:
    from tests.phantom_inputs import copy_case

    case = copy_case(phantom_dir, tmp_path)
    tumour_img = nib.load(str(case / "segmentations" / "pancreas_tumor.nii.gz"))
    tumour = np.asarray(tumour_img.dataobj) > 0
    points = np.argwhere(tumour)
    zooms = np.array(tumour_img.header.get_zooms()[:3])
    sma = np.zeros(tumour.shape, dtype=np.uint8)  # a column one voxel beside the tumour, or 30 mm away from it
    edge = points[np.argmax(points[:, 0])]
    i = int(edge[0]) + (1 if touching else int(np.ceil(30 / zooms[0])))
    j = int(edge[1])
    sma[i:i + 2, j:j + 2, :] = 1
    sma[tumour] = 0
    nib.save(nib.Nifti1Image(sma, tumour_img.affine, tumour_img.header),
             str(case / "segmentations" / "superior_mesenteric_artery.nii.gz"))
    choices = {"A": "Locally advanced (arterial contact: SMA or aorta)", "B": "Resectable (no vascular contact)",
               "C": "Not applicable: lesion is cystic", "D": "Borderline resectable (venous contact only)"}
    result = _run(case, "What is the resectability category of the pancreatic tumor (vascular contact = touching "
                        "after a 1-voxel dilation)?", choices)
    assert result.status == "answered", result.reasons
    text = result.answer_detail.text
    said_sma = "no contact with the superior mesenteric artery" not in text
    assert said_sma is touching and "superior mesenteric artery" in text, text
    if touching:
        assert result.answer == "A", text
