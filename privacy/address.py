"""Whole addresses: an address found by a pattern grows to its unit, its street, its town, its region
and its postcode; an address that opens with a unit or box word, or that ends with a postcode, is
found from that word or that postcode.

An address is a run of comma-separated parts, each of a kind: a unit (``Apt 3B``, ``Whg. 17``,
``int. 5``, ``3º B``, ``#07-1120``), a numbered street (``45 Victoria Parade``, ``3 avenue Jean
Jaurès``, ``5th Cross``), a postal part (``Alice Springs NT 0871``, ``13005 Marseille``,
``Ontario M5G 1Z3``, ``Co. Cork P31 FX29``) or a town (``Sylvan Lake``, ``Meguro-ku``,
``Am Mühlbach 3``). A town part must end where a part ends (a comma, a semicolon, a full stop,
the end), so ``Deauville 4 on interim PET`` or ``Bosniak IIF`` after an address is no town, and a
clause boundary (``;``, a full stop) always ends the address. Every quantifier is bounded, so the
work is linear in the text (`tests/privacy/test_patterns_linear.py`).
"""

from __future__ import annotations

import re

from privacy.ner import EPONYMS
from privacy.patterns import IdentifierKind, compiled_when_used

Span = tuple[int, int, IdentifierKind]

_CAP = r"\(?(?:[A-Z][a-z]{0,2}\.|[A-ZÀ-ÖØ-Þ](?=[\w'’\-]{0,30}[a-zß-ÿ])[\w'’\-]{0,30})\)?"
"""A capitalised word with a lower-case letter (``HR``, ``CT``, ``IIF`` are no town); only a short
abbreviation (``St.``, ``Mt.``) keeps its full stop, so ``Zaragoza. Pain`` is no two-word town."""
_LINK = r"(?:de|del|della|des|du|la|le|les|di|do|dos|da|van|von|der|den|am|an|im|of|on|upon|sur|en|y|al|el|bin)"
_UNIT_WORD = (
    r"(?:flat|apt|apartment|appt?|unit|suite|ste|room|rm|int|interno|whg|wohnung|bât|bat|bldg|building|floor|fl"
    r"|level|site|comp|box|lot|block|blk|villa|door|house|h\.?[ \t]?no|plot|ward|lane|section|sec|km|kilometre"
    r"|kilometer|road|street|sector|stair|escalera|piso|étage|etage|porte|po[ \t]box|p\.o\.[ \t]box|no)"
)
_UNIT = (
    rf"(?i:{_UNIT_WORD})\.?(?:[ \t]{{0,2}}no\.?)?[ \t]{{0,3}}#?(?=[\w\-/]{{0,12}}\d|[A-Z]\b)[\w\-/]{{1,12}}"
    r"|#\d[\d\-]{0,10}|\d{1,2}[º°ª](?:[ \t]?[A-Z](?![\w]))?"
)
_STATE = (
    r"(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]"
    r"|W[AVIY]|NSW|VIC|QLD|TAS|NT|ACT|SA|AB|BC|MB|NB|NL|NS|NU|ON|PE|QC|SK|YT)"
)
_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|[A-Z]\d[\dW][ \t]?[A-Z\d]{4}"
    r"|\d{3}-\d{4}|\d{5}-\d{3}|\d{3}[ \t]\d{2}(?![\w])|\d{4}[ \t][A-Z]{2}(?![\w])|\d{3,7}(?:-\d{4})?)"
)
_TOWN_WORDS = (
    rf"{_CAP}(?:[ \t]{{1,2}}(?:{_CAP}|{_LINK}|\d{{1,4}}[A-Za-z]?(?![\w\-/])|(?:{_STATE})(?=[ \t]{{1,2}}\d))){{0,4}}"
)
_END = r"(?=[ \t]{0,2}(?:[,;)]|\.(?:[ \t\n]|$)|$|\n|[ \t][—–-][ \t]|[ \t]\(|[ \t]{1,2}(?i:tel|ph|phone)\b))"
_POSTAL = (
    rf"(?:(?:Co\.|County)[ \t]{{1,3}})?(?:{_TOWN_WORDS}[ \t]{{1,2}})?(?:{_STATE}[ \t]{{1,2}})?{_POSTCODE}"
    rf"(?:[ \t]{{1,2}}{_TOWN_WORDS}(?:[ \t][A-Z]{{2}})?{_END}|[ \t]{{1,2}}{_CAP}(?![\w\-])|(?![\w\-]))"
)
"""A postcode with the town, region or state around it; a town after it is one word unless the part ends."""
_STREET_WORD_FIRST = (
    r"(?i:rue|avenue|av\.|place|quai|cours|route|impasse|allée|boulevard|bd|chemin|via|viale|corso|piazza|calle|rua"
    r"|avenida|jalan|jl\.|strada)"
)
_STREET_NUMBERED = (
    rf"\d{{1,5}}(?:[A-Za-z]|st|nd|rd|th)?(?:[\-/]\d{{1,5}}){{0,3}}(?:[ \t]?(?:bis|ter))?,?[ \t]{{1,3}}"
    rf"(?:{_CAP}|{_STREET_WORD_FIRST})(?:[ \t]{{1,2}}(?:{_CAP}|{_LINK}|(?:N|S|E|W|NE|NW|SE|SW)\b)){{0,5}}{_END}"
)
_STREET_TYPE = (
    r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close|court|ct|place|pl|terrace|crescent|square|highway"
    r"|hwy|parkway|boulevard|blvd|quay|parade|view|row|walk|grove|gardens|mews)"
)
_NAMED_STREET = rf"(?:{_CAP}[ \t]{{1,2}}){{1,4}}{_STREET_TYPE}\.?(?:[ \t]\d{{1,4}}[A-Za-z]?)?(?![\w])"
_PART = compiled_when_used(
    rf"(?:,[ \t]{{0,3}}(?:(?P<unit>{_UNIT}){_END}?|(?P<postal>{_POSTAL})|(?P<street>{_STREET_NUMBERED})"
    rf"|(?P<town>{_TOWN_WORDS}{_END})|(?P<named>{_NAMED_STREET}))"
    rf"|(?<=\d)[ \t]{{1,3}}(?P<town2>{_TOWN_WORDS}{_END})"
    rf"|(?:(?<=\d{{4}})|(?<=\d{{3}}-\d{{3}})|(?<=\d[ \t][A-Z]{{2}})|(?<=\d{{3}}[ \t]\d{{2}}))[ \t]{{1,3}}(?P<town3>{_CAP}(?:[ \t]{_CAP})?(?![\w\-]))"
    rf"|[ \t]{{1,3}}(?:(?=(?i:{_UNIT_WORD})\b|[#\d])(?:(?P<unit2>{_UNIT}){_END}?|(?P<postal2>{_POSTAL}))"
    rf"|(?P<named2>{_NAMED_STREET})))"
)
"""The next part of an address: after a comma any kind; after a space a unit, a postal part, a named
street, or (after a postcode or house number) the town."""
_ABBREVIATIONS = ("Co", "No", "St", "Col", "Av", "Rd", "Ave", "Mt", "Ft", "Bât", "Whg", "int", "app")
_UNIT_BEFORE_VALUE = ("apt", "Apt", "unit", "Unit", "suite", "Suite", "room", "Room", "flat", "Flat", "box", "Box")
_GLUE = compiled_when_used(
    "(?:(?:" + "|".join(rf"(?<=\b{a})" for a in _ABBREVIATIONS) + r")\.[ \t]{0,3}(?:[A-Z][\w'’\-]{0,30}|\d{1,5}[A-Za-z]?)"
    "|(?:" + "|".join(rf"(?<=\b{u})" for u in _UNIT_BEFORE_VALUE) + r")[ \t]{1,3}#?\w{1,6}"
    "|(?:" + "|".join(rf"(?<=\b{w})" for w in ("Ave", "St", "Rd", "Street", "Road", "Avenue")) + r")[ \t]\d{1,4}\b"
    r"|[ \t](?:N|S|E|W|NE|NW|SE|SW)\b|[\-/]\d{1,4}[A-Za-z]?\b)"
)
"""What continues a part the address ended too early in: ``Co.`` + ``Cork``, ``Apt`` + ``3B``, ``St`` + ``NE``."""
_BEFORE = compiled_when_used(
    rf"(?:\b(?i:{_UNIT_WORD})\.?(?:[ \t]{{0,2}}no\.?)?[ \t]{{0,3}}(?:#?[\w\-]{{1,10}}[ \t]{{0,2}}[,/]?[ \t]{{0,3}})?"
    r"|\b\d{1,5}[A-Za-z]?[\-/]|\b(?i:c/o)[ \t]{1,3}(?:[A-ZÀ-Þ][\w'’\-]{0,30}[ \t]{1,2}){1,3},?[ \t]{0,3})$"
)
"""A unit or box word (with its number) or a number range's first half right before an address."""
_STARTER = re.compile(
    r"\b(?:(?i:p\.?[ \t]?o\.?[ \t]?box|post[ \t]office[ \t]box|rural[ \t]route|eircode|h\.?[ \t]?no\.?|door[ \t]no\.?"
    r"|flat[ \t]no\.?)[ \t]{0,3}[\w\-/]{1,14}|(?:RR|RD|RMB|CMB|BP|Box|Flat|Apt|Apartment|Unit|Suite|Room|Villa|Lot"
    r"|Plot|Block|Blk|Kilometre|No\.)[ \t]{1,3}\d{1,5}[A-Z]?(?![\w/.])"
    r"|(?i:c/o)[ \t]{1,3}[A-ZÀ-Þ][\w'’\-]{0,30}(?:[ \t][A-ZÀ-Þ][\w'’\-]{0,30}){0,3}"
    rf"|\d{{1,5}}(?:[ \t]?(?:bis|ter))?,?[ \t]{{1,3}}{_STREET_WORD_FIRST}[ \t]{{1,3}}(?:{_LINK}[ \t]{{1,3}}){{0,2}}{_CAP}"
    rf"(?:[ \t]{{1,2}}{_CAP}){{0,3}}"
    rf"|\d{{1,4}}-\d{{1,4}}-\d{{1,4}}[ \t]{{1,3}}{_CAP}"
    r"|Résidence[ \t]{1,3}[A-Z][\w'’\-]{0,30}(?:[ \t][A-Z][\w'’\-]{0,30}){0,2})"
)
_STRONG_START = re.compile(
    rf"(?i:p\.?[ \t]?o|post|rural|eircode|h\.?[ \t]?no|door|flat[ \t]no|c/o|rmb|rr)|\d{{1,5}}(?:[ \t]?(?:bis|ter))?,?[ \t]{{1,3}}{_STREET_WORD_FIRST}"
)
_ANCHOR = re.compile(
    rf"(?<![\w\-])(?:[A-Z]{{1,2}}\d[A-Z\d]?[ \t]\d[A-Z]{{2}}|[A-Z]\d[A-Z][ \t]\d[A-Z]\d|[A-Z]\d[\dW][ \t][A-Z\d]{{4}}"
    rf"|{_STATE}[ \t]\d{{4,5}}(?:-\d{{4}})?)(?![\w\-])"
)
"""A postcode that is no clinical number: UK, Irish, Canadian, or a US/Australian/Canadian region code and digits."""
_SEGMENT_BEFORE = compiled_when_used(rf"(?:^|(?<=[\s,(]))(?:Co\.[ \t])?{_CAP}(?:[ \t]{{1,2}}(?:{_CAP}|{_LINK})){{0,3}},?[ \t]{{1,2}}$")
_ENDS = re.compile(_END)
_MAX_PARTS = 7


