"""Clinical gates: score moves for what the embedder cannot know.

Each gate reads one aspect of the question (`Ask`) and moves the task scores:

- no lesion word, no lesion task (and a lesion word weakens organ-only tasks);
- a knowledge question needs a generic cue (threshold, criteria, normal range), losing to one on the patient;
- counting by location needs a location, an aggregation two organs or a summing word, a
  comparison of kidneys both sides, a burden comparison two organs;
- each category task needs its own words (staging, resection, clustering, adjacency, ...);
- choices constrain the form: numbers are not categories, categories are not numbers;
- the kind of answer asked (a grade or presence, one lesion among others, ...): `questions.gates_kind`;
- what is asked of a lesion group (one unlike the rest, its kind, a kidney mass characterised): `questions.gates_lesion`;
- organs ranked or pooled, the kidneys as a difference or a ratio: `questions.gates_organs`;
- the head of the question (presence, an entity, a noun phrase's head noun, kinds offered): `questions.gates_head`;
- the frame (explain + a finding, a tag to confirm, a template blank, a stated cut-off, arrows): `questions.gates_frame`.
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise
from questions.cues import (
    AGGREGATE,
    CATEGORY_LABELS,
    EQUAL_SIZE,
    GENERAL,
    IMPERATIVE,
    KNOWLEDGE,
    LESION_TASKS,
    LOCATION,
    LOPSIDED,
    NEAR,
    ONE_AND_OTHER,
    ORGAN_TASKS,
    PANCREATITIS_ORIGIN,
    PATIENT,
    RECHECKED,
    REPORT,
    RULE_QUERY,
)
from questions.gates_frame import GATES as FRAME_GATES
from questions.gates_head import GATES as HEAD_GATES
from questions.gates_kind import GATES as KIND_GATES
from questions.gates_kind import OFFERED, SLICE_ASK, SUBREGION, involvement_compared, largest_placed
from questions.gates_lesion import CHARACTERISED
from questions.gates_lesion import GATES as LESION_GATES
from questions.gates_measure import GATES as MEASURE_GATES
from questions.gates_measure import attenuation_words
from questions.gates_options import GATES as OPTION_GATES
from questions.gates_organs import GATES as ORGAN_GATES
from questions.intents import LESION_GROUP, extract
from questions.longitudinal import OTHER_MODALITY, TODAY_ONLY
from questions.rules import (
    INTERPRETS_MEASURED,
    LEADING_SOURCE,
    THIS_CASE,
    VIGNETTE,
    asks_general_rule,
    measured_against_rule,
    outside_own_rule,
    plainly_general,
)

__all__ = ["THIS_CASE", "apply", "asks_general_rule", "sub_segments"]


def sub_segments(text: str) -> list[str]:
    """The liver segments and pancreas parts a text names (no kidney sides), canonical, in order."""
    from questions.intents import locations_of

    return [p for p in locations_of(text) if not p.startswith("kidney_")]


def apply(scores: dict[str, float], ask: Ask) -> None:
    """All gates, in order; see the module docstring."""
    for gate in (lesion_words, patient_or_rule, follow_up, counting_and_aggregation, sides_and_burden, location_words,
                 category_words, numeric_words, attenuation_words, option_labels, *KIND_GATES, *MEASURE_GATES,
                 *LESION_GATES, *ORGAN_GATES, *HEAD_GATES, *FRAME_GATES, *OPTION_GATES, lesion_side, said_general):
        gate(scores, ask)


def said_general(scores: dict[str, float], ask: Ask) -> None:
    """A question that says it is not about this patient, an examination stem, or a textbook vignette under a named rule
    ("In the AJCC 8th edition, what T category is a pancreatic tumour larger than 4 cm?") is a knowledge question
    whatever its options weigh: they list a rule's categories, not this patient's findings."""
    low = outside_own_rule(ask.low)
    if KNOWLEDGE in scores and (plainly_general(low) or (re.search(VIGNETTE, low) and re.search(LEADING_SOURCE, low)
                                                         and not re.search(THIS_CASE, low))):
        scores[KNOWLEDGE] = max(scores.values()) + 0.05


def lesion_words(scores: dict[str, float], ask: Ask) -> None:
    """No lesion word, no lesion task; a lesion word weakens organ-only tasks."""
    if not ask.lesion_named:
        penalise(scores, LESION_TASKS, 0.25)
    else:
        penalise(scores, ORGAN_TASKS, 0.1)
    if re.search(r"\b(volume|volumetr\w*( \w+)?|size|diameter|hu|attenuation|density)( \([^()]*\))? of (the |an? |this |that )?"
                 r"(\w+ ){0,2}(mass|lesion|tumou?r|cyst|nodule)", ask.low):
        penalise(scores, ORGAN_TASKS, 0.1)  # the lesion is what is measured
        if re.search(r"\b(volume|volumetr\w*( \w+)?)( \([^()]*\))? of", ask.low):
            boost(scores, "lesion volume measurement", 0.08)
            if not re.search(r"\b(percent\w*|fraction|proportion|burden|share|occup\w*|replac\w*)\b|%", ask.low):
                penalise(scores, ("tumor burden percentage",), 0.08)  # the lesion's own volume, not its share
    elif ask.lesion_named and lesion_volume_asked(ask.low):
        boost(scores, "lesion volume measurement", 0.08)
        penalise(scores, ("organ volume measurement", "tumor burden percentage"), 0.08)


ORGAN_VOLUME = (r"\b(organ|liver|spleen|pancreas|kidneys?|renal|hepatic|splenic|pancreatic|total kidney)s? volume\b|"
                r"\bvolume of (the )?(liver|spleen|pancreas|kidneys?|organ)\b")


def lesion_volume_asked(low: str) -> bool:
    """A volume asked of the lesion the question names ("the lesion volume, not the organ volume", "give its volume"),
    not of an organ, a share or a comparison."""
    low = re.sub(r"\bnot (the |its )?[\w ]{0,20}volume\b", " ", low)  # "..., not the organ volume": set aside
    if not re.search(r"\b(volume|ml|cc|cm3|millilit\w*|cubic)\b|cm³", low) or re.search(ORGAN_VOLUME, low):
        return False
    return not re.search(r"\b(percent\w*|fraction|proportion|burden|share|which|compar\w*|more|most|versus|vs|"
                         r"total|sum|combined|changed?|grown)\b|%", low)


GRADE_OF_CASE = (r"\s*(what|which) (is|are|was) (the|its|their) ([\w()/-]+ ){0,4}(grade|stage|category|class|"
                 r"classification|severity)\b(?!.*\b(thresholds?|cut-?offs?|defin\w*|ranges?|means?|meaning|limits?|"
                 r"boundar\w*|criteria for)\b)(?<!\bdefinition of (grade|stage))")
"""The grade or stage of this case asked by a criterion ("What is the hepatic steatosis grade (G0-G3) by CT attenuation
criteria?"): the patient's category, not the rule in general (which asks its threshold, definition or range)."""


def patient_or_rule(scores: dict[str, float], ask: Ask) -> None:
    """A knowledge question needs a generic cue and loses to a question about this patient (a parenthesis stating
    the rule the question applies is no generic cue: `outside_own_rule`)."""
    low = outside_own_rule(ask.low)
    general = bool(re.search(GENERAL, low) or re.search(RULE_QUERY, low) or asks_general_rule(low))
    if not general:  # "here", "this patient" in the whole question weigh as they do beside a rule word
        penalise(scores, (KNOWLEDGE,), 0.35 if re.search(THIS_CASE, ask.low) or re.search(PATIENT, ask.low) else 0.3)
    elif re.match(GRADE_OF_CASE, low) and not re.search(r"\b(defin\w*|meaning|thresholds?|cut-?offs?)\b", low):
        penalise(scores, (KNOWLEDGE,), 0.45)  # "What is the hepatic steatosis grade by CT attenuation criteria?"
    elif re.match(RULE_LISTED, low) and not re.search(THIS_CASE, low) and not re.search(OWN_BODY, low):
        boost(scores, KNOWLEDGE, 0.45)  # "What are the AJCC 8th edition T-stage size cut-offs for pancreatic cancer?"
    elif re.search(OWN_BODY, low) or re.search(RECHECKED, low):  # "... quoted 500 mL - remeasure it": this patient's
        penalise(scores, (KNOWLEDGE,), 0.35)  # "how bad is the fat in my liver, on their grading scale?": the asker's
    elif asks_general_rule(low) and not re.search(OBSERVED_SUBJECT, low):
        boost(scores, KNOWLEDGE, 0.45)
    elif re.match(r"\s*(please )?(define|give the definition of|state the definition of)\b[^?]*\b(criteri\w*|rules?|"
                  r"thresholds?|cut-?offs?|terms?|grades?|grading|categor\w*|classification|stag\w*)\b", low) and not \
            re.search(r"\b(this|my|her|his|their|our)\b", low):
        boost(scores, KNOWLEDGE, 0.45)  # "Define the lesion outlier criterion.": the rule, an order though it is
    elif re.search(PATIENT, low) or re.search(THIS_CASE, low) or measured_against_rule(ask.opening) or re.match(
            IMPERATIVE, ask.opening) or re.match(r"\s*(is|are|does|do|has|have)\b", ask.opening) or re.search(
            r"\b(the|this|her|his) (\w+ ){0,2}(is|are|looks?|seems?) (not )?(of )?(a )?normal\b", low) or (
            re.match(INTERPRETS_MEASURED, low) and not re.search(r"\d", low)) or re.search(OBSERVED_SUBJECT, low):
        penalise(scores, (KNOWLEDGE,), 0.35)  # a criterion named on a question about this case
    elif applies_rule(low, ask):
        penalise(scores, (KNOWLEDGE,), 0.35)  # "Splenomegaly grade by volume thresholds?": the rule applied, not asked
    else:
        boost(scores, KNOWLEDGE, 0.1)
    whole = re.search(r"\b(full|complete|comprehensive|overall|whole|entire) ([\w-]+ )?(read|report|assessment|review|"
                      r"evaluation)\b|^\s*(please )?(read|review|interpret) (this|the) (abdominal )?(ct|scan|study)\b", low)
    if whole and not extract(whole.group(0)).organs:  # "complete abdominal read"; "overall liver assessment" is the liver's
        boost(scores, REPORT, 0.3)
    if not re.search(REPORT_WORDS, low):
        penalise(scores, (REPORT,), 0.2)  # "Any suspicious lesion in segment 7?" asks no report


SCREENED_FOR = (r"\b(screen\w*|check\w*|look\w*|search\w*|exclude|rule out|r/o|evaluat\w*)\b (\w+ ){0,4}?for (an? |any )?"
                r"([\w-]+ ){0,2}(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|cancers?|pdac|pnets?|carcinomas?|metasta\w*|"
                r"neoplasms?|malignan\w*)\b")
"""A search for a finding ordered ("Screen the pancreas for a neuroendocrine tumour"): whether it is there."""
RULE_LISTED = (r"\s*(what|which) (is|are|were) the\b[^?]{0,80}\b(cut-?offs?|thresholds?|criteria|definitions?|size "
               r"(bands?|categories|limits?)|cut-?points?)\b")
"""A rule's limits asked as such ("What are the AJCC T-stage size cut-offs for pancreatic cancer?"): the rule itself,
unless the question names this case ("here", "this patient") or the asker's own organ."""
OWN_BODY = (r"\b(my|our|his|her|their|(mum|mom|mother|dad|father|wife|husband|son|daughter|partner)['’]?s?)\s+([\w-]+\s+)?"
            r"(liver|spleen|kidneys?|pancreas|colon|bowel|belly|tummy|abdomen|tumou?rs?|lumps?|cysts?|lesions?|mass(es)?|"
            r"growths?|spots?)\b")
"""An organ or a finding of the asker or a relative ("my liver", "my dad's kidney", "her tumour"): the image's, whatever
rule the question names."""
OBSERVED_SUBJECT = (r"\b(does|do|did) (the|this|these|its|their) ([\w'’-]+ ){0,2}(pattern|appearance|findings?|measurements?|"
                    r"values?|numbers?|scan|image|study|ct|attenuation|density|volumes?|size|diameter|ratio|hu|counts?)\b[^?]{0,30}\b"
                    r"(indicate|suggest|show|mean|"
                    r"imply|point to|fit)\b")
"""What this image's own findings indicate ("What grade of steatosis does the attenuation pattern indicate?", "What grade
of splenomegaly, if any, does the spleen volume indicate?"): the patient's, whatever rule word it names."""
RULE_ASKED_OPENING = r"\s*(what|which|how|when|why|define|explain|list|name|at what|above|below|is it true)\b"
"""An opening that can ask what a rule says ("What volume counts as splenomegaly?")."""
APPLIED_RULE = (r"\b(by|using|per|according to|under|on|with|against|from)\s+(the\s+|its\s+|our\s+|standard\s+|usual\s+)?"
                r"([\w/-]+\s+){0,3}(criteri\w*|thresholds?|cut-?offs?|rules?|definitions?|limits?|ranges?|cut-?points?)\b")
"""A rule named as the means of an answer ("grade by volume thresholds", "hepatomegaly by volume criteria"), not as what
is asked."""
STATED_NUMBER = r"\d"


def applies_rule(low: str, ask: Ask) -> bool:
    """Whether a question that names a rule, without asking it by a question word, applies it to this image: a rule
    named as the means ("Liver enlarged by volume criteria? y/n"), or options that state findings rather than a rule's
    values ("Best fit for the pancreas: A) normal B) fatty"). With an image before it, such a question is the patient's."""
    if re.match(RULE_ASKED_OPENING, ask.opening) or re.match(RULE_ASKED_OPENING, low):
        return False
    if re.search(APPLIED_RULE, low):
        return True
    options = [o.text for o in ask.choice_set.options] if ask.choice_set is not None else []
    return len(options) >= 2 and not any(re.search(STATED_NUMBER, o) for o in options)


REPORT_WORDS = (r"\b(work-?up|report\w*|findings|write[- ]?up|write (\w+ ){0,3}up|summari[sz]\w*|summary|impression|read|review|"
                r"overview|everything|assess\w*|evaluat\w*|survey|all|whole|complete|entire|general|comprehensive|"
                r"describe|interpret\w*)\b")
"""Words that ask a report (a work-up, the findings, a read, everything): a question without one asks no report."""


PRIOR_WORDS = (r"\b(prior|previous|baseline|last (study|exam\w*|scan|ct)|earlier|since|nadir|follow-?up|"
               r"compared (with|to) (the )?(prior|previous|last|baseline|earlier))\b")


FOLLOW_UP = ("recist response", "organ volume change", "lesion change")


PAST_VALUE = (r"\b(was|were|measured|measuring|read|said) (about |around |approximately |roughly |~ ?)?\d[\d,.]*\s*(ml|cc|cm3|cm³|"
              r"mm|cm|hu)\b|\b(in|on|back in) (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
              r"\b(damals|vorher|vor-?ct|voruntersuchung|previo|previa|anterior|pr[ée]c[ée]dent\w*)\b")
"""A value stated in the past tense or a month named ("Spleen was 820 mL in March"), or an earlier study named in
another language ("damals", "previo"): an earlier study's value."""
SET_ASIDE = (r"[^.;?!]*\b(ignore (that|this|it|them)|don'?t (just )?(copy|use|reuse) (that|this|it)|disregard (that|this|it)|"
             r"for reference only)\b[^.;?!]*[.;?!]?")
"""A sentence the question tells the reader to set aside ("Right one was 198 mL in 2022, ignore that."): not asked."""
NOT_THE_CHANGE = r"\b(not|rather than|instead of) (the |a |any )?(change|difference|delta|trend|evolution|progression)\b"
"""A change put aside ("the count now, not the change"): today's value is asked."""


def follow_up(scores: dict[str, float], ask: Ask) -> None:
    """A comparison with a prior study is a follow-up task (RECIST response, organ volume or lesion change); a value
    stated in the past tense names the prior, a sentence set aside ("..., ignore that") names none, and a change put
    aside ("not the change") asks today's value."""
    low = re.sub(SET_ASIDE, " ", ask.low)
    if re.search(NOT_THE_CHANGE, low) or TODAY_ONLY.search(low):
        penalise(scores, FOLLOW_UP, 0.3)
        return
    said, low = low, re.sub(PAST_VALUE, " prior ", low)
    visit_only = not re.search(PRIOR_WORDS, re.sub(r"\bfollow-?up\b", " ", low)) and not re.search(
        r"\b(chang\w*|grow\w*|grown|shr[iu]nk\w*|increas\w*|decreas\w*|progress\w*|respon\w*|larger|bigger|smaller|"
        r"since|new|stable)\b", low)  # "ADPKD follow-up: total kidney volume?" asks today's value
    if (visit_only or not re.search(PRIOR_WORDS, low)) and not re.search(r"\brecist\b|" + RESPONSE_ASKED, low):
        penalise(scores, FOLLOW_UP, 0.3)
        return
    if asks_general_rule(low):
        penalise(scores, FOLLOW_UP, 0.2)
        return
    if OTHER_MODALITY.search(low) and not re.search(r"\b(chang\w*|gr[eo]w\w*|grown|shr[iu]nk\w*|shrank|increas\w*|"
                                                   r"decreas\w*|progress\w*|respon\w*|recist|since|new|stable|larger|"
                                                   r"bigger|smaller)\b", low):
        penalise(scores, FOLLOW_UP, 0.3)  # "Renal tumour? Prior US 2 yrs ago showed a 1.2 cm echogenic focus": another
        return  # modality's finding is history, no earlier CT compared
    asked = re.split(r"[;:.]\s+", said.rstrip(" ?.!"))[-1]  # a past value in the asking sentence is no prior asked
    if re.search(r"\b(now|today|currently|at present|(on |in )?(this|the current) (one|scan|study|ct|exam\w*|image\w*))\b",
                 asked) and not re.search(PRIOR_WORDS, asked) and not re.search(
            r"\b(chang\w*|grow\w*|grown|shr[iu]nk\w*|increas\w*|decreas\w*|progress\w*|respon\w*|recist|since|new|stable)\b", asked):
        penalise(scores, FOLLOW_UP, 0.3)  # "Prior CT: spleen 290 mL; is there splenomegaly now?" asks today's finding
        return
    lesions = ask.lesion_named or re.search(r"\b(recist|response|progress\w*|disease|target)\b", low)
    organ_size = re.search(r"\b(volume|grown|grow\w*|larger|bigger|smaller|shrunk|size|enlarg\w*|megaly)\b|\d\s*(ml|cc|cm3)\b|cm³",
                           ask.low)  # "Spleen was 820 mL in March": a volume stated
    if organ_size and not re.search(r"\b(recist|lesions?|tumou?rs?|target|response)\b", low):
        boost(scores, "organ volume change", 0.3)
    elif lesions and re.search(LESIONS_COUNTED_AGAIN, low) and not re.search(r"\b(recist|response|target)\b", low):
        boost(scores, "lesion change", 0.3)  # "Prior CT counted 3 liver lesions. Are there new ones now?"
    elif lesions:
        boost(scores, "recist response", 0.3)


RESPONSE_ASKED = (r"\b(?:tumou?r|treatment|therapy|overall|objective|radiologic(?:al)?) response (?:assessment|evaluation|"
                  r"category|status|rating)\b|\bresponse (?:assessment|evaluation) (?:for|in|of) (?:the )?(?:trial|study|"
                  r"protocol)\b")
"""A trial's response asked in words ("Tumour response assessment for the trial, please."): RECIST's, with or without
a prior named."""
LESIONS_COUNTED_AGAIN = (r"\bnew (\w+ )?(lesions?|ones?|tumou?rs?|metasta\w*|cysts?|nodules?|foci|spots?)\b|\b(how many|number "
                         r"of|count)\b|\b(up|down),? or (the )?(same|unchanged)\b")
"""A follow-up question about the lesions counted again (new ones, how many then and now): their change in number, not a
RECIST response."""


SEVERAL = (r"\b(solitary|single|only one|one(?! or more)|unifocal|isolated|lone)\b[^?]{0,40}\bor\b[^?]{0,20}\b(several|multiple|many|"
           r"more|numerous|multifocal)\b|\b(exact|total) (number|count)\b|\b(more|fewer|less) than (\d+|two|three|four|five|"
           r"six|seven|eight|nine|ten|a (few|handful))\b( \w+){0,2} (lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*)\b")
"""One or several: "Is it a solitary liver lesion or several?", "only one tumour, or are there several?"; a count held
against a number ("Are there more than three liver lesions?"); "one or more" asks presence."""


def counting_and_aggregation(scores: dict[str, float], ask: Ask) -> None:
    """Counting by location needs a location, counting a count word, aggregation two organs or a sum."""
    low, ents = ask.low, ask.ents
    located = bool(ents.location or re.search(LOCATION, re.sub(r"\b(left|right|sides?)\b(?! (\w+ )?lobes?\b)", " ", low)))
    # a side names the kidney counted in, not a place within an organ ("How many lesions does the left kidney contain?")
    penalise(scores, ("lesion counting",) if located else ("lesion count by location",), 0.12)
    if re.search(r"\b(per|each|by|every) (hepatic |liver |couinaud )?(segment|lobe|part|sector|section)\b", low) and re.search(
            r"\b(how many|numbers?|counts?|tally|tabulat\w*)\b", low):
        boost(scores, "lesion count by location", 0.15)  # "lesion numbers per hepatic segment": a count in each place
        penalise(scores, ("liver lesion clustering", "lesion counting"), 0.12)
    if not re.search(r"\b(how many|number|numbers|count\w*|tally|enumerate|quantity of)\b", low) and not re.search(SEVERAL, low):
        penalise(scores, ("lesion counting", "lesion count by location"), 0.15)
    summing = {m.group(0) for m in re.finditer(AGGREGATE, low)}
    one_unpaired = len(ents.structures) == 1 and ask.organs[0] != "kidney" and not re.search(r"\bkidneys\b", low)
    if len(ents.structures) < 2 and (not summing or (one_unpaired and summing == {"total"})):
        penalise(scores, ("organ aggregation",), 0.2)  # "the total liver volume" is one organ's volume
    if re.search(r"\bhow many (\w+ )?(ml|millilit\w*|cc|cubic|cm3|cm|mm|millimet\w*|centimet\w*|hu|hounsfield|percent|"
                 r"lit(re|er)s?|inch(es)?)\b",
                 low):
        penalise(scores, ("lesion counting", "lesion count by location"), 0.2)  # "How many millilitres is ...?"
        penalise(scores, (t for t, form in ask.forms.items() if form != "number"), 0.1)
    if re.search(SEVERAL, low):
        boost(scores, "lesion counting", 0.12)  # "a solitary lesion or several?" asks how many
        penalise(scores, (*ask.existence_tasks(), "lesion type classification"), 0.1)
    if len(ents.sides) >= 2 and re.search(r"\b(together|altogether|combined|in total|overall|all told)\b", low):
        penalise(scores, ("lesion count by location",), 0.15)  # "left and right together" is one count
    if re.search(r"\b(segment|couinaud|slice|section) (number|no\.?)\b", low) and not re.search(r"\bhow many\b", low):
        penalise(scores, ("lesion counting", "lesion count by location"), 0.15)  # "Couinaud segment number?" asks which
    if re.match(r"\s*(please )?(count|tally|enumerate)\b", ask.opening):
        penalise(scores, (*ask.existence_tasks(), "lesion type classification"), 0.12)  # an order names its task
    if re.search(r"\b(how many|number of|count|counts)\b", low) and not re.match(r"\s*(is|are|does|do|has|have)\b", ask.opening):
        penalise(scores, ask.yes_no_tasks(), 0.1)


def sides_and_burden(scores: dict[str, float], ask: Ask) -> None:
    """Kidney comparisons need both sides and a comparing word; burden comparisons two organs."""
    low, ents, organs = ask.low, ask.ents, ask.organs
    if re.search(r"\b(together|altogether|combined|in total|overall|all told)\b", low):
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.15)  # "both sides together"
    if re.search(ONE_AND_OTHER, low) and not re.search(r"\bwhich\b", low):
        boost(scores, "bilateral kidney asymmetry", 0.12)  # "Is one kidney much smaller than the other?"
        penalise(scores, ("kidney volume comparison", "organ enlargement"), 0.1)  # "shrunken relative to the other"
    if len(ents.sides) >= 2 and re.search(r"\b(differ\w*|compar\w*|versus|vs|symmetr\w*|asymmetr\w*)\b", low):
        penalise(scores, ("organ enlargement",), 0.1)  # "a left-right difference in renal size" compares the sides
    if re.search(r"\b(discrepan\w*|disparit\w*|mismatch\w*|asymmetr\w*)\b", low) and not re.search(
            r"\b(which|what side|larger|bigger|smaller|greater|lesser)\b", low):
        boost(scores, "bilateral kidney asymmetry", 0.15)  # "kidney size discrepancy left versus right?": whether they
        penalise(scores, ("kidney volume comparison",), 0.1)  # differ, not which is larger
    if "kidney" in ask.organs and re.search(EQUAL_SIZE, low) and not ask.lesion_named:
        boost(scores, "bilateral kidney asymmetry", 0.1)  # "Kidneys are roughly equal?" asks symmetry
        penalise(scores, ("organ volume measurement", "organ enlargement"), 0.05)  # the volumes are the evidence
        if re.search(r"\bkidneys\b", low) or len(ents.sides) >= 2:
            penalise(scores, ("organ enlargement",), 0.08)  # "Kidneys equal in size?": the two compared, not one's size
        penalise(scores, ("organ aggregation",), 0.1)  # "are both kidneys of equal volume?" compares, not sums
    both_kidneys = (len(ents.sides) >= 2 or re.search(r"\b(which|either|both|two|each|bilateral|other|sides?|"
                                                      r"left or right|right or left|kidneys|discrepan\w*|disparit\w*|"
                                                      r"asymmetr\w*)\b", low))  # "Renal size discrepancy?": of the two
    if not both_kidneys:
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.15)
    lesion_organs = [o for o in organs if o in LESION_GROUP]
    burden_asked = re.search(r"\b(burden|load|more|most|heaviest|greatest|highest|involved|affected|share|"
                             r"proportion\w*|percent\w*|fraction|bulk)\b", low)
    disease = re.search(r"\b(bulk|burden|extent|most|majority) of (the )?(disease|tumou?r\w*|metasta\w*)\b|"
                        r"\b(disease|tumou?r\w*|metasta\w*|cancer) (is |are )?(mostly|mainly|chiefly|predominantly)\b", low)
    # "Is the disease mostly hepatic or renal?": where most of it lies
    if re.search(LOPSIDED, low):  # "Is the renal tumour burden lopsided toward one kidney?": the sides compared
        penalise(scores, ("tumor burden percentage", "kidney tumor existence", "kidney lesion existence"), 0.15)
    near = re.search(NEAR, low)  # "What organ lies closest to the kidney tumour? (a) liver (b) spleen": the organs named
    # are the neighbours offered, not lesion groups compared
    if not near and ((len(lesion_organs) >= 2 and (ask.lesion_named or disease)) or re.search(r"\borgans\b", low) or (
            re.search(r"\b(which|what) organ\b", low) and burden_asked)):
        boost(scores, "multi-organ lesion burden comparison", 0.12)
        if len(lesion_organs) >= 2 and burden_asked and re.search(r"\b(where|which|what)\b", low):
            penalise(scores, ("lesion volume measurement", "tumor burden percentage"), 0.1)  # "across liver, kidneys
            # and pancreas, where is the tumour burden (total lesion volume) highest?": the organs ranked by it
    elif organs:
        penalise(scores, ("multi-organ lesion burden comparison",), 0.15)
    sides_compared = re.search(r"\b(which|more|most|greater|heavier|worse|larger|bigger|smaller|a?symmetr\w*|one side|"
                               r"equal\w*|(same|similar) (in )?size|(look|looks|appear|appears|seem|seems) (about |"
                               r"roughly |more or less )?(the same|alike|similar)|"
                               r"bilateral or|unilateral|both sides|only one|out-?\w+|exceed\w*|outweigh\w*|one (\w+ )?or "
                               r"(the )?(both|other)|both or (only )?one|"
                               r"the other|predominant\w*|unequal\w*|uneven\w*|versus|vs|differ\w*|compar\w*|"
                               r"discrepan\w*|disparit\w*|lopsided|imbalanc\w*)\b|\b(left|right) or (the )?(left|right)\b", low)
    asks_presence = re.match(r"\s*(is|are|does|do|has|have|any)\b", ask.opening) and re.search(
        r"\b(any|present|presence|there|seen|visible|harbou?r\w*|contains?|evidence)\b", low)
    if not sides_compared or (asks_presence and not re.search(
            r"\b(which|more|most|greater|heavier|larger|bigger|smaller|a?symmetr\w*|versus|vs|differ\w*|compar\w*|"
            r"unilateral|both sides|only one|"
            r"discrepan\w*|unequal\w*|uneven\w*)\b", low)):  # "in the left or right kidney?" asks either side
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.15)
    elif re.match(r"\s*(is|are|do|does)\b", ask.opening) and re.search(r"\b(differ\w*|discrepan\w*|a?symmetr\w*|unequal\w*|"
                                                                  r"uneven\w*|lopsided|imbalanc\w*)", low):
        boost(scores, "bilateral kidney asymmetry", 0.1)
    elif organs == ["kidney"] and re.search(r"\b(out-?(size|weigh|measure)\w*|exceed\w*)\b", low) and len(ents.sides) == 2:
        boost(scores, "kidney volume comparison", 0.12)  # "does the left kidney out-size the right?"
    elif organs == ["kidney"] and not ask.lesion_named and re.search(r"\b(bigger|larger|smaller|greater)\b", low) and \
            re.search(r"\bwhich (side|one|kidney)\b|\bcompar\w*\b", low):
        boost(scores, "kidney volume comparison", 0.15)  # "Compare renal volumes; which side is bigger?"
    elif organs == ["kidney"] and both_kidneys and ask.lesion_named and not ents.largest:
        boost(scores, "bilateral kidney asymmetry", 0.12)
        if re.search(r"\b(burden|load|more|most|greater|heavier|worse|affected|involved)\b", low):
            boost(scores, "bilateral kidney asymmetry", 0.08)
    if re.search(r"\b(dominant|main|predominant|principal|major) (disease |tumou?r |metasta\w* )?(site|organ)\b", low) and \
            not organs:  # "dominant disease site by lesion burden?": the organs ranked by their lesions
        boost(scores, "multi-organ lesion burden comparison", 0.15)
        penalise(scores, ("liver lesion clustering", "tumor burden percentage"), 0.1)
    if re.search(r"\b(which|what) organ\b", low) and not organs:
        penalise(scores, ("tumor burden percentage", "lesion volume measurement"), 0.1)
        if burden_asked:
            boost(scores, "multi-organ lesion burden comparison", 0.08)




