"""Patterns for identifiers with a shape: dates, record numbers, phones, e-mail, URLs, ages over 89,
street addresses and named institutions.

Every pattern runs in time linear in the text: each quantifier that can repeat is bounded
(``{1,64}``, not ``+``), so the work from one start position is bounded whatever follows, and no
two unbounded repetitions are nested. `tests/privacy/test_patterns_linear.py` times each pattern
on adversarial strings. A pattern's group ``value`` (when it has one) is the identifying part;
the label before it (``MRN``, ``DOB``, ``Dr.``) is kept so the text still reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

IdentifierKind = Literal[
    "name", "date", "record_number", "phone", "email", "url", "age", "address", "institution", "place", "network"
]
PLACEHOLDER: dict[IdentifierKind, str] = {
    "name": "[NAME]",
    "date": "[DATE]",
    "record_number": "[ID]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "url": "[URL]",
    "age": "[AGE]",
    "address": "[ADDRESS]",
    "institution": "[INSTITUTION]",
    "place": "[PLACE]",
    "network": "[IP]",
}


def compiled_when_used(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """The compiled `pattern`, compiled at its first use, not at import.

    For a pattern only some texts reach (an address's further parts, a name's particles): Python
    compiles a long alternation in pure Python (address parts: 20-35 ms of every cold start).
    """
    return functools.cache(lambda: re.compile(pattern, flags))


@dataclass(frozen=True)
class Pattern:
    """One identifier shape; the group `value`, if present, is what is replaced."""

    kind: IdentifierKind
    regex: re.Pattern[str]
    min_digits: int = 0
    """A match with fewer digits is no identifier of this kind (a phone number has at least 7)."""


_MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
    "|nov(?:ember)?|dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
    "|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    "|januar|februar|märz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre"
    "|ottobre|dicembre"
)
_MONTH = rf"(?:{_MONTH_NAMES})\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?[ \t]{1,3})"
_ORDINAL = r"(?:st|nd|rd|th|er|º)?"
_NUMERIC_DATE = (
    r"(?<![\d.])(?:\d{4}(?P<sep1>[-/.])\d{1,2}(?P=sep1)\d{1,2}|\d{1,2}(?P<sep2>[-/.])\d{1,2}(?P=sep2)\d{2,4}|\d{1,2}-"
    rf"(?:{_MONTH_NAMES})-\d{{2,4}})(?![\d]|\.\d)"
)
_WORD_DATE = (
    rf"\b{_WEEKDAY}?(?:the[ \t]{{1,3}})?\d{{1,2}}{_ORDINAL}[ \t]{{1,3}}(?:of[ \t]{{1,3}})?{_MONTH}[ \t]{{0,3}},?[ \t]{{0,3}}\d{{2,4}}\b"
    rf"|\b{_WEEKDAY}?{_MONTH}[ \t]{{1,3}}\d{{1,2}}{_ORDINAL}[ \t]{{0,3}},?[ \t]{{0,3}}\d{{2,4}}\b"
)
_OTHER_DATE = (
    r"(?<![\d.])\d{1,2}\.[ \t]\d{1,2}\.[ \t]\d{4}\b|\d{4}年\d{1,2}月(?:\d{1,2}日)?"
    rf"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]{{1,3}}(?:the[ \t]{{1,3}})?\d{{1,2}}{_ORDINAL}[ \t]{{1,3}}(?:of[ \t]{{1,3}})?{_MONTH}"
    r"|\b(?:christmas|new year'?s|boxing|thanksgiving|easter)(?:[ \t](?:day|eve))?[ \t]{1,3}\d{4}\b"
)
"""Dates without a slash or a year: ``12. 4. 1940``, ``1962年3月15日``, ``Friday 3rd May``, ``Christmas Day 2023``."""
_TIME_OF_DATE = (
    r"(?:,?[ \t]{1,3}(?:at[ \t]{1,3})?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[ap]\.?m\.?)?)?"
    r"(?:[ \t]{0,2}\(?(?:UTC|GMT)[ \t]?[+\-−][ \t]?\d{1,2}(?::?\d{2})?\)?)?"
)
"""The time of day and UTC offset written after a date: elements of that date (HIPAA Safe Harbor
§164.514(b)(2)(i)(C)); the offset also narrows where the patient was."""
_UNIT = r"(?:mm|cm|ml|HU|%|mg|kg|g/|U/|mmol|µ|x\b|×)"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’][a-zA-Zß-öø-ÿÀ-ÖØ-Þ'’\-]{0,39}"
_ID_LABEL = (
    r"MRN|MR|medical record(?: number| no\.?| #)?|record (?:number|no\.?)|patient (?:id|no\.?|number|reference)|PID"
    r"|accession(?: number| no\.?| #)?|hospital (?:number|no\.?)|NHS (?:number|no\.?)?|NHI|chart(?: number| no\.?)?"
    r"|case (?:number|no\.?)|SSN|social security(?: number| no\.?)?|insurance (?:number|no\.?|id)|folder (?:number|no\.?)"
    r"|ref(?:erence)?(?: number| no\.?)?|IP no\.?|IC no\.?|CNIC|CPR|NIN|PESEL|BSN|TAJ|SVNR|NIR|AHV|PPSN|SIN|TFN|UID"
    r"|Medicare(?: number| no\.?)?|Medicaid(?: number| no\.?)?|PhilHealth|codice fiscale|personnummer|henkilötunnus"
    r"|rodné číslo|RUT|RUN|rijksregisternummer|licen[cs]e(?: number| no\.?)?|passport(?: number| no\.?)?"
    r"|(?:pathology|specimen|lab|serial|account|member|policy|device|registration|study) (?:number|no\.?|id)"
    r"|serial|registration|plate|study uid|ID"
    r"|(?<!slice )(?<!image )(?<!section )(?<!level )(?<!lesion )(?<!tumor )(?<!tumour )(?<!segment )(?<!nodule )no\."
)
"""Labels of identifiers. A bare "no." labels one ("No. 4471230") except after the words that number the image's own
items ("slice no. 29", "lesion no. 2", "segment no. 4"): those are positions in the study, not a person's numbers."""
_ID_VALUE = r"(?=[A-Z0-9.\-/ ]{0,8}\d)[A-Z0-9][A-Z0-9.\-/]{1,63}(?:[ \t]\d[\dA-Z]{0,11}){0,6}"
_STREET = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|dr|way|close|court|ct|place|pl|terrace"
    r"|crescent|square|sq|highway|hwy|parkway|row|walk|grove|gardens|mews|hill|view|quay|parade|esplanade|promenade"
    r"|circuit|wharf|nagar|marg|alley|trail|loop)\.?"
)
_STREET_FIRST = (
    r"(?:rua|rue|via|viale|calle|avenida|av\.|odos|ulica|ulitsa|ul\.|prospekt|pereulok|shosse|naberezhnaya|strada"
    r"|carrer|rambla|piazza|plaza|praça|chaussée"
    r"|boulevard|allée|chemin|impasse|straße|strasse|gasse|platz)"
)
_STREET_SUFFIX = (
    r"[A-ZÅÄÖÆØ][\wäöüåæøéß'\-]{1,40}(?i:gatan|gata|vägen|straße|strasse|gasse|weg|laan|straat|vej|veien|katu|tie"
    r"|utca|ulica|gracht|kade|plein|allee|ring|platz)"
)
_POSTCODE_VALUE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|[A-Z]\d{2}[ \t][A-Z\d]{4}"
    r"|(?:[A-Z]{2,3}[ \t]{1,2})?\d{4,6}(?:-\d{3,4})?(?:[ \t][A-Z]{2}\b)?|\d{2}-\d{3}|\d{3}[ \t]\d{2})"
)
_LOWER_LINK = r"(?:das|dos|da|do|de|del|la|le|les|di|von|van|der|den)"
_INSTITUTION_WORD = (
    r"(?:hospitals?|clinic|clinics|infirmary|medical (?:center|centre|college|school)|health (?:center|centre|system)"
    r"|(?:care|cancer|heart|eye|imaging|diagnostic|radiology|surgical|rehabilitation|trauma) (?:center|centre|home|unit)"
    r"|care home|nursing home|hospice|sanatorium|polyclinic|university(?: hospital)?|institute|foundation trust"
    r"|memorial|medical center|medical centre|health centre|health center|practice|surgery|krankenhaus|kórház|korhaz"
    r"|spital|szpital|nemocnice)"
)
_INSTITUTION_HEAD = (
    r"(?:hospital|hôpital|hopital|ospedale|hospital de|klinikum|universitätsklinikum|uniklinik|klinik|clinique|clínica"
    r"|krankenhaus"
    r"|clinica|policlinico|ziekenhuis|sjukhus|sykehus|szpital|nemocnice|ysbyty|centre hospitalier|CHU|AZ|UZ)"
)
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]{0,40}+"
_ADDRESS_CAP = r"(?:[A-Z][a-z]{0,2}\.|[A-ZÀ-ÖØ-Þ][\w'’\-]{0,40}+)"
"""A capitalised word of a street name: only a short abbreviation (``St.``) holds a full stop, so a street
never runs across a sentence (``Moskva. Pain. Prior CT``)."""
_COMPOUND_INSTITUTION = (
    r"(?i:universit(?:ä|a|ae)ts|klinik|hospital|spital|krankenhaus|zentrum|centre|center|medizin|sjukhus|sykehus"
    r"|ziekenhuis|kórház|korhaz|nemocnice|szpital|sairaala)"
)
"""A part of a compound word that makes it an institution (``Universitatsmedizin``, ``Kantonsspital``),
accents written or not."""
_CONNECT = r"(?:[ \t](?:of|de|du|des|la|le|di|del|della|van|von|für|and|&|the)(?![\w])){0,2}+"

