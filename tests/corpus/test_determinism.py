"""The assistant answers the same in every process: no reply may depend on the order Python happens
to iterate a set of strings in (it changes with each process's hash seed).

A profile's word counts once came out in set order, and a shop's "¿le puedo dar las almendras …?"
was a question about its allergy rules in one process and a search for "puedo dar almendras" in
another. Here whole shops' cases run in two processes with different hash seeds and every reply
must match.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Shops whose profiles and catalogues exercise the profile's passages, services and sizes.
SHOPS = ("frutossecos", "tatuajes")

LINK_TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{24,}")  # a quote's or order's link is random by design

SCRIPT = """
import json, logging, sys, tempfile
from pathlib import Path
sys.path[:0] = [{root!r}, {tests!r}]
from corpus import runner
logging.disable(logging.WARNING)
cases = runner.load_cases({business!r})
with tempfile.TemporaryDirectory() as workdir:
    results = runner.run_all(cases, Path(workdir))
print(json.dumps({{r.case.id: r.replies for r in results}}))
"""


def _replies_by_seed(business: str, seeds: tuple[int, ...]) -> list[dict[str, list[str]]]:
    """Each seed's replies, the processes run side by side (so that both see the same hour)."""
    code = SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"), business=business)
    runs = [subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT) for seed in seeds]
    found = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-2000:]
        found.append({case: [LINK_TOKEN.sub("…", reply) for reply in replies]
                      for case, replies in json.loads(out.strip().splitlines()[-1]).items()})
    return found


@pytest.mark.parametrize("business", SHOPS)
def test_replies_do_not_depend_on_the_hash_seed(business):
    first, second = _replies_by_seed(business, (1, 2))
    assert first.keys() == second.keys()
    differ = {case: (first[case], second[case]) for case in first if first[case] != second[case]}
    assert not differ, f"{len(differ)} case(s) answered differently: " + json.dumps(
        dict(list(differ.items())[:3]), ensure_ascii=False)[:3000]
