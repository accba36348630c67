"""Loader for Appendix 3 (positive practice examples): the services with their populations,
practice areas, places, organisations, outcomes and awards, the prose the source prints for each
(its full description, as printed) and the projects, models and tools that prose names (eight curated tables)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .common import (
    add_concept,
    add_dates,
    add_figures,
    add_population_links,
    add_position,
    add_printed_texts,
    add_provenance,
    resolve_organisation,
)
from .context import LoadContext
from .vocab import AMHE, SCHEMA, iri, slugify

SERVICES = "appendix3_services.csv"
SERVICE_COLUMNS = ("id", "name", "position", "summary_as_printed", "population_as_printed", "population_codes",
                   "population_basis", "population_evidence", "practice_areas", "locations", "appendix", "table",
                   "references", "note")
PRACTICE_AREAS = "appendix3_practice_areas.csv"
PRACTICE_COLUMNS = ("id", "label", "appendix", "note")
PLACES = "appendix3_places.csv"
PLACE_COLUMNS = ("id", "name", "kind", "part_of", "appendix", "note")
PLACE_KINDS = ("city", "borough", "county", "region", "country", "national")
RELATIONS = "appendix3_service_organisations.csv"
RELATION_COLUMNS = ("service", "organisation_name", "role", "evidence", "appendix", "note")
ROLES = {"provider": SCHEMA.provider, "partner": AMHE.partner, "collaborator": AMHE.collaborator,
         "commissioner": AMHE.commissioner, "organisation": AMHE.organisation, "award-giver": None}
OUTCOMES = "appendix3_service_outcomes.csv"
OUTCOME_COLUMNS = ("id", "service", "statement", "value_low", "value_high", "unit", "measure", "quote",
                   "population_codes", "population_basis", "population_evidence", "appendix", "note")
AWARDS = "appendix3_service_awards.csv"
AWARD_COLUMNS = ("service", "award_as_printed", "status", "awarded_by", "year", "appendix", "note")
TEXTS = "appendix3_service_texts.csv"
TEXT_COLUMNS = ("service", "position", "kind", "text", "appendix", "note")
TEXT_KINDS = ("description", "link")
WORKS = "appendix3_service_works.csv"
WORK_COLUMNS = ("id", "service", "label", "kind", "quote", "places", "start_date", "duration", "population_codes",
                "population_basis", "population_evidence", "appendix", "note")
WORK_KINDS = ("project", "model", "tool", "measure", "forum", "event", "training", "team", "pathway", "group")
SCHEME = "practice-areas"


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    scheme = iri("scheme", SCHEME)
    for row in ctx.table(PRACTICE_AREAS, PRACTICE_COLUMNS):
        node = ctx.define("practice-area", row)
        add_concept(g, ctx, node, AMHE.PracticeArea, row, scheme, row.text("label"))

    places = ctx.table(PLACES, PLACE_COLUMNS)
    for row in places:
        ctx.define("place", row)
    for row in places:
        node = ctx.index["place"][row.text("id")]
        g.add((node, RDF.type, SCHEMA.Place))
        g.add((node, RDFS.label, Literal(row.text("name"))))
        g.add((node, SCHEMA.name, Literal(row.text("name"))))
        g.add((node, AMHE.placeKind, Literal(row.choice("kind", PLACE_KINDS))))
        if row.text("part_of", required=False):
            g.add((node, SCHEMA.containedInPlace, ctx.resolve("place", row.text("part_of"), row, "part_of")))
        add_provenance(g, ctx, node, row)

    for row in ctx.table(SERVICES, SERVICE_COLUMNS):
        node = ctx.define("service", row)
        g.add((node, RDF.type, AMHE.Service))
        g.add((node, RDFS.label, Literal(row.text("name"), lang="en")))
        g.add((node, SCHEMA.name, Literal(row.text("name"))))
        add_position(g, node, row)
        g.add((node, AMHE.quotedText, Literal(row.text("summary_as_printed"), lang="en")))
        g.add((node, AMHE.populationAsPrinted, Literal(row.text("population_as_printed"))))
        add_population_links(g, ctx, node, row)
        for area in row.items("practice_areas", required=True):
            g.add((node, AMHE.practiceArea, ctx.resolve("practice-area", area, row, "practice_areas")))
        for place in row.items("locations", required=True):
            g.add((node, SCHEMA.location, ctx.resolve("place", place, row, "locations")))
        add_provenance(g, ctx, node, row)

    for row in ctx.table(RELATIONS, RELATION_COLUMNS, key=None):
        service = ctx.resolve("service", row.text("service"), row, "service")
        organisation = resolve_organisation(ctx, row.text("organisation_name"), row, "organisation_name")
        predicate = ROLES[row.choice("role", tuple(ROLES))]
        if predicate is not None:  # award-givers are linked through the award itself
            g.add((service, predicate, organisation))
        g.add((service, AMHE.relationEvidence, Literal(row.text("evidence"))))

    for row in ctx.table(OUTCOMES, OUTCOME_COLUMNS):
        node = ctx.define("claim", row)
        service = ctx.resolve("service", row.text("service"), row, "service")
        g.add((node, RDF.type, AMHE.Claim))
        g.add((node, RDFS.label, Literal(row.text("statement"), lang="en")))
        g.add((node, AMHE.quotedText, Literal(row.text("quote"), lang="en")))
        g.add((node, AMHE.about, service))
        g.add((service, AMHE.outcome, node))
        add_figures(g, node, row)
        add_population_links(g, ctx, node, row)
        add_provenance(g, ctx, node, row)

    for row in ctx.table(AWARDS, AWARD_COLUMNS, key=None):
        service_id = row.text("service")
        service = ctx.resolve("service", service_id, row, "service")
        slug = f"{service_id}-{slugify(row.text('award_as_printed'))}"
        node = iri("award", slug)
        ctx.register("award", slug, node, row, "award_as_printed")
        g.add((node, RDF.type, AMHE.Award))
        g.add((node, RDFS.label, Literal(row.text("award_as_printed"), lang="en")))
        g.add((node, AMHE.awardStatus, Literal(row.choice("status", ("winner", "shortlisted", "award")))))
        if row.text("awarded_by", required=False):
            g.add((node, AMHE.awardedBy, resolve_organisation(ctx, row.text("awarded_by"), row, "awarded_by")))
        year = row.integer("year", minimum=1900, maximum=2019, required=False)
        if year is not None:
            g.add((node, DCTERMS.date, Literal(str(year), datatype=XSD.gYear)))
        g.add((service, AMHE.award, node))
        add_provenance(g, ctx, node, row)

    load_texts(g, ctx)
    for row in ctx.table(WORKS, WORK_COLUMNS):
        node = ctx.define("work", row)
        g.add((node, RDF.type, AMHE.ServiceWork))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        g.add((node, DCTERMS.type, Literal(row.choice("kind", WORK_KINDS))))
        g.add((node, AMHE.quotedText, Literal(row.text("quote"), lang="en")))
        g.add((node, AMHE.workOf, ctx.resolve("service", row.text("service"), row, "service")))
        for place in row.items("places"):
            g.add((node, SCHEMA.location, ctx.resolve("place", place, row, "places")))
        add_dates(g, node, row)
        add_population_links(g, ctx, node, row)
        add_provenance(g, ctx, node, row)
    return g


def load_texts(g: Graph, ctx: LoadContext) -> None:
    """Each service's passages as printed: the description paragraphs as one literal, the link line apart.

    Rows without a service are the appendix's own introduction and footnote, described on its section.
    """
    passages: dict[str, list] = {}
    for row in ctx.table(TEXTS, TEXT_COLUMNS, key=None):
        passages.setdefault(row.text("service", required=False), []).append(row)
    for service_id, rows in passages.items():
        node = ctx.resolve("service", service_id, rows[0], "service") if service_id else ctx.section(rows[0])
        described = []
        for row in rows:
            if row.choice("kind", TEXT_KINDS) == "link":
                if not service_id:
                    raise row.error("kind", "a link line belongs to a service")
                g.add((node, AMHE.linkText, Literal(row.text("text"), lang="en")))
            else:
                described.append(row)
        add_printed_texts(g, node, described)
