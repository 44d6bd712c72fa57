"""A question asked wholly in German, Spanish, French, Portuguese or Japanese, read in English words.

`questions.foreign` reads an organ named in another language inside an English question. A question asked wholly in
another language ("Anzahl der Leberherde?", "¿Cuántas lesiones renales hay?", "腎嚢胞はありますか?") also names its
finding and its task in that language, and German glues them to the organ ("Nierenläsion", "Pankreasvolumen"). Here
a small clinical vocabulary writes the finding words (lesion, cyst, tumour, carcinoma), the task words (volume,
attenuation, diameter, number, grade, stage, change, slice, segment, resectability, distribution, burden) and the
question words (which, how many, is there) in English; German compounds are split at the organ first, Japanese words
are written with spaces, and a Japanese "... はありますか" ("is there ...") is asked first. Function words
(articles, prepositions) are translated only once a clinical word of that language was found, so an English
question keeps its own "die", "la", "son".
"""

from __future__ import annotations

import re

from questions.foreign import english_organ_words

__all__ = ["english_question"]

JAPANESE: list[tuple[str, str]] = [
    ("膵管癌", "ductal adenocarcinoma"), ("膵癌", "pancreatic cancer"), ("膵腫瘍", "pancreatic tumor"),
    ("腎嚢胞", "kidney cyst"), ("肝病変", "liver lesion"), ("肝脂肪", "liver fat"), ("脂肪肝", "fatty liver"),
    ("脂肪浸潤", "fatty infiltration"), ("脾腫", "splenomegaly"), ("肝腫大", "hepatomegaly"),
    ("肝臓", "liver"), ("脾臓", "spleen"), ("膵臓", "pancreas"), ("腎臓", "kidney"), ("大腸", "colon"), ("結腸", "colon"),
    ("胆嚢", "gallbladder"), ("胃", "stomach"), ("肝", "liver"), ("脾", "spleen"), ("膵", "pancreatic"), ("腎", "kidney"),
    ("腫瘍", "tumor"), ("腫瘤", "mass"), ("しこり", "lump"), ("嚢胞", "cyst"), ("病変", "lesion"), ("転移", "metastasis"),
    ("癌", "cancer"), ("脂肪", "fat"), ("体積", "volume"), ("容積", "volume"), ("CT値", "HU"), ("区域", "segment"),
    ("T分類", "T stage"), ("分類", "classification"), ("病期", "stage"), ("グレード", "grade"), ("程度", "grade"),
    ("軽度", "mild"), ("中等度", "moderate"), ("高度", "severe"), ("最大の", "largest "), ("最大", "largest"),
    ("何個", "how many"), ("いくつ", "what"), ("どの", "which"), ("どちら", "which"), ("数", "number"),
    ("はい", "yes"), ("いいえ", "no"), ("教えてください", "please"), ("ですか", ""), ("ありますか", "is there"),
]
"""Japanese clinical and question words (longer compounds first)."""
_JAPANESE_PARTICLES = re.compile(r"[はにのをがでと、。]")
_KANA = re.compile(r"[\u3040-\u30ff]")
"""Hiragana or katakana: the text is Japanese (a Chinese question, with kanji alone, is not read by this vocabulary)."""

ORGAN_PREFIX = re.compile(r"\b(?:gesamt(?=[a-zäöüß]{4,}))?(leber|nieren|niere|pankreas|milz|kolon|darm|gallenblasen)(?=[a-zäöüß]{3,})", re.IGNORECASE)
"""A German organ glued to its noun ("Leberherd", "Nierenläsion", "Pankreasvolumen"): split at the organ."""

