"""A form field or JSON key as a question: "total_kidney_volume_ml:", "pnet_detected (true/false)", "Liver lesions (n):".

Structured requests name what to fill in as a key: words joined by underscores, a unit at the end, and the value's
type in brackets. The key is read as the phrase it abbreviates: its words split, a "(n)"/"count" key asks how many,
a "(bool)"/"(true/false)"/"_present"/"_detected" key asks whether the thing exists, any other key asks its value.
"""

from __future__ import annotations

import json
import re

KEY = re.compile(r"^\s*(?P<key>[A-Za-z][\w/+.-]*(?:[ _][\w/+.-]+){0,7})\s*(?:\((?P<kind>[^()]{1,24})\))?\s*:?\s*$")
"""One key, at most eight words, an optional type in brackets, an optional colon; nothing else."""
FORM_FIELD = re.compile(r"^\s*field\s*[:=]\s*(?P<key>[^|]{3,120}?)\s*\|\s*value\s*[:=]?\s*(?P<value>[^|]{0,20}?)\s*$",
                        re.IGNORECASE)
"""A form's field and its empty value ("Field: normal kidney volume range | Value:", "... | Value: yes/no")."""
COUNT_KIND = re.compile(r"^(n|#|no\.?|num(ber)?|count|int(eger)?)$", re.IGNORECASE)
BOOL_KIND = re.compile(r"^(bool(ean)?|true ?/ ?false|yes ?/ ?no|y ?/ ?n|0 ?/ ?1)$", re.IGNORECASE)
COUNT_WORDS = re.compile(r"(^|\s)(n|num|number|count|no)(?=\s|$)", re.IGNORECASE)
"""A key's word saying it holds a count ("pancreas_lesion_count", "n_liver_lesions")."""
PRESENT_WORDS = re.compile(r"\s(present|detected|found|seen|exists?|positive|identified)$", re.IGNORECASE)
"""A key's last word saying it holds a finding's presence ("pdac_present", "pnet_detected")."""
UNIT_WORDS = {"ml": "mL", "cc": "mL", "cm3": "mL", "cm³": "mL", "mm": "mm", "cm": "cm", "hu": "HU", "pct": "%", "percent": "%"}
"""A unit as a key's last word ("spleen_volume_ml")."""
ABBREVIATIONS = ((r"\btnm t\b", "T stage"), (r"^t (?!stage)(?=\w)", "T stage "), (r"\bdiam\b", "diameter"),
                 (r"\bvol\b", "volume"), (r"\bloc\b", "location"), (r"\bseg\b", "segment"))
"""Short forms keys use ("TNM_T_pancreas", "liver_vol_ml")."""


SUPERLATIVE_OF = re.compile(r"(?P<most>max|maximum|most|highest|min|minimum|least|lowest) (?P<what>(?:lesion |tumou?r )?"
                            r"(?:burden|load|count|volume|involvement|disease|lesions))( (?:by )?volume)? "
                            r"(?P<which>organ|side|kidney|segment|part|region)")
"""A key or task naming which structure holds the most of something ("max_lesion_burden_organ")."""


def which_holds(words: str) -> str | None:
    """'max lesion burden organ' -> 'Which organ has the most lesion burden?'; None for other words."""
    match = SUPERLATIVE_OF.fullmatch(" ".join(words.replace("_", " ").lower().split()))
    if match is None:
        return None
    most = "least" if match.group("most") in ("min", "minimum", "least", "lowest") else "most"
    return f"Which {match.group('which')} has the {most} {match.group('what')}?"


