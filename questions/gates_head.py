"""Gates on the head of a question: what the asking words ask for, whatever else the sentence names.

The embedder weighs every word alike; the head decides the kind of answer:

- a presence head ("Any lesion ...?", "Is there ...?", "Anything focal ...?") asks whether a finding exists: places
  named after it ("head, neck, body or tail", "near the hilum or elsewhere", "up at the dome in segment VIII") say
  where to look, they ask no place, comparison or neighbour;
- a place or one of several asked ("which one", "which side", "which kidney", "the segment with the most ...") asks
  an entity, not a number: the number named after it ("the greatest volume of lesion") is how places are compared;
- a bare noun phrase ("spleen size?", "Volume of the LK in cc?") asks the value its head noun names: a quantity noun
  asks a number, not yes or no;
- a comparative set on one of a pair ("Bigger kidney?", "the larger kidney") asks which of the two;
- options that are kinds of lesion ("ductal adenocarcinoma / neuroendocrine tumour") ask which kind, not presence;
- one pancreatic kind asked yes or no ("pancreatic NET yes or no") asks its presence, not PDAC versus PNET;
- a rule stated with its value ("the threshold I use is 40 HU") is given, not asked;
- the two kidneys are compared only in a question that names the kidneys (or no organ).
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise

PRESENCE_HEAD = re.compile(r"^\s*(any(thing|one)?|(is|are) there|(do|can|could) (you|we) (see|find|identify|spot)|"
                           r"(has|have) (an?y? )?[\w -]{0,30}(been )?(seen|found|identified|detected)|(is|are) (an?y? )?"
                           r"[\w -]{0,30}(seen|visible|present))\b")
"""How a presence question opens ("Any focal lesion ...", "Is there ...", "Do you see ...", "Is a cyst seen ...")."""
COMPARED_OR_PLACED = (r"\b(which|where|what|how|more|most|less|fewer|greater|greatest|larger|largest|bigger|biggest|than|"
                      r"versus|vs|compared|closest|nearest|contact|abut\w*|touch\w*|adjacent|invad\w*|extend\w*|"
                      r"extension|cluster\w*|scatter\w*|distribut\w*|spread)\b")
"""Words that ask a place, a comparison, a neighbour or a pattern: with one, the places are asked, not scope."""
SCOPE_TASKS = ("inter-segment comparison", "largest lesion location", "adjacent organ", "lesion count by location")


def presence_head(scores: dict[str, float], ask: Ask) -> None:
    """A presence question's places are where to look: no place, comparison or neighbour is asked."""
    if not ask.lesion_named or not PRESENCE_HEAD.match(ask.opening) or re.search(COMPARED_OR_PLACED, ask.low):
        return
    penalise(scores, SCOPE_TASKS, 0.15)
    if not ask.ents.largest:  # "Is there a hypodensity in the right kidney?": the finding's presence, not its attenuation
        penalise(scores, ("largest lesion attenuation",), 0.1)


PLACE_NOUN = r"(segments?|parts?|sides?|lobes?|regions?|portions?|kidneys?|organs?|masks?)"
ENTITY_ASKED = re.compile(rf"\b(which|what) (\w+ ){{0,2}}?({PLACE_NOUN}|one)\b|\b(in|on|at) which\b|^\W*(\w+\W+)?{PLACE_NOUN} "
                          rf"(with|having|holding|containing|carrying|harbou?ring) (the )?(max\w*|most|great\w*|high\w*|"
                          rf"larg\w*|big\w*)\b")
"""One entity asked among several: "which one", "which side, left or right", "which kidney mask", "segment with max lesion
volume" (a key's head noun)."""
PLACE_WITH_MOST = re.compile(rf"\b{PLACE_NOUN} (with|having|holding|containing|carrying) (the )?(max\w*|most|great\w*|"
                             rf"high\w*) (\w+ ){{0,2}}(volume|burden|load|tumou?r|lesion|disease)")
"""A place named by the most it holds ("segment with max lesion volume"): places compared by their lesions."""


def entity_asked(scores: dict[str, float], ask: Ask) -> None:
    """"Which one holds the greatest volume?", "which kidney is larger?": an entity is asked, not a number."""
    if ask.choice_set is not None or not ENTITY_ASKED.search(ask.low) or re.search(
            r"\b(how (many|much)|what is the (number|value|volume|size|diameter|count)|in (mm|ml|cc|hu|cm)\b)", ask.low):
        return
    penalise(scores, (t for t, form in ask.forms.items() if form == "number" and t != "largest lesion slice"), 0.12)
    if PLACE_WITH_MOST.search(ask.low) and not re.search(r"\b(largest|biggest|dominant) (\w+ )?(lesion|tumou?r|mass)", ask.low):
        boost(scores, "inter-segment comparison", 0.1)