PLACES_COMPARED = (r"\b(more|most|fewer|less|least|larger|greater|heavier|higher|compared?|than|versus|vs|burden|load|"
                   r"involved|affected|count|number|how many|equal\w*|same)\b")
"""Places set against each other by what they hold ("more lesions", "vs", "burden"): sub-segments compared."""
ONE_PLACE_ASKED = (r"\b(where|site|sits?|lies|located|location|locali[sz]\w*|situated|in which (part|segment|lobe|portion))\b")
CLUSTERED = (r"\bcluster\w*|\bbunch\w*|\bconfined to (a|one|a single|the same)\b|\b(single|one|same) (couinaud |liver |hepatic )?"
             r"(segment|lobe|sector)\b(?! (has|holds|contains))")


def one_placed(scores: dict[str, float], ask: Ask) -> bool:
    """Where one lesion lies ("Where is the pancreatic mass - head, body or tail?", "Lesion site: head / body / tail"):
    its place among the places offered, not the places compared (a value measured there, "where it is widest, what is
    its diameter?", and a place of any lesion, "Where is there a lesion?", are not); lesions held in one segment ("Do they cluster in a
    single segment?"): their clustering; which place holds more ("Which segment contains the most lesions?"): the
    places compared."""
    low = ask.low
    compared = re.search(PLACES_COMPARED, low)
    one = (ask.lesion_named or re.search(r"\b(largest|biggest|dominant|main) one\b", low)) and not re.search(
        r"\b(lesions|masses|tumou?rs|cysts|nodules|metastases|mets|two|three|several|multiple|both)\b", low)  # "the
    # biggest one sits in:" places one; "Do the lesions sit together?", "Two lesions sit in the tail?" do not
    measured = re.search(r"\b(diameters?|size|volume|hu|attenuation|density|how (big|large)|long|wide|mm|cm|ml)\b", low)
    beside = re.search(r"\b(closest|nearest|adjacent|next to|touch\w*|abut\w*|contact\w*|border\w*|neighbou?r\w*)\b", low)
    if one and re.search(ONE_PLACE_ASKED, low) and not compared and not measured and not beside and not re.search(
            r"\b(is|are) there\b|\bany(thing)?\b", low) and not re.search(
            SLICE_ASK, low) and not re.search(r"\bslices?\b", low):  # "where is it
        # biggest - which slice?" asks the slice
        boost(scores, "largest lesion location", 0.15)
        penalise(scores, ("inter-segment comparison", "liver lesion clustering", *ask.existence_tasks()), 0.12)
        return True
    if ask.lesion_named and len(sub_segments(low)) == 1 and re.match(r"\W*(\w+ ){0,3}(lesions|tumou?rs|masses|cysts|"
                                                                   r"metastases|nodules) (in|within|of)\b", low) and not \
            re.search(r"\b(which|where|most|more|fewer|least|compared?|than|versus|vs|any)\b", low):
        boost(scores, "lesion count by location", 0.12)  # "Lesions in seg II? A number only.": that one place's count
        penalise(scores, ("inter-segment comparison",), 0.12)
    if re.search(CLUSTERED, low) and not compared and not re.search(r"^\s*(which|what)\b", ask.opening):
        boost(scores, "liver lesion clustering", 0.15)
        penalise(scores, ("inter-segment comparison",), 0.12)
    elif ask.lesion_named and re.search(r"(?<!or )\b(more|most|fewer|least|(greatest|highest|largest|biggest|smallest|lowest) "
                                        r"(number|count) of)\b( \w+)? (lesions?|tumou?rs?|metasta\w*|nodules?|cysts?|"
                                        r"disease|burden)\b", low) and re.search(LOCATION, low):
        boost(scores, "inter-segment comparison", 0.15)  # "Which segment holds the most lesions?", "more lesions in: right
        penalise(scores, ("liver lesion clustering", "lesion count by location"), 0.12)  # or left?"
        if re.search(r"\b(largest|biggest|greatest|highest) (number|count) of\b", low):  # "the subregion with the largest
            penalise(scores, ("lesion volume measurement", "largest lesion diameter", "lesion counting"), 0.12)  # count of
            # metastases": the places' counts compared, no lesion largest and no count of the whole organ
    return False


