"""A question plainly about a rule in general, not about this patient's image.

Read by the patient-or-rule gate (`questions.gates`) and by understanding for each part of a
multi-part question. A rule question states a hypothetical value, asks what a rule is, defines,
counts the parts of a scale, or names a generic instance ("a pancreatic cyst", "in a normal adult");
a deictic word or a definite finding of this patient ("the pancreatic tumor", "this", "here") makes
it a question about the patient.
"""

from __future__ import annotations

import re

from questions.cues import IMPERATIVE, LESION_WORDS
from questions.stated_rules import stated_thresholds

__all__ = ["THIS_CASE", "VIGNETTE", "asks_general_rule", "plainly_general", "explains_finding", "measured_against_rule", "outside_own_rule"]

# A question plainly about a rule in general: it states a hypothetical value or asks what a rule is.
HYPOTHETICAL = (r"\b(if|suppose|when|assuming|hypothetical\w*)\b(?! (it|it's|its|this|these|they|the patient)\b)[^?]{0,60}\b\d+(\.\d+)?\s*(ml|cc|cm|mm|hu|%|cm³)|"
                r"\b(measures|measuring|corresponds? to) (a |an )?(\w+ ){0,3}\d+(\.\d+)?\s*(ml|cc|cm|mm|hu|%|cm³)")
ASKS_RULE = (r"^\s*(what|which|how|when|above|below|at what|in general)\b[^?]{0,80}\b(defin\w*|threshold|cut-?off|"
             r"criteri\w*|counts? as|considered|called|regarded|classed|separates|separating|distinguish\w*|normal (\w+ )?(range|"
             r"size|value|volume|attenuation|density|hu|diameter|ratio)|corresponds?|qualif\w*|typical\w*|measured|indicates?|"
             r"difference between (\w+ )?(mild|moderate|severe|grade|stage|t\d|simple|indeterminate)|(upper|lower) limit|(upper |lower )?size limits?|limit (of|for)|no longer|cut-?points?|"
             r"reference (range|value)s?|minimum (size|diameter|volume)|measurable|(usual|typical|expected) (\w+ )?range|"
             r"(t[0-4][a-c]?|stage \w+|grade \w+) (size |diameter |volume |hu )?(range|band|bracket|interval)|"
             r"(grading|staging|classification|scoring) (scale|system|scheme))\b|"
             r"\b(classification|criteria|definition|grading|staging) (of|for) (\w+ )?(?!pancreas\b)(?!\w+(sis|ss|us)\b)\w+s\b|\b(what|which) (rule|rules|criterion)\b|"
             r"^\s*(the )?(normal|usual|typical|reference|expected) (\w+ ){0,3}(range|values?|limits?|cut-?offs?|thresholds?)\b")
# A value asked as what a rule calls suggestive: "What caudate-to-right-lobe ratio is suggestive of portal hypertension?",
# "Below which liver HU is steatosis suggested?" (the quantity is in the question phrase, not "what does the ... suggest").
RULE_VALUE = (r"^\s*(what|which|above|below|under|over|at what)\b ((?!(does|do|is|are|the)\b)[\w/-]+ ){0,4}?(value|volume|"
              r"size|hu|level|diameter|ratio|attenuation|density|index)\b[^?]{0,60}\b(suggest\w*|indicative|diagnos\w*|"
              r"warrants?|qualif\w*|defined|considered|called|met)\b")
# Counting the parts of a rule or of anatomy, not lesions: "How many Couinaud segments are there in the liver?"
COUNTS_PARTS = (r"^\s*how many (\w+ ){0,2}(segments|lobes|grades|stages|categories|classes|types|bands|criteria|"
                r"sections) (are there|does|do|exist|make up|in)\b")
# A generic instance: "a pancreatic cyst", "an organ", "a PNET" in a what/when/how question; not one an organ of this
# patient holds ("Which fits: the pancreas has a focal lesion or ...?"), nor one asked after a colon or dash ("What do we
# have in the liver - any lesion at all?": this liver's).
GENERIC_INSTANCE = (r"^\s*(what|which|when|how|why)\b(?! about)[^?:;]{0,80}\b(?<!has )(?<!have )(?<!contains )(?<!shows )"
                    r"(a|an|any) ((pancreatic|pancreas|renal|kidney|"
                    r"hepatic|liver|splenic|solid|cystic|simple|mucinous|focal|target|measurable|non-target|new) ){0,2}(cysts?|lesions?|mass|"
                    r"tumou?rs?|kidney|liver|spleen|pancreas|pnet|pdac|organ|patient)\b")
