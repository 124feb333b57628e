"""The conversation corpus: one test per case, run through the public chat API.

Cases the assistant gets wrong today are listed in known_failures.yaml and marked
xfail(strict=True): a fix makes its case pass, and the suite then fails until the id is
removed from that file (`python bench/agent_eval.py --write-known-failures`).
"""
from __future__ import annotations

import pytest

from corpus import runner

CASES = runner.load_cases()
KNOWN = runner.load_known_failures()


def _param(case: runner.Case):
    marks = [pytest.mark.xfail(strict=True, reason=str(KNOWN[case.id]))] if case.id in KNOWN else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="module")
def shop_for(tmp_path_factory):
    """Each business is loaded once (catalogue, profile, zones); cases copy its database."""
    built: dict[str, runner.Shop] = {}

    def get(business: str) -> runner.Shop:
        if business not in built:
            built[business] = runner.Shop(business, tmp_path_factory.mktemp(f"corpus-{business}"))
        return built[business]

    yield get
    for shop in built.values():
        shop.close()


def test_corpus_data_is_consistent():
    """Every sku exists and may be sold, every total and shipping cost follows from the data."""
    assert runner.check_corpus(CASES) == []
    counts = runner.corpus_counts(CASES)
    assert sorted(counts) == sorted(runner.BUSINESSES)
    for business, count in counts.items():
        assert count["mensaje"] >= 50, business
        assert count["conversacion"] >= 20, business
    assert sum(c["mensaje"] for c in counts.values()) >= 200
    assert sum(c["conversacion"] for c in counts.values()) >= 80
    stale = set(KNOWN) - {case.id for case in CASES}
    assert not stale, f"known_failures.yaml names cases that do not exist: {sorted(stale)}"


def test_matching_rules():
    """The runner's own comparisons: accents, case, thousands dots, numbers inside numbers, tú forms."""
    assert runner.has("El total es $24.500 con envío", "24.500")
    assert runner.has("Total: $24500", "24.500")
    assert not runner.has("Total: $124.500", "24.500")
    assert not runner.has("quedan 14", "4")
    assert runner.has("Dirección: CARRERA 27 # 45-18, Sotomayor", "carrera 27 # 45-18")
    assert runner.has("Pandebono", "pandébono")
    assert runner.tu_forms("¿Quieres algo más? Tu pedido va así") == ["quieres", "tu"]
    assert runner.tu_forms("¿Desea algo más? Su pedido va así. ¿Le ayudo con algo?") == []


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case, shop_for):
    result = runner.run_case(shop_for(case.business), case)
    assert result.ok, result.report()