def complete_addresses(text: str, spans: list[Span]) -> list[Span]:
    """`spans` with each address grown to the whole address, and the addresses found by a unit or
    box word (``PO Box 331, Alice Springs NT 0871``), by a postcode (``Cloonfad, Ballyhaunis, Co.
    Mayo, F35 K2R9``) or by the words that introduce it (``living at``: `introduced_addresses`) added."""
    out: list[Span] = []
    for start, end, kind in spans:
        if kind == "address":
            start, end = _grow_back(text, start), _grow(text, end)
        out.append((start, end, kind))
    for match in _STARTER.finditer(text):
        end = _grow(text, match.end())
        if end > match.end() or _STRONG_START.match(match.group()):
            out.append((_grow_back(text, match.start()), end, "address"))
    for match in _ANCHOR.finditer(text):
        start = match.start()
        for _ in range(4):
            before = _SEGMENT_BEFORE().search(text, max(0, start - 48), start)
            if before is None or before.start() == start:
                break
            start = before.start()
        if start < match.start() or text[max(0, start - 2) : start].strip() in (",", ""):
            out.append((start, _grow(text, match.end()), "address"))
    return out + introduced_addresses(text)


def _grow(text: str, end: int) -> int:
    """The end of the address whose first part ends at `end`."""
    for _ in range(_MAX_PARTS):
        glue = _GLUE().match(text, end)
        if glue is not None and glue.end() > end:
            end = glue.end()
            continue
        part = _PART().match(text, end)
        if part is None or part.end() == end:
            break
        town = part.group("town") or part.group("town2") or part.group("town3")
        if town and town.split()[0].strip("().").lower() in EPONYMS and (
            any(c.isdigit() for c in town) or not _ENDS.match(text, part.end())
        ):
            break  # "..., Bosniak 2" after an address is a grade, not a town
        end = part.end()
    return end


