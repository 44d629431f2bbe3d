"""The market finder's results are frozen typed values whose sentences are message codes.

The expected English texts below were produced by the string-building code these
messages replaced (same inputs), so a change in wording or number format fails here.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from chuhai.markets import ScanParams, Weights, ranking, scan
from chuhai.markets import messages as msgs
from chuhai.markets import screens as S
from chuhai.markets.inputs import Assessed, MarketInputs
from chuhai.markets.localisation import localisation
from chuhai.markets.types import Components, ZeroTariffRival
from chuhai.messages import Message, Template, catalog, render
from test_markets_support import build, world

scan_mod = importlib.import_module("chuhai.markets.scan")  # the module (the package exports the function)

TOP = ("demo", "product", "hs6", "exporter", "years", "markets", "markets_scanned", "warnings",
       "coverage", "params", "weights", "filters", "concordance", "markets_ranked")
MARKET = (
    "importer", "name", "rank", "score", "imports_usd", "imports_t", "imports_cagr",
    "imports_cagr_short", "world_share", "growth_base_usd", "growth_tiny_base",
    "projected_imports_usd", "exporter_exports_usd",
    "exporter_share", "exporter_rank", "suppliers", "hhi", "rivals_hhi", "top_suppliers",
    "unit_value_usd_per_t", "exporter_unit_value_usd_per_t", "competitor_unit_value_usd_per_t",
    "price_ratio", "price_band", "tariff_exporter", "tariff_basis", "tariff_average",
    "distance_km", "relative_distance", "agreements", "zero_tariff_rivals", "potential_usd",
    "untapped_usd", "benchmark_untapped_usd", "supply", "demand", "ease", "terms", "screens",
    "localisation_pressure", "localisation_parts", "posture", "explanation", "components")
NESTED = {
    "screens": ("name", "passed", "reason", "status"),
    "top_suppliers": ("exporter", "share", "value_usd"),
    "zero_tariff_rivals": ("exporter", "agreement", "share"),
    "terms": ("share_proj", "net_importer", "global_tariff_term", "t_e_global", "t_k_global",
              "projected_imports", "tariff_term", "dgdp", "dpop", "g_j", "p_j", "distance_term",
              "rel_ln_d", "mean_ln_d", "bilateral_ease", "vij", "hyp"),
    "localisation_parts": ("production", "market_rca", "zero_tariff_share", "procurement",
                           "procurement_confidence", "procurement_source", "weights", "missing",
                           "procurement_basis", "procurement_domestic_share", "procurement_awards",
                           "procurement_interval", "procurement_source_zh"),
    "components": ("untapped", "benchmark", "size", "growth", "access", "risk", "localisation",
                   "screens"),
}
TOP_NESTED = {
    "coverage": ("exporters", "importers", "partial", "exporters_listed"),
    "filters": ("regions", "income_groups", "agreements", "min_imports_usd", "exclude"),
    "weights": NESTED["components"],
    "params": tuple(f.name for f in dataclasses.fields(ScanParams)),
}


def _keys(d: dict[str, Any]) -> tuple[str, ...]:
    """The keys the contract had before messages: codes beside texts are additions."""
    return tuple(k for k in d if not k.endswith(("_message", "_messages")))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("msg")
    build(path, **world(seed=1))
    return path


def test_json_keys_and_order_unchanged(home: Path) -> None:
    from chuhai.data.warehouse import Warehouse

    d = json.loads(json.dumps(scan(Warehouse(home), product="902820", exporter="CHN").to_dict()))
    assert _keys(d) == TOP
    for k, want in TOP_NESTED.items():
        assert _keys(d[k]) == want, k
    assert d["markets"] and any(m["zero_tariff_rivals"] for m in d["markets"])
    for m in d["markets"]:
        assert _keys(m) == MARKET
        for k, want in NESTED.items():
            for part in m[k] if isinstance(m[k], list) else [m[k]]:
                assert _keys(part) == want, k
        assert m["explanation_message"]["text"] == m["explanation"]
        for s in m["screens"]:
            assert s["reason_message"]["text"] == s["reason"]
            assert s["reason_message"]["code"].startswith(f"markets.screen.{s['name']}.") or \
                s["reason_message"]["code"] == "markets.screen.unknown"
    assert [w["text"] for w in d["warnings_messages"]] == d["warnings"]


def _codes(p: Any) -> set[str]:
    if isinstance(p, Message):
        return {p.code} | {c for v in p.params.values() for c in _codes(v)}
    if isinstance(p, tuple):
        return {c for v in p for c in _codes(v)}
    return set()


def test_every_message_has_a_template(home: Path) -> None:
    from chuhai.data.warehouse import Warehouse

    res = scan(Warehouse(home), product="902820", exporter="CHN")
    used = _codes(res.warnings)
    for m in res.markets:
        used |= _codes(m.explanation) | _codes(tuple(s.reason for s in m.screens))
    assert used and used <= set(catalog())
    declared = [v for v in vars(msgs).values() if isinstance(v, Template | Message)]
    declared += list(msgs.COMPONENT.values())
    assert len(declared) > 40
    for v in declared:
        assert v.code.startswith("markets.") and v.code in catalog()
        if isinstance(v, Message):  # a fixed phrase: renders without parameters
            assert render(v) == catalog()[v.code].en
        else:
            assert catalog()[v.code] == v


def test_scan_does_not_mutate_its_rows(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chuhai.data.warehouse import Warehouse

    seen: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
    run = scan_mod._run

    def spy(*a: Any, **k: Any) -> list[dict[str, Any]]:
        rows = run(*a, **k)
        seen.append((rows, copy.deepcopy(rows)))
        return rows

    monkeypatch.setattr(scan_mod, "_run", spy)
    res = scan(Warehouse(home), product="902820", exporter="CHN")
    (rows, before), = seen
    assert rows == before and "score" not in rows[0] and "screens" not in rows[0]
    m = res.markets[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.score = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.screens[0].passed = False  # type: ignore[misc]


def _inputs(**kw: Any) -> MarketInputs:
    base: dict[str, Any] = dict(
        importer="MOZ", exporter="CHN", name=None, region=None, income_group=None,
        memberships=(), wgi=-1.234, gdp=None, gdp_growth=0.0, imports_usd=5e6,
        imports_cagr=0.02, imports_cagr_short=-0.05, world_share=None, exporter_share=0.1,
        hhi=0.8, rivals_hhi=0.8, lead=None, tariff_exporter=0.2, tariff_basis="mfn", tariff_average=None,
        zero_tariff_rivals=tuple(ZeroTariffRival(c, "SADC", 0.1)
                                 for c in ("ZAF", "KEN", "TZA", "UGA")),
        zero_tariff_share=None, rca=None, untapped_usd=1234567.8, benchmark_untapped_usd=None)
    return MarketInputs(**(base | kw))


P = ScanParams()
FAILING = _inputs()
UNKNOWN = _inputs(wgi=None, gdp=1234.0, gdp_growth=None, hhi=None, rivals_hhi=None, tariff_exporter=None,
                  zero_tariff_rivals=())
PASSING = _inputs(gdp=2.5e12, gdp_growth=0.031, world_share=0.00042, imports_cagr_short=0.0,
                  hhi=0.3, rivals_hhi=0.3, exporter_share=0.0, lead=("DEU", 0.256), tariff_exporter=0.0, tariff_average=0.012,
                  zero_tariff_rivals=())


@pytest.mark.parametrize(("screen", "inputs", "want"), [
    (S.risk, FAILING, "MOZ's mean governance score (WGI) is -1.23, below the -1.00 cut-off."),
    (S.macro, FAILING, "GDP unknown growing 0.0 %/yr is neither large nor growing enough "
                       "(cut-offs US$5.0 B or +3.0 %/yr)."),
    (S.concentration, FAILING, "Normalised HHI 0.80 (cut-off 0.60) — dominated by few suppliers."),
    (S.access, FAILING, "Tariff 20.0 % (mfn) (no average for other suppliers); customs-union "
                        "rivals ZAF, KEN, TZA enter duty-free."),
    (S.risk, UNKNOWN, "Not screened: the warehouse has no WGI governance estimates for MOZ."),
    (S.macro, UNKNOWN, "GDP US$1.2 k growing unknown/yr is neither large nor growing enough "
                       "(cut-offs US$5.0 B or +3.0 %/yr)."),
    (S.concentration, UNKNOWN, "Not screened: the warehouse has no supplier data for MOZ."),
    (S.access, UNKNOWN, "Not screened: no tariff for CHN in MOZ in the warehouse."),
    (S.macro, PASSING, "GDP US$2.5 T growing +3.1 %/yr is large or growing enough "
                       "(cut-offs US$5.0 B or +3.0 %/yr)."),
    (S.concentration, PASSING, "Normalised HHI 0.30 (cut-off 0.60) — open to new suppliers; "
                               "the largest supplier, DEU, holds 26 %."),
    (S.access, PASSING, "Tariff 0.0 % (mfn) vs a trade-weighted 1.2 % for all suppliers."),
])
def test_screen_texts_equal_todays(screen: Any, inputs: MarketInputs, want: str) -> None:
    s = screen(inputs, P)
    assert render(s.reason) == want and isinstance(s.reason, Message)
    assert s.status == ("unknown" if want.startswith("Not screened") else
                        "pass" if s.passed else "fail")


def test_imports_screen_and_notes_keep_numbers_as_numbers() -> None:
    s = S.imports(FAILING, P, None)
    assert render(s.reason) == ("Imports are unknown size with short-run growth -5.0 %/yr "
                                "(world 0.0 %/yr): small and not growing faster than world imports.")
    s = S.imports(PASSING, P, 0.01)
    assert render(s.reason) == ("Imports are 0.04 % of world imports with short-run growth "
                                "0.0 %/yr (world +1.0 %/yr): small and not growing faster than "
                                "world imports.")
    size = s.reason.params["size"]
    assert isinstance(size, Message) and size.params["share"] == 0.00042
    cov = scan_mod._coverage({"partial": True, "exporters": 2, "importers": 120,
                              "exporters_listed": ["CHN", "DEU"]})
    note = scan_mod._coverage_note(cov)
    assert note is not None and note.params["importers"] == 120
    assert render(note) == ("partial world: the warehouse holds exports of only 2 reporter(s) "
                            "(CHN, DEU) against 120 importers — world imports, market shares, "
                            "competitors and the export potential cover only these exporters")


def test_explanation_text_equals_todays() -> None:
    _, parts = localisation(rca=None, zero_tariff_share=None, hs6=("010111",), importer="MOZ")
    a = Assessed(inputs=PASSING, screens=(S.risk(FAILING, P), S.macro(PASSING, P),
                                          S.access(FAILING, P)),
                 localisation_pressure=0.4321, localisation_parts=parts)
    c = Components(untapped=1.0, benchmark=None, size=0.9, growth=0.1, access=0.2, risk=0.5,
                   localisation=0.95, screens=0.0)
    text = render(ranking.explain(a, ranking.Scored(c, 61.456), 3, 12, Weights()))
    assert text == ("Ranked 3 of 12 (score 61): strongest on untapped potential "
                    "(US$1,234,568/yr) and localisation pressure (0.43); held back by import "
                    "growth (+0.0 %/yr) and market access (tariff 0.0 % vs 1.2 % average); "
                    "fails the country_risk screen.")
    none = Components(**{f.name: None for f in dataclasses.fields(Components)})
    assert render(ranking.explain(a, ranking.Scored(none, 61.456), 3, 1, Weights())) == \
        "Ranked 3 of 1 (score 61): average on every component; fails the country_risk screen."


def test_score_returns_new_values_and_leaves_inputs_alone() -> None:
    _, parts = localisation(rca=1.0, zero_tariff_share=0.2, hs6=("902820",), importer="MOZ")
    ms = [Assessed(inputs=_inputs(importer=c, untapped_usd=u, wgi=w), screens=(),
                   localisation_pressure=None, localisation_parts=parts)
          for c, u, w in (("A", 3.0, 0.5), ("B", 1.0, None), ("C", 2.0, -0.5))]
    before = copy.deepcopy(ms)
    out = ranking.score(ms, Weights(untapped=1, benchmark=0, size=0, growth=0, access=0, risk=1,
                                    localisation=0, screens=0))
    assert ms == before
    # untapped percentiles 1, 0, 0.5; risk 1, None (0.5), 0; equal weights
    assert [s.components.untapped for s in out] == [1.0, 0.0, 0.5]
    assert [s.components.risk for s in out] == [1.0, None, 0.0]
    assert [s.score for s in out] == [100.0, 25.0, 25.0]


def test_web_schema_is_the_result_types_json_shape(home: Path) -> None:
    from chuhai.data.warehouse import Warehouse
    from chuhai.serialise import to_json
    from chuhai.web.api.markets import MarketScanOut

    d = to_json(scan(Warehouse(home), product="902820", exporter="CHN"))
    MarketScanOut.model_validate(d)  # extra="forbid": no key the schema does not declare
    schema = MarketScanOut.model_json_schema()
    market = schema["$defs"]["MarketResultOut"]
    assert tuple(schema["properties"]) == tuple(d) and tuple(market["properties"]) == tuple(d["markets"][0])
    assert set(market["required"]) == set(MARKET) | {"explanation_message"}
    screen = schema["$defs"]["ScreenOut"]["properties"]
    assert screen["reason"]["type"] == "string" and "reason_message" in screen
    bad = dict(d, markets=[dict(d["markets"][0], rank="first")])
    with pytest.raises(ValueError):
        MarketScanOut.model_validate(bad)
