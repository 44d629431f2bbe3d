"""ensure_reference writes countries, blocs and HS descriptions once, with provenance."""

from __future__ import annotations

from pathlib import Path

from chuhai.data.reference import ensure_reference, load_blocs
from chuhai.data.reference.hs import hs_descriptions
from chuhai.data.warehouse import Warehouse
from factories import make_warehouse


def _counts(wh: Warehouse) -> dict[str, int]:
    with wh.connect() as con:
        out = {}
        for t in ("countries", "agreements", "agreement_members", "products", "provenance"):
            row = con.execute(f"SELECT count(*) FROM {t}").fetchone()
            out[t] = int(row[0]) if row else 0
    return out


def test_writes_and_is_idempotent(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    first = ensure_reference(wh)
    assert first is not None and first.status == "imported" and first.source == "reference"
    counts = _counts(wh)
    blocs = load_blocs()
    assert counts["agreements"] == len(blocs)
    assert counts["agreement_members"] == sum(len(a.members) for a in blocs)
    assert counts["products"] == len(hs_descriptions())
    assert counts["countries"] >= 249
    again = ensure_reference(wh)
    assert again is not None and again.status == "unchanged"
    assert _counts(wh) == counts
    with wh.connect() as con:
        kgz = con.execute("SELECT name_zh, region, income_group FROM countries WHERE iso3 = 'KGZ'").fetchone()
        joined = con.execute(
            "SELECT joined FROM agreement_members WHERE agreement_id = 'EAEU' AND iso3 = 'KGZ'").fetchone()
        src = con.execute("SELECT DISTINCT source FROM agreements").fetchall()
    assert kgz == ("吉尔吉斯斯坦", "Europe & Central Asia", "LM")
    assert joined is not None and joined[0].isoformat() == "2015-08-12"
    assert src == [("chuhai-blocs",)]


def test_keeps_agreements_from_other_sources(tmp_path: Path) -> None:
    wh = make_warehouse(tmp_path / "wh", source="desta", agreements=[
        {"agreement_id": "RCEP", "name": "RCEP (DESTA)", "type": "FTA", "in_force": None}])
    ensure_reference(wh)
    with wh.connect() as con:
        rows = con.execute("SELECT name, source FROM agreements WHERE agreement_id = 'RCEP'").fetchall()
        eaeu = con.execute("SELECT source FROM agreements WHERE agreement_id = 'EAEU'").fetchone()
    assert rows == [("RCEP (DESTA)", "desta")]
    assert eaeu == ("chuhai-blocs",)
