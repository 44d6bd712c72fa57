"""Questions as people type them: clinical shorthand spelled out, misspelt clinical words corrected.

Runs before entities and the embedder read a question, so `kideny`, `hepatomegally`, `liver mets`
and `portal HTN` reach them as `kidney`, `hepatomegaly`, `liver metastases`, `portal hypertension`.
A word is corrected only when it is not a known word and one clinical word is close to it
(one edit away, else `difflib` ratio at least `CUTOFF`; same first letter) and it is no English
word (`english_words`: the whole words of the shipped MiniLM's vocabulary, so `had` never becomes
`head` nor `calculated` `calculate`). A short word (`livr`, `grde`, `tumr`) needs a clinical word
exactly one edit away.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterable

from questions.lay import clinical_lesion_words
from questions.multilingual import english_question
from questions.phonetic import heard_terms, spoken_punctuation

CUTOFF = 0.8
MIN_LENGTH = 5
"""Shorter words are corrected only by one edit, and only when they are no English word (`mass` vs `mast`)."""
SHORT_LENGTH = 3
SHORTHAND: list[tuple[str, str]] = [
    (r"\b(r|rt)\.? kid\b", "right kidney"), (r"\b(l|lt)\.? kid\b", "left kidney"), (r"\b(right|left) kid\b", r"\1 kidney"),
    (r"\bhep\b(?![\s-]*[a-e]\b)", "hepatic"),  # "hep lesion", "dominant hep met"; "hep B/C" is hepatitis
    (r"\b(ca|cancer|carcinoma|tumou?r|mass)\s+T(?=\s*(?:\?|$))", r"\1 T stage"),  # "panc ca T?"
    (r"\b(AJCC|TNM)(\s+8(?:th)?(?:\s+ed(?:ition|\.)?)?)?\s+T\b(?![\s-]*(?:stage|categor|class|\d))", r"\1\2 T stage"),  # "AJCC T (pancreas)?"
    (r"(?<![\w-])['\"‘“]?T[- ]?(?:number|score)\b['\"’”]?", "T stage"),
    (r"\b(radiologic(?:al)?|clinical|imaging|CT) (?-i:T)\b(?![\s-]*(?:stage|categor|class|\d))", r"\1 T stage"),  # "what's
    # the radiological T now?"  # "the 'T number' of my tumour"
    (r"['\"‘“](\w+)['\"’”]? (?:kind|type|form|sort|variety) of (?=(?:\w+ )?(?:cancer|carcinoma|tumou?r|lesion|mass|cyst)s?\b)",
     r"\1 "),  # "the 'ductal' kind of pancreatic cancer": a ductal pancreatic cancer
    (r"(?-i:\bLDs?\b)", "longest diameter"),  # "LD of the dominant lesion", RECIST's LD
    (r"\bmets\b", "metastases"), (r"(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bwas )(?<!\bwere )(?<!\bnot )(?<!\bget )(?<!\bit )(?<!\bthey )(?<!\bcriteria )(?<!\bcriterion )(?<!\bbeing )(?<!\bfully )\bmet\b(?! (the|this|that|these|"
                    r"its|their|all|any|both|each|criteria|criterion|requirements?)\b)", "metastasis"), (r"\badeno-?ca\b", "adenocarcinoma"),
    (r"\b([lp]):s\b", r"\1/s"), (r"\bhtn\b", "hypertension"), (r"\bpht\b", "portal hypertension"),
    (r"\bphtn\b", "portal hypertension"), (r"\baaa\b", "abdominal aortic aneurysm"), (r"\bwhipple\b", "Whipple resection (pancreatic tumour)"),
    (r"\b(fukuoka|sendai)\b", r"\1 pancreatic-cyst"), (r"\b(nafld|masld|nash|mash)\b", "fatty liver disease"),
    (r"\b(nafpd|nafp|fpd)\b", "fatty pancreas disease"),  # non-alcoholic fatty pancreas disease
    (r"\bvolumetric (measurement|assessment|size|quantification|estimate|value) of\b", "volume of"),
    (r"\b(colon|colonic|liver|hepatic|kidney|renal|pancreas|pancreatic|panc|focal|new|target) legion(s?)\b",
     r"\1 lesion\2"),  # dictation: "colon legions"
    (r"\bpanc(?:reatic)?\.? res\b", "pancreatic tumour resectability"),  # dictated "panc res?"
    (r"(?<![\w-])(?-i:cT)(?: stage| category)?(?= (?:for|of)\b|\?|$)", "clinical T stage"),  # "cT for the panc
    # lesion?", "cT stage of ...": TNM's clinical T (a lower-case c; "CT" is the scan)
    (r"\bhow (?:manny|meny|mani|mny)\b", "how many"), (r"^\s*witch\b(?=\s+\w+\s+(?:is|are|has|have)\b)", "which"),  # real
    # words typed for question words ("how manny spots", "witch kidny is biger")
    (r"\btkv\b", "total kidney volume"), (r"\bpanc\b", "pancreatic"), (r"\br/o\b", "any"), (r"\bct (number|value)s?\b", "HU"),
    (r"(?<=[a-z])_(?=[a-z0-9])", " "),  # "number_of_liver_lesions": a variable's name read as its words
    (r"\bsols?\b", "space-occupying lesion"),  # reading-room "SOL"
    (r"\b(?:segment|delineate|contour|outline|mask|label|find|locate|identify) (the|this|that) ((?:[\w-]+ ){0,3}?(?:lesion|"
     r"tumou?r|mass|cyst|nodule)s?) and (?:then )?(?:report|give|state|tell me|measure|compute|calculate|quote) (?:its|their) "
     r"(volume|size|diameter|attenuation|hu|density|location|slice)\b", r"give the \3 of \1 \2"),  # "segment the largest
    # colonic lesion and report its volume": the finding found on the way to the value asked
    (r"\b(hypo|hyper|iso)-?atten\b\.?", r"\1attenuating"),  # "hypoatten or hyperatten vs parenchyma?"
    (r"\b(?-i:R)\s*/\s*(?-i:BR)\s*/\s*(?-i:UR)\b", "resectable / borderline resectable / unresectable"),  # "R / BR / UR"
    (r"\b(for|in|on) this (ct |image |nifti |scan )?volume\b(?! of\b)", r"\1 this scan"),  # a data scientist's image "volume"
    (r"\bn (?=(\w+ )?(lesions|tumou?rs|cysts|masses|nodules|metastases|mets)\b)", "number of "),  # "n_lesions"
    (r"\b(hu|volume|attenuation|density)\s*\(\s*(liver|spleen|pancreas|kidneys?|aorta)\s*\)", r"\2 \1"),  # "HU(liver)"
    (r"(?<=[a-z)])\s*(?:>=|≥)\s*(?=[a-z(])", " larger than or equal to "),  # "right kidney volume >= left kidney
    (r"(?<=[a-z)])\s*(?:<=|≤)\s*(?=[a-z(])", " smaller than or equal to "),  # volume?": a comparison of two named
    (r"(?<=[a-z)])\s*>\s*(?=[a-z(])", " larger than "), (r"(?<=[a-z)])\s*<\s*(?=[a-z(])", " smaller than "),  # things
    # in symbols (not "> 400 mL", a cut-off, nor the arrows "=>", "->", "<-")
    (r"\b(liver|hepatic|kidney|renal|pancreas|pancreatic|colon|colonic|largest|biggest|dominant|index|target) les\b",
     r"\1 lesion"),  # "largest kidney les", "vol of largest liver les": a note-taker's lesion (not French "les")
    (r"\bnumerator\W{0,3}\s*[:=]\s*\W?(\w+)\W?\s*[;,]?\s*\W?denominator\W?\s*[:=]\s*\W?(\w+)", r"\1 over \2"),  # a ratio's
    # parts as fields ('"numerator": "liver", "denominator": "spleen"')
    (r"\b(?:rite|wright|write)\b(?=\s+(?:kidney|kidneys|kid|renal|lobe|side|hemiliver)\b)", "right"),  # dictated "rite kidney"
    (r"\b(?:sist|syst)(s?)\b", r"cyst\1"),  # dictated "kidney sist": no English word, spelt by its sound
    (r"\b(the|or) (?:rite|wright|write)\b(?= one\b)", r"\1 right"),  # "the left one or the write one"
    (r"(?-i:\bGB\b)", "gall bladder"),  # "GB volume in mL?": the gall bladder (capitals; "gb" is no organ)
    (r"\bruq (?:solid )?organ\b", "liver"), (r"\bluq (?:solid )?organ\b", "spleen"),  # "RUQ solid organ: larger
    # than normal?": the organ a quadrant holds
    (r"\bw/o\b", "without"), (r"\bw/\B", "with "), (r"\bsz\b", "size"), (r"\bvol\b", "volume"),
    (r"\blt\b", "left"), (r"\brt\b", "right"), (r"\bbilat\b", "bilateral"), (r"\bhcc\b", "hepatocellular carcinoma"),
    (r"\brcc\b", "renal cell carcinoma"), (r"\bipmn\b", "intraductal papillary mucinous cyst"),
    (r"\bl (or|vs\.?|versus|and|/) r\b", r"left \1 right"), (r"\br (or|vs\.?|versus|and|/) l\b", r"right \1 left"),
    (r"\bl(?=\.? (kidney|renal|side|lobe)\b)", "left"), (r"\br(?=\.? (kidney|renal|side|lobe)\b)", "right"),
    (r"\blk\b", "left kidney"), (r"\brk\b", "right kidney"),
    (r"\s*[,;\-–—]\s*(is that |am i |isn'?t it |that'?s )?(right|correct|yeah|yes|ok|okay)\s*\?\s*$", " here?"),  # a tag
    # question confirms a statement about this case: not a side, and no rule asked
    (r"\bpan-?nets?\b", "pancreatic neuroendocrine tumor"), (r"\bwhat'?s\b", "what is"), (r"\badj\b", "adjacent"), (r"\bdiam\b", "diameter"),
    (r"\bca\b(?!\s*-?\s*\d)", "cancer"),  # "colon ca", not the tumour marker "CA 19-9"
    (r"\badeno\b", "adenocarcinoma"), (r"(?<![\w#])#\s*(of\b\s*)?", "number of "), (r"\bsegs?\b\.?", "segment"),
    (r"\bwat\b", "what"), (r"\bhw\b", "how"), (r"\bmas\b", "mass"), (r"\bfll\b", "focal liver lesion"),
    (r"\b(is|are|looks?|appears?|seems?) (clean|clear)\b(?! (of|from)\b)", r"\1 free of lesions"),  # "Liver is clean"
    (r"\b(kidneys?|liver|pancreas|spleen|colon|gall ?bladder) (?:clean|clear) (?:for|of)\b", r"\1 free of"),  # "Kidneys
    # clean for solid neoplasm, correct?": a finding denied
    (r"([Δδ]|\bdelta)\s*(?=hu\b|attenuation|density)", "difference in "),
    (r"\b(hu|attenuation|density) (contrast|gap|delta)\b", r"\1 difference"),  # "the HU contrast between ..."
    (r"\bmore dark\b", "darker"), (r"\bmore bright\b", "brighter"), (r"\bmore dense\b", "denser"),  # a learner's
    # comparative ("the biggest tumor in the pancreas is more dark than pancreas?")
    (r"\b(no|nr|num)\.\s*(?=of\b)|\bnum(?= of\b)", "number "),  # "no. of liver lesions" counts, it negates nothing
    (r"\b(?:no\.|(?:nrs?|num)\b\.?)\s*(?=([\w-]+\s+){0,2}(lesions|tumou?rs|cysts|masses|nodules|metastases|mets)\b)", "number of "),
    # "num pancreatic lesions", "nr. of", "no. renal cysts": a count of a plural lesion noun
    (r"\bhow much (?=(\w+ ){0,2}(lesions|tumou?rs|cysts|masses|nodules|metastases)\b)", "how many "),  # a count noun
    (r"(?:^|(?<=[.!?] ))(?:what|how) about (?:the )?([a-z]+(?: [a-z]+)?)\s*(?:[:,;?]|\s[-–—])\s*(?=[a-z])", r"\1: "),  # "What about the
    # pancreas - anything focal?": a topic label ("pancreas: anything focal?"), the question after it asks
]
CLINICAL_WORDS = """
abdomen abdominal adenocarcinoma adjacent adrenal aggregate anterior aorta assessment asymmetrical asymmetry attenuate attenuates
attenuation attenuating average bilateral biggest borderline bosniak burden calculate caudate characterization characterize
classification classify clustered clustering colon colonic colorectal combined compare comparison contact count
couinaud criteria criterion cyst cystic cysts density diameter difference distributed distribution ductal
enlarged enlargement existence fatty findings gallbladder grade grading greatest hepatic hepatomegaly hounsfield
hyperattenuating hyperdensity hyperdensities hypertension hypoattenuating hypodense hypodensity hypodensities hypoenhancing impression indeterminate inferior involved
isoattenuating kidney kidneys largest length lesion lesions liver location longest lower malignant mass masses measure
measurement metastases metastasis moderate multiple neoplasm neuroendocrine nodule nodules normal number organ
organs outlier pancreas pancreatic pancreatitis parenchyma percent percentage portal posterior present progression pseudocyst
ratio renal report resectability resectable resection response right scattered segment segments severe severity size slice stage
spleen splenic splenomegaly stable staging steatosis stomach superior threshold total tumor tumors tumour tumours
uncinate unresectable volume volumes whipple stenosis fibrosis cirrhosis necrosis thrombosis sclerosis
hepatoma hypernephroma angiomyolipoma insulinoma gastrinoma glucagonoma vipoma cholangiocarcinoma hemangioma haemangioma
haematoma hematoma haematomas hematomas
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


