"""Questions that compare this patient's studies over time: RECIST 1.1 response, organ volume and lesion change.

These are recognised by rule, before the exemplar embedder, because they need a comparison with
an earlier study of this patient (a prior, previous or baseline scan, "since", "versus", "interval")
and the embedder's single-study tasks would otherwise absorb them. A question about what RECIST
*defines* (no earlier study of this patient named) stays a knowledge question. A change of the
lesions' number or total volume ("How has the number of liver lesions changed since the prior CT?")
is that quantity's change, not a response category: RECIST is answered only when its own words
(response, progression, target lesions, sum of diameters) are said. A group's growth or shrinkage ("Have the liver
mets grown?", "grown, shrunk or stayed the same?"), a change asked with no direction or measure ("Interval change of
the liver mets?"), directions offered as options (given or written inline: "A) larger B) smaller C) stable") and
lesions resolved since the prior are the group's lesion change (sets G-J label them so, every one of them).
"""

from __future__ import annotations

import re

from core.anatomy import family
from core.state import Intent
from questions.cues import RECHECKED
from questions.intents import LESION_GROUP, ChoiceSet, Entities
from questions.rules import plainly_general

RECIST_RESPONSE = "recist response"
ORGAN_VOLUME_CHANGE = "organ volume change"
LESION_CHANGE = "lesion change"
RECIST_QUANTITIES = [
    "recist.response", "target_lesions.sum_diameters_mm", "target_lesions.baseline_sum_diameters_mm",
    "target_lesions.nadir_sum_diameters_mm", "target_lesions.change_from_baseline_pct",
    "target_lesions.change_from_nadir_pct", "target_lesions.increase_from_nadir_mm", "new_lesions.lesion_count",
]
"""What a RECIST 1.1 response rests on (the `recist11-response` criterion reads these)."""

_EARLIER = re.compile(
    r"\bbefore(?=\s*(?:[-–—;,.?)]|$|and\b|but\b))|"  # "was 12 cc before - bigger now?" (not "before the resection")
    r"\b((lesion |tumou?r )?count change|change in (the )?(lesion |tumou?r )?count|prior|previous(ly)?|earlier|baseline|(last|older|old|first) (scan|exam\w*|stud(y|ies)|ct|imaging|visit)|"
    r"since (the )?(last|first|prior|previous|baseline|\d+)|(the |an? )?\d{4} (scan|ct|stud(y|ies)|exam\w*|imaging)|interval|follow-?up(?! imaging\b| surveillance\b| (is |are )?(recommended|advised|needed|required|appropriate)\b)|over time|(months?|weeks?|years?) ago|"
    r"last (year|month|week|time)|(a|one|two|three|\d+) (years?|months?|weeks?) (earlier|before)|pre-?(procedur\w*|"
    r"operative|op|treatment|therapy|embolis\w*|emboliz\w*|chemo\w*|surgery|surgical|resection)|(volume|size) change|"
    r"change in (the )?(\w+ ){0,3}(volume|size|burden)|(increas\w*|gr[eo]w\w*|grown) or (decreas\w*|shr[iu]nk\w*)|"
    r"stable in (size|volume)|(has|have|did) [^?]*\bevolv\w*|(remain\w*|stay\w*) (stable|unchanged)|new (\w+ ){0,2}(lesions?|tumou?rs?|masses|metasta\w*)|now (vs|versus|compared)|(vs|versus|compared (with|to)) (before|then|the one)|"
    r"(scan|ct|study|one) from (last|\w+ (ago|before))|from (january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d{4})|(then|before) (vs\.?|versus|compared (with|to)) (now|today)|"
    r"(as|than|compared (with|to)) before|(as|than) (in|on) (19|20)\d\d\b|after (\w+ ){0,2}(cycles?|courses?|rounds?|doses?) of|"
    r"(s/p|status post|post|after) (\w+ ){0,2}(cycles?|courses?|rounds?)\b|"
    r"(is|are) (the |this |her |his |its |their )?(\w+ ){0,3}(shrinking|regressing|progressing|growing(?! (into|in|through|"
    r"towards?|along|around|out))|getting (bigger|smaller|larger))\b|"
    r"(compared (with|to)|since|vs\.?|versus|than (in|on)) (last )?(january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b|"
    r"respon(d|ds|ded|ding|se|sive) to (the |my |his |her |their )?(\w+ ){0,2}(chemo\w*|treatment|therapy|immunotherapy|"
    r"drugs?|medication|regimen|radiotherapy|radiation)|"
    r"(after|since|following|post) (the |his |her |their )?(\w+ ){0,3}(embolis\w*|emboliz\w*|resection|surgery|operation|"
    r"treatment|therapy|chemo\w*|radiotherapy|radiation|ablation|transplant\w*|\w*ectomy|procedure|tips|stent\w*|"
    r"immunotherapy)|"
    r"(january|february|march|april|may|june|july|august|september|october|november|december)'?s? (scan|ct|stud(y|ies)|"
    r"exam\w*|imaging)|(with|and|versus|vs|to) today'?s|(between|across|over|on|in) (the |both )?(two|both) (stud(y|ies)|"
    r"scans|exam\w*|cts|time-? ?points|visits)|"
    r"(did|has|have) (the |this patient's |their |its )?(\w+ ){0,3}(respond\w*|progress\w*|regress\w*)|"
    r"(did|has|have) (the |this patient's |their |its |my |his |her )?(\w+ ){0,3}(grow|grew|grown|shrink|shrank|"
    r"shrunk(en)?|enlarge|get (bigger|smaller|larger))\b|"
    r"(since|from) before|than (last time|previously|it was)|(has|have) [^?]*\b(changed|grown|shrunk(en)?)|"
    r"by how (much|many \w+) [^?]*\b(chang\w*|gr[eo]w\w*|shr[iu]nk\w*|increas\w*|decreas\w*)|"
    r"(19|20)\d{2}-(0?[1-9]|1[0-2])-\d{1,2}|(the |a )?day[- ]?\d+ (scan|ct|stud(y|ies)|exam\w*|imaging)|"
    r"before (the |his |her |their )?(\w+ ){0,3}(irradiation|radiotherapy|radiation|embolis\w*|emboliz\w*|resection|"
    r"surgery|treatment|therapy|chemo\w*|ablation|transplant\w*|\w*ectomy|procedure)|(has|have) [^?]*\bregenerat\w*)\b")
