"""Clinical words of another language read in English: one vocabulary for an organ named inside an English question and
for a question asked wholly in German, Spanish, French, Italian, Portuguese, Dutch, Japanese or Chinese.

A multilingual radiologist types "Is the Milz enlarged?", "volume of the linke Niere", "the Befund, please": the rest of
the question is English, only the organ (with its side) or the report is named in another language. A question asked
wholly in another language ("Anzahl der Leberherde?", "¿Cuántas lesiones renales hay?", "腎嚢胞はありますか?",
"胰腺有没有病灶？") also names its finding and its task in that language, and German glues them to the organ
("Nierenläsion", "Pankreasvolumen"). One table, `VOCABULARY`, holds every word, each with its reach (`Reach`):

- `organ`: organ, side and report nouns, read in any question (`english_organ_words`); a word that is also ordinary
  English ("rate", "rim", "lever", "rein") is read as an organ only with the article or side word of its own language
  around it ("la rate", "o rim", "de lever", "rein gauche");
- `clinical`: finding, task and question words (lesion, cyst, volume, attenuation, stage, change, ...), read in any
  question (none is an English word);
- `function`: articles, prepositions and question words, read only once a clinical word of that language was found,
  so an English question keeps its own "die", "la", "son".

German compounds are split at the organ first; Japanese and Chinese words (`CJK`, one table for both, kanji shared) are
written with spaces, and a "... はありますか" / "有没有 ..." ("is there ...") is asked first.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["CJK", "VOCABULARY", "english_organ_words", "english_question", "foreign_marked"]

Reach = Literal["organ", "clinical", "function"]
"""Where a word is read: in any question (`organ`, `clinical`), or only beside a clinical word of its language."""

CJK: list[tuple[str, str, str]] = [
    # Japanese (kana and kanji; longer compounds first)
    ("切除可能性分類", "resectability", "ja"), ("切除可能性", "resectability", "ja"), ("切除適応", "resection criteria", "ja"),
    ("切除", "resection", "ja"), ("単純嚢胞", "simple cyst", "ja"), ("不確定", "indeterminate", "ja"),
    ("低吸収", "hypoattenuating", "ja"), ("等吸収", "isoattenuating", "ja"), ("高吸収", "hyperattenuating", "ja"),
    ("周囲肝", "the surrounding liver", "ja"), ("濃度", "attenuation", "ja"), ("左右差", "left-right asymmetry", "ja"),
    ("両腎", "both kidneys", "ja"), ("合計", "total", "ja"), ("スライス番号", "slice number", "ja"), ("スライス", "slice", "ja"),
    ("最も大きく写っている", "largest", "ja"), ("隣接", "adjacent to", "ja"), ("膵管癌", "ductal adenocarcinoma", "ja"), ("膵癌", "pancreatic cancer", "ja"), ("膵腫瘍", "pancreatic tumor", "ja"),
    ("仮性嚢胞", "pseudocyst", "ja"), ("粘液性", "mucinous", "ja"), ("右腎", "right kidney", "ja"), ("左腎", "left kidney", "ja"),
    ("門脈圧亢進", "portal hypertension", "ja"), ("腎嚢胞", "kidney cyst", "ja"), ("肝病変", "liver lesion", "ja"), ("肝脂肪", "liver fat", "ja"), ("脂肪肝", "fatty liver", "ja"),
    ("脂肪浸潤", "fatty infiltration", "ja"), ("脾腫", "splenomegaly", "ja"), ("肝腫大", "hepatomegaly", "ja"),
    ("肝臓", "liver", "ja"), ("脾臓", "spleen", "ja"), ("膵臓", "pancreas", "ja"), ("腎臓", "kidney", "ja"), ("大腸", "colon", "ja"), ("結腸", "colon", "ja"),
    ("胆嚢", "gallbladder", "ja"), ("胃", "stomach", "ja"), ("肝", "liver", "ja"), ("脾", "spleen", "ja"), ("膵", "pancreatic", "ja"), ("腎", "kidney", "ja"),
    ("腫瘍", "tumor", "ja"), ("腫瘤", "mass", "ja"), ("しこり", "lump", "ja"), ("嚢胞", "cyst", "ja"), ("病変", "lesion", "ja"), ("転移", "metastasis", "ja"),
    ("癌", "cancer", "ja"), ("脂肪", "fat", "ja"), ("体積", "volume", "ja"), ("容積", "volume", "ja"), ("CT値", "HU", "ja"), ("区域", "segment", "ja"),
    ("T分類", "T stage", "ja"), ("分類", "classification", "ja"), ("病期", "stage", "ja"), ("グレード", "grade", "ja"), ("程度", "grade", "ja"),
    ("軽度", "mild", "ja"), ("中等度", "moderate", "ja"), ("高度", "severe", "ja"), ("最大の", "largest ", "ja"), ("最大", "largest", "ja"),
    ("何個", "how many", "ja"), ("いくつ", "what", "ja"), ("どの", "which", "ja"), ("どちら", "which", "ja"), ("数", "number", "ja"),
    ("はい", "yes", "ja"), ("いいえ", "no", "ja"), ("教えてください", "please", "ja"), ("ですか", "", "ja"), ("ありますか", "is there", "ja"),
    ("比較", "compared", "ja"), ("それとも", "or", "ja"), ("平均", "mean", "ja"), ("読影レポート", "report", "ja"),
    ("レポート", "report", "ja"), ("作成して", "write", "ja"), ("この", "this", "ja"), ("ください", "please", "ja"), ("腹部", "abdominal", "ja"), ("変化", "change", "ja"), ("比", "ratio", "ja"), ("も含む", " included", "ja"), ("を含む", " included", "ja"),
    # Chinese (simplified, with the traditional forms that differ; longer compounds first)
    ("脂肪浸润", "fatty infiltration", "zh"), ("胰头", "pancreatic head", "zh"), ("胰体", "pancreatic body", "zh"),
    ("胰尾", "pancreatic tail", "zh"), ("更大", "larger", "zh"), ("部分", "part", "zh"),
    ("假性囊肿", "pseudocyst", "zh"), ("囊性病变", "cystic lesion", "zh"), ("相邻", "adjacent to", "zh"),
    ("上次检查", "the prior scan", "zh"), ("集中分布", "clustered", "zh"), ("散在分布", "widely distributed", "zh"),
    ("占位性病变", "mass lesion", "zh"), ("占位", "mass", "zh"), ("集中", "clustered", "zh"), ("分散", "widely distributed", "zh"),
    ("比其他大很多", "much larger than the others", "zh"), ("比其他", "than the others", "zh"),
    ("导管腺癌", "ductal adenocarcinoma", "zh"), ("神经内分泌肿瘤", "neuroendocrine tumor", "zh"), ("脂肪肝", "fatty liver", "zh"),
    ("门静脉高压", "portal hypertension", "zh"), ("门脉高压", "portal hypertension", "zh"), ("脾肿大", "splenomegaly", "zh"), ("脾大", "splenomegaly", "zh"),
    ("肝肿大", "hepatomegaly", "zh"), ("胰腺", "pancreas", "zh"), ("肝脏", "liver", "zh"), ("肝臟", "liver", "zh"),
    ("脾脏", "spleen", "zh"), ("脾臟", "spleen", "zh"), ("双肾", "both kidneys", "zh"), ("雙腎", "both kidneys", "zh"),
    ("左肾", "left kidney", "zh"), ("右肾", "right kidney", "zh"), ("肾脏", "kidney", "zh"), ("腎臟", "kidney", "zh"),
    ("结肠", "colon", "zh"), ("大肠", "colon", "zh"), ("胆囊", "gallbladder", "zh"), ("甲状腺", "thyroid", "zh"),
    ("病灶", "lesion", "zh"), ("病变", "lesion", "zh"), ("肿块", "mass", "zh"), ("肿瘤", "tumor", "zh"), ("囊肿", "cyst", "zh"),
    ("转移", "metastasis", "zh"), ("癌", "cancer", "zh"), ("体积", "volume", "zh"), ("容积", "volume", "zh"),
    ("CT值", "HU", "zh"), ("相比", "compared with", "zh"), ("比较", "compared", "zh"), ("对比", "compared with", "zh"),
    ("比值", "ratio", "zh"), ("比", "ratio", "zh"), ("直径", "diameter", "zh"), ("最大", "largest", "zh"),
    ("轴位层面", "axial slice", "zh"), ("层面", "slice", "zh"), ("肝段", "liver segment", "zh"), ("段", "segment", "zh"),
    ("T分期", "T stage", "zh"), ("分期", "stage", "zh"), ("分级", "grade", "zh"), ("程度", "grade", "zh"),
    ("不对称", "asymmetric", "zh"), ("对称", "symmetric", "zh"), ("增大", "enlarged", "zh"), ("变化", "change", "zh"),
    ("完整", "complete", "zh"), ("腹部", "abdominal", "zh"), ("报告", "report", "zh"), ("生成", "write", "zh"),
    ("有没有", "is there", "zh"), ("是否有", "is there", "zh"), ("有无", "is there", "zh"), ("还是", "or", "zh"),
    ("更像", "more likely", "zh"), ("哪一个", "which", "zh"), ("哪个", "which", "zh"), ("在哪", "where", "zh"),
    ("哪", "which", "zh"), ("多少个", "how many", "zh"), ("几个", "how many", "zh"), ("数量", "number", "zh"),
    ("个数", "number", "zh"), ("多少", "what", "zh"), ("毫升", "mL", "zh"), ("明显", "significantly", "zh"),
    ("是否", "whether", "zh"), ("平均", "mean", "zh"), ("总", "total", "zh"), ("左", "left", "zh"), ("右", "right", "zh"), ("请", "please", "zh"), ("肝", "liver", "zh"), ("脾", "spleen", "zh"), ("胰", "pancreas", "zh"),
    ("肾", "kidney", "zh"), ("肺", "lung", "zh"), ("是", "is", "zh"), ("有", "is there", "zh"),
    ("包括", "including", "zh"), ("包含", "including", "zh"), ("与", "and", "zh"), ("和", "and", "zh"), ("在", "in", "zh"), ("的", "", "zh"), ("吗", "", "zh"), ("呢", "", "zh"),
]
"""Japanese and Chinese clinical and question words (word, English, language: "ja" or "zh"), longer compounds first."""
_PARTICLES = {"ja": re.compile(r"[はにのをがでと、。]"), "zh": re.compile(r"[、。，]")}
_KANA = re.compile(r"[\u3040-\u30ff]")
"""Hiragana or katakana: the text is Japanese."""
_HANZI = re.compile(r"[\u4e00-\u9fff]")
"""Chinese characters without kana: the text is Chinese."""
_ASKS_PRESENCE = {"ja": r"(?:は|が)?ありますか", "zh": r"有没有|是否有|有无|^\s*有"}
"""A question asking whether something is there ("... はありますか", "有没有 ..."): asked first as "is there ..."."""

_LEFT = r"(?:gauche|izquierd[oa]|sinistr[oa]|esquerd[oa]|links)"
_RIGHT = r"(?:droite?|derech[oa]|destr[oa]|direit[oa]|rechts)"
_KIDNEY = r"(?:reins?|riñ[oó]n|ri[nñ]ones|rinon|rene|reni|rim|rins|nier(?:en)?|niere)"
"""Kidney in French, Spanish, Italian, Portuguese, Dutch and German (singular and plural)."""

ORGANS: list[tuple[str, str]] = [
    # sides first: the adjective before the noun (German, Dutch) or after it (French, Spanish, Italian, Portuguese)
    (r"\b(?:linke[nrs]?|linker|linkse)[ -]?(?:niere|nier)\b", "left kidney"),
    (r"\b(?:rechte[nrs]?|rechter|rechtse)[ -]?(?:niere|nier)\b", "right kidney"),
    (rf"\b{_KIDNEY}\s+{_LEFT}\b", "left kidney"),
    (rf"\b{_KIDNEY}\s+{_RIGHT}\b", "right kidney"),
    (r"\b(?:nieren|reins|riñones|rinones|reni|rins)\b", "kidneys"),
    (r"\b(?:niere|nier|riñ[oó]n|rinon|rene)\b", "kidney"),
    (r"\b(?:o|do|no|um|ao) rim\b", "the kidney"), (r"\b(?:le|du|un|au) rein\b", "the kidney"), (r"\bquel rein\b", "which kidney"),
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
    # organs outside the abdomen, so a question about them is known to be out of scope
    (r"\b(?:schilddr[üu]se|thyro[iï]de|tiroides|tiroide|tire[oó]ide|schildklier)\b", "thyroid"),
    (r"\b(?:lungen|poumons?|pulm[oó]n|pulmones|polmoni?|pulm[õo]es|pulm[ãa]o|longen?)\b", "lung"),
    (r"\b(?:herz|c[œo]eur|coraz[oó]n|cuore|cora[çc][ãa]o)\b", "heart"),
    # the report
    (r"\b(?:befund(?:bericht)?|compte[- ]rendu|informe|referto|laudo|relat[óo]rio|verslag)\b", "report"),
]
"""(pattern, English words): organ, side and report nouns of six languages, and organs outside the abdomen."""

ORGAN_PREFIX = re.compile(r"\b(?:gesamt(?=[a-zäöüß]{4,}))?(leber|nieren|niere|pankreas|milz|kolon|dickdarm|darm|gallenblasen)(?=[a-zäöüß]{3,})", re.IGNORECASE)
"""A German organ glued to its noun ("Leberherd", "Nierenläsion", "Pankreasvolumen"): split at the organ."""

CLINICAL: list[tuple[str, str]] = [
    # whole findings and compounds first
    (r"\bvergr[öo](?:ß|ss)erung\b", "enlargement"), (r"\brechts\b", "right"), (r"\blinks\b", "left"),
    (r"\braakt\b", "touches"), (r"\borganen\b", "organs"),
    (r"\bmilzvergr[öo](?:ß|ss)erung\b", "splenomegaly"), (r"\bsplenomegalie\b", "splenomegaly"),
    (r"\blebervergr[öo](?:ß|ss)erung\b", "hepatomegaly"), (r"\bvergr[öo](?:ß|ss)ert(?:e[nrs]?)?\b", "enlarged"),
    (r"\bnierenzysten?\b", "kidney cyst"), (r"\bpankreaszysten?\b", "pancreatic cyst"),
    (r"\boperieren oder [üu]berwachen\b", "resect or surveil"), (r"\bleverlaesies?\b", "liver lesion"),
    (r"\bpseudokystes?\b", "pseudocyst"), (r"\bindicaci[óo]n quir[úu]rgica\b", "indication for resection"),
    (r"\bfettleber\b", "fatty liver"), (r"\bh[ií]gado graso\b", "fatty liver"), (r"\bf[ií]gado gorduroso\b", "fatty liver"),
    (r"\bpfortaderhochdruck\b", "portal hypertension"), (r"\bhipertens[ií][oóã]o? portal\b", "portal hypertension"),
    (r"\bhypertension portale\b", "portal hypertension"), (r"\bportale hypertension\b", "portal hypertension"),
    (r"\b(?:gras(?:o|a|se)?|grass[oa]|gord[oa]|gorduros[oa]|graisseu(?:x|se)|verfettet(?:e[nrs]?)?)\b", "fatty"),
    (r"\bverfettung\b", "steatosis"), (r"\bsteatosegrad\b", "steatosis grade"),
    (r"\bdominante[nrs]? (?:l[äa]sion|herd)\b", "dominant lesion much larger than the others"),
    (r"\bdichtedifferenz\b", "HU difference"), (r"\bin he\b", "in HU"), (r"\bgrenzt\b", "abuts"),
    (r"\beinfache zyste\b", "simple cyst"), (r"\bunklar\b", "indeterminate"),
    (r"\b(?:indeterminad[oa]|ind[ée]termin[ée]e?|indeterminat[oa]|unbestimmt)\b", "indeterminate"),
    (r"\b(?:segmente|segmentos|segmenti)\b", "segments"), (r"\bhyperdens\b", "hyperdense"),
    (r"\bcharakterisieren\b", "characterize"), (r"\bleicht\b", "mild"), (r"\bm[äa][ßs]ig\b", "moderate"),
    (r"\bmassiv\b", "severe"), (r"\bvergr[öo][ßs]ert\b", "enlarged"), (r"\ballgemein\b", "in general"), (r"\ben g[ée]n[ée]ral\b|\bin generale\b|\bem geral\b|\bpor lo general\b", "in general"), (r"\b(?:ausrei[ßs]er|valor at[ií]pico|aberrante)\b", "outlier"),
    (r"\b(?:was bedeutet|was hei[ßs]t|qu[ée] (?:es|significa)|qu'est-ce que|que signifie|o que (?:[ée]|significa))\b", "what is"),
    (r"\b(?:kein(?:en)? anhalt f[üu]r|sin (?:evidencia|signos) de|pas de signe de|sem sinais de)\b", "no evidence of"),
    (r"\b(?:anhalt f[üu]r|evidencia de|signes? de|sinais de)\b", "evidence of"), (r"\b(?:best[äa]tigen|confirmar|confirmer)\b", "confirm"),
    (r"\b(?:ha cambiado|cambi[óo]|mud(?:ou|aram)|a chang[ée]|hat sich ver[äa]ndert|ver[äa]ndert)\b", "has changed"),
    (r"\b(?:im verlauf|en la evoluci[óo]n|au cours du suivi|na evolu[çc][ãa]o)\b", "change over time"),
    (r"\bsegmentlokalisation\b", "segment location"), (r"\bop-indikation\b", "resection indication"),
    (r"\b(?:ressec[áa]vel|resecable|r[ée]s[ée]cable|resezierbar|resecabile)\b", "resectable"),
    (r"\b(?:localmente avan[çz]ad[oa]|localement avanc[ée]e?|lokal fortgeschritten(?:e[nrs]?)?|localmente avanzat[oa])\b", "locally advanced"),
    (r"\b(?:pankreas)?lipomatose\b", "fatty pancreas steatosis"), (r"\btumorlast\b", "tumor burden"),
    (r"\bcarga tumoral\b", "tumor burden"), (r"\bcharge tumorale\b", "tumor burden"),
    (r"\b(?:pseudozysten?|pseudokystes?|pseudoquistes?|pseudocistos?)\b", "pseudocyst"),
    (r"\b(?:splenomegalie|esplenomegalia|spl[ée]nom[ée]galie)\b", "splenomegaly"),
    (r"\b(?:hepatomegalie|hepatomegalia|h[ée]patom[ée]galie)\b", "hepatomegaly"),
    (r"\b(?:steatose|esteatosis|esteatose|st[ée]atose)\b", "steatosis"),
    (r"\btumor(?:es)? neuroendocrinos?\b", "neuroendocrine tumor"), (r"\btumeurs? neuroendocrines?\b", "neuroendocrine tumor"),
    (r"\bneuroendokrine[rn]?\b", "neuroendocrine"),
    (r"\btumor(?:es)? neuroend[óo]crin[oa]s?\b", "neuroendocrine tumor"), (r"\bADCP\b", "PDAC"),
    (r"\b(?:axialen |axiale )?schicht\b", "axial slice"), (r"\bam breitesten\b", "widest"),
    (r"\baugment[ée]e? de volume\b", "enlarged"), (r"\b(?:agrandie?|aumentad[oa]|vergr[öo]sser(?:t|ung))\b", "enlarged"),
    (r"\bnormalwert(?:e|en)?\b", "normal values"), (r"\bvalores normales\b", "normal values"),
    (r"\bvaleurs normales\b", "normal values"), (r"\bvalores normais\b", "normal values"),
    # Dutch and Italian words with no look-alike in the languages above
    (r"\blaesies\b", "lesions"), (r"\blaesie\b", "lesion"), (r"\bgrootste\b", "largest"), (r"\bgegroeid\b", "grown"),
    (r"\b(?:het |de )?(?:vorige|eerdere) onderzoek\b", "the prior study"), (r"\bvergroot\b", "enlarged"),
    (r"\bvervetting\b", "steatosis"), (r"\bhoeveel\b", "how many"), (r"\bwaar bevindt zich\b", "where is"),
    (r"\bhoe groot\b", "how large"), (r"\bkop\b", "head"), (r"\bstaart\b", "tail"),
    (r"\bquant[ei]\b", "how many"), (r"\bepatomegalia\b", "hepatomegaly"), (r"\bsplenomegalia\b", "splenomegaly"),
    (r"\bepatic(?:a|he|o|i)\b", "hepatic"), (r"\bpancreatic(?:a|he)\b", "pancreatic"), (r"\bvolumi\b", "volumes"),
    (r"\bten opzichte van\b", "relative to"), (r"\bTC\b", "CT"),
    (r"\bdiffus[ei] o raggruppat[ei]\b", "scattered or clustered"), (r"\braggruppat[ei]\b", "clustered"),
    (r"\bsomma\b", "sum"), (r"\btumore\b", "tumor"), (r"\bc'[eè]\b", "is there"),
    (r"\bconfina(?:no)? con\b", "borders"), (r"\bstrato assiale\b", "axial slice"), (r"\bdiametro\b", "diameter"),
    (r"\bpi[uù] grande\b", "largest"), (r"\braggiunge\b", "reaches"), (r"\b(?:esame|studio) precedente\b", "prior study"),
    (r"\b[èe] cambiat[ao]\b", "has changed"), (r"\brispetto all['’]\s*", "compared with the "),
    (r"\btiempo de vida\b", "life expectancy"), (r"\b(?:esperanza|expectativa) de vida\b", "life expectancy"),
    (r"\besp[ée]rance de vie\b", "life expectancy"), (r"\blebenserwartung\b", "life expectancy"),
    (r"\baspettativa di vita\b", "life expectancy"),
    (r"\bbeaucoup plus gros(?:se)? que (?:les )?autres\b", "much larger than the others"), (r"\b[ée]volution\b", "change"),
    (r"\b(?:examen|scanner|ct) pr[ée]c[ée]dent\b", "prior study"),
    (r"\b(?:ont|a)(?:-t)?(?:-(?:ils|elles|il|elle))? (?:[ée]volu[ée]e?s?|chang[ée]e?s?)\b", "have changed"), (r"\bgesamtvolumen\b", "total volume"),
    (r"\bwie ausgepr[äa]gt\b", "how severe"), (r"\bdichteverh[äa]ltnis\b", "attenuation ratio"), (r"\blappen\b", "lobe"),
    (r"\bse (?:observa|ve|aprecia)n?\b", "is there"),
    # finding nouns
    (r"\b(?:l[äa]sionen|l[ée]sions|lesiones|les[õo]es|lesioni)\b", "lesions"),
    (r"\b(?:l[äa]sion|l[ée]sion|lesi[óo]n|les[ãa]o|lesione)\b", "lesion"),
    (r"\b(?:herde|herden|rundherde)\b", "lesions"), (r"\b(?:herd|herdes|rundherd)\b", "lesion"),
    (r"\buna cisti\b", "a cyst"),  # Italian "cisti" is one cyst or several: its article says which
    (r"\b(?:zysten|kystes|quistes|cistos|cisti|cysten)\b", "cysts"), (r"\b(?:zyste|kyste|quiste|cisto|cisti|cyste)\b", "cyst"),
    (r"\b(?:tumeurs|tumoren|tumores)\b", "tumors"), (r"\btumeur\b", "tumor"),
    (r"\b(?:karzinoms?|carcinome|karzinom)\b", "carcinoma"), (r"\bad[ée]nocarcinome\b", "adenocarcinoma"),
    (r"\b(?:masa|masse|massa|raumforderung(?:en)?)\b", "mass"), (r"\b(?:metastasen|m[ée]tastases|met[áa]stasis|met[áa]stases)\b", "metastases"),
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
    (r"\b(?:estadificaci[óo]n|estadiamento|stadieneinteilung|stadifficazione|stadiazione)\b", "staging"),
    (r"\b(?:schichtnummer|n[úu]mero de corte|num[ée]ro de coupe)\b", "slice number"),
    (r"\b(?:nachbarorgan(?:e|en)?|[óo]rganos vecinos|organes voisins)\b", "adjacent organs"),
    (r"\b(?:kontakt|contacto|contato)\b", "contact"),
    (r"\b(?:hipoatenuante|hipodens[oa]|hypodenser)\b", "hypoattenuating"),
    (r"\b(?:em rela[çc][ãa]o ao?|en relaci[óo]n (?:al|con el)|im vergleich zu[rm]?)\b", "relative to the"),
    (r"\b(?:stadium|estadio|stade|est[áa]dio|estadiamento)\b", "stage"),
    (r"\b(?:schweregrad|grad|grado|grau|degr[ée])\b", "grade"),
    (r"\bdichteverhalten\b", "attenuation"), (r"\b(?:dichte|densit[ée]|densidad|densidade)\b", "attenuation"),
    (r"\b(?:quotient|verh[äa]ltnis|relaci[óo]n|raz[ãa]o|cociente|rapporto)\b", "ratio"),
    (r"\bpar rapport (?:au|à la|à l'|aux|à)\s*", "relative to the "), (r"\brapport\b(?= (?:de |d')?(?:densit|attenuation))", "ratio"),
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
    (r"\b(?:vergr[öo][ßs]ert|agrandie?|agrandad[oa]|aumentad[oa]|ingrandit[oaie]|aument[ée]e?|augment[ée]e?)\b", "enlarged"),
    (r"\b(?:seitengleich|sim[ée]tric[oa]s?|sym[ée]triques?)\b", "symmetric"),
    (r"\b(?:asymmetrisch(?:e[nrs]?)?|asim[ée]tric[oa]s?|asym[ée]triques?|assim[ée]tric[oa]s?)\b", "asymmetric"),
    (r"\b(?:(?:seiten)?asymmetrie|asimetr[ií]a|asym[ée]trie|assimetria)\b", "asymmetry"),
    (r"\b(?:respuesta|r[ée]ponse|resposta|ansprechen)\b", "response"),
    (r"\bqu[ée] diferencia hay\b", "what is the difference"),
    (r"\b(?:diferencia|unterschied|diff[ée]rence|diferen[çc]a)\b", "difference"),
    (r"\b(?:schwelle(?:nwert)?|grenzwert|umbral|seuil|limiar)\b", "threshold"),
    (r"\b(?:lokalisation|localisation|localizaci[óo]n|localiza[çc][ãa]o)\b", "location"),
    (r"\b(?:gr[öo][ßs]e|taille|tama[ñn]o|tamanho)\b", "size"),
    (r"\b(?:am gr[öo][ßs]ten|gr[öo][ßs]te[nrs]?|plus gros(?:se)?|plus grande?|maior(?:es)?)\b", "largest"),
    (r"\b(?:kleinste[nrs]?|m[áa]s peque[ñn]o|plus petite?)\b", "smallest"),
    (r"\b(?:gr[öo][ßs]er)\b", "larger"), (r"\bplus volumineu(?:x|se)\b", "larger"),
    (r"\b(?:am st[äa]rksten befallen)\b", "most involved"), (r"\b(?:dominanten?|dominante)\b", "dominant"),
    (r"\b(?:vorhanden|presente|pr[ée]sente?)\b", "present"), (r"\bsichtbar\b", "visible"),
    (r"\b(?:definiert|definid[oa]|d[ée]finie?)\b", "defined"), (r"\bvolumetrisch\b", "by volume"),
    (r"\bnativ\b", "non-contrast"), (r"\beisen[üu]berladung\b", "iron overload"),
    (r"\b(?:ja|s[ií]|oui|sim)\s*(?:/|o|ou|oder)\s*(?:nein|no|non|n[ãa]o)\b", "yes or no"),
    (r"\b(?:partielle remission|remisi[óo]n parcial|r[ée]mission partielle|respuesta parcial|r[ée]ponse partielle|resposta parcial)\b", "partial response"),
    (r"\bleve,? moderad[oa],? (?:o|ou) grave\b|\bl[ée]g[èe]re?,? mod[ée]r[ée]e?,? ou s[ée]v[èe]re\b|"
     r"\bleicht(?:gradig)?,? mittel(?:gradig)?,? oder (?:schwer|hochgradig)\b", "mild, moderate or severe"),
    # treatment and advice, so a question about them is known to be out of scope
    (r"\b(?:dosis|dosierung|posolog[ií]a|dosagem)\b", "dose"), (r"\bwelche medikamente\b", "which medications"), (r"\b(?:kontrastmittel|contraste|contrastes)\b", "contrast"),
    (r"\b(?:kreatinin|creatinina|cr[ée]atinine)\b", "creatinine"), (r"\b(?:rezept|receta|ordonnance|receita)\b", "prescription"),
    (r"\b(?:auto ?fahren|conducir|conduire|dirigir)\b", "drive a car"), (r"\bprognose\b|\bpron[óo]stico\b", "prognosis"),
    (r"\binteressier(?:t|en) mich nicht\b", "don't matter"),
]
"""Clinical words of German, Spanish, French and Portuguese (matched case-insensitively, in this order)."""

FUNCTION: list[tuple[str, str]] = [
    (r"\b(?:muy |bien |muito )?por encima del?\b|\b(?:deutlich |weit )?(?:oberhalb(?: de[mnrs])?|über(?=\s*(?:de[mnrs]\s+)?[\d−-]))|\bau-dessus de\b|"
     r"\bacima de\b", "above"),  # an answer's comparison words ("muy por encima de 314,5 mL")
    (r"\bpor debajo del?\b|\bunterhalb(?: de[mnrs])?\b|\bunter(?=\s*(?:de[mnrs]\s+)?[\d−-])|\bau-dessous de\b|\babaixo de\b", "below"),
    (r"\bim bereich von\b|\bdans la plage de\b|\ben el rango de\b", "within"), (r"\bbis\b", "to"), (r"\bje\b", "each"),
    (r"\b(?:zijn er|is er|ci sono)\b", "are there"), (r"^\s*was (?=ist|sind)", "what "), (r"\b(?:esta|este|questa|questo|cette|deze|dit)\b", "this"),
    (r"\b(?:dei|degli|della|delle|di)\b", "of the"), (r"\b(?:è|sono)(?!\w)", "is"),
    (r"\buh\b", "HU"), (r"\b(?:tne|tnep)\b", "neuroendocrine tumor"),
    (r"\b(?:no|na|nos|nas)\b(?= (?:the )?(?:liver|pancreas|spleen|kidneys?|left kidney|right kidney|colon|stomach)\b)", "in the"),  # Portuguese "no pâncreas"
    (r",?\s*(?:oder|non|no|n[ãa]o)\s*\?\s*$", ", right?"),  # a tag asked back: "Keine Leberläsion, oder?"
    (r"^\s*¿?\s*(?:no hay|no existe|n[ãa]o h[áa]|il n'y a pas)\b", "is there no"),
    (r"^\s*¿?\s*(?:hay|existe|tem|h[áa]|y a-t-il|gibt es)\b", "is there"), (r"\bgibt es\b", "is there"),
    (r"\b(?:el|la|los|las) (?=(?:[\wáéíóúñ]+ ){0,3}m[áa]s grande)", "the "),
    (r"\bm[áa]s grande\b(?= (?:tiene|que|en|de)\b| \w+ (?:tiene|su)\b)", "largest"), (r"\bm[áa]s grande\b", "larger"),
    (r"\b(?:la|el|les|las) mayor\b", "the largest"), (r"\bmayor\b", "larger"),
    (r"\b(?:lequel|laquelle|lesquel(?:le)?s)\b", "which one"),
    (r"\b(?:cu[áa]l|qual|quale) (?:es|is|é)\b", "what is"), (r"\b(?:welche[mnrs]?|cu[áa]l|qu[ée]|quel(?:le)?s?|quale|qual|quais)\b", "which"), (r"\borgano\b", "organ"), (r"\b(?:wo|d[óo]nde|où|onde)(?!\w)", "where"),
    (r"\bwie gro[ßs] ist\b", "how large is"), (r"\b(?:wie|c[óo]mo|comment|como|come)\b", "how"), (r"\bist\b", "is"), (r"\b(?:est-il|est-elle|est|es|é)(?!\w)", "is"),
    (r"\b(?:tiene|tem|hat)\b", "has"), (r"\b(?:oder|ou|o)\b", "or"), (r"\b(?:und|et|y|e)\b", "and"),
    (r"\b(?:ohne|sin|sans|sem)\b", "without"), (r"\b(?:keine?[nrs]?|ning[úu]n[oa]?|aucune?|nenhum[a]?)\b", "no"),
    (r"\b(?:zwischen|entre)\b", "between"), (r"\b(?:mehr|m[áa]s|plus|mais)\b", "more"),
    (r"\b(?:die )?meisten\b", "the most"), (r"\benth[äa]lt\b", "contains"), (r"\bdarf ich\b", "can I"), (r"\bwieder\b", "again"), (r"\bnicht\b", "not"),
    (r"\b(?:sano|sana|gesunde[mnrs]?|sain|saud[áa]vel)\b", "normal"), (r"\b(?:ambos|beide[n]?|les deux)\b", "both"),
    (r"\b(?:m[áa]xim[oa]|maximale?[nrs]?)\b", "maximum"), (r"\b(?:est[áa]n|sind|sont|s[ãa]o)\b", "are"), (r"\best[áa]\b", "is"),
    (r"\b(?:su|sa|son|sein|seine|ihr|ihre)\b", "its"), (r"\b(?:alguna?|alg[uú]n|algum[a]?|irgendein(?:e[nrs]?)?)\b", "any"),
    (r"\b(?:links|gauche|izquierd[oa]|esquerd[oa])\b", "left"), (r"\b(?:rechts|droite?|derech[oa]|direit[oa])\b", "right"),
    (r"\bcirug[ií]a\b|\bchirurgie\b|\bcirurgia\b", "surgery"), (r"\bvigilancia\b|\bsurveillance\b|\b[üu]berwachung\b", "surveillance"),
    (r"\bseg[úu]n (?:el |su )?tama[ñn]o\b", "by size"),
    (r"\b(?:nuev[oa]s?|nouvel(?:le)?s?|nouveaux|nov[oa]s|neue[nrs]?)\b", "new"), (r"\bhan aparecido\b", "have appeared"),
    (r"\bdeutlich\b", "clearly"), (r"\balle anderen\b", "all others"), (r"\bals\b", "than"),
    (r"\b(?:bitte|por favor|s'il vous pla[iî]t)\b", "please"), (r"\b(?:zur|zum|im|am)\b", "to the"),
    (r"\b(?:un|una|une|um|uma|ein|eine[nms]?|een)\b", "a"),  # "è una cisti o un tumore?": a cyst or a tumour
    (r"\b(?:der|die|das|des|dem|den|el|la|los|las|le|les|o|os|einer|het)\b", "the"),  # "einer Fettleber": of a

    (r"\b(?:von|del|de la|de|du|da|do|das|dos)\b\s*|\bd'\s*", "of "), (r"\b(?:en|em|in der|in)\b", "in"),
    (r"\b(?:nach|seg[úu]n|selon|segundo)\b", "by"), (r"\b(?:anhand|por|par|pelo|pela)\b", "by"),
]
"""Function words of those languages, translated only once a clinical word of theirs was found."""

NOUN_ADJECTIVE = re.compile(r"\b(lesions?|cysts?|tumors?|mass|masses|nodules?|carcinoma|adenocarcinoma|lesion focal)"
                            r" (hepatic|renal|pancreatic|colonic|splenic|solid|cystic)\b", re.IGNORECASE)
"""A finding with its organ or kind adjective after it, as Romance languages order them ("lesión renal", "tumore
solido"): the English order."""

VOCABULARY: list[tuple[str, str, Reach]] = [*((p, e, "organ") for p, e in ORGANS), *((p, e, "clinical") for p, e in CLINICAL),
                                           *((p, e, "function") for p, e in FUNCTION)]
"""The one vocabulary of the European languages, in the order it is read: (pattern, English words, reach); each pattern
is matched case-insensitively."""
_COMPILED = [(re.compile(p, re.IGNORECASE), e, reach) for p, e, reach in VOCABULARY]
_FOREIGN_MARK = re.compile(r"[¿¡äöüßàâçéèêëîïôùûñãõáíóú]|\b(?:der|die|das|ist|gibt|wie|welche[mnrs]?|el|los|las|hay|qu[ée]|"
                           r"cu[áa]l|est-il|quel(?:le)?s?|du|des|une|qual|tem|und|von|een|het|zijn|ci|sono|dei|della|"
                           r"il|entre|zwischen|unter|mide|mit)\b", re.IGNORECASE)
"""Marks of a question written in another language: its letters or its commonest question and article words."""


def foreign_marked(text: str) -> bool:
    """Whether the text bears a mark of another language (`_FOREIGN_MARK`: its letters or its commonest words)."""
    return _FOREIGN_MARK.search(text) is not None


DUTCH_COMPOUND = re.compile(r"\b(nier|lever|milt|pancreas|alvleesklier)(?=(?:cysten|cyste|laesies|laesie|tumoren|tumor|volume|"
                            r"massa|vervetting)\b)", re.IGNORECASE)
"""A Dutch organ glued to its noun ("niercysten", "levervolume", "pancreaslaesie"): split at the organ, in English."""
_DUTCH_ORGANS = {"nier": "kidney", "lever": "liver", "milt": "spleen", "pancreas": "pancreas", "alvleesklier": "pancreas"}


def _split_compound(match: re.Match[str]) -> str:
    """ "Gesamtnierenvolumen" -> "total nieren volumen"; "Leberherd" -> "leber herd"."""
    total = "total " if match.group(0).lower().startswith("gesamt") else ""
    return f"{total}{match.group(1)} "


def _cjk(text: str, language: str) -> str:
    """Japanese or Chinese words written in English with spaces; a question of presence asked first as "is there ..."."""
    asks_presence = re.search(_ASKS_PRESENCE[language], text) is not None
    for word, english, lang in CJK:
        if lang == language:
            text = text.replace(word, f" {english} " if english else " ")
    text = _PARTICLES[language].sub(" ", text).replace("？", "?").replace("（", " (").replace("）", ") ")
    text = text.replace("?", " ?").replace("(", " (").replace(")", ") ")
    text = re.sub(r"\s+", " ", text).strip()
    if asks_presence:
        text = "is there " + re.sub(r"\bis there\b", "", text).replace("  ", " ").strip()
    return re.sub(r"\s+([?.:)])", r"\1", text)


def english_organ_words(text: str) -> str:
    """The text with organ, side and report nouns of another language written in English (the `organ` reach).

    "Is there a cyst in the rein gauche?" -> "Is there a cyst in the left kidney?"; "Is the Milz enlarged?" ->
    "Is the spleen enlarged?". Everything else is left as typed.
    """
    for pattern, english, reach in _COMPILED:
        if reach == "organ":
            text = pattern.sub(english, text)
    return text


def english_question(text: str) -> str:
    """The text with clinical, task and question words of another language written in English (module docstring).

    "Anzahl der Leberherde?" -> "number of the liver lesions?"; "腎嚢胞はありますか?" -> "is there kidney cyst?";
    "胰腺有没有病灶？" -> "is there pancreas lesion?". An English question is returned as typed.
    """
    if _KANA.search(text):
        text = _cjk(text, "ja")
    elif _HANZI.search(text):
        text = _cjk(text, "zh")
    split = DUTCH_COMPOUND.sub(lambda m: _DUTCH_ORGANS[m.group(1).lower()] + " ", ORGAN_PREFIX.sub(_split_compound, text))
    foreign = _FOREIGN_MARK.search(text) is not None or split != text  # or a German compound split at its organ
    text = english_organ_words(split)
    found = text != split
    for pattern, english, reach in _COMPILED:
        if reach == "clinical":
            found = found or any(m.group(0).lower() != english.lower() for m in pattern.finditer(text))
            text = pattern.sub(english, text)
    if found and foreign:
        for pattern, english, reach in _COMPILED:
            if reach == "function":
                text = pattern.sub(english, text)
        text = NOUN_ADJECTIVE.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)
        text = re.sub(r"^\s*¿\s*|¿", "", text).replace(" ?", "?")
    return re.sub(r"[ \t]{2,}", " ", text)
