"""The demo warehouse: real reference tables and indicators, synthetic trade and tariffs.

Real: countries, agreements (``blocs.toml``), capital-to-capital great-circle distances and
land borders (GeoNames ``neighbours``), the ``indicators`` table (World Bank WDI GDP, GDP
growth, population, population growth, GDP per capita and the six WGI estimates, packaged
in :mod:`chuhai.data.reference.real`) and ``country_classes`` (World Bank income groups by
fiscal year, OGHIST) and ``contract_awards`` (the World Bank Major Contract Awards
FY2006-09 and FY2015-21, :mod:`chuhai.data.demo.awards`, with their ``contract_products``
matched as any import's). Synthetic, generated from one seed: trade flows for every HS 2022
subheading of chapters 84, 85 and 90 in 2019-2023 (a gravity model with product factors
and lognormal noise, sparse; its economic masses are the generator's own GDP draws, inside
each country's income band), unit values, MFN and preferential tariffs.

Everything is written through :meth:`Warehouse.apply` as ``demo`` imports and the meta key
``demo`` is set to ``true``, so every command and page says it is demo data. Same seed →
byte-identical table contents. See docs/reference-and-demo.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from importlib import resources
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rich.progress import Progress

from chuhai.data.demo.award_products import packaged_products
from chuhai.data.demo.awards import AWARDS_FILE, awards_note, packaged_awards
from chuhai.data.demo.flows import trade_table
from chuhai.data.demo.params import DEMO_CHAPTERS, DEMO_YEARS, GENERATOR_VERSION
from chuhai.data.demo.tariffs import mfn_rates, tariff_table
from chuhai.data.demo.world import (
    contiguity,
    distance_table,
    haversine_km,
    macro_series,
    pair_agreements,
    universe,
)
from chuhai.data.derived import with_derived
from chuhai.data.reference import ensure_reference, hs_descriptions
from chuhai.data.reference.procurement_rules import RULES_FILE
from chuhai.data.reference.real import real_income_groups, real_indicators, real_tables
from chuhai.data.staging import stage_arrow, stage_trade_years, staging_dir
from chuhai.data.warehouse import ImportBatch, Warehouse
from chuhai.errors import WarehouseError

__all__ = ["DEMO_FILES", "build_demo", "demo_files"]

#: The provenance ``file`` of each demo part loaded from a packaged real table; every other
#: part is generated and named ``demo-<part>`` (labels/import_files.toml names each one).
DEMO_FILES = {
    "indicators": "real_indicators.csv.gz (World Bank WDI and WGI, CC BY 4.0)",
    "classes": "real_income_groups.csv.gz (World Bank OGHIST, CC BY 4.0)",
}
#: The demo parts generated here (not copied from a real table).
GENERATED_PARTS = ("distances", "trade", "tariffs")


def _awards_file() -> str:
    return f"{AWARDS_FILE} (World Bank Major Contract Awards, {awards_note().licence})"


def demo_files() -> frozenset[str]:
    """Every provenance ``file`` a demo build records (its generated and real parts)."""
    return frozenset({*DEMO_FILES.values(), _awards_file(), *(f"demo-{p}" for p in GENERATED_PARTS)})


def _sha(seed: int, part: str, chapters: Sequence[str]) -> str:
    key = f"chuhai-demo/{GENERATOR_VERSION}/{seed}/{part}/{','.join(chapters)}"
    return hashlib.sha256(key.encode()).hexdigest()


def _apply(warehouse: Warehouse, part: str, sha: str, table: str, rows: pa.Table,
           years: Sequence[int] = (), value: float | None = None, file: str | None = None) -> None:
    """Store one part of the demo; ``file`` names a packaged real table the part comes from
    (else the part is generated and named ``demo-<part>``). Trade is staged in the stored
    layout (a sorted file per year) and tariffs in their insert order (tariff_table), so
    the warehouse moves or inserts them as they are."""
    with staging_dir() as st:
        if table == "trade":
            loads = stage_trade_years(rows, st)
        else:
            loads = (replace(stage_arrow(table, rows, st), ordered=table == "tariffs"),)
        batch = ImportBatch(source="demo", file=file or f"demo-{part}", sha256=sha,
                            scope=f"demo/{part}", loads=loads, release=None,
                            years=tuple(years), value_usd=value)
        warehouse.apply(batch)


def _apply_awards(warehouse: Warehouse, sha: str) -> None:
    """The packaged real World Bank awards, with the contract_products the hook derives."""
    rows = packaged_awards()
    note = awards_note()
    products = packaged_products()  # the shipped match, or None: the hook matches them now
    with staging_dir() as st:
        loads = (stage_arrow("contract_awards", rows, st),
                 *(() if products is None else (stage_arrow("contract_products", products, st),)))
        batch = ImportBatch(
            source="demo", file=_awards_file(),
            sha256=sha, scope="demo/awards", loads=loads,
            years=note.fiscal_years)
        warehouse.apply(with_derived(batch, st))


def _check_target(warehouse: Warehouse) -> None:
    if not warehouse.exists() or warehouse.is_demo():
        return
    with warehouse.connect() as con:
        row = con.execute("SELECT count(*) FROM trade WHERE source <> 'demo'").fetchone()
    if row and row[0]:
        raise WarehouseError(
            f"{warehouse.home} holds imported trade data; the demo would mix synthetic rows "
            "into it. Use another --warehouse for the demo.", home=str(warehouse.home))


def _already_built(warehouse: Warehouse, shas: dict[str, str]) -> bool:
    """True when every demo part with these contents is stored and active."""
    if not warehouse.exists() or not warehouse.is_demo():
        return False
    with warehouse.connect() as con:
        rows = con.execute("SELECT sha256 FROM provenance WHERE source = 'demo' AND status = 'active'").fetchall()
    return set(shas.values()) <= {r[0] for r in rows}


def _summary(warehouse: Warehouse) -> dict[str, Any]:
    with warehouse.connect() as con:
        row = con.execute("SELECT count(*), count(DISTINCT hs6), sum(value_usd) FROM trade "
                          "WHERE source = 'demo'").fetchone()
        years = [int(r[0]) for r in con.execute(
            "SELECT DISTINCT year FROM trade WHERE source = 'demo' ORDER BY 1").fetchall()]
        countries = con.execute(
            "SELECT count(*) FROM (SELECT exporter AS c FROM trade UNION SELECT importer FROM trade)"
        ).fetchone()
    assert row is not None and countries is not None
    return {"rows": int(row[0]), "years": years, "countries": int(countries[0]),
            "products": int(row[1]), "value_usd": float(row[2] or 0.0)}


def build_demo(warehouse: Warehouse, *, seed: int = 20250101, show_progress: bool = False,
               chapters: Sequence[str] = DEMO_CHAPTERS, years: Sequence[int] = DEMO_YEARS) -> dict[str, Any]:
    """Build (or refresh) the demo warehouse; returns ``{"rows", "years", "countries",
    "products", "value_usd"}`` for its trade table.

    Deterministic: the same seed, chapters and years give byte-identical table contents;
    running it again with the same arguments changes nothing. Refuses a warehouse that
    holds imported (non-demo) trade data.
    """
    _check_target(warehouse)
    parts = {"distances": (), "trade": chapters, "tariffs": chapters}
    shas = {part: _sha(seed, part, ch) for part, ch in parts.items()}
    # the real tables do not depend on the seed: keyed by their packaged bytes and the years
    real = real_tables().sha256
    shas["indicators"] = _sha(0, f"indicators/{real}", [str(y) for y in years])
    shas["classes"] = _sha(0, f"classes/{real}", ())
    # the awards: keyed by the packaged rows and the matcher's rules (they make the products)
    rules = hashlib.sha256(resources.files("chuhai.data.reference").joinpath(
        RULES_FILE).read_bytes()).hexdigest()
    shas["awards"] = _sha(0, f"awards/{awards_note().sha256}/{rules}", ())
    if _already_built(warehouse, shas):
        ensure_reference(warehouse)
        warehouse.set_meta("demo", "true")
        return _summary(warehouse)
    rng_root = np.random.SeedSequence([seed, *(int(c) for c in chapters)])
    rngs = [np.random.default_rng(s) for s in rng_root.spawn(4)]
    with Progress(transient=True, disable=not show_progress) as progress:
        task = progress.add_task("demo: reference tables", total=7)
        ensure_reference(warehouse)
        warehouse.set_meta("demo", "true")
        progress.update(task, advance=1, description="demo: countries and distances")
        iso, lat, lon, pop0, income = universe()
        codes = sorted(c for c in hs_descriptions() if c[:2] in set(chapters))
        dist = haversine_km(lat, lon)
        contig = contiguity(iso)
        macro = macro_series(rngs[0], iso, pop0, income, years)
        _, bloc_boost = pair_agreements(iso, date(years[0], 7, 1))
        pair_extra = bloc_boost + 0.5 * contig
        _apply(warehouse, "distances", shas["distances"], "distances",
               distance_table(iso, dist, contig))
        progress.update(task, advance=1, description="demo: indicators (real WDI, WGI)")
        ind = real_indicators(tuple(years)).drop_columns(["code"])
        _apply(warehouse, "indicators", shas["indicators"], "indicators", ind,
               sorted(set(ind["year"].to_pylist())),
               file=DEMO_FILES["indicators"])
        classes = real_income_groups()
        _apply(warehouse, "classes", shas["classes"], "country_classes", classes,
               sorted(set(classes["year"].to_pylist())),
               file=DEMO_FILES["classes"])
        progress.update(task, advance=1, description="demo: contract awards (real World Bank)")
        _apply_awards(warehouse, shas["awards"])
        progress.update(task, advance=1, description="demo: trade flows")
        trade = trade_table(rngs[1], iso, codes, years, macro, dist, pair_extra)
        value = float(pc.sum(trade["value_usd"]).as_py())
        _apply(warehouse, "trade", shas["trade"], "trade", trade, years, value)
        progress.update(task, advance=2, description="demo: tariffs")
        mfn = mfn_rates(rngs[2], iso, codes, income, date(years[-1], 7, 1))
        _apply(warehouse, "tariffs", shas["tariffs"], "tariffs",
               tariff_table(mfn, iso, codes, years), years)
        progress.update(task, advance=1)
    return _summary(warehouse)
