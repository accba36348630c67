"""Benchmarks of the AMHE graph: cold answers against import floors, build, validation, export,
and every canned question on the embedded Oxigraph engine and on rdflib's engine.

    python benchmarks/run.py                 # the real graph, 7 repetitions
    python benchmarks/run.py --quick         # 2 repetitions (CI runs this to keep it working)
    python benchmarks/run.py --scale 100000 --scale 1000000

Figures are medians (with min and max) of repeated runs in one process tree, so ratios
compare like with like on a noisy shared machine. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def timed(fn, repeat: int) -> tuple[float, float, float, object]:
    """(median, min, max) seconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times), result


def command(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL)


def row(name: str, median: float, low: float, high: float, note: str = "") -> str:
    return f"| {name} | {median * 1000:.1f} | {low * 1000:.1f} | {high * 1000:.1f} | {note} |"


def real_graph(repeat: int) -> list[str]:
    from amhe.graph import search_index, store
    from amhe.graph.build import build
    from amhe.graph.cache import fingerprint, store_dir, triples_file
    from amhe.graph.export import FORMATS, serialize
    from amhe.graph.validate import validate
    from amhe.queries import catalogue
    from amhe.queries.engine import OxigraphEngine, RdflibEngine
    from amhe.queries.run import run_example

    env = dict(os.environ)
    cache = tempfile.mkdtemp(prefix="amhe-bench-")
    env["AMHE_CACHE_DIR"] = cache
    os.environ["AMHE_CACHE_DIR"] = cache
    py = sys.executable
    out = ["| measure | median ms | min ms | max ms | note |", "|---|---|---|---|---|"]

    b = timed(build, repeat)
    g = b[3]
    out.append(row("build (all loaders, reconcile, describe)", *b[:3], f"{len(g)} triples"))
    v = timed(lambda: validate(g), repeat)
    out.append(row("validation (pyshacl)", *v[:3], "conforms" if v[3].conforms else "DOES NOT CONFORM"))
    for fmt in FORMATS:
        e = timed(lambda fmt=fmt: serialize(g, fmt), repeat)
        out.append(row(f"export {fmt}", *e[:3], f"{len(e[3])} bytes"))
    store.save(g)
    command([py, "-m", "amhe.cli", "build"], env)  # the cache every cold answer below opens

    floor = timed(lambda: command([py, "-c", "import click, pyoxigraph"], env), repeat)
    rdflib_floor = timed(lambda: command([py, "-c", "import rdflib.plugins.sparql"], env), repeat)
    script = Path(sys.executable).with_name("amhe")  # what users run; the module form if not installed as a script
    amhe = [str(script)] if script.is_file() else [py, "-m", "amhe.cli"]
    ask = amhe + ["ask", "interventions-for-population", "--population", "Low SES"]
    cold = timed(lambda: command(ask, env), repeat)
    out.append(row("floor: python -c 'import click, pyoxigraph'", *floor[:3]))
    out.append(row("floor: python -c 'import rdflib.plugins.sparql'", *rdflib_floor[:3]))
    out.append(row("cold `amhe ask interventions-for-population`", *cold[:3],
                   f"{cold[0] / floor[0]:.2f}x the click+pyoxigraph floor, "
                   f"{cold[0] / rdflib_floor[0]:.2f}x the rdflib SPARQL import"))
    describe = timed(lambda: command(amhe + ["describe", "Rainbow Alliance"], env), repeat)
    gapmap = timed(lambda: command(amhe + ["gapmap"], env), repeat)
    out.append(row("cold `amhe describe \"Rainbow Alliance\"`", *describe[:3],
                   f"{describe[0] / floor[0]:.2f}x the floor"))
    out.append(row("cold `amhe gapmap`", *gapmap[:3], f"{gapmap[0] / floor[0]:.2f}x the floor"))
    out += site_rows(g, repeat)
    search = timed(lambda: command(amhe + ["search", "refugees"], env), repeat)
    out.append(row("cold `amhe search refugees`", *search[:3], f"{search[0] / floor[0]:.2f}x the floor"))
    key = fingerprint()
    index = timed(lambda: search_index.write(triples_file(key).read_bytes(), Path(cache) / "bench-search.sqlite"),
                  repeat)
    out.append(row("search index (read the N-Triples, write SQLite FTS5)", *index[:3],
                   f"{index[3]} entries; {index[0] / b[0]:.0%} of the build"))
    out += [""] + search_table(Path(cache) / "bench-search.sqlite", store_dir(key), repeat)

    oxigraph = OxigraphEngine(store_dir(fingerprint()))
    reference = RdflibEngine(g)
    out += ["", "| question | oxigraph median ms (min–max) | rdflib median ms (min–max) | rdflib / oxigraph |",
            "|---|---|---|---|"]
    for qid, question in sorted(catalogue().items()):
        o = timed(lambda q=question: run_example(oxigraph, q), repeat)
        r = timed(lambda q=question: run_example(reference, q), repeat)
        out.append(f"| {qid} | {o[0]*1000:.2f} ({o[1]*1000:.2f}–{o[2]*1000:.2f}) | "
                   f"{r[0]*1000:.1f} ({r[1]*1000:.1f}–{r[2]*1000:.1f}) | {r[0] / o[0]:.0f}x |")
    return out