QUANTITY_HEAD = re.compile(r"(size|volume|volumes|diameter|length|width|density|attenuation|hu|ratio|index|count|number|"
                           r"percentage|percent|fraction|slice|sum|total)")
"""Head nouns that name a value: a noun phrase headed by one asks that value."""
HEAD_UNIT = {"volume": "mL", "volumes": "mL", "diameter": "mm", "length": "mm", "width": "mm", "density": "HU",
             "attenuation": "HU", "hu": "HU", "percentage": "%", "percent": "%"}
"""The unit a head noun asks ("size": a volume for an organ, a diameter for a lesion)."""
VERB_OPENING = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|can|could|should|would|will|what|which|how|where|"
                          r"when|why|any|please|give|tell|measure|count|grade|stage|classify|describe|report|compute|"
                          r"calculate|estimate|state|list|name|find|check|confirm|assess|evaluate|determine|compare|rank|"
                          r"sort|order|show|sum|add|divide|subtract|quantify|characteri[sz]e|locali[sz]e|identify)\b")
PREDICATE = re.compile(r"\b(present|absent|seen|visible|evident|enlarged|normal|there|yes|no|minus|plus|divided|times|"
                       r"over|versus|vs|against|and|or)\b|[+/:-]")
"""A word that makes a short question a statement to confirm ("steatosis present based on the P/S ratio?") or sets two
values against each other ("right kidney minus left kidney volume"): not one noun phrase's value."""


def head_noun(phrase: str) -> str:
    """The head noun of a noun phrase: the word before "of" ("volume of the LK"), else the last word before a
    prepositional tail ("spleen size", "liver fat category based on attenuation"); a place's number or index
    ("segment number", "slice index") names the place."""
    phrase = re.split(r"\s*[-–—,]\s*|\b(?:in|as|please|now|thanks?|based|using|by|per|according|on|with|from|vs|versus|"
                      r"for|at)\b", phrase)[0] if " of " not in phrase else phrase.split(" of ")[0]
    words = phrase.split()
    if not words:
        return ""
    if len(words) >= 2 and words[-1] in ("number", "index", "no") and re.fullmatch(
            r"segments?|slices?|images?|levels?|sides?|parts?|lobes?", words[-2]):
        return words[-2]
    return words[0] if " of " in phrase else words[-1]


def noun_phrase_head(scores: dict[str, float], ask: Ask) -> None:
    """A question that is a noun phrase asks the value its head noun names ("spleen size?", "Volume of the LK?")."""
    phrase = re.sub(r"[?.!]+\s*$", "", ask.low.strip())
    if ask.choice_set is not None or len(phrase.split()) > 8 or VERB_OPENING.match(phrase) or re.search(r"[?.!:;|]", phrase):
        return
    head = head_noun(phrase)
    if not QUANTITY_HEAD.fullmatch(head) or PREDICATE.search(phrase) or (
            ask.lesion_named and head in ("density", "attenuation", "hu")):  # a lesion's attenuation: its category task
        return
    penalise(scores, (t for t, form in ask.forms.items() if form != "number"), 0.15)
    unit = HEAD_UNIT.get(head) or ("mm" if ask.lesion_named else "mL") if head == "size" else HEAD_UNIT.get(head)
    for task, task_unit in ask.units.items():
        if unit is not None and task_unit == unit and ask.forms.get(task) == "number":
            boost(scores, task, 0.06)  # "liver size?": the liver's volume


YES_NO_TAG = re.compile(r"\b(yes ?/ ?no|yes or no|y ?/ ?n|present\??|seen\??|identified\??|visible\??|evident\??)\s*[?.!]*\s*$")
CATEGORY_TASKS = ("largest lesion attenuation", "renal mass characterization", "lesion type classification",
                  "PDAC vs PNET classification")
FINDING_NOUN = re.compile(r"\b(mass|masses|tumou?rs?|neoplasms?|lesions?|cysts?|nodules?|nets?|pnets?|pdac|"
                          r"adenocarcinoma|carcinoma|cancer)\b")


def finding_named_yes_no(scores: dict[str, float], ask: Ask) -> None:
    """A finding named with no verb, asked yes or no ("Solid kidney neoplasm: A. yes B. no", "HYPERENHANCING
    PANCREATIC NET - YES OR NO", "Hypoenhancing pancreatic mass c/w adenocarcinoma - present?"): whether that finding
    is there. Its qualifier ("solid", "hyperenhancing") says which kind, not that its category is asked."""
    yes_no = (ask.choice_set is not None and ask.choice_set.form == "yes_no") or YES_NO_TAG.search(ask.low)
    if not yes_no or not ask.lesion_named or VERB_OPENING.match(ask.low) or not FINDING_NOUN.search(ask.low) or \
            re.search(r"\b(is|are|was|were|does|do)\s+(it|the|this|that|these|they)\b", ask.low) or ask.ents.largest or \
            re.search(FINDING_NOUN.pattern + r"\s+(hypo|hyper|iso|solid|cystic|enhanc|dense|dark|bright)", ask.low):
        return  # "Largest liver lesion hypodense? yes/no": its attenuation asked
    existence = [t for t in ask.existence_tasks() if t in scores]
    if not existence:
        return
    boost(scores, max(existence, key=scores.__getitem__), 0.12)
    penalise(scores, CATEGORY_TASKS, 0.1)


