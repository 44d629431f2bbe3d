"""USD rates of the union and pegged currencies (XOF, XAF, EUR) from the per-country official
rates a warehouse stores, against the real WDI snapshot and the exact CFA-euro parity;
other currencies and years without a rate stay flagged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.reference.fx import UsdRates
from chuhai.data.reference.ocds import ocds_reference
from chuhai.data.warehouse import Warehouse

WDI_FX = "wdi-one/PA.NUS.FCRF.csv"
CFA = 655.957


def _wdi(shared: Path) -> dict[str, tuple[float, int]]:
    with (shared / WDI_FX).open(encoding="utf-8") as fh:
        return {r["economy"]: (float(r["PA.NUS.FCRF"]), int(r["PA.NUS.FCRF:T"]))
                for r in csv.DictReader(fh) if r["PA.NUS.FCRF"]}


def test_the_peg_is_the_exact_parity() -> None:
    pegs = ocds_reference().pegs
    assert {k: (p.anchor, p.units, p.since) for k, p in pegs.items()} == \
        {"XOF": ("EUR", CFA, 1999), "XAF": ("EUR", CFA, 1999)}
    assert "BCEAO" in pegs["XOF"].source and "BEAC" in pegs["XAF"].source


def test_rates_through_union_and_peg() -> None:
    r = UsdRates({("SEN", 2015): 591.45, ("CIV", 2015): 591.45, ("MOZ", 2015): 39.98})
    assert r.rate("xof", 2015) == pytest.approx(591.45)
    assert r.rate("EUR", 2015) == pytest.approx(591.45 / CFA, rel=1e-12)
    assert r.rate("XAF", 2015) == pytest.approx(591.45, rel=1e-12)  # no CEMAC rate: via the euro
    assert r.rate("MZN", 2015) == 39.98
    assert r.rate("EUR", 1998) is None and r.rate("XAF", 1998) is None  # before the peg
    assert r.rate("XOF", 2016) is None  # no rate stored for the year
    assert r.rate("GBP", 2015) is None  # no issuer, union or peg known
    median = UsdRates({("CMR", 2010): 495.0, ("GAB", 2010): 496.0, ("TCD", 2010): 500.0})
    assert median.rate("XAF", 2010) == 496.0


def test_against_the_real_wdi_snapshot(shared_data: Path, tmp_path: Path) -> None:
    wdi = _wdi(shared_data)
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [shared_data / WDI_FX])
    with wh.connect() as con:
        table = {(i, int(y)): float(v) for i, y, v in con.execute(
            "SELECT iso3, year, value FROM indicators WHERE indicator = 'fx_lcu_per_usd'").fetchall()}
    r = UsdRates(table)
    sen, year = wdi["SEN"]
    assert year == 2020
    assert r.rate("XOF", 2020) == pytest.approx(sen, rel=1e-12)
    assert r.rate("XAF", 2020) == pytest.approx(wdi["CMR"][0], rel=1e-12)
    # the euro through the peg against WDI's own euro-area rate (EMU, an aggregate the importer
    # skips): the two period averages agree within 0.5 %
    emu, emu_year = wdi["EMU"]
    assert emu_year == 2020
    assert r.rate("EUR", 2020) == pytest.approx(emu, rel=5e-3)
    assert r.rate("EUR", 2020) == pytest.approx(sen / CFA, rel=1e-12)


def test_ocds_amounts_in_eur_xof_xaf_get_usd(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh").create()
    with wh.connect(read_only=False) as con:
        con.execute("INSERT INTO indicators VALUES ('SEN', 2020, 'fx_lcu_per_usd', 575.586, 'wdi', 'wdi-t')")
    awards = [{"id": f"a{i}", "date": "2020-04-02T00:00:00Z", "status": "active",
               "value": {"amount": amount, "currency": cur}, "suppliers": [{"id": "s1", "name": "Acme"}]}
              for i, (amount, cur) in enumerate([(575586.0, "XOF"), (575586.0, "XAF"), (1000.0, "EUR"),
                                                (1000.0, "GBP")])]
    rel = {"ocid": "ocds-test-fx", "id": "r1", "date": "2020-03-01T00:00:00Z", "tag": ["award"],
           "initiationType": "tender", "awards": awards}
    path = tmp_path / "fx.json"
    path.write_text(json.dumps({"uri": "http://example.com/p.json", "version": "1.1",
                                "publishedDate": "2020-05-01T00:00:00Z", "releases": [rel]}), encoding="utf-8")
    import_paths(wh, [path])
    with wh.connect() as con:
        got = {c: (usd, flag) for c, usd, flag in con.execute(
            "SELECT currency, amount_usd, usd_flag FROM contract_awards").fetchall()}
    assert got["XOF"][0] == pytest.approx(1000.0) and got["XOF"][1] is None
    assert got["XAF"][0] == pytest.approx(1000.0)
    assert got["EUR"][0] == pytest.approx(1000.0 * CFA / 575.586, rel=1e-12)
    assert got["GBP"] == (None, "no_rate")