PLACE_PREFIX = re.compile(r"(?:peri|para|retro|juxta|supra|infra|sub|intra|extra)-?")
"""A prefix that places a word beside the organ it names ("peripancreatic nodes", "perirenal fat")."""


def _correct_word(word: str, known: frozenset[str], clinical: tuple[str, ...]) -> str:
    if len(word) < SHORT_LENGTH or word in known or not word.isalpha():
        return word
    if word in english_words():
        return word  # `calculated` is not a slip of `calculate`, nor `had` of `head`
    if PLACE_PREFIX.match(word) and word[PLACE_PREFIX.match(word).end():] in clinical:  # type: ignore[union-attr]
        return word  # "peripancreatic", "pararenal": a place beside a clinical word, no slip of it
    near = [c for c in clinical if c[0] == word[0] and abs(len(c) - len(word)) <= 1 and one_edit(word, c)]
    if len(near) > 1:  # `cyts`: `cyst` (a swap) before `cysts` (a letter missing)
        near = [c for c in near if len(c) == len(word)]
    if len(near) == 1 or len(word) < MIN_LENGTH:
        return near[0] if len(near) == 1 else word
    close = [c for c in difflib.get_close_matches(word, clinical, n=2, cutoff=CUTOFF) if c[0] == word[0]]
    return close[0] if close else word


