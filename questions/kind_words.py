"""Which lesion kinds a question asks, denies or counts, beside the kinds it names.

A question names kinds it does not ask: a kind denied beside the one asked ("a solid tumour, not a cyst", "rather than
a cyst", "cysts don't matter"), every kind counted ("cysts count too", "including cysts", "any kind"). A yes/no about
one kind asks its presence unless a lesion is already given ("Is the renal mass solid?", "Is it a cyst?"), whose kind
is then asked.
"""

from __future__ import annotations

import re

__all__ = ["ANY_CATEGORY", "DENIED_KIND", "GIVEN_LESION", "INCLUDED_KIND", "given_lesion", "kinds_asked"]

GIVEN_LESION = (r"\b(the|this|that|these|those|its|their)( \w+){0,3}? (lesion|mass|tumou?r|cyst|nodule|finding|one)s?\b|"
                r"\b(is|are|was) (it|they)\b|\b(largest|biggest|dominant|index)\b")
"""A lesion already given, whose kind a yes/no asks ("Is the renal mass solid?", "Is it a cyst?"), not a kind's presence."""


def given_lesion(low: str) -> bool:
    """Whether a lesion already given is asked about (`GIVEN_LESION`), not whether any among them is of a kind ("is any
    of the kidney lesions a solid tumour?")."""
    return bool(re.search(GIVEN_LESION, low)) and not re.search(r"\b(any|none|either|one|some) of\b|\bany (one|single)\b", low)


DENIED_KIND = (r"\b(not|rather than|instead of|other than|excluding|except|ignoring|never mind)( an?| the| just| merely| only| "
               r"simple| any| all)* (cysts?|cystic|tumou?rs?|solid|mass(es)?)\b|\b(cysts?|tumou?rs?|solid)( \w+){0,2} (do|does)(n['’]t| "
               r"not) (matter|count|interest)")
"""A kind denied beside the one asked ("a solid tumour, not a cyst", "cysts don't matter"): it is not a second kind offered."""
INCLUDED_KIND = (r"\b(cysts?|cystic|tumou?rs?|solid)( ones?| lesions?)? (count|counts|included|too|also|as well)\b|"
                 r"\b(including|incl\.?|counting|plus) (the |any )?(cysts?|cystic|tumou?rs?|solid)\b|\b(any|every|whatever) "
                 r"(kind|type|sort)\b|\b(both|either|all|each) counts?\b|\beven (an? |the )?(\w+ )?(cysts?|cystic|tumou?rs?)\b")
"""Every kind counted ("cysts count too", "including cysts", "any kind", "any lesion, even a tiny cyst"): a lesion's
presence, whatever its kind."""


ANY_CATEGORY = (r"\b(whatever|any|every|all) (bosniak )?(category|categories|class|classes|grade|type)\b|\bbosniak[- ]?(type|anything|"
                r"any|whatever)\b|\b(regardless of|no matter the|irrespective of) (the )?(bosniak )?(category|class|grade)\b")
"""Every category of the kind counted ("any cyst, whatever Bosniak category", "(Bosniak anything)"): the kind's presence,
not its category."""


def kinds_asked(kinds: set[str], low: str) -> set[str]:
    """The lesion kinds a presence question asks: every kind counted ("cysts count too") asks any lesion; a kind denied
    beside another ("a solid tumour, not a cyst", "rather than a cyst") is not asked."""
    if re.search(INCLUDED_KIND, low):
        return {"lesion"}
    denied = {"cyst" if m.group(0).lower().count("cyst") else "tumor" for m in re.finditer(DENIED_KIND, low)}
    return kinds - denied if kinds - denied else kinds
