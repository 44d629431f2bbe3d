"""OCDS importer (source ``ocds``): the five file shapes, OCDS 1.0 and 1.1, merging with the
shipped schema and no network, processes spread over several files, rows against an
independent recount of the real samples, and bad input refused by JSON path."""

from __future__ import annotations

import copy
import hashlib
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import ocds
from chuhai.data.sources._ocds_compile import merger
from chuhai.data.sources._ocds_rows import Rows, process_rows
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

ARMENIA = "ocds-sample-armenia-armeps/releases/6.json"
UKRAINE = "ocds-sample-ukraine-prozorro"
PARAGUAY = "ocds-sample-paraguay-dncp"


def _release(ocid: str = "ocds-test-1", rid: str = "r1", date: str = "2020-03-01T00:00:00Z",
             **parts: Any) -> dict[str, Any]:
    rel: dict[str, Any] = {"ocid": ocid, "id": rid, "date": date, "tag": ["tender"],
                           "initiationType": "tender"}
    rel.update(parts)
    return rel


def _award(aid: str = "a1", amount: Any = 1000.0, currency: str = "USD",
           suppliers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": aid, "date": "2020-04-02T00:00:00Z", "status": "active",
            "value": {"amount": amount, "currency": currency},
            "suppliers": suppliers if suppliers is not None else [{"id": "s1", "name": "Acme"}]}


