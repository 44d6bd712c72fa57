"""The one parser of thresholds a question states for its own rule.

"Is the largest liver lesion more likely a cyst or a solid tumour (cyst if mean HU <= 20)?", "spleen > 400 mL counts
as enlarged", "lesions in segment 5 (more than 25 % of the lesion's voxels)", "organs within 3 mm", "closer than
5 mm", "a liver-to-spleen ratio below 0.8 indicates fatty liver", "HU of 25 or less", "vascular contact = touching
after a 1-voxel dilation". Each becomes a `core.state.StatedThreshold` (comparison, value, unit, the category it
names); the question's rule is applied instead of the knowledge base's default, by the reasoner and the reviewer
alike (`knowledge.stated.threshold_criterion`).

A size filter on a count ("How many lesions are 10 mm or larger?") is `questions.sizes`' and a percentage
cut-off on a relative difference `questions.basis.stated_cutoff_pct`'s; this module reads every stated threshold,
and the tasks that act on one choose theirs by unit.
"""

from __future__ import annotations

import re

from core.state import Comparison, StatedThreshold

_NUMBER = r"(?P<n>[-−]?\d+(?:\.\d+)?|\.\d+|one|two|three|four|five)"
_UNIT = (r"(?P<u>hu\b|hounsfield(?: units?)?|ml\b|millilit(?:er|re)s?\b|cc\b|cm3|cm³|litres?\b|liters?\b|l\b|"
         r"mm\b|millimet(?:er|re)s?\b|cm\b|centimet(?:er|re)s?\b|%|percent\b|per cent\b|voxels?\b)")
_UNITS = {"hu": "HU", "hounsfield": "HU", "ml": "mL", "millilit": "mL", "cc": "mL", "cm3": "mL", "cm³": "mL",
          "litre": "L", "liter": "L", "l": "L", "mm": "mm", "millimet": "mm", "cm": "cm", "centimet": "cm", "%": "%",
          "percent": "%", "per cent": "%", "voxel": "voxel"}
_WORD_NUMBERS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0}

_BEFORE: tuple[tuple[Comparison, str], ...] = (
    ("<=", r"≤|<=|=<|\bat most|\bno (?:more|greater|higher|larger|bigger) than|\bnot (?:more|greater|higher|larger) "
           r"than|\bnot (?:above|over|exceeding)|\bup to|\bwithin|\bequal to or (?:less|lower|smaller) than"),
    (">=", r"≥|>=|=>|\bat least|\bno (?:less|lower|smaller|fewer) than|\bnot (?:less|lower|smaller) than|"
           r"\bnot (?:below|under)|\bequal to or (?:more|greater|higher|larger) than"),
    ("<", r"<|\b(?:less|lower|smaller|fewer|closer|shorter|nearer) than|\bunder|\bbelow|\bbeneath"),
    (">", r">|\b(?:more|greater|higher|larger|bigger|farther|further|longer) than|\bover|\babove|\bexceed(?:s|ing)?|"
          r"\bin excess of|\bbeyond"),
)
"""Comparison words before the number, the inclusive and negated forms first ("no more than" is not "more than")."""
_AFTER: tuple[tuple[Comparison, str], ...] = (
    ("<=", r"(?:or|and) (?:less|lower|below|under|fewer|smaller|beneath)\b"),
    (">=", r"(?:or|and) (?:more|greater|higher|above|over|larger|bigger|up)\b|\+"),
)
"""Comparison words after the number and its unit ("25 HU or less", "10 mm or more")."""
_COMPARED = re.compile("(?:" + "|".join(f"(?P<b{i}>{words})" for i, (_, words) in enumerate(_BEFORE)) + r")\s*"
                       r"(?:an? )?" + _NUMBER + r"\s*[- ]?" + _UNIT + r"?", re.IGNORECASE)
_TRAILING = re.compile(r"(?<![\w.])" + _NUMBER + r"\s*[- ]?" + _UNIT + r"?\s*(?:"
                       + "|".join(f"(?P<a{i}>{words})" for i, (_, words) in enumerate(_AFTER)) + ")", re.IGNORECASE)
_DILATION = re.compile(r"(?<![\w.])" + _NUMBER + r"[- ]voxels?\s+(?:dilat\w*|expan\w*|grow\w*)|"
                       r"\bdilat\w*\s+(?:by|of)\s+(?:an? )?" + _NUMBER.replace("?P<n>", "?P<n2>") + r"[- ]?voxels?\b|"
                       r"\bdilat\w*\s+by\s+(?:a|one) voxel\b|\b(?:a|one)[- ]voxel\s+dilat\w*", re.IGNORECASE)
_QUANTITY_UNIT = ((r"\bhu\b|attenuation|density|hounsfield", "HU"), (r"\bvolume\b", "mL"),
                  (r"\bratio\b|\b[lp]/s\b|\bliver[- ]to[- ]spleen\b|\bpancreas[- ]to[- ]spleen\b", "ratio"),
                  (r"\bdistance\b|\bdiameter\b|\bsize\b", "mm"), (r"\bvoxels?\b", "voxel"))
