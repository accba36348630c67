"""The loader registry, in dependency order: a loader may cite identifiers that an earlier one
registered in the shared :class:`LoadContext`, never a later one."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from . import (
    abbreviations,
    appendix1_case_for_change,
    appendix2_research_questions,
    appendix3_services,
    appendix5_coproduction,
    appendix7_vignettes,
    appendix8_initiatives,
    appendix9_definitions,
    appendix10_nice_guidance,
    appendix11_contributors,
    attributed_quotations,
    concept_schemes,
    edition,
    helpful_resources,
    labels,
    organisations,
    protected_characteristics,
    references,
    source_issues,
    source_sections,
    table1_legislation,
    table2_intervention_types,
    table3_populations,
    table4_countries,
    table5_interventions,
    table5_lost_references,
    table6_barriers,
    table8_coproduction_barriers,
    text_citations,
)
from .context import LoadContext

Loader = Callable[[LoadContext], Graph]

LOADERS: tuple[tuple[str, Loader], ...] = (
    ("source sections", source_sections.load),
    ("organisations", organisations.load),
    ("references", references.load),
    ("concept schemes", concept_schemes.load),
    ("table 3: population characteristics", table3_populations.load),
    ("table 2: intervention types", table2_intervention_types.load),
    ("table 1: legislation and duties", table1_legislation.load),
    ("table 5: interventions", table5_interventions.load),
    ("table 5: lost rows read from their references' titles", table5_lost_references.load),
    ("edition", edition.load),
    ("appendix 1: claims and programmes", appendix1_case_for_change.load),
    ("appendices 1 and 6: quotations", attributed_quotations.load),
    ("appendix 2: research questions", appendix2_research_questions.load),
    ("table 4: countries", table4_countries.load),
    ("appendix 3: services", appendix3_services.load),
    ("table 6: barriers and solutions", table6_barriers.load),
    ("appendix 5 and table 7: co-production", appendix5_coproduction.load),
    ("table 8: co-production barriers", table8_coproduction_barriers.load),
    ("appendix 7: lived-experience examples", appendix7_vignettes.load),
    ("appendix 8: sharing and learning", appendix8_initiatives.load),
    ("appendix 9: restrictive practices", appendix9_definitions.load),
    ("appendix 10: NICE guidance", appendix10_nice_guidance.load),
    ("appendix 11: contributors", appendix11_contributors.load),
    ("helpful resources", helpful_resources.load),
    ("protected characteristics", protected_characteristics.load),
    ("citations in the text", text_citations.load),
    ("abbreviations", abbreviations.load),
    ("alternative labels", labels.load_alternative),
    ("hidden labels", labels.load_hidden),
    ("source issues", source_issues.load),
)

__all__ = ["LOADERS", "LoadContext"]