def _grow_back(text: str, start: int) -> int:
    """The start of the address, with the unit, box or ``c/o`` before the part found."""
    for _ in range(3):
        before = _BEFORE().search(text, max(0, start - 40), start)
        if before is None or before.start() == start:
            break
        start = before.start()
    return start


_INTRO = re.compile(
    r"\b(?i:living[ \t]at|lives[ \t]at|lived[ \t]at|resid(?:ing|es|ent)[ \t](?:at|of|in)|resident[ \t]of"
    r"|domiciled[ \t](?:at|in)|(?:home[ \t]|postal[ \t]|mailing[ \t])?address(?:[ \t]is)?[ \t]{0,2}:?|home[ \t]at"
    r"|staying[ \t]at)[ \t]{1,3}"
)
"""Words that introduce an address: what follows them, to the end of the clause, is the address."""
_ADDRESS_WORDS = frozenset(
    "kv kv. kvartira korpus stroenie dom d. ul ul. ulitsa ulica prospekt pr. pereulok per. shosse naberezhnaya "
    "bulvar str. strasse straße gasse weg platz calle c/ avda. avenida rua rue via viale corso piazza cross main road "
    "rd rd. street st st. way building bldg bldg. block blk sector phase stage layout nagar marg apt apt. flat unit "
    "suite room floor fl. no no. nr nr. house plot lane district dist. po p.o. box near opp. behind"
    .split()
) | {w.lower() for w in _LINK.strip("(?:)").split("|")}
"""Lower-case words an address part may hold besides capitalised words and numbers."""
_CLAUSE_PART = re.compile(r"[^,;\n()\[\]—–]{1,80}")
_NOT_ADDRESS = re.compile(
    r"\d[ \t]?(?:mm|cm|ml|mL|HU|%|kg|mg)\b|\b\d{1,2}(?::\d{2}|[ \t]?(?i:am|pm|h))\b|\[(?!ADDRESS|PLACE)"
)
"""A measurement or a time of day is clinical, never part of an address."""
_ABBREVIATED = re.compile(r"\b[A-Z]\.$|(?i:\b(?:no|nr|st|ul|kv|pr|per|d|apt|bldg|co|rd|ave|str|blk|fl|dist|opp|c))\.$")