def field_question(text: str) -> str:
    """The question a form field or JSON key asks; any other text unchanged.

    Args:
        text: the question as typed.

    Returns:
        "total_kidney_volume_ml:" -> "What is the total kidney volume in mL?"; "Kidney lesions (n):" -> "How many kidney
        lesions?"; "pnet_detected (true/false)" -> "Is there a pnet?"; "dominant_lesion_outlier (bool):" -> "Is there a
        dominant lesion outlier?"; a bracket that is no type stays with the phrase ("tumor_burden_pct (liver):" -> "What
        is the tumor burden in % (liver)?": the organ or the values offered). A text with a question mark, or neither an underscore, a bracketed type nor a
        trailing colon after two words, is a question already.
    """
    form = FORM_FIELD.match(text)
    if form is not None:  # "Field: Couinaud segment of largest lesion | Value:": the field's name asks, its value types
        key, value = " ".join(form.group("key").split()), re.sub(r"\s+", "", form.group("value")).strip("=")
        if BOOL_KIND.match(value.replace("/", " / ")) or BOOL_KIND.match(value):
            return f"Is there a {key}?"
        if COUNT_KIND.match(value) or re.fullmatch(r"n=?\??", value, re.IGNORECASE):
            return f"How many {key}?"
        if not re.fullmatch(r"[?_.…]*", value):
            return text
        finding = re.search(r"\b(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*|pdac|p?nets?|cancers?)$", key,
                            re.IGNORECASE)
        return f"Is there a {key}?" if finding else f"What is the {key}?"  # "Field: colorectal lesion | Value: ?"
    match = KEY.match(text)
    if match is None or "?" in text:
        return text
    key, kind = match.group("key"), (match.group("kind") or "").strip()
    typed = bool(COUNT_KIND.match(kind) or BOOL_KIND.match(kind))  # "(n)", "(bool)"; "(excluding lesions)" is no type
    if "_" not in key and not typed and not (text.rstrip().endswith(":") and len(key.split()) >= 2):
        return text
    words = " ".join(key.replace("_", " ").split())
    for pattern, full in ABBREVIATIONS:
        words = re.sub(pattern, full, words, flags=re.IGNORECASE)
    unit = UNIT_WORDS.get(words.rsplit(" ", 1)[-1].lower()) if " " in words else None
    words = words.rsplit(" ", 1)[0] if unit else words
    said = f" ({kind})" if kind and not typed else ""  # "(liver)", "(hypo|iso|hyper)": what the key is of, or offers
    if COUNT_KIND.match(kind) or COUNT_WORDS.search(words):
        counted = COUNT_WORDS.sub(" ", words).strip()
        return f"How many {counted if counted.endswith('s') or ' in ' in counted else counted + 's'}{said}?"
    if BOOL_KIND.match(kind) or PRESENT_WORDS.search(" " + words):
        return f"Is there a {PRESENT_WORDS.sub('', ' ' + words).strip()}{said}?"
    if (which := which_holds(words)) is not None:  # "max_lesion_burden_organ:": which one holds the most
        return which[:-1] + f"{said}?"
    return f"What is the {words}{f' in {unit}' if unit else ''}{said}?"


OFFERED_VALUES = r'"\w+"(?:\s*\|\s*"\w+")+'
"""Quoted values offered as the template's choices ('"yes"|"no"'): a type, not a name."""
JSON_PAIR = re.compile(r'\{\s*"(?P<key>[A-Za-z][\w ./+-]{0,60})"\s*:\s*(?P<value>' + OFFERED_VALUES + r'|"[^"{}]{0,80}"|<\s*\w+\s*>|[\w|/ ]{1,24}|\?|\.\.\.|…)\s*\}')
"""A one-pair JSON template in a request: '{"renal_lesion_present": true|false}', '{"fatty_liver": "yes"|"no"}',
'{"segment_6_lesion_count": <int>}',
'{"metric": "liver_spleen_hu_ratio"}'."""
FORMAT_KEYS = frozenset({"answer", "reason", "reasoning", "rationale", "explanation", "letter", "choice", "option",
                         "confidence", "result", "value", "output"})
"""Keys that say how to answer, not what is asked ('{"answer": "A|B|C|D"}')."""
NAMING_KEYS = frozenset({"metric", "query", "task", "question", "quantity", "measure", "measurement", "ask", "field"})
"""Keys whose string value names what is asked ('{"metric": "liver_spleen_hu_ratio"}')."""
PLACEHOLDER_KINDS = {"int": "", "integer": "", "float": "", "number": "", "str": "", "string": "", "bool": "bool",
                     "boolean": "bool", "?": "", "...": "", "…": "", "null": "", "none": ""}
