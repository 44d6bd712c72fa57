"""Polarity of a yes/no question: does *yes* assert the finding, or its absence?

"Is the liver free of masses?", "Is the left kidney lesion-free?" and "Is portal hypertension
unlikely?" ask the negative proposition: *yes* means the finding is absent (`Intent.negated`).
"Is there a lesion, yes or no?" and "present or absent?" ask either way, so they are not negated.
A contrast ("mucinous rather than a pseudocyst", "surveillance instead of resection") negates the
question when the task's own finding is the rejected alternative.
"""

from __future__ import annotations

import re

from questions.cues import EITHER_POLARITY, EQUAL_SIZE, NEGATIVE_POLARITY
from questions.gates_kind import UNLIKE_THE_REST
from questions.qualifiers import NOT_A_KIND

LIMIT_OF_NORMAL = (r"\b(above|exceeds?|exceeding|beyond|outside|over|greater than|larger than|bigger than|more than|"
                   r"below|under|smaller than|less than|lower than|compared (with|to)|relative to|against|versus|vs\.?)"
                   r"( what is( considered| regarded as| deemed| taken as)?)?( (the|its|their|his|her))?( upper)?"
                   r"( limits? of)?( (the|its|their|his|her))? (normal|expected)"
                   r"( limits?| range| size| values?| volume| variation| variants?)?\b|"
                   r"\bupper limit of normal\b")
ASIDE = (r"\b(doesn['’]t|does not|don['’]t|do not|no) (matter|care|preference)\b[^,.?]*|"
         r",\s*(is|are|does|do|has|have|was|were)n['’]t (it|there|they|that|this)\s*\?\s*$|"
         r"\bno (prior|previous|earlier|known history|history)\b|\bnot (counting|including|considering)\b|"
         r"\b(please|but|and) (no|without) (staging|explanation|details?|reasoning|commentary|discussion|grading)\b|"
         r"[,;—–-]\s*(but |and )?not (an?|just|merely|only|simply)? ?([\w-]+ )?(cysts?|cystic|tumou?rs?|solid|mass(es)?)\b|"
         + NOT_A_KIND)
"""Negative words that negate nothing asked: "mass or cyst, doesn't matter which", "There is a cyst, isn't there?", "a
tumour, not a cyst?", "Solid mass - not a cyst - in the pancreas?", "... if yes please no staging"."""
DOUBT = (r"\b(i'?m|i am|we'?re|we are|am i|i remain|still)? ?(not (quite )?(sure|certain|convinced)|unsure|uncertain)"
         r"( (whether|if|that|about))?\b|\b(i |we )?(can'?t|cannot|could ?n[o']t|don'?t|do not) (quite )?"
         r"(tell|say|decide|make out|determine|be sure|know)( (whether|if|that))?\b|\bhard to (say|tell)( (whether|if))?\b")
"""A statement of doubt about this patient ("I'm not sure whether there is a PDAC", "I can't tell if the spleen is
enlarged"): it asks the question it doubts, with that question's own polarity; its "not" negates nothing asked."""
INLINE_OPTIONS = re.compile(r"(^|\s)\(?[a-h]\)\s*[^()]+?\s\(?[a-h]\)\s*\S.*$|"
                            r"(?:^|(?<=[\s?.:]))(?:a[.):]|a\s+[-–]|\(?1\)|1[.:]\s|\[(?:1|a)\])\s*\S.*?\s(?:b[.):]|b\s+[-–]|\(?2\)|"
                            r"2[.:]\s|\[(?:2|b)\])"
                            r"\s*\S.*$|"
                            r"(?:\s[-•*]\s+[^-•*\s][^-•*]{0,40}){2,}$|"
                            r"(?:\b(?:options|choose one|select(?: one)?|pick one)\s*:+)?(?:[\s:;,/|•*-]*(?:\(?(?:[a-h]|[1-9]|"
                            r"i{1,3}|iv)(?:\s*[).:=-]\s*|\s+))?(?:yes|no|present|absent|true|false)\b){2,}[\s.]*$")