SIDE_ASKED = (r"\b(which|what) (side|kidney)\b|\bon (the )?(left|right) or (the )?(left|right)\b|\b(left|right) or (left|right)"
              r"( sided?| kidney)?\s*\??$|\blaterality\b|\b(left|right)[- ]sided or\b|\bwhich one of the kidneys\b")
ONE_RENAL_LESION = (r"\b(the|this|that) (\w+ ){0,2}(renal|kidney) (tumou?r|mass|cyst|lesion|neoplasm|nodule|carcinoma|rcc)\b"
                    r"|\b(the|this|that) (\w+ ){0,2}(rcc|renal cell carcinoma|hypernephroma)\b"
                    r"|\b(the|this|that|a|an) (\w+ )?(tumou?r|mass|cyst|lesion|neoplasm)\b[^?]{0,20}\b(kidney|renal)\b"
                    r"|\bwhich (side|kidney)\b[^?]*\b(the|this|that|a|an) (\w+ ){0,2}(tumou?r|mass|cyst|lesion|neoplasm|rcc|"
                    r"carcinoma|nodule)\b")


def lesion_side(scores: dict[str, float], ask: Ask) -> None:
    """Which kidney holds the lesion named ("On which side is the renal tumour?", "Is the kidney cyst left or right?"):
    where that lesion lies, not which kidney is larger (no size, volume or count is asked)."""
    low = ask.low
    if re.search(SIDE_ASKED, low) and re.search(ONE_RENAL_LESION, low) and not re.search(
            r"\b(larger|bigger|smaller|volume|size|how many|number|count|both|each|lesions|tumou?rs|cysts|masses|"
            r"characteri[sz]\w*|type|kind|nature|(cyst|cystic|solid) or|or (a )?(cyst|cystic|solid))\b", low):  # "which
        # kidney, and cyst or solid?" asks the kind too
        boost(scores, "largest lesion location", 0.3)
        penalise(scores, ("bilateral kidney asymmetry", "kidney volume comparison", "lesion type classification",
                          "renal mass characterization", "lesion existence"), 0.2)


