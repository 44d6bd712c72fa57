"""Gates on what the options say when the stem leaves the task open ("Classify the lesion.", "Which describes the
kidneys?", "Where is it?"): the option vocabulary names the task.

- every option a pancreatic diagnosis (PDAC, PNET, adenocarcinoma, neuroendocrine) and none a statement of presence:
  the PDAC-or-PNET classification, not the lesion's general type;
- options of symmetry ("Symmetric", "Asymmetric"): the kidneys' symmetry, not which kidney is larger;
- places offered to a stem asking where ("Where is it? A) pancreatic head B) body C) tail"): the largest lesion's
  place, not two places compared;
- hypo-, iso- and hyperattenuating offered for a lesion set against its own organ ("relative to the surrounding
  kidney parenchyma, how does the largest tumour appear?"): the lesion's attenuation against its organ, not the
  renal mass's HU category ("hyperattenuating cyst > 70 HU"), even beside a "fat-containing" option;
- counts of lesions offered ("1 renal lesion", "2 or more in segment VIII"): counting, by location when the options name
  a place;
- a finding against its absence ("Renal cyst" / "No renal cyst", "Pancreas" / "Nowhere in the pancreas"): the finding's
  existence, not its type, place or neighbour;
- a distribution offered ("Clustered in one segment" / "Scattered across segments"): the lesions' clustering.
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise

PANCREATIC_DIAGNOSIS = r"\b(pdac|p?nets?|(ductal )?adenocarcinoma|neuroendocrine|islet[- ]cell)\b"
PRESENCE = r"\b(present|absent|no|not|yes|seen|detected|none|without)\b"
"""A statement of presence ("PNET present", "No PNET"): the finding's existence is asked, not a diagnosis."""
SYMMETRY = r"\b(a?symmetr\w*|equal|unequal)\b"
PLACES = (r"\b(head|neck|body|tail|uncinate|segments?|lobes?|dome|hilum|(upper|lower) pole|interpolar|"
          r"ascending|descending|transverse|sigmoid|caecum|cecum|rectum)\b")
WHERE = r"^\s*(where|which (part|place|site|location|region|segment|lobe))\b|\blocat\w*\b"


def diagnoses_offered(scores: dict[str, float], ask: Ask) -> None:
    """Pancreatic diagnoses as every option: the PDAC-or-PNET classification."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    if len(options) >= 2 and all(re.search(PANCREATIC_DIAGNOSIS, o) for o in options) and not any(
            re.search(PRESENCE, o) for o in options):
        boost(scores, "PDAC vs PNET classification", 0.2)
        penalise(scores, ("lesion type classification", "renal mass characterization", *ask.existence_tasks()), 0.15)


def symmetry_offered(scores: dict[str, float], ask: Ask) -> None:
    """"Symmetric" against "Asymmetric" offered: the kidneys' symmetry, not which is larger."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    if len(options) >= 2 and sum(bool(re.search(SYMMETRY, o)) for o in options) >= 2 and not ask.lesion_named:
        boost(scores, "bilateral kidney asymmetry", 0.12)
        penalise(scores, ("kidney volume comparison",), 0.12)


