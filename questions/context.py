"""Clinical context written before a question: "68-year-old with jaundice. Is there a pancreatic mass?".

Clinicians open with the history ("Known cirrhosis.", "Pre-hepatectomy planning:") and then ask.
The history's words name other organs and other findings ("colorectal cancer" before "How many
liver mets?", "follow-up" before a question about today's volume), so understanding reads the
question itself and sets the history aside, unless the question needs it:

- the question names no organ, or points back ("Which one is larger?"): the history says what it
  is about, so the whole text is read; `it` and `its` are replaced by what the history names;
- a leading sentence that offers options ("Resectable, borderline or unresectable:"), names a
  basis, a criterion or an earlier study ("Using the L/S ratio:",
  "Compared with the prior CT:"), or a follow-up before a question asking a change ("Follow-up CT
  after chemotherapy. Are the liver lesions smaller?"), is part of the question, not history.
"""

from __future__ import annotations

import re

from questions.intents import extract
from questions.resolve import resolve_pronouns
from questions.rules import NOT_THIS_PATIENT

# A leading sentence ends with a full stop, an exclamation mark or a colon followed by a space
# ("314.5" and "L/S" have none).
_SEGMENT_END = re.compile(r"(?<=[.:!;])\s+(?=\S)|(?<=[.!?]['\"’”])\s+(?=\S)|,\s+but\s+(?=\S)|\s+but\s+(?=(?:what|which|how|is|are|does|do|can|could)\b)|"
                          r",\s+so\s+(?=(?:please |just )?(?:tell|give|what|which|how|is|are|does|do|can|could)\b)", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–—]\s+(?=\S)")
"""Also a dash ("Colorectal cancer staging - hepatic mets?"), ", but" ("Liver looks fine, but is there ...?", "The
kidneys look fine but what is ...?") and ", so" before an ask ("..., so tell me which organ lies adjacent"):
the part after them may be the asking sentence."""
ASKS = re.compile(
    r"^\s*(is|are|does|do|did|has|have|can|could|was|were|should|would|will|what'?s?|which|how|where|when|why|who|"
    r"any|count|tally|measure|give|report|state|estimate|grade|stage|classify|describe|list|name|tell|identify|"
    r"determine|assess|evaluate|check|compute|calculate|find|look|confirm|please|characteri[sz]e|quantify|"
    r"locali[sz]e|pls|plz|kindly|just the|(in|on|at) (which|what)|i (want|need|would like)|i'd like|we (want|need)|"
    r"(i|we) (only|just|simply|really|mainly|specifically) (want|need|ask)|(all|what|the (only )?thing) (i|we) "
    r"(\w+ )?(want|need|ask)|my (\w+ ){0,2}question|(the|our) (\w+ ){0,2}question (is|here)|(just|only|simply) (tell|give))\b",
    re.IGNORECASE)
"""How an asking sentence begins (a question word or an order, or a request: "all I need is ...", "my specific question
is whether ...", "I only want ...")."""
KEEP = re.compile(
    r"\b(based (on|upon)|judg\w* (by|from)|going by|using|applying|according to|on the basis of|criteri\w*|"
    r"per(?! (the |our |his |her |their )?(\w+ )?(team|report|notes?|radiologist|clinician|surgeon|physician|doctor|gp|"
    r"referr\w*|patient|request|ward|history))|"
    r"threshold|cut-?offs?|definition|guidelines?|recist|(in)?operab\w*|(un|ir)?resectab\w*)\b", re.IGNORECASE)
"""Words that make a leading sentence part of the question (a basis, a rule, the decision a category is for: "...
needs to know if the tumour is operable. Which category is it?"; a stated measurement: `STATED`); "per the chest team"
names who said it, not a rule."""
FOLLOWED = re.compile(r"\b(follow-?up|surveillance|after|post-?\w+|on (treatment|chemo\w*|therapy)|months?|weeks?|"
                      r"years?|interval|prior|previous|baseline|earlier|last|compared|versus|vs)\b", re.IGNORECASE)
