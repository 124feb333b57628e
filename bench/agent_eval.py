"""Pass rates of the assistant on the conversation corpus (tests/corpus), per business and class.

Run from the repository root:
    .venv/bin/python bench/agent_eval.py [--business panaderia] [--jobs 2] [--verbose] [--write-known-failures]

Uses the same runner as tests/corpus/test_corpus.py: each business is loaded through the CLI
(catalogue, company profile, delivery zones when the command exists), each case talks to a
fresh copy of its database through POST /chat/texto, and sales and customers are read back
through the staff API. Prints figures only; asserts nothing.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus import runner  # noqa: E402


def rate(passed: int, total: int) -> str:
    return f"{passed:>3}/{total:<3} {100 * passed / total:5.1f} %" if total else "      —      "


def tally(results, key) -> dict:
    table: dict = defaultdict(lambda: {"mensaje": [0, 0], "conversacion": [0, 0], "erroneos": 0})
    for result in results:
        row = table[key(result.case)]
        row[result.case.kind][1] += 1
        row[result.case.kind][0] += result.ok
        row["erroneos"] += result.wrong_order
    return table


def print_table(title: str, table: dict) -> None:
    width = max([len(title)] + [len(k) for k in table]) + 2
    print(f"\n{title:<{width}}{'mensajes':<16}{'conversaciones':<16}casos con pedido erróneo")
    for name in sorted(table):
        row = table[name]
        print(f"{name:<{width}}{rate(*row['mensaje']):<16}{rate(*row['conversacion']):<16}{row['erroneos']}")


def _run_businesses(cases: list) -> list:
    """One process's share: its businesses' cases, in the corpus order, in a directory of its own."""
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="agent-eval-") as workdir:
        return runner.run_all(cases, Path(workdir))


def run(cases: list, jobs: int) -> list:
    """Every case's result in the corpus order; with jobs > 1 the businesses are shared out among that
    many processes (each case runs on a fresh copy of its shop either way, so the results are the same)."""
    if jobs <= 1:
        return _run_businesses(cases)
    by_business: dict[str, list] = defaultdict(list)
    for case in cases:
        by_business[case.business].append(case)
    shares: list[list] = [[] for _ in range(jobs)]
    for business_cases in sorted(by_business.values(), key=len, reverse=True):
        min(shares, key=len).extend(business_cases)  # the longest businesses first, each to the lightest share
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        done = {r.case.id: r for share in pool.map(_run_businesses, [s for s in shares if s]) for r in share}
    return [done[case.id] for case in cases]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--business", choices=runner.BUSINESSES, help="only this business")
    parser.add_argument("--jobs", type=int, default=1, help=f"processes to share the businesses (this machine: "
                        f"{os.cpu_count()} cores)")
    parser.add_argument("--verbose", action="store_true", help="every failing case with its dialogue")
    parser.add_argument("--write-known-failures", action="store_true",
                        help="rewrite tests/corpus/known_failures.yaml from this run (whole corpus only)")
    args = parser.parse_args()
    if args.write_known_failures and args.business:
        parser.error("--write-known-failures needs the whole corpus (no --business)")
    logging.disable(logging.WARNING)  # the app's own warnings would bury the table

    cases = runner.load_cases(args.business)
    problems = runner.check_corpus(cases)
    if problems:
        print("The corpus data has problems:\n  " + "\n  ".join(problems))
        return 1
    started = time.perf_counter()
    results = run(cases, max(1, args.jobs))
    elapsed = time.perf_counter() - started

    messages = [r for r in results if r.case.kind == "mensaje"]
    conversations = [r for r in results if r.case.kind == "conversacion"]
    wrong = [r for r in conversations if r.wrong_order]
    turns = sorted(s for r in results for s in r.seconds)
    print(f"Corpus: {len(messages)} mensajes, {len(conversations)} conversaciones, {len(turns)} turnos "
          f"en {elapsed:.1f} s")
    if turns:
        p95 = turns[min(len(turns) - 1, int(0.95 * len(turns)))]
        print(f"Turno (cliente de prueba, sin red): p50 {1000 * statistics.median(turns):.1f} ms, "
              f"p95 {1000 * p95:.1f} ms")
    print(f"Mensajes correctos:       {rate(sum(r.ok for r in messages), len(messages))}")
    print(f"Conversaciones correctas: {rate(sum(r.ok for r in conversations), len(conversations))}")
    print(f"Conversaciones con pedido erróneo (línea, cantidad o venta no pedida): {len(wrong)}")
    print(f"Mensajes sueltos que dejaron un pedido erróneo: {sum(r.wrong_order for r in messages)}")

    print_table("negocio", tally(results, lambda case: case.business))
    print_table("clase", tally(results, lambda case: case.clase))

    failing = [r for r in results if not r.ok]
    if failing:
        print(f"\nFallan ({len(failing)}):")
        for result in failing:
            print(f"  {result.case.id:<9} {result.reason()}")
    if args.verbose and failing:
        print()
        for result in failing:
            print(result.report(), end="\n\n")
    if args.write_known_failures:
        count = runner.write_known_failures(results)
        print(f"\n{runner.KNOWN_FAILURES.relative_to(ROOT)}: {count} casos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
