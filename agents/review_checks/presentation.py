"""An answer read as a reader reads it: the words it says, not how it is laid out or introduced.

"**C. SD** (RECIST 1.1)", "- Count: **three**", a pipe table of kidney volumes, "IMPRESSION: No.", "- Answer: Yes",
"Sure - I looked at this carefully. No: ..." and "81.1 mL (reference: normal 130-260 mL per kidney)" are correct
answers a writer formats (reviewer sets 18 and 19 held them correct). Taken away before the checks read them, and only
what states nothing of this patient: Markdown markup (emphasis, inline code, headings, bullets, a table's rules and
header row), a report's section label before the answer, a courtesy sentence before it, and a reference range quoted
as one ("reference: normal 130-260 mL"): the population's values, not a measurement, nor a category of the patient.
"""

from __future__ import annotations

import re

from core.anatomy import family
from questions.intents import extract

__all__ = ["RESTATED_QUESTION", "as_read", "plain_text", "without_question"]

EMPHASIS = re.compile(r"(\*\*|__|\*(?=\S)|(?<=\S)\*|`)")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
BULLET = re.compile(r"^\s*[-*+•]\s+", re.MULTILINE)
RULE_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
HEADER_UNIT = re.compile(r"(?:^|\(|\[|\s)(mL|ml|mm|cm|cm³|cm3|cc|HU|%)\)?\]?\s*$")
"""A column's unit as its header gives it ("mL", "Volume (mL)"): a bare number below it is in that unit."""
BARE_NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")
REFERENCE_COLUMN = re.compile(r"\b(?:normal|reference|ref\b|range|expected|typical|healthy|cut-?off|threshold)",
                              re.IGNORECASE)
"""A column whose header makes its values a population's reference ("Reference", "Normal range", "Ref.")."""
MARKUP = re.compile(r"\*\*|__|`|^\s*#{1,6}\s|^\s*\|.*\|\s*$|^\s*[-*+•]\s", re.MULTILINE)


FIELD_UNIT = re.compile(r"^([^:\n]*?\b(HU|mL|ml|mm|cm|cm³|%)\)?\s*:\s*)([-−]?\d+(?:\.\d+)?)(?=\s*;?\s*$)", re.MULTILINE)
"""A list field whose label gives the unit of its bare number ("- Mean HU: 118", "Volume (mL): 354")."""


def plain_text(text: str) -> str:
    """The text without its Markdown markup; a text with none is returned as it is.

    A table becomes one line per body row ("| Liver | 2082.4 mL |" -> "Liver: 2082.4 mL"): a row's first cell, when it
    holds no number, is the label of the values after it; a bare side or part word in it takes the organ its column's
    header names ("| Kidney |" over "| Left |" -> "Left kidney"). The header row above a rule row is dropped (it names
    columns, it states nothing) but for the unit a column's header gives its bare numbers ("| Volume (mL) |" over
    "| 57.0 |" -> "57.0 mL") and a reference column's ranges, which are named as references. A table followed by prose
    is read after it: the sentence under a table of values is the answer ("| Left | 114.9 mL |" then "No - small").
    """
    if not MARKUP.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    rows: list[str] = []
    units: list[str] = []
    references: list[bool] = []
    header: list[str] = []
    for i, line in enumerate(lines):
        if RULE_ROW.match(line) and "|" in line:
            continue
        if TABLE_ROW.match(line):
            cells = [EMPHASIS.sub("", cell).strip() for cell in line.strip().strip("|").split("|")]
            if i + 1 < len(lines) and RULE_ROW.match(lines[i + 1]) and "|" in lines[i + 1] and \
                    not any(VALUE_CELL.search(cell) for cell in cells):  # "| Liver volume | 2082.4 mL |" over the rule: data
                units = [m.group(1) if (m := HEADER_UNIT.search(cell)) else "" for cell in cells]
                references = [bool(REFERENCE_COLUMN.search(cell)) for cell in cells]
                header = cells
                continue  # the header row: it names columns (and their units), it states nothing
            unitless = bool(cells) and UNITLESS_ROW.search(cells[0]) is not None  # "| P/S ratio | 0.41 |" under "Mean HU"
            said = [(j, _cell(_named_by_column(cell, header[j] if j < len(header) else ""),
                              units[j] if j < len(units) and not unitless else "",
                              j < len(references) and references[j])) for j, cell in enumerate(cells) if cell]
            if len(said) > 1 and said[0][0] == 0 and not BARE_NUMBER.search(said[0][1]):
                label = said[0][1]
                if SIDE_OR_PART.fullmatch(label) and header and extract(header[0]).organs:
                    label = f"{label} {header[0].lower()}"
                row = f"{label}: " + ", ".join(cell for _, cell in said[1:])
                if LIMIT_ROW.search(label):  # "| Upper normal | 1800 mL |": the population's limit, a reference
                    row = "reference: " + ", ".join(cell for _, cell in said[1:])
                if RESULT_ROW.search(label):  # the total below its terms: read first, as the answer
                    rows.insert(0, row)
                else:
                    rows.append(row)
            else:
                rows.append(", ".join(cell for _, cell in said))
            continue
        out.append(line)
    rows = _ratio_rows_named(rows)
    prose = [line for line in out if line.strip()]
    joined = "\n".join([*out, *rows] if rows and prose else [*rows, *out])
    plain = HEADING.sub("", BULLET.sub("", joined))
    if BULLET.search(joined):  # a list's items are clauses of their own: "179.3 mL" then "Splenomegaly threshold" is no phrase
        plain = re.sub(r"(?<![.;:!?,\n])\n(?=[^\S\n]*[A-Z])", ";\n", plain.strip())
    return FIELD_UNIT.sub(r"\1\3 \2", EMPHASIS.sub("", plain))


