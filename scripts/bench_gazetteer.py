"""Benchmark the news-scale gazetteer: coverage (places, divisions of two levels, countries, continents), load, lookups.

    .venv/bin/python scripts/bench_gazetteer.py [--lookups 100000]

Each figure is measured in a fresh child process, so the load is the cold one users get: the process imports
newsbench.gazetteer.geonames, builds the gazetteer from the packaged GeoNames data and reports its wall time and the
growth of its peak resident memory (wall time and CPU time: on a shared machine the wall time is the larger). The
lookups time ``Gazetteer.lookup`` on names drawn from the gazetteer itself (a mix of hits by primary and alternate
names), with no context, with a country context, and with a country context plus ten other names of the "document"
(the ``named`` terms of the ranking: their divisions, their records and the places near them).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, random, resource, sys, time
from collections import Counter
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0, c0 = time.perf_counter(), time.process_time()
from newsbench.gazetteer.geonames import load_news_gazetteer, news_versions
g = load_news_gazetteer()
load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
features = Counter(p.feature for p in g)
names = sum(1 + len(p.alternate_names) for p in g)
rng = random.Random(0)
places = g.places
queries = []
for _ in range(int(sys.argv[1])):
    p = places[rng.randrange(len(places))]
    queries.append(rng.choice((p.name, *p.alternate_names)))
def timed(*context):
    t0, c0 = time.perf_counter(), time.process_time()
    for q in queries:
        g.lookup(q, *context)
    return 1e6 * (time.perf_counter() - t0) / len(queries), 1e6 * (time.process_time() - c0) / len(queries)
named = [(p.name, p) for p in rng.sample(places, 10)]
plain, context, with_named = timed(), timed({"US", "GB"}), timed({"US", "GB"}, named)
print(json.dumps({"versions": news_versions(), "features": dict(features), "records": len(g), "names": names,
                  "load_s": load_s, "load_cpu_s": load_cpu_s, "rss_growth_mib": (after - before) / 1024,
                  "peak_rss_mib": after / 1024,
                  "lookups": len(queries), "lookup_us": plain, "lookup_context_us": context,
                  "lookup_named_us": with_named}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=100_000, help="lookups to time (default %(default)s)")
    args = parser.parse_args(argv)
    done = subprocess.run([sys.executable, "-c", CHILD, str(args.lookups)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "the child process failed",
              file=sys.stderr)
        return 1
    r = json.loads(done.stdout)
    f = r["features"]
    places = sum(n for code, n in f.items() if code.startswith("P."))
    print(f"packages: {', '.join(f'{k} {v}' for k, v in r['versions'].items())}")
    print(f"records: {r['records']:,} with {r['names']:,} names (primary + alternate)")
    print(f"  populated places (>= 500 people): {places:,} ({f.get('P.PPLC', 0)} capitals)")
    print(f"  first-level divisions: {f.get('A.ADM1', 0):,}")
    print(f"  second-level divisions: {f.get('A.ADM2', 0):,}")
    print(f"  countries: {sum(n for code, n in f.items() if code.startswith('A.PCL'))}")
    print(f"  continents: {f.get('L.CONT', 0)}")
    print(f"load (cold, in a fresh process): {r['load_s']:.1f} s wall, {r['load_cpu_s']:.1f} s CPU; "
          f"peak RSS {r['peak_rss_mib']:.0f} MiB "
          f"(+{r['rss_growth_mib']:.0f} MiB over the interpreter)")
    print(f"lookup, µs each (wall / CPU; {r['lookups']:,} names drawn from the gazetteer): without context "
          f"{r['lookup_us'][0]:.1f} / {r['lookup_us'][1]:.1f}, with countries {r['lookup_context_us'][0]:.1f} / "
          f"{r['lookup_context_us'][1]:.1f}, with countries and ten other names {r['lookup_named_us'][0]:.1f} / "
          f"{r['lookup_named_us'][1]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
