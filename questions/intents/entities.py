"""Entities a question names: organs (with their clinical synonyms), lesion kinds, sides, units.

Extraction is by word patterns, because the vocabulary is closed and small: `renal` is the
kidney, `hepatic` the liver, `PDAC` a pancreatic lesion. The embedder only decides *what is
asked*; these patterns decide *about what*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from core.anatomy import COUINAUD_NAMES, ORGAN_SYNONYMS, OTHER_STRUCTURE_SYNONYMS, Side
from questions.cues import HU_SET_OVER, SUMMING, TIMES_DENSER

LesionKind = Literal["lesion", "tumor", "cyst", "pdac", "pnet"]

# Organ -> patterns (word starts). Order matters only for readability; positions decide order.
ORGAN_PATTERNS: dict[str, str] = ORGAN_SYNONYMS
LESION_KIND_PATTERNS: dict[LesionKind, str] = {
    "pdac": r"pdac|(?<!intra)ductal|adenocarcinoma",  # an intraductal (IPMN) lesion is a cyst, no ductal carcinoma
    "pnet": r"p?nets?\b|neuro-?endocri\w*|islet|insulinoma|gastrinoma|glucagonoma|vipoma",
    "cyst": r"cysts?\b|cystic|pseudocyst",
    "tumor": r"tumou?rs?\b|neoplasm\w*|cancer\w*|carcinoma|malignan\w*|metasta\w*|solid\b|rcc\b|hepatoma|hcc\b|"
             r"hypernephroma|angiomyolipoma",
    "lesion": r"lesions?\b|nodules?\b|mass(?:es)?\b|focal|abnormalit\w*",
}
UNIT_PATTERNS: dict[str, str] = {
    "mL": r"\bml\b|\bcc\b|cm3|cm\^3|cm³|cubic cent\w*|millilit\w*",
    "mm": r"\bmm\b|millimet\w*",
    "cm": r"\bcm\b(?![3³^])|centimet\w*(?! cubed)",
    "HU": r"\bhu\b(?![- ]?(?:ratios?|index|indices|quotients?)\b)|hounsfield(?! units? ratios?\b)",
    "%": r"%|percent\w*",
}
# Sub-segments a lesion location can name.
EXCLUDED_LESIONS = re.compile(
    r"\b(?:exclud\w*|sparing|excepting|except(?: for)?|other than|apart from|leaving out|not counting)\s+"
    r"(?:the\s+|any\s+|all\s+|its\s+)?(?:focal\s+|simple\s+|known\s+|small\s+|benign\s+)?(?:lesions?|tumou?rs?|masses|cysts?|nodules?)\b"
    r"|\b(?:lesions?|tumou?rs?|masses)\s+(?:excluded|removed|masked out|left out)\b"
    r"|\b(?:lesion|tumou?r)[- ]free\s+(?:parenchyma|tissue|part)\b")
"""A lesion named only to be left out of an organ's measurement ("mean HU of the liver, excluding any
lesions", "lesion-free parenchyma"): the question is about the organ, not the lesion."""
PANCREAS_PARTS = r"\b(head|neck|body|tail|uncinate)\b"
COUINAUD_RANGE = r"\b(?:segments?|couinaud)\s*s?([1-8])[ab]?\s*(?:-|–|—|to|through|thru)\s*s?([1-8])[ab]?\b"
"""A range of Couinaud segments ("segments 5-8", the right lobe; "segments 2 to 4"): each segment in it."""
COUINAUD = r"\bsegments?(?:\s*|-)(?:s)?([1-8])[ab]?(?:\s*(?:and|or|,|&)\s*([1-8])[ab]?)?|\bs([1-8])[ab]?\b"  # S4a, S4b: segment 4
COUINAUD_LIST = r"\bsegments\s+((?:[1-8][ab]?\s*(?:,|and|or|&|/)\s*){2,}[1-8][ab]?)\b"
"""Three or more segments listed after "segments" ("segments 2, 3, 5 and 8")."""
SYNONYMS = [
    (r"\brenal\b", "kidney"), (r"\bhepatic\b", "liver"), (r"\bsplenic\b", "spleen"),
    (r"\bpancreatic\b", "pancreas"), (r"\bcolonic\b", "colon"), (r"\btumou?rs\b", "tumors"),
    (r"\btumour\b", "tumor"), (r"\bcharacteris", "characteriz"), (r"\bharbour", "harbor"),
    (r"\bhepatomegaly\b", "enlarged liver"), (r"\bsplenomegaly\b", "enlarged spleen splenomegaly"),
    (r"\bnephromegaly\b", "enlarged kidney"), (r"\bhemilivers?\b", "hepatic lobe"),
]


