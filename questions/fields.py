"""A form field or JSON key as a question: "total_kidney_volume_ml:", "pnet_detected (true/false)", "Liver lesions (n):".

Structured requests name what to fill in as a key: words joined by underscores, a unit at the end, and the value's
type in brackets. The key is read as the phrase it abbreviates: its words split, a "(n)"/"count" key asks how many,
a "(bool)"/"(true/false)"/"_present"/"_detected" key asks whether the thing exists, any other key asks its value.
"""

from __future__ import annotations

import re

KEY = re.compile(r"^\s*(?P<key>[A-Za-z][\w/+.-]*(?:[ _][\w/+.-]+){0,7})\s*(?:\((?P<kind>[^()]{1,24})\))?\s*:?\s*$")
"""One key, at most eight words, an optional type in brackets, an optional colon; nothing else."""
COUNT_KIND = re.compile(r"^(n|#|no\.?|num(ber)?|count|int(eger)?)$", re.IGNORECASE)
BOOL_KIND = re.compile(r"^(bool(ean)?|true ?/ ?false|yes ?/ ?no|y ?/ ?n|0 ?/ ?1)$", re.IGNORECASE)
COUNT_WORDS = re.compile(r"(^|\s)(n|num|number|count|no)(?=\s|$)", re.IGNORECASE)
"""A key's word saying it holds a count ("pancreas_lesion_count", "n_liver_lesions")."""
PRESENT_WORDS = re.compile(r"\s(present|detected|found|seen|exists?|positive|identified)$", re.IGNORECASE)
"""A key's last word saying it holds a finding's presence ("pdac_present", "pnet_detected")."""
UNIT_WORDS = {"ml": "mL", "cc": "mL", "mm": "mm", "cm": "cm", "hu": "HU", "pct": "%", "percent": "%"}
"""A unit as a key's last word ("spleen_volume_ml")."""
ABBREVIATIONS = ((r"\btnm t\b", "T stage"), (r"^t (?!stage)(?=\w)", "T stage "), (r"\bdiam\b", "diameter"),
                 (r"\bvol\b", "volume"), (r"\bloc\b", "location"), (r"\bseg\b", "segment"))
"""Short forms keys use ("TNM_T_pancreas", "liver_vol_ml")."""


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
    return f"What is the {words}{f' in {unit}' if unit else ''}{said}?"