def location_words(scores: dict[str, float], ask: Ask) -> None:
    """Where the largest lesion lies, which segment holds more, adjacency, clustering."""
    low, ents = ask.low, ask.ents
    involvement_compared(scores, ask)
    placed_one = one_placed(scores, ask)
    if re.search(r"\b(most|more|least|heaviest) (heavily )?(involved|affected|diseased|burdened)\b[^?]{0,30}\b" + SUBREGION, low) \
            or re.search(r"\b(which|what) (\w+ ){0,2}" + SUBREGION + r"[^?]*\b(lesion|tumou?r) (load|burden)\b", low):
        boost(scores, "inter-segment comparison", 0.15)  # "Most involved liver segment?"
    if not ents.largest:
        penalise(scores, ("largest lesion location",), 0.06)
    if not re.search(r"\b(where|which|locat\w*|locali[sz]\w*|lies?|lying|sits?|sites?|situated|found|segments?|parts?|sides?|"
                     r"lobes?|portions?|regions?|in what)\b", low):
        penalise(scores, ("largest lesion location",), 0.12)
    if ents.largest and re.search(r"\bwhere\b|\blocali[sz]\w*|\blocated\b|\blocation\b", low):
        boost(scores, "largest lesion location", 0.1)
    if not re.search(r"adjacent|border|next to|contact|touch|abut|neighbo|near|close|proxim|surround|invad|involv|against|press|"
                     r"\b(which|what) (other )?(organ|structure)|beside|alongside", low):
        penalise(scores, ("adjacent organ",), 0.12)
    if re.search(r"\b(nearest|closest|near|proximity|surrounding structure|in contact)\b", low):
        boost(scores, "adjacent organ", 0.1)
    if not re.search(r"cluster|scatter|distribut|concentrat|spread|diffus|group|throughout|all over|locali[sz]|confined|"
                     r"segments|multifocal|pattern|\b(same|one|single) (area|region|part|place|location|segment|spot)\b", low):
        penalise(scores, ("liver lesion clustering",), 0.12)
    if len(set(ents.liver_segments)) >= 2 or len(ents.pancreas_parts) >= 2:
        if re.search(r"\b(or|versus|vs|compared|than|which)\b", low) and not largest_placed(ask) and not placed_one and not re.search(
                r"\banywhere\b|\b(is|are) there\b", low):  # "Head, body or tail: is there anything anywhere?" asks presence
            boost(scores, "inter-segment comparison", 0.12)  # "the biggest tumour in the head, body or tail?" places one
    parts = sub_segments(ask.options)
    if len(parts) >= 2 and len({p.split("_")[0] for p in parts}) == 1:  # the options are sub-segments of one organ
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry", "organ enlargement"), 0.15)
        if re.search(r"\b(largest|biggest|dominant|main|index) (\w+ )?(lesion|tumou?r|mass|cyst|nodule)", low):
            boost(scores, "largest lesion location", 0.1)  # where the largest lesion lies
            penalise(scores, ("inter-segment comparison",), 0.1)
        elif re.search(r"\b(largest|biggest|greatest|most|smallest|more|larger|bigger|less|fewer)\b", low) and \
                not re.search(r"\b(where|locat\w*|lies?|lying|situated|sits?)\b", low):
            boost(scores, "inter-segment comparison", 0.2)  # which sub-segment holds more (or is larger)
    if not ask.lesion_named and (len(ents.pancreas_parts) >= 2 or len(set(ents.liver_segments)) >= 2 or re.search(
            r"\bwhich (\w+ )?(part|segment|portion|section|lobe|sector)\b", low)) and re.search(
            r"\b(largest|biggest|greatest|smallest|most|least) (volume|size|share)\b|\b(is|are) (the )?(largest|biggest|"
            r"smallest)\b|\b(volume|size) (is )?(the )?(largest|biggest|greatest|smallest)\b", low):
        boost(scores, "inter-segment comparison", 0.3)  # "Which part of the pancreas (head, body or tail) has the
        penalise(scores, ("largest lesion location",), 0.2)  # largest volume?": the parts' own sizes, no lesion asked
    if not ask.lesion_named and (len(ents.pancreas_parts) >= 2 or len(set(ents.liver_segments)) >= 2) and re.search(
            r"\bcompar\w*|\bversus\b|\bvs\b|\brelative to\b|\bwith that of\b|\bthan\b|\bagainst\b", low):
        boost(scores, "inter-segment comparison", 0.3)  # "Compare the volume of the pancreatic head with that of the
        penalise(scores, ("organ enlargement", "organ volume measurement"), 0.3)  # tail": two parts' own sizes
    parts_named = re.search(r"\b(liver|hepatic|couinaud) (segments|sections|sectors)\b|\b(parts?|segments?|sub-?segments?|"
                            r"portions?|sections?) of the (pancreas|liver)\b|\b(segments?|sections?) \(?[ivx1-8]+ ?[+&]", low)
    if not ask.lesion_named and (parts_named or len(ents.pancreas_parts) >= 2 or len(set(ents.liver_segments)) >= 2) and \
            re.search(r"\b(largest|biggest|greatest|smallest|larger|bigger|smaller|most|least|more|less|rank\w*|order)\b", low) \
            and re.search(r"\b(volume|size|by volume|voluminous|large|big|small)\b|\brank", low):
        boost(scores, "inter-segment comparison", 0.3)  # "Smallest part of the pancreas by volume?", "Rank the liver
        # segments by volume", "Head or tail - larger part by volume?": the parts ranked, not the organ measured
        penalise(scores, ("organ enlargement", "organ volume measurement", "organ aggregation", "organ HU measurement",
                          "kidney volume comparison", "bilateral kidney asymmetry"), 0.25)
    if not re.search(r"\b(slices?|axial|sections?|images?|levels?|z|cross-?sections?|frames?)\b", low):
        penalise(scores, ("largest lesion slice",), 0.15)
    if re.search(r"\b(diameter|length|how long|how wide|width|axis|widest|longest|at its (widest|longest|largest))\b",
                 low) and not re.search(SLICE_ASK + r"|\bindex of|\bz\b", low):
        penalise(scores, ("largest lesion slice",), 0.15)  # "how long ... on an axial slice" asks a length
    if re.search(r"\b(slices|sections|images)\b[^?]*[.:;]\s*(which|what) (one|of them)\b", low):
        boost(scores, "largest lesion slice", 0.3)  # "Volume has 116 slices at 5 mm. Which one holds the maximum diameter
        # of the biggest hepatic lesion?": one of the slices asked


