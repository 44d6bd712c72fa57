"""A caller's key that holds an identifier (a case id or case-file name with a record number, a date
or a person's name) is not copied into the shareable outputs: the report, FHIR and SEG, the batch
file and folder names and summary name the case by a stable pseudonym, triage warns once, and a
batch still resumes (it finds its outputs by the same pseudonym). Ordinary keys stay as given."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from core.config import Config
from orchestrator.batch import run_batch
from privacy.deid import key_identifies, shareable_key, shareable_path
from synthetic.phantom import PhantomSpec, make_phantom

IDENTIFYING = ["Nguyen_Thi_Lan_MRN8812034", "case07_ACC55120987", "Okonkwo-Eze_Chinedu", "kowalski.anna.1975-03-14",
               "pt_20240611_scan", "Lindgren_Erik_PID443219", "MRN-00912345-ct", "ct_for_sofia.rossi@example.org",
               "HASEGAWA_Kenji_01234567"]  # fmt: skip
ORDINARY = ["case01", "BDMAP_00000001", "liver_case_3", "phantom_seed5", "suiteB_0042", "demo", "b2", "case-7",
            "followup_ct", "kidney-tumour-12"]  # fmt: skip


@pytest.mark.parametrize("key", IDENTIFYING)
def test_an_identifying_key_gets_a_stable_pseudonym(key: str) -> None:
    assert key_identifies(key)
    alias = shareable_key(key)
    assert alias == shareable_key(key) and re.fullmatch(r"case-[0-9a-f]{12}", alias)
    assert shareable_key(key + "x") != alias


@pytest.mark.parametrize("key", ORDINARY)
def test_an_ordinary_key_is_kept(key: str) -> None:
    assert not key_identifies(key) and shareable_key(key) == key


def test_a_case_file_path_keeps_its_ordinary_parts() -> None:
    path = shareable_path("cases/case10/case_Zhang_Wei_MRN1029384.json")
    assert path.startswith("cases/case10/file-") and path.endswith(".json") and "Zhang" not in path
    assert shareable_path("runs/p1/case.json") == "runs/p1/case.json"


def _text_of(folder: Path) -> str:
    out = []
    for path in folder.rglob("*"):
        out.append(str(path.relative_to(folder)))
        if path.suffix in (".md", ".html", ".json", ".csv"):
            out.append(path.read_text(errors="replace"))
    return "\n".join(out)


def test_a_batch_names_an_identifying_case_by_its_pseudonym_and_resumes(tmp_path: Path) -> None:
    """End to end with the real agents: two cases, one key with a name and MRN, one ordinary."""
    files = []
    for seed, case_id in ((1, "Abebe_Tigist_MRN7301552"), (2, "plain_case")):
        folder = tmp_path / "cases" / f"in{seed}"
        make_phantom(folder, PhantomSpec(seed=seed, liver_lesions=1))
        case = {"case_id": case_id, "question": "What is the volume of the spleen in mL?",
                "images": [{"path": "ct.nii.gz", "modality": "CT", "masks": "segmentations"}]}
        name = "case_Abebe_MRN7301552.json" if seed == 1 else "case.json"
        (folder / name).write_text(json.dumps(case))
        files.append(folder / name)
    out = tmp_path / "out"
    items = run_batch(files, out, Config(), report=True)
    assert [i.status for i in items] == ["answered", "answered"]
    alias = shareable_key("Abebe_Tigist_MRN7301552")
    own_field = '"case_id": "Abebe_Tigist_MRN7301552"'  # result.json gives the caller its own key, once
    assert (out / f"{alias}.json").read_text().count("Abebe_Tigist_MRN7301552") == 1
    shared = _text_of(out).replace(own_field, "")
    for fragment in ("Abebe", "Tigist", "7301552"):  # mask and image ids in the evidence included
        assert fragment not in shared, [line for line in shared.splitlines() if fragment in line][:3]
    assert (out / alias / "report.md").is_file() and (out / "plain_case" / "report.md").is_file()
    assert f"case {alias}" in (out / alias / "report.md").read_text()
    result = json.loads((out / f"{alias}.json").read_text())
    assert result["case_id"] == "Abebe_Tigist_MRN7301552"  # the caller's own key, documented
    warnings = [e for e in result["evidence"] if e["id"] == "check:case:case_id"]
    assert len(warnings) == 1 and warnings[0]["passed"] is None and "Abebe" not in warnings[0]["reason"]
    plain = json.loads((out / "plain_case.json").read_text())
    assert not [e for e in plain["evidence"] if e["id"] == "check:case:case_id"]
    rows = list(csv.DictReader((out / "summary.csv").open()))
    assert "Abebe" not in rows[0]["case_file"] and rows[1]["case_file"] == str(files[1])
    again = run_batch(files, out, Config(), report=True)
    assert [i.status for i in again] == ["skipped", "skipped"]


@pytest.mark.parametrize("source", ["/data/Smith_John_MRN1234567/ct.nii.gz", "scans/ct.nii.gz", "a/b/series_01",
                                    "/tmp/pt_20240611_scan.nii.gz", "x.nii"])
def test_the_case_id_clinorch_makes_for_an_image_is_not_an_identifier(tmp_path: Path, source: str) -> None:
    """`clinorch run IMAGE` names the case by a hash of the image's path; that id is shown as given, everywhere."""
    from orchestrator.quickcase import build_case

    path = tmp_path / source.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")
    case_id = build_case(path).case_id
    assert not key_identifies(case_id) and shareable_key(case_id) == case_id
    assert key_identifies(case_id + "_Smith_John_MRN1234567")  # a real identifier beside it is still found
    assert not key_identifies(shareable_key("Smith_John_MRN1234567"))  # a pseudonym is not renamed again


@pytest.mark.parametrize("case_id", [*IDENTIFYING, *ORDINARY, "1.2.840.113619.2.55.3.604688119", "Smith^John"])
def test_artifact_ids_and_the_store_folder_never_carry_the_case_id(tmp_path: Path, case_id: str) -> None:
    """One helper (`core.store.artifact_id`) builds every artifact id, from a stable pseudonym of the case id;
    the disk store's folder and file names follow it (its JSON sidecars hold the id, not the case id)."""
    import numpy as np

    from core.store import ArtifactStore, artifact_id, case_key

    store = ArtifactStore(case_id, tmp_path, types=())
    mask_id = store.put("mask", "liver", np.zeros((4, 3, 2), bool))
    assert mask_id == artifact_id("mask", case_id, "liver") == f"mask:{case_key(case_id)}:liver"
    assert re.fullmatch(r"case-[0-9a-f]{12}", case_key(case_id)) and case_key(case_id) != case_key(case_id + "1")
    assert not key_identifies(case_key(case_id))
    on_disk = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")]
    on_disk += [p.read_text() for p in tmp_path.rglob("*.json")]
    assert not [t for t in [mask_id, *on_disk] if case_id in t], on_disk
    again = ArtifactStore(case_id, tmp_path, types=())  # a new process finds it by the same pseudonym
    assert again.ids("mask") == [mask_id] and again.get(mask_id).shape == (4, 3, 2)