def site_rows(g, repeat: int) -> list[str]:
    """The gap map page and the whole static site for the real graph: time, size, largest page."""
    from amhe.graph.cache import fingerprint, store_dir
    from amhe.queries.engine import OxigraphEngine
    from amhe.queries.gapmap_data import load
    from amhe.queries.gapmap_html import render_html
    from amhe.queries.site import build_site

    engine = OxigraphEngine(store_dir(fingerprint()))
    page = timed(lambda: render_html(load(engine)), repeat)
    rows = [row("gap map page (`amhe gapmap --html`, in process)", *page[:3], f"{len(page[3].encode()) // 1024} KB")]
    out = Path(tempfile.mkdtemp(prefix="amhe-site-")) / "www"
    site = timed(lambda: build_site(g, engine, out, force=True), 1 if repeat <= 2 else 3)
    report = site[3]
    rows.append(row("whole site (`amhe site`, in process)", *site[:3],
                    f"{report.pages} pages, {report.files} files, {report.bytes // 1024} KB; largest page "
                    f"{report.largest[1]} {report.largest[0] // 1024} KB (gap map and downloads excepted)"))
    return rows


# A dozen topics from across the document, for `amhe search`.
SEARCHES = ("Black Thrive", "refugees", "incomes", "CQC", "co-production", "older people", "restraint",
            "Equality Act", "peer support", "interpreters", "NG44", "mental health")


def search_times(index: Path, repeat: int) -> dict:
    """Each topic searched through the index as `amhe search` does (open, match, rank, snippets, close)."""
    from amhe.queries.search import search

    out = {}
    for text in SEARCHES:
        search(index, text)  # warm
        m, lo, hi, result = timed(lambda text=text: search(index, text), repeat)
        out[text] = (m, lo, hi, len(result.hits), result.hits[0].label if result.hits else "")
    return out


def scan_times(store_path: Path, repeat: int) -> dict:
    """The alternative inside the store: one SPARQL query per word, CONTAINS on the lower-cased text of every
    indexed predicate (no word forms, no ranking, no snippets: a lower bound for that approach)."""
    from amhe.graph.search_index import LABEL_PREDICATES, NAME_PREDICATES, TEXT_PREDICATES
    from amhe.queries.engine import OxigraphEngine, any_of
    from amhe.queries.terms import literal

    engine = OxigraphEngine(store_path)
    branches = any_of(LABEL_PREDICATES + NAME_PREDICATES + TEXT_PREDICATES, "?text")
    query = f"SELECT DISTINCT ?s WHERE {{ {branches} FILTER(isLiteral(?text) && CONTAINS(LCASE(STR(?text)), ?w)) }}"
    out = {}
    for text in ("refugee", "mental health"):
        m, lo, hi, answer = timed(lambda text=text: engine.select(query, {"w": literal(text)}), repeat)
        out[text] = (m, lo, hi, len(answer.rows))
    return out