# A value with an indefinite article asked about as a rule: "what does a caudate-to-right-lobe ratio above 0.65 suggest?"
HYPOTHETICAL_RATIO = (r"\b(an?|any) [\w/ -]{0,40}?\b(above|below|over|under|exceeding|greater than|less than|of) ?"
                      r"\d+(\.\d+)?\b[^?]{0,40}\b(suggests?|indicates?|means?|impl(y|ies)|signif\w*|corresponds?|counts? as|"
                      r"qualif\w*|considered|classified)\b")
# A sentence adverb that makes any question general: "Typically, does a hyperenhancing mass suggest PNET?"
GENERIC_ADVERB = (r"^\s*(typically|usually|classically)\b|\b(generally|in general|as a rule|in principle|in most cases|"
                  r"(as an? |by the |per the |in the )?textbooks?( rule| definition| value)?|rule of thumb|(commonly|usually|"
                  r"often|widely|classically|typically) (cited|quoted|given|accepted|used as)|(cited|quoted) in the literature)\b|"
                  r"\b(in|for) (a|an) (normal|healthy|average|typical|standard) (\w+ )?(adults?|persons?|patients?|"
                  r"individuals?|men|women|man|woman|population)\b")
NOT_THIS_PATIENT = (r"\bnot (about|regarding|for|specific to|related to|asking about|concerning) (me|myself|my (own )?"
                    r"(scan|ct|case|results?|images?|study)|this (patient|case|scan|study|ct)|our patient|the patient|"
                    r"any (one |particular |specific )?(patient|case|scan))\b|\b(just|purely|only|asking|speaking|talking) "
                    r"(in general|generally|hypothetically|in theory|theoretically|out of (interest|curiosity))\b|"
                    r"\b(general (question|knowledge( question)?)|in general terms|generally speaking)\b|\bnot (about |for )?(this|my|our|"
                    r"the patient's) (scan|patient|case|ct|study|images?)\b|\bnot (about|regarding) (a|any) "
                    r"(scan|patient|case|study|image)\b")
"""A question said not to be about this patient ("Just in general, not about me: ...", "purely hypothetically"): a
rule, whatever patient words follow."""
EXAM_STEM = (r"\ball (of )?the following\b[^?]*\b(except|but)\b\s*[:?.]?|\bexcept\s*[:?.]?\s*$|"
             r"\bwhich (of the following |one of these )?(statements?|options?|answers?|descriptions?) (about|regarding|concerning|"
             r"on|of|describing) (the )?(recist|ajcc|tnm|bosniak|li-?rads|couinaud|fukuoka|who|[\w -]{0,30}\b(criteri\w*|"
             r"classifications?|guidelines?|staging|edition|system|scheme|anatomy|definitions?))\b[^?]*\b(is|are) (true|"
             r"correct|false|incorrect|accurate|right|wrong)\b")
"""An examination stem ("All of the following are ... EXCEPT:", "Which statement about RECIST 1.1 is true?"): a rule's
facts, not this patient's image (a statement about this patient's organ names no rule: "Which statement about the
left kidney is true?")."""
VIGNETTE = (r"\b(an?|any) ((pancreatic|pancreas|renal|kidney|hepatic|liver|splenic|solid|cystic|simple|colonic|colon) ){0,2}"
            r"(cyst|lesion|mass|tumou?r|nodule|kidney|liver|spleen|pancreas)s? (\w+ ){0,3}(of|measuring|larger than|"
            r"smaller than|over|under|above|below|greater than|less than|>|<) ?\d+(\.\d+)? ?(ml|cc|cm|mm|hu|%|cm³)\b")
"""A generic finding with a stated size ("a pancreatic tumour larger than 4 cm"): a textbook vignette."""


EXPLAINS_RULE = (r"^\s*(please )?(explain|describe|list|summari[sz]e|outline)\b[^?]{0,40}\b(stigmata|criteria|classification|"
                 r"system|staging|definitions?|features|categories|grades|thresholds?|cut-?offs?|guidelines?|rules?)\b|"
                 r"(^|[:.]\s*)(please )?(define|give (me )?the definition of)\b")
"""An order to explain a rule itself ("Explain the Fukuoka high-risk stigmata for IPMN.", "Teaching question: define
borderline resectable pancreatic cancer by vessel involvement."), not to describe this image's
finding (`THIS_CASE` words keep it the patient's)."""


