"""The demo warehouse: deterministic, marked as demo, and carrying the planner's stories."""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path

import pytest

from chuhai.data.demo import DEMO_YEARS, STORY_MARKETS, build_demo
from chuhai.data.info import warehouse_info
from chuhai.data.reference import get_country, hs_descriptions
from chuhai.data.warehouse import Warehouse
from chuhai.errors import WarehouseError
from factories import make_warehouse

TABLES = ("trade", "tariffs", "indicators", "distances", "agreements", "agreement_members",
          "countries", "products", "country_classes", "contract_awards", "contract_products")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("demo"))
    build_demo(wh)
    return wh


def _content_hash(wh: Warehouse, table: str) -> str:
    """A digest of a table's rows (without import ids): small tables hash their sorted rows
    in Python; big ones combine DuckDB row hashes with order-free aggregates."""
    with wh.connect() as con:
        cols = ", ".join(r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "import_id")
        n = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        if n is not None and n[0] <= 50_000:
            rows = con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
            return hashlib.sha256(repr(rows).encode()).hexdigest()
        agg = con.execute(f"SELECT count(*), bit_xor(h), sum(h % 1000000007), sum(h % 998244353) "
                          f"FROM (SELECT hash({cols}) AS h FROM {table})").fetchone()
    return repr(agg)


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a, b, c = (Warehouse(tmp_path / n) for n in "abc")
    build_demo(a, seed=7, chapters=("90",), years=(2023,))
    build_demo(b, seed=7, chapters=("90",), years=(2023,))
    build_demo(c, seed=8, chapters=("90",), years=(2023,))
    for table in TABLES:
        assert _content_hash(a, table) == _content_hash(b, table), table
    assert _content_hash(a, "trade") != _content_hash(c, "trade")
    assert _content_hash(a, "tariffs") != _content_hash(c, "tariffs")
    # another seed in the same warehouse replaces the demo parts, leaving no old rows
    build_demo(a, seed=8, chapters=("90",), years=(2023,))
    for table in ("trade", "tariffs", "indicators", "distances"):
        assert _content_hash(a, table) == _content_hash(c, table), table
    statuses = {r["file"]: r["status"] for r in a.provenance() if r["status"] != "active"}
    assert set(statuses) >= {"demo-trade", "demo-tariffs"}


def test_marks_itself_demo(demo: Warehouse) -> None:
    assert demo.is_demo()
    sources = {r["source"] for r in demo.provenance()}
    assert sources == {"demo", "reference"}
    with demo.connect() as con:
        for table in ("trade", "tariffs"):
            assert con.execute(f"SELECT DISTINCT source FROM {table}").fetchall() == [("demo",)]
        got = {t: {r[0] for r in con.execute(f"SELECT DISTINCT source FROM {t}").fetchall()}
               for t in ("indicators", "distances", "country_classes", "contract_awards",
                         "contract_products")}
    # real World Bank rows, computed great circles: not generated
    assert got == {"indicators": {"wdi", "wgi"}, "distances": {"geonames"},
                   "country_classes": {"wb-oghist"}, "contract_awards": {"wb-contracts"},
                   "contract_products": {"wb-contracts"}}
    origins = warehouse_info(demo)["table_origins"]
    assert {t: o["origin"] for t, o in origins.items()} == {
        "trade": "generated", "tariffs": "generated", "indicators": "real", "distances": "real",
        "countries": "real", "agreements": "real", "agreement_members": "real", "products": "real",
        "country_classes": "real", "contract_awards": "real", "contract_products": "real"}
    assert origins["trade"]["sources"] == {"demo": warehouse_info(demo)["trade"]["rows"]}


def test_rebuild_changes_nothing(demo: Warehouse) -> None:
    before = demo.provenance()
    summary = build_demo(demo)
    assert demo.provenance() == before
    assert summary["years"] == list(DEMO_YEARS) and summary["rows"] > 1_000_000


def test_refuses_a_warehouse_with_real_data(tmp_path: Path) -> None:
    wh = make_warehouse(tmp_path, source="baci", trade=[{
        "year": 2022, "exporter": "CHN", "importer": "KGZ", "hs6": "902830", "hs_revision": "HS22",
        "value_usd": 10.0}])
    with pytest.raises(WarehouseError, match="imported trade data"):
        build_demo(wh)