def pickle_times(index: Path, repeat: int) -> tuple:
    """The hand-written alternative: an inverted index (word -> entries) pickled beside the store; what a cold
    start pays to load it, against opening the SQLite index and answering, each in a fresh interpreter."""
    import pickle
    import re
    import sqlite3

    postings: dict[str, list[int]] = {}
    with sqlite3.connect(index) as connection:
        for rowid, label, names, body in connection.execute("SELECT rowid, label, names, body FROM entry"):
            for word in set(re.findall(r"\w+", f"{label} {names} {body}".casefold())):
                postings.setdefault(word, []).append(rowid)
    target = index.with_suffix(".pickle")
    target.write_bytes(pickle.dumps(postings, protocol=pickle.HIGHEST_PROTOCOL))
    env = dict(os.environ)
    load = timed(lambda: command([sys.executable, "-c", f"import pickle; pickle.load(open({str(target)!r}, 'rb'))"
                                  ".get('refugees')"], env), repeat)
    fts = timed(lambda: command([sys.executable, "-c", "from amhe.queries.search import search; "
                                 f"search({str(index)!r}, 'refugees')"], env), repeat)
    return load[:3], fts[:3], target.stat().st_size, index.stat().st_size


def search_table(index: Path, store_path: Path, repeat: int) -> list[str]:
    out = ["| search (warm, through the index) | median ms | min ms | max ms | hits | first hit |",
           "|---|---|---|---|---|---|"]
    out += [f"| {text} | {m*1000:.2f} | {lo*1000:.2f} | {hi*1000:.2f} | {n} | {first} |"
            for text, (m, lo, hi, n, first) in search_times(index, repeat).items()]
    out += ["", "| alternative | median ms | min ms | max ms | note |", "|---|---|---|---|---|"]
    for text, (m, lo, hi, n) in scan_times(store_path, repeat).items():
        out.append(row(f"SPARQL CONTAINS scan of the store for '{text}'", m, lo, hi, f"{n} entities, unranked"))
    load, fts, pickled, sqlite = pickle_times(index, repeat)
    out.append(row("fresh interpreter: load a pickled inverted index", *load, f"{pickled} bytes"))
    out.append(row("fresh interpreter: search the FTS5 index", *fts, f"{sqlite} bytes"))
    return out


def _question_child(store_path: str, qid: str, repeat: int, conn) -> None:
    from amhe.queries import catalogue
    from amhe.queries.engine import OxigraphEngine
    from amhe.queries.run import run_example

    engine = OxigraphEngine(Path(store_path))
    question = catalogue()[qid]
    rows = len(run_example(engine, question).rows)  # warm
    conn.send((*timed(lambda: run_example(engine, question), repeat)[:3], rows))


def question_times(store_path: str, repeat: int, deadline: float) -> dict:
    """Every question, each in a forked child with a deadline, so one slow question cannot stall the run."""
    import multiprocessing

    from amhe.queries import catalogue

    context = multiprocessing.get_context("fork")
    out = {}
    for qid in sorted(catalogue()):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_question_child, args=(store_path, qid, repeat, send))
        child.start()
        out[qid] = receive.recv() if receive.poll(deadline) else None
        child.kill()
        child.join()
    return out


def scale_run(size: int, repeat: int) -> dict:
    """One size, in this (child) process so that its peak memory is its own."""
    import pyoxigraph
    from rdflib import Graph
    from synthetic import copies_for, copy, template

    from amhe.graph import derive, search_index
    from amhe.graph.build import build
    from amhe.graph.export import serialize
    from amhe.graph.validate import validate

    def note(message: str) -> None:
        print(f"[{size}] {message}", file=sys.stderr, flush=True)

    started, started_cpu = time.perf_counter(), time.process_time()
    lines = serialize(build(), "nt").decode("utf-8").splitlines()
    shared, copied = template(lines)
    n = copies_for(size, len(lines), len(copied))
    directory = Path(tempfile.mkdtemp(prefix="amhe-scale-"))
    nt = directory / "graph.nt"
    with nt.open("w", encoding="utf-8") as f:
        f.write("\n".join(shared + copied) + "\n")
        for i in range(1, n + 1):
            f.write("\n".join(copy(copied, i)) + "\n")
    store = pyoxigraph.Store(str(directory / "store"))
    store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    deriving = time.perf_counter()
    for _, rule in derive.rules():  # the copies' derived data (graph/rules), as the build derives it
        store.update(rule)
    derive_s = time.perf_counter() - deriving
    store.optimize()
    triples = len(store)
    build_s, build_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    indexing, indexing_cpu = time.perf_counter(), time.process_time()
    # From the N-Triples the build loaded, as `amhe build` indexes the N-Triples it loads (what the rules
    # derive in the store is not searched; tests/test_search_index.py holds both readings to the same entries).
    entries = search_index.write(nt.read_bytes(), directory / "search.sqlite")
    index_s, index_cpu = time.perf_counter() - indexing, time.process_time() - indexing_cpu
    del store
    note(f"built {triples} triples in {build_s:.1f} s (derived data {derive_s:.1f} s), "
         f"search index {index_s:.1f} s ({entries} entries)")
    search = search_table(directory / "search.sqlite", directory / "store", repeat)
    note("searches timed")
    questions = question_times(str(directory / "store"), repeat, deadline=60)
    note("questions timed")
    started = time.perf_counter()
    conforms, parts, budget = True, 0, 600
    shared_text = "\n".join(shared)
    for i in [0] + list(range(1, n + 1)):
        part = Graph().parse(data=shared_text + "\n" + ("\n".join(copy(copied, i)) if i else ""), format="nt")
        conforms = validate(part).conforms and conforms
        parts += 1
        if time.perf_counter() - started > budget:
            break
    validation_s = time.perf_counter() - started
    note(f"validated {parts} of {n + 1} partitions in {validation_s:.1f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "triples": triples, "copies": n, "build_s": build_s, "derive_s": derive_s,
            "validation_s": validation_s,
            "validation_partitions": parts, "partitions": n + 1, "conforms": conforms, "peak_mb": peak_mb,
            "questions": questions, "index_s": index_s, "entries": entries,
            "build_cpu": build_cpu, "index_cpu": index_cpu, "search": search}