CLINICAL: list[tuple[str, str]] = [
    # whole findings and compounds first
    (r"\bfettleber\b", "fatty liver"), (r"\bh[ií]gado graso\b", "fatty liver"), (r"\bf[ií]gado gorduroso\b", "fatty liver"),
    (r"\bpfortaderhochdruck\b", "portal hypertension"), (r"\bhipertens[ií][oóã]o? portal\b", "portal hypertension"),
    (r"\bhypertension portale\b", "portal hypertension"), (r"\bportale hypertension\b", "portal hypertension"),
    (r"\b(?:pankreas)?lipomatose\b", "fatty pancreas steatosis"), (r"\btumorlast\b", "tumor burden"),
    (r"\bcarga tumoral\b", "tumor burden"), (r"\bcharge tumorale\b", "tumor burden"),
    (r"\b(?:pseudozysten?|pseudokystes?|pseudoquistes?|pseudocistos?)\b", "pseudocyst"),
    (r"\b(?:splenomegalie|esplenomegalia|spl[ée]nom[ée]galie)\b", "splenomegaly"),
    (r"\b(?:hepatomegalie|hepatomegalia|h[ée]patom[ée]galie)\b", "hepatomegaly"),
    (r"\b(?:steatose|esteatosis|esteatose|st[ée]atose)\b", "steatosis"),
    (r"\btumor(?:es)? neuroendocrinos?\b", "neuroendocrine tumor"), (r"\btumeurs? neuroendocrines?\b", "neuroendocrine tumor"),
    (r"\bneuroendokrine[rn]?\b", "neuroendocrine"),
    (r"\bnormalwert(?:e|en)?\b", "normal values"), (r"\bvalores normales\b", "normal values"),
    (r"\bvaleurs normales\b", "normal values"), (r"\bvalores normais\b", "normal values"),
    # finding nouns
    (r"\b(?:l[äa]sionen|l[ée]sions|lesiones|les[õo]es|lesioni)\b", "lesions"),
    (r"\b(?:l[äa]sion|l[ée]sion|lesi[óo]n|les[ãa]o|lesione)\b", "lesion"),
    (r"\b(?:herde|herden|rundherde)\b", "lesions"), (r"\b(?:herd|herdes|rundherd)\b", "lesion"),
    (r"\b(?:zysten|kystes|quistes|cistos|cisti)\b", "cysts"), (r"\b(?:zyste|kyste|quiste|cisto|cisti)\b", "cyst"),
    (r"\b(?:tumeurs|tumoren|tumores)\b", "tumors"), (r"\btumeur\b", "tumor"),
    (r"\b(?:karzinoms?|carcinome|karzinom)\b", "carcinoma"), (r"\bad[ée]nocarcinome\b", "adenocarcinoma"),
    (r"\b(?:masa|masse|massa)\b", "mass"), (r"\b(?:metastasen|m[ée]tastases|met[áa]stasis|met[áa]stases)\b", "metastases"),
    (r"\bnodules? h[ée]patiques?\b", "liver lesion"),
    # organ adjectives
    (r"\b(?:h[ée]patiques?|hep[áa]tic[oa]s?|hepatisch(?:e[nrs]?)?)\b", "hepatic"),
    (r"\b(?:r[ée]nale?s?|renales)\b", "renal"), (r"\b(?:pancr[ée]atiques?|pancre[áa]tic[oa]s?|pankreatisch(?:e[nrs]?)?)\b", "pancreatic"),
    (r"\b(?:coliques?|c[óo]lic[oa]s?)\b", "colonic"), (r"\b(?:spl[ée]niques?|espl[ée]nic[oa]s?)\b", "splenic"),
    (r"\b(?:kystiques?|qu[ií]stic[oa]s?|c[ií]stic[oa]s?|zystisch(?:e[nrs]?)?)\b", "cystic"),
    (r"\b(?:s[óo]lid[oa]s?|solide[nrs]?)\b", "solid"), (r"\bdukta(?:l|le[nrs]?)\b", "ductal"),
    (r"\bmuzin[öo]se?[nrs]?\b", "mucinous"), (r"\b(?:hiperatenuante|hyperdense?)\b", "hyperattenuating"),
    # task words
    (r"\b(?:t-stadium|estadio t|stade t|est[áa]dio t)\b", "T stage"),
    (r"\b(?:stadium|estadio|stade|est[áa]dio|estadiamento)\b", "stage"),
    (r"\b(?:schweregrad|grad|grado|grau|degr[ée])\b", "grade"),
    (r"\bdichteverhalten\b", "attenuation"), (r"\b(?:dichte|densit[ée]|densidad|densidade)\b", "attenuation"),
    (r"\b(?:quotient|verh[äa]ltnis|relaci[óo]n|raz[ãa]o)\b", "ratio"),
    (r"\bpar rapport (?:au|à la|à l'|aux|à)\b", "relative to the"), (r"\brapport\b(?= (?:de |d')?(?:densit|attenuation))", "ratio"),
    (r"(?<=liver)\s*/\s*rate\b", "/spleen"),
    (r"\b(?:durchmesser|di[áaâ]metro|diam[èe]tre)\b", "diameter"), (r"\bvolum(?:en|e)\b", "volume"),
    (r"\banzahl (?:der|an)\b", "number of the"), (r"\b(?:anzahl|n[úu]mero|quantidade)\b", "number"), (r"\bnombre de\b", "number of"),
    (r"\b(?:wie viele|cu[áa]nt[oa]s|quant[oa]s|combien de)\b", "how many"),
    (r"\b(?:ver[äa]nderung|[äa]nderung|cambio|changement|mudan[çc]a|altera[çc][ãa]o|evoluci[óo]n)\b", "change"),
    (r"\b(?:voruntersuchung|vorbefund|voraufnahme)\b", "prior study"),
    (r"\b(?:estudio (?:previo|anterior)|examen ant[ée]rieur|exame anterior)\b", "prior study"),
    (r"\b(?:estudio basal|examen initial|baseline-untersuchung)\b", "baseline study"),
    (r"\b(?:resektabilit[äa]t|resecabilidad|r[ée]s[ée]cabilit[ée]|ressecabilidade)\b", "resectability"),
    (r"\b(?:resektionsindikation)\b", "resection indication"), (r"\b(?:resecci[óo]n|r[ée]section|resek(?:tion)?)\b", "resection"),
    (r"\b(?:schicht|corte|coupe)\b", "slice"), (r"\b(?:segmento|lebersegment)\b", "segment"),
    (r"\b(?:verteilung|distribuci[óo]n|distribui[çc][ãa]o)\b", "distribution"),
    (r"\b(?:geh[äa]uft|agrupad[oa]s|group[ée]e?s|agrupad[oa]s)\b", "clustered"),
    (r"\b(?:disseminiert|distribuid[oa]s|diseminad[oa]s|diss[ée]min[ée]e?s|dispers[oa]s)\b", "scattered"),
    (r"\b(?:prozent|porcentaje|pourcentage|porcentagem)\b", "percentage"),
    (r"\b(?:angrenzende organe|[óo]rganos adyacentes|organes adjacents|[óo]rg[ãa]os adjacentes)\b", "adjacent organs"),
    (r"\b(?:charakterisierung|caracterizaci[óo]n|caract[ée]risation|caracteriza[çc][ãa]o)\b", "characterization"),
    (r"\b(?:vergr[öo][ßs]ert|agrandie?|aumentad[oa]|aument[ée]e?)\b", "enlarged"),
    (r"\b(?:seitengleich|sim[ée]tric[oa]s?|sym[ée]triques?)\b", "symmetric"),
    (r"\b(?:asymmetrie|asimetr[ií]a|asym[ée]trie|assimetria)\b", "asymmetry"),
    (r"\b(?:respuesta|r[ée]ponse|resposta|ansprechen)\b", "response"),
    (r"\b(?:diferencia|unterschied|diff[ée]rence|diferen[çc]a)\b", "difference"),
    (r"\b(?:lokalisation|localisation|localizaci[óo]n|localiza[çc][ãa]o)\b", "location"),
    (r"\b(?:gr[öo][ßs]e|taille|tama[ñn]o|tamanho)\b", "size"),
    (r"\b(?:am gr[öo][ßs]ten|gr[öo][ßs]te[nrs]?|plus gros(?:se)?|plus grande?|maior(?:es)?)\b", "largest"),
    (r"\b(?:gr[öo][ßs]er)\b", "larger"),
    (r"\b(?:am st[äa]rksten befallen)\b", "most involved"), (r"\b(?:dominanten?|dominante)\b", "dominant"),
    (r"\b(?:vorhanden|presente|pr[ée]sente?)\b", "present"), (r"\bsichtbar\b", "visible"),
    (r"\b(?:definiert|definid[oa]|d[ée]finie?)\b", "defined"), (r"\bvolumetrisch\b", "by volume"),
    (r"\bnativ\b", "non-contrast"), (r"\beisen[üu]berladung\b", "iron overload"),
    (r"\b(?:ja|s[ií]|oui|sim)\s*/\s*(?:nein|no|non|n[ãa]o)\b", "yes/no"),
]
"""Clinical words of German, Spanish, French and Portuguese (matched case-insensitively, in this order)."""

