"""Kinds of identifier the end-to-end leak test (leak10) found left in a scrubbed history, each
varied in country, institution and wording: an address introduced by its context (``living at``,
``resident of``, ``address:``) goes to the end of its clause whatever its form; house, flat and
building numbers beside street words in several languages go with it; an institution written as a
compound word (``Universitatsmedizin``, ``Kantonsspital``), accents or not, goes whole; the
clinical words around them stay."""

from __future__ import annotations

import re

import pytest

from privacy.deid import scrub_text

INTROS = ["{n} living at {a}. Seen in clinic.", "Lives at {a}; {n} has pain.", "Resident of {a}. CT today.",
          "Address: {a}. Referred by GP.", "{n}, residing at {a}, presented on call.", "Home address is {a}. Pain."]
ADDRESSES = [
    "Ulitsa Lenina 7, kv 12, Kazan 420111",           # Russian: street first, flat (kv)
    "prospekt Mira 101, kv. 9, Moskva",                # lower-case street word first
    "ul. Marszałkowska 10/4, 00-590 Warszawa",         # Polish
    "No 12, 5th Main Road, Indiranagar, Chennai 600020",  # Indian cross/main numbering
    "Flat 3, 2nd Cross, Koramangala, Mysuru",
    "Way 2145, Building 7, Ruwi, Salalah",             # Omani way/building
    "Calle Mayor 15, 3º B, Zaragoza",                  # Spanish
    "Via Garibaldi 22, Torino",                        # Italian
    "Hauptstraße 5, Wohnung 3, Graz",                  # Austrian
    "Block 14, Sector 62, Noida",
]
NAMES = ["Olga Sidorova", "Ravi Kumar", "Hamad Al-Rawahi"]
CLINICAL = "Prior CT showed a 14 mm liver lesion in segment VII, staged T2N0M0."


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w]){re.escape(word)}(?![\w])", text))


def _left(address: str, out: str, without: str) -> list[str]:
    """The address's words left in `out` more often than in the same text without the address."""
    generic = {"No", "kv", "ul", "Flat", "Way", "Building", "Block", "Sector", "Road", "Cross", "Main", "Via", "Calle"}
    words = {w.strip(",.;") for w in re.split(r"[\s/]+", address)} - generic - {""}
    return [w for w in words if _count(w, out) > _count(w, without)]


@pytest.mark.parametrize("intro", INTROS)
def test_an_introduced_address_goes_whole_in_every_form(intro: str) -> None:
    left = {}
    for i, address in enumerate(ADDRESSES):
        text = intro.format(n=NAMES[i % len(NAMES)], a=address) + " " + CLINICAL
        out = scrub_text(text).text
        assert CLINICAL in out, out
        remaining = _left(address, out, intro + " " + CLINICAL)
        if remaining:
            left[address] = (remaining, out)
    assert not left, left


@pytest.mark.parametrize(
    "text",
    ["Lives at home with her daughter; 14 mm lesion in segment 7.", "Discharged home at 14:00 after drainage.",
     "Resident of a nursing home, 2.1 cm cyst in the left kidney.", "Living at altitude, Hb 18 g/dL.",
     "Address: the 3 cm mass abuts the portal vein.", "Lives at home, independent, ECOG 1, Bosniak IIF cyst."],
)  # fmt: skip
def test_address_words_without_an_address_keep_the_clinical_text(text: str) -> None:
    assert scrub_text(text, model=False).text == text


@pytest.mark.parametrize(
    "institution",
    ["Charite Universitatsmedizin Berlin", "Universitätsklinikum Hamburg-Eppendorf", "Kantonsspital Baselland",
     "Stadtspital Zürich Triemli", "Herzzentrum Leipzig", "Semmelweis Egyetem Kórház",
     "City Clinical Hospital No 5", "Krankenhaus Nordwest", "Universitaetsmedizin Greifswald"],
)  # fmt: skip
@pytest.mark.parametrize("frame", ["Seen at {} by Dr. Anna Weber on call.", "Transferred from {}; 14 mm liver lesion.",
                                   "{} CT showed a 2.1 cm cyst."])
def test_a_compound_institution_goes_whole(institution: str, frame: str) -> None:
    out = scrub_text(frame.format(institution)).text
    distinctive = [w for w in re.split(r"[\s\-]+", institution) if w[:1].isupper() or w.isdigit()]
    assert not [w for w in distinctive if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", out)], out
    for kept in ("14 mm liver lesion", "2.1 cm cyst"):
        if kept in frame:
            assert kept in out, out


@pytest.mark.parametrize(
    "text",
    ["Hospitalization for pancreatitis in 2019; 14 mm lesion.", "The centre of the lesion enhances in segment IVb.",
     "Epicentre of oedema at the pancreatic head, 3 cm.", "Clinical staging T3N1; hospital stay 5 days."],
)  # fmt: skip
def test_institution_words_in_clinical_text_stay(text: str) -> None:
    assert scrub_text(text, model=False).text == text
