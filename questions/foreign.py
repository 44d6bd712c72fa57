"""Organ, side and report words of another language inside an English question, read as their English words.

A multilingual radiologist types "Is the Milz enlarged?", "volume of the linke Niere", "cyst in the rein droit?",
"lesions in the riñón izquierdo", "the Befund, please": the rest of the question is English, only the organ (with its
side) or the report is named in German, French, Spanish, Italian, Portuguese or Dutch. `english_organ_words` rewrites
those names so entities, cues and the embedder read the organ they know. Only organ, side and report nouns are
translated; a word that is also ordinary English ("rate", "rim", "lever", "rein") is read as an organ only with the
article or side word of its own language around it ("la rate", "o rim", "de lever", "rein gauche").
"""

from __future__ import annotations

import re

_LEFT = r"(?:gauche|izquierd[oa]|sinistr[oa]|esquerd[oa]|links)"
_RIGHT = r"(?:droite?|derech[oa]|destr[oa]|direit[oa]|rechts)"
_KIDNEY = r"(?:reins?|riñ[oó]n|ri[nñ]ones|rinon|rene|reni|rim|rins|nier(?:en)?|niere)"
"""Kidney in French, Spanish, Italian, Portuguese, Dutch and German (singular and plural)."""

FOREIGN_TERMS: list[tuple[str, str]] = [
    # sides first: the adjective before the noun (German, Dutch) or after it (French, Spanish, Italian, Portuguese)
    (r"\b(?:linke[nrs]?|linker|linkse)[ -]?(?:niere|nier)\b", "left kidney"),
    (r"\b(?:rechte[nrs]?|rechter|rechtse)[ -]?(?:niere|nier)\b", "right kidney"),
    (rf"\b{_KIDNEY}\s+{_LEFT}\b", "left kidney"),
    (rf"\b{_KIDNEY}\s+{_RIGHT}\b", "right kidney"),
    (r"\b(?:nieren|reins|riñones|rinones|reni|rins)\b", "kidneys"),
    (r"\b(?:niere|nier|riñ[oó]n|rinon|rene)\b", "kidney"),
    (r"\b(?:o|do|no|um|ao) rim\b", "the kidney"), (r"\b(?:le|du|un|au) rein\b", "the kidney"),
    # liver, spleen, pancreas
    (r"\b(?:leber|foie|h[ií]gado|fegato|f[ií]gado)\b", "liver"), (r"\b(?:de|der|van de|het) lever\b", "the liver"),
    (r"\b(?:milz|bazo|milza|ba[çc]o|milt)\b", "spleen"), (r"\b(?:la|de la|sa) rate\b", "the spleen"),
    (r"\b(?:bauchspeicheldr[üu]se|pankreas|pancréas|p[áâ]ncreas|alvleesklier)\b", "pancreas"),
    # gall bladder, stomach, colon
    (r"\b(?:gallenblase|v[ée]sicule biliaire|ves[ií]cula biliar|colecisti|cistifellea|vescic(?:ol|hett)?a biliare|"
     r"galblaas)\b", "gallbladder"),
    (r"\b(?:magen|estomac|est[óô]mago|stomaco|maag)\b", "stomach"),
    (r"\b(?:dickdarm|gros intestin|intestino grueso|intestino grosso|grosso intestino|intestino crasso|dikke darm|"
     r"c[ôó]lon|kolon)\b", "colon"),
    # aorta, inferior vena cava
    (r"\b(?:aorte|hauptschlagader)\b", "aorta"),
    (r"\b(?:untere hohlvene|veine cave inf[ée]rieure|vena cava inferior(?:e)?|veia cava inferior|"
     r"onderste holle ader)\b", "inferior vena cava"),
    # the report
    (r"\b(?:befund(?:bericht)?|compte[- ]rendu|informe|referto|laudo|relat[óo]rio|verslag)\b", "report"),
]
"""(pattern, English words): organ, side and report nouns of six languages; matched case-insensitively."""
_COMPILED = [(re.compile(pattern, re.IGNORECASE), english) for pattern, english in FOREIGN_TERMS]


def english_organ_words(text: str) -> str:
    """The text with organ, side and report nouns of another language written in English.

    "Is there a cyst in the rein gauche?" -> "Is there a cyst in the left kidney?"; "Is the Milz enlarged?" ->
    "Is the spleen enlarged?". Everything else is left as typed.
    """
    for pattern, english in _COMPILED:
        text = pattern.sub(english, text)
    return text