FOREIGN_ONLY: list[tuple[str, str]] = [
    (r"\buh\b", "HU"), (r"\b(?:tne|tnep)\b", "neuroendocrine tumor"),
    (r"^\s*¿?\s*(?:hay|existe|tem|h[áa]|y a-t-il|gibt es)\b", "is there"), (r"\bgibt es\b", "is there"),
    (r"\b(?:el|la|los|las) (?=(?:[\wáéíóúñ]+ ){0,3}m[áa]s grande)", "the "),
    (r"\bm[áa]s grande\b(?= (?:tiene|que|en|de)\b| \w+ (?:tiene|su)\b)", "largest"), (r"\bm[áa]s grande\b", "larger"),
    (r"\b(?:la|el|les|las) mayor\b", "the largest"), (r"\bmayor\b", "larger"),
    (r"\b(?:welche[mnrs]?|cu[áa]l|qu[ée]|quel(?:le)?s?|qual|quais)\b", "which"), (r"\b(?:wo|d[óo]nde|où|onde)(?!\w)", "where"),
    (r"\bwie gro[ßs] ist\b", "how large is"), (r"\b(?:wie|c[óo]mo|comment|como)\b", "how"), (r"\bist\b", "is"), (r"\b(?:est-il|est-elle|est|es|[ée])(?!\w)", "is"),
    (r"\b(?:tiene|tem|hat)\b", "has"), (r"\b(?:oder|ou|o)\b", "or"), (r"\b(?:und|et|y|e)\b", "and"),
    (r"\b(?:ohne|sin|sans|sem)\b", "without"), (r"\b(?:keine?[nrs]?|ning[úu]n[oa]?|aucune?|nenhum[a]?)\b", "no"),
    (r"\b(?:zwischen|entre)\b", "between"), (r"\b(?:mehr|m[áa]s|plus|mais)\b", "more"),
    (r"\b(?:sano|sana|gesunde[mnrs]?|sain|saud[áa]vel)\b", "normal"), (r"\b(?:ambos|beide[n]?|les deux)\b", "both"),
    (r"\b(?:m[áa]xim[oa]|maximale?[nrs]?)\b", "maximum"), (r"\b(?:est[áa]n|sind|sont|s[ãa]o)\b", "are"),
    (r"\b(?:su|sa|son|sein|seine|ihr|ihre)\b", "its"), (r"\b(?:alguna?|alg[uú]n|irgendein(?:e[nrs]?)?)\b", "any"),
    (r"\b(?:links|gauche|izquierd[oa]|esquerd[oa])\b", "left"), (r"\b(?:rechts|droite?|derech[oa]|direit[oa])\b", "right"),
    (r"\bdeutlich\b", "clearly"), (r"\balle anderen\b", "all others"), (r"\bals\b", "than"),
    (r"\b(?:bitte|por favor|s'il vous pla[iî]t)\b", "please"), (r"\b(?:zur|zum|im|am)\b", "to the"),
    (r"\b(?:der|die|das|des|dem|den|el|la|los|las|le|les|o|os|un|una|une|ein|eine[nmrs]?)\b", "the"),
    (r"\b(?:von|del|de la|de|du|da|do|das|dos)\b\s*|\bd'\s*", "of "), (r"\b(?:en|em|in der|in)\b", "in"),
    (r"\b(?:nach|seg[úu]n|selon|segundo)\b", "by"), (r"\b(?:anhand|por|par|pelo|pela)\b", "by"),
]
"""Function words of those languages, translated only once a clinical word of theirs was found."""

