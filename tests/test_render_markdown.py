"""Markdown output keeps text from the data inert: a label is shown, never run, linked or reordered
(issue 13 defect 14)."""

from __future__ import annotations

from amhe.queries.profile import render_profile
from amhe.queries.render import escape_markdown, to_markdown
from amhe.queries.terms import Answer, literal, uri

HOSTILE = {
    "<script>alert(1)</script>": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[click here](https://evil.example/)": "\\[click here\\](https://evil.example/)",
    "![](https://evil.example/pixel.png)": "!\\[\\](https://evil.example/pixel.png)",
    "Rainbow \u202eecnaillA": "Rainbow U+202EecnaillA",
    "a\u2067b\u2069c\u200f": "aU+2067bU+2069cU+200F",
    "cell | break\nnew row": "cell \\| break new row",
    "*bold* _em_ `code` ~~gone~~ a\\b": "\\*bold\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~ a\\\\b",
    "Fish & <b>chips</b>": "Fish &amp; &lt;b&gt;chips&lt;/b&gt;",
    "bell\x07": "bellU+0007",
    "Low SES (8a), 2019 – fine": "Low SES (8a), 2019 – fine",
}


def test_escape_markdown_pins_every_hostile_form():
    for raw, shown in HOSTILE.items():
        assert escape_markdown(raw) == shown, raw


def test_markdown_tables_escape_labels_and_values():
    iri = "https://w3id.org/amhe/organisation/x"
    answer = Answer(["who", "note"], [(uri(iri), literal("<script>x</script>")), (uri(iri + "y"), None)])
    labels = {iri: "[Trusted](https://evil.example/) \u202eevil"}
    assert to_markdown(answer, labels) == (
        "| who | note |\n|---|---|\n"
        "| \\[Trusted\\](https://evil.example/) U+202Eevil | &lt;script&gt;x&lt;/script&gt; |\n"
        "| https://w3id.org/amhe/organisation/xy |  |\n")


def test_profile_heading_is_escaped():
    population = uri("https://w3id.org/amhe/population/x")
    profile = {"population": population, "label": "<img src=x onerror=alert(1)> *x*", "sections": [],
               "labels": {}}
    assert render_profile(profile, "markdown").splitlines()[0] == \
        "# Profile: &lt;img src=x onerror=alert(1)&gt; \\*x\\*"
