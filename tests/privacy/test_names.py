"""Whole names by kind (`privacy.names`): names joined by a particle lose every part, and a surname
in capitals before a comma and given names is a name, in several frames; clinical words stay."""

from __future__ import annotations

import itertools
import re

import pytest

from privacy.deid import scrub_text

GIVEN = ["Siti Nurhaliza", "Rajesh Kumar", "Ana Lúcia", "Dafydd", "Maria"]
PARTICLE = ["binti", "s/o", "dos", "ap", "del"]
FAMILY = ["Ahmad", "Muthusamy", "Santos", "Rhys", "Carmen"]
FRAMES = ["Patient {} presents with RUQ pain; Bosniak IIF cyst.", "Referral for {} with a 4 cm pancreatic head mass."]


def _left(name: str, out: str) -> list[str]:
    words = [w for w in name.split() if w not in PARTICLE]
    return [w for w in words if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", out)]


@pytest.mark.parametrize("frame", FRAMES, ids=["presents", "referral"])
def test_names_joined_by_a_particle_lose_every_part(frame: str) -> None:
    left = {}
    for given, particle, family in itertools.product(GIVEN, PARTICLE, FAMILY):
        name = f"{given} {particle} {family}"
        out = scrub_text(frame.format(name)).text
        assert "Bosniak IIF" in out or "4 cm" in out, out
        if _left(name, out):
            left[name] = out
    assert len(left) <= len(GIVEN) * len(PARTICLE) * len(FAMILY) // 10, list(left.items())[:5]


@pytest.mark.parametrize(
    "name", ["SMITH, John Robert", "GARCÍA-MÁRQUEZ, José Luis", "PAGET, Rosemary", "O'LEARY, Margaret", "DE LA CRUZ, Ana"]
)
@pytest.mark.parametrize("frame", ["Name on request: {}; PSA 38.", "{}; CT ABD/PELVIS, Gleason 4+3."])
def test_a_surname_in_capitals_before_given_names_is_a_name(name: str, frame: str) -> None:
    out = scrub_text(frame.format(name)).text
    assert not _left(name.replace(",", ""), out), out
    assert "PSA 38" in out or "CT ABD/PELVIS, Gleason 4+3" in out, out
