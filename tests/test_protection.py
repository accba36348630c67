"""Every protection decision, pinned: which Equality Act 2010 protected characteristic (section 4)
each population concept of the mapping review falls under, or that it falls under none, and why.

The decisions are ours (data/population_protection.csv), so a change to any of them must be a
deliberate change to this table as well: the gap map's duty-relevant gaps and the legal-protection
answers rest on them. Written out here by hand from section 4's list and Table 3's names.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from amhe.loaders.vocab import AMHE

PC = "https://w3id.org/amhe/protected-characteristic/"
RACE, RELIGION, SO, GR = "race", "religion-or-belief", "sexual-orientation", "gender-reassignment"
DISABILITY, SEX, AGE, PM = "disability", "sex", "age", "pregnancy-and-maternity"

# code: (protected characteristics, rationale)
DECISIONS = {
    "1": ({RACE}, "Characteristic 1 is named Race."),
    "1a": ({RACE}, "Ethnic origins fall under race."),
    "1b": ({RACE}, "Nationality and national origins fall under race; immigration status itself is not protected."),
    "1c": ({RACE}, "Ethnic origins fall under race."),
    "2": ({RELIGION}, "Characteristic 2 is named Religion."),
    "2a": ({RELIGION}, "Religion falls under religion or belief."),
    "3": ({SO, GR}, "Characteristic 3 is named Sexual orientation and gender reassignment."),
    "3a": ({SO, GR}, "LGBTQ+ spans sexual orientation (lesbian, gay, bisexual) and gender reassignment "
                     "(transgender); queer and other identities may fall under either or neither."),
    "4": ({DISABILITY}, "Characteristic 4 is named Disability."),
    "4a": ({DISABILITY}, "A physical or sensory impairment is a disability where it has a substantial and "
                         "long-term adverse effect."),
    "4b": ({DISABILITY}, "A learning or intellectual disability is a disability."),
    "5": ({SEX}, "Characteristic 5 is named Sex."),
    "5a": ({SEX}, "Female falls under sex."),
    "5b": ({SEX}, "Male falls under sex."),
    "6": ({AGE}, "Characteristic 6 is named Age."),
    "6a": ({AGE}, "Youth falls under age."),
    "6b": ({AGE}, "Older adults fall under age."),
    "7": ({PM}, "Characteristic 7 is named Pregnancy or maternity."),
    "7a": ({PM}, "Pregnancy falls under pregnancy and maternity."),
    "7b": ({PM}, "Maternity falls under pregnancy and maternity."),
    "7c": ({PM}, "The perinatal period spans pregnancy and the time after birth, both under pregnancy and maternity."),
    "8": (set(), "Socioeconomic status is not a protected characteristic of the Equality Act 2010."),
    "8a": (set(), "Low socioeconomic status is not a protected characteristic."),
    "8b": (set(), "Unemployment is not a protected characteristic."),
    "8c": (set(), "Receiving benefits or welfare is not a protected characteristic."),
    "9": (set(), "Location is not a protected characteristic."),
    "9a": (set(), "Rural or remote residence is not a protected characteristic."),
    "9b": (set(), "Urban residence is not a protected characteristic."),
    "10": (set(), "The specific groups are defined by circumstance rather than by a protected characteristic."),
    "10a": (set(), "Homelessness is not a protected characteristic."),
    "10b": (set(), "Being a youth offender is not a protected characteristic (age is; the group is defined by "
                   "offending)."),
    "10c": (set(), "Refugee status is not a protected characteristic (nationality falls under race; the group is "
                   "defined by status)."),
    "11": (set(), "Other covers characteristics the review did not classify; none is assumed protected."),
    "11a": (set(), "Any other: no protected characteristic can be assumed."),
}


def concept(built, code: str) -> URIRef:
    found = [s for s in built.subjects(URIRef("http://www.w3.org/2004/02/skos/core#notation"), Literal(code))
             if (s, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), AMHE.PopulationSubtype) in built
             or (s, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), AMHE.PopulationCharacteristic) in built]
    assert len(found) == 1, code
    return found[0]


def test_every_population_concept_is_pinned(built):
    codes = {str(c) for t in (AMHE.PopulationCharacteristic, AMHE.PopulationSubtype)
             for s in built.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), t)
             for c in built.objects(s, URIRef("http://www.w3.org/2004/02/skos/core#notation"))}
    assert codes == set(DECISIONS)


@pytest.mark.parametrize("code", sorted(DECISIONS))
def test_protection_decision(built, code):
    characteristics, rationale = DECISIONS[code]
    node = concept(built, code)
    assert set(built.objects(node, AMHE.protectedCharacteristic)) == {URIRef(PC + c) for c in characteristics}
    assert list(built.objects(node, AMHE.notProtected)) == [Literal(not characteristics)]
    assert list(built.objects(node, AMHE.protectionRationale)) == [Literal(rationale, lang="en")]