NOUN_ADJECTIVE = re.compile(r"\b(lesions?|cysts?|tumors?|mass|masses|nodules?|carcinoma|adenocarcinoma|lesion focal)"
                            r" (hepatic|renal|pancreatic|colonic|splenic)\b", re.IGNORECASE)
"""A finding with its organ adjective after it, as Romance languages order them ("lesión renal"): the English order."""

_CLINICAL = [(re.compile(p, re.IGNORECASE), e) for p, e in CLINICAL]
_FOREIGN_ONLY = [(re.compile(p, re.IGNORECASE), e) for p, e in FOREIGN_ONLY]
_FOREIGN_MARK = re.compile(r"[¿¡äöüßàâçéèêëîïôùûñãõáíóú]|\b(?:der|die|das|ist|gibt|wie|welche[mnrs]?|el|los|las|hay|qu[ée]|"
                           r"cu[áa]l|est-il|du|des|une|qual|tem)\b", re.IGNORECASE)
"""Marks of a question written in another language: its letters or its commonest question and article words."""


def _split_compound(match: re.Match[str]) -> str:
    """ "Gesamtnierenvolumen" -> "total nieren volumen"; "Leberherd" -> "leber herd"."""
    total = "total " if match.group(0).lower().startswith("gesamt") else ""
    return f"{total}{match.group(1)} "