"""A JSON value that holds the place of the answer ('<float>', 'float', '?', 'null'), with the kind it asks."""


def json_asked(text: str) -> str:
    """A request whose one-pair JSON template names what is asked, with the template read as that question.

    '{"renal_lesion_present": true|false} for the kidneys' -> 'Is there a renal lesion? for the kidneys';
    '{"segment_6_lesion_count": <int>}' -> 'How many segment 6 lesions?'; '{"metric": "liver_spleen_hu_ratio"}' ->
    'What is the liver spleen HU ratio?'. Keys that only say how to answer ("answer", "reason") and other text stay.
    """
    def read(match: re.Match[str]) -> str:
        key, value = match.group("key"), match.group("value").strip()
        if re.fullmatch(OFFERED_VALUES, value):  # '"yes"|"no"': the values offered, a type
            value = value.replace('"', "").replace(" ", "")
        if key.lower() in FORMAT_KEYS:
            return match.group(0)
        if value.startswith('"'):
            named = value.strip('"').strip()
            if key.lower() not in NAMING_KEYS or not re.search(r"[A-Za-z]{3}", named):
                return match.group(0)
            return field_question(f"{named.replace(' ', '_')}:")
        placeholder = value.strip("<> ").lower()
        kind = "bool" if BOOL_KIND.match(value.replace("|", "/")) else PLACEHOLDER_KINDS.get(placeholder)
        if kind is None:
            return match.group(0)
        if kind == "bool" and ADJECTIVE_KEY.fullmatch(key):
            return f"Is it {key.lower()}?"  # '{"enlarged": bool}': whether what the rest names is so
        asked = field_question(f"{key.replace(' ', '_')} ({kind}):" if kind else f"{key.replace(' ', '_')}:")
        return f"What is the {key.replace('_', ' ')}?" if asked.endswith(":") else asked  # '{"segment": str}'
    read_out = JSON_PAIR.sub(read, text)
    if read_out == text:
        return text
    joined = REQUEST_THEN_OF.fullmatch(read_out.strip())  # 'Return {"total_cm3": float} for liver + spleen.': one
    if not joined:  # question, of what the rest names
        return read_out
    of = re.sub(r"^(?!for|of|in|on|about)\w+", "of", joined.group("of"))  # '... locating the largest lesion': of it
    return f"{joined.group('asked')} {of}?"


ADJECTIVE_KEY = re.compile(r"(?i)[a-z]+(?:ed|al|able|ic|ous|ive|ant|ent|ar)|fatty|large|small|normal")
"""A one-word key that says a state ('{"enlarged": bool}', '{"resectable": bool}', '{"normal": bool}')."""
REQUEST_THEN_OF = re.compile(r"(?is)(?:(?:return|give(?: me)?|output|provide|fill(?: in)?|json)\b\s*:?\s*)?"
                             r"(?P<asked>[^?]+?)\?\s*(?P<of>(?:for|of|in|on|about|locating|describing|measuring|"
                             r"characteri[sz]ing|classifying|grading|staging|counting)\b[^?]*?)[.?]?")
"""A request whose template asks and whose rest says of what ('Return ... for the dominant pancreatic lesion.', '...
locating the largest liver lesion.')."""