@dataclass
class Entities:
    """What a question names, in order of first mention."""

    organs: list[str] = field(default_factory=list)
    """Organ families (`liver`, `kidney`, ...) in order of first mention."""
    structures: list[str] = field(default_factory=list)
    """AbdomenAtlas structures with the side applied (`kidney_left`); an unsided kidney stays `kidney`."""
    lesion_kinds: list[LesionKind] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    pancreas_parts: list[str] = field(default_factory=list)
    liver_segments: list[int] = field(default_factory=list)
    largest: bool = False
    total: bool = False
    volume: bool = False
    """The question names a volume ("total lesion volume", "in mL")."""
    ratio: bool = False
    """The question asks a ratio ("left-to-right volume ratio", "ratio of ... to ...")."""
    share: bool = False
    """The question asks a part as a share of its whole ("relative to its volume", "normalised by organ size",
    "as a fraction of the organ"): a percentage, even when the word "volume" is said."""
    hu_ratio: bool = False
    """One organ's attenuation set over another's, whether or not the word "ratio" is said ("liver over spleen
    attenuation", "liver compared to spleen in HU", "how many times denser is the liver than the spleen?")."""

    @property
    def organ(self) -> str | None:
        """The first structure named."""
        return self.structures[0] if self.structures else None

    @property
    def location(self) -> str | None:
        """A sub-segment named (`pancreas_head`, `liver_segment_7`, `kidney_left`), if any."""
        if self.pancreas_parts:
            return f"pancreas_{self.pancreas_parts[0]}"
        if self.liver_segments:
            return f"liver_segment_{self.liver_segments[0]}"
        return None


def normalise(text: str) -> str:
    """Lower case with clinical synonyms mapped to plain organ words, for the embedder."""
    out = " ".join(text.lower().split())
    for pattern, plain in SYNONYMS:
        out = re.sub(pattern, plain, out)
    return out


def _first_positions(text: str, patterns: dict[str, str]) -> list[tuple[int, str]]:
    found = []
    for name, pattern in patterns.items():
        match = re.search(rf"(?<![a-z]){pattern}", text)
        if match:
            found.append((match.start(), name))
    return sorted(found)


SPECIALIST = re.compile(r"\b\w+olog(ist|ists|y)\b")
"""A specialist or specialty ("nephrologist", "hepatology"): who asks, not the organ asked about."""


def extract(text: str | None) -> Entities:
    """The entities of one question (or choice text)."""
    ents = Entities()
    if not text:
        return ents
    low = re.sub(r"\bhemi-?(liver|hepat)", r"hemi \1", " ".join(text.lower().split()))  # a hemiliver is the liver's
    low = SPECIALIST.sub("specialist", low)  # "Nephrologist asking: did the spleen grow?": who asks names no organ
    low = re.sub(r"(?<=[a-z])_(?=[a-z])", " ", low)  # a structure's own name in a listed value ("gall_bladder")
    ents.organs = [name for _, name in _first_positions(low, ORGAN_PATTERNS)]
    if not ents.organs and re.search(r"\b(caudate|quadrate|(left|right) (hepatic )?)lobes?\b", low):
        ents.organs = ["liver"]  # "Is the left lobe smaller than the right lobe?": the liver's lobes
    kept = EXCLUDED_LESIONS.sub(" ", low)
    ents.lesion_kinds = [name for _, name in _first_positions(kept, LESION_KIND_PATTERNS)]  # type: ignore[misc]
    ents.units = [name for _, name in _first_positions(low, UNIT_PATTERNS)]
    sided = re.finditer(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bnothing )\b(left|right)\b(?! over\b)", low)  # not "what is left"
    ents.sides = [s for _, s in sorted((m.start(), m.group(1)) for m in sided)]  # type: ignore[misc]
    ents.sides = list(dict.fromkeys(ents.sides))
    if "pancreas" in ents.organs:
        ents.pancreas_parts = list(dict.fromkeys(re.findall(PANCREAS_PARTS, low)))
    for match in re.finditer(COUINAUD_RANGE, low):  # "segments 5-8", "segments 2 to 4": every segment between
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        ents.liver_segments += list(range(first, last + 1))
    for match in re.finditer(COUINAUD, re.sub(COUINAUD_RANGE, " ", low)):
        ents.liver_segments += [int(g) for g in match.groups() if g]
    for match in re.finditer(COUINAUD_LIST, low):  # "segments 2, 3, 5 and 8": every one listed
        ents.liver_segments += [int(d) for d in re.findall(r"[1-8]", match.group(1))]
    ents.liver_segments = list(dict.fromkeys(ents.liver_segments))
    if not ents.organs and (ents.liver_segments or re.search(r"\b(couinaud|segments?)\b", low)):
        ents.organs = ["liver"]  # "Any lesion in segment 7?", "the largest lesion's segment": Couinaud's, the liver's
    ents.largest = bool(re.search(r"larg|bigg|dominant|maxim|greatest|main\b|index lesion",
                                  re.sub(r"\bhow (large|big)\b", " ", low)))  # "how large is the lesion volume?" asks a size
    ents.total = bool(re.search(SUMMING, low) or re.search(r"\b(all|add)\b", low))
    ents.ratio = bool(re.search(r"\bratio\b|\bdivided by\b", low))
    ents.volume = bool(re.search(r"\bvolumes?\b|\bml\b|\bcc\b|cm3|cm³|cubic", low))
    ents.share = bool(re.search(SHARE_OF_WHOLE, low))
    ents.structures = [_sided(o, ents.sides, low) for o in ents.organs]
    ents.hu_ratio = hu_set_over(low)
    return ents


