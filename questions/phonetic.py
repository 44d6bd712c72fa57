"""Domain terms misheard by speech-to-text, read back by how they sound: a guarded fallback.

Dictated questions arrive with a term heard as real words or split in two: "liver" as "lever" or "river", "kidney"
as "kid knee", "colon" as "coal on", "pancreas" as "pan creas", "Couinaud" as "coin odd", "Hounsfield" as "hounds
field", "RECIST" as "resist", "pseudocyst" as "sudo cyst", "outlier" as "out liar", "PDAC" as "pee dack".
`heard_terms` compares a run of one to three words (joined) with the domain lexicon by sound — jellyfish's Metaphone
code, with a first l and r one liquid since recognisers confuse them — and spelling (Jaro-Winkler), and writes the
term only when all of these hold:

- no word of the run is itself a known term (a term typed exactly is never overridden);
- the run sounds like the term (codes at least `SOUND` alike; the very same code for one English word, so "contain"
  is no Couinaud) and is spelled near it (at least `SPELLING`, a length between `LENGTH` of the term's), so "kid" is no
  kidney;
- a word the term keeps company with (`Term.context`) stands in the same clause: "resist the urge to guess" has no
  response or criteria beside it, "pull the lever" no lesion, volume or fat, "the field of view" no unit;
- one English word stands where the term would: after an article or next to a word of the term's context ("the
  lever", "resist criteria"), so "is it clean" is no colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish

SOUND = 0.9
"""Least Jaro-Winkler similarity of the run's and the term's sound codes."""
SPELLING = 0.75
"""Least Jaro-Winkler similarity of the run's letters (joined) and the term's."""
LENGTH = (0.7, 1.8)
"""The run's letters as a share of the term's: a much shorter or longer run is another word (an acronym said aloud,
"pee dack", is longer than its letters)."""
_ORGAN_CONTEXT = (r"lesions?|mass(es)?|tumou?rs?|cysts?|nodules?|metasta\w*|volumes?|size|sized|enlarged|large|larger|"
                  r"largest|big|bigger|biggest|small|smaller|fatty|steato\w*|attenuation|density|hu|hounsfield|"
                  r"segments?|lobes?|left|right|measure\w*|diameter|cancer|carcinoma|any|fat|normal|spots?|many|free|"
                  r"parenchyma")


ADJECTIVES = frozenset({"clean", "clear", "clearly", "cleaner", "lean", "leaner", "plain", "clinical"})
"""Common describing words that sound like a term ("clean" like colon, "lean" like liver's first sounds): said alone,
they are never the term misheard."""


@dataclass(frozen=True)
class Term:
    """A domain term and the words it keeps company with in a clinical question."""

    written: str
    """The term as the question should read."""
    context: str
    """Regex of words that show the clause is about this term."""
    tail: str | None = None
    """A known word the term ends with, which a misheard run may keep as heard ("sudo cyst": pseudocyst)."""


LEXICON: tuple[Term, ...] = (
    Term("liver", _ORGAN_CONTEXT), Term("spleen", _ORGAN_CONTEXT), Term("kidney", _ORGAN_CONTEXT),
    Term("kidneys", _ORGAN_CONTEXT), Term("pancreas", _ORGAN_CONTEXT), Term("colon", _ORGAN_CONTEXT),
    Term("gallbladder", _ORGAN_CONTEXT),
    Term("Couinaud", r"segments?|sectors?|classification"),
    Term("Hounsfield", r"units?|values?|numbers?|hu|attenuation|density|mean|average"),
    Term("RECIST", r"response|criteria|criterion|1\.1|target|progress\w*|progressed|stable|partial|complete|"
                   r"measurable|disease"),
    Term("pseudocyst", r"pancrea\w*|collection|pancreatitis|lesion|cystic|cyst", tail="cyst"),
    Term("outlier", r"size|sized|lesions?|volume|others|rest|compared|stands?|tumou?rs?|cysts?"),
    Term("PDAC", r"pancrea\w*|sign|evidence|any|there|tumou?r|mass|suspect\w*|suspicion"),
)
_KNOWN = frozenset(t.written.lower() for t in LEXICON) | {"hu", "ml", "mm", "cm", "cc", "ct", "mri", "roi"}
_FUNCTION = frozenset("""a an and any are as at be by can could did do does for from had has have he her his how i in inside
into is it its me my no not of or our over per she so than that the their them then there these they this to under us
versus vs was we were what which who will with would you your one ones call calls called""".split())
"""Words a misheard term of several words is not heard in: "the lever" is the article and the term, "kid knee is" the
term and the verb, "our rule" no outlier, "calls one" no colon, "per resist" no RECIST ("on" and "out" are syllables too: "coal on", "out
liar")."""
_DETERMINERS = frozenset("a an the my his her their its this that de".split())
"""Words before a noun: one English word heard for a term stands after one of these or next to a word of its
context ("the lever", "resist criteria", "fatty lever")."""
_CLAUSE = re.compile(r"[^,;:.!?()]+")
_WORD = re.compile(r"[A-Za-z]+")


DICTATION_MARKS = re.compile(r"\b(question mark|full stop|new paragraph|new line|comma|semicolon|period)\b", re.IGNORECASE)
"""Punctuation spoken by name in a dictated question, which a recogniser wrote as words."""
SPOKEN_PUNCTUATION: tuple[tuple[str, str], ...] = (
    (r"\s*\bquestion mark\b", "?"), (r"\s*\bexclamation (?:mark|point)\b", "!"), (r"\s*\b(?:full stop|period)\b(?! of\b)", "."),
    (r"\s*\bsemicolon\b", ";"), (r"\s*\bcomma\b", ","), (r"\s*\bnew (?:paragraph|line)\b", "\n"),
    (r"\bcolon colon\b", "colon:"),  # "findings in the colon colon any lesion": the organ, then the mark
    (r"\b(question|findings?|impression|dictation|history|indication|clinical information|answer|comparison|technique|"
     r"summary|report|q|a)\s+colon\b(?!\s+(?:lesions?|cancer|carcinoma|tumou?rs?|mass(?:es)?|wall|polyps?)\b)", r"\1:"),
)
"""Spoken marks and the marks they stand for: "colon" is the mark only after a heading word ("impression colon
summary") or right after the organ it also names; "period" is none before "of" ("a period of six months")."""


def spoken_punctuation(text: str) -> str:
    """A dictated question's punctuation, spoken by name, written as marks ("is the leaver fatty question mark" ->
    "is the leaver fatty?"); a question typed with any mark of its own is left as it is."""
    if re.search(r"[?.,;:!]", text) or not DICTATION_MARKS.search(text):
        return text
    for spoken, mark in SPOKEN_PUNCTUATION:
        text = re.sub(spoken, mark, text, flags=re.IGNORECASE)
    return re.sub(r"([?.,;:!])(?=\w)", r"\1 ", text).strip()


def _code(letters: str) -> str:
    code = jellyfish.metaphone(letters)
    return "R" + code[1:] if code.startswith("L") else code  # a first l and r are one liquid to a recogniser


_CODES = {t.written: _code(t.written.lower()) for t in LEXICON}


def _sounds_like(heard: str, term: Term, one_word: bool) -> float:
    """How alike the run and the term are (0 when they fail a bar), for choosing among terms."""
    ratio = len(heard) / len(term.written)
    if not LENGTH[0] <= ratio <= LENGTH[1] or (one_word and _code(heard) != _CODES[term.written]):
        return 0.0
    sound = jellyfish.jaro_winkler_similarity(_code(heard), _CODES[term.written])
    spelling = jellyfish.jaro_winkler_similarity(heard, term.written.lower())
    return sound + spelling if sound >= SOUND and spelling >= SPELLING else 0.0


def _best(run: list[str], clause: str, known: frozenset[str], english: frozenset[str],
          neighbours: tuple[str, str]) -> tuple[float, Term | None]:
    """The term a run of words sounds most like, with its score (0 and None when none does); `neighbours` are the
    words before and after the run."""
    if len(run) > 1 and any(w in _FUNCTION or len(w) < 2 for w in run):
        return 0.0, None
    scored = []
    for term in LEXICON:
        heard = run
        if term.tail and len(run) > 1 and run[-1] == term.tail:
            heard = run[:-1] + [term.tail]  # "sudo cyst": the known tail kept, the rest heard
        elif any(w in known for w in run):
            continue  # a term typed exactly is never overridden
        one_word = len(run) == 1 and run[0] in english
        if one_word and run[0] in ADJECTIVES:
            continue  # "a clean SMA and coeliac axis": a word that describes, no organ misheard
        if one_word and not any(w in _DETERMINERS or re.fullmatch(term.context, w) for w in neighbours):
            continue  # one English word stands for a term only in a term's place: "is it clean" is no colon
        if re.search(rf"\b({term.context})\b", clause, re.IGNORECASE):
            scored.append((_sounds_like("".join(heard), term, one_word), term))
    return max(scored, key=lambda st: st[0], default=(0.0, None))


TYPED_SLIP_LENGTH = 5


def _typed_slip(word: str, known: frozenset[str]) -> bool:
    """Whether a word of `TYPED_SLIP_LENGTH` letters or more is one keystroke from a known word with its first letter:
    for a word no dictionary holds, a typing slip, which spelling correction mends, not a term misheard ("hepatc" is
    hepatic, though it sounds like PDAC; "lever" is an English word and may be liver misheard)."""
    return len(word) >= TYPED_SLIP_LENGTH and any(
        k[:1] == word[:1] and abs(len(k) - len(word)) <= 1 and jellyfish.damerau_levenshtein_distance(word, k) == 1
        for k in known)


def heard_terms(text: str, known: frozenset[str] = frozenset(), english: frozenset[str] = frozenset()) -> str:
    """The text with misheard domain terms written as the terms (see the module docstring).

    Args:
        text: the question.
        known: words that are terms already (the clinical vocabulary); a run holding one is left alone unless the
            term it sounds like contains that word.
        english: ordinary English words; one of them alone must sound exactly like the term ("lever", not "contain").
    """
    known = known | _KNOWN
    out: list[str] = []
    last = 0
    for clause in _CLAUSE.finditer(text):
        words = list(_WORD.finditer(clause.group(0)))
        i = 0
        while i < len(words):
            best: tuple[float, int, Term | None] = (0.0, 0, None)
            first = words[i].group(0).lower()
            skip = first in known or first not in english and _typed_slip(first, known)  # once for every run it starts
            for size in (1, 2, 3):
                run = [w.group(0).lower() for w in words[i:i + size]]
                if len(run) < size or skip:
                    continue
                before = words[i - 1].group(0).lower() if i > 0 else ""
                after = words[i + size].group(0).lower() if i + size < len(words) else ""
                score, term = _best(run, clause.group(0), known, english, (before, after))
                if term is not None and score > best[0]:
                    best = (score, size, term)
            score, size, term = best
            if term is None:
                i += 1
                continue
            start, end = clause.start() + words[i].start(), clause.start() + words[i + size - 1].end()
            out.append(text[last:start] + term.written)
            last, i = end, i + size
    return "".join(out) + text[last:]