TEMPLATE = re.compile(r"(?:\b[A-Za-z_]\w*)?(?P<open>[{(])(?P<body>[^{}()]*?[:=][^{}()]*)[})]")
"""A JSON object or a tool call's arguments: '{"organ": "liver", "tumor_burden_pct": <float>}',
'measure(target="kidney_tumor", measurement_type="lesion_count")'."""
PAIR = re.compile(r'"?(?P<key>[A-Za-z][\w]*)"?\s*[:=]\s*(?P<value>"[^"]*"|<[^>]*>|\[[^\]]*\]|[\w.|/-]+|\?|…)')
ABOUT_KEYS = frozenset({"organ", "target", "structure", "region", "site", "side", "lesion"})
"""Keys whose value names what the asked quantity is of ('"organ": "liver"', 'target="kidney_tumor"')."""
ASKING_KEYS = NAMING_KEYS | {"measurement_type", "finding", "type", "name", "metric_name"}
PLACE_KEYS = frozenset({"segment", "couinaud_segment", "part", "lobe", "pole"})
"""Keys whose value is a place of the organ ('"segment": 6')."""
COMBINING_KEYS = frozenset({"op", "operation", "aggregate", "aggregation", "combine", "reduce"})
"""Keys saying how several values are combined ('"op": "sum"')."""
OFFERED_KEYS = frozenset({"answer_space", "categories", "options", "choices", "labels", "classes", "allowed", "candidates"})


PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_]\w*)\s*\}")
ASSIGNED = r"\b{name}\s*(?:=|:|is|as)\s*(?:\"([^\"]+)\"|'([^']+)'|([\w -]+?)(?=\s*(?:[,;.)]|$)))"
QUOTED_QUESTION = re.compile(r"[\"“]([^\"”]{5,}\?)[\"”]")