def structures_named(text: str | None) -> list[str]:
    """Every AbdomenAtlas structure a text names: first the vessels, ducts and pelvic organs of
    `core.anatomy.OTHER_STRUCTURE_SYNONYMS` ("portal/splenic vein" -> `portal_vein_and_splenic_vein`, "SMA"), then
    the organs `extract` finds in the rest, with their side ("left adrenal gland" -> `adrenal_gland_left`); each
    group in order of mention.

    For a text that lists or offers structures (an option, a measured neighbour list); a question's organ is
    `extract`'s. A structure's own name with underscores reads as words ("gall_bladder").
    """
    low = re.sub(r"(?<=[a-z])_(?=[a-z])", " ", " ".join((text or "").lower().split()))
    found: list[tuple[int, str]] = []
    for name, pattern in OTHER_STRUCTURE_SYNONYMS.items():
        for match in re.finditer(pattern, low):
            found.append((match.start(), name))
            low = low[:match.start()] + " " * (match.end() - match.start()) + low[match.end():]
    others = [name for _, name in sorted(found)]
    return list(dict.fromkeys(others + extract(low).structures))


SHARE_OF_WHOLE = (r"\b(relative to|compared (with|to)|in proportion to|proportional to|normali[sz]ed (by|to|for)|"
                  r"adjusted for|scaled (by|to)|divided by|over) ((its|their|the|each|that) )?(own )?((host )?organ'?s?'? )?"
                  r"(volume|size)s?\b|\b(as an?|what) (share|fraction|proportion|percentage) of\b|"
                  r"\bper (ml|millilit\w+|cm3|unit (of )?volume) of (organ|tissue|parenchyma)\b|"
                  r"\b(share|fraction|proportion|percentage) of (it|them|the organ|its organ|each organ|their organs?)\b|"
                  r"\bproportion(al|ate)?ly\b|\bfor (its|their) (own )?size\b|\brelative (\w+ )?(burden|load|involvement)\b")
"""A part set against its whole: the share of the organ, not the part's own volume."""

HU_WORD = re.compile(r"\b(hu|hounsfield|attenuat\w*|dens\w*|ct number)\b|\b(l|p)/s\b")


def hu_set_over(low: str) -> bool:
    """Whether two different organs' attenuations are set one over the other (`Entities.hu_ratio`)."""
    if not HU_WORD.search(low):
        return False
    for match in re.finditer(HU_SET_OVER, low):
        one, other = (_first_positions(match.group(g), ORGAN_PATTERNS) for g in ("one", "other"))
        if one and other and one[0][1] != other[0][1]:
            return True
    return bool(re.search(TIMES_DENSER, low)) and len(set(_first_positions(low, ORGAN_PATTERNS))) >= 2


def _sided(organ: str, sides: list[Side], low: str) -> str:
    """`kidney_left` when exactly one side is named for a paired organ, else the organ."""
    if organ not in ("kidney", "adrenal_gland", "lung") or len(sides) != 1:
        return organ
    if re.search(r"\b(either|both|two|bilateral|each)\b", low):
        return organ
    return f"{organ}_{sides[0]}"


