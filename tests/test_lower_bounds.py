"""A lower bound decides a single-quantity criterion only when every value from it upward has one label
(`knowledge.bounds.bounded_label`, read by the reasoner and the reviewer). The expected label is found here by
classifying sample values at and above the bound against the YAML bands, not by the code under test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.bounds import LOWER_BOUND, bounded_label
from knowledge.loader import shared_base

ENTRIES = {e["id"]: e for f in (Path(__file__).parents[1] / "knowledge" / "entries").glob("*.yaml")
           for e in (yaml.safe_load(f.read_text()) or {}).get("entries", [])}


def _label(bands: list[dict], value: float) -> str:
    for band in bands:
        low, high, inclusive = band.get("lower"), band.get("upper"), band.get("inclusive", "lower")
        above = low is None or value > low or (value == low and inclusive in ("lower", "both"))
        below = high is None or value < high or (value == high and inclusive in ("upper", "both"))
        if above and below:
            return band["label"]
    raise AssertionError(value)


def _cases() -> list[tuple[str, str, float]]:
    out = []
    for entry_id, organ in (("dtvqa-splenomegaly-detection", "spleen"), ("dtvqa-spleen-volume-grade", "spleen"),
                            ("dtvqa-liver-volume", "liver")):
        bands = ENTRIES[entry_id]["criterion"]["quantities"][0]["bands"]
        edges = sorted({b[k] for b in bands for k in ("lower", "upper") if b.get(k) is not None})
        for edge in edges:
            out += [(entry_id, organ, v) for v in (edge - 0.5, float(edge), edge + 0.5) if v > 0]  # volumes only
    return out


@pytest.mark.parametrize(("entry_id", "organ", "bound"), _cases())
def test_a_bound_decides_only_when_every_larger_value_has_one_label(entry_id: str, organ: str, bound: float) -> None:
    bands = ENTRIES[entry_id]["criterion"]["quantities"][0]["bands"]
    edges = [b[k] for b in bands for k in ("lower", "upper") if b.get(k) is not None and b[k] >= bound]
    labels = {_label(bands, v) for v in [bound, *edges, *(e + 0.01 for e in edges), 1e6]}
    expected = labels.pop() if len(labels) == 1 else None
    values = {f"{organ}.volume_ml{LOWER_BOUND}": bound, "liver.mean_hu": 55.0}
    assert bounded_label(shared_base().get(entry_id), values, organ, None) == expected


def test_a_measured_value_is_not_replaced_by_its_bound() -> None:
    values = {"spleen.volume_ml": 200.0, f"spleen.volume_ml{LOWER_BOUND}": 900.0}
    assert bounded_label(shared_base().get("dtvqa-splenomegaly-detection"), values, "spleen", None) is None


@pytest.mark.parametrize(("entry_id", "organ", "others"), [
    ("dtvqa-splenomegaly-detection", "spleen", {}),
    ("dtvqa-spleen-volume-grade", "spleen", {}),
    ("dtvqa-liver-volume", "liver", {}),
    ("dtvqa-portal-hypertension", "spleen", {"liver.caudate_right_lobe_ratio": 0.3}),
])  # fmt: skip
def test_a_predicted_mask_at_the_edge_is_no_bound(entry_id: str, organ: str, others: dict) -> None:
    """A predicted mask that touches the scan's edge may have leaked out of it (suite AD, predicted mode: a spleen drawn
    712 mL against 254 mL, touching both ends, had been read as "at least 712 mL": portal hypertension). Its imaged part
    carries a plausible error, and with one it bounds nothing; the same value from a provided mask decides."""
    values = {f"{organ}.volume_ml{LOWER_BOUND}": 5000.0, **others}
    assert bounded_label(shared_base().get(entry_id), values, organ, None) is not None
    erred = {**values, f"{organ}.volume_ml_plausible_error": 120.0}
    assert bounded_label(shared_base().get(entry_id), erred, organ, None) is None
