"""Contract -> product matching: the precision floor on the hand-labelled real descriptions,
examples per language and code scheme, rule-file errors, and the contract_products hook of
every import that writes contract_awards."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.reference.procurement_rules import fold, load_rules, match_contract
from chuhai.data.sources import wb_contracts
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

LABELS = Path(__file__).parent / "data" / "procurement_labels.csv"
#: a second batch, labelled after the rules were first written (the first look on it, before
#: the rules were revised, is in procurement_rules.toml's header); now part of the floor
SECOND = Path(__file__).parent / "data" / "procurement_labels_2.csv"
#: the issue's target: precision >= 0.9 on the meter and valve classes
FLOOR = {"water_meter": 0.9, "electricity_meter": 0.9, "meter_other": 0.9, "valve": 0.9}


def _read(path: Path) -> list[tuple[str, set[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["description"], set(r["classes"].split())) for r in csv.DictReader(fh)]


def _labelled() -> list[tuple[str, set[str]]]:
    return _read(LABELS) + _read(SECOND)


def test_the_labelled_set_is_large_and_covers_every_class() -> None:
    rows = _labelled()
    assert len(rows) >= 300
    assert len({d for d, _ in rows}) == len(rows)  # the two batches do not overlap
    counts = {c: sum(c in t for _, t in rows) for c in load_rules().classes}
    assert min(counts.values()) >= 5, counts
    assert sum(not t for _, t in rows) >= 80  # look-alikes and unrelated goods


def test_precision_floor_on_meters_and_valves() -> None:
    tp: dict[str, int] = dict.fromkeys(load_rules().classes, 0)
    fp, fn = dict(tp), dict(tp)
    for text, truth in _labelled():
        got = {m.product_class for m in match_contract(text)}
        for c in tp:
            tp[c] += c in got and c in truth
            fp[c] += c in got and c not in truth
            fn[c] += c in truth and c not in got
    for c, floor in FLOOR.items():
        assert tp[c] / (tp[c] + fp[c]) >= floor, (c, tp[c], fp[c])
    recall = sum(tp.values()) / (sum(tp.values()) + sum(fn.values()))
    assert recall >= 0.9, recall


@pytest.mark.parametrize(("text", "expected"), [
    ("SUPPLY OF 105,000 WATER METERS, LOT-V", {("water_meter", "902820")}),
    ("Fourniture de compteurs d'eau DN 15", {("water_meter", "902820")}),
    ("Adquisición de medidores de agua potable", {("water_meter", "902820")}),
    ("AQUISIÇÃO DE 200.000 HIDRÔMETROS", {("water_meter", "902820")}),
    ("LOTE V - AQUISIÇÃO DE CAIXA HIDROMETRO.", set()),
    ("FOURNITURE DE 45 000 COMPTEURS ÉLECTRONIQUES À PRÉPAIEMENT", {("electricity_meter", "902830")}),
    ("Suministro de medidores de energía prepago", {("electricity_meter", "902830")}),
    ("Supply of Single Phase Prepaid Meters", {("electricity_meter", "902830")}),
    ("Smart water meters for the utility", {("water_meter", "902820")}),
    ("Compteurs à gaz", {("meter_other", "902810")}),
    ("Construction of 12 meters high water tower", set()),
    ("Fourniture de vannes et robinetterie", {("valve", "8481")}),
    ("Válvulas de compuerta", {("valve", "8481")}),
    ("Supply of prosthetic heart valves", set()),
    ("Construction of pumping station No. 3", set()),
    ("Supply of infusion pumps", set()),
    ("Fourniture de motopompes", {("pump", "8413")}),
    ("Adquisición de electrobombas sumergibles", {("pump", "8413")}),
    ("Supply of HDPE pipes and fittings", {("pipe", "3917")}),
    ("Tuberías de hierro dúctil", {("pipe", "73")}),
    ("Construction of the main pipeline", set()),
    ("Transformadores de distribución", {("transformer", "8504")}),
    ("Transformer testing equipment", set()),
    ("Fourniture de câbles HTA", {("cable", "8544")}),
    ("Cable car to the old town", set()),
    ("Water meters, pipes, valves and pumps",
     {("water_meter", "902820"), ("pipe", "73"), ("valve", "8481"), ("pump", "8413")}),
])
def test_examples_in_four_languages(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(m.product_class, m.hs) for m in match_contract(text)} == expected


def test_classification_codes_longest_prefix_wins() -> None:
    (m,) = match_contract(None, [("CPV", "38421100-3")])
    assert (m.product_class, m.hs, m.rule) == ("water_meter", "902820", "cpv:38421100")
    (m,) = match_contract("", [("cpv", "38421110")])
    assert m.product_class == "meter_other" and m.rule == "cpv:38421110"
    (m,) = match_contract(None, [("CPV", "42131100-0")])
    assert m.product_class == "valve"
    (m,) = match_contract(None, [("UNSPSC", "40151501")])
    assert m.product_class == "pump"
    assert match_contract(None, [("CPV", "45000000-7"), ("LOCAL", "38421100")]) == ()
    # a code and a keyword for the same class: the higher confidence is kept
    (m,) = match_contract("pipes", [("CPV", "44163000")])
    assert m.rule == "cpv:44163000"


def test_fold() -> None:
    assert fold("Câble  HTA\r\nÀ PRÉPAIEMENT") == "cable hta a prepaiement"


def test_rule_file_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text('classes = ["valve"]\n[[rule]]\nid = "v"\nclass = "valve"\nhs = "8481"\n'
                   'confidence = 0.9\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules(bad)
    assert err.value.field == "rule[0].pattern"
    bad.write_text('classes = ["valve"]\n[[rule]]\nid = "v"\nclass = "pump"\nhs = "8481"\n'
                   'confidence = 0.9\npattern = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules(bad)
    assert err.value.field == "rule[0].class"
    bad.write_text('classes = ["valve"]\n[[rule]]\nid = "v"\nclass = "valve"\nhs = "84x"\n'
                   'confidence = 1.5\npattern = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="hs"):
        load_rules(bad)


def test_every_award_import_writes_its_products(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "wb-major-contract-awards" / "2019_Major_Contract_Awards.csv"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    # independent: the matcher over each contract's distinct descriptions, in file order
    descs: dict[str, list[str]] = {}
    for r in wb_contracts.parse(path):
        if r["description"]:
            descs.setdefault(r["contract_id"], [])
            if r["description"] not in descs[r["contract_id"]]:
                descs[r["contract_id"]].append(r["description"])
    ref = {(cid, m.product_class, m.hs, m.rule) for cid, d in descs.items()
           for m in match_contract(" | ".join(d))}
    with wh.connect() as con:
        got = set(con.execute("SELECT contract_id, product_class, hs, rule FROM contract_products"
                              ).fetchall())
        ids = con.execute("SELECT DISTINCT import_id FROM contract_products").fetchall()
        congo = con.execute(
            "SELECT a.supplier FROM contract_awards a JOIN contract_products p USING "
            "(source, contract_id) WHERE a.buyer_country = 'COD' AND p.product_class = "
            "'water_meter'").fetchall()
        tables = con.execute("SELECT tables FROM provenance WHERE source = ?",
                             [wb_contracts.NAME]).fetchone()
    assert got == ref and len(got) > 30
    assert ids == [(out.import_id,)]
    assert tables == ("contract_awards,contract_products",)
    assert any("CHANGDA" in s.upper() for (s,) in congo)  # SOURCE.md: DR Congo DN15 meters
    # the same file again changes nothing; another year adds its own rows
    (again,) = import_paths(wh, [path])
    assert again.status == "unchanged"


def test_ocds_tender_classifications_reach_the_products(tmp_path: Path) -> None:
    import pyarrow as pa

    from chuhai.data.batch import ImportBatch
    from chuhai.data.derived import with_derived
    from chuhai.data.sources._country_common import stage_rows
    from chuhai.data.staging import stage_arrow

    awards = stage_rows("contract_awards", [
        {"source": "ocds", "contract_id": "ocds-1/a1", "ocid": "ocds-1", "description": "Lot 1"},
        {"source": "ocds", "contract_id": "ocds-2/a1", "ocid": "ocds-2",
         "description": "Suministro de válvulas"},
    ], tmp_path)
    tenders = stage_arrow("tenders", pa.table({
        "ocid": ["ocds-1", "ocds-2"],
        "classifications": ["CPV:38421100-3; UNSPSC:99999999", None],
        **{c: pa.nulls(2, pa.string()) for c in ("tender_id", "title", "buyer", "buyer_id",
           "buyer_country", "method", "method_raw", "method_details", "category", "currency",
           "award_criteria", "status", "source")},
        "amount": pa.nulls(2, pa.float64()), "number_of_tenderers": pa.nulls(2, pa.int32()),
        "tender_date": pa.nulls(2, pa.date32())}), tmp_path)
    batch = ImportBatch(source="ocds", file="x.json", sha256="0" * 64, scope="ocds/x",
                        loads=(awards, tenders))
    out = with_derived(batch, tmp_path)
    (load,) = [ld for ld in out.loads if ld.table == "contract_products"]
    got = pa.parquet.read_table(load.parquet).to_pylist()
    assert {(r["contract_id"], r["product_class"], r["rule"]) for r in got} == {
        ("ocds-1/a1", "water_meter", "cpv:38421100"), ("ocds-2/a1", "valve", "valve.es_pt")}
    assert with_derived(out, tmp_path) is out  # products already staged: nothing added
