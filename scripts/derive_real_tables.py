"""Derive the packaged real-indicator tables from the shared World Bank files.

Reads (read-only) ``../shared/data``:

* WDI: ``wdi-datahub-gdp/gdp.csv`` (NY.GDP.MKTP.CD), ``wdi-datahub-population/population.csv``
  (SP.POP.TOTL), ``wdi-wbdata-2025/{gdp_growth,population_growth,gdp_per_capita}.csv``
  (NY.GDP.MKTP.KD.ZG, SP.POP.GROW, NY.GDP.PCAP.KD);
* WGI: ``wgi/wgidataset.csv`` (2024 release, the six estimates);
* income groups: ``wb-income-groups/OGHIST_clean.csv`` (history by fiscal year) and
  ``wb-income-groups/countries.csv`` (CLASS regions, FY2024);

parses them with chuhai's own importers (so the packaged rows are exactly what
``chuhai data import`` would store) and writes, under ``src/chuhai/data/reference/``:

* ``real_indicators.csv.gz``: ``iso3, year, indicator, value, source, code`` for the demo
  years (every country the files cover; aggregates dropped by the importers);
* ``real_income_groups.csv.gz``: ``iso3, year (World Bank fiscal year), region,
  income_group, source``;
* ``real_tables.toml``: provenance (input files with sha256, rows) and the licence.

Deterministic: same inputs, same bytes (sorted rows, gzip mtime 0). Run::

    python scripts/derive_real_tables.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
from pathlib import Path
from typing import Any

from chuhai.data.demo.params import DEMO_YEARS
from chuhai.data.sources import wdi, wgi

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "chuhai" / "data" / "reference"
WDI_FILES = (
    ("wdi-datahub-gdp/gdp.csv", "NY.GDP.MKTP.CD"),
    ("wdi-datahub-population/population.csv", "SP.POP.TOTL"),
    ("wdi-wbdata-2025/gdp_growth.csv", "NY.GDP.MKTP.KD.ZG"),
    ("wdi-wbdata-2025/population_growth.csv", "SP.POP.GROW"),
    ("wdi-wbdata-2025/gdp_per_capita.csv", "NY.GDP.PCAP.KD"),
)
WGI_FILE = "wgi/wgidataset.csv"
OGHIST_FILE = "wb-income-groups/OGHIST_clean.csv"
CLASS_FILE = "wb-income-groups/countries.csv"
#: fiscal years of the income classification kept: the lists in force in the demo years
#: (FY2019 .. FY2023) and those published during them (up to FY2025, from 2023 GNI).
FISCAL_YEARS = range(DEMO_YEARS[0], DEMO_YEARS[-1] + 3)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_gz(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.getvalue().encode("utf-8"))


def _cell(v: Any) -> str:
    return "" if v is None else repr(v) if isinstance(v, float) else str(v)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    shared: Path = args.shared
    years = set(DEMO_YEARS)
    inputs: list[dict[str, Any]] = []
    ind: list[list[Any]] = []
    for rel, code in WDI_FILES:
        path = shared / rel
        parsed = wdi.parse(path)
        rows = [r for r in parsed.rows if r["year"] in years]
        ind += [[r["iso3"], r["year"], r["indicator"], r["value"], "wdi", code] for r in rows]
        inputs.append({"file": rel, "sha256": _sha(path), "code": code, "rows": len(rows)})
    wgi_rows, _ = wgi.parse(shared / WGI_FILE)
    rows = [r for r in wgi_rows if r["year"] in years]
    ind += [[r["iso3"], r["year"], r["indicator"], r["value"], "wgi", r["indicator"][4:].upper() + ".EST"]
            for r in rows]
    inputs.append({"file": WGI_FILE, "sha256": _sha(shared / WGI_FILE), "code": "WGI *.EST",
                   "rows": len(rows)})
    ind.sort(key=lambda r: (r[2], r[0], r[1]))
    _write_gz(OUT / "real_indicators.csv.gz", ["iso3", "year", "indicator", "value", "source", "code"],
              [[_cell(c) for c in r] for r in ind])

    regions = {r["iso3"]: r["region"] for r in wdi.parse(shared / CLASS_FILE).rows}
    hist = [r for r in wdi.parse(shared / OGHIST_FILE).rows if r["year"] in FISCAL_YEARS]
    inc = sorted([r["iso3"], r["year"], regions.get(r["iso3"]), r["income_group"], "wb-oghist"]
                 for r in hist)
    inputs += [{"file": OGHIST_FILE, "sha256": _sha(shared / OGHIST_FILE), "code": "OGHIST",
                "rows": len(inc)},
               {"file": CLASS_FILE, "sha256": _sha(shared / CLASS_FILE), "code": "CLASS regions",
                "rows": len(regions)}]
    _write_gz(OUT / "real_income_groups.csv.gz",
              ["iso3", "year", "region", "income_group", "source"], [[_cell(c) for c in r] for r in inc])

    lines = [
        "# Provenance of real_indicators.csv.gz and real_income_groups.csv.gz.",
        "# Written by scripts/derive_real_tables.py; do not edit by hand.",
        "",
        'licence = "CC BY 4.0"',
        'attribution = "The World Bank: World Development Indicators (https://datacatalog.worldbank.org/'
        'dataset/world-development-indicators), Worldwide Governance Indicators, 2024 release '
        '(Kaufmann and Kraay, www.govindicators.org), Historical classification by income (OGHIST) '
        'and CLASS. Licensed CC BY 4.0; selected years, growth rates as fractions."',
        f"years = [{', '.join(str(y) for y in DEMO_YEARS)}]",
        f"fiscal_years = [{', '.join(str(y) for y in FISCAL_YEARS)}]",
        f"indicator_rows = {len(ind)}",
        f"income_group_rows = {len(inc)}",
        "",
    ]
    for item in inputs:
        lines += ["[[inputs]]", f'file = "{item["file"]}"', f'sha256 = "{item["sha256"]}"',
                  f'code = "{item["code"]}"', f"rows = {item['rows']}", ""]
    (OUT / "real_tables.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(ind)} indicator rows, {len(inc)} income-group rows -> {OUT}")


if __name__ == "__main__":
    main()