"""Lettered, numbered or bulleted options written after the question ("... present? A) Yes B) No", "(a) yes (b) no",
"A. Yes B. No", "A: yes B: no", "A - yes B - no", "1) yes 2) no", "1. present 2. absent", "[1] yes [2] no",
"- present - absent", "Options: - Yes - No", "choose one: (i) present (ii) absent", "Select: 1-Yes 2-No", "1 = yes,
2 = no", "A yes / B no"): an offered "No" is an answer, not a negation of what is asked."""
ANSWER_FORMAT = re.compile(r"\{[^{}]*\}|\b(?:true|yes)\s*(?:/|\||or)\s*(?:false|no)\b|\bno (?:prose|explanation|other text|"
                           r"comments?|preamble)\b|\bnothing else\b|\bonly the single letter\b[^.]*", re.IGNORECASE)
"""An answer format the question asks for ('{"pnet": true} or {"pnet": false}', "true/false", "No prose"): no negation."""
FOLLOW_UP = re.compile(r",?\s*(?:and |or |but )?if (?:there (?:is|are) |it is |it's )?(?:not|so|none|no)\b[^?.]*|\bno [a-z-]+(?: [a-z-]+)? (?:is )?"
                       r"(?:needed|required|necessary|wanted)\b")
"""A conditional follow-up ("..., and if not, which lower T category?") or an instruction ("yes/no only, no grading
needed"): its "not" / "no" negates nothing asked."""
# "A rather than B", "more likely A than B": the question asserts A and rejects B.
CONTRAST = re.compile(r"\b(rather than|instead of|as opposed to|in preference to|and not)\b|"
                      r"\bmore (likely|probably|consistent with|in keeping with)\b[^?]*?\b(than)\b")
_TASK_WORDS_NOT_FINDINGS = frozenset({"existence", "determination", "assessment", "detection", "classification",
                                      "measurement", "comparison", "pancreatic", "lesion"})


CLAUSE_END = r"[?;]|\s[-–—]{1,2}\s|\s—|\bi\.?e\.?(?=[\s,])|\b(?:that is|in other words|so)\b"
"""Where a contrast's rejected words end: the question restated or another clause begins."""
OPPOSITE: dict[str, str] = {
    "bilateral kidney asymmetry": EQUAL_SIZE,
    "lesion outlier": r"\b(same|similar|uniform|comparable|equal) (in )?size\b",
    "liver lesion clustering": r"\b(scatter\w*|diffuse(ly)?|widely (distributed|spread|dispersed)|dissemin\w*|"
                               r"spread (out|throughout|across)|all over)\b",
}
"""Words naming the opposite of a task's finding: "Kidneys are roughly equal?" asks the absence of asymmetry."""


REFUTED = re.compile(r"^\s*(?:(?:so|but|and|ok|okay|well|honestly),?\s+)?(?:is it|it'?s|it is|it isn'?t|would it be|"
                     r"am i|are we|was i|would you|do you|is that)\s+(?:not\s+)?(?:false|untrue|wrong|incorrect|mistaken|"
                     r"inaccurate|true|the case|correct|accurate|disagree|dispute)\b\s*(?:that|to (?:say|call|think|claim|"
                     r"state|conclude|suggest|describe)|in (?:saying|calling|thinking))?\s*")
"""A frame that asks whether what follows is wrong ("Is it false that ...", "Would you disagree that ...", "Is it not
true that ...", "It isn't true that ...", "Would it be wrong to say ..."): *yes* refutes what follows, so the question
has the opposite polarity of what follows (set R: "Is it not true that the pancreas has no lesion?" asks a lesion)."""
_REFUTING = re.compile(r"\b(?:not|n'?t|false|untrue|wrong|incorrect|mistaken|inaccurate|disagree|dispute)\b")
CANCELLED = re.compile(r"\b(?:not|n['’]t)\s+(?:\w+\s+)?(?:of\s+)?(?:normal|free|clear|unremarkable|lesion-free|"
                       r"within normal limits)\b")
