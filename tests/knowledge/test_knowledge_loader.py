"""Loading the base: profiles, the user's own documents, errors, the content hash, lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from knowledge import (
    AmbiguousCriterionError,
    CriterionNotFoundError,
    DuplicateEntryError,
    EntryFormatError,
    UnknownProfileError,
)

USER_MD = """---
id: site-spleen-cutoff
title: Our spleen cut-off
profile: mysite
topic: spleen-volume
organs: [spleen]
question_subtypes: [splenomegaly detection]
source: {name: Site protocol 12, year: 2024, section: spleen}
criterion:
  labels: [normal, enlarged]
  combine: any
  quantities:
    - quantity: spleen.volume_ml
      unit: mL
      bands:
        - {label: normal, lower: 0, upper: 350, inclusive: both}
        - {label: enlarged, lower: 350, inclusive: neither}
---
Our department calls a spleen enlarged only above 350 mL, measured on portal venous CT.
"""

USER_YAML = """
- id: site-note
  title: Reporting note of our department
  text: Always state the phase of contrast in which each attenuation was measured.
  source: {name: Site reporting manual, url: "https://intranet.example/manual"}
"""


def test_default_profile_keeps_deeptumorvqa_and_guidelines() -> None:
    base = knowledge.load_base()
    assert base.profile == "deeptumorvqa"
    assert "dtvqa-spleen-volume-grade" in base and "recist11-response" in base
    assert "radgpt-spleen-volume" not in base and "radgpt-fatty-liver" not in base
    assert "dtvqa-hepatic-steatosis-grade" in base


def test_radgpt_profile_replaces_only_the_topics_it_covers() -> None:
    base = knowledge.load_base("radgpt")
    assert "radgpt-spleen-volume" in base
    assert "dtvqa-spleen-volume-grade" not in base and "dtvqa-splenomegaly-detection" not in base
    assert "dtvqa-hepatic-steatosis-grade" in base  # no RadGPT version: kept
    assert "bosniak-2019-cystic-mass" in base


def test_all_profile_and_unknown_profile() -> None:
    assert len(knowledge.load_base("all")) > len(knowledge.load_base())
    with pytest.raises(UnknownProfileError, match="nosuch"):
        knowledge.load_base("nosuch")


def test_user_documents_join_the_base_and_can_define_a_profile(tmp_path: Path) -> None:
    (tmp_path / "spleen.md").write_text(USER_MD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.yaml").write_text(USER_YAML)
    default = knowledge.load_base(extra_dirs=[tmp_path])
    assert "site-note" in default and "site-spleen-cutoff" not in default  # other profile's topic version
    mine = knowledge.load_base("mysite", extra_dirs=[tmp_path])
    entry = mine.get("site-spleen-cutoff")
    assert entry.text.startswith("Our department")
    assert "dtvqa-spleen-volume-grade" not in mine and "radgpt-spleen-volume" not in mine
    assert knowledge.find_criterion(mine, "splenomegaly detection").id == "site-spleen-cutoff"
    assert entry.classify({"spleen.volume_ml": 340.0}).label == "normal"
    assert mine.origins["site-note"].endswith("notes.yaml")


def test_markdown_title_from_heading_and_id_from_file_name(tmp_path: Path) -> None:
    (tmp_path / "Liver_Note.md").write_text(
        "---\nsource: {name: Site manual, year: 2023}\n---\n# Liver note\n"
        "Measure the liver on the portal venous phase, never the arterial phase.\n"
    )
    entry = knowledge.load_base(extra_dirs=[tmp_path], include_builtin=False).get("liver-note")
    assert entry.title == "Liver note" and entry.profile == "guideline"


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("bad.yaml", "id: [unclosed", "not valid YAML"),
        ("nosource.yaml", "id: x-y\ntitle: Title\ntext: some text that is long enough\n", "source"),
        (
            "badid.yaml",
            "id: Bad Id\ntitle: T t\ntext: text that is long enough here\nsource: {name: abc}\n",
            "lower-case",
        ),
        ("nofront.md", "# Title only\nno front matter here\n", "front-matter"),
        ("scalar.yaml", "42\n", "expected an entry"),
    ],
)
def test_malformed_documents_name_the_file(tmp_path: Path, name: str, content: str, match: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(EntryFormatError, match=match) as info:
        knowledge.load_base(extra_dirs=[tmp_path])
    assert name in str(info.value)


def test_duplicate_ids_and_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "dup.yaml").write_text(
        "id: recist11-response\ntitle: Dup entry\ntext: a duplicate of a shipped id\n"
        "source: {name: someone, year: 2020}\n"
    )
    with pytest.raises(DuplicateEntryError, match="recist11-response"):
        knowledge.load_base(extra_dirs=[tmp_path])
    with pytest.raises(EntryFormatError, match="does not exist"):
        knowledge.load_base(extra_dirs=[tmp_path / "absent"])


def test_content_hash_changes_with_any_entry(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text(USER_YAML)
    first = knowledge.load_base(extra_dirs=[tmp_path])
    assert first.content_hash == knowledge.load_base(extra_dirs=[tmp_path]).content_hash
    (tmp_path / "notes.yaml").write_text(USER_YAML.replace("Always", "Please always"))
    assert knowledge.load_base(extra_dirs=[tmp_path]).content_hash != first.content_hash


# --- find_criterion ----------------------------------------------------------------------------

BASE = knowledge.load_base()


@pytest.mark.parametrize(
    ("key", "organ", "expected"),
    [
        ("splenomegaly grading", None, "dtvqa-spleen-volume-grade"),
        ("Splenomegaly Detection", None, "dtvqa-splenomegaly-detection"),
        ("organ enlargement", "liver", "dtvqa-liver-volume"),
        ("organ enlargement", "kidney_left", "dtvqa-kidney-volume"),
        ("organ enlargement", "spleen", "dtvqa-splenomegaly-detection"),
        ("hepatic steatosis grading", None, "dtvqa-hepatic-steatosis-grade"),
        ("pancreatic tumor staging", None, "ajcc8-pancreas-t"),
        ("renal mass characterization", None, "dtvqa-renal-mass-hu"),
        ("liver lesion existence", None, "dtvqa-lesion-existence"),
        ("liver.caudate_right_lobe_ratio", None, "dtvqa-portal-hypertension"),
        ("liver_lesion.tumor_burden_pct", None, "dtvqa-tumor-burden"),
        ("kidney_right.volume_ml", None, "dtvqa-kidney-volume"),
        ("pancreas/spleen.hu_ratio", None, "dtvqa-pancreatic-steatosis"),
        ("lymph_node.short_axis_mm", None, "recist11-lymph-node"),
    ],
)
def test_find_criterion(key: str, organ: str | None, expected: str) -> None:
    assert knowledge.find_criterion(BASE, key, organ=organ).id == expected


def test_find_criterion_every_medical_reasoning_subtype_resolves() -> None:
    for subtype in knowledge.subtypes.MEDICAL_REASONING:
        if subtype == "PDAC vs PNET classification":  # the type is descriptive; only "is it solid?" has thresholds
            assert knowledge.find_criterion(BASE, subtype).id == "pancreatic-lesion-solid-vs-cystic"
            continue
        if subtype in ("pancreatic cyst resectability", "pseudocyst determination"):
            # the cyst/solid criterion types the lesion asked about (agents.reasoners.asked_kind); the other decides
            ids = {e.id for e in knowledge.find_criteria(BASE, subtype)}
            assert "pancreatic-lesion-solid-vs-cystic" in ids and len(ids) == 2, ids
            continue
        if subtype == "lesion type classification":  # cyst or solid, by the organ's own criterion
            assert knowledge.find_criterion(BASE, subtype, organ="kidney").id == "dtvqa-kidney-lesion-solid-vs-cyst"
            assert knowledge.find_criterion(BASE, subtype, organ="liver").id == "hepatic-lesion-solid-vs-cystic"
            continue
        assert knowledge.find_criterion(BASE, subtype).criterion is not None


def test_find_criterion_ambiguous_and_missing() -> None:
    with pytest.raises(AmbiguousCriterionError, match="dtvqa-spleen-volume-grade"):
        knowledge.find_criterion(BASE, "spleen.volume_ml")
    with pytest.raises(AmbiguousCriterionError):
        knowledge.find_criterion(BASE, "organ enlargement")
    with pytest.raises(CriterionNotFoundError, match="heart"):
        knowledge.find_criterion(BASE, "heart.volume_ml")
    assert {e.id for e in knowledge.find_criteria(BASE, "spleen.volume_ml")} == {
        "dtvqa-spleen-volume-grade",
        "dtvqa-splenomegaly-detection",
        "dtvqa-portal-hypertension",
    }


def test_organ_family() -> None:
    assert knowledge.organ_family("kidney_left") == "kidney"
    assert knowledge.organ_family("liver_lesion_2") == "liver"
    assert knowledge.organ_family("pancreas_head") == "pancreas"
    assert knowledge.organ_family("spleen") == "spleen"