CHANGE = re.compile(r"\b(grow\w*|grown|shr[iu]nk\w*|chang\w*|happen\w*|evol\w*|increas\w*|decreas\w*|progress\w*|respon\w*|larger|bigger|"
                    r"smaller|worse|better|new|stable|regress\w*|since|still)\b", re.IGNORECASE)
"""A follow-up or an earlier study ("Follow-up CT after chemotherapy.", "Compared with the prior CT:") belongs to a
question that asks a change ("Are the liver lesions smaller?"); "No prior imaging." before "Is there a lesion?" does not."""
NOT_A_CHANGE = re.compile(r"\b(larger|bigger|smaller|worse|better) than (normal|expected|usual|it should be|they should be|"
                          r"(the )?(upper )?(limit|range|normal))\b|\b(the )?(larger|bigger|smaller) (one|of the (two|pair))\b",
                          re.IGNORECASE)
"""A size held against normal ("Is the spleen bigger than normal?") or one of two picked ("which kidney is the bigger
one?"): no change asked."""
POINTS_BACK = re.compile(r"\b(one(?! (question|thing|request|ask|point)\b)|ones|these|those|this one)\b", re.IGNORECASE)
"""A question pointing back ("Which one is larger?"); "the one question is ..." points nowhere."""
PRONOUN = re.compile(r"\b(it|its|they|them)\b", re.IGNORECASE)
FINDING = re.compile(r"\b\w*(megal\w*|steato\w*|cirrho\w*|atroph\w*|hypertension|htn)\b", re.IGNORECASE)
"""A finding word that names its organ ("Splenomegaly?", "Hepatic steatosis?"): a terse question with its own subject."""


STATES = re.compile(r"^(?!\s*(is|are|was|were|does|do|has|have)\b)[^?]*\b(is|are|was|were|looks?|appears?|seems?|fine|normal|"
                    r"clear|unremarkable|negative|unchanged|stable|ok|okay|cirrhotic|big|enlarged|noted|known)\b[^?]*$",
                    re.IGNORECASE)
"""A sentence stating a finding ("Liver is clear.", "Pancreas and liver fine.", "Spleen unchanged.", "Liver is clear of
mets, so:"): history, never the question's topic label, wherever it stands."""


PURPOSE = re.compile(r"^(?P<purpose>(for|ahead of|in preparation for) (the |a |an )?(\w+ ){0,3}(planning|purposes?|"
                     r"work-?up|mdt|tumou?r board|meeting|referral)),\s+(?=\S)|^(?P<before>(before|ahead of|prior to) (the |a |an "
                     r"|her |his |my )?(planned |scheduled |upcoming )?(\w+ ){0,2}(\w*ectomy|resection|surgery|operation|whipple|"
                     r"transplant\w*|ablation|biopsy)),\s+(?=(could|can|would|will|please|what|which|how|is|are|does|do|any|tell|"
                     r"give)\b)", re.IGNORECASE)
"""A purpose opening the question ("For surgical planning,", "For staging purposes,", "Before the S6 segmentectomy,
could you ..."): why it is asked, not what (a procedure still to come, no earlier study)."""


STATED_CLAUSE = re.compile(r"^(?P<stated>(?!\s*(if|suppose|supposing|assuming|when|given|for|in|with|should|had|at|on|"
                           r"under|above|below|over|without|of|between|among|from)\b)[^?,;:]*\d\s*(ml|cc|cm|mm|hu|%)(?![a-z])"
                           r"[^?,;:]*),\s+(?=(is|are|was|were|does|do|did|has|have|"
                           r"can|could|should|would|will|what|which|how)\b)", re.IGNORECASE)
"""A leading clause stating a value of this patient, then the asking clause after a comma ("The liver measured 1900 mL
last year, is it enlarged now?"): history, as a sentence would be; a condition ("If the spleen is 600 mL, ...") or a
leading phrase ("At 600 mL, ...") is part of the question."""


