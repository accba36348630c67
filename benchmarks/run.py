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
    from amhe.graph import store
    from amhe.graph.build import build
    from amhe.graph.cache import fingerprint, store_dir
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
    command([py, "-m", "amhe.cli", "build"], env)

    floor = timed(lambda: command([py, "-c", "import click, pyoxigraph"], env), repeat)
    rdflib_floor = timed(lambda: command([py, "-c", "import rdflib.plugins.sparql"], env), repeat)
    ask = [py, "-m", "amhe.cli", "ask", "interventions-for-population", "--population", "Low SES"]
    cold = timed(lambda: command(ask, env), repeat)
    out.append(row("floor: python -c 'import click, pyoxigraph'", *floor[:3]))
    out.append(row("floor: python -c 'import rdflib.plugins.sparql'", *rdflib_floor[:3]))
    out.append(row("cold `amhe ask interventions-for-population`", *cold[:3],
                   f"{cold[0] / floor[0]:.2f}x the click+pyoxigraph floor, "
                   f"{cold[0] / rdflib_floor[0]:.2f}x the rdflib SPARQL import"))
    describe = timed(lambda: command([py, "-m", "amhe.cli", "describe", "Rainbow Alliance"], env), repeat)
    out.append(row("cold `amhe describe \"Rainbow Alliance\"`", *describe[:3],
                   f"{describe[0] / floor[0]:.2f}x the floor"))

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


def scale_run(size: int, repeat: int) -> dict:
    """One size, in this (child) process so that its peak memory is its own."""
    import pyoxigraph
    from synthetic import partitions, scaled

    from amhe.graph.build import build
    from amhe.graph.export import serialize
    from amhe.graph.validate import validate
    from amhe.queries import catalogue
    from amhe.queries.engine import OxigraphEngine
    from amhe.queries.run import run_example

    started = time.perf_counter()
    g = scaled(build(), size)
    data = serialize(g, "nt")
    directory = tempfile.mkdtemp(prefix="amhe-scale-")
    store = pyoxigraph.Store(directory)
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.optimize()
    build_s = time.perf_counter() - started
    engine = OxigraphEngine(store=store)
    questions = {}
    for qid, question in sorted(catalogue().items()):
        run_example(engine, question)  # warm
        questions[qid] = timed(lambda q=question: run_example(engine, q), repeat)[:3]
    started = time.perf_counter()
    conforms, parts = True, 0
    for part in partitions(g, 0):
        conforms = validate(part).conforms and conforms
        parts += 1
    validation_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "triples": len(g), "build_s": build_s, "validation_s": validation_s,
            "validation_partitions": parts, "conforms": conforms, "peak_mb": peak_mb, "questions": questions}


def scale(sizes: list[int], repeat: int) -> list[str]:
    out = []
    for size in sizes:
        done = subprocess.run([sys.executable, __file__, "--scale-child", str(size), "--repeat", str(repeat)],
                              check=True, capture_output=True, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        worst = max(r["questions"].items(), key=lambda kv: kv[1][0])
        out += ["", f"### Scale: {r['triples']} triples", "",
                "| measure | value | target at 1M |", "|---|---|---|",
                f"| build (synthesise, serialise, load into Oxigraph) | {r['build_s']:.1f} s | ≤ 120 s |",
                f"| validation, {r['validation_partitions']} partitions of one copy each | "
                f"{r['validation_s']:.1f} s ({'conforms' if r['conforms'] else 'violations'}) | ≤ 300 s |",
                f"| peak memory | {r['peak_mb']:.0f} MB | ≤ 1500 MB |",
                f"| slowest question, median warm | {worst[0]}: {worst[1][0]*1000:.1f} ms | ≤ 250 ms |",
                "", "| question | median ms | min ms | max ms |", "|---|---|---|---|"]
        out += [f"| {q} | {m*1000:.1f} | {lo*1000:.1f} | {hi*1000:.1f} |" for q, (m, lo, hi) in r["questions"].items()]
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