REMIND = re.compile(r"\bremind me\b,?\s*(?=(what|which|how|when|at what|above|below)\b)")
"""A reminder asked ("remind me, how much must ... grow to count as PD?"): what follows is read for a rule."""


def plainly_general(low: str) -> bool:
    """Whether a question says itself it is not about this patient, or is an examination stem (`NOT_THIS_PATIENT`,
    `EXAM_STEM`); an examination stem about this patient's finding ("The pancreatic tumour contacts all of the following
    EXCEPT:") asks the image."""
    reminded = REMIND.search(low)
    if reminded is not None and _asks_general_rule(low[reminded.end():]):
        return True  # "Before I open this follow-up scan - remind me, how much must the sum grow to count as PD?"
    return bool(re.search(NOT_THIS_PATIENT, low) or ((re.search(EXAM_STEM, low) or re.search(EXPLAINS_RULE, low))
                                                      and not re.search(THIS_CASE, low) and not
                                                      re.search(r"\b(my|our patient|today)\b", low)))


# A value given in the question and asked about as a rule: "Is a liver volume of 2000 cc considered enlarged?"
STATED_VALUE = (r"\b(an?|the) [\w -]{0,30}\b(of|at|above|below|over|under|beyond|exceeding|(less|greater|more) than) "
                r"\d+(\.\d+)?\s*(ml|cc|cm|mm|hu|%|cm³)[^?]{0,40}"
                r"\b(considered|regarded|counts? as|called|normal|enlarged|atroph\w*|abnormal|mean|suggest)")
# Anatomy, not this patient's lesions: "Which Couinaud segment is the caudate lobe?", "What segments make up the right lobe?"
ANATOMY = (r"^\s*(which|what) (couinaud |hepatic |liver )?(segments?|lobes?|sectors?|sections?) (is|are|forms?|makes? up|"
           r"constitutes?|corresponds? to|belongs? to|compris\w*|lies? in) (the )?(\w+ ){0,2}(lobe|segment|sector|section|"
           r"part|portion)s?\b|\b(lobe|segment|sector|section)s? (is|are|corresponds? to|belongs? to) (which|what) "
           r"(couinaud )?(segments?|lobes?|sectors?|sections?)\b")
# Deictic words that tie a question to this patient's image (stricter than `PATIENT`).
THIS_CASE = (r"\b(this|these|the patient|patient's|here|visible|seen|present|(should|must|will) (it|they)|on (the|this) (scan|ct|study|image)|"
             r"in (the|this) (scan|ct|study|image)|the (\w+ ){0,2}(lesion|tumou?r|mass|cyst|nodule|pdac|pnet)s?|(is|are|lies|"
             r"sits) (in|within) the)\b|" + r"\b(is|was|are|were|been|gets?) measured (for|in|on|at|within|over) (the|this|her|his|my|"
             r"our|both|each) (\w+ ){0,3}(liver|spleen|kidneys?|pancreas|gall ?bladder|stomach|colon|aorta|vena cava|"
             r"postcava|organs?|lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metastas[ie]s)\b")
"""Deictic words that tie a question to this patient's image: a definite finding ("the pancreatic tumor"), "is in the
right kidney", "this", "here", a value "measured for the spleen" (stricter than `PATIENT`)."""


AGAINST_NORMAL = (r"\b(above|exceed\w*|beyond|outside|over|under|below|within|(greater|larger|bigger|smaller|less|more) "
                  r"than)( the)?( upper| lower)?( limits? of)?( the)? (normal|reference|expected)( limits?| range| size| "
                  r"values?| volume)?\b|\b(upper|lower) limit of normal\b|\b(exceed\w*|above|below|under|over|beyond|reach\w*|cross\w*|"
                  r"pass\w*|meets?) (the|a|an|our|this|that) ([\w.,/-]+ ){0,6}(threshold|cut-?off|limit|criterion)\b")
MEETS = r"\b(meets?|meeting|fulfil+s?|fulfil+ing|satisf(y|ies|ying)|qualif(y|ies) for)\b"


def measured_against_rule(opening: str) -> bool:
    """Whether a question holds an organ or finding against a rule rather than asking the rule: "Right kidney larger
    than the normal range?", "Does the pancreas meet CT criteria for steatosis?" (no question word asks what the
    range or the criteria are)."""
    if re.match(r"\s*(what|which|how|when|why|define|explain|list|name)\b", opening):
        return False
    return bool(re.search(AGAINST_NORMAL, opening) or re.search(MEETS, opening))