"""A negation of a negative word ("not of normal size", "not free of lesions"): the finding asserted, no negation."""
YES_NO_TAG = re.compile(r"[,;:\s-]*\(?\b(?:yes or no|no or yes|yes ?/ ?no|y ?/ ?n|yes, no)\b\)?\s*[?.!]*\s*$")
"""A trailing "yes or no?" tag: it names the answer form, not the polarity, which the words before it keep ("Is the
spleen within normal limits, yes or no?" asks the negative proposition)."""


def finding_stems(task: str) -> list[str]:
    """Word stems naming a task's finding: `pseudocyst determination` -> `pseudo`, `... resectability` -> `resect`."""
    return [w[:6] for w in task.lower().split() if len(w) >= 5 and w not in _TASK_WORDS_NOT_FINDINGS]


LEADING_FORMAT = re.compile(r"^\s*(?:(?:y ?/ ?n|yes ?/ ?no|yes or no)|(?:please )?(?:reply|answer|respond)(?: with| in)? "
                            r"['\"‘“]?\w+['\"’”]? (?:or|/) ['\"‘“]?\w+['\"’”]?)\s*[:\-–—]\s*")
"""A leading label saying how to answer ("Y/N: kidneys normal-sized", "Reply 'present' or 'absent': focal pancreatic
lesion."): the statement after it carries the polarity, the label none."""
LAB_VALUES = re.compile(r"\b(?:lipase|amylase|bilirubin|lfts?|cea|ca ?19-9|afp|creatinine|egfr|labs?|bloods?|hb|wbc|crp|alt|"
                        r"ast|alp|ggt|inr|platelets?|chromogranin|gastrin|insulin|glucose)\s+(?:is |are |was |were )?(?:normal|"
                        r"unremarkable|ok|fine|negative|neg|not raised|not elevated)\b")
"""A laboratory value stated normal ("lipase normal, CEA 5"): the history's words, no negation of the finding asked."""
BELOW_LIMIT_DENIES = frozenset({"pancreatic cyst resectability", "organ enlargement", "splenomegaly detection"})
"""Tasks whose finding is a size at or above a cut-off: "below the cut-off" denies it."""
BELOW_LIMIT = r"\b(below|under|beneath|short of|less than|smaller than) (the |its |a )?([\w-]+ ){0,3}(cut-?off|threshold|limit|criterion)\b"
WATCHED = r"\bsmall enough (to|for) (just |simply )?(be )?(watch\w*|follow\w*|observ\w*|monitor\w*|surveil\w*|leave|left)\b"
"""A cyst "small enough to just watch": no resection."""


def rejects_finding(question: str, task: str) -> bool:
    """Whether a contrast in the question rejects the task's finding ("mucinous rather than a pseudocyst")."""
    low = " ".join(question.lower().split()).replace("tumour", "tumor")
    match = CONTRAST.search(low)
    if match is None:
        return False
    cut = match.start(3) if match.group(3) else match.start()
    asserted, rejected = low[:cut], re.split(CLAUSE_END, low[match.end():], maxsplit=1)[0]  # "a tumour rather than a
    # cyst -- i.e. is a kidney tumour present?": the contrast rejects the cyst only, the restated question follows
    stems = FINDING_WORDS.get(task) or finding_stems(task)
    return any(s in rejected for s in stems) and not any(s in asserted for s in stems)


FINDING_WORDS = {"liver lesion clustering": ("cluste", "group", "clump", "aggregat")}
"""A finding said in other words than its task's name ("scattered rather than grouped together" rejects clustering)."""