def introduced_addresses(text: str) -> list[Span]:
    """Addresses introduced by their context (``living at``, ``resident of``, ``address:``, ``c/o``):
    the address runs to the end of its clause, part by comma-separated part, while each part holds
    only capitalised words, numbers and address words (``Ulitsa Tverskaya 12, kv 45, Moscow``,
    ``No 45, 3rd Cross, Jayanagar``); a part with another lower-case word, a measurement or a time
    (``14 mm lesion``, ``home at 14:00``) ends it before that part."""
    spans: list[Span] = []
    for intro in _INTRO.finditer(text):
        start = end = intro.end()
        for _ in range(_MAX_PARTS + 1):
            part_end = _part_end(text, end)
            part = text[end:part_end]
            if part_end == end or not _addressy(part):
                break
            end = end + len(part.rstrip(" \t."))
            following = re.match(r"[ \t]{0,2},[ \t]{0,3}", text[end:])
            if following is None:
                break
            end += following.end()
        end = len(text[:end].rstrip(" \t,"))
        if end > start:
            spans.append((start, end, "address"))
    return spans


def _part_end(text: str, start: int) -> int:
    """The end of the comma-separated part at `start`: a comma, a clause mark, or a full stop that
    ends a sentence (not ``No.``, ``ul.``, ``St.``)."""
    part = _CLAUSE_PART.match(text, start)
    if part is None:
        return start
    end = part.end()
    for stop in re.finditer(r"\.(?=[ \t\n]|$)", text[start:end]):
        if not _ABBREVIATED.search(text[start : start + stop.end()]):
            return start + stop.start()
    return end


def _addressy(part: str) -> bool:
    """Whether a part holds only capitalised words, numbers, ordinals and address words."""
    words = part.split()
    if not words or _NOT_ADDRESS.search(part):
        return False
    for word in words:
        bare = word.strip("\"'’")
        if not bare or bare[0].isupper() or bare[0].isdigit() or bare[0] in "#[":
            continue
        if bare.lower() not in _ADDRESS_WORDS and bare.lower().rstrip(".") not in _ADDRESS_WORDS:
            return False
    return True