def test_every_hs6_of_the_chapters(demo: Warehouse) -> None:
    wanted = {c for c in hs_descriptions() if c[:2] in {"84", "85", "90"}}
    with demo.connect() as con:
        got = {r[0] for r in con.execute("SELECT DISTINCT hs6 FROM trade").fetchall()}
        revs = con.execute("SELECT DISTINCT hs_revision FROM trade").fetchall()
    assert got == wanted and revs == [("HS22",)]


@pytest.mark.parametrize("hs6", ["902820", "848180", "902830"])
def test_story_markets_have_flows(demo: Warehouse, hs6: str) -> None:
    with demo.connect() as con:
        rows = con.execute(
            "SELECT importer, year, count(DISTINCT exporter), sum(value_usd) FROM trade "
            "WHERE hs6 = ? GROUP BY 1, 2", [hs6]).fetchall()
    seen = {(m, y): (n, v) for m, y, n, v in rows}
    for market in STORY_MARKETS:
        for year in DEMO_YEARS:
            n, v = seen[(market, year)]
            assert n >= 3 and v > 0, (market, year)


def test_kazakhstan_leads_kyrgyz_meter_imports(demo: Warehouse) -> None:
    with demo.connect() as con:
        top = con.execute(
            "SELECT exporter FROM trade WHERE importer = 'KGZ' AND hs6 IN ('902820', '902830') "
            "GROUP BY 1 ORDER BY sum(value_usd) DESC LIMIT 1").fetchone()
        chn = con.execute(
            "SELECT sum(value_usd) FILTER (WHERE exporter = 'CHN') / sum(value_usd) FROM trade "
            "WHERE hs6 LIKE '9028%'").fetchone()
        zaf = con.execute(
            "SELECT count(DISTINCT importer) FROM trade WHERE exporter = 'ZAF' AND hs6 LIKE '8481%' "
            "AND importer IN ('BWA', 'NAM', 'LSO', 'SWZ', 'MOZ')").fetchone()
    assert top == ("KAZ",)
    assert chn is not None and chn[0] > 0.2  # China is the leading meter exporter
    assert zaf == (5,)


def test_tariffs_follow_the_blocs(demo: Warehouse) -> None:
    with demo.connect() as con:
        def rate(imp: str, par: str, hs6: str = "902830", year: int = 2023) -> float | None:
            row = con.execute("SELECT rate FROM tariffs WHERE importer = ? AND partner = ? AND hs6 = ? "
                              "AND year = ?", [imp, par, hs6, year]).fetchone()
            return None if row is None else float(row[0])

        assert rate("KGZ", "KAZ") == 0.0  # EAEU internal
        assert rate("KGZ", "CHN") is None  # no preference: MFN applies
        assert rate("KGZ", "MFN") == rate("KAZ", "MFN") == rate("RUS", "MFN")  # common external tariff
        assert rate("BWA", "ZAF") == 0.0  # SACU
        mfn, pak = rate("PAK", "MFN", "902820"), rate("PAK", "CHN", "902820")
        assert mfn is not None and (pak is None if mfn == 0 else pak < mfn)  # CHN-PAK reduced
        bad = con.execute("SELECT count(*) FROM tariffs WHERE rate < 0 OR rate > 0.35").fetchone()
        n_mfn = con.execute("SELECT count(*) FROM tariffs WHERE partner = 'MFN'").fetchone()
        n_imp = con.execute("SELECT count(DISTINCT origin) FROM distances").fetchone()
    assert bad == (0,)
    assert n_mfn is not None and n_imp is not None
    assert n_mfn[0] == n_imp[0] * 977 * len(DEMO_YEARS)


