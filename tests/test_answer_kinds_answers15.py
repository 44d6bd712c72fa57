"""Kinds of answers15: the lesion kind a question names ("the solid pancreatic tumour", "the cystic renal lesion")
picks the lesion the answer rests on, whatever its size beside lesions of the other kind.

Unit cases vary the organ (pancreas, kidney, liver), the order of sizes (the solid lesion larger or smaller than the
cyst), how each lesion's kind is known (its source mask, an AbdomenAtlas 3.0 typed mask, its HU by the cited content
criterion) and the phrasing. End-to-end cases are phantoms of any seed, orientation and spacing with a cyst in its
own `pancreas_cyst` mask and a solid tumour in `pancreas_tumor` (`tests.typed_lesion_cases`, "split").
"""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from agents.reasoners.asked_kind import asked_lesion, asked_view
from core.case import Evidence
from core.state import Intent
from questions.lesion_kinds import lesion_kind_named
from tests.typed_lesion_cases import make_case

BASE = knowledge.shared_base("deeptumorvqa", ())
CONTENT = {"pancreas_lesion": BASE.get("pancreatic-lesion-solid-vs-cystic"),
           "kidney_lesion": BASE.get("dtvqa-kidney-lesion-solid-vs-cyst"), "liver_lesion": None}


@pytest.mark.parametrize(("text", "kind"), [
    ("Is the solid pancreatic tumour a PDAC or a PNET?", "solid"),
    ("What is the most likely diagnosis of the enhancing lesion in the pancreas?", "solid"),
    ("What is the AJCC T stage of the hypodense tumour in the pancreatic head?", "solid"),
    ("Characterise the hyperenhancing renal mass by its attenuation.", "solid"),
    ("What is the attenuation of the non-cystic liver lesion?", "solid"),
    ("What is the mean HU of the largest kidney cyst?", "cyst"),
    ("How does the cystic pancreatic lesion enhance relative to the gland?", "cyst"),
    ("Characterise the non-enhancing renal lesion.", "cyst"),
    ("Is the largest renal lesion a cyst?", None),  # asks the kind
    ("Is the renal mass solid or cystic?", None),
    ("Is the lesion a solid tumour or a cyst?", None),
    ("What is the AJCC T category of the pancreatic tumor?", None),  # names no kind
    ("Is the lesion a solid tumour?", None),
])
def test_the_kind_named_is_read_and_a_kind_asked_is_not(text: str, kind: str | None) -> None:
    assert lesion_kind_named(text) == kind


def _lesions(group: str, organ: str, lesions: list[tuple[str, float, float]], route: str) -> dict[str, Evidence]:
    """Evidence by key for a group's lesions, largest first: (kind, volume mL, mean HU) each; the kind is known by
    `route`: "source" (a cyst mask beside the tumour mask), "counts" (the same masks counted, the lesions' own masks
    not carried: the benchmark harness's tool results), "typed" (AbdomenAtlas 3.0 typed masks) or "content"."""
    cyst_mask = {"pancreas_lesion": "pancreas_cyst", "kidney_lesion": "kidney_cyst"}.get(group, "liver_cyst")
    items = [Evidence.make("measurement", "measurement", "lesion_count", group, value=len(lesions), unit="count"),
             Evidence.make("measurement", "measurement", "mean_hu", organ, value=45.0, unit="HU"),
             Evidence.make("measurement", "measurement", "std_hu", organ, value=10.0, unit="HU")]
    if route in ("source", "counts"):
        items.append(Evidence.make("measurement", "measurement", "lesion_count", cyst_mask, unit="count",
                                   value=sum(k == "cyst" for k, _, _ in lesions), provenance={"masks": [f"mask:{cyst_mask}"]}))
    if route == "typed":
        items.append(Evidence.make("measurement", "measurement", "typed_masks", group, value=cyst_mask))
    for n, (kind, volume, hu) in enumerate(lesions, start=1):
        mask = cyst_mask if kind == "cyst" and route == "source" else f"{organ}_tumor"
        items.append(Evidence.make("measurement", "measurement", "volume_ml", f"{group}_{n}", value=volume, unit="mL",
                                   provenance={"masks": [f"mask:{mask}"] if route != "counts" else []}))
        items.append(Evidence.make("measurement", "measurement", "mean_hu", f"{group}_{n}", value=hu, unit="HU"))
        items.append(Evidence.make("finding", "reasoner", "hu_difference_in_organ_sd", f"{group}_{n}",
                                   value=(hu - 45.0) / 10.0, unit="ratio"))
        if route == "typed" and kind == "cyst":
            items.append(Evidence.make("measurement", "measurement", "lesion_type", f"{group}_{n}", value="cyst"))
    first = lesions[0]
    items += [Evidence.make("measurement", "measurement", "largest_lesion_volume_ml", group, value=first[1], unit="mL"),
              Evidence.make("measurement", "measurement", "largest_lesion_mean_hu", group, value=first[2], unit="HU"),
              Evidence.make("finding", "reasoner", "hu_difference_in_organ_sd", group, value=(first[2] - 45.0) / 10.0,
                            unit="ratio")]
    return {f"{e.target}.{e.name}": e for e in items}


ORGAN = {"pancreas_lesion": "pancreas", "kidney_lesion": "kidney_left", "liver_lesion": "liver"}