ABSOLUTE_HU = r"\b(over|above|greater than|more than|exceed\w*|below|under|less than)\s*-?\d+\s*hu\b|[<>]\s*-?\d+\s*hu\b"
"""An absolute HU cut-off stated ("over 70 HU", "> 20 HU")."""


def category_words(scores: dict[str, float], ask: Ask) -> None:
    """Each category task needs its own words, in the question or its options."""
    low = ask.low
    if not ask.has(r"fat\w*|steato\w*|\bgrade|grading|\bl/s\b|\bp/s\b|infiltrat\w*|nafld|masld", with_options=True):
        penalise(scores, ("fatty liver", "hepatic steatosis grading", "pancreatic steatosis"), 0.15)
    if not ask.has(r"pseudo-?cysts?|\bpseudo\b(?!-)|" + PANCREATITIS_ORIGIN, with_options=True):  # "cyst in the body -
        # pseudo or not?"; "a cyst left over from my pancreatitis"
        penalise(scores, ("pseudocyst determination",), 0.15)
    elif not re.search(r"\b(how many|number|count\w*|volume|size|diameter)\b", low):
        boost(scores, "pseudocyst determination", 0.08)  # "fluid-filled lesion - pseudocyst?" asks which it is
    if re.search(r"\b(what|which) (kind|type|sort|category) of\b", low):
        penalise(scores, ask.existence_tasks(), 0.15)
    if re.match(r"\s*(is|are|does|do|has|have|can|could|any)\b", ask.opening) and re.search(r"\b(any|there)\b", low):
        penalise(scores, ("lesion type classification", "renal mass characterization", "PDAC vs PNET classification"),
                 0.1)
    if not ask.has(r"characteri|(?<!\bt )categor|bosniak|\b(type|kind|nature|suggest\w*|likely|classif\w*|simple|complex|"
                   r"predominantly|septat\w*|indeterminate|fat\w*|what is it)\b|" + CHARACTERISED, with_options=True):
        penalise(scores, ("renal mass characterization",), 0.12)
    if "kidney" in ask.organs and re.search(ABSOLUTE_HU, low) and re.search(r"\b(hyper|hypo|iso)-?(attenuat|dens|enhanc)", low) \
            and not re.search(r"\b(than|relative to|compared (to|with)|versus|vs)\b (the )?(\w+ )?(kidney|parenchyma|cortex|renal)", low):
        boost(scores, "renal mass characterization", 0.15)  # "Is the renal lesion hyperattenuating (over 70 HU)?": the
        penalise(scores, ("largest lesion attenuation",), 0.1)  # absolute cut-off of the renal categories, not the organ
    if not ask.has(r"\b(type|kind|nature|cysts?|cystic|solid|fluid|classif\w*|what is it|benign|malignan\w*)\b",
                   with_options=True):
        penalise(scores, ("lesion type classification",), 0.12)
    if not ask.has(r"stag\w*|\bt ?[0-4]\b|\bt (stage|category)|\b(which|what)( is| are)?( the| its)? t\b|ajcc|tnm",
                   with_options=True):
        penalise(scores, ("pancreatic tumor staging",), 0.12)
    elif re.match(r"\s*(please )?stage\b", ask.opening) or re.search(r"\b(which|what)( is| are)?( the| its)? t\b|"
                                                                    r"\bt[- ](stage|category)\b", low):
        boost(scores, "pancreatic tumor staging", 0.15)  # "Stage the PDAC (T only).": an order names its task
    if not ask.has(r"pdac|p?nets?\b|adenocarcinoma|neuroendocrine|islet|\b(type|kind|likely|diagnos\w*|nature|"
                   r"resembl\w*|consistent|favou?r\w*|neoplasm)\b", with_options=True):
        penalise(scores, ("PDAC vs PNET classification",), 0.15)
    if not re.search(r"\b(resect\w*|unresect\w*|borderline|surg\w*|operat\w*|operab\w*|remov\w*|excis\w*|whipple|pancreatectomy|theat(re|er)|"
                     r"observ\w*|surveil\w*|follow-?up|conservativ\w*)", low):
        penalise(scores, ("pancreatic cyst resectability", "pancreatic lesion resectability"), 0.15)
    if not re.search(r"enlarg|large|big|megaly|exceed|normal|swollen|size|upper limit|grade|sever|atroph|shrunk|"
                     r"shrivel|undersized|hypoplas", low):
        penalise(scores, ("organ enlargement", "splenomegaly detection", "splenomegaly grading"), 0.12)
    elif re.search(r"\b(attenuat\w*|density|densities|hu|hounsfield|enhanc\w*|steato\w*|fat\w*)\b", low) and not re.search(
            r"enlarg|large|big|megaly|swollen|size|volume|upper limit|atroph|shrunk", low):
        penalise(scores, ("organ enlargement", "splenomegaly detection", "splenomegaly grading"), 0.15)  # "Is pancreatic
        # attenuation normal relative to the spleen?": normal in density, not in size
    if re.search(r"\bcharacteri[sz]\w*|\bcategor\w*|\bbosniak\b", low):
        boost(scores, "renal mass characterization", 0.1)
    definite = re.search(r"\bthe (\w+ ){0,2}(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|pdac|pnet|carcinoma|cancer|"
                         r"adenocarcinoma|neoplasm)\b", low)
    if definite and not re.search(r"\b(there|any|present|presence|seen|visible|evidence|contains?|shows?|have|has|"
                                  r"harbou?rs?|identif\w*|free|detect\w*|exists?|find|see)\b", low):
        penalise(scores, ask.existence_tasks(), 0.1)
    if re.search(r"\b(others|the rest|among|second|next largest)\b", low):
        penalise(scores, ask.existence_tasks(), 0.1)
    if re.search(SCREENED_FOR, low) and not re.search(r"\b(how many|number|count\w*|volume|size|diameter|how (big|large))\b",
                                                      low):
        for task in ask.existence_tasks():  # "Screen the pancreas for a neuroendocrine tumour please.": whether one is
            boost(scores, task, 0.15)  # there


