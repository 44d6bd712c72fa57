"""Identifier removal: the DICOM Basic Profile on a header full of identifiers, and free text."""

from __future__ import annotations

import re
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset

from core.case import Case
from privacy.deid import pseudonym, scrub_case, scrub_text
from privacy.dicom import basic_profile, deidentify_dataset, header_identifiers, read_header_identifiers

IDENTIFIERS = {
    "PatientName": "Doe^Jane^Quinn",
    "PatientID": "MRN-4417-2291",
    "PatientBirthDate": "19520314",
    "InstitutionName": "St Elsewhere General Hospital",
    "InstitutionAddress": "12 Harbour Lane, Springfield",
    "ReferringPhysicianName": "House^Gregory",
    "PerformingPhysicianName": "Cuddy^Lisa",
    "OperatorsName": "Wilson^James",
    "AccessionNumber": "ACC99887766",
    "OtherPatientIDs": "NHS-943-476-5919",
    "PatientAddress": "221B Baker Street",
    "PatientTelephoneNumbers": "555-123-4567",
    "StudyID": "STUDY-7731",
    "ImageComments": "Jane Doe, DOB 14/03/1952, call 555-123-4567 or jane.doe@example.com",
    "StudyDescription": "CT ABDOMEN for Jane Doe",
    "AdditionalPatientHistory": "Seen by Dr. Gregory House on 2023-01-05",
}
"""Each value (or a recognisable part of it) must be gone after de-identification."""
LEAKS = [
    r"\bdoe\b", r"\bjane\b", r"\bquinn\b", r"(?<![0-9a-f.])4417(?![0-9a-f])", r"44172291", r"19520314",
    r"(?<![0-9a-f.])1952(?![0-9a-f])", r"elsewhere", r"harbour", r"\bhouse\b",
    r"gregory", r"cuddy", r"wilson", r"acc99887766", r"943-476", r"baker street", r"555-123", r"study-7731",
    r"jane\.doe@", r"private-secret", r"example\.com",
]  # fmt: skip
# The MRN and birth year as identifiers, not as four digits inside a hex digest or a decimal in binary
# checkpoint bytes (a digest holding "1952" failed this test about once in a few dozen runs).


def identifier_laden_dicom(path: Path, source: str | Path | None = None) -> Path:
    """A DICOM file (CT_small.dcm by default) rewritten with every kind of identifier,
    a nested one and a private element."""
    ds = pydicom.dcmread(source if source is not None else get_testdata_file("CT_small.dcm"))
    for keyword, value in IDENTIFIERS.items():
        setattr(ds, keyword, value)
    referenced = Dataset()
    referenced.PatientName, referenced.PatientID = "Doe^Jane", "MRN-4417-2291"
    ds.ReferencedPatientSequence = [referenced]
    block = ds.private_block(0x0099, "ACME RESEARCH", create=True)
    block.add_new(0x01, "LO", "PRIVATE-SECRET jane.doe")
    ds.BurnedInAnnotation = "YES"
    ds.save_as(path, enforce_file_format=True)
    return path


def leaks_in(text: str) -> list[str]:
    return [p for p in LEAKS if re.search(p, text, re.I)]


def dataset_text(ds: Dataset) -> str:
    parts: list[str] = []
    ds.walk(lambda _, elem: parts.append(f"{elem.tag} {elem.value!r}") if elem.tag != 0x7FE00010 else None)
    if getattr(ds, "file_meta", None) is not None:
        parts += [f"{e.tag} {e.value!r}" for e in ds.file_meta]
    return "\n".join(parts)


@pytest.fixture
def laden(tmp_path: Path) -> Path:
    return identifier_laden_dicom(tmp_path / "laden.dcm")


def test_the_fixture_really_carries_the_identifiers(laden: Path) -> None:
    assert len(leaks_in(dataset_text(pydicom.dcmread(laden)))) >= 15


