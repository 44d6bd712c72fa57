"""Words that qualify a finding or set something aside: they name kinds, organs or categories the question does not ask
about ("..., just the number, no steatosis grade", "the number, not a Bosniak class").

"Is there a solid kidney tumour (not a simple cyst)?", "any lesion, cystic or solid", "of any kind", "doesn't
matter which", "Spleen aside, is there hepatomegaly?", "Leaving the cysts aside, is there a tumour?": understanding
reads the question without them (`drop_qualifiers`), so their organ and kind words do not decide the task.
"""

from __future__ import annotations

import re

from questions.intents import extract

__all__ = ["drop_qualifiers"]

NOT_A_KIND = (r"(,\s*|\s+and\s+)(and )?not (just |merely |only |simply |purely |simply )?an? ([\w-]+ )?[\w-]*(cysts?|"
              r"tumou?rs?|mass(es)?|lesions?|nodules?|metasta\w*|mets?|pdac|p?nets?|hcc|rcc|carcinoma|cancer|neoplasm|\w+omas?|"
              r"ipmns?|aml|growths?|stones?|calculus|fluid|collections?|abscess)(?=\s*[?.!]|\s*$)")
"""A kind set aside after the finding ("a kidney tumour - the cancer kind, not a cyst?", "a real tumour and not just a
cyst?"): it names what is not asked; "not an outlier" names no kind."""
QUALIFIER = re.compile(r"\((?:[^()]{0,40}\b)?(solid|cyst\w*|not an?)\b[^()]{0,40}\)|"
                       r", (cystic or solid|solid or cystic|whether tumou?r or cyst)\b|\bof any (kind|type|sort)\b|"
                       r",? (it )?(doesn['’]t|does not) matter which( one)?\b|,? (either|whichever) (kind|type|one)\b|"
                       r"^\s*(the )?[\w-]+( [\w-]+){0,2} aside,|\b(apart|aside) from (the )?[\w-]+( [\w-]+){0,2},|^\s*(besides|other than) (the )?[\w-]+"
                       r"( [\w-]+){0,2},|,?\s*(from )?(the )?(head|neck|body|uncinate|tail)( process)? to (the )?(head|neck|body|"
                       r"uncinate|tail)\b|\b(leaving|setting|putting|laying) (the |any |all )?[\w-]+( [\w-]+){0,2} aside\b,?|"
                       r"\b(leaving|setting|putting|laying) aside (the |any |all )?[\w-]+( [\w-]+){0,2},|^\s*(ignoring|disregarding|"
                       r"never mind|forgetting|not counting) (the |any |all )?[\w-]+( [\w-]+){0,2},|"
                       r",?\s*\b(no|not an?|not the|without( an?)?) ([\w-]+ ){0,3}(grade|grading|category|class|"
                       r"classification|interpretation|staging|stage|verdict)( (about|of|for) [\w-]+)?\b|"
                       r",?\s*\bnot whether (it|they) (is|are) [\w-]+\b|"
                       r"\((?=[^()]*(?:\bratio\b|\w/\w))[^()]{0,40}?(?:<|>|≤|≥|\bbelow\b|\babove\b|\bunder\b|\bless than\b|"
                       r"\bgreater than\b|\bmore than\b)\s*[-−]?\d[^()]{0,20}\)|" + NOT_A_KIND, re.IGNORECASE)
"""... also a ratio's cut-off stated in brackets after the finding ("steatotic (L/S HU ratio < 1.0)"): the rule the
finding is decided by, not the ratio asked (the cut-off itself is read from the whole text, `questions.stated_rules`);
an HU or size cut-off in brackets ("hyperdense (>70 HU)") stays: it names which rule's category is asked."""


WORD = r"((?!(any|anything|the|a|an|or)\b)\w+ )?"
"""One word before a lesion kind ("renal"), not an article or "any"."""
KIND_NAME = r"(lesion|mass|tumou?r|cyst|nodule|growth|solid|cystic)(s|es)?"
KINDS_LISTED = re.compile(rf"(?P<lead>,\s*)?\b(?P<word>{WORD[1:-2]})?{KIND_NAME}(, {WORD}{KIND_NAME})*,? or {WORD}{KIND_NAME}\b",
                          re.IGNORECASE)
"""Kinds listed after "any": "any lesion, mass or cyst", "Anything focal in the R kidney, cyst or mass?" ask the
presence of any kind, not which kind."""