FORMAT_LABEL = re.compile(
    r"^\s*(?:(?:please\s+)?(?:reply|answer|respond)\s+(?:in|with)\s+)?(?P<form>(?:one|a single|single|1)[- ](?:word|token|term)|"
    r"(?P<named>organ|segment|side|kidney|part)(?: name)? only)\s*(?:\((?P<offered>[^()]{2,80})\))?\s*[:\-\u2013\u2014]\s*"
    r"(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
"""An answer's form said first as a label, with the answers it allows in brackets ("one word (cyst/tumor): left renal
lesion", "organ name only: highest total lesion volume", "one token (PDAC|PNET): pancreatic mass")."""
FORMAT_AFTER = re.compile(r"\s*\((?:in )?(?:one|a single|single|1)[- ](?:word|token|term)(?: only)?\)\s*:?\s*$", re.IGNORECASE)
"""An answer's form said last in brackets ("Segment with the highest lesion count (one token):")."""


def format_label(text: str) -> str:
    """The question a label of the answer's form introduces: its topic asked with the answers the form allows.

    "one word (cyst/tumor): left renal lesion" -> "left renal lesion: cyst or tumor?"; "organ name only: highest total
    lesion volume" -> "Which organ: highest total lesion volume?"; "Segment with the highest lesion count (one
    token):" -> "Segment with the highest lesion count?". Other text is unchanged.
    """
    after = FORMAT_AFTER.search(text)
    if after is not None and after.start() > 0:
        return text[:after.start()].rstrip(" :") + "?"
    label = FORMAT_LABEL.match(text)
    if label is None:
        return text
    rest = label.group("rest").strip()
    offered = [o.strip() for o in re.split(r"\s*(?:/|\||,|\bor\b)\s*", label.group("offered") or "") if o.strip()]
    if len(offered) > 1:
        return f"{rest.rstrip(' ?.')}: {', '.join(offered[:-1])} or {offered[-1]}?"
    if label.group("named"):
        return f"Which {label.group('named').lower()}: {rest.rstrip(' ?.')}?"
    return rest


QUOTED_CLAIM = re.compile(r"(?:^|(?<=[\s:(]))['\"\u2018\u201c](?P<claim>[^'\"\u2018\u2019\u201c\u201d]{3,100})['\"\u2019\u201d]"
                          r"(?=[\s.,;:?!)\-\u2013\u2014]|$)")
WRITE_ASKED = re.compile(r"\b(?:can|could|may|should) (?:i|we) (?:just )?(?:put|write|say|sign|call|report|document|dictate|"
                         r"use|leave|state)\b|\b(?:ok|okay|safe|fine) to (?:put|write|say|sign|call|report|state)\b",
                         re.IGNORECASE)
"""Whether one may write a quoted statement ("Can I put 'spleen normal' in the discharge letter?")."""


def claim_to_write(text: str) -> str:
    """A quoted statement one asks leave to write, read as the statement put to be confirmed.

    "Can I put 'spleen normal' in the discharge letter?" -> "spleen normal - confirm?"; "Pancreas: 'unremarkable,
    no focal lesion' - can I sign it out like that?" -> "Pancreas: unremarkable, no focal lesion - confirm?". The
    letter, the report and the signing are where the statement goes, not what is asked. Other text is unchanged.
    """
    quoted = list(QUOTED_CLAIM.finditer(text))
    if len(quoted) != 1:
        return text
    claim = quoted[0]
    before, after = text[:claim.start()], text[claim.end():]
    if (verb := WRITE_ASKED.search(before)) is not None:
        return f"{before[:verb.start()].strip()} {claim.group('claim').strip()} - confirm?".strip()
    if WRITE_ASKED.search(after) is not None:
        return f"{before.strip()} {claim.group('claim').strip()} - confirm?".strip()
    return text


def placeholders_filled(text: str) -> str:
    """A question template with its variables given, read as the question it makes ('Template check: "Is there a
    {lesion_type} in the pancreas?" with lesion_type = "neuroendocrine tumor"' -> 'Is there a neuroendocrine tumor in
    the pancreas?'); a placeholder left unfilled leaves the text unchanged, as does any other text."""
    names = dict.fromkeys(PLACEHOLDER.findall(text))
    if not names:
        return text
    filled = text
    for name in names:
        given = re.search(ASSIGNED.format(name=re.escape(name)), text.replace("{" + name + "}", ""))
        value = next((g for g in given.groups() if g), None) if given else None
        if value is None:
            return text
        filled = re.sub(r"\{\s*" + re.escape(name) + r"\s*\}", value.strip(), filled)
    quoted = QUOTED_QUESTION.search(filled)
    return quoted.group(1) if quoted else filled


def template_asked(text: str) -> str:
    """The question a structured request of several pairs asks, before any other reading; other text unchanged.

    '{"organ": "liver", "tumor_burden_pct": <float, 1 decimal>}' -> 'What is the tumor burden in % (liver)?';
    'measure(target="kidney_tumor", measurement_type="lesion_count")' -> 'How many kidney tumor lesions?';
    '{"task": "t_stage", "organ": "pancreas", "answer_space": ["T1", "T2", "T3", "T4"]}' -> 'What is the T stage
    (pancreas)? T1, T2, T3 or T4?'. The pairs' keys and values are read as a form field (`field_question`): a key
    with a placeholder value is asked, a naming key's value is asked, an organ or target says of what, a list
    offers the answers. One-pair templates are `json_asked`'s.
    """
    for match in TEMPLATE.finditer(text):
        pairs = [(m.group("key"), m.group("value").strip()) for m in PAIR.finditer(match.group("body"))]
        if len(pairs) < 2:
            continue
        asked, about, offered, finding = [], [], [], False
        if any(k.lower() in COMBINING_KEYS or (v.startswith("[") and k.lower() not in OFFERED_KEYS) for k, v in pairs):
            continue  # '{"organs": [...], "op": "sum", ...}': a combination, read by the rest of understanding
        known = FORMAT_KEYS | PLACE_KEYS | ABOUT_KEYS | ASKING_KEYS | OFFERED_KEYS
        if any(k.lower() not in known and v.startswith('"') for k, v in pairs):
            continue  # '"reference": "liver_parenchyma", "sign": "lesion_minus_organ"': more than a field, read as words
        for key, value in pairs:
            low, plain = key.lower(), value.strip('"').strip()
            if low in FORMAT_KEYS:
                continue
            if low in PLACE_KEYS:
                about.append(f"{low} {plain}")  # '"segment": 6' -> "segment 6"
            elif low in ABOUT_KEYS and value.startswith('"'):
                largest = low.startswith("lesion") and plain.lower() in ("largest", "biggest", "dominant", "index", "max")
                about.append("largest lesion" if largest else plain.replace("_", " "))  # '"lesion": "largest"
            elif low in ASKING_KEYS and value.startswith('"') and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]+", plain):
                asked.append(plain)
                finding = low == "finding"
            elif low in OFFERED_KEYS and value.startswith("["):
                offered = [v.strip(" \"'") for v in value.strip("[]").split(",") if v.strip(" \"'")]
            elif value.startswith("<") or plain.lower().split(",")[0].strip("<> ") in PLACEHOLDER_KINDS or \
                    BOOL_KIND.match(plain.replace("|", "/")):
                asked.append(key)
        if len(asked) != 1:
            continue
        if finding:  # '{"finding": "fatty_liver", "categories": [...]}': which of the categories the finding is
            words = " ".join(asked[0].replace("_", " ").split())
            question = f"{words}{f' ({chr(32).join(about)})' if about else ''}:" if offered else f"Is there {words}?"
            question += " " + (", ".join(offered[:-1]) + f" or {offered[-1]}?" if len(offered) > 1 else "") if offered else ""
            return question.strip()
        question = field_question(f"{asked[0].replace(' ', '_')}{f' ({chr(32).join(about)})' if about else ''}:")
        if question.endswith(":"):
            continue
        if offered:
            question += " " + (", ".join(offered[:-1]) + f" or {offered[-1]}" if len(offered) > 1 else offered[0]) + "?"
        rest = re.sub(r"(?i)^(return|give( me)?|output|provide|fill( in)?)\b\s*", "",
                      (text[:match.start()] + " " + text[match.end():]).strip(" .;:")).strip(" .;:")
        return question if not rest or re.match(r"(?i)(answer|reply|respond)\b", rest) else f"{question} {rest}"
    return text


