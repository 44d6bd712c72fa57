"""Gates on what is asked of a lesion group, where the embedder reads the finding but not the ask.

- one lesion unlike the others ("odd one out", "atypical compared with the rest", "any single one of
  them behaving differently") is the outlier question, not the group's presence or a kidney comparison;
- a kidney mass characterised ("Characterise the renal mass", "complex cystic or predominantly
  solid", Bosniak) is renal mass characterization even when solid and cystic are offered; "solid or
  cystic?" alone is the lesion type;
- a lesion's kind asked ("Classify the hepatic lesion type", "Liver lesion nature?", "cystic or solid
  tumour?", "What kind of lesion is in the pancreas?") is the lesion type, not its presence; a
  pancreatic kind is PDAC versus PNET only when those are named;
- two liver lobes set against each other by their lesions is the comparison of sub-segments.
"""

from __future__ import annotations

import re

from questions.ask import Ask, boost, penalise
from questions.gates_kind import UNLIKE_THE_REST

CHARACTERISED = (r"\bcharacteri[sz]\w*|\bbosniak\b|\bcomplex cyst\w*|\bpredominantly (solid|cystic)\b|"
                 r"\b(septat\w*|multilocular|minimally complex)\b")
"""Words of renal mass characterisation (Bosniak 2019), beyond solid versus cystic."""
KIND_NAMED = (r"\b(classify|categori[sz]e)\b[^?]{0,30}\b(type|kind|nature)\b|\b(lesion|tumou?r|mass|cyst|nodule)s? "
              r"(type|kind|nature)\b|\b(type|kind|nature|sort) of (the )?(\w+ )?(lesion|tumou?r|mass|nodule)s?\b")
"""A lesion's kind asked by name: its type, kind or nature."""
CYST_OR_SOLID = r"\b(cystic|cyst) or (a )?(solid|tumou?r\w*|neoplas\w*)|\b(solid|tumou?r) or (a )?(cyst|cystic)\b"
"""Cyst against solid tumour: the kind, unless presence is asked ("Is there a pancreatic tumour or cyst?")."""
PRESENCE = r"^\s*((is|are) there|any|(does|do) (the |this |either )?(\w+ ){0,2}(have|contain|show|harbou?r))\b"
PANCREATIC_TYPES = r"\b(pdac|p?nets?|adenocarcinoma|neuroendocrine|islet)\b"
LOBES_COMPARED = (r"\b(right|left|caudate)( hepatic| liver)? lobe\b[^?]{0,30}\b(or|versus|vs|than|compared (with|to))\b[^?]{0,20}"
                  r"\b(right|left|caudate)( hepatic| liver)? lobe\b|\b(right|left) (or|versus|vs) (the )?(right|left)( hepatic| liver)? "
                  r"lobes?\b")
"""Two liver lobes set against each other ("Does the right lobe or the left lobe contain more tumour?")."""


def one_unlike_the_rest(scores: dict[str, float], ask: Ask) -> None:
    """One lesion against the others of its group is the outlier question."""
    if not ask.lesion_named or not ask.has(UNLIKE_THE_REST):
        return
    boost(scores, "lesion outlier", 0.2)
    penalise(scores, ("bilateral kidney asymmetry", "kidney volume comparison", *ask.existence_tasks()), 0.15)


def renal_characterised(scores: dict[str, float], ask: Ask) -> None:
    """A kidney mass characterised is renal mass characterization, whatever kinds are offered."""
    if "kidney" in ask.organs and ask.lesion_named and ask.has(CHARACTERISED, with_options=True) and not ask.has(
            r"\b(attenuation|density|enhancement) of\b"):
        boost(scores, "renal mass characterization", 0.15)
        penalise(scores, ("lesion type classification",), 0.1)


def kind_of_lesion(scores: dict[str, float], ask: Ask) -> None:
    """A lesion's kind asked is the lesion type, not its presence; pancreatic types only when they are named."""
    offered = ask.choice_set is not None and ask.has(r"\b(cyst|cystic)\b", with_options=True) and ask.has(
        r"\b(tumou?r|solid)\b", with_options=True)
    alternatives = ask.has(CYST_OR_SOLID) and not re.match(PRESENCE, ask.opening)
    if not ask.lesion_named or ("kidney" in ask.organs and ask.has(CHARACTERISED, with_options=True)) or not (
            ask.has(KIND_NAMED) or alternatives or offered):
        return
    named = 0.2 if ask.has(KIND_NAMED) else 0.12  # "Liver lesion nature?" names the ask; cyst and tumour offered hint it
    boost(scores, "lesion type classification", named)
    penalise(scores, ask.existence_tasks(), named)
    if not ask.has(PANCREATIC_TYPES, with_options=True):
        penalise(scores, ("PDAC vs PNET classification",), 0.1)


def lobes_compared(scores: dict[str, float], ask: Ask) -> None:
    """Two liver lobes compared by their lesions is the comparison of sub-segments, not the lesions' presence."""
    if ask.lesion_named and ask.has(LOBES_COMPARED) and ask.has(r"\b(more|most|fewer|less|greater|heavier|larger|bigger|"
                                                                r"which|burden|load)\b"):
        boost(scores, "inter-segment comparison", 0.2)
        penalise(scores, (*ask.existence_tasks(), "bilateral kidney asymmetry", "kidney volume comparison",
                          "adjacent organ"), 0.15)  # "more involved" compares the lobes, it names no neighbour


GATES = (one_unlike_the_rest, renal_characterised, kind_of_lesion, lobes_compared)
"""In the order `questions.gates.apply` runs them, after the kind and measure gates."""