EXPLAINED = (r"^\s*(please |can you |could you |would you )?explain\w*( to me| for me)?,? (whether|if|which|how (much|many|big|"
             r"large|severe|far|bad)\b|why (the|this|my|her|his)\b|(what )?(the|this|my|her|his|both|these|our|its) (?!(\w+ )?("
             r"criteri|definition|difference|meaning|term|concept|rationale|principle|normal|usual|typical|reference|"
             r"threshold|cut-?off|classification|system|rule|guideline|scale|scheme|significance|mechanism|pathophysiolog)))")
""""Explain whether / which / how severe / the ... of this patient's finding": an order to read the image, not a rule;
"explain what steatosis is", "explain the criteria for ..." explain a rule."""


def explains_finding(low: str) -> bool:
    """Whether an "explain ..." question asks about this patient's finding ("explain which kidney is bigger", "explain
    the grade of the splenomegaly"), not a rule ("explain what a Bosniak IIF cyst means")."""
    return bool(re.match(EXPLAINED, low)) and not re.search(
        r"\b(criteri\w*|defin\w*|threshold|cut-?offs?|normal range|upper limit|lower limit|(is|are) (graded|classified|staged|"
        r"diagnosed|defined|measured|calculated)|what (an?|is) |mean(s|ing)?\b)", low)


LEADING_SOURCE = re.compile(r"^\s*(under|per|according to|in|by|using|with|following)\s+(the\s+)?[\w .\-/]{2,40}?"
                            r"(criteria|classification|system|guidelines?|edition|ajcc|recist(\s*1\.1)?|bosniak|li-?rads|"
                            r"tnm)?\s*,\s*")
"""A leading naming of the rule's source ("Under RECIST 1.1, what …", "In the Bosniak classification, which …"):
the question after it is read as it stands."""


def outside_own_rule(low: str) -> str:
    """The question without the parentheses that state the rule it applies to this image: "Which structure is in
    direct contact with the left kidney (no separating voxel)?", "What steatosis grade applies (worst grade met by
    either the liver HU or the L/S criterion)?", "Is there fatty liver (L/S below 0.8 indicates fatty liver)?". A
    parenthesis is the question's own rule when the question outside it asks about the image, not a rule, and the
    parenthesis says nothing general ("(in general)", "(typically)", "(general, not this case)"); else the text is returned as it is."""
    asked = _after_stated_rule(low)
    if asked is not None:
        return asked
    parts = re.findall(r"\([^()]*\)", low)
    outside = re.sub(r"\s+", " ", re.sub(r"\([^()]*\)", " ", low))
    if not parts or not re.search(r"\w", outside) or any(re.search(GENERIC_ADVERB, p) or re.search(NOT_THIS_PATIENT, p)
                                                          for p in parts):
        return low
    if any(stated_thresholds(p) for p in parts) or not _asks_general_rule(outside):
        return outside
    return low


PAST_VALUE = (r"\b(prior|previous|previously|earlier|baseline|ago|last (year|month|time|scan|study|exam|ct)|in (19|20)\d\d|"
              r"(19|20)\d\d (ct|mri|scan|study|exam))\b")
NOW = r"\b(now|today|currently|current|at present|this time|presently|on (this|the current|today's) (scan|ct|study|exam))\b"
"""A value the question states from an earlier study, and a question about today's: the stated value is history, not a
vignette asked about (`_asks_general_rule`)."""
_CLAUSE_BREAK = re.compile(r"[;:—–]\s*|\s-\s|[.,]\s+")
_ASKS = re.compile(r"\s*((and|so|then|now|tell me|please),? )?(is|are|does|do|has|have|did|was|were|which|what|how|where|"
                   r"should|can|could|would|will|grade|stage|classify|class)\b")


MEANING_OF_IT = (r"\b(that|this|it|such an?( \w+)?)\b[^?]{0,20}\b(mean|means|meaning|signif\w*|indicat\w*|impl\w*|"
                 r"suggest\w*)\b|\b(significance|meaning|implications?) of (that|this|it)\b")
"""The question after a stated threshold asks what the threshold itself means ("Tumour burden over 50% - what does that
mean clinically?"): a rule in general, not the patient."""