def test_basic_profile_comes_from_the_published_table() -> None:
    profile = basic_profile()
    assert len(profile.actions) > 600  # Table E.1-1 has hundreds of rows: not a hand-kept list
    tag = pydicom.datadict.tag_for_keyword
    assert profile.action_for(tag("PatientName")) == "Z"
    assert profile.action_for(tag("StudyInstanceUID")) == "U"
    assert profile.action_for(tag("ImageComments")) == "X"
    assert profile.action_for(0x60024000) == "X"  # overlay comments, a masked range (60xx,4000)
    assert profile.action_for(tag("Rows")) is None


def test_deidentified_dataset_keeps_no_identifier_and_says_what_was_done(laden: Path) -> None:
    original = pydicom.dcmread(laden)
    clean = deidentify_dataset(original)
    assert leaks_in(dataset_text(clean)) == []
    assert not any(elem.tag.is_private for elem in clean.iterall())
    assert clean.PatientIdentityRemoved == "YES"
    assert clean.DeidentificationMethodCodeSequence[0].CodeValue == "113100"
    assert clean.BurnedInAnnotation == "YES"  # kept: the caller must hold such pixels back
    assert (clean.pixel_array == original.pixel_array).all()
    assert leaks_in(dataset_text(original))  # the input is left untouched


def test_uids_are_replaced_consistently_and_deterministically(laden: Path) -> None:
    original = pydicom.dcmread(laden)
    first, second = deidentify_dataset(original), deidentify_dataset(pydicom.dcmread(laden))
    assert first.SOPInstanceUID != original.SOPInstanceUID
    assert first.SOPInstanceUID == second.SOPInstanceUID
    assert first.file_meta.MediaStorageSOPInstanceUID == first.SOPInstanceUID
    assert first.StudyInstanceUID != deidentify_dataset(original, uid_salt="other site").StudyInstanceUID


@pytest.mark.parametrize("other_id", ["MRN-4417-2292", "4417-2291", "mrn-4417-2291"])
def test_patients_stay_apart_under_salted_pseudonyms(laden: Path, other_id: str) -> None:
    """One dummy Patient ID for everyone would merge patients in a PACS and in the different-patients check."""
    first = deidentify_dataset(pydicom.dcmread(laden), uid_salt="site key")
    other = pydicom.dcmread(laden)
    other.PatientID = other_id
    second = deidentify_dataset(other, uid_salt="site key")
    again = deidentify_dataset(pydicom.dcmread(laden), uid_salt="site key")
    assert first.PatientID != second.PatientID and first.PatientID == again.PatientID
    assert first.PatientID != deidentify_dataset(pydicom.dcmread(laden), uid_salt="another key").PatientID
    for clean, source in ((first, "MRN-4417-2291"), (second, other_id)):
        assert not any(part in str(clean.PatientID) for part in source.split("-") if len(part) > 2)
        assert leaks_in(dataset_text(clean)) == []


def test_deidentified_file_is_still_valid_dicom(laden: Path, tmp_path: Path) -> None:
    clean = deidentify_dataset(pydicom.dcmread(laden))
    clean.save_as(tmp_path / "clean.dcm", enforce_file_format=True)
    again = pydicom.dcmread(tmp_path / "clean.dcm")
    assert again.Modality == "CT" and again.pixel_array.shape == (128, 128)
    assert leaks_in((tmp_path / "clean.dcm").read_bytes().decode("latin-1")) == []


def test_header_identifiers_are_names_and_numbers_not_descriptions(laden: Path) -> None:
    found = read_header_identifiers(str(laden))
    for expected in ("Doe", "Jane", "Jane Doe", "Doe, Jane", "MRN-4417-2291", "ACC99887766", "Gregory House",
                     "St Elsewhere General Hospital"):  # fmt: skip
        assert expected in found
    assert not any("ABDOMEN" in value for value in found)
    assert header_identifiers(Dataset()) == []
    assert read_header_identifiers(str(laden.parent / "absent.dcm")) == []


