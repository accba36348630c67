"""The one rule for comparing names, shared by the loaders (which resolve an organisation printed in
one table to the entity another defines) and the resolver of user input (queries/params.py).

Two names are the same when their keys are equal. The key ignores what a reader ignores: case,
accents, the style of quotes, apostrophes and dashes, punctuation between words, "&" for "and",
a leading "The", and runs of spaces. It keeps letters, digits and "+" (LGBTQ+). This module
imports nothing heavy, so the answering path can use it without loading rdflib.
"""

from __future__ import annotations

import re
import unicodedata

# Words that carry no meaning of their own: left out when matching by words in common (the ranked search,
# the suggestions for an unknown value), never when comparing whole names. A population's names say
# 'people' so often that suggestions leave that out too.
FUNCTION_WORDS = frozenset("a an and are as at by for from in is of on or the to who with".split())
STOP_WORDS = FUNCTION_WORDS | {"people"}
_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u02bc`\u00b4")
_PUNCTUATION = re.compile(r"[^\w+]+")


def name_key(name: str) -> str:
    """'The Alzheimer’s Society' and 'alzheimers society' share a key; so do 'Low-SES' and 'low SES',
    'Equality Act (2010)' and 'Equality Act 2010'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate(_APOSTROPHES).replace("&", " and ")
    text = _PUNCTUATION.sub(" ", text.replace("_", " ")).strip()
    return text[4:] if text.startswith("the ") else text


def words(name: str) -> list[str]:
    """The words of a name under the same rule, for matching by words in common."""
    return name_key(name).split()