def _package(releases: list[dict[str, Any]], **meta: Any) -> dict[str, Any]:
    pkg: dict[str, Any] = {"uri": "http://example.com/p.json", "version": "1.1",
                           "publishedDate": "2020-05-01T00:00:00Z", "releases": releases}
    pkg.update(meta)
    return pkg


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _digest(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


def _rows(wh: Warehouse, sql: str) -> list[tuple[Any, ...]]:
    with wh.connect() as con:
        return con.execute(sql).fetchall()


# -- real samples ------------------------------------------------------------------------

def test_every_shape_detected(shared_data: Path) -> None:
    files = [ARMENIA,  # release package, OCDS 1.1, two extensions
             f"{PARAGUAY}/records/273637.json",  # DNCP record package
             f"{UKRAINE}/records/ocds-be6bcu-UA-2016-06-08-000504-c.json",  # OCP-built record
             # a bare release whose ocid comes after the first 64 KiB
             f"{PARAGUAY}/releases/ocds-03ad3f-275348-275348-eduardo-elizeche-benitez-sac-1-contract.json"]
    for name in files:
        assert detect_source(shared_data / name) == "ocds", name
    # other JSON sources keep their own detection
    assert not ocds.detect(Path("x.json"), b'{"Dataset": []}')


def test_armenia_package_against_a_recount(shared_data: Path) -> None:
    path = shared_data / ARMENIA
    doc = json.loads(path.read_text("utf-8"))
    processes, rows = ocds.parse(path)
    # independent recount over the raw package (no merge): bids, tenders, awards
    bids = [b for r in doc["releases"] for b in (r.get("bids") or {}).get("details", [])]
    ocids = {r["ocid"] for r in doc["releases"]}
    awards = {(r["ocid"], a["id"]): a for r in doc["releases"] for a in r.get("awards", [])}
    assert len(processes) == len(ocids) == len(rows.tenders)
    assert len(rows.bids) == len(bids) == 36  # SOURCE.md: 36 bids in 22 processes
    assert len({b["ocid"] for b in rows.bids}) == 22
    assert sorted(b["amount"] for b in rows.bids if b["amount"] is not None) == \
        sorted(b["value"]["amount"] for b in bids
               if (b.get("value") or {}).get("amount") is not None)
    assert {r["contract_id"] for r in rows.contract_awards} == {f"{o}/{a}" for o, a in awards}
    assert len(awards) == 21 and {r["currency"] for r in rows.contract_awards} == {"AMD"}
    total = sum(a["value"]["amount"] or 0 for a in awards.values())
    assert sum(r["award_amount"] or 0 for r in rows.contract_awards
               if r["suppliers_in_award"] <= 1) == pytest.approx(total, rel=1e-12)
    assert total > 0
    assert {r["buyer_country"] for r in rows.tenders} == {"ARM"}  # countryName "AM"
    assert {r["usd_flag"] for r in rows.contract_awards if r["amount"] is not None} == {"no_rate"}
    n = {r["ocid"]: r["number_of_tenderers"] for r in rows.tenders}
    raw_n = {r["ocid"]: r["tender"]["numberOfTenderers"] for r in doc["releases"]
             if "numberOfTenderers" in (r.get("tender") or {})}
    assert raw_n and all(n[o] == v for o, v in raw_n.items())
    cpv = [t for t in rows.tenders if t["classifications"]]
    assert cpv and all(c.startswith(("CPV:", "CPV-AM:")) for t in cpv for c in t["classifications"].split("; "))


def test_ukraine_10_releases_upgraded_and_matching_the_records(shared_data: Path) -> None:
    rel_rows, rec_rows = Rows(), Rows()
    for sub, out in (("releases", rel_rows), ("records", rec_rows)):
        for path in sorted((shared_data / UKRAINE / sub).glob("*.json")):
            for proc in ocds.parse(path)[0]:
                process_rows(proc.compiled, proc.ocid, out)
    assert len(rel_rows.tenders) == len(rec_rows.tenders) == 11
    assert len(rel_rows.bids) == 12 and {b["tenderer_country"] for b in rel_rows.bids} == {"UKR"}
    # lowest bid / estimate per tender with bids (SOURCE.md: 0.97, 0.24, 0.87, 0.81, 0.84)
    est = {t["ocid"]: t["amount"] for t in rel_rows.tenders}
    low: dict[str, float] = {}
    for b in rel_rows.bids:
        low[b["ocid"]] = min(low.get(b["ocid"], float("inf")), b["amount"])
    ratios = sorted(round(low[o] / est[o], 2) for o in low)
    assert ratios == sorted([0.97, 0.24, 0.87, 0.81, 0.84])
    key = sorted((r["contract_id"], r["supplier"], r["amount"]) for r in rel_rows.contract_awards)
    assert key == sorted((r["contract_id"], r["supplier"], r["amount"])
                         for r in rec_rows.contract_awards)
    assert {r["supplier_country"] for r in rel_rows.contract_awards} == {"UKR"}  # "Україна"


def test_a_process_over_several_files_is_one_process(shared_data: Path, tmp_path: Path) -> None:
    rel = shared_data / PARAGUAY / "releases"
    tender = rel / "ocds-03ad3f-277004-277004-adquisicion-equipos-e-insumos-informaticos-tender.json"
    award = rel / "ocds-03ad3f-277004-277004-adquisicion-equipos-e-insumos-informaticos-1-award.json"
    wh = Warehouse(tmp_path / "wh")
    first = import_paths(wh, [tender])
    assert _rows(wh, "SELECT count(*), count(title), count(award_date) FROM tenders, "
                 "(SELECT max(award_date) AS award_date FROM contract_awards)") == [(1, 1, 0)]
    second = import_paths(wh, [award])
    # the award file alone has no tender; merged with the stored tender release it has both
    assert _rows(wh, "SELECT count(*), count(title) FROM tenders") == [(1, 1)]
    raw = json.loads(award.read_text("utf-8"))
    assert _rows(wh, "SELECT count(DISTINCT contract_id) FROM contract_awards")[0][0] == \
        len(raw["awards"])
    assert second[0].replaced == (first[0].import_id,)
    status = dict(_rows(wh, "SELECT import_id, status FROM provenance"))
    assert status[first[0].import_id] == f"replaced-by:{second[0].import_id}"
    assert _rows(wh, "SELECT count(*) FROM ocds_releases") == [(2,)]
    again = import_paths(wh, [award])
    assert again[0].status == "unchanged"
    before = _rows(wh, "SELECT * FROM contract_awards ORDER BY ALL")
    import_paths(wh, [tender])  # the tender once more: nothing new, nothing lost
    assert _rows(wh, "SELECT * EXCLUDE (import_id) FROM contract_awards ORDER BY ALL") == \
        [r[:-1] for r in before]


# -- synthetic files ---------------------------------------------------------------------

def test_json_lines_and_compiled_release(tmp_path: Path) -> None:
    r1 = _release(tender={"id": "t", "value": {"amount": 500, "currency": "usd"},
                          "numberOfTenderers": 2, "procurementMethod": "open"})
    r2 = _release(rid="r2", date="2020-04-02T00:00:00Z", awards=[_award()])
    lines = tmp_path / "x.jsonl"
    lines.write_text(json.dumps(_package([r1])) + "\n\n" + json.dumps(r2) + "\n", "utf-8")
    procs, rows = ocds.parse(lines)
    assert len(procs) == 1 and procs[0].compiled["tender"]["value"]["amount"] == 500
    assert rows.tenders[0]["currency"] == "USD" and rows.tenders[0]["method"] == "open"
    assert rows.contract_awards[0]["amount_usd"] == 1000.0
    assert rows.contract_awards[0]["usd_flag"] is None
    compiled = dict(procs[0].compiled, tag=["compiled"])
    procs2, rows2 = ocds.parse(_write(tmp_path / "c.json", compiled))
    assert procs2[0].compiled == compiled and rows2.tenders == rows.tenders


def test_joint_award_one_row_per_supplier(tmp_path: Path) -> None:
    sup = [{"id": "s1", "name": "A"}, {"id": "s2", "name": "B"}]
    rel = _release(awards=[_award(amount=900.0, suppliers=sup)],
                   parties=[{"id": "s1", "name": "A", "roles": ["supplier"],
                             "address": {"countryName": "Kenya"}},
                            {"id": "s2", "name": "B", "roles": ["supplier"],
                             "address": {"countryName": "CN"}}])
    _, rows = ocds.parse(_write(tmp_path / "j.json", _package([rel])))
    got = sorted((r["supplier"], r["supplier_country"], r["amount"], r["award_amount"],
                  r["suppliers_in_award"]) for r in rows.contract_awards)
    assert got == [("A", "KEN", 900.0, 900.0, 2), ("B", "CHN", 900.0, 900.0, 2)]


def test_usd_from_the_warehouse_rate(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh").create()
    with wh.connect(read_only=False) as con:
        con.execute("INSERT INTO indicators VALUES ('KEN', 2020, 'fx_lcu_per_usd', 106.45, "
                    "'wdi', 'wdi-test')")
    rel = _release(awards=[_award(amount=212900.0, currency="KES"),
                           _award(aid="a2", amount=5.0, currency="EUR")])
    path = _write(tmp_path / "k.json", _package([rel]))
    import_paths(wh, [path])
    got = dict(_rows(wh, "SELECT currency, amount_usd FROM contract_awards"))
    assert got["KES"] == pytest.approx(212900.0 / 106.45, rel=1e-12)
    assert got["EUR"] is None
    assert _rows(wh, "SELECT usd_flag FROM contract_awards WHERE currency = 'EUR'") == \
        [("no_rate",)]


def test_merging_never_touches_the_network(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("network used")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    merger.cache_clear()
    ext = "https://raw.githubusercontent.com/open-contracting/ocds_bid_extension/v1.1.4/extension.json"
    r1 = _release(tender={"id": "t", "items": [{"id": "1", "classification":
                                               {"scheme": "CPV", "id": "38421100-3"}}]})
    r2 = _release(rid="r2", date="2020-05-01T00:00:00Z",
                  bids={"details": [{"id": "b1", "value": {"amount": 7, "currency": "USD"}}]})
    procs, rows = ocds.parse(_write(tmp_path / "p.json", _package([r2, r1], extensions=[ext])))
    assert procs[0].compiled["tender"]["items"][0]["classification"]["id"] == "38421100-3"
    assert rows.bids[0]["amount"] == 7 and rows.tenders[0]["classifications"] == "CPV:38421100-3"


# -- bad input: file and JSON path named, nothing stored changed ---------------------------

@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "wh")
    import_paths(w, [_write(tmp_path / "good.json", _package([_release(awards=[_award()])]))])
    return w


BAD: list[tuple[str, Any, str, str]] = [
    ("truncated", json.dumps(_package([_release(), _release(rid="r2")]))[:-30],
     "truncated or malformed JSON", "releases"),
    ("version", _package([_release()], version="2.0"), "version '2.0' is not supported",
     "version"),
    ("extension", _package([_release()], extensions=[
        "https://example.com/ocds_secret_extension/v1.0/extension.json"]),
     "unknown OCDS extension 'ocds_secret_extension'", "extensions[0]"),
    ("amount", _package([_release(), _release(rid="r9", awards=[_award(amount="12,5 лей")])]),
     "the amount must be a number", "releases[1].awards[0].value.amount"),
    ("ocid", _package([{"id": "x", "date": "2020-01-01T00:00:00Z"}]), "missing or empty ocid",
     "releases[0].ocid"),
    ("tenderers", _package([_release(tender={"numberOfTenderers": 2.5})]), "whole number",
     "releases[0].tender.numberOfTenderers"),
    ("date", _package([_release(awards=[dict(_award(), date="next week")])]),
     "not an ISO 8601 date", "releases[0].awards[0].date"),
]


@pytest.mark.parametrize(("name", "doc", "message", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_the_json_path(wh: Warehouse, tmp_path: Path, name: str, doc: Any,
                                       message: str, field: str) -> None:
    path = tmp_path / f"{name}.json"
    if isinstance(doc, str):
        path.write_text(doc, "utf-8")
    else:
        _write(path, doc)
    before = _digest(wh.home)
    with pytest.raises(InputError) as exc:
        import_paths(wh, [path], source="ocds")
    assert message in str(exc.value) and str(path) in str(exc.value)
    assert exc.value.field is not None and exc.value.field.startswith(field), exc.value.field
    assert _digest(wh.home) == before


def test_numeric_strings_and_empty_values_are_read(tmp_path: Path) -> None:
    rel = _release(tender={"value": {"amount": "", "currency": ""}},
                   awards=[_award(amount=" 1234.50 ", currency="mdl")])
    _, rows = ocds.parse(_write(tmp_path / "m.json", _package([copy.deepcopy(rel)])))
    assert rows.tenders[0]["amount"] is None and rows.tenders[0]["currency"] is None
    assert (rows.contract_awards[0]["amount"], rows.contract_awards[0]["currency"]) == \
        (1234.5, "MDL")


def test_cpv_codes_feed_the_product_match(tmp_path: Path) -> None:
    """An award whose text names no product but whose item is CPV 38421100 (water meters)
    is matched to water meters through the code (contract_products, same import)."""
    item = {"id": "1", "description": "Lot 3", "classification": {"scheme": "CPV",
                                                                  "id": "38421100-3"}}
    rel = _release(tender={"id": "t", "title": "Supply", "items": [item]},
                   awards=[dict(_award(), title="Contract 17/2020")])
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [_write(tmp_path / "w.json", _package([rel]))])
    assert _rows(wh, "SELECT contract_id, classification_scheme, classification_id "
                 "FROM award_items") == [("ocds-test-1/a1", "CPV", "38421100-3")]
    got = _rows(wh, "SELECT contract_id, product_class, hs FROM contract_products")
    assert [(c, p) for c, p, _ in got] == [("ocds-test-1/a1", "water_meter")]
    assert got[0][2].startswith("9028")


def test_cli_import_json_reports_rows_per_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chuhai.cli import app
    a = _write(tmp_path / "a.json", _package([_release(awards=[_award()])]))
    b = _write(tmp_path / "b.txt", _release(ocid="ocds-test-2", awards=[_award("a9")]))
    home = tmp_path / "wh"
    runner = CliRunner()
    res = runner.invoke(app, ["data", "import", str(a), "--warehouse", str(home), "--json"])
    assert res.exit_code == 0, res.output
    (item,) = json.loads(res.stdout)["imported"]
    wh = Warehouse(home)
    counted = sum(_rows(wh, f"SELECT count(*) FROM {t} WHERE import_id = '{item['import_id']}'")
                  [0][0] for t in ("tenders", "bids", "ocds_parties", "contract_awards",
                                   "award_items", "ocds_releases", "contract_products"))
    assert item["source"] == "ocds" and item["file"] == "a.json" and item["rows"] == counted
    bad = runner.invoke(app, ["data", "import", str(b), "--warehouse", str(home)])
    assert bad.exit_code == 1 and "cannot tell which source" in str(bad.exception)  # a .txt
    res = runner.invoke(app, ["data", "import", str(b), "--source", "ocds", "--warehouse",
                              str(home), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["imported"][0]["rows"] > 0
    assert _rows(wh, "SELECT count(*) FROM tenders") == [(2,)]