def _ratio_rows_named(rows: list[str]) -> list[str]:
    """A table's ratio row that names no organ takes the organs of the rows above and below it, in their order
    ("| pancreas | 98.0 |", "| spleen | 102.6 |", "| ratio | 0.955 |" -> "pancreas/spleen ratio: 0.955")."""
    labels = [row.split(":", 1)[0] for row in rows if ":" in row]
    organs = [organ for label in labels if not UNITLESS_ROW.search(label) for organ in extract(label).organs]
    if len(organs) != 2:
        return rows
    named = []
    for row in rows:
        label, _, rest = row.partition(":")
        if rest and re.fullmatch(r"\s*(?:hu |attenuation |density )?ratio\s*", label, re.IGNORECASE):
            row = f"{organs[0]}/{organs[1]} {label.strip()}:{rest}"
        named.append(row)
    return named


VALUE_CELL = re.compile(r"\d+\.\d+|\d\s*(?:mL|ml|mm|cm|cm³|cc|HU|%|L)\b")
"""A cell that holds a measured value, not a column's name: a decimal, or a number with its unit."""
LIMIT_ROW = re.compile(r"\b(?:normal|reference|ref\b|threshold|cut-?off|limit|ULN|upper bound|lower bound)", re.IGNORECASE)
"""A table row whose values are a limit the patient's are held to ("| Upper normal | 1800 mL |", "| Threshold | 0.7 |")."""
RESULT_ROW = re.compile(r"\b(?:total|sum|combined|overall|ratio|difference|burden|result|answer)\b", re.IGNORECASE)
"""A table row that holds what the rows above it add up to ("| **Total** | **2382.1** |"): read first, as the answer."""
UNITLESS_ROW = re.compile(r"\b(?:ratio|index|fraction|count|number)\b|\b[LPS]/[LPS]\b", re.IGNORECASE)
"""A table row whose value has no unit whatever its column's header says ("| P/S ratio | 0.41 |" under "Mean HU")."""
SIDE_OR_PART = re.compile(r"(?:left|right|head|body|tail|neck|uncinate(?: process)?)", re.IGNORECASE)
"""A table's row label that is a side or a part of the organ its first column's header names ("Left" under "Kidney")."""


NAMING_COLUMN = re.compile(r"(?:couinaud\s+)?(segment|lesion|nodule|cyst|tumou?r|mass|#|no\.?)s?", re.IGNORECASE)
"""A column whose bare numbers are names, not values: a segment's ("| Segment |" over "| 8 |") or a lesion's index."""


def _named_by_column(cell: str, header: str) -> str:
    """A bare whole number or Roman numeral under a naming column, with the column's name ("8" -> "segment 8")."""
    column = NAMING_COLUMN.fullmatch(header.strip())
    if column is None or not re.fullmatch(r"\d+|[IVX]{1,4}", cell):
        return cell
    word = column.group(1).lower()
    return f"{'lesion' if word in ('#', 'no', 'no.') else word} {cell}"


