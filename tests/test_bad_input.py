"""Malformed source tables stop the build with file, line and column, exit 2, and no output.

Each case copies the bundled tables, breaks one file the way a curator might, and runs
the real ``amhe build`` command with an output file that must not appear (or, if it
existed, must stay byte-identical).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from amhe.cli import main
from amhe.graph import store
from amhe.graph.atomic import atomic_write
from amhe.loaders import DATA_DIR

T5 = "table5_interventions.csv"


def replace_line(path: Path, startswith: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(startswith))
    lines[index] = new(lines[index]) if callable(new) else new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def build(data: Path, out: Path):
    result = CliRunner().invoke(main, ["--data", str(data), "build", "--force", "-o", str(out)])
    return result


def assert_fails(result, out: Path, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert message.startswith("error: ")
    for fragment in fragments:
        assert fragment in message, message
    assert not out.exists()
    assert "Traceback" not in result.output


def test_missing_required_column(data, tmp_path):
    path = data / T5
    replace_line(path, "row,", lambda header: header.replace(",references,", ",refs,"))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:1", "missing required column(s): references")


def test_unknown_population_code(data, tmp_path):
    line = replace_line(data / T5, "2,incredible-years", lambda row: row.replace(",6a;8a,", ",6a;8z,", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:{line}", "column 5 'populations'",
                 "unknown population code '8z'")


def test_unknown_intervention_type(data, tmp_path):
    line = replace_line(data / T5, "1,family-check-up", lambda row: row.replace(",DET,", ",DETX,", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:{line}", "'intervention_types'",
                 "unknown intervention type abbreviation 'detx'")


def test_reference_outside_the_list(data, tmp_path):
    line = replace_line(data / T5, "1,family-check-up", lambda row: row.replace(",14,", ",130,", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:{line}", "'references'",
                 "reference 130 is not in the reference list (1-129)")


def test_duplicate_identifier(data, tmp_path):
    line = replace_line(data / T5, "2,incredible-years-parenting",
                        lambda row: row.replace("incredible-years-parenting-programs", "family-check-up-intervention"))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:{line}", "column 2 'id'",
                 "duplicate identifier 'family-check-up-intervention' (first on line 2)")


def test_invalid_utf8(data, tmp_path):
    path = data / "references.csv"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].replace(b"Knapp", b"Kn\xffpp", 1)
    path.write_bytes(b"\n".join(raw))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, "references.csv:4", "invalid UTF-8 at byte")


def test_encoded_lone_surrogate_is_rejected(data, tmp_path):
    path = data / "references.csv"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].replace(b"Knapp", b"Kn\xed\xa0\x80pp", 1)  # UTF-8 bytes of U+D800
    path.write_bytes(b"\n".join(raw))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, "references.csv:4", "invalid UTF-8")


def test_control_character_is_rejected(data, tmp_path):
    line = replace_line(data / T5, "1,family-check-up",
                        lambda row: row.replace("Family check-up", "Family\x07check-up"))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:{line}", "column 3 'label'", "control character U+0007 at character 7")


def test_lone_surrogate_in_a_value_is_rejected():
    from amhe.loaders.tables import _bad_character

    assert _bad_character("ok\ud800") == (2, "lone surrogate U+D800")


def test_broken_csv_quote(data, tmp_path):
    line = replace_line(data / T5, "1,family-check-up",
                        lambda row: row.replace("Family check-up", '"Family" check-up'))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{T5}:{line}", "malformed CSV")


def test_wrong_number_of_cells(data, tmp_path):
    line = replace_line(data / "table2_intervention_types.csv", "other,O,", lambda row: row + ",extra")
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"table2_intervention_types.csv:{line}", "expected 10 cells, found 11")


def test_year_out_of_range(data, tmp_path):
    line = replace_line(data / "references.csv", "11,", lambda row: row.replace(",2014,", ",2041,", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"references.csv:{line}", "column 6 'year'", "2041 is outside 1900..2019")


@pytest.mark.slow
def test_byte_order_mark_is_read(data, tmp_path):
    path = data / T5
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    out = tmp_path / "out.ttl"
    result = build(data, out)
    assert result.exit_code == 0, result.output
    assert "incredible-years-parenting-programs" in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_failed_build_keeps_previous_output_and_cache(data, tmp_path):
    out = tmp_path / "out.ttl"
    assert build(data, out).exit_code == 0
    before = out.read_bytes()
    os.chmod(out, 0o640)
    cached = sorted(store.cache_dir().glob("graph-*.nt"))
    replace_line(data / T5, "1,family-check-up", lambda row: row.replace(",14,", ",999,", 1))
    result = build(data, out)
    assert result.exit_code == 2
    assert out.read_bytes() == before
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(store.cache_dir().glob("graph-*.nt")) == cached


def test_failing_loader_leaves_nothing_partial(data, monkeypatch):
    """Loaders fill staging graphs; the merged graph is only created once every loader has succeeded."""
    from amhe.graph import build as build_module
    from amhe.loaders.tables import SourceError

    merged = []
    real_new_graph = build_module.new_graph
    monkeypatch.setattr(build_module, "new_graph", lambda: merged.append(1) or real_new_graph())
    path = data / "source_issues.csv"  # read by the last loader, after 26 loaders have filled their graphs
    path.write_text(path.read_text(encoding="utf-8").replace(",table-3,", ",table-99,", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="source_issues.csv"):
        build_module.build(data)
    assert merged == []
    assert not list(store.cache_dir().glob(f"graph-{store.fingerprint(data)}.nt"))
    build_module.load_sources(DATA_DIR)
    assert merged == [1]  # the spy does see a merge when the tables are sound


def test_export_failing_midway_leaves_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"previous contents\n")
    os.chmod(target, 0o604)

    real_fdopen = os.fdopen

    class Exploding:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Exploding(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        atomic_write(target, b"new contents that never fully arrive\n")
    assert target.read_bytes() == b"previous contents\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_unclosed_quote_is_reported_where_it_opens(data, tmp_path):
    """The CSV reader runs on to the end of the file looking for the closing quote; the fault is where the
    quote opened (issue 13: opened on line 5, reported on line 8)."""
    line = replace_line(data / "table2_intervention_types.csv", "other,O,", lambda row: row.replace(",O,", ',"O,', 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"table2_intervention_types.csv:{line}: malformed CSV: the quote at "
                 "character 7 is never closed")


def test_malformed_id_names_file_line_and_column(data, tmp_path):
    line = replace_line(data / "table2_intervention_types.csv", "other,O,",
                        lambda row: row.replace("other", "Other Types", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"table2_intervention_types.csv:{line}: column 1 'id': 'Other Types' is "
                 "not a valid identifier")


LOST = "table5_lost_references.csv"


def test_lost_reference_with_unknown_subtype(data, tmp_path):
    line = replace_line(data / LOST, "59,RSCT", lambda row: row.replace(",8a: Economic", ",8z: Economic", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{LOST}:{line}", "column 4 'subtypes'",
                 "unknown population subtype code '8z'")


def test_lost_reference_without_title_words(data, tmp_path):
    line = replace_line(data / LOST, "59,RSCT", lambda row: row.replace(",8a: Economic inequalities,", ",8a,", 1))
    out = tmp_path / "out.ttl"
    assert_fails(build(data, out), out, f"{LOST}:{line}", "'subtypes'", "expected 'code: words of the title'")