"""An earlier study of this patient named (a comparison word alone, "compared with the spleen", is not one); a dated
row of a table (2024-01-10); a value before a treatment ("was 820 mL before irradiation"); "then vs now"; two studies set side by side ("January's CT with today's", "between the two studies"); a response asked in the
past tense ("Did the liver mets respond?", "Did the kidney tumour grow?"), a size "larger than before", a change asked in the
perfect ("By how many mm has its diameter changed?") or in the present progressive ("s/p 3 cycles FOLFOX - are the
liver mets shrinking?"; not "growing into the duodenum") and a month compared with ("Compared with March, ...") have
one too."""
TODAY_ONLY = re.compile(r"\b(only|just|solely)\s+(want|need|ask\w*( for)?|interested in|care about)\s+(today'?s?|the "
                        r"current|the present|this (scan|study|ct)'?s?|now)\b|\btoday'?s (count|value|number|volume|size|"
                        r"measurement) only\b")
"""Today's value asked in so many words beside an earlier study's ("I only want today's count"): no change asked."""
OTHER_MODALITY = re.compile(r"\b(prior|previous|earlier|old|last|recent)\s+(eus|us|ultrasound|sonograph\w*|mri|mr|pet(-ct)?|"
                            r"endoscop\w*|x-?rays?|radiograph\w*)\b")
"""An earlier study of another modality named ("on prior EUS", "Prior US 2 yrs ago showed ..."): its finding is the
history of today's CT question; there is no earlier CT to compare unless a change is asked."""
_RECIST = re.compile(
    r"\b(recist|respon(d|ds|se|ded|ding)|progress\w*(?! (atroph|enlarg|hypertroph|splenomegal|hepatomegal|steato|fatty|"
    r"shrink|volume|loss))|regress\w*|(partial|complete) response|stable disease|"
    r"target lesions?|sum of (the )?(longest )?diameters?|new lesions?)\b")