ANSWER_FORMAT = re.compile(r"^\s*(please |kindly |just )?(answer|reply|respond)( with| in)?( \w+){0,4}\W*$|^\s*(yes|y) or (no|n)\W*$|"
                           r"^\s*(one|a single) (word|number|letter)( only| please)?\W*$", re.IGNORECASE)
"""A sentence that says only how to answer ("please answer yes or no.", "Reply in mL."): never the question itself."""


SCOPING = re.compile(r"^\W*(by|in|on|at|for|of|with|using|per|excluding|including|ignoring|only|just|both|either|each|"
                     r"all|any|and|or|if|whether|in (mm|cm|ml|hu|cc)|not|no|yes)\b", re.IGNORECASE)
"""A phrase after the question that scopes or qualifies it ("By volume.", "Only the left.", "If so, how big?")."""


def aside(sentence: str) -> bool:
    """Whether a sentence after the question only tells of the patient or why it is asked ("He had pancreatitis six
    weeks ago; lipase now normal.", "(Hx of nephrectomy)", "trying to work out the phase"): history, never the ask."""
    told = re.sub(r"^\W+|\W+$", "", sentence)
    return len(re.findall(r"[^\W\d_]{2,}", told)) >= 3 and not (ASKS.match(told) or SCOPING.match(told) or KEEP.search(
        told) or ANSWER_FORMAT.match(told) or CONFIRM_TAG.match(told) or re.search(r"\b(answer|reply|respond|report|give|"
                                                                                  r"state|tick|choose|pick|select|compute|calculate|sorry|i mean|i meant|actually|rather|interes\w*|need|want|"
                                                                                  r"care|matter|please|grade|yes|difference|change)\b", told, re.IGNORECASE))


PREMISE = re.compile(r"^(?P<premise>\s*(?:given|in view of|in light of|considering|because of)\s+(?:the|these|those|her|his|its|"
                     r"their|known|multiple|several)\b[^,?;:]{3,80}),\s+(?=(?:is|are|does|do|has|have|can|could|would|should|"
                     r"what|which|how|any)\b)", re.IGNORECASE)
"""A premise opening the question ("Given the hypervascular liver lesions, is there a pancreatic NET?"): context, like a
history sentence, which the question is read apart from unless it needs it (`needs_context`)."""


ASSUMED_NORMAL = re.compile(r"^(?P<assumed>\s*(?:assuming|supposing|suppose|granted|granting|if|taking it|given) (?:that )?"
                            r"[^,?;:]{2,50}\b(?:is|are|was|were|be) (?:\w+ )?(?:normal|fine|unremarkable|healthy|ok|okay|clear|"
                            r"clean|not enlarged|of normal size|normal-sized)\b[^,?;:]{0,30}),\s+(?=\S)", re.IGNORECASE)
"""An organ assumed normal before the question ("Assuming the kidneys are normal, is there splenomegaly?"): a premise
about another organ, context like a history sentence; a condition on a value ("If the spleen is 600 mL, ...") asks
with the question."""


OPTIONS_AFTER = re.compile(r"\?\s*[(\[]?(?:\d|[a-e]|i{1,3}|iv)[).\]]\s+\S", re.IGNORECASE)
"""A question followed by its numbered or lettered options in the same sentence ("anything focal? (1) yes (2) no")."""
HEADING = re.compile(r"^\W*(?:(?:prior|previous|old|outside|external|prelim\w*)\s+)?(?:report(?:\s+(?:snippet|excerpt|text))?|"
                     r"impression|findings|conclusion|pasted|read|history|hx|indication|clinical (?:information|history)|"
                     r"comparison|technique|q|question|my question|query)(?:\s*\([^()]{0,30}\))?\s*:\W*$", re.IGNORECASE)
"""A heading alone ("Report:", "Report snippet:", "Q:"): it labels what follows and asks nothing ("Report" is no order)."""
PASTED_REPORT = re.compile(r"^\W*(?:(?:prior|previous|old|outside|external|prelim\w*)\s+)?(?:report|impression|findings|"
                           r"conclusion|pasted|read)\b[^:\n]{0,30}:", re.IGNORECASE)