FORMAT_TAIL = re.compile(r"\s*(?:(?:->|→|=>|:)\s*)?(?:true\s*/\s*false|yes\s*/\s*no|bool(?:ean)?|int(?:eger)?|number|"
                         r"y\s*/\s*n)?\s*\??\s*", re.IGNORECASE)
"""What may follow a JSON request: the answer's type (' -> true/false?'), a question mark, nothing."""
TASK_KEYS = ("task", "query_type", "type", "question_type", "metric", "query", "question", "ask")
"""Keys whose value names the task of a JSON request, in the order they are read ('"task": "outlier"')."""
REPORT_VALUES = frozenset({"report", "full report", "structured report", "full read", "read", "work up", "workup",
                           "full work up", "findings and impression"})
"""A task value that asks the whole read of the study."""
EXISTENCE_VALUES = frozenset({"existence", "presence", "present", "detect", "detection", "exists", "exist"})
COUNT_VALUES = frozenset({"count", "counting", "number", "lesion count", "n"})
LESION_KEYS = ("lesion", "lesions", "finding", "lesion_type")
ORGAN_KEYS = ("organ", "organs", "target", "structure", "side")
PART_KEYS = ("subregion", "sub_region", "part", "segment", "region", "location", "lobe")
"""Keys naming a part of the organ ('"subregion": "body"', '"segment": 6'): the place within it."""
ANY_LESION = frozenset({"any", "all", "every", "*", "lesion", "lesions"})
"""A lesion key's value that names no kind ('"lesion": "any"'): a lesion of any kind."""


ENVELOPE_KEYS = frozenset({"tool", "name", "function", "action", "method", "type", "id", "tool_name", "call"})
"""Keys of an agent's tool call around its arguments ('{"tool": "ask", "args": {"question": ...}}')."""
ARGUMENT_KEYS = frozenset({"args", "arguments", "params", "parameters", "input", "inputs", "payload", "request", "body"})