def places_offered(scores: dict[str, float], ask: Ask) -> None:
    """Places offered to a stem asking where: the largest lesion's place, one of them, not two compared."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    if len(options) >= 2 and all(re.search(PLACES, o) for o in options) and re.search(WHERE, ask.opening or ask.low):
        boost(scores, "largest lesion location", 0.12)
        penalise(scores, ("inter-segment comparison", "multi-organ lesion burden comparison"), 0.12)


ATTENUATION = r"\b(hypo|iso|hyper)[- ]?(attenuat\w*|dens\w*|enhanc\w*)"
AGAINST_ORGAN = (r"\b(relative to|compared (with|to)|(in )?comparison (with|to)|than|versus|vs\.?|against)\b[^?.]{0,40}"
                 r"\b(parenchyma|surrounding|background|host|organ|liver|kidneys?|renal|pancrea\w*|spleen)\b")


def attenuation_against_organ(scores: dict[str, float], ask: Ask) -> None:
    """Attenuation categories offered for a lesion set against its organ: the largest lesion's attenuation."""
    options = [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []
    if sum(bool(re.search(ATTENUATION, o)) for o in options) >= 2 and re.search(AGAINST_ORGAN, ask.low):
        boost(scores, "largest lesion attenuation", 0.15)
        penalise(scores, ("renal mass characterization", "lesion type classification"), 0.15)


FINDING = (r"\b(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?|metasta\w*|mets|pdac|p?nets?|carcinoma|adenocarcinoma|cancer|"
           r"neoplasm|focal)\b")
COUNTED = rf"^\s*(\d+|no|zero|none|one|two|three|four|five|single|solitary|multiple)\b[^,;]{{0,30}}{FINDING}|^\s*\d+\s*(\+|or more)?\s*$"
ABSENT = r"^\s*(no|none|nowhere|absent|not (present|seen)|without)\b"
DISTRIBUTION = r"\b(cluster\w*|scatter\w*|grouped|spread|dissemin\w*|diffuse\w*|confined|(one|single|same) segment)\b"


def _options(ask: Ask) -> list[str]:
    return [o.text.lower() for o in ask.choice_set.options] if ask.choice_set is not None else []


def counts_offered(scores: dict[str, float], ask: Ask) -> None:
    """Counts of lesions offered: counting, in a place when the options name one; not places compared."""
    options = _options(ask)
    if len(options) < 2 or not all(re.search(COUNTED, o) for o in options) or not any(re.search(FINDING, o) or re.search(
            r"\b(how many|count\w*|number)\b", ask.low) for o in options):
        return
    placed = all(re.search(PLACES, o) for o in options) or bool(re.search(PLACES, ask.low))
    boost(scores, "lesion count by location" if placed else "lesion counting", 0.15)
    penalise(scores, ("inter-segment comparison", "largest lesion location", "lesion type classification",
                      "liver lesion clustering", *ask.existence_tasks()), 0.2)


def absence_offered(scores: dict[str, float], ask: Ask) -> None:
    """A finding (or its organ) against its absence: the finding's existence, not its type, place or neighbour."""
    options = _options(ask)
    absent = [o for o in options if re.search(ABSENT, o)]
    present = [o for o in options if o not in absent]
    if len(options) < 2 or not absent or not present or re.search(r"\b(fat\w*|steato\w*|enlarg\w*|megaly|normal)\b",
                                                                 " ".join(options)):
        return
    if not all(re.search(FINDING, o) or re.search(r"\bnowhere\b", o) for o in absent):
        return
    if any(re.search(PLACES, o) for o in present):
        return  # "Head / Body / Tail / No tumour": where the lesion lies, "none" among the places
    for task in ask.existence_tasks():
        boost(scores, task, 0.12)
    penalise(scores, ("lesion type classification", "largest lesion location", "adjacent organ", "inter-segment comparison",
                      "renal mass characterization", "PDAC vs PNET classification", "multi-organ lesion burden comparison",
                      "lesion count by location", "bilateral kidney asymmetry", "kidney volume comparison"), 0.2)


def distribution_offered(scores: dict[str, float], ask: Ask) -> None:
    """A distribution of the lesions offered (clustered against scattered): their clustering."""
    if sum(bool(re.search(DISTRIBUTION, o)) for o in _options(ask)) >= 2:
        boost(scores, "liver lesion clustering", 0.15)
        penalise(scores, ("lesion type classification", "inter-segment comparison", "lesion count by location"), 0.12)


GATES = (diagnoses_offered, symmetry_offered, places_offered, attenuation_against_organ, counts_offered,
         absence_offered, distribution_offered)
