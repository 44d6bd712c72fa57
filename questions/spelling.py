"""Questions as people type them: clinical shorthand spelled out, misspelt clinical words corrected.

Runs before entities and the embedder read a question, so `kideny`, `hepatomegally`, `liver mets`
and `portal HTN` reach them as `kidney`, `hepatomegaly`, `liver metastases`, `portal hypertension`.
A word is corrected only when it is not a known word and one clinical word is close to it
(`difflib` ratio at least `CUTOFF`, same first letter), so ordinary words are left alone.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

CUTOFF = 0.8
MIN_LENGTH = 5
"""Shorter words are too easily confused to correct (`mass` vs `mast`)."""
SHORTHAND: list[tuple[str, str]] = [
    (r"\bmets\b", "metastases"), (r"\bmet\b", "metastasis"), (r"\badeno-?ca\b", "adenocarcinoma"),
    (r"\bhtn\b", "hypertension"), (r"\b(nafld|masld|nash|mash)\b", "fatty liver disease"),
    (r"\btkv\b", "total kidney volume"), (r"\bpanc\b", "pancreatic"), (r"\br/o\b", "rule out"),
    (r"\bw/o\b", "without"), (r"\bw/\B", "with "), (r"\bsz\b", "size"), (r"\bvol\b", "volume"),
    (r"\blt\b", "left"), (r"\brt\b", "right"), (r"\bbilat\b", "bilateral"), (r"\bhcc\b", "hepatocellular carcinoma"),
    (r"\brcc\b", "renal cell carcinoma"), (r"\bipmn\b", "intraductal papillary mucinous cyst"),
    (r"\bl (or|vs\.?|versus|and|/) r\b", r"left \1 right"), (r"\br (or|vs\.?|versus|and|/) l\b", r"right \1 left"),
    (r"\bl(?=\.? (kidney|renal|side|lobe)\b)", "left"), (r"\br(?=\.? (kidney|renal|side|lobe)\b)", "right"),
    (r"\bpan-?nets?\b", "pancreatic neuroendocrine tumor"), (r"\badj\b", "adjacent"), (r"\bdiam\b", "diameter"),
]
CLINICAL_WORDS = """
abdomen abdominal adenocarcinoma adjacent adrenal aggregate anterior aorta assessment asymmetry attenuation
attenuating average bilateral biggest borderline bosniak burden calculate caudate characterization characterize
classification classify clustered clustering colon colonic colorectal combined compare comparison contact count
couinaud criteria criterion cyst cystic cysts density diameter difference distributed distribution ductal
enlarged enlargement existence fatty findings gallbladder grade grading greatest hepatic hepatomegaly hounsfield
hyperattenuating hypertension hypoattenuating hypodense hypoenhancing impression indeterminate inferior involved
isoattenuating kidney kidneys largest length lesion lesions liver location longest lower malignant measure
measurement metastases metastasis moderate multiple neoplasm neuroendocrine nodule nodules normal number organ
organs outlier pancreas pancreatic parenchyma percent percentage portal posterior present progression pseudocyst
ratio renal report resectability resectable resection response right segment segments severe severity size slice
spleen splenic splenomegaly stable staging steatosis stomach superior threshold total tumor tumors tumour tumours
uncinate unresectable volume volumes whipple
"""


@functools.cache
def vocabulary(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Known words: the clinical list plus any words given (the intent library's exemplars)."""
    return frozenset(CLINICAL_WORDS.split()) | frozenset(extra)


def words_of(texts: Iterable[str]) -> tuple[str, ...]:
    """The lower-case words of some texts, for `vocabulary`."""
    found: set[str] = set()
    for text in texts:
        found.update(re.findall(r"[a-z]+", text.lower()))
    return tuple(sorted(found))


def _correct_word(word: str, known: frozenset[str], clinical: tuple[str, ...]) -> str:
    if len(word) < MIN_LENGTH or word in known or not word.isalpha():
        return word
    close = [c for c in difflib.get_close_matches(word, clinical, n=2, cutoff=CUTOFF) if c[0] == word[0]]
    return close[0] if close else word


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
ROMAN_SEGMENT = re.compile(r"\b(segments?|couinaud)\s+(viii|vii|vi|iv|v|iii|ii|i)\b", re.IGNORECASE)


def arabic_segments(text: str) -> str:
    """Couinaud segments in roman numerals as numbers ("segment VI" -> "segment 6")."""
    return ROMAN_SEGMENT.sub(lambda m: f"{m.group(1)} {ROMAN[m.group(2).lower()]}", text)


def clean(text: str, known_words: tuple[str, ...] = ()) -> str:
    """The question with shorthand spelled out and misspelt clinical words corrected (lower case kept as typed)."""
    out = arabic_segments(text)
    for pattern, full in SHORTHAND:
        out = re.sub(pattern, full, out, flags=re.IGNORECASE)
    known = vocabulary(known_words)
    clinical = tuple(sorted(CLINICAL_WORDS.split()))

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        corrected = _correct_word(word.lower(), known, clinical)
        return word if corrected == word.lower() else corrected

    return re.sub(r"[A-Za-z]+", fix, out)