def _tool_arguments(pairs: dict[str, object]) -> dict[str, object]:
    """The arguments of an agent's tool call (`ENVELOPE_KEYS` around one `ARGUMENT_KEYS` object), else `pairs`."""
    inner = [k for k, v in pairs.items() if str(k).lower() in ARGUMENT_KEYS and isinstance(v, dict) and v]
    if len(inner) == 1 and all(str(k).lower() in ENVELOPE_KEYS | ARGUMENT_KEYS for k in pairs):
        found = pairs[inner[0]]
        assert isinstance(found, dict)
        return found
    return pairs


def object_asked(text: str) -> str:
    """A whole JSON request that `template_asked` left as it is, read as words: the task key's value, then what it is
    about, then the other pairs ('{"task": "outlier", "organ": "liver", "rule": "largest>=3x second"}' -> 'outlier of
    the liver? rule: largest>=3x second'; '{"query_type": "existence", "lesion": "PNET", "organ": "pancreas"}' -> 'Is
    there a PNET in the pancreas?'; '{"task": "count", "organ": "liver", "lesion": "all"}' -> 'How many lesions in the
    liver?'; '{"type": "knowledge", "query": "normal pancreas volume"}' -> 'In general, what is the normal pancreas
    volume?'). Any other text unchanged."""
    try:
        pairs, end = json.JSONDecoder().raw_decode(text.strip())
    except ValueError:
        return text
    if not isinstance(pairs, dict) or not pairs or not FORMAT_TAIL.fullmatch(text.strip()[end:]):
        return text
    pairs = _tool_arguments(pairs)

    def words(value: object) -> str:
        items = value if isinstance(value, list) else [value]
        return " and ".join(" ".join(str(v).replace("_", " ").split()) for v in items if isinstance(v, str | int | float))

    keys = {str(k).lower(): k for k in pairs}
    task_key = next((keys[k] for k in TASK_KEYS if k in keys and isinstance(pairs[keys[k]], str)), None)
    task = words(pairs[task_key]).lower() if task_key is not None else ""
    lesion = next((words(pairs[keys[k]]) for k in LESION_KEYS if k in keys and words(pairs[keys[k]])), "")
    lesion = "lesion" if lesion.lower() in ANY_LESION else lesion
    lesion = "largest lesion" if lesion.lower() in ("largest", "biggest", "dominant", "index", "max") else lesion  # '"lesion":
    # "largest"': which lesion, of any kind
    if not lesion and re.search(r"\b(outliers?|cluster\w*|lesions?|tumou?rs?|largest|biggest|dominant)\b", words(text).lower()):
        lesion = "lesion"  # '{"task": "outlier", "organ": "liver"}': an outlier among the organ's lesions
    named = [words(pairs[keys[k]]) for k in ORGAN_KEYS if k in keys and words(pairs[keys[k]])]
    from questions.intents import extract

    kinds = [n for n in named if (found := extract(n)).lesion_kinds and not found.organs]  # '"target": "PDAC"': a kind
    lesion = lesion if lesion and lesion != "lesion" or not kinds else kinds[0]
    organ = " and ".join(n for n in named if n not in kinds)
    offered = next((pairs[keys[k]] for k in OFFERED_KEYS if k in keys and isinstance(pairs[keys[k]], list)), [])
    offered = [words(v) for v in offered if words(v)]
    place = next((words(pairs[keys[k]]) for k in PART_KEYS if k in keys and words(pairs[keys[k]])), "")
    place = f"segment {place}" if re.fullmatch(r"\d[ab]?", place) else place  # '"segment": 6'
    rest = [f"{words(k)}: {words(v)}" for k, v in pairs.items() if k != task_key and words(v) and str(k).lower()
            not in (*LESION_KEYS, *ORGAN_KEYS, *PART_KEYS, *OFFERED_KEYS, "return")]
    the = "" if place.startswith("segment") else "the "
    where = f" in {the}{place} of the {organ}" if organ and place else f" in {place}" if place else \
        f" in the {organ}" if organ else ""
    if task == "knowledge":
        query = next((words(pairs[keys[k]]) for k in ("query", "question", "topic") if k in keys), "")
        return f"In general, what is the {query}?" if query else text
    if (which := which_holds(task)) is not None:  # '"task": "max_lesion_burden_organ"'
        listed = next((pairs[keys[k]] for k in OFFERED_KEYS if k in keys and isinstance(pairs[keys[k]], list)), [])
        listed = [words(v) for v in listed if words(v)]
        return f"{which[:-1]}: {', '.join(listed[:-1])} or {listed[-1]}?" if len(listed) > 1 else which
    if task in REPORT_VALUES:  # '{"task": "report", "sections": ["findings", "impression"]}': the whole read
        return "Write the full report of this study (findings and impression)."
    if task in EXISTENCE_VALUES and (lesion or organ):
        return f"Is there a {lesion or 'lesion'}{where}?"
    if task in COUNT_VALUES:
        return f"How many {lesion or 'lesion'}s{where}?"
    if not task:
        return text
    about = f"largest {organ} lesion" if organ and lesion == "largest lesion" else " ".join(w for w in (organ, lesion) if w)
    about = f"{about} in the {place}" if place else about
    phrase = f"{task}{f' of the {about}' if about else ''}{f' ({chr(59).join(rest)})' if rest else ''}"
    wanted = words(pairs[keys["return"]]) if "return" in keys and isinstance(pairs[keys["return"]], str) else ""
    if wanted and re.search(r"(er|est)$", wanted):  # '{"task": "compare_volume", "organs": [...], "return": "larger"}':
        return f"{phrase}: which is {wanted}?"  # which one the comparison returns
    if wanted:  # '{"task": "largest_lesion_location", "return": "segment"}': what the answer names
        return f"{phrase}: which {wanted}?"
    if len(offered) > 1:  # '"classes": ["PDAC", "PNET"]': which of them
        return f"{phrase}: {', '.join(offered[:-1])} or {offered[-1]}?"
    return f"{phrase}?"