"""A report's words pasted before the question ("Report: '...'", "IMPRESSION (prelim): ...", "Pasted: '...'"): what an
earlier read said, not what is asked; the question after it is read alone, with the organ the report names when it
names none ("... hypoattenuating area in the panc head ... Q: does this represent a ductal adenocarcinoma?")."""
Q_LABEL = re.compile(r"^\W*(?:q|question|my question|query)\s*[:.-]\s*", re.IGNORECASE)
TOPIC_LABEL = re.compile(r"^\W*(?:(?:and|but|now|then|so|also)\s+)?(?:(?:what|how) about|as for|re|regarding)?\s*"
                         r"(?:the\s+)?(?P<topic>(?!(?:no|not|non|without)\b)(?!.*\b(?:is|are|was|were|looks?|seems?|appears?|has|have|staging|work-?up|"
                         r"protocol|history|known)\b)[^\W\d][\w/ -]{1,30}?)\s*:\s*$", re.IGNORECASE)
"""A label opening the asking sentence ("Pancreas:", "And the kidneys:", "As for the liver:"; a dash reads as a colon)."""


TAG_QUESTION = re.compile(r",\s*(?:is|isn't|are|aren't|does|doesn't|do|don't|right|correct|no|yes)\b[^,?]{0,12}\?\s*$",
                          re.IGNORECASE)
"""A tag that turns a statement into a question ("not a cyst, is it?")."""


def _topic_label(segment: str) -> bool:
    """Whether `segment` is only a label naming an organ or lesion (`TOPIC_LABEL`): the topic of the sentence after it."""
    label = TOPIC_LABEL.match(segment)
    if label is None or len(label.group("topic").split()) > 4:
        return False
    named = extract(label.group("topic"))
    return bool(named.organs or named.lesion_kinds)


def split_context(text: str) -> tuple[str, str]:
    """The clinical context before the question and the asking sentences ("" and the text when there is none).

    Polarity is read from the asking sentences only ("No prior imaging. Is there a lesion?" is not negated). A
    statement of a finding after the question ("..., in which pancreatic region is the largest lesion? Liver is clear.")
    is context too.
    """
    text = PURPOSE.sub(lambda m: f"{m.group('purpose') or m.group('before')}. ", text.strip())  # "For surgical planning,
    # in which region ...?", "Before the S6 segmentectomy, could you ...?"
    text = STATED_CLAUSE.sub(r"\g<stated>. ", text)  # "the liver measured 1900 mL last year, is it enlarged now?"
    text = ASSUMED_NORMAL.sub(r"\g<assumed>. ", PREMISE.sub(r"\g<premise>. ", text))  # "Assuming the kidneys are normal,"  # "Given the hypervascular liver lesions, is there a PNET to explain them?"
    asked, after = text, ""
    if (tail := re.match(r"^(?P<asked>.*\?)\s+(?P<after>(?![(\[]?[a-e][).:\]]\s)[^?]+)$", text, re.DOTALL | re.IGNORECASE)) \
            is not None and not re.search(r"(^|\s)[(\[]?[a-e][).\]]\s", tail.group("after"), re.IGNORECASE) and all(
            STATES.search(s) or aside(s) for s in _SEGMENT_END.split(tail.group("after"))):
        asked, after = tail.group("asked"), tail.group("after")  # "... the largest lesion? Liver is clear.": history
    segments = _SEGMENT_END.split(_DASH.sub(": ", asked))  # a dash sets a label apart as a colon does
    start = next((i for i, s in enumerate(segments) if (ASKS.match(s) or s.rstrip().endswith("?") or OPTIONS_AFTER.search(s))
                  and not ANSWER_FORMAT.match(s) and not HEADING.match(s)), None)  # "...; please answer yes or no.": how to answer, the question is
    # before it; "... anything focal? (1) yes (2) no": the question with its options
    if start and start > 1 and _topic_label(segments[start - 1]) and not extract(segments[start]).organs and not TAG_QUESTION.search(
            segments[start]):  # "Spleen 290 cc, pancreas normal. Kidneys - something there?": the label names the
        start -= 1  # organ the ask does not ("Largest hepatic lesion - not a cyst, is it?" confirms a statement of it)
    if start is None or (not start and not after) or len(segments) + bool(after) < 2:
        return "", text  # one sentence, no asking sentence, or the text opens with one
    return " ".join([*segments[:start], after]).strip(), " ".join(segments[start:])