def _japanese(text: str) -> str:
    """Japanese words written in English with spaces; "... はありますか" asked first as "is there ..."."""
    asks_presence = re.search(r"(?:は|が)?ありますか", text) is not None
    for word, english in JAPANESE:
        text = text.replace(word, f" {english} " if english else " ")
    text = _JAPANESE_PARTICLES.sub(" ", text).replace("?", " ?").replace("(", " (").replace(")", ") ")
    text = re.sub(r"\s+", " ", text).strip()
    if asks_presence:
        text = "is there " + re.sub(r"\bis there\b", "", text).replace("  ", " ").strip()
    return re.sub(r"\s+([?.:])", r"\1", text)


def english_question(text: str) -> str:
    """The text with clinical, task and question words of another language written in English (module docstring).

    "Anzahl der Leberherde?" -> "number of the liver lesions?"; "腎嚢胞はありますか?" -> "is there kidney cyst?".
    An English question is returned as typed.
    """
    if _KANA.search(text):
        text = _japanese(text)
    split = ORGAN_PREFIX.sub(_split_compound, text)
    foreign = _FOREIGN_MARK.search(text) is not None or split != text  # or a German compound split at its organ
    text = english_organ_words(split)
    found = text != split
    for pattern, english in _CLINICAL:
        found = found or any(m.group(0).lower() != english.lower() for m in pattern.finditer(text))
        text = pattern.sub(english, text)
    if found and foreign:
        for pattern, english in _FOREIGN_ONLY:
            text = pattern.sub(english, text)
        text = NOUN_ADJECTIVE.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)
        text = re.sub(r"^\s*¿\s*|¿", "", text).replace(" ?", "?")
    return re.sub(r"[ \t]{2,}", " ", text)