@pytest.mark.parametrize(("group", "lesions", "route", "kind", "rank"), [
    ("pancreas_lesion", [("cyst", 14.0, 6.0), ("solid", 3.0, 95.0)], "source", "solid", 2),  # the reported case
    ("pancreas_lesion", [("solid", 20.0, 33.0), ("cyst", 4.0, 5.0)], "source", "solid", 1),
    ("pancreas_lesion", [("solid", 20.0, 33.0), ("cyst", 4.0, 5.0)], "source", "cyst", 2),
    ("pancreas_lesion", [("cyst", 9.0, 4.0), ("cyst", 5.0, 8.0), ("solid", 2.0, 80.0)], "typed", "solid", 3),
    ("pancreas_lesion", [("cyst", 9.0, 4.0), ("solid", 5.0, 90.0)], "content", "solid", 2),
    ("pancreas_lesion", [("cyst", 9.0, 25.0), ("solid", 5.0, 90.0)], "content", "solid", None),  # 25 HU: unknown
    ("kidney_lesion", [("cyst", 30.0, 8.0), ("solid", 6.0, 60.0)], "source", "solid", 2),
    ("kidney_lesion", [("solid", 30.0, 60.0), ("cyst", 6.0, 8.0)], "content", "cyst", 2),
    ("kidney_lesion", [("cyst", 30.0, 8.0), ("solid", 6.0, 60.0)], "content", "solid", 2),
    ("liver_lesion", [("cyst", 40.0, 5.0), ("solid", 10.0, 70.0)], "typed", "solid", 2),
    ("liver_lesion", [("cyst", 40.0, 5.0), ("solid", 10.0, 70.0)], "content", "solid", None),  # no content criterion
    ("kidney_lesion", [("cyst", 30.0, 8.0), ("cyst", 6.0, 9.0)], "source", "solid", None),  # none of the kind
    # every lesion from one mask: its kind is known from the counts alone (suite N through the harness)
    ("kidney_lesion", [("cyst", 30.0, 8.0), ("cyst", 6.0, 9.0)], "counts", "cyst", 1),
    ("kidney_lesion", [("cyst", 12.0, 8.0)], "counts", "cyst", 1),
    ("pancreas_lesion", [("solid", 12.0, 80.0), ("solid", 3.0, 60.0)], "counts", "solid", 1),
    ("pancreas_lesion", [("solid", 12.0, 80.0), ("solid", 3.0, 60.0)], "counts", "cyst", None),
    ("pancreas_lesion", [("cyst", 14.0, 6.0), ("solid", 3.0, 95.0)], "counts", "solid", None),  # mixed: unknown
])
def test_the_named_kind_picks_its_largest_lesion(group: str, lesions: list, route: str, kind: str,
                                                 rank: int | None) -> None:
    by_key = _lesions(group, ORGAN[group], lesions, route)
    for task in ("largest lesion attenuation", "pancreatic tumor staging", "renal mass characterization"):
        intent = Intent(task=task, lesion=group, lesion_kind=kind,  # type: ignore[arg-type]
                        quantities=[f"{group}.largest_lesion_mean_hu"])
        asked = asked_lesion(intent, by_key, CONTENT[group])
        assert asked is not None and asked.rank == rank, asked
        view = asked_view(intent, by_key, CONTENT[group])
        if rank is None:
            assert f"{group}.largest_lesion_mean_hu" not in view and asked.reason
            continue
        for name, own in (("largest_lesion_mean_hu", "mean_hu"), ("largest_lesion_volume_ml", "volume_ml"),
                          ("hu_difference_in_organ_sd", "hu_difference_in_organ_sd")):
            assert view[f"{group}.{name}"].value == by_key[f"{group}_{rank}.{own}"].value
        assert lesions[rank - 1][0] == kind
        plain = Intent(task=task, lesion=group, quantities=[f"{group}.largest_lesion_mean_hu"])
        if task != "pancreatic tumor staging":  # AJCC T stages the solid tumour whether or not the question says so
            assert asked_view(plain, by_key, CONTENT[group]) is by_key  # no kind named: the group's largest


def _run(case: Path, question: str, choices: dict[str, str] | None = None):  # noqa: ANN202 - CaseResult
    from tests.phantom_inputs import run_case

    return run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                     "question": question, **({"choices": choices} if choices else {})})


PDAC_PNET = ["Is the solid pancreatic tumour more likely a PDAC or a PNET?",
             "PDAC vs PNET: classify the enhancing pancreatic mass.",
             "Which is the more likely diagnosis for the solid lesion in the pancreas, PDAC or PNET?"]


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout", "question"), [
    (41, "RAS", (2.0, 2.0, 4.0), [("cyst", 28), ("PNET", 14)], PDAC_PNET[0]),  # the cyst is larger
    (42, "LPS", (1.8, 1.8, 5.0), [("PDAC", 16), ("cyst", 26)], PDAC_PNET[1]),
    (43, "PIR", (2.0, 2.0, 3.0), [("PNET", 26), ("cyst", 14)], PDAC_PNET[2]),  # the solid one is larger
])
def test_pdac_or_pnet_is_answered_from_the_solid_tumour_beside_a_larger_cyst(
        tmp_path: Path, seed: int, orientation: str, spacing: tuple, layout: list, question: str) -> None:
    truth = make_case(tmp_path / "case", seed, orientation, spacing, layout, "split")
    solid = next(t for t in truth if t.kind in ("PDAC", "PNET"))
    choices = {"A": "PNET (pancreatic neuroendocrine tumor)", "B": "PDAC (pancreatic ductal adenocarcinoma)"}
    result = _run(tmp_path / "case", question, choices)
    assert result.status == "answered", result.reasons
    assert choices[result.answer].startswith(solid.kind), result.answer_detail
    cited = [e for e in result.evidence if e.id in result.answer_detail.evidence_ids]
    assert any(e.name.endswith("mean_hu") and e.value == pytest.approx(solid.mean_hu, abs=0.6) for e in cited), cited
    assert result.review.consistent, result.review