def _after_stated_rule(low: str) -> str | None:
    """The question after a leading clause that states the rule it applies ("If the kidney is above 260 cm3 we call
    it enlarged: is the left kidney enlarged?", "Mild 314.5-500, moderate 500-800, severe >800 mL: grade this spleen.",
    "A liver-spleen ratio under 1.0 means steatosis — does our patient meet that?"), or None. A leading clause states
    a rule when it holds a threshold with its unit (`stated_thresholds`), not a value measured ("If a spleen measures
    600 mL, what grade is that?" keeps its clause); the question after it must not itself ask a rule."""
    for brk in reversed(list(_CLAUSE_BREAK.finditer(low))):
        head, tail = low[:brk.start()], low[brk.end():]
        if not _ASKS.match(tail) or not re.search(r"\w", tail):
            continue
        if stated_thresholds(head) and not _asks_general_rule(tail) and not re.search(GENERIC_ADVERB, low) \
                and not re.search(MEANING_OF_IT, tail):
            return tail
        return None
    return None


def asks_general_rule(low: str) -> bool:
    """A question plainly about a rule in general, not about this patient's image (a leading "Under RECIST 1.1,"
    is read past; a leading label is read as the topic of the question after it; a parenthesis stating the rule the
    question applies is the question's own, `outside_own_rule`)."""
    low = outside_own_rule(low)
    if plainly_general(low):
        return True  # "Just in general, not about me: ...", "All of the following ... EXCEPT:"
    stripped = LEADING_SOURCE.sub("", low, count=1)
    if stripped != low and _asks_general_rule(stripped):
        return True
    label = re.match(r"\s*([^:?]{3,40}?)(:|\s[-–—])\s*(?=(what|which|how)\b)", low)
    if label and _asks_general_rule(f"{low[label.end():].rstrip(' ?')} {label.group(1)}"):
        return True  # "Normal kidney volume: what is the usual range?"
    return _asks_general_rule(low)


RULE_NAMES = r"(recist|ajcc|tnm|bosniak|li-?rads|couinaud|fukuoka|nccn|who|mayo|ct severity index|balthazar)"
NAMED_RULE_ASKED = re.compile(
    rf"^\s*(what('s| is| are)|explain|define|describe)( the)? {RULE_NAMES}( (classification|criteria|staging|system|score|"
    r"scale|version|edition|v?\d[\w.]*))*\s*\??\s*$|"
    rf"\bwhat (does|do) (an? |the )?[\w-]+( [\w-]+)? (mean|stand for|signify|denote)\b[^?]{{0,40}}\b({RULE_NAMES}|staging|"
    r"classification|criteria|system|scale|guidelines?)\b|"
    r"\b(partial response|complete response|progressive disease|stable disease|progression|cr|pr|sd|pd|t[0-4][a-c]?|bosniak [iv1-4]+f?|"
    r"grade [1-4i]+|stage [0-4iv]+[a-c]?)\s+(means|is defined as|requires|corresponds to)\b|"
    r"^\s*(what (is|are) )?(the )?(normal|usual|typical|reference)( (adult|human|healthy|average|male|female))? ([\w-]+ ){0,3}"
    r"(ratio|values?|ranges?|volumes?|size|hu|attenuation|density|diameter|limits?)( (is|are|of|for)\b[^?:]{0,40})?( (roughly|"
    r"approximately|about|around|typically|usually))?\s*[:?]?\s*$")
"""A rule asked by name ("What is RECIST 1.1?", "What does T4 mean in the AJCC staging?"), a category defined ("Partial
response means a decrease of at least:") or a reference value stated as the topic ("Normal adult spleen volume is
roughly:", "Normal values for the liver volume?"): what the rule says, not this patient's image."""


TERM_MEANING = (r"^\s*what (does|do) (the )?(term |word |phrase |finding )?['\"‘“]?(?!you\b|i\b|we\b)[\w /-]{2,30}?['\"’”]? (mean|"
                r"signify|denote|refer to)(\s+(on|in|for) [\w ]{1,20})?\s*[?.]?\s*$|\b(definition|meaning) (of |the )(an? |the )?[\w -]{2,30}|^\s*(what is|what's) (the )?(definition|meaning) "
                r"\b|^\s*what (is|are) an? (bosniak|li-?rads|ipmn|pnet|pdac|pseudocyst|mucinous|simple cyst|t[0-4][a-c]?|stage|"
                r"grade|[\w-]+attenuating)\b")
"""A word or category asked for its meaning ("What does 'hypoattenuating' mean on CT?", "definition of splenomegaly",
"What is a Bosniak IIF cyst?"): a rule's words, not this patient's image."""


def names_rule_itself(low: str) -> bool:
    """Whether a question asks a named rule, a category's definition or a reference value itself (`NAMED_RULE_ASKED`)."""
    return bool(NAMED_RULE_ASKED.search(low))