FUNCTION_OF = re.compile(r"\b(?P<stat>(?:mean|average|median)\s+)?(?P<q>hu|attenuation|density|volume|diameter)\("
                         r"\s*(?P<of>(?!not\b|excl|incl|in\b|mm\b|ml\b)[A-Za-z][\w /-]{1,30}?)\s*\)", re.IGNORECASE)
"""A quantity written as a function of a structure, its bracket right after it ("mean HU(tumour)", "volume(spleen)");
not a remark in brackets ("by volume (not the diameter)")."""


ABSOLUTE_OF = re.compile(r"\|\s*([^|]{3,80}?\b(?:hu|attenuation|density|volume|diameter)\b[^|]{0,20}?)\s*\|", re.IGNORECASE)
"""Bars around a difference of two quantities ("|Lesion HU - parenchyma HU|"): its absolute value."""
VALUE_MINUS = re.compile(r"\b((?:[A-Za-z]+ ){0,2}(?:hu|attenuation|density|volume))\s+[-−–]\s+((?:[A-Za-z]+ ){0,2}"
                         r"(?:hu|attenuation|density|volume))\b", re.IGNORECASE)
"""A minus between two named quantities ("Lesion HU - parenchyma HU"): a difference, not a label and its topic."""


def formula_asked(text: str) -> str:
    """A quantity written as a function read as words, a minus between two as "minus": "Compute mean HU(tumour) -
    mean HU(liver)" -> "Compute tumour mean HU minus liver mean HU"; other text unchanged."""
    text = ABSOLUTE_OF.sub(lambda m: f"absolute {m.group(1).strip()}", text)  # "|Lesion HU - liver HU|"
    if FUNCTION_OF.search(text) is None:
        return VALUE_MINUS.sub(lambda m: f"{m.group(1)} minus {m.group(2)}", text)  # "Lesion HU - parenchyma HU"
    words = FUNCTION_OF.sub(lambda m: f"{m.group('of')} {m.group('stat') or ''}{m.group('q')}", text)
    return re.sub(r"(?<=\w)\s*[−–]\s*(?=\w)|(?<=[\w)])\s+-\s+(?=\w)", " minus ", words)