def scale(sizes: list[int], repeat: int) -> list[str]:
    out = []
    for size in sizes:
        done = subprocess.run([sys.executable, __file__, "--scale-child", str(size), "--repeat", str(repeat)],
                              check=True, stdout=subprocess.PIPE, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        timed_out = [q for q, t in r["questions"].items() if t is None]
        finished = {q: t for q, t in r["questions"].items() if t is not None}
        worst = max(finished.items(), key=lambda kv: kv[1][0])
        over = sorted(f"{q} ({t[3]} rows)" for q, t in finished.items() if t[0] > 0.25)
        out += ["", f"### Scale: {r['triples']} triples ({r['copies']} synthetic copies)", "",
                "| measure | value | target at 1M |", "|---|---|---|",
                f"| build (synthesise N-Triples, bulk-load into Oxigraph, derive again) | "
                f"{r['build_s']:.1f} s (deriving {r['derive_s']:.1f} s) | ≤ 120 s |",
                f"| validation, {r['validation_partitions']} of {r['partitions']} partitions (shared part + one copy "
                f"each) | {r['validation_s']:.1f} s ({'conforms' if r['conforms'] else 'violations'}) | ≤ 300 s |",
                f"| search index ({r['entries']} entries) | {r['index_s']:.1f} s: {r['index_s'] / r['build_s']:.0%} "
                f"added to the build (CPU time {r['index_cpu']:.1f} s of {r['build_cpu']:.1f} s: "
                f"{r['index_cpu'] / r['build_cpu']:.0%}) | ≤ 20% |",
                f"| peak memory of the scale run | {r['peak_mb']:.0f} MB | ≤ 1500 MB |",
                f"| slowest question, median warm | {worst[0]}: {worst[1][0]*1000:.1f} ms | ≤ 250 ms |",
                f"| questions over 250 ms | {', '.join(over) or 'none'} | none |",
                f"| questions stopped at 60 s | {', '.join(timed_out) or 'none'} | none |",
                "", "| question | median ms | min ms | max ms | rows |", "|---|---|---|---|---|"]
        out += [f"| {q} | {m*1000:.1f} | {lo*1000:.1f} | {hi*1000:.1f} | {n} |"
                for q, (m, lo, hi, n) in finished.items()]
        out += [f"| {q} | stopped at 60 s | | | |" for q in timed_out]
        out += [""] + r["search"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="two repetitions; what CI runs")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--scale", type=int, action="append", default=[], metavar="TRIPLES")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    repeat = args.repeat or (2 if args.quick else 7)
    if args.scale_child:
        print(json.dumps(scale_run(args.scale_child, repeat)))
        return
    head = [f"# Benchmark results ({time.strftime('%Y-%m-%d')})", "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; repetitions: {repeat}", ""]
    lines = head + real_graph(repeat)
    if args.scale:
        lines += scale(args.scale, repeat)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