TOPIC = re.compile(r"\b(segments?|lobes?|head|neck|body|tail|uncinate|left|right|lesions?|tumou?rs?|mass(es)?|"
                   r"cysts?|nodules?|metasta\w*|primary|(steatosis|fat|size|splenomegaly) (grade|grading|category|band))\b",
                   re.IGNORECASE)
"""A leading label naming a place, a lesion or a graded finding ("Segment 8:", "Pancreatic tail lesion:", "Liver steatosis
grade -") is the question's topic."""


SET_ASIDE = re.compile(r"\b(not (asking|interested|worried|concerned|looking) (about|in|with|at|for)|never mind|ignor\w*|"
                       r"disregard\w*|(leaving|setting|putting) (\w+ ){0,3}aside|forget (about )?|not (about|for) the)\b",
                       re.IGNORECASE)
"""A leading sentence that sets something aside ("Not asking about liver mets here -", "Never mind the kidneys."):
what it names is not asked."""
FOCUS = re.compile(r"\b(only|just|solely|specifically|mainly|purely)\b(?P<rest>[^,.;:?!]*)", re.IGNORECASE)
"""A leading sentence that says which organ is asked ("..., but I only need the spleen:", "just the kidneys here.")."""


def focus_organ(context: str) -> str | None:
    """The one organ a leading sentence says the question is about ("I only need the spleen"), else None."""
    named = [o for m in FOCUS.finditer(context) for o in extract(m.group("rest")).organs]
    return named[0] if len(set(named)) == 1 else None


EVIDENCE_ASKED = re.compile(r"^\s*(?:any|is there|are there|do you see|can you see|what)\s+(?:\w+\s+){0,2}(?:evidence|signs?|"
                            r"features?|findings?|support)\b(?!\s+(?:of|for)\b)", re.IGNORECASE)
"""Evidence asked with no finding of its own ("PHTN: any evidence on this study ...?"): the label names the finding."""


NEIGHBOUR_LABEL = re.compile(r"\b(nearest|closest|adjacent|neighbou?r\w*|abutt\w*|touch\w*|contacts?)\b", re.IGNORECASE)
"""A label asking what lies next to a finding ("nearest neighbouring organ:"); its options follow it."""


def part_of_question(context: str, question: str) -> bool:
    """Whether a leading sentence is part of the question: options offered, a topic label, a basis or rule, or an
    earlier study before a question asking a change; never a sentence that sets something aside."""
    if SET_ASIDE.search(context):
        return False
    if context.endswith(":") and re.search(r"\b(or|versus|vs)\b", context):
        return True  # "Resectable, borderline or unresectable: which applies?" offers the options
    if context.endswith(":") and len(context.split()) <= 6 and TOPIC.search(context) and not STATES.search(context):
        return True  # "Segment VIII: number of liver lesions there?": the label says where
    if context.endswith(":") and len(context.split()) <= 5 and NEIGHBOUR_LABEL.search(context) and not STATES.search(context):
        return True  # "Pancreatic tail lesion: nearest neighbouring organ - spleen or left kidney?": the label asks
    if context.endswith(":") and len(context.split()) <= 2 and len(extract(context).organs) == 1 \
            and not STATES.search(context):
        return True  # "Pancreas: anything focal?" ("What about the pancreas - ...?"): the label names the organ asked
    if re.search(NOT_THIS_PATIENT, context, re.IGNORECASE):
        return True  # "Just in general, not about me: how big is a spleen?": the label says whom the question is about
    if context.endswith(":") and (FINDING.search(context) or TOPIC.search(context)) and EVIDENCE_ASKED.search(question):
        return True  # "Portal hypertension: any evidence on this study?": the label names the finding asked
    asked = NOT_A_CHANGE.sub(" ", question)  # "bigger than normal" holds an organ against normal, not against before
    if FOLLOWED.search(context) and CHANGE.search(asked):
        return True
    if QUOTED_REPORT.search(context) or REPORTED_FINDING.search(context):
        return False  # "Prior read: 'right renal cyst 12 mm.' Is there a solid mass ...?": the quoted words are history
    return bool(KEEP.search(context) or (STATED.search(context) and not elsewhere(context, question)))