"""Words before the comparison that give an unnamed number its unit ("mean HU <= 20", "L/S < 0.8")."""
_LABEL_BEFORE = re.compile(r"(?:^|[(,;:]\s*|\b(?:and|or)\s+)(?:an? |the )?(?P<label>[a-z][a-z /-]{1,40}?)\s+(?:if|when|"
                           r"where|whenever)\s+[^,;()]*$", re.IGNORECASE)
_LABEL_AFTER = re.compile(r"^\s*\)?\s*(?:counts? as|is counted as|are counted as|is considered|are considered|considered|"
                          r"=|means|indicates?|suggests?|defines?|is defined as|is called|->|→|qualifies as|as|is|are)\s+"
                          r"(?:an? |the )?(?P<label>[a-z][a-z /-]{1,40}?)(?=\s*(?:[),.;?]|$|\b(?:and|or|if|when)\b))",
                          re.IGNORECASE)
_LABEL_COLON = re.compile(r"(?:^|[(,;]\s*)(?P<label>[a-z][a-z /-]{1,40}?)\s*[:=]\s*[^,;()]*$", re.IGNORECASE)
_LABEL_PAREN = re.compile(r"\b(?:an? |the )?(?P<label>[a-z][a-z-]*(?: [a-z][a-z-]*)?)\s*\([^()]*$", re.IGNORECASE)
_NOT_A_LABEL = re.compile(r"^(?:the |a |an )?(?:mean|average|its|it|value|hu|ratio|volume|distance|lesion|organ|"
                          r"count\w*|contact|vascular contact|touching|x|diameter|size)\b", re.IGNORECASE)


def _number(said: str) -> float:
    return _WORD_NUMBERS.get(said.lower(), None) or float(said.replace("−", "-"))


def _unit(said: str | None, before: str) -> str | None:
    if said:
        low = said.lower()
        return next(unit for word, unit in _UNITS.items() if low.startswith(word))
    clause = re.split(r"[,;(]", before)[-1].lower()
    found = [unit for words, unit in _QUANTITY_UNIT if re.search(words, clause)]
    return found[-1] if found else None


def _in_unit(value: float, unit: str) -> tuple[float, str]:
    """cm -> mm and L -> mL; other units as said."""
    if unit == "cm":
        return value * 10.0, "mm"
    if unit == "L":
        return value * 1000.0, "mL"
    return value, unit


def _label(before: str, after: str) -> str | None:
    """The category the rule names: "cyst if ...", "... counts as enlarged", "cyst: HU <= 20", "a cyst (HU of 25 or
    less)"."""
    for pattern, text in ((_LABEL_BEFORE, before), (_LABEL_AFTER, after), (_LABEL_COLON, before), (_LABEL_PAREN, before)):
        found = pattern.search(text)
        said = found.group("label").lower().split() if found else []
        last = said[-1] if said and pattern is _LABEL_PAREN else ""
        for label in (" ".join(said), last):  # "lesion solid (": its last word
            if label and not _NOT_A_LABEL.match(label):
                return label
    return None


def stated_thresholds(question: str | None) -> list[StatedThreshold]:
    """Every threshold the question states, in the order stated (`core.state.StatedThreshold`).

    A number with no unit said or implied (a segment number, a count) is no threshold; a ratio is unitless and
    needs a ratio word before it ("L/S < 0.8", "a liver-to-spleen ratio below 1.0").
    """
    text = " ".join((question or "").split())
    found: list[tuple[int, StatedThreshold]] = []
    taken: list[range] = []
    for match in _DILATION.finditer(text):
        said = match.group("n") or match.group("n2") or "1"
        found.append((match.start(), StatedThreshold(comparison="<=", value=_number(said), unit="voxel",
                                                     label="contact", words=match.group(0))))
        taken.append(range(match.start(), match.end()))
    for pattern, table, prefix in ((_COMPARED, _BEFORE, "b"), (_TRAILING, _AFTER, "a")):
        for match in pattern.finditer(text):
            if any(match.start() in r for r in taken):
                continue
            comparison = next(table[i][0] for i in range(len(table)) if match.group(f"{prefix}{i}"))
            before, after = text[:match.start()], text[match.end():]
            unit = _unit(match.group("u"), before)
            if unit is None or unit == "voxel":
                continue
            value, unit = _in_unit(_number(match.group("n")), unit)
            found.append((match.start(), StatedThreshold(comparison=comparison, value=value, unit=unit,  # type: ignore[arg-type]
                                                         label=_label(before, after), words=match.group(0).strip())))
            taken.append(range(match.start(), match.end()))
    return [t for _, t in sorted(found, key=lambda pair: pair[0])]


def threshold_in(thresholds: list[StatedThreshold], unit: str) -> StatedThreshold | None:
    """The one stated threshold in `unit`, or None (none, or several: no single rule)."""
    found = {t for t in thresholds if t.unit == unit}
    return found.pop() if len(found) == 1 else None