def one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@functools.cache
def english_words() -> frozenset[str]:
    """Lower-case whole words of the shipped MiniLM's WordPiece vocabulary (about 20,000 English words).

    Empty when the model package is absent: short words are then left as typed.
    """
    from retrieval.registry import RetrievalError

    try:
        from retrieval.backends import default_minilm_path

        lines = (default_minilm_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (RetrievalError, OSError):
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower())


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
ROMAN_SEGMENT = re.compile(r"\b(segments?|couinaud)\s+(viii|vii|vi|iv|v|iii|ii|i)([ab])?\b", re.IGNORECASE)


ROMAN_LIST = re.compile(r"\b(segments?|couinaud)(\s+(?:viii|vii|vi|iv|v|iii|ii|i|[1-8])[ab]?\b(?:\s*(?:,|/|and|or|&|-|–|—|to|through)?\s*"
                        r"(?:viii|vii|vi|iv|v|iii|ii|[1-8]|i(?=\s*(?:[,/?.]|$|and\b|or\b)))[ab]?\b)*)", re.IGNORECASE)
ROMAN_NUMERAL = re.compile(r"\b(viii|vii|vi|iv|v|iii|ii|i)([ab])?\b", re.IGNORECASE)


def arabic_segments(text: str) -> str:
    """Couinaud segments in roman numerals as numbers ("segment VI" -> "segment 6", "segment IVa" -> "segment 4a"), a
    list after "segments" too ("segments II, III and VIII" -> "segments 2, 3 and 8")."""
    def listed(m: re.Match[str]) -> str:
        return m.group(1) + ROMAN_NUMERAL.sub(lambda n: f"{ROMAN[n.group(1).lower()]}{n.group(2) or ''}", m.group(2))

    return ROMAN_LIST.sub(listed, SEGMENT_SHORT.sub(lambda m: "segments" if m.group(1) else "segment", text))


