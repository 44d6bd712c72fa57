"""Facts a question asks the answer to assume: "assume no arterial involvement", "regard liver lesions as metastases".

A resectability question on a scan without the SMA, celiac axis or portal vein drawn often states what the image cannot
show ("In this phantom the celiac axis, SMA and CHA are not involved; treat any liver lesion as metastatic."). The
answer then rests on the stated fact, cited as "stated in the question", and on what is measured: a liver lesion the
question tells us to treat as a metastasis makes the pancreatic cancer unresectable (distant metastasis, M1; NCCN
Pancreatic Adenocarcinoma: metastatic disease is not resected), whatever the vessels show.
"""

from __future__ import annotations

import re
from typing import Literal

Premise = Literal["liver_lesions_metastatic", "no_arterial_contact"]

_TREAT = r"(treat|regard|consider|count|take|assume|interpret)\w*"
LIVER_METASTATIC = re.compile(
    rf"\b{_TREAT}\b[^.;?]{{0,30}}\b(liver|hepatic)\s+(lesion|lesions|nodule|nodules|mass|masses|tumou?rs?|foci)\b[^.;?]{{0,20}}"
    r"\bas\s+(a\s+)?(metasta\w*|mets?)\b"
    r"|\b(liver|hepatic)\s+(lesion|lesions|nodules?|masses|foci)\s+(are|is|being|represent\w*|counts? as|should be read as)\s+"
    r"(to be\s+)?(\w+\s+)?"
    r"(metasta\w*|mets?)\b", re.IGNORECASE)
""""regard liver lesions as metastases", "treat any liver lesion as metastatic", "assume the hepatic lesions are
metastases"."""
_ARTERIES = r"(arter\w*|celiac|coeliac|sma|cha|superior mesenteric artery|hepatic artery)"
NO_ARTERIAL = re.compile(
    rf"\b(assum\w*|given|with)\s+(there is\s+)?no\s+{_ARTERIES}[^.;?]{{0,40}}\b(involve\w*|contact|encase\w*|abut\w*|invasion)\b"
    rf"|\b{_ARTERIES}(\s*(,|/|and|or)\s*{_ARTERIES}){{0,4}}[^.;?]{{0,20}}\b(are|is)\s+(not|un)\s*(involved|encased|"
    r"contacted|abutted|invaded)\b"
    rf"|\bno\s+{_ARTERIES}\s+(involvement|contact|encasement|abutment|invasion)\s+(is\s+)?(present|assumed|seen)?",
    re.IGNORECASE)
""""Assume no arterial (celiac/SMA/CHA) involvement", "the celiac axis, SMA and CHA are not involved"."""


def stated_premises(text: str | None) -> list[Premise]:
    """The premises the question states, in a fixed order (`Premise`); [] for none."""
    if not text:
        return []
    found: list[Premise] = []
    if LIVER_METASTATIC.search(text):
        found.append("liver_lesions_metastatic")
    if NO_ARTERIAL.search(text):
        found.append("no_arterial_contact")
    return found


METASTASES_COUNTED = "liver_lesion.lesion_count"
"""The quantity the liver-metastasis premise reads: one liver lesion or more (a lower bound counts) is a metastasis."""