def _any_of_kinds(text: str) -> str:
    def keep(match: re.Match[str]) -> str:
        if not re.search(r"\bany(thing)?\b", text[:match.start()], re.IGNORECASE):
            return match.group(0)  # "Is the renal lesion a cyst or a mass?" asks which
        return ", any lesion" if match.group("lead") else f"{match.group('word') or ''}lesion"

    return KINDS_LISTED.sub(keep, text)


NOT_ASKED = re.compile(r"(\((?:[^()]*?\w)?)(?:,\s*|\s*)\bnot\b(?! (?:an?|the) (?:simple |solid |benign )?(?:cyst|tumou?r|lesion|mass)\b)"
                       r"(?! (?:about |for |regarding )?(?:this|my|our|the|any)(?: particular| specific)? (?:case|patient|scan|"
                       r"study|ct|images?)\b)[^()]*\)", re.IGNORECASE)
"""A near neighbour the question excludes in brackets ("(grade please, not just yes/no)", "(existence only, not
whether it is PDAC vs PNET)", "(not its volume)"): the words after "not" name what is NOT asked; what stands before it
in the brackets is kept. A lesion kind excluded ("(not a simple cyst)") is `QUALIFIER`'s; "(general, not this case)"
says whom the question is about, not what it asks, and stays."""


def drop_qualifiers(text: str) -> str:
    """The question without qualifiers of the finding ("a solid kidney tumour (not a simple cyst)", "any lesion,
    cystic or solid", "of any kind", "doesn't matter which") and without an organ or a kind set aside ("Spleen aside,
    is there hepatomegaly?", "Leaving the cysts aside, ...", "Ignoring the liver, ..."): their words name kinds or
    organs the question does not ask about. A kind set aside keeps its organ when the rest names none."""
    text = _any_of_kinds(NOT_ASKED.sub(lambda m: f"{m.group(1)})" if m.group(1) != "(" else " ", text))
    removed = [m.group(0) for m in QUALIFIER.finditer(text)]
    kept = " ".join(QUALIFIER.sub(" ", text).split())
    if extract(kept).organs:
        return kept
    organs = [o for piece in removed if extract(piece).lesion_kinds for o in extract(piece).organs]
    return f"{organs[0]}: {kept}" if organs else kept  # "Setting aside the renal cysts, any solid mass?": the kidney


ASIDE_ASKED = re.compile(r"(?:[,;]\s*|\s+[-–—]\s*|[.?]\s+|\(\s*)(?:but\s+|and\s+)?not\s+(?:asking\s+(?:for\s+)?)?(?:its|the|a|their)\s+"
                         r"(?:exact\s+)?(?:grade|grading|severity|stage|volume|size|number|count|value|percentage|change|"
                         r"diameters?|attenuation|density|mean hu|hu|slice|location)"
                         r"\b[^.;?)]*[.;?)]?", re.IGNORECASE)
"""What a question puts aside after its ask ("..., not its grade.", "Not the grade, just yes or no.", "I need its volume,
not the diameter."): no part asked and no negation of the finding."""


def drop_asides(text: str) -> str:
    """The question without what it says it does not ask (`ASIDE_ASKED`); the ask's own punctuation kept."""
    def keep(m: re.Match[str]) -> str:
        said = m.group(0)
        if said.lstrip()[:1] == "(":
            return ""  # "(not asking the grade)": the bracket goes whole
        return said[0] if said[0] in ".?" else "?" if said.rstrip().endswith("?") else "."

    return NOT_NEEDED.sub("", HABITUS.sub("", ASIDE_ASKED.sub(keep, text), count=1), count=1)


NOT_NEEDED = re.compile(r"^[^,.;:?!]{1,60}?\b(?:(?:is |are )?not (?:needed|required|wanted|necessary|of interest)|aside)\s*"
                        r"(?:[,;:.]|\s[-–—])"
                        r"\s*(?:just\s+|only\s+)?(?=\S)", re.IGNORECASE)
"""A leading clause setting a quantity aside ("Liver-to-spleen ratio not needed, just the liver HU pls", "Transplant
criteria aside - what percentage ..."): what follows is asked."""


HABITUS = re.compile(r"^[^,.;?!]{0,40}?\b\d+(?:\.\d+)?\s*(?:m|cm|ft|feet)\b[^,.;?!]{0,30}?\b\d+(?:\.\d+)?\s*(?:kg|lbs?|"
                     r"pounds)\b\s*[,;:]\s*(?=\S)", re.IGNORECASE)
"""A leading clause giving the patient's height and weight ("my husband is 1.92 m and 110 kg, how big is his liver?"):
the body's build, no question; what follows is asked."""