def _cell(cell: str, unit: str, reference: bool) -> str:
    """A table cell as a phrase: a bare number with its column's unit; a range in a reference column named as a
    reference ("| Reference |" over "| 130-260 mL |" -> "reference: 130-260 mL"), which REFERENCE then drops."""
    if unit and BARE_NUMBER.fullmatch(cell):
        cell = f"{cell} {unit}"
    return f"reference: {cell}" if reference and BARE_NUMBER.search(cell) and not REFERENCE_COLUMN.search(cell) else cell


SECTION_LEAD = re.compile(r"^\s*(?:impression|answer|ans\.?|reply|response|conclusion|result|summary|bottom line|verdict|final answer)\s*[:—–-]\s*",
                          re.IGNORECASE)
"""A report's section label before the answer ("IMPRESSION: No.", "Answer: Yes", "Ans: No")."""
COURTESY = re.compile(r"^\s*(?:sure|certainly|of course|absolutely|happy to help|great question|thanks?(?: you)?|hi|hello|"
                      r"okay|ok)\b(?![^.!?\n]*(?:\bi(?:'d| would) (?:say|go with|conclude|answer)\b|\banswer (?:is|would be)\b))"
                      r"[^.!?\n\d]*[.!?]\s+", re.IGNORECASE)
"""A courtesy sentence before the answer, with no number of its own ("Sure - I looked at this carefully."); not one that
gives the answer ("Okay, having gone through the measurements, I'd say: Right kidney.")."""
REFERENCE = re.compile(r"(?:\s*[;,(\[]|^)\s*(?:reference(?: range| values?)?|ref\.?|normal range|reference interval|"
                       r"normal (?:is|being|=)\s*(?:under|below|less than|up to|over|above|[<>≤≥])?|normal\s*[<>≤≥]|"
                       r"(?:mild|moderate|severe|massive|normal)[\w ]{0,25}? range\s*:)\s*[:=]?\s*"
                       r"[^;)\]\n]*(?=[;)\]\n]|$)", re.IGNORECASE | re.MULTILINE)
"""A reference range quoted as one, to the end of its bracket or clause ("; reference: normal 130-260 mL per kidney",
"; normal is under about 315 mL", "Mild splenomegaly range: 314.5-500 mL")."""


GENERIC_RULE = re.compile(r"(?:(?<=[;.:,—–])|^)\s*(?:while\s+|whereas\s+|but\s+)?(?:solid\s+(?:tumou?rs|lesions|masses)|"
                          r"(?:simple\s+|hyperattenuating\s+|mucinous\s+)?cysts|pseudocysts|RCCs|renal cell carcinomas|PDACs|"
                          r"PNETs|tumou?rs)\s+(?:are|tend to be|would be|usually (?:are|measure)|typically (?:are|measure)|measure)\s+"
                          r"(?:typically\s+|usually\s+|generally\s+)?(?:above|over|below|under|more than|less than|greater than|"
                          r"higher than|lower than|at least|at most|[<>≤≥])\s*(?:[-−]?\d|(?:it|that|this)\b)[^;.\n]*",
                          re.IGNORECASE | re.MULTILINE)
"""A category's rule said of the category in general ("solid tumours are above 34.8 HU"), no claim about this
patient's lesion: the cut-off quoted, which the reader compares the measured value with."""
GENERAL_TRAIT = re.compile(r"(?:,\s*)?\b(?:which|that|as)?\s*(?:is|are|tends? to be)\s+(?:typically|usually|classically|"
                           r"generally|often|characteristically|most often)\s+(?:hypo|hyper|iso)[\w-]*", re.IGNORECASE)
"""A kind's usual look said in general ("ductal adenocarcinoma, which is typically hypoattenuating"): no claim about this
patient's lesion."""
HYPOTHETICAL = re.compile(r"\b(?:that|which|at which|where|when)\s+(?:it|they|one|(?:the|a|an)\s+\w+)?\s*would\s+[^;.,\n)]*|"
                          r"\balone\s+would\s+(?:only\s+)?be\s+[^;.,\n)]*|"
                          r"\bnot\s+(?:in|within)\s+the\s+[\w-]+\s+(?:range|band)\b|"
                          r"\((?:[^()]*?\b(?:T[0-4][a-c]?|G[0-3])\b[^()]*?[<>≤≥][^()]*?[,;]){1,}[^()]*\)", re.IGNORECASE)