def test_indicators_are_the_real_world_bank_figures(demo: Warehouse, shared_data: Path) -> None:
    """Every WDI/WGI value of the demo years equals the shared World Bank file's own figure
    (read here with csv, independently of chuhai's importers)."""
    with demo.connect() as con:
        got = {(i, y, n): v for i, y, n, v in con.execute(
            "SELECT iso3, year, indicator, value FROM indicators").fetchall()}
    with open(shared_data / "wdi-datahub-gdp" / "gdp.csv", encoding="utf-8-sig", newline="") as fh:
        gdp = {(r["Country Code"], int(r["Year"])): float(r["Value"]) for r in csv.DictReader(fh)
               if int(r["Year"]) in DEMO_YEARS and r["Value"]}
    with open(shared_data / "wgi" / "wgidataset.csv", encoding="utf-8-sig", newline="") as fh:
        wgi = {(r["code"], int(r["year"]), r["indicator"]): float(r["estimate"])
               for r in csv.DictReader(fh) if int(r["year"]) in DEMO_YEARS and r["estimate"] != ".."}
    mine = {(i, y): v for (i, y, n), v in got.items() if n == "gdp_usd"}
    assert mine and all(mine[k] == gdp[k] for k in mine)  # exact: the same decimal text
    assert {k for k in gdp if k[0] in {c for c, _ in mine}} == set(mine)  # no country-year lost
    assert mine[("CHN", 2023)] == gdp[("CHN", 2023)] and 1.7e13 < mine[("CHN", 2023)] < 1.9e13
    checked = 0
    for (code, year, dim), est in wgi.items():
        if code in {"CHN", "KGZ", "ZAF", "KAZ", "MOZ", "USA", "DEU"}:
            assert got[(code, year, f"wgi_{dim}")] == est
            checked += 1
    assert checked == 7 * 6 * len(DEMO_YEARS)
    # WDI growth in percent, stored as a fraction (SOURCE.md spot check: China 2023 5.25 %)
    assert got[("CHN", 2023, "gdp_growth")] == pytest.approx(0.0525, abs=5e-5)
    assert got[("KAZ", 2023, "gdp_growth")] == pytest.approx(0.0510, abs=5e-5)


def test_indicators_cover_the_demo_countries(demo: Warehouse) -> None:
    with demo.connect() as con:
        per = dict(con.execute("SELECT indicator, count(DISTINCT iso3) FROM indicators "
                               "WHERE iso3 IN (SELECT DISTINCT importer FROM trade) GROUP BY 1").fetchall())
        n = con.execute("SELECT count(DISTINCT importer) FROM trade").fetchone()
        story = con.execute("SELECT count(*) FROM indicators WHERE year = 2023 AND iso3 IN "
                            f"({', '.join(repr(m) for m in STORY_MARKETS)})").fetchone()
    assert n is not None and story is not None
    assert set(per) == {"gdp_usd", "gdp_growth", "population", "population_growth",
                        "gdp_per_capita_usd", "wgi_va", "wgi_pv", "wgi_ge", "wgi_rq", "wgi_rl", "wgi_cc"}
    # real data has gaps (e.g. Taiwan is not in WDI; Eritrea has no recent GDP): none invented
    assert all(0.9 * n[0] <= c <= n[0] for c in per.values()), (per, n)
    assert story[0] == len(STORY_MARKETS) * 11  # every story market has all eleven in 2023


def test_income_groups_are_the_world_bank_history(demo: Warehouse, shared_data: Path) -> None:
    with open(shared_data / "wb-income-groups" / "OGHIST_clean.csv", encoding="utf-8-sig",
              newline="") as fh:
        hist = {(r["Code"], int(col) + 2): r[col] for r in csv.DictReader(fh)
                for col in ("2019", "2020", "2021", "2022", "2023") if r[col] in ("L", "LM", "UM", "H")
                and (r["Code"] == "XKX" or get_country(r["Code"]) is not None)}  # CHI is no ISO code
    with demo.connect() as con:
        got = {(i, y): g for i, y, g in con.execute(
            "SELECT iso3, year, income_group FROM country_classes WHERE year >= 2021").fetchall()}
        fy25 = dict(con.execute("SELECT c.iso3, c.income_group FROM countries c JOIN country_classes k "
                                "ON k.iso3 = c.iso3 AND k.year = 2025").fetchall())
    assert {k: v for k, v in got.items() if k[0] in {c for c, _ in hist}} == hist
    assert len(hist) > 1000
    # the countries table (worldbank.toml, FY2025) agrees with the packaged FY2025 column
    mismatch = {c: g for c, g in fy25.items() if g != got[(c, 2025)]}
    assert not mismatch