SEGMENT_SHORT = re.compile(r"\bseg(s)?\.?(?=\s*(?:viii|vii|vi|iv|v|iii|ii|i|[1-8])[ab]?\b)", re.IGNORECASE)
"""A segment's short name before its number ("seg 8", "Seg. VIII", "segs 6/7")."""


PIECE = re.compile(r"[A-Za-z]{2,}")


def joined_compounds(text: str) -> str:
    """A clinical word typed or dictated in two or three pieces joined ("neuro-endocrine", "adeno carcinoma",
    "spleno-megaly", "neuro endo crine", "re nal"): only when the pieces, one space or hyphen apart, together are a
    word of the clinical list and, for two pieces, not both are words of their own."""
    clinical = frozenset(CLINICAL_WORDS.split())
    english = english_words()
    pieces = list(PIECE.finditer(text))
    out, last, i = [], 0, 0
    while i < len(pieces):
        for n in (3, 2):
            run = pieces[i:i + n]
            if len(run) < n or any(text[a.end():b.start()] not in (" ", "-") for a, b in itertools.pairwise(run)):
                continue
            words = [m.group(0) for m in run]
            if "".join(words).lower() not in clinical:
                continue
            if n == 2 and all(w.lower() in english for w in words):
                continue  # two words side by side ("pan" and "creas" join, "for" and "mal" would not)
            out.append(text[last:run[0].start()] + "".join(words))
            last, i = run[-1].end(), i + n
            break
        else:
            i += 1
    return "".join(out) + text[last:]