PREFERRED_OVER = re.compile(r"\b((?:favou?r|prefer)(?:s|ed|ing)?\s+[^;.,\n]*?)\s+over\s+(?:an?\s+|the\s+)?[\w-]+"
                            r"(?:\s+(?:cyst|cystic lesion|tumou?r|mass|lesion|neoplasm|carcinoma))?", re.IGNORECASE)
"""The alternative a finding is favoured over ("favours a pseudocyst over a mucinous cyst"): set aside, not stated."""
"""Categories said of what would be, or of a rule's bands, not of this patient: "the 40 HU level that would point to
moderate or severe fat", "the 315 mL at which it would be called enlarged", "the L/S ratio alone would be G0",
"not in the hyperattenuating range", "(T1 <= 2 cm, T2 > 2 to <= 4 cm, T3 >
4 cm)". The values quoted stay, held to the rule by the other checks."""


DENIAL_LEAD = re.compile(r"^\s*(?:there\s+(?:is|are|was|were)|you\s+have|we\s+(?:see|found)|i\s+(?:see|found)|"
                         r"the\s+(?:scan|ct|images?)\s+(?:shows?|showed))\s+(no)\b", re.IGNORECASE)
"""A denial said with an existential lead ("There are no lesions in the kidneys", "You have no spots"): its "no"
is the answer's, as in "No lesions in the kidneys"."""


REFERS_BACK = re.compile(r"^[^.;\n\d]{0,40}?(?::\s*|\s)(?:see|as)\s+(?:measured\s+|noted\s+|stated\s+|described\s+|given\s+|"
                         r"shown\s+|reported\s+)?(?:above|below)\s*(?:[.;]|$)\s*", re.IGNORECASE | re.MULTILINE)
"""A short sentence or field that only refers to a value given elsewhere ("Liver volume: see above."): no value of its
own, the one it refers to is read where it is."""


ORGAN_FIELD = re.compile(r"^\s*(?:organ|structure|site|region|target|organ assessed)\s*:\s*([A-Za-z][A-Za-z ]{1,30}?)\s*;?\s*$",
                         re.IGNORECASE)
"""A list's field naming what the answer is about ("- Organ: spleen"), no finding of its own."""
ORGAN_LEAD = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*(?::|\s[-—–]|[—–])\s*(?=\S)(?!(?:[\w-]+\s+){0,3}?ratio\b)")
"""A report's organ section label before its finding ("LIVER: no focal hepatic lesion identified"); not the first organ
of a ratio ("Liver:spleen HU ratio 1.29")."""


def _about_asked(label: str, asked: frozenset[str]) -> bool:
    """Whether a label is only a name of an organ the question asks about ("LIVER", "Renal"): no quantity ("Liver
    volume" is the value's name) and no side ("Right kidney:" may be the side asked), which are kept."""
    families = {str(family(o)) for o in extract(label).organs}
    if not families or not families <= asked:
        return False
    words = {w for f in families for w in (f.replace("_", " "), *LABEL_FORMS.get(f, ()))}
    rest = re.sub(rf"(?i)\b(?:{'|'.join(sorted(map(re.escape, words), key=len, reverse=True))}|the)\b",
                  " ", label)
    return not rest.strip()


LABEL_FORMS = {"liver": ("hepatic",), "spleen": ("splenic",), "kidney": ("kidneys", "renal"),
               "pancreas": ("pancreatic",), "gall_bladder": ("gallbladder",)}
"""An organ's other names as a report's section label uses them ("RENAL:", "HEPATIC:")."""


NAME_FIELD = re.compile(r"^\s*(?:measurement|parameter|quantity|metric|measured|structure measured)\s*(?::|\s[—–=-])\s*"
                        r"[^\d\n;]*(?:;\s*|$)", re.IGNORECASE | re.MULTILINE)
"""A list's field naming what was measured ("- Measurement: spleen volume"), no value of its own."""
VALUE_FIELD = re.compile(r"(?:^|(?<=;))(\s*)(?:value|result|measured value|interpretation|comment)\s*(?::|\s[—–=-])\s*",
                         re.IGNORECASE | re.MULTILINE)