MEASURE_OPENING = (r"\s*(the |its )?((long|longest|short|major|minor) axis|(maximal |maximum |greatest |longest |largest |mean )?"
                   r"(diameter|length|dimensions?|size|volume|attenuation|density|hu)) of\b")
"""A question opening with the measurement it asks of a finding."""


def numeric_words(scores: dict[str, float], ask: Ask) -> None:
    """Sizes need size words, percentages percent words; an asked unit rules out the other units."""
    low, choice_set = ask.low, ask.choice_set
    mm_options = choice_set is not None and choice_set.unit in ("mm", "cm")
    if not re.search(r"\b(diameter|long|longest|length|size|across|axis|wide|widest|width|dimension\w*|extent|mm|cm|"
                     r"millimet\w*|centimet\w*|measure\w*|big|large|span\w*)\b", low) and not mm_options:
        penalise(scores, ("largest lesion diameter",), 0.1)
    if re.search(r"\b(volume|cc|ml|cm3|cubic)\b|cm³", low) and not re.search(
            r"\b(diameter|across|axis|long\w*|wide|width|dimension|extent)\b", low):
        penalise(scores, ("largest lesion diameter",), 0.1)
    if re.match(MEASURE_OPENING, low):  # "Long axis of the dominant left renal lesion?": a lesion measured, not sought
        penalise(scores, ask.existence_tasks(), 0.12)
    if not re.search(r"ratio|divid|index|l/s|p/s|spleen|splenic|quotient|relative to|versus|\bvs\b|(?m:^(?>.*?\bto\b).*?\b(hu|attenuation|density))", low):
        penalise(scores, ("organ HU ratio",), 0.12)
    if not re.search(r"\b(percent\w*|percentage|fraction|proportion|share|burden|occup\w*|replac\w*|ratio|divided|relative to)\b|%|"
                     r"times 100", low):
        penalise(scores, ("tumor burden percentage",), 0.12)
    if re.match(r"\s*(what|which|where|how|in which|at which|on which|give|report|measure|compute|calculate|"
                r"estimate|name|list|describe|count)\b", ask.opening) and not re.search(r"\b(yes|or not)\b", low):
        penalise(scores, ask.yes_no_tasks(), 0.1)
    asked = set(ask.ents.units) | ({choice_set.unit} if choice_set is not None and choice_set.unit else set())
    asked = {"mm" if u == "cm" else u for u in asked} & {"mL", "HU", "%", "mm"}
    if asked:
        penalise(scores, (t for t, unit in ask.units.items() if ask.forms.get(t) == "number" and unit in
                          {"mL", "HU", "%", "mm"} and unit not in asked), 0.1)