_LESION = re.compile(r"\b(lesions?|tumou?rs?|mass(es)?|metasta\w*|mets|nodules?|cancer|disease|cysts?|spots?)\b")
_COUNT = re.compile(r"\b(how many(?! (mm|cm|ml|cc|hu|millimet\w*|centimet\w*|millilit\w*|percent\w*)\b)|number|count|no\. of|fewer|more (\w+ )?(lesions?|tumou?rs?|metasta\w*|mets|nodules?))\b")
_LOAD = re.compile(r"\b(volume|burden|load|ml|millilit\w*|cc|cm3|cm³)\b")
_SIZE_CHANGE = re.compile(
    r"\b(volume|size|grown|grow\w*|grew|shr[iu]nk\w*|shrank|enlarg\w*|bigger|smaller|larger|worse|better|chang\w*|"
    r"increas\w*|decreas\w*|splenomegaly|hepatomegaly|hypertroph\w*|atroph\w*|stable|unchanged|delta|differen\w*|regenerat\w*)\b")
_CHANGE = re.compile(
    r"\b(more or (less|fewer)|(less|fewer) or more|(more|fewer|less) [^?]{0,40}\bthan|chang\w*|delta|increas\w*|decreas\w*|gr[eo]w\w*|grown|shr[iu]nk\w*|enlarg\w*|bigger|smaller|larger|differ\w*|"
    r"since|compared|versus|vs|progress\w*|worse|better|now|current\w*|interval|hypertroph\w*|atroph\w*|regenerat\w*|"
    r"(lost|gained|losing|gaining|lose|gain) (\w+ )?(volume|size|bulk|mass))\b")
_ON_EARLIER = re.compile(
    r"\b(on|at|in|from|of) (the |that |this patient's |their )?(prior|previous|earlier|baseline|old(er)?|first|last)"
    r"( \w+)? (scan|exam\w*|stud(y|ies)|ct|imaging|visit)\b|\b(prior|previous|earlier|baseline) (\w+ )?volume\b")
"""A value asked as it was on an earlier study ("the spleen volume on the prior study"), not its change."""
_GENERAL = re.compile(r"\b(defin\w*|counts? as|criteria|criterion|threshold|what is meant|in general)\b")
_PATIENT = re.compile(r"\b(this|the patient|here)\b|^\s*(did|has|have)\b")
"""A question about this patient although it names a criterion ("Did the liver mets respond by RECIST criteria?")."""
RECIST_ASIDE = re.compile(r"\b(no|not|without|never ?mind)\b( the| a| any)? recist( 1\.1)?( category| categories| response|"
                          r" classification| grading)?( (is |are )?(needed|required|wanted|necessary|please))?")
"""RECIST set aside ("no RECIST category needed, just the numbers"): its word does not ask it."""
NEW_LESIONS = re.compile(r"\bnew (\w+ )?(lesions?|tumou?rs?|mass(es)?|metasta\w*|mets|nodules?|deposits?)\b")
ONE_LESION = re.compile(r"\b(the|this|that|largest|biggest|dominant|index|single) (\w+ ){0,2}(lesion|tumou?r|mass|nodule|"
                        r"cyst|met|metastasis)(?!\w)(?! (count|number|burden|load|volume))|"
                        r"^\s*(\w+ )?(lesion|tumou?r|mass|nodule|cyst)(?=\s*:)")
"""One lesion named ("the kidney lesion", "largest hepatic lesion", a label "Colonic tumour:"): its own size change is asked, not the group's
response."""
LARGEST_ONE = re.compile(r"\b(largest|biggest|dominant|index|main|greatest|single) (\w+ ){0,2}(lesion|tumou?r|mass|nodule|cyst|"
                         r"met|metastasis)(?!\w)(?! (count|number|burden|load))")
"""The largest lesion named ("the volume of the largest liver lesion"): its own volume change is asked, not the total."""
GROUP_WIDE = re.compile(r"\b(total|all|sum|combined|overall|burden|load|aggregate)\b")
"""The group's lesions together ("the total lesion volume"): the total's change is asked."""


STILL = re.compile(r"\bstill (\w+ )?(enlarged|present|there|visible|seen|big|large|fatty|detectable|identifiable|"
                   r"abnormal|normal)\b")
"""A finding asked as persisting ("still enlarged", "still visible"): today's finding, not its change."""


SYMPTOM_HISTORY = re.compile(r"[^.?!;]*\b(?:had|has had|have had|noticed|developed|started|lost|gained|complain\w* of|"
                             r"present\w* with|passed|vomited|bled|felt)\b[^.?!;]*\b(?:last (?:year|month|week|night)|"
                             r"(?:\d+|a|one|two|three|few) (?:days?|weeks?|months?|years?) ago)\b[^.?!;]*")