STATED = re.compile(r"\d\s*(ml|cc|cm|mm|hu|%|cm³)(?![a-z])", re.IGNORECASE)
"""A measurement stated in a leading sentence ("Liver 1800 cc.", "Portal vein 16 mm.")."""


QUANTITY_WORDS = re.compile(r"\b(volume|size|diameter|hu|attenuation|density|burden|sum|baseline|prior|previous|nadir|"
                            r"measured|lesions?|tumou?rs?|ratio|index)\b", re.IGNORECASE)
"""Words that make a stated value one of the case's measurements, not a laboratory value."""


def elsewhere(context: str, question: str) -> bool:
    """Whether a leading sentence's stated values are of other organs than the one the question asks about ("Liver
    1500 mL, spleen 250 mL. What is the mean density of the spleen?" reads the spleen; "Liver 1800 cc. By how many cc do
    the kidneys differ?" the kidneys): a value given in passing, not the question's subject."""
    asked = set(extract(question).organs)
    if asked and not extract(context).organs and not QUANTITY_WORDS.search(context):
        return True  # "Type 1 diabetes, HbA1c 8.1%. How big is the pancreas?": a laboratory value, of no organ
    return bool(asked) and not set(extract(context).organs) <= asked


def needs_context(context: str, question: str) -> bool:
    """Whether the question is read with its context (see the module docstring)."""
    if not context:
        return False
    if part_of_question(context, question):
        return True
    if re.match(r"\s*(which|what) (one|of them|of these)\b", question, re.IGNORECASE):
        return True  # "The series has 80 slices. Which one shows ...?": one of what the context names
    named = extract(question)
    terse = len(question.split()) < 3 and not named.lesion_kinds and not FINDING.search(question)  # "How many?";
    # "hepatic mets?" and "Splenomegaly?" name their subject
    return bool(terse or not named.organs or (POINTS_BACK.search(question) and not named.lesion_kinds and not re.search(
        r"\b(the )?(larger|bigger|smaller|largest|biggest|smallest) one\b", question, re.IGNORECASE)))  # "which kidney is the
    # bigger one?" names what "one" is


STATED_QUANTITY = re.compile(r"\b[\w/-]*(liver|hepat|splen|spleen|pancrea|kidney|renal|l/s|p/s)[\w/-]*( [\w/-]+)? (ratio|index|"
                             r"volume|attenuation|density|hu)\b", re.IGNORECASE)
"""An organ's quantity stated with its value in the history ("the liver-to-spleen ratio at 0.8"): what "it" then
points to ("What does it measure here?")."""
COMPUTED = re.compile(r"\b(compute|calculate|work out|derive)\b", re.IGNORECASE)
"""A verb whose object is a quantity, never an organ ("can you compute it?")."""


WHERE_IN = re.compile(r"\b(where|which|what) (\w+ ){0,2}(part|segment|lobe|side|region|portion|section|half)s?\b[^?]*\b"
                      r"(it|they)\b|\b(is|are) (it|they) (in|located|situated|sitting|lying)\b", re.IGNORECASE)
"""A place asked of "it" ("Which part of the liver is it in?"): "it" is a finding the history names, never the organ."""


ECHO = re.compile(r"^\s*(is|are|does|do|has|have|was|were) (it|they|that|this)( so| the case)?\s*\?\s*$", re.IGNORECASE)
REPORTED = re.compile(r"\b(whether|if)\s+[^.?!;]+", re.IGNORECASE)
"""A question asked back only by a pronoun ("Is it?") after a question reported in the history ("She asked whether the
spleen is normal-sized"): the reported question says the polarity."""