"""A list's field label before the value or its reading ("- Value: 527.3 mL", "- Interpretation: ...")."""
VERDICT_FIELD = re.compile(r"^(\s*)([A-Za-z][^\d:;\n]{1,60}?)\s*:\s*(?:(yes|present|positive|seen|identified|detected|suspected)|"
                           r"(no|absent|negative|none|not (?:present|seen|identified|detected|suspected)))\b"
                           r"(\s*(?:\(\s*[A-Ea-e]\s*\))?)\s*([.;]?)\s*$", re.IGNORECASE | re.MULTILINE)
"""A list's field that gives a finding's verdict ("- Splenomegaly: **No (B)**", "- PDAC: absent", "- Focal pancreatic
lesion: yes"; reviewer set 25d): said as a sentence ("No splenomegaly (B)", "Yes, focal pancreatic lesion")."""


def _verdict_sentence(m: re.Match[str]) -> str:
    lead, label, yes, _, letter, stop = m.groups()
    if SECTION_LEAD.match(f"{label}:"):
        return m.group(0)
    said = label[0].lower() + label[1:] if label[1:2].islower() else label
    return f"{lead}Yes, {said}{letter}{stop}" if yes else f"{lead}No {said}{letter}{stop}"


LANDMARK = re.compile(r",\s*(?:the|its|which is the)\s+(?:end|part|side|portion|bit|tip)\s+(?:nearest|closest|next|towards?|near)"
                      r"\s+(?:to\s+)?(?:the\s+|your\s+)?[a-z]+(?=\s*(?:[.;,)\n]|$))", re.IGNORECASE)
"""A part of an organ explained by its neighbour ("in the tail of the pancreas, the end nearest the spleen"; reviewer set
25d): anatomy told to a patient, no finding of the neighbour."""
ABSOLUTE = re.compile(r"\|([^|\n]*\d[^|\n]*?\s[-−–]\s[^|\n]*?\d[^|\n]*)\|(?=\s*(?:=|≈|is\b))")
"""A difference's absolute value written with bars, before its result ("|63.8 - 110.0| = 46.2 HU"): the bracketed
difference of a worked computation, no table cell."""


FINDINGS = re.compile(r"^\s*findings?\s*:\s*", re.IGNORECASE)
INLINE_IMPRESSION = re.compile(r"(?<=[.;!])[ \t]+((?:impression|conclusion)\s*:)", re.IGNORECASE)
"""An impression label after a sentence of the findings on the same line."""
"""A report's findings section first: its line states the value, the impression after it reads it."""


DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d{1,2})(?=\s*(?:mL|ml|HU|%|mm|cm|cm³|cc|L)(?![\w³]))|(?<![\d,.])0,(\d+)\b")
"""A decimal comma ("972,1 mL", "0,014"): a value, where a thousands separator would take three digits after it."""


def in_english(text: str) -> str:
    """An answer written in another language read as the question reader reads one (`questions.multilingual`: its
    clinical and comparison words in English; "Indeterminada: ... entre 20 y 70 HU" -> "... between 20 and 70 HU"), its
    decimal commas as points; an English answer as it is."""
    from questions.multilingual import english_question, foreign_marked

    fixed = DECIMAL_COMMA.sub(lambda m: f"{m.group(1)}.{m.group(2)}" if m.group(1) else f"0.{m.group(3)}", text)
    if fixed == text and not foreign_marked(text):
        return text
    return english_question(fixed) if foreign_marked(fixed) else fixed


JSON_UNITS = {"ml": "mL", "mm": "mm", "cm": "cm", "hu": "HU", "pct": "%", "percent": "%", "cm3": "cm³", "cc": "mL"}
VERDICT_KEYS = ("answer", "verdict", "result", "conclusion", "finding", "impression")


NAME_KEYS = ("structure", "organ", "target", "lesion", "subject", "name", "mask")
"""Keys of a JSON answer that name what the value is of, read after the values."""