LETTER_INSTRUCTION = re.compile(r"\b(?:please\s+)?(?:answer|respond|reply)\s+(?:with\s+)?(?:only\s+)?(?:the|a|one)\s+"
                                r"(?:single\s+)?(?:letter|option)(?:\s+only)?\b(?:\s*\([^()]*\))?[^.?!\n]{0,40}[.?!]?",
                                re.IGNORECASE)
"""A benchmark's answer-format instruction ("Answer with ONLY the single letter (A, B, C, or D).")."""


def clean(text: str, known_words: tuple[str, ...] = ()) -> str:
    """The question with shorthand spelled out and misspelt clinical words corrected (lower case kept as typed)."""
    out = heard_terms(english_question(spoken_punctuation(text)), frozenset(CLINICAL_WORDS.split()), english_words())  # "the linke Niere"; dictated
    # "kid knee", "hounds field" read by their sound
    out = clinical_lesion_words(joined_compounds(arabic_segments(out)))  # "a spot on my kidney": a lesion
    out = LETTER_INSTRUCTION.sub(" ", out)  # "Answer with ONLY the single letter (A or B).": how to answer, not what
    for pattern, full in SHORTHAND:
        out = re.sub(pattern, full, out, flags=re.IGNORECASE)
    known = vocabulary(known_words)
    clinical = tuple(sorted(CLINICAL_WORDS.split()))

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        corrected = _correct_word(word.lower(), known, clinical)
        return word if corrected == word.lower() else corrected

    return re.sub(r"[A-Za-z]+", fix, out)