QUOTED_REPORT = re.compile(r"\b(prior|previous|earlier|old|outside|external|last|report\w*|read|impression|said|says|"
                           r"stated|wrote|dictated)\b[^'\"‘“]{0,40}['\"‘“][^'\"’”]{3,}['\"’”]", re.IGNORECASE)
"""An earlier report's words quoted ("Prior: 'pancreatic tail cyst 18 mm'", "the CT said 'renal lesion'"): history, not
the question's own words (unless the question asks a change since, read before this)."""
REPORTED_FINDING = re.compile(r"\b(report\w*|read|reading|impression|note|letter|referral|radiologist|clinician|doctor|"
                              r"surgeon|oncologist|gp|team|ultrasound|us|mri|ct)\b[^.?!;:]{0,30}\b(called|calls|said|says|"
                              r"described|describes|noted|notes|mentioned|mentions|reported|reports|documented|labell?ed|"
                              r"thought|suggested|suggests)\b", re.IGNORECASE)
"""An earlier report's words told without quotes ("Outside report called it a 4 cm renal lesion.", "The referral note
says a 2 cm pancreatic cyst."): history too, whose size and words ("called", "defined") are not the question's."""


THERE_ASKED = re.compile(r"^\W*(?:so\s+|and\s+|but\s+)?(?:is|are)\s+(?:it|they)\s+(?:really\s+|actually\s+)?(?:there|"
                         r"present|seen|visible|found)\b|^\W*(?:do|did|can)\s+(?:you|they|we)\s+(?:see|find)\s+(?:it|them)\b|"
                         r"^\W*(?:(?:can|could) you\s+|please\s+)?(?:confirm|verify|check)\s+(?:that\s+)?(?:it'?s|it is|they'?re|"
                         r"they are)\s+(?:really\s+|actually\s+)?(?:there|present|real)\b",
                         re.IGNORECASE)
"""Whether a finding the history names is there ("is it there or not?", "can you see it?", "can you confirm it's
there?"): its presence asked."""
GLAND = re.compile(r"\b(this|the|that|her|his) (gland|organ)\b", re.IGNORECASE)
"""A question pointing back to the one organ its history names ("is this gland steatotic?")."""


CONFIRM_TAG = re.compile(r"^\W*(?:please\s+)?(?:confirm(?:ar)?|verify|agreed?|correct|right|true|true or false|false or true|"
                         r"is (?:that|this|it) (?:right|correct|true|so)|do you agree|can you confirm|yes or no|ok(?:ay)?)"
                         r"\W*$", re.IGNORECASE)
"""A tag after a statement asking to confirm it ("No PNET. Confirm.", "... - true or false?"): the statement is asked."""


CONFIRM_OR = re.compile(r"^\W*(?:please\s+)?(?:confirm|verify|agree|correct|right)\w*\W*,?\s*or\b", re.IGNORECASE)
"""A tag asking to confirm a statement or give its alternative ("confirm, or is it the right?")."""