def _flattened(fields: dict) -> dict | None:
    """A JSON answer's fields with a range list ("range_ml": [314.5, 500]) said as one range and a nested object of
    values ("burden_pct": {"pancreas": 52.0}) as one field per entry ("pancreas_burden_pct"); None for anything
    deeper."""
    out: dict = {}
    for key, value in fields.items():
        if isinstance(value, list):
            if len(value) != 2 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
                return None
            unit = re.search(r"_(ml|mm|cm3|cm|cc|hu|pct|percent)$", key, re.IGNORECASE)
            out[key] = f"{value[0]:g}–{value[1]:g} {JSON_UNITS[unit.group(1).lower()]}" if unit else \
                f"{value[0]:g}–{value[1]:g}"  # a quoted reference range, not a measured value
        elif isinstance(value, dict):
            if any(isinstance(v, dict | list) for v in value.values()):
                return None
            for inner, item in value.items():
                out[f"{inner}_{key}"] = item
        else:
            out[key] = value
    return out


def json_read(text: str) -> str:
    """A flat JSON object as the sentence it stands for: its yes/no (or "answer") field first, then each other field
    as "key words: value unit" (`{"answer": "No", "spleen_volume_ml": 211.7}` -> "No. spleen volume: 211.7 mL");
    any other text as it is."""
    import json

    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return text
    try:
        fields = json.loads(stripped)
    except ValueError:
        return text
    if not isinstance(fields, dict) or not fields:
        return text
    nested = any(isinstance(v, dict) for v in fields.values())  # {"burden_pct": {"pancreas": 52.0}}: each value has
    fields = _flattened(fields)  # its own subject, the "organ" field is the answer's, not theirs
    if fields is None:
        return text
    verdict = next((k for k, v in fields.items() if isinstance(v, str) and re.fullmatch(r"\s*(yes|no)\b.*", v, re.I)
                    and (k.lower() in VERDICT_KEYS or len(fields) <= 3 or k == next(iter(fields)))), None)
    verdict = verdict or next((k for k in fields if k.lower() in VERDICT_KEYS), None)
    flags = [k for k, v in fields.items() if isinstance(v, bool)]
    if verdict is None and flags and (len(flags) == 1 or flags[0] == next(iter(fields))):
        verdict = flags[0]  # {"pancreatic_steatosis": false, "ratio": 0.938}: the one yes/no field is the answer
    words, names = [], []
    for key, value in fields.items():
        if key == verdict:
            continue
        unit = re.search(r"_(ml|mm|cm3|cm|cc|hu|pct|percent)$", key, re.IGNORECASE)
        name = (key[:unit.start()] if unit else key).replace("_", " ")
        pair = re.fullmatch(r"([a-z]+)_([a-z_]+)_ratio", key, re.IGNORECASE)  # "caudate_right_lobe_ratio": two parts
        name = f"{pair.group(1)}-to-{pair.group(2).replace('_', '-')} ratio" if pair else name
        shown = "yes" if value is True else "no" if value is False else value
        if isinstance(value, int) and not isinstance(value, bool) and re.search(r"segment", key, re.IGNORECASE):
            shown = f"segment {value}"  # {"top_segment": 7}: a Couinaud segment, no measured value
        said = f"{name}: {shown} {JSON_UNITS[unit.group(1).lower()]}" if unit and isinstance(value, int | float) \
            else f"{name}: {shown}"
        if isinstance(value, bool):  # {"answer": "A", "pancreatic_lesion_present": false}: "no pancreatic lesion
            said = name if value else f"no {name}"  # present", a finding denied in words, not a "present" said
        (names if key.lower() in NAME_KEYS else words).append(said)
    subject = next((str(fields[k]) for k in fields if k.lower() in NAME_KEYS and isinstance(fields[k], str)), None)
    if subject is not None and len(names) == 1 and words and not nested and not any(
            extract(w.split(":")[0]).organs for w in words):  # {"organ": "Kidneys", "pancreas_lesion_mL": 1.5}: a key
        # naming its own organ keeps it; {"structure": "kidney_right", "volume_ml": 74.7}: "right
        side = re.fullmatch(r"(\w+?)_(left|right)", subject)  # kidney volume: 74.7 mL", the value's subject first
        subject = f"{side.group(2)} {side.group(1)}" if side else subject.replace("_", " ")
        words, names = [f"{subject} {w}" for w in words], []
    words.sort(key=lambda w: not re.match(r"(total|sum|combined)\b", w, re.IGNORECASE))  # {"kidney_left_ml": ...,
    # "total_cm3": 221.1}: the total asked is the answer, its parts after it
    value = fields[verdict] if verdict else None
    head = f"{'yes' if value is True else 'no' if value is False else value}. " if verdict else ""
    return head + "; ".join(words + names)  # {"structure": "kidney_right", "volume_ml": 74.7}: the value first