def test_distances_are_great_circles(demo: Warehouse) -> None:
    a, b = get_country("CHN"), get_country("KGZ")
    assert a and b and a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    # independent reference: spherical law of cosines, R = 6371 km; tolerance 1 km
    p1, p2, dl = math.radians(a.lat), math.radians(b.lat), math.radians(b.lon - a.lon)
    ref = 6371.0 * math.acos(math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl))
    with demo.connect() as con:
        d = con.execute("SELECT dist_km, contiguous FROM distances WHERE origin = 'CHN' AND "
                        "destination = 'KGZ'").fetchone()
        asym = con.execute("SELECT count(*) FROM distances x JOIN distances y ON x.origin = y.destination "
                           "AND x.destination = y.origin WHERE x.dist_km <> y.dist_km").fetchone()
        moz = con.execute("SELECT contiguous FROM distances WHERE origin = 'MOZ' AND destination = 'KGZ'").fetchone()
    assert d is not None and abs(d[0] - ref) < 1.0 and d[1] is True
    assert asym == (0,) and moz == (False,)


def test_values_and_quantities(demo: Warehouse) -> None:
    with demo.connect() as con:
        row = con.execute(
            "SELECT min(value_usd), avg(CASE WHEN quantity_t IS NULL THEN 1 ELSE 0 END), "
            "count(*) FILTER (WHERE exporter = importer) FROM trade").fetchone()
        uv = con.execute("SELECT median(value_usd / quantity_t) FROM trade WHERE hs6 = '902820' "
                         "AND quantity_t > 0").fetchone()
        world = con.execute("SELECT sum(value_usd) FROM trade WHERE year = 2019").fetchone()
    assert row is not None and row[0] >= 1000 and row[1] < 0.05 and row[2] == 0
    assert uv is not None and 3_000 < uv[0] < 40_000  # US$/t for water meters
    assert world is not None and math.isclose(world[0], 6.3e12, rel_tol=0.01)


def test_real_world_bank_awards_are_in_the_default(demo: Warehouse, shared_data: Path) -> None:
    """The packaged awards are the importer's rows of the shared files: counts and totals
    recounted per fiscal year with DuckDB over the raw CSV (per-sector shares summed)."""
    import duckdb

    from chuhai.data.demo.awards import awards_note

    folder = shared_data / "wb-major-contract-awards"
    with duckdb.connect() as ref:
        expected = dict((int(fy), (n, v)) for fy, n, v in ref.execute(
            "WITH raw AS (SELECT \"Fiscal Year\" fy, \"WB Contract Number\" c, Supplier s, "
            "\"Major Sector\" sec, CAST(\"Total Contract Amount (USD)\" AS DOUBLE) amt "
            "FROM read_csv(?, all_varchar = true)), "
            "sector AS (SELECT fy, c, s, sec, first(amt) amt FROM raw GROUP BY ALL), "
            "pair AS (SELECT fy, c, s, sum(amt) amt FROM sector GROUP BY ALL) "
            "SELECT fy, count(*), sum(amt) FROM pair GROUP BY fy",
            [str(folder / "*_Major_Contract_Awards.csv")]).fetchall())
    with demo.connect() as con:
        got = {int(fy): (n, v) for fy, n, v in con.execute(
            "SELECT fiscal_year, count(*), sum(amount_usd) FROM contract_awards GROUP BY 1"
        ).fetchall()}
        meters = con.execute(
            "SELECT count(DISTINCT a.buyer_country) FROM contract_awards a JOIN contract_products p "
            "USING (source, contract_id) WHERE p.product_class = 'water_meter'").fetchone()
        prov = con.execute("SELECT file FROM provenance WHERE scope = 'demo/awards'").fetchone()
    assert got.keys() == expected.keys() == set(awards_note().fiscal_years)
    for fy, (n, v) in expected.items():
        assert got[fy][0] == n and math.isclose(got[fy][1], v, rel_tol=1e-12), fy
    assert sum(n for n, _ in got.values()) == awards_note().rows
    assert meters is not None and meters[0] >= 20  # SOURCE.md: 23 borrower countries
    assert prov is not None and "CC BY 4.0" in prov[0]