"""A symptom's history with its time ("she had blood in her stool last month"): no earlier study, unless it names one."""
STUDY_WORD = re.compile(r"\b(?:scan|ct|stud(?:y|ies)|exam\w*|imaging|mri|ultrasound|report|volume|size|measur\w*|"
                        r"lesions?|tumou?rs?|mass|cm|mm|ml)\b")


def longitudinal_intent(low: str, ents: Entities, choice_set: ChoiceSet | None,
                        offered: ChoiceSet | None = None) -> Intent | None:
    """The intent of a question comparing this patient's studies, or None for any other question.

    A size asked as it was on the earlier study, with no change word ("What was the spleen volume on the
    prior study?"), reads that study's own value (`{organ}.prior_volume_ml`), not the change.

    Args:
        low: the question, lower-cased and normalised.
        ents: its entities (organs and sides, lesion kinds).
        choice_set: its multiple-choice options, if any.
        offered: options written into the question itself ("... compared with prior: A) larger B) smaller"); they
            say what is asked (a direction of change) but the answer form stays the question's own.
    """
    low = SYMPTOM_HISTORY.sub(lambda m: m.group(0) if STUDY_WORD.search(m.group(0)) else " ", RECIST_ASIDE.sub(" ", low))
    if STILL.search(low) and not re.search(r"\b(chang|delta|gr[eo]w|grown|shr[iu]nk|increas|decreas|compared|versus|vs|"
                                           r"progress|respon|smaller|larger|bigger)\w*", low):
        return None  # "Is his spleen still enlarged?", "Lesion still visible?": today's finding, after a history
    if not (_EARLIER.search(low) or RESPONSE_OF_PATIENT.search(low)) or (_GENERAL.search(low) and not _PATIENT.search(low)) \
            or plainly_general(low):  # "Has the patient met criteria for partial response?": a response is against before

        return None
    if TODAY_ONLY.search(low):
        return None  # "(Prior scan reported 4, but I only want today's count.)": today's value, the prior as history
    if OTHER_MODALITY.search(low) and not _CHANGE.search(low) and not _RECIST.search(low) and not re.search(
            r"\b(gr[eo]w\w*|grown|shr[iu]nk\w*|shrank|bigger|smaller|larger)\b", low):
        return None  # "no celiac involvement on prior EUS - T category by size?": another modality's finding is history
    if asks_both_studies(low) and not _RECIST.search(low):
        return None  # a value now and on the prior: the single-study task, with the prior's value added
    organ = ents.structures[0] if ents.structures else None
    form = "choice" if choice_set is not None else None
    if earlier_value_only(low):
        return None  # "What was the lesion's diameter on the earlier exam?": that study's value (`with_prior_values`)
    options = choice_set or offered
    change = _lesion_change(low, ents, form, directional=options is not None and directions_offered(
        [o.text.lower() for o in options.options]))
    if change is not None:
        return change
    if _RECIST.search(low) or (_LESION.search(low) and _SIZE_CHANGE.search(low)):
        lesion = LESION_GROUP.get(family(organ)) if organ else None  # "the liver metastases": their group
        return Intent(task=RECIST_RESPONSE, organ=organ, lesion=lesion, quantities=list(RECIST_QUANTITIES),
                      answer_form=form or "category")  # type: ignore[arg-type]
    if organ is not None and re.search(r"\b(volume|size|how (big|large))\b", low) and _ON_EARLIER.search(low) \
            and not _CHANGE.search(low):
        return Intent(task=ORGAN_VOLUME_CHANGE, organ=organ, quantities=[f"{organ}.prior_volume_ml"],
                      answer_form=form or "number", unit="mL")  # type: ignore[arg-type]
    directions = options is not None and directions_offered([o.text.lower() for o in options.options])
    if organ is not None and (_SIZE_CHANGE.search(low) or directions) and _CHANGE.search(low):  # "ADPKD follow-up: kidney
        # volume?" asks today's; "Spleen was 820 mL before irradiation. Now it is: A) reduced B) unchanged": the change
        unit = "mL" if re.search(r"\b(ml|millilit\w*|cc|cm3|cm³)\b", low) else "%"
        name = "volume_change_ml" if unit == "mL" else "volume_change_pct"
        asked = asked_as(low, form)
        if asked["polar"] or asked["answer_form"] == "category":  # yes/no or a direction: read from the relative change
            unit, name = "%", "volume_change_pct"
        return Intent(task=ORGAN_VOLUME_CHANGE, organ=organ, quantities=[f"{organ}.{name}"], unit=unit,
                      **asked)  # type: ignore[arg-type]
    return None


