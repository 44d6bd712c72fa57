"""Whole addresses by kind (`privacy.address`): every combination of a unit or box, a street, a
town and a postcode, in several formats and sentence frames, leaves none of its words; the clinical
words after it survive."""

from __future__ import annotations

import itertools
import re

import pytest

from privacy.deid import scrub_text

UNITS = ["", "Apt 3B, ", "Unit 5/", "Flat No. 302, ", "Room 12, ", "Suite 900, "]
STREETS = ["14 Kembla Street", "4127 N. Kedzie Ave", "8 place Bellecour", "Karl-Marx-Allee 34", "88-90 Smith Road"]
TOWNS = [
    ", Wollongong NSW 2500", ", Chicago, IL 60618", ", 69002 Lyon", ", Ballincollig, Co. Cork P31 FX29",
    ", Toronto, Ontario M5G 1Z3", ", 1016 GV Amsterdam",
]  # fmt: skip
BOXES = ["PO Box 331, Alice Springs NT 0871", "RR 2 Box 145, Plainview, NE 68769", "RMB 2140, Nar Nar Goon VIC 3812",
         "Rural Route 3, Box 18A, Hartington, Nebraska 68739", "c/o Familie Schäfer, Am Mühlbach 3, 83646 Bad Tölz"]
FRAMES = [
    ("Lives at {}; Deauville 4 on interim PET.", "Deauville 4"),
    ("Mail results to {}, Bosniak IIF.", "Bosniak IIF"),
    ("Address: {} — BP 182/104, 5.2 cm lesion.", "BP 182/104, 5.2 cm"),
    ("Collected from {}; Gleason 3+4 on biopsy.", "Gleason 3+4"),
]
WORDS_KEPT_OUT = {"Street", "Ave", "Road", "place", "Box", "Unit", "Apt", "Flat", "No", "Room", "Suite", "N", "Co"}


def _words(address: str) -> set[str]:
    return {w.strip(",.;()") for w in address.replace("c/o", "").replace("/", " ").split()} - WORDS_KEPT_OUT - {""}


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w/]){re.escape(word)}(?![\w])", text))


ADDRESSES = [u + s + t for u, s, t in itertools.product(UNITS, STREETS, TOWNS)] + BOXES


@pytest.mark.parametrize("frame", FRAMES, ids=[f[0][:12] for f in FRAMES])
def test_every_word_of_every_address_goes_and_the_clinical_words_stay(frame: tuple[str, str]) -> None:
    template, keep = frame
    left = {}
    for address in ADDRESSES:
        out = scrub_text(template.format(address), model=False).text
        assert keep in out, out
        remaining = [w for w in _words(address) if _count(w, out) > _count(w, template.format(""))]
        if remaining:
            left[address] = (remaining, out)
    assert not left, f"{len(left)}/{len(ADDRESSES)} addresses leave words: {list(left.items())[:3]}"


@pytest.mark.parametrize(
    "text",
    ["BP 120, HR 88, SpO2 95%", "Lesion in Unit 3 staff notes", "No. 3 French catheter", "CA 19-9 rising to 420 U/mL",
     "Deauville 4, Lugano 2014 criteria", "Lot size 4 cm", "T2 N1 M0, Gleason 4+3"],
)  # fmt: skip
def test_clinical_text_with_address_like_words_is_left_alone(text: str) -> None:
    assert scrub_text(text, model=False).text == text