def question_of(text: str) -> tuple[str, str]:
    """What understanding reads for the task and entities, and the asking sentences for polarity.

    A question that points back with `it`/`its` has the pronoun resolved from its history ("Incidental left
    renal lesion. What is its volume?" reads "What is the left renal lesion's volume?").

    Args:
        text: the question as typed (cleaned).

    Returns:
        (read, asking): `read` is the question without a history it does not need, else the whole text.
    """
    if re.search(r"\b(kidneys?|renal)\b", text, re.IGNORECASE):  # "Assuming the left kidney is normal, what is the mean
        text = re.sub(r"\b(the|of|in|on) (left|right) one\b", r"\1 \2 kidney", text, flags=re.IGNORECASE)  # HU of the
        # right one?": the other kidney, the one paired organ
    context, question = split_context(text)
    if not context or CONFIRM_TAG.match(question) or CONFIRM_OR.match(question):  # "No lesion in the spleen. Confirm?":
        # the statement is what is asked ("Left kidney looks bigger to me - confirm, or is it the right?": with its other)
        return text, text
    named = list(dict.fromkeys(extract(context).organs))
    if PASTED_REPORT.match(context) and not CHANGE.search(question) and not POINTS_BACK.search(question):  # the report's
        # words are history (a change since
        asked = Q_LABEL.sub("", question)  # it is read with it, `longitudinal`); "how many of them", "is it" point back
        found = list(re.finditer(r"\b(?:[\w-]+\s+)?(?:lesion|tumou?r|mass|cyst|nodule|metastas[ie]|focus|foci)\w*", context,
                                 re.IGNORECASE))
        if found and not extract(asked).lesion_kinds and re.search(r"\bhow many\b(?=\s+(?:are|were|is|there|do|does|did|can|of|in|on|within)\b|\s*\?)", asked,
                                                                      re.IGNORECASE):
            asked = re.sub(r"\bhow many\b", f"how many {found[-1].group(0)}", asked, count=1, flags=re.IGNORECASE)  # "How
            return asked, question  # many are there in the left kidney?": of the lesions the report names
        if PRONOUN.search(asked):  # to the finding it names
            return resolve_pronouns(asked, context), question
        if extract(asked).organs or len(named) != 1:
            return asked, question
        return f"{named[0]}: {asked}", question
    if GLAND.search(question) and not extract(question).organs and len(named) == 1:  # "Fatty pancreas raises the risk
        question = GLAND.sub(f"the {named[0]}", question, count=1)  # - is this gland steatotic?": the pancreas
        text = f"{context} {question}"
    focus = focus_organ(context)
    if focus is not None and not extract(question).organs:  # "The liver is big too, but I only need the spleen: is
        read = resolve_pronouns(question, f"the {focus}") if PRONOUN.search(question) else f"{focus}: {question}"
        return read, question  # it enlarged?" asks about the spleen
    if PRONOUN.search(question) and len(question.split()) <= 3:  # "... the whole-liver volume - what is it?": the
        reported = REPORTED.search(context)  # history is the question; "... asked whether the spleen is normal-sized
        return text, reported.group(0) if reported and ECHO.match(question) else question  # ... Is it?": its polarity
    if PRONOUN.search(question) and WHERE_IN.search(question) and extract(question).organs and not \
            extract(question).lesion_kinds and extract(context).lesion_kinds and not part_of_question(context, question):  # "... the biggest spot in my liver decides the operation. Which part of the
        return resolve_pronouns(question, context), question  # liver is it in?": "it" is the lesion, not the liver
    if PRONOUN.search(question) and THERE_ASKED.match(question) and extract(context).lesion_kinds:
        return text, question  # "... checking for pancreas cancer, adenocarcinoma. is it there or not?": the finding's
    named_first = extract(PRONOUN.split(question, 1)[0]).organs  # "...; what about the liver - is it enlarged?"
    if PRONOUN.search(question) and not named_first and not part_of_question(context, question):
        named = [s for s in _SEGMENT_END.split(_DASH.sub(": ", context)) if extract(s).organs]
        quantity = STATED_QUANTITY.search(named[-1]) if named and (re.search(r"\d", named[-1]) or COMPUTED.search(
            question)) else None  # "... wants the P/S index for their study - can you compute it?": a quantity computed
        if quantity is not None and not extract(question).lesion_kinds:  # "An outside CT put the L/S ratio at 0.8. What
            return re.sub(r"\bit\b", f"the {quantity.group(0)}", question, count=1), question  # does it measure here?"
        return resolve_pronouns(question, named[-1] if named else context), question  # the nearest organ named
    if not needs_context(context, question):
        return question, question
    kept = [s for s in _SEGMENT_END.split(_DASH.sub(": ", context)) if part_of_question(s, question)]
    if kept and kept != [context] and extract(" ".join([*kept, question])).organs:  # "Pancreas and liver fine. Right
        return " ".join([*kept, question]), question  # kidney - tumour present?": the label asks, the statement does not
    return text, question