PATTERNS: tuple[Pattern, ...] = (
    Pattern("email", re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")),
    Pattern("url", re.compile(r"\b(?:https?://|www\.)\S{1,2000}", re.I)),
    Pattern("network", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)")),
    Pattern("name", re.compile(r"\b[A-Za-z][A-Za-z'\-]{0,40}\^[A-Za-z'\-]{1,40}(?:\^[A-Za-z'\-]{0,40}){0,3}")),
    Pattern(
        "date",
        re.compile(
            rf"\b(?:DOB|D\.O\.B\.?|date of birth|birth\s{{0,3}}date|born(?: on)?|né(?:e)? le)[ \t]{{0,3}}[:#]?[ \t]{{0,3}}"
            rf"(?P<value>{_NUMERIC_DATE}|{_WORD_DATE}|\d{{8}}\b)",
            re.I,
        ),
    ),
    Pattern("date", re.compile(rf"(?:{_NUMERIC_DATE}|{_WORD_DATE}|{_OTHER_DATE}){_TIME_OF_DATE}", re.I)),
    Pattern(
        "age",
        re.compile(
            r"\b(?P<value>(?:9\d|1[0-4]\d)[ \t-]{0,2}(?:-?years?-old|years? old|years? of age|y\.o\.|y/?o|yrs?|ans|años|jahre|[MF])"
            r"|(?:ninety|a hundred|one hundred)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?[ \t-]years?[ \t-]old"
            r"|(?:aged?|age of)[ \t]{0,3}:?[ \t]{1,3}(?:9\d|1[0-4]\d)|(?:aged?|age of)[ \t]{1,3}(?:ninety|a hundred|one hundred)[\w\- ]{0,12}"
            r"|(?:9\d|1[0-4]\d)(?=[ \t]{1,3}(?:years|yrs)))(?:\b|(?<=\.))",
            re.I,
        ),
    ),
    Pattern(
        "record_number",
        re.compile(rf"\b(?i:{_ID_LABEL})[ \t]{{0,3}}[:#.]?[ \t]{{0,3}}#?(?P<value>{_ID_VALUE})"),
    ),
    Pattern("record_number", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    Pattern(
        "phone",
        re.compile(
            r"(?<![\w+])(?:(?:\+\d{1,3}[ \t.\-]{0,2}|00\d{1,3}[ \t]|1-)(?:\(\d{1,5}\)[ \t]{0,2})?\d{1,5}"
            r"(?:[ \t.\-]\d{2,8}){1,5}|\(\d{1,5}\)[ \t]{0,2}\d{1,5}(?:[ \t.\-]\d{2,5}){1,5}"
            r"|\d{1,5}(?:[ \t.\-]\d{2,5}){2,5}|0\d{1,4}[ \t]\d{5,8})(?![\d])(?![ \t]{0,2}" + _UNIT + r")"
            r"(?:[ \t]{1,3}ext\.?[ \t]{0,3}\d{1,6})?"
        ),
        min_digits=8,
    ),
    Pattern("phone", re.compile(r"\b(?:ext|extension|pager|bleep|beeper)\.?[ \t]{0,3}#?(?P<value>\d{2,6})\b", re.I)),
    Pattern("network", re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{2}[:\-]){5}[0-9A-Fa-f]{2}(?![\w:])")),
    Pattern("record_number", re.compile(r"\b[A-Z]{2}\d{2}[ \t][A-Z]{3}\b")),  # a UK vehicle registration
    Pattern(
        "record_number",
        re.compile(
            r"(?<![\w.\-/])(?=[\w\-/.]{0,40}[A-Za-z])(?=(?:[A-Za-z\-/.]{0,20}\d){4})[A-Za-z0-9][\w\-/.]{4,63}(?<![.\-/])"
            r"|(?<![\w.\-/])(?!\d{1,10}\.\d+(?![\d\-/.]))"  # a decimal number (0.00718 %) is a value, not an id
            r"\d{1,10}[\-/.](?=[\d\-/.]{0,40}\d{5})[\d\-/.]{3,40}\d(?![\w])"
        ),
    ),
    Pattern("record_number", re.compile(r"(?<![\d.,])\d{6,40}(?![\d]|[.,]\d)")),
    Pattern(
        "address",
        re.compile(
            rf"(?:\b(?i:flat|apt\.?|apartment|unit|suite|room|house|plot)[ \t]{{1,3}}\w{{1,6}},[ \t]{{0,3}})?"
            rf"(?:\b\d{{1,5}}[A-Za-z]?,?[ \t]{{1,3}}(?:{_ADDRESS_CAP}[ \t]{{1,3}}){{1,4}}(?!CT\b)(?i:{_STREET})(?![\w])"
            rf"|\b(?i:{_STREET_FIRST})[ \t]{{1,3}}(?:(?:{_CAP}|{_LOWER_LINK})[ \t]{{1,3}}){{0,4}}{_CAP}"
            rf"(?:[ \t,]{{1,3}}\d{{1,5}}[A-Za-z]?)?"
            rf"|\b{_STREET_SUFFIX}[ \t]{{1,3}}\d{{1,5}}[A-Za-z]?"
            rf"|\b{_CAP}[ \t]{{1,3}}(?i:{_STREET})[ \t]{{1,3}}\d{{1,5}}[A-Za-z]?(?![\w.])"
            rf"|\b(?i:house|plot|road|street|lane|block|sector|way|building|bldg\.?)[ \t]{{1,3}}(?:no\.?[ \t]{{0,3}})?\d{{1,5}}[A-Za-z]?"
            rf"(?:,[ \t]{{1,3}}(?i:road|street|lane|block|sector|building|bldg\.?|kv\.?|apt\.?|flat)[ \t]{{1,3}}(?:no\.?[ \t]{{0,3}})?"
            rf"\d{{1,5}}[A-Za-z]?){{0,2}}"
            rf"|\b(?:No\.?|#)[ \t]{{0,2}}\d{{1,5}}[A-Za-z]?,[ \t]{{1,3}}\d{{1,3}}(?:st|nd|rd|th)[ \t]{{1,3}}(?i:cross|main|stage|phase|block)\b"
            rf"(?:[ \t]{{1,3}}(?i:road|rd\.?|street))?)"
            # the town, region and postcode after it: privacy.address grows the address part by part
        ),
    ),
    Pattern(
        "address",
        re.compile(
            rf"\b(?i:post[ \t]?code|postal code|zip(?:[ \t]code)?|address)[ \t]{{0,3}}:?[ \t]{{1,3}}(?P<value>{_POSTCODE_VALUE})"
        ),
    ),
    Pattern(
        "institution",
        re.compile(
            rf"(?:\b(?>{_CAP}{_CONNECT}[ \t]{{1,3}}){{1,5}}(?i:{_INSTITUTION_WORD})\b(?:,[ \t]{{1,3}}{_CAP})?"
            rf"|\b(?i:{_INSTITUTION_HEAD})[ \t]{{1,3}}(?:(?:de|di|del|la|le|du|des|St\.?|Saint)[ \t]{{1,3}})?"
            rf"{_CAP}(?:[ \t\-]{{1,3}}{_CAP}){{0,4}}"
            rf"|(?:\b{_CAP}[ \t]{{1,2}}){{0,3}}\b[A-ZÀ-Þ][\w'\-]{{3,30}}{_COMPOUND_INSTITUTION}[\w'\-]{{0,30}}"
            rf"(?:[ \t]{{1,2}}{_CAP}){{0,3}}"
            r"|\b[A-ZÀ-Þ][\w'\-]{0,40}(?:hospitalet|sjukhuset|sjukhus|sykehuset|sykehus|spital|klinikum|kliniken"
            r"|ziekenhuis|lasarett|sairaala)\b)"
            r"(?:[ \t]{1,2}(?:No\.?|Nr\.?|N[º°]|#)[ \t]{0,2}\d{1,4}\b)?"
        ),
    ),
    Pattern(
        "name",
        re.compile(
            rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Doctor|Professor|M|Mme|Sr|Sra|Herr|Frau)\.?[ \t]{{1,3}}(?P<value>{_NAME_WORD}(?:[ \t]{{1,3}}{_NAME_WORD}){{0,2}})"
        ),
    ),
    Pattern(
        "name",
        re.compile(
            rf"\b(?i:patient name|name|patient|pt|referred by|referrer|referring physician|physician|attending"
            rf"|seen by|signed by|dictated by|reported by|next of kin|daughter|son|wife|husband|mother|father)"
            rf"[ \t]{{0,3}}:?[ \t]{{1,3}}(?P<value>{_NAME_WORD}(?:,?[ \t]{{1,3}}{_NAME_WORD}){{0,2}})"
        ),
    ),
)
"""In order of precedence: where two matches overlap, the earlier pattern's match wins."""
