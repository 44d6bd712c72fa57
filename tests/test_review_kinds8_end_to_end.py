"""End to end with the real agents, for the kinds reviewer set 8 showed: phantoms are run through the pipeline, the
saved result is edited as an editor would, and `review_result` (what `clinorch review` runs) judges it.

Kinds: a rounded value and zero in words pass; a squared unit, an N/M stage nothing staged, a kidney lesion said
bilateral or placed on its empty side, an interval the evidence does not date, a resolved lesion when none went,
and a T category asked but answered with another criterion's category are flagged. Two phantoms (kidney lesion on
either side, two orientations and spacings, a follow-up pair); expected values come from the result's own evidence,
never typed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_runs import answered, evidence_value, failed_checks, run_once

SPECS = {"right": dict(seed=81, liver_lesions=3, kidney_lesion="solid", kidney_lesion_side="right", orientation="RAS"),
         "left": dict(seed=82, liver_lesions=0, kidney_lesion="solid", kidney_lesion_side="left",
                      spacing=(1.6, 1.6, 4.0))}


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from synthetic.pairs import derive_study
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("kinds8")
    for name, spec in SPECS.items():
        make_phantom(root / name, PhantomSpec(**spec))  # type: ignore[arg-type]
    derive_study(root / "right", root / "right_prior", (1.0, 1.0, 0.0), seed=5)  # the current study gains a lesion
    return {name: root / name for name in (*SPECS, "right_prior")}


@pytest.mark.parametrize("name", list(SPECS))
def test_a_rounded_volume_passes_and_a_squared_one_fails(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "What is the liver volume in mL?"))
    volume = evidence_value(result, "liver", "volume_ml")
    assert not failed_checks(result, f"Roughly {round(volume, -1):.0f} mL.")
    assert "numeric_grounding" in failed_checks(result, f"Roughly {round(volume, -1) + 20:.0f} mL.")
    assert "numeric_grounding" in failed_checks(result, f"{volume:.1f} mL².")


def test_zero_in_words_is_the_count(phantoms: dict[str, Path]) -> None:
    empty = answered(run_once(phantoms, "left", "How many liver lesions are there?"))
    assert evidence_value(empty, "liver_lesion", "lesion_count") == 0
    assert not failed_checks(empty, "None.") and not failed_checks(empty, "No liver lesions are present.")
    some = answered(run_once(phantoms, "right", "How many liver lesions are there?"))
    assert "answer_kind" in failed_checks(some, "None.")


@pytest.mark.parametrize("name", list(SPECS))
def test_a_kidney_lesion_on_its_own_side_only(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "What is the AJCC 8th edition T category of the kidney tumour?"))
    own, other = name, "left" if name == "right" else "right"
    category = (result.answer_detail.text if result.answer_detail else str(result.answer)).split(".")[0]
    assert not failed_checks(result, f"{category}; a {own} renal tumour.")
    assert "side" in failed_checks(result, f"{category}; bilateral renal tumours.")
    assert "side" in failed_checks(result, f"{category}; another tumour also in the {other} kidney.")
    assert "support" in failed_checks(result, f"{category} N1 M0.")
    assert "parts" in failed_checks(result, "Solid.")  # a T category asked, a lesion type given


def test_an_interval_and_a_resolved_lesion_rest_on_the_counts(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "right", "How many liver lesions are there now?", prior=True))
    count = evidence_value(result, "liver_lesion", "lesion_count")
    assert evidence_value(result, "new_lesions", "lesion_count") >= 1
    assert not failed_checks(result, f"{count:.0f}.")
    assert "support" in failed_checks(result, f"{count:.0f}, over a two-year interval.")
    assert "support" in failed_checks(result, f"{count:.0f}; one of the earlier lesions has resolved.")