DIRECTION = re.compile(r"\b(increas\w*|decreas\w*|reduc\w*|unchanged|no change|not changed|stable|grown|grew|shr[iu]nk\w*|shrank|same|resolved|disappeared|"
                       r"larger|smaller|bigger)\b")
"""An option that names a direction of change ("Increased", "Decreased", "Remained unchanged")."""


def directions_offered(options: list[str]) -> bool:
    """Whether options name directions of change ("larger / smaller / unchanged"), one of them perhaps "new lesions"
    or "the lesion is new" (set R: "Renal lesions vs prior: new lesions / larger / smaller / unchanged")."""
    directed = [o for o in options if DIRECTION.search(o)]
    return len(directed) >= 2 and all(o in directed or re.search(r"\bnew\b", o) for o in options)


POLAR = re.compile(r"(^|[,;:]\s*)\s*(has|have|had|is|are|was|were|did|does|do|any)\b")
DIRECTION_WORDS = {
    "decreased": r"\b(decreas\w*|smaller|shr[iu]nk\w*|reduc\w*|fewer|less|lower|regress\w*)\b",
    "increased": r"\b(increas\w*|larger|bigger|gr[eo]w\w*|grown|grew|more|higher|enlarg\w*|progress\w*)\b",
    "unchanged": r"\b(unchanged|no change|not changed|stable|same|stayed|remain\w*|equal)\b",
    "resolved": r"\b(resolved|disappeared|gone|no longer (seen|visible|present))\b",
}
"""How an option names each direction of change ("Smaller" is decreased); `resolved`: none left now."""
GROWS, SHRINKS = re.compile(DIRECTION_WORDS["increased"]), re.compile(DIRECTION_WORDS["decreased"])
"""The direction a yes/no change question asks ("Did the kidney lesion grow?"): `Intent.comparison`."""


def direction_option(label: str, options: dict[str, str], none_left: bool = False) -> str | None:
    """The letter of the option naming the direction `label` (`decreased`, ...), or None; when no lesion is left
    (`none_left`), an option saying the lesions resolved is that direction's answer."""
    wanted = ["resolved", label] if none_left and label == "decreased" else [label]
    for direction in wanted:
        found = [letter for letter, text in options.items() if re.search(DIRECTION_WORDS[direction], text.lower())]
        if len(found) == 1:
            return found[0]
    return None


RESOLVED = re.compile(r"\b(resolv\w*|disappear\w*|gone|vanish\w*|no longer (seen|visible|present|there))\b")
"""Lesions gone since the earlier study: a fall in their count."""
UNSPECIFIED = re.compile(r"\b(chang\w*|happen\w*|evol\w*|differen\w*|(vs\.?|versus|compared (with|to)|against) (the )?"
                         r"(prior|previous|earlier|baseline|last|old\w*)\b|compare\b[^?.]{0,60}\b(with|to|against) (the |her |his "
                         r"|their )?(prior|previous|earlier|baseline|last|old\w*)\b)")
_GROWTH = re.compile(r"\b(gr[eo]w\w*|grown|shr[iu]nk\w*|enlarg\w*|bigger|smaller|larger|worse|better|respon\w*|size|"
                     r"(more|less|fewer) (or|than)|(or|than) (more|less|fewer))\b")
"""A change asked with no direction or measure ("Interval change of the liver mets?", "Compare the colon lesion with the
prior study.") against one asked as growth or
size ("Have the liver metastases grown?": RECIST's response)."""