YES_MEANS = re.compile(r"\b(?:answer|reply|respond|say)\s+(?:['\"“]?yes['\"”]?\s+(?:if|when|only if|where)|(?:only\s+)?"
                       r"(?:whether|if)(?=\s+(?:an?|any|the|there)\b))\s+(?P<meaning>[^.;:?]{3,80})", re.IGNORECASE)
"""An instruction saying what a yes means ("Answer Yes if a lesion IS present", "say yes only if they are free of
lesions", "Answer whether a liver lesion exists")."""


def is_negated(question: str | None, task: str | None = None) -> bool:
    """Whether a yes/no question asks the negative proposition ("Is the liver free of masses?").

    "Is there any lesion?" and "present or absent?" are not negated; "Is the spleen not enlarged?" is.
    A leading contraction ("Isn't there a lesion?") asks the positive proposition, as speakers mean it.
    A parenthetical qualifier, a limit of normal ("above the upper limit of normal") and lettered options written
    after the question ("A) Yes B) No") are not negations.

    Args:
        question: the question (or one part of it).
        task: the task it asks, if known: a contrast that rejects the task's finding negates the question.
    """
    low = INLINE_OPTIONS.sub(" ", ANSWER_FORMAT.sub(" ", " ".join((question or "").lower().split())))
    low = LAB_VALUES.sub(" ", LEADING_FORMAT.sub(" ", FOLLOW_UP.sub(" ", low), count=1))
    if task in BELOW_LIMIT_DENIES and (re.search(BELOW_LIMIT, low) or re.search(WATCHED, low)):
        return True  # "panc cyst - below the surgical size cutoff, yes?", "small enough to just watch?": short of the rule
    told = YES_MEANS.search(low)  # "Are the kidneys free of lesions? Answer Yes if a lesion IS present.": the question
    if told is not None:  # says what its yes means, which decides over its own wording
        return bool(re.search(r"\b(absent|free|not (?:present|there|seen|found)|no (?:\w+ )?(?:lesion|finding|mass|"
                              r"tumou?r|cyst)s?|normal|none)\b", told.group("meaning")))
    frame = REFUTED.match(low)
    if frame and re.search(r"[a-z]{3}", low[frame.end():]) and _REFUTING.search(frame.group(0)):
        refutes = len(_REFUTING.findall(frame.group(0))) % 2 == 1  # "It's not untrue that ...": two cancel, it affirms
        return is_negated(low[frame.end():], task) != refutes  # "Is it false that the spleen is not enlarged?": enlarged
    low = YES_NO_TAG.sub("", low) or low
    low = CANCELLED.sub(" ", low)  # "Would it be wrong to say the liver is not of normal size?"
    if re.search(EITHER_POLARITY, low):
        return False
    if task is not None and rejects_finding(low, task):
        return True
    if task in OPPOSITE and re.search(rf"\b(not|n['’]t) (\w+ )?({OPPOSITE[task]})", low):
        return False  # "the kidneys are not symmetric": the finding itself
    if task in OPPOSITE and re.search(OPPOSITE[task], low) and not re.search(r"\basymmetr|\bunequal|\buneven|\boutlier|\bor\b|"
                                                                            r"\bcluster|\bgroup|\bclump",
                                                                            re.sub(r"\([^()]*\)", " ", low)):  # "same size, or does one stand out?"
        return True
    low = re.sub(r"\([^()]*\)", " ", low)  # "(not a simple cyst)" qualifies the finding, it does not negate it
    low = re.sub(LIMIT_OF_NORMAL, " ", low)  # "above the normal limit" asks the positive finding
    low = re.sub(DOUBT, " ", low)  # "I'm not sure whether ..." asks what follows
    low = re.sub(ASIDE, " ", low)  # "doesn't matter which", a negative tag after a positive statement: no negation
    low = re.sub(UNLIKE_THE_REST, " ", low)  # "the lesion that does not fit the others" names the outlier asked
    return bool(re.search(NEGATIVE_POLARITY, low))