@pytest.mark.parametrize(
    ("text", "kind", "gone"),
    [
        ("Contact jane.doe@example.com today", "email", "jane.doe@example.com"),
        ("Call (555) 123-4567 after noon", "phone", "123-4567"),
        ("Call +44 20 7946 0958 after noon", "phone", "7946 0958"),
        ("MRN: 44172291, seen today", "record_number", "44172291"),
        ("accession number ACC99887766", "record_number", "ACC99887766"),
        ("SSN 123-45-6789", "record_number", "123-45-6789"),
        ("DOB 14/03/1952, male", "date", "14/03/1952"),
        ("born on 3 March 1952", "date", "March 1952"),
        ("prior CT on 2023-01-05 showed a cyst", "date", "2023-01-05"),
        ("Referred by Dr. Gregory House for pain", "name", "Gregory House"),
        ("Patient: Doe, Jane. Pain.", "name", "Doe, Jane"),
        ("Name: Jane Doe", "name", "Jane Doe"),
        ("patient John Smith presented with pain", "name", "John Smith"),
        ("header said DOE^JANE^Q", "name", "DOE^JANE"),
    ],
)
def test_free_text_identifiers_are_replaced(text: str, kind: str, gone: str) -> None:
    result = scrub_text(text)
    assert gone not in result.text
    assert result.found.get(kind, 0) >= 1
    assert "[" in result.text


@pytest.mark.parametrize(
    "text",
    [
        "How would you classify the splenic enlargement based on volume?",
        "Spleen volume: normal < 314.5 cm3, mild 314.5-500, moderate 500-800 mL.",
        "Steatosis grade: G2 HU 39-50 or L/S 0.5-0.8; ratio 0.8-1.0; lesion 10.5-12.5 mm.",
        "AJCC T2 2-4 cm; liver 1000-1800 mL; age 65; 3 lesions in segment 4 of 8.",
        "What is the largest lesion diameter in the liver (in cm)? Answer A, B, C or D.",
        "Is there a PDAC in the pancreatic head? Compare with the prior.",
    ],
)
def test_clinical_text_is_left_alone(text: str) -> None:
    result = scrub_text(text)
    assert result.text == text and result.found == {}


def test_header_identifiers_are_scrubbed_wherever_they_recur() -> None:
    result = scrub_text("JANE was seen; doe reported pain; ref MRN-4417-2291.", ["Jane", "Doe", "MRN-4417-2291"])
    assert leaks_in(result.text) == []
    assert result.text.count("[NAME]") == 2 and "[ID]" in result.text


def test_ordinary_words_from_a_header_do_not_break_the_question() -> None:
    result = scrub_text("What is the liver volume?", ["Liver", "CT", "12"])
    assert result.text == "What is the liver volume?"


def test_scrub_case_cleans_free_text_and_keeps_structured_fields() -> None:
    case = Case.model_validate({
        "case_id": "BDMAP_00000001",
        "images": [{"path": "/data/ct.nii.gz"}],
        "question": "Jane Doe (MRN 44172291): how big is the spleen?",
        "choices": {"A": "Normal", "B": "Ask Dr. House"},
        "context": {"age": 71, "history": "DOB 1952-03-14; jane.doe@example.com", "labs": {"note": "tel 555-123-4567"}},
    })  # fmt: skip
    clean, counts = scrub_case(case, ["Jane", "Doe"])
    text = clean.model_dump_json()
    assert leaks_in(text) == [] and "Dr. [NAME]" in text
    assert clean.question == "[NAME] (MRN [ID]): how big is the spleen?"
    assert clean.case_id == case.case_id and clean.images == case.images and clean.context.age == 71
    assert sum(counts.values()) >= 6
    assert "Jane Doe" in case.question  # the original is not modified


def test_pseudonyms_are_stable_and_keep_kinds_apart() -> None:
    assert pseudonym("MRN-1", "patient") == pseudonym("MRN-1", "patient")
    assert pseudonym("MRN-1", "patient") != pseudonym("MRN-1", "study")
    assert "MRN" not in pseudonym("MRN-1", "patient")