def _lesion_change(low: str, ents: Entities, form: str | None, directional: bool = False) -> Intent | None:
    """A lesion group's count, total volume or (for a cyst) largest diameter compared with the prior study.

    None when RECIST's own words are used, or new lesions are asked of no named group (RECIST's new-lesion
    count); new lesions of a named group ("Any new liver lesions compared to prior?") ask its count change, one
    lesion's size change ("Did the kidney lesion grow?") its largest diameter's change, as for a cyst. Options
    that are directions ("Increased / Decreased / Remained unchanged") with no measure named ask about the
    group's total volume; a yes/no question ("Has the cyst changed in size?") is marked `polar`: the answer
    is yes or no by the change's tolerance (`knowledge/entries/change.yaml`), the change its support.
    """
    new = NEW_LESIONS.search(low)
    if _RECIST.search(NEW_LESIONS.sub(" ", low)) or not _LESION.search(low) or (new and not ents.structures):
        return None  # new lesions of no named group are RECIST's, not the net change of a group's count
    gone = RESOLVED.search(low)  # "Have any liver lesions resolved?": fewer now
    counted, loaded = bool(_COUNT.search(low) or new or gone), bool(_LOAD.search(low))
    one = bool(re.search(r"\bcysts?\b", low) or ONE_LESION.search(low))  # a cyst is not RECIST disease either
    directional = directional or bool((UNSPECIFIED.search(low) or (_GROWTH.search(low) and not one)) and not counted
                                      and not loaded)  # "Interval change of the liver mets?", "Have the liver mets
    # grown?": what changed in the group (its total volume), not RECIST's category, whose own words are not said
    sized = not (counted or loaded) and one and bool(_SIZE_CHANGE.search(low) or re.search(r"\b(mm|diameter)\b", low))
    if counted == loaded and not sized and not (directional and not counted):
        return None  # neither (a size change: RECIST) or both (ambiguous)
    loaded = loaded or (directional and not counted and not sized)
    organ = ents.structures[0] if ents.structures else None
    lesion = LESION_GROUP.get(family(organ)) if organ else None
    if lesion is None:
        return None
    if sized:  # a cyst is not RECIST disease (section 3.1.2): its own diameter is compared, in % when asked so
        percent = bool(re.search(PERCENT_SAID, low))
        name, unit = ("largest_lesion_diameter_change_pct", "%") if percent else ("largest_lesion_diameter_change_mm", "mm")
    elif counted:
        name, unit = "lesion_count_change", "count"
    else:
        name, unit = "", None
    asked = asked_as(low, form)
    if gone:
        asked["comparison"] = "smaller"  # "Has any lesion disappeared?": yes only when fewer are left
    if not sized and not counted:  # a direction is read from the relative change (its tolerance is in %)
        unit = "%" if directional or asked["polar"] or asked["answer_form"] == "category" or re.search(
            PERCENT_SAID, low) else "mL"
        whose = "largest" if LARGEST_ONE.search(low) and not GROUP_WIDE.search(low) else "total"  # the quantity asked
        name = f"{whose}_lesion_volume_change_pct" if unit == "%" else f"{whose}_lesion_volume_change_ml"
    quantities = [f"{lesion}.{name}"] + (["new_lesions.lesion_count"] if new else [])  # which lesions are new
    return Intent(task=LESION_CHANGE, organ=organ, lesion=lesion, quantities=quantities, unit=unit,
                  **asked)  # type: ignore[arg-type]


PERCENT_SAID = r"%|\bper ?cent\w*"
"""A change asked in percent ("the percent change", "by what percentage", "in %")."""


STABLE = re.compile(r"\b(stable|unchanged|the same)\b")
"""A yes/no change question asked as stability ("Is the cyst stable in size?"): *yes* is no change (`negated`)."""
EITHER_WAY = re.compile(r"\b(increas\w*|gr[eo]w\w*|grown|larger|bigger) or (decreas\w*|shr[iu]nk\w*|smaller)\b|"
                        r"\b(decreas\w*|shr[iu]nk\w*|smaller) or (increas\w*|gr[eo]w\w*|grown|larger|bigger)\b")
"""Both directions offered ("Did it increase or decrease?"): the direction is the answer, not a yes or a no."""


def asked_as(low: str, form: str | None) -> dict[str, object]:
    """How a change question is put: yes/no (`polar`; stability asked negated: *yes* means unchanged), a direction
    ("increase or decrease?": the category), or a number; and the direction a yes/no question asks (`comparison`)."""
    either = bool(EITHER_WAY.search(low))
    polar = form is None and not either and bool(POLAR.search(low))
    grows, shrinks = bool(NEW_LESIONS.search(low) or GROWS.search(low)), bool(SHRINKS.search(low))
    return {"answer_form": form or ("yes_no" if polar else "category" if either else "number"), "polar": polar,
            "negated": polar and bool(STABLE.search(low)) and not (grows or shrinks),
            "comparison": None if either else "larger" if grows and not shrinks else "smaller" if shrinks and not grows
            else None}


