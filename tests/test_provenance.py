"""The typed provenance of evidence: named fields, extras, JSON-safe values, and reading by key."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from core.case import Evidence
from core.provenance import Provenance, plain


def test_fields_extras_and_key_access_agree() -> None:
    item = Evidence.make("finding", "reasoner", "hu_ratio", "liver/spleen", value=1.1,
                         provenance={"formula": "ratio", "inputs": ("a", "b"), "grid": "native"})
    p = item.provenance
    assert isinstance(p, Provenance)
    assert p.formula == "ratio" and p.inputs == ["a", "b"] and p.get("grid") == "native"
    assert p["inputs"] == ["a", "b"] and "grid" in p and "masks" not in p and p.get("masks", []) == []
    assert set(p) == {"formula", "inputs", "grid"} and {**p} == {"formula": "ratio", "inputs": ["a", "b"], "grid": "native"}
    with pytest.raises(KeyError):
        p["masks"]  # noqa: B018 - unset is absent, as in a dict


@pytest.mark.parametrize("value", [np.float32(0.5), np.int16(3), np.array([1.5, 2.5]), (np.float64(1.0),), {np.int64(1)}])
def test_numpy_and_tuples_become_plain_json(value: object) -> None:
    item = Evidence.make("measurement", "measurement", "x", "liver", provenance={"v": value}, value=np.float64(2.0))
    assert type(item.value) is float
    again = Evidence.model_validate_json(item.model_dump_json())
    assert again == item and again.provenance["v"] == plain(value)


def test_values_without_a_json_form_are_refused_naming_them() -> None:
    assert plain(date(2026, 1, 2)) == "2026-01-02"
    with pytest.raises(TypeError, match="object"):
        Evidence.make("check", "triage", "x", provenance={"bad": object()})