@pytest.mark.slow
def test_a_whole_run_leaks_no_identifier(phantom_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A DICOM series full of identifiers and a question full of them, through every agent.

    Every prompt the reasoner backend is given, every log record, every progress event, the
    result JSON (evidence, trace, reasons), every artifact's metadata the store writes and the
    checkpoint file (the case as it was before triage must not outlive triage's checkpoint) are searched.
    """
    import json
    import logging

    import orchestrator
    from agents.reasoners.base import register, resolve
    from agents.reasoners.prompt import SYSTEM, user_prompt
    from imaging.volume import read_image
    from synthetic.dicom_series import write_dicom_series

    ct = read_image(phantom_dir / "ct.nii.gz")
    series = tmp_path / "series"
    write_dicom_series(ct.array, ct.affine, series, patient_id="MRN-4417-2291", study="1")
    for path in sorted(series.iterdir()):
        identifier_laden_dicom_from(path)
    prompts: list[str] = []

    @register("deid_capture")
    class Capture:
        name = "deid_capture"

        def __init__(self) -> None:
            self.inner = resolve("guideline")

        def answer(self, task):  # noqa: ANN001, ANN201 - the Reasoner protocol
            prompts.append(
                SYSTEM + "\n" + user_prompt(task) + "\n" + json.dumps([e.model_dump() for e in task.evidence])
            )
            return self.inner.answer(task)

    case = {
        "case_id": "deid-run",
        "images": [{"path": str(series), "masks": str(phantom_dir / "segmentations")}],
        "question": "Jane Doe (MRN 44172291, DOB 14/03/1952, tel 555-123-4567, jane.doe@example.com): "
                    "what is the volume of the spleen in mL?",
        "context": {"age": 71, "history": "Referred by Dr. Gregory House of St Elsewhere General Hospital."},
    }  # fmt: skip
    events: list[dict] = []
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "ck.sqlite"  # the checkpoint and the artifact store are searched too
    config = {"reasoner": "deid_capture", "store_dir": str(tmp_path / "store"), "checkpoint": str(db),
              "keep_checkpoint": True}
    result = orchestrator.run(case, config, on_event=events.append)

    assert result.status != "rejected", result.reasons
    assert prompts and "volume of the spleen" in prompts[0], "the reasoner backend was never asked"
    found = {
        "prompts": leaks_in("\n".join(prompts)),
        "logs": leaks_in("\n".join(r.getMessage() for r in caplog.records)),
        "events": leaks_in(json.dumps(events, default=str)),
        "result": leaks_in(result.model_dump_json()),
        "store": leaks_in(b"".join(p.read_bytes() for p in (tmp_path / "store").rglob("*.json")).decode("latin-1")),
        "checkpoint": leaks_in(b"".join(p.read_bytes() for p in tmp_path.glob("ck.sqlite*")).decode("latin-1")),
    }
    assert found == {k: [] for k in found}
    triage_checks = {e.name for e in result.evidence if e.agent == "triage"}
    assert {"identifiers_removed", "burned_in_annotation"} <= triage_checks


def identifier_laden_dicom_from(path: Path) -> None:
    """Rewrites one slice in place with every identifier of `IDENTIFIERS`, a nested one and a private element."""
    identifier_laden_dicom(path, source=path)


@pytest.mark.parametrize(("text", "gone"), [
    ("scanned 01 Jan 2024 10:15 (UTC+05:30): spleen volume?", ("10:15", "05:30")),
    ("CT on 2024-03-05 at 3:40 pm showed a 12.5 mm lesion", ("3:40",)),
    ("seen 5/6/2023, 14:02:11 GMT+1; liver 1200 mL", ("14:02", "GMT")),
    ("March 3, 2021 08:00 UTC-7 follow-up", ("08:00", "UTC")),
])
def test_the_time_and_offset_of_a_date_go_with_it(text: str, gone: tuple[str, ...]) -> None:
    scrubbed = scrub_text(text, model=False).text
    assert "[DATE]" in scrubbed and not any(part in scrubbed for part in gone)
    assert re.search(r"\d", scrubbed.replace("[DATE]", "")) is None or "mm" in scrubbed or "mL" in scrubbed


def test_a_time_without_a_date_is_kept() -> None:
    assert scrub_text("lesion ratio 10:15 on the current scan", model=False).text == "lesion ratio 10:15 on the current scan"