CONFIRMED = (r"^\W*(i think|i'd say|i believe|i suspect|looks like|pretty sure|fairly sure|my read)\b|"
             r"(?:[-–—,:]|\?)\s*(agree|agreed|confirm|correct|right|y/n|yes or no)\s*\??\s*$")
"""A statement put to be confirmed ("I think it's ... - agree?", "... unresectable? y/n"): asked yes or no."""


def option_labels(scores: dict[str, float], ask: Ask) -> None:
    """The options carry the task: category labels name it, numbers and categories fix the form.

    A yes/no question that names a category label ("is the renal mass a simple cyst?"), or a statement of one put to
    be confirmed (`CONFIRMED`), asks that task too.
    """
    offered = OFFERED.search(ask.low)
    polar = ask.choice_set is not None and ask.choice_set.form == "yes_no"  # "Yes / No / Indeterminate / Only cysts": the
    # stem is answered yes or no, the other options are distractors that name no task
    for pattern, task in CATEGORY_LABELS:
        if ask.options and not polar and re.search(pattern, ask.options):
            boost(scores, task, 0.15)
        elif offered is not None and re.search(pattern, offered.group(0)):
            boost(scores, task, 0.15)  # "Resectable, borderline or not?": the options written in the question
        elif (re.match(r"\s*(is|are|does|do)\b", ask.opening) or re.search(CONFIRMED, ask.low)) and re.search(
                pattern, ask.low):  # "Is the mass unresectable?", "I think it's an indeterminate renal lesion - agree?"
            boost(scores, task, 0.12)
    choice_set = ask.choice_set
    if choice_set is not None and choice_set.form == "number":
        penalise(scores, (t for t, form in ask.forms.items() if form != "number"), 0.15)
    elif choice_set is not None:
        penalise(scores, (t for t, form in ask.forms.items() if form == "number"), 0.15)
        if choice_set.form == "category" and any(re.search(p, ask.options) for p, _ in CATEGORY_LABELS):
            penalise(scores, ask.yes_no_tasks(), 0.1)  # "Resectable / Borderline / Unresectable" answer no yes/no