def _asks_general_rule(low: str) -> bool:
    if re.match(r"\s*(define|explain|describe how|(list|name) the ([\w-]+ ){0,3}(criteria|grades|stages|categories|types|"
                r"thresholds|cut-?offs|features|findings|signs|classes|bands|rules))\b", low) and not re.search(THIS_CASE, low) \
            and not explains_finding(low):
        return True  # "Define fatty pancreas by ...", "Explain how ... is classified": an order about a rule
    if re.match(r"\s*(how (is|are) [\w -]{1,40} (calculated|computed|defined|graded|classified|staged)|what are the "
                r"([\w-]+ ){0,4}(grades|stages|categories|criteria|cut-?offs|thresholds|bands|stigmata|features))\b", low) \
            and not re.search(THIS_CASE, low):
        return True
    if re.search(r"\b(does|do|did|would)\s+(the )?(recist|ajcc|bosniak|li-?rads|nccn|tnm|fleischner|who|guidelines?|criteria|"
                 r"classification)( \d+(\.\d+)?| \d+th( edition)?)?\s+(allow|permit|require|recommend|say|state|specify|define|"
                 r"mandate|count|consider)\w*\b", low) and not re.search(THIS_CASE, low):
        return True  # "How many target lesions per organ does RECIST 1.1 allow?": what the rule says
    if re.match(r"\s*what (is|are) (the )?(normal|usual|typical|expected) [\w -]{2,50}\b(ratio|value|range|volume|size|hu|"
                r"attenuation|density|diameter)s?\s*\??\s*$", low) and not re.search(THIS_CASE, low):
        return True  # "What is the normal liver-to-spleen attenuation ratio?": the reference, not this patient's value
    if re.search(r"\b(rule|criteri\w*|cut-?off|threshold|guidelines?)\b[^?]{0,40}\bwhere (does|do|did) (that|this|it|they) "
                 r"(come from|originate)\b", low):
        return True  # "The surgeon keeps quoting a '3 cm rule' for pancreatic cysts - where does that come from?": a rule's source
    if re.search(r"\b(stands? for|acronym|abbreviat\w*|short for)\b", low) and not re.search(r"\b(this|here|patient)\b", low):
        return True  # "What does the acronym PDAC mean?": a name, not this patient's finding
    if (re.search(COUNTS_PARTS, low) or re.search(ANATOMY, low)) and not re.search(LESION_WORDS, low):
        return True
    if re.search(r"\bwhat does (that|this|it) (mean|imply|indicate|signify|suggest)\b", low) and re.search(
            r"\d\s*(ml|cc|cm|mm|hu|%|cm³)", low):
        return True  # "Tumour burden over 50% - what does that mean clinically?": a stated value asked about
    if names_rule_itself(low) and not re.search(THIS_CASE, low):
        return True
    if re.search(TERM_MEANING, low) and not re.search(THIS_CASE, low) and not re.search(r"\b(my|our|her|his)\b", low):
        return True  # "What does 'hypoattenuating' mean on CT?", "Definition einer Splenomegalie?": a word's meaning
    if re.search(THIS_CASE, low) or re.match(IMPERATIVE, low):
        return False
    if re.search(RULE_VALUE, low) and not re.search(r"\bthe (largest|biggest|main|dominant|index)\b", low):
        return True
    if re.search(GENERIC_ADVERB, low):
        return True
    if re.search(PAST_VALUE, low) and re.search(NOW, low):
        return False  # "Prior study in 2024 reported a spleen of 290 mL; is there splenomegaly now?": today's image
    if re.search(HYPOTHETICAL, low) or re.search(STATED_VALUE, low) or re.search(HYPOTHETICAL_RATIO, low):
        return True
    if re.match(INTERPRETS_MEASURED, low) and not re.search(r"\d", low):
        return False  # "What does liver versus spleen attenuation indicate about hepatic fat?": this patient's reading
    return bool(re.search(ASKS_RULE, low) or re.search(GENERIC_INSTANCE, low))


INTERPRETS_MEASURED = (r"\s*what (does|do) (the |this |these |our |his |her |their )?(?!an? )[a-z][\w /-]{0,60}? "
                       r"(indicate|suggest|show|tell us|say|imply)\b")
"""A measurement of the image asked for its meaning, with no value of its own stated ("What does liver versus spleen
attenuation indicate about hepatic fat?"): the patient's reading, not a rule ("What does a ratio below 1 indicate?"
states a value, `STATED_VALUE` and friends)."""
