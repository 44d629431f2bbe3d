"""check_batch: one scan finds whether a staged file holds a value outside its declared
range; the error then names the column and the row's key, as before."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from chuhai.data.bounds import check_batch
from chuhai.data.warehouse import ImportBatch, TableLoad
from chuhai.errors import InputError


def _batch(tmp: Path, table: str, select: str) -> ImportBatch:
    path = tmp / f"{table}.parquet"
    duckdb.sql(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
    return ImportBatch(source="test", file="f.csv", sha256="0" * 64, scope="test",
                       loads=(TableLoad(table=table, parquet=path, rows=2),))


TRADE = ("SELECT 2023::SMALLINT AS year, 'CHN' AS exporter, x AS importer, '010121' AS hs6, "
         "{v}::DOUBLE AS value_usd, {q}::DOUBLE AS quantity_t FROM (VALUES ('KGZ'), ('KAZ')) t(x)")


def test_values_within_range_pass(tmp_path: Path) -> None:
    check_batch(_batch(tmp_path, "trade", TRADE.format(v=5, q="NULL")), "f.csv")


@pytest.mark.parametrize(("select", "field", "text"), [
    (TRADE.format(v="1e14", q=1), "value_usd", "value_usd 100000000000000.0 is outside [0, 1e+13]"),
    (TRADE.format(v=1, q="-1"), "quantity_t", "quantity_t -1.0 is outside"),
    (TRADE.format(v="'nan'", q=1), "value_usd", "nan is outside"),
    (TRADE.replace("2023::SMALLINT", "1900::SMALLINT").format(v=1, q=1), "year", "year outside"),
    ("SELECT 'KGZ' AS iso3, 2023 AS year, 'population' AS indicator, -5.0 AS value",
     "value", "population -5.0 is outside"),
])
def test_a_value_outside_its_range_is_named(tmp_path: Path, select: str, field: str,
                                            text: str) -> None:
    table = "indicators" if "indicator" in select else "trade"
    with pytest.raises(InputError) as err:
        check_batch(_batch(tmp_path, table, select), "f.csv")
    assert err.value.field == field and text in str(err.value) and err.value.file == "f.csv"