ONE_OF_A_PAIR = r"\b(bigger|larger|smaller|heavier|lighter) (one of the (two )?)?kidney\b(?!s)|\bwhich kidney\b[^?]{0,40}" \
                r"\b(bigger|larger|smaller)\b|\b(the )?(bigger|larger|smaller) (one|of the two)\b"


def one_of_a_pair(scores: dict[str, float], ask: Ask) -> None:
    """"Bigger kidney?", "which kidney is the bigger one?": which of the two kidneys, by volume."""
    if ask.organs == ["kidney"] and not ask.lesion_named and ask.has(ONE_OF_A_PAIR):
        boost(scores, "kidney volume comparison", 0.15)
        penalise(scores, ("organ enlargement", "organ volume measurement", "organ volume change"), 0.1)


def kinds_offered(scores: dict[str, float], ask: Ask) -> None:
    """Options naming two or more kinds of lesion ask which kind the lesion is, not whether one exists."""
    if ask.choice_set is None or ask.choice_set.form != "category":
        return
    from questions.intents import extract

    kinds = {k for o in ask.choice_set.options for k in extract(o.text).lesion_kinds}
    if len(kinds) >= 2 and not any(re.search(r"\b(yes|no|present|absent|none)\b", o.text.lower())
                                   for o in ask.choice_set.options):
        penalise(scores, ask.yes_no_tasks(), 0.12)


DUCTAL = r"\b(pdac|ductal|adenocarcinoma)\b"
ENDOCRINE = r"\b(p?nets?|neuroendocrine|islet|insulinoma|gastrinoma)\b"
EITHER_WAY = (r"\b(yes|present|positive) (or|/) (no|absent|negative|not)\b|\byes[ ,/]+no\b|\bor not\b|"
              r"\b(i\.?e\.?|that is),? (is|are) (there|an?|the)\b")


def one_kind_asked(scores: dict[str, float], ask: Ask) -> None:
    """A pancreatic kind asked yes or no ("pancreatic NET yes or no", "..., i.e. is a PDAC present?") asks that kind's
    presence: telling PDAC from PNET needs both named, or the options."""
    if ask.choice_set is not None or bool(re.search(DUCTAL, ask.low)) == bool(re.search(ENDOCRINE, ask.low)):
        return
    if ask.has(EITHER_WAY) or (re.match(r"\s*(is|are|does|do|has|have)\b", ask.opening) and not ask.has(
            r"\b(type|kind|which|or|likely)\b")):
        penalise(scores, ("PDAC vs PNET classification",), 0.15)


STATED_RULE = (r"\b(threshold|cut-?off|limit|criterion)\b[^.?;:]{0,30}\b(is|of|at|=|was)\s*[<>≥≤]?\s*\d+(\.\d+)?\s*"
               r"(ml|cc|cm|mm|hu|%)?")


OWN_OR_THIS = r"\b(our|my|i use|we use|i apply|we apply|this|here|current|now|today|the patient|patient's)\b"
"""Whose rule, or which case: a rule the asker states for this case ("Our threshold is 400 mL", "..., the current
value?"); "What does a cut-off of 40 HU mean?" asks the rule."""


def stated_rule(scores: dict[str, float], ask: Ask) -> None:
    """A rule stated with its value ("the threshold I use is 40 HU; mean liver attenuation?") is given, not asked."""
    if ask.has(STATED_RULE) and ask.has(OWN_OR_THIS) and not ask.has(
            r"^\s*(if|suppose|assuming|what (is|are) the (threshold|cut-?off|limit))\b|\b(why|where does|based on|come from|"
            r"what does\b[^?]*\bmean|defines?|indicates?|suggests?)\b"):
        from questions.cues import KNOWLEDGE

        penalise(scores, (KNOWLEDGE,), 0.3)


def kidneys_named(scores: dict[str, float], ask: Ask) -> None:
    """A comparison of the two kidneys needs the kidneys: a question naming only other organs asks none."""
    if ask.organs and "kidney" not in ask.organs:
        penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.15)


GATES = (presence_head, entity_asked, noun_phrase_head, finding_named_yes_no, one_of_a_pair, kinds_offered, one_kind_asked, stated_rule, kidneys_named)
"""In the order `questions.gates.apply` runs them, last."""