def change_says_yes(label: str, comparison: str | None) -> bool:
    """Whether a yes/no change question is answered yes for a change `label` (increased, decreased, unchanged):
    any change, or only one in the direction asked (`Intent.comparison`: "Did it grow?", "Any new lesions?").

    The reasoner and the reviewer both read this, so they cannot disagree on it.
    """
    asked = {"larger": "increased", "smaller": "decreased"}.get(comparison or "")
    return label == asked if asked else label != "unchanged"


BOTH_STUDIES = re.compile(
    r"\b(now|currently|today|current(ly)?|at present)\b.*\b(and|vs\.?|versus|compared with)\b.*\b(on|at|in) (the |that )?"
    r"(prior|previous|earlier|baseline|first|last|old(er)?)\b|\bwhat (was|were) (it|they|its|their|this|that|these)\b"
    r".*\b(on|at|in) (the |that )?(prior|previous|earlier|baseline|first|last|old(er)?)\b|\band what (was|were) (it|they)"
    r" (before|previously|then|earlier)\b|"
    r"\bon (both|each of the two|the two) (stud(y|ies)|scans?|exams?|cts?)\b|\b(then|before) and now\b|"
    r"\bhow many\b[^?]*\bnow (vs\.?|versus|compared (with|to)|and) (before|then|previously|earlier)\b")
"""A value asked on this study and as it was on the earlier one ("now and on the prior", "..., and what was
it on the prior?"): both values, not their change and not a RECIST category."""
LONGITUDINAL_TASKS = (RECIST_RESPONSE, ORGAN_VOLUME_CHANGE, LESION_CHANGE)


PRIOR_THEN_NOW = re.compile(
    r"\b(on|at|in) (the |that )?(prior|previous|earlier|baseline|first|last|old(er)?)( (stud(y|ies)|scans?|exams?|"
    r"cts?|imaging|exam\w*))?\b,?\s*(and|but)\b[^?]*\b(now|currently|today|at present)\b")
"""The earlier study's value asked first, then this one's ("How many were there on the prior scan, and how many
now?", "What was its diameter on the prior study, and what is it now?")."""
CHANGE_WORDS = re.compile(r"\b(chang\w*|gr[eo]w\w*|shr[iu]nk\w*|increas\w*|decreas\w*|differ\w*|progress\w*|"
                          r"respon\w*|by how much|larger|smaller|more|fewer|(lost|gained|losing|gaining) (\w+ )?(volume|size))\b")


def asks_both_studies(low: str) -> bool:
    """Whether the question asks a value now and on the earlier study (see `BOTH_STUDIES`, `PRIOR_THEN_NOW`)."""
    return bool(BOTH_STUDIES.search(low) or (PRIOR_THEN_NOW.search(low) and not CHANGE_WORDS.search(low)))


def this_study(text: str) -> str:
    """The question as asked of this study alone: "What is X now and on the prior?" -> "What is X?"."""
    text = re.sub(PRIOR_THEN_NOW.pattern + ".*$", "", text, flags=re.IGNORECASE)  # "... on the prior, and now?"
    kept = re.sub(r"\s*,?\s*\b(now|currently|today|at present)\b.*$|\s*\bon (both|each of the two|the two) "
                  r"(stud(y|ies)|scans?|exams?|cts?)\b|\s*\b(then|before) and now\b", "", text, flags=re.IGNORECASE)
    kept = re.sub(r"\s*,?\s*\band what (was|were) (it|they|its|their)\b.*$", "", kept, flags=re.IGNORECASE)
    return kept.rstrip(" ,?") + "?" if kept.strip() else text


def earlier_value_only(low: str) -> bool:
    """Whether a lesion's value is asked as it was on an earlier study alone, with no change word ("What was the largest
    liver lesion's diameter on the earlier examination?"): that study's own value, not the change."""
    return bool(_LESION.search(low) and _ON_EARLIER.search(low) and not _CHANGE.search(low)
                and not NEW_LESIONS.search(low) and not _RECIST.search(low) and not asks_both_studies(low))


def prior_values_only(quantities: list[str]) -> list[str]:
    """The first quantity as it was on the prior study alone (`liver_lesion.prior_largest_lesion_diameter_mm`)."""
    return with_prior_values(quantities)[1:2] if quantities else quantities