ENUMERATED = re.compile(r"^(\s*(?:[A-H]\s*[—–:.-]\s*)?)\d{1,2}[).]\s+(?=\S)", re.MULTILINE)
"""A numbered step's number at a line's start ("1) Measured: ... / 2) Conclusion: No."): no value of the answer's; read
only where the text numbers its lines 1 and 2 (`unnumbered`), so a count said first ("3. Three lesions") stays."""


def unnumbered(text: str) -> str:
    """`text` without its lines' step numbers, when it numbers at least two lines 1 and 2 (`ENUMERATED`)."""
    numbers = [re.match(r"\s*(?:[A-H]\s*[—–:.-]\s*)?(\d{1,2})[).]\s", line) for line in text.split("\n")]
    steps = [int(m.group(1)) for m in numbers if m is not None]
    return ENUMERATED.sub(r"\1", text) if steps[:2] == [1, 2] else text


BAND_NAMED = re.compile(r"(?P<lead>\b(?:between|above|below|outside|beyond|under|over|than|into)|(?<=\)) and|\band(?= the "
                        r"[\w-]+(?: [\w-]+)?[- ](?:range|band)\b[^.;\n]{0,40}$)) the (?!normal\b|reference\b)[\w-]+(?: [\w-]+)?[- ]"
                        r"(?P<band>range|band)\b", re.IGNORECASE)
"""A category's band named as a yardstick ("between the simple-cyst range and the hyperattenuating range", "above the
mild band"): the value is set against it, the band's name claims nothing (its numbers stay, held to the criterion)."""


RESTATED_QUESTION = re.compile(r"^\s*(?P<letter>[A-H]\s*[—–:.-]\s*)?(?:\*\*)?(?:Q|Question)(?:\*\*)?\s*[:.]\s*[^\n]+?[?.]\s*"
                               r"(?:\*\*)?\s+(?:\*\*)?(?:A|Answer)(?:\*\*)?\s*[:.]\s*", re.IGNORECASE)
"""The question restated before the answer ("Q: ...?" then "A: ...", "B — Q: Give the slice number ... A: 28"): the
question's words claim nothing; an option's letter before it stays (`as_read`, and `base.ReviewInput` on texts that did
not pass through it)."""


def without_question(text: str, question: str | None) -> str:
    """The answer without the question copied word for word before it ("Does the CT show any hepatic lesions? Yes,
    it does: ...", "Count the pancreatic masses on this CT. 1 — ..."): the question's words claim nothing; an
    option's letter before it stays."""
    if not question or not question.strip():
        return text
    words = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", question))
    if not words:
        return text
    copied = re.match(rf"^\s*(?P<letter>[A-H]\s*[—–:.-]\s*)?[\W_]*{words}\W*?[?.:]\W*?\s+(?=\S)", text, re.IGNORECASE)
    copied = copied or REWORDED_QUESTION.match(text)
    return (copied.group("letter") or "") + text[copied.end():] if copied else text


REWORDED_QUESTION = re.compile(r"^\s*(?P<letter>[A-H]\s*[—–:.-]\s*)?(?:is|are|can|could|does|do|did|was|were|has|have|will|"
                               r"would|should)\s+[^?\n]{3,160}\?\s+(?=(?:yes|no)\b)", re.IGNORECASE)
"""The question put again in the answer's own words before its yes or no ("Can a mass arising from the large bowel be
identified? No - ..."): a question claims nothing."""