NUMERAL = r"(?:viii|vii|vi|iv|v|iii|ii|i|[1-8])[ab]?"
_SHARE = r"(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?"
_REACHES = r"(?:partly|partially|mostly|mainly|(?:also\s+)?involving|extending\s+(?:in)?to|with\s+extension\s+(?:in)?to|into)"
SEGMENT_LIST = re.compile(rf"\bsegments\s*\(?\s*({NUMERAL}(?:\s*(?:,|/|&|\band\b|\bor\b)\s*{NUMERAL}\b)+)"
                          rf"|\bsegment\s+({NUMERAL}{_SHARE}(?:\s*[,(]?\s*{_REACHES}\s+(?:segments?\s+)?{NUMERAL}\b{_SHARE}"
                          rf"(?:\s*(?:,|&|\band\b)\s*{NUMERAL}\b{_SHARE})*)+)",
                          re.IGNORECASE)
"""Segments named as a list after the plural ("segments VI and VII", "segments 5/8", "segments (8, 4, 6 and 2)"), or
one segment and those the lesion reaches ("segment 8 (partly 7)", "segment 6 (37%), also involving 5 (32%)")."""


def segments_spelt(text: str) -> str:
    """`text` with each list of segments written out one by one ("segments (8, 4 and 2)" -> "segment 8 , segment 4 ,
    segment 2"; "segment 8 (partly 7)" -> "segment 8 , segment 7"), so a clause split keeps each with its word."""
    return SEGMENT_LIST.sub(_segment_list, text)


def _segment_list(match: re.Match[str]) -> str:
    from questions.spelling import ROMAN

    listed = re.sub(r"\(\s*\d+(?:\.\d+)?\s*%\s*\)", " ", match.group(1) or match.group(2))  # shares are no segments
    numerals = re.findall(rf"\b{NUMERAL}\b", listed, re.IGNORECASE)
    arabic = [n.rstrip("abAB") for n in numerals]
    return " , ".join(f"segment {ROMAN.get(n.lower(), n)}" for n in arabic)


COUINAUD_NAME = re.compile(r"\b(" + "|".join(sorted((n.replace(" ", r"\s+") for n in COUINAUD_NAMES if n != "caudate"),
                                                  key=len, reverse=True)) + r")\s+(?:sub)?(?:segment|sector)\b")
"""A Couinaud segment said by its descriptive name, followed by "segment" (the lobe or section alone is no segment)."""


def locations_of(text: str | None) -> list[str]:
    """Sub-segments a location value names, canonical (`liver_segment_4`, `pancreas_head`, `kidney_left`).

    Reads measurement values such as `"liver_segment_4"`, `"segment 4, segment 8"`, `"segments VI and VII"`,
    `"pancreas_head"` or `"head"`; order kept, duplicates dropped.
    """
    if not text:
        return []
    from questions.spelling import arabic_segments

    low = arabic_segments(segments_spelt(str(text))).lower().replace("_", " ")
    found: list[tuple[int, str]] = []
    for match in COUINAUD_NAME.finditer(low):  # "right posterior superior segment": segment 7, not a side
        found.append((match.start(), COUINAUD_NAMES[" ".join(match.group(1).split())]))
    low = COUINAUD_NAME.sub(lambda m: " " * len(m.group(0)), low)
    for match in re.finditer(r"\bcaudate\s+(?:lobe|segment)\b(?![\s-]*(?:to\b|/|ratio\b))", low):  # segment 1 is the
        found.append((match.start(), "liver_segment_1"))  # caudate lobe (not the caudate-to-right-lobe ratio's caudate)
    for match in re.finditer(r"(?:segment|couinaud)(?:\s*|-)([1-8])|\bs([1-8])\b", low):  # "Couinaud VI": segment 6
        found.append((match.start(), f"liver_segment_{match.group(1) or match.group(2)}"))
    for match in re.finditer(PANCREAS_PARTS, low):
        found.append((match.start(), f"pancreas_{match.group(1)}"))
    low = re.sub(r"\(\s*(?:left|right)(?:[\s-]+(?:anterior|posterior|superior|inferior|lateral|medial|upper|lower))+\s*\)",
                 lambda m: " " * len(m.group(0)), low)  # "segment 5 (right anterior inferior)": the segment's own name
    for match in re.finditer(r"\b(left|right)\b(?!(?:[\s-]+(?!kidney\b)[a-z]+){0,4}?[\s-]+(?:lobes?|liver|hepatic|"
                             r"hemi-?liver|segments|sectors?|sections?)\b)", low):  # "the right side of the liver",
        found.append((match.start(), f"kidney_{match.group(1)}"))  # "one of the right anterior segments": no kidney
    return list(dict.fromkeys(name for _, name in sorted(found)))