def with_prior_values(quantities: list[str]) -> list[str]:
    """The quantities with the first one's value on the prior study added (`liver_lesion.largest_lesion_diameter_mm`
    -> `liver_lesion.prior_largest_lesion_diameter_mm`, as `measures.longitudinal` records it).

    A value the measurement does not record on the prior is still asked: its absence names the missing part.
    """
    if not quantities:
        return quantities
    target, name = quantities[0].split(".", 1)
    return list(dict.fromkeys([quantities[0], f"{target}.prior_{name}", *quantities[1:]]))


CHANGE_ASKED = re.compile(r"\b(chang\w*|delta|differ\w*|gr[eo]w\w*|grown|shr[iu]nk\w*|increas\w*|decreas\w*|progress\w*|"
                          r"respon\w*|regress\w*|new|stable|unchanged|since|compared|versus|vs|interval|evol\w*|happen\w*|"
                          r"larger|bigger|smaller|worse|better)\b")
"""Words of an asking sentence that ask a change between studies, not today's finding."""


VALUE_STATED = re.compile(r"\d\s*(ml|cc|cm|mm|hu|%)(?![a-z])|\b(\d+|one|two|three|four|five|six|several|a few) (\w+ ){0,2}"
                          r"(lesions?|mets|metastases|cysts?|nodules?|tumou?rs?|masses)\b")
"""A value stated: a measurement with its unit, or a count of lesions ("counted 3 liver lesions"); not a time ("6
months ago")."""


PICKED = re.compile(r"\b(the )?(larger|bigger|smaller) (one|of the (two|pair))\b|\b(differ\w*|gap)\b(?= (in \w+ )?between\b"
                    r"(?![^?.;]*\b(prior|previous|earlier|baseline|last|then|before|scans|studies|exams|visits)\b))")
"""One of two picked by a comparative ("the bigger one"), or a difference between two structures ("the density
difference between the liver tumour and the liver"): a comparison of today's structures, not a change."""


def history_only(text: str, asking: str) -> bool:
    """Whether an earlier study is named only in a history that states its value, while the asking sentences name no
    earlier study and ask no change ("The liver measured 1900 mL last year; is it enlarged now?", "Spleen 18 cm
    previously. What grade of splenomegaly now?", "Previous report counted 3 liver lesions. How many on this scan?"):
    today's study is asked, the earlier value is history ("Previous liver 1420 mL. What is the delta now?" asks the
    change)."""
    low, asked = text.lower(), asking.lower()
    cut = low.rfind(asked) if asked else -1
    asked = PICKED.sub(" ", asked)  # "which kidney is the bigger one?" picks one of two, it asks no change
    history = low[:cut] if cut > 0 else ""
    earlier = [m.group(0) for m in _EARLIER.finditer(history)]
    surveillance = bool(earlier) and all(re.fullmatch(r"follow-?up", word) for word in earlier)  # "IPMN follow-up, 67M.
    # Does the cyst warrant resection?": a surveillance visit named, no earlier study's value: today's question
    return bool(history) and (bool(VALUE_STATED.search(history)) or surveillance) and bool(earlier) \
        and not _EARLIER.search(asked) and not CHANGE_ASKED.search(asked) and not RESPONSE_ASKED.search(asked)


def rechecked(text: str) -> bool:
    """Whether an earlier value is quoted only to be measured again, no change asked ("An earlier report quoted a spleen
    volume of 500 mL - remeasure it and give the splenomegaly grade."): today's study is asked, as in `history_only`."""
    return bool(re.search(RECHECKED, text, re.IGNORECASE)) and not CHANGE_ASKED.search(text.lower())


RESPONSE_OF_PATIENT = re.compile(r"^\s*(?:has|have|did|does|do|is|was|would|could)\b[^?]{0,60}\b(?:(?:partial|complete) "
                                 r"response|stable disease|progressive disease)\b")
"""A response category asked of this patient ("Has the patient met criteria for partial response?", "Is this stable
disease?"): against an earlier study, whether or not one is named ("What is a partial response?" asks the rule)."""
RESPONSE_ASKED = re.compile(r"\b(recist|response (category|categor\w+|status)|(partial|complete) response|stable disease|"
                            r"progressive disease)\b")
"""A response asked in so many words ("Current RECIST category?"): it compares with the earlier study the history
states, never today's study alone."""