def as_read(text: str, asked: frozenset[str] = frozenset(), verdict_asked: bool = False) -> str:
    """The answer as a reader takes it: `plain_text`, without a leading courtesy sentence or section label, and
    without a quoted reference range; a text with none of them is returned as it is. `asked` are the organ families
    the question names: a list's field naming one of them ("- Organ: spleen") and a report's section label that is
    one of them ("LIVER: no focal lesion") state nothing of the patient and are taken away too.

    A report of findings then an impression is read impression first when the impression is the answer: the question
    asks a verdict (`verdict_asked`: yes/no, a category, a place; "FINDINGS: Pancreas 98 HU, spleen 103 HU. /
    IMPRESSION: No fatty pancreas." is a no; reviewer set 25d), or the findings give the inputs (two numbers or more)
    and the impression its own number, the result ("FINDINGS: Lesion 63.8 HU; liver 110.0 HU. / IMPRESSION: 46 HU
    lower"). Asked a value, a findings line with the value leads otherwise and the impression reads it ("FINDINGS:
    Liver volume: 1545.6 mL. / IMPRESSION: Hepatomegaly (> 1800 mL)")."""
    text = RESTATED_QUESTION.sub(lambda m: m.group("letter") or "", text, count=1)  # "Q: Is the burden asymmetric ...?
    # A: Neither": the answer after A:
    text = BAND_NAMED.sub(lambda m: f"{m.group('lead')} the {m.group('band')}", text)  # "between the simple-cyst range
    # (-10 to 20 HU) and the hyperattenuating range (> 70 HU)": bands the value is set against, no category claimed
    read = plain_text(json_read(unnumbered(in_english(text))))  # "1) Measured: ... / 2) Conclusion: No.": the steps' numbers go
    read = LANDMARK.sub("", ABSOLUTE.sub(r"(\1)", VERDICT_FIELD.sub(_verdict_sentence, read)))  # a list's field "Splenomegaly: No (B)"
    if NAME_FIELD.search(read) and VALUE_FIELD.search(read):  # "- Measurement: spleen volume / - Value: 527.3 mL"
        read = VALUE_FIELD.sub(r"\1", NAME_FIELD.sub("", read)).strip()
    findings = FINDINGS.match(read)
    if findings:  # "FINDINGS: ... IMPRESSION: ..." on one line: the impression is its own section
        read = INLINE_IMPRESSION.sub(r"\n\1", read)
        findings = FINDINGS.match(read)
    if findings:  # "FINDINGS: Liver volume: 1545.6 mL. / IMPRESSION: Within the normal range": the value first
        read = read[findings.end():]
    if asked:
        lines = [line for line in read.split("\n") if not ((m := ORGAN_FIELD.match(line)) and _about_asked(m.group(1), asked))]
        if lines and (lead := ORGAN_LEAD.match(lines[0])) and _about_asked(lead.group(1), asked):
            lines[0] = lines[0][lead.end():]
        read = "\n".join(lines).strip()
    lines = read.split("\n")
    labelled = next((n for n, line in enumerate(lines) if n and SECTION_LEAD.match(EMPHASIS.sub("", line))), None)
    inputs = len(BARE_NUMBER.findall(" ".join(lines[:labelled]))) if labelled is not None else 0
    leads = not findings or verdict_asked or (labelled is not None and inputs != 1 and BARE_NUMBER.search(lines[labelled])
                                              is not None)  # "Lesion 63.8 HU; liver 110.0 HU. / IMPRESSION: 46 HU lower";
    # "FINDINGS: (kidney lesion count) / IMPRESSION: 1.": findings that name the quantity, the impression its value
    if labelled is not None and leads and not SECTION_LEAD.match(EMPHASIS.sub("", lines[0])):  # "- Spleen 179.3 mL / - Answer: B": the labelled line is the answer, its reasons after
        lines.insert(0, lines.pop(labelled).rstrip(";").strip() + ";")
        read = "\n".join(lines)
    if re.search(r"\d", REFERS_BACK.sub("", read)):  # "Liver volume: see above. 1545.6 mL": the value is elsewhere
        read = REFERS_BACK.sub("", read).strip()
    read = DENIAL_LEAD.sub(lambda m: m.group(1).capitalize() + " ", read, count=1)  # "You have no spots" -> "No spots"
    for _ in range(2):  # "Sure! IMPRESSION: No."
        read = SECTION_LEAD.sub("", COURTESY.sub("", read, count=1), count=1)
    return set_aside(GENERIC_RULE.sub("", REFERENCE.sub("", read)))


def set_aside(text: str) -> str:
    """The text without categories said of what would be, of a kind in general or of an alternative a finding is
    favoured over (`HYPOTHETICAL`, `GENERAL_TRAIT`, `PREFERRED_OVER`): none of them is said of this patient."""
    return PREFERRED_OVER.sub(r"\1", HYPOTHETICAL.sub("", GENERAL_TRAIT.sub("", text)))
