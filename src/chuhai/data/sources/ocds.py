"""Open Contracting Data Standard files -> ``tenders``, ``bids``, ``ocds_parties`` and
``contract_awards`` (source ``ocds``).

Reads release packages, record packages, records, releases, compiled releases and JSON
lines, OCDS 1.0 (upgraded with ocdskit) and 1.1, streamed with ijson
(:mod:`._ocds_read`); checks every release where the file holds it (:mod:`._ocds_check`);
merges the releases of each contracting process into one compiled release with ocdsmerge
over the release schema shipped in the package (:mod:`._ocds_compile`); extracts rows
(:mod:`._ocds_rows`). ``award_items`` carries each award's item classifications (the
award's items, else the tender's), which the ``contract_products`` hook
(:mod:`chuhai.data.derived`) reads as CPV/UNSPSC evidence beside the description.

A process is stored once, in full: the releases stored for a process of the file
(``ocds_releases``, from earlier imports) are merged with the file's, and the import
replaces the earlier imports' rows of those processes (``ImportBatch.ocids``,
:mod:`chuhai.data.processes`). So a process published as a tender release, an award
release and a contract release in three files ends as one compiled release, and importing
its record afterwards changes nothing but adds what only the record has. USD amounts use
the warehouse's official exchange rates (:mod:`._ocds_prior`). Scope
``ocds/<sha256 prefix>``. Detected by content (``"ocid"``, or a package's ``releases`` /
``records``) in a ``.json``, ``.jsonl`` or ``.ndjson`` file; ``--source ocds`` otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from chuhai.data.schema import column_type, data_columns
from chuhai.data.sources._ocds_check import check_release
from chuhai.data.sources._ocds_compile import Prior, Process, compile_processes
from chuhai.data.sources._ocds_prior import stored_rates, stored_releases
from chuhai.data.sources._ocds_read import Item, read_items, sniff
from chuhai.data.sources._ocds_rows import Rates, Rows, process_rows
from chuhai.data.staging import stage_arrow
from chuhai.data.warehouse import ImportBatch, Warehouse

__all__ = ["NAME", "READS_WAREHOUSE", "TABLES", "arrow_rows", "detect", "parse", "stage"]

NAME = "ocds"
#: tables an OCDS import writes
TABLES = ("tenders", "bids", "ocds_parties", "contract_awards", "award_items", "ocds_releases")
#: the importer passes the warehouse to :func:`stage` (stored releases, exchange rates)
READS_WAREHOUSE = True
_SUFFIXES = (".json", ".jsonl", ".ndjson")
_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "SMALLINT": pa.int16(),
          "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DATE": pa.date32(),
          "BOOLEAN": pa.bool_()}


def detect(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in _SUFFIXES and sniff(path, head)


def _checked(items: Iterable[Item], path: Path) -> Iterator[Item]:
    for item in items:
        if item.kind == "release":
            check_release(item.data, path, item.where, item.line)
        else:
            at = f"{item.where}." if item.where else ""
            releases = item.data.get("releases")
            for i, rel in enumerate(releases if isinstance(releases, list) else []):
                if isinstance(rel, dict):
                    check_release(rel, path, f"{at}releases[{i}]", item.line)
            if isinstance(item.data.get("compiledRelease"), dict):
                check_release(item.data["compiledRelease"], path, f"{at}compiledRelease",
                              item.line)
        yield item


def parse(path: Path, *, rates: Rates | None = None, prior: Prior | None = None,
          ) -> tuple[list[Process], Rows]:
    """The file's processes and their rows; InputError naming file, JSON path and field."""
    processes = compile_processes(_checked(read_items(path), path), path, prior=prior)
    rows = Rows()
    for proc in processes:
        process_rows(proc.compiled, proc.ocid, rows, rates=rates)
    return processes, rows


def arrow_rows(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """``rows`` as an Arrow table with ``table``'s data columns typed as in the schema."""
    cols = data_columns(table)
    return pa.table({c: pa.array([r.get(c) for r in rows],
                                 _ARROW[column_type(table, c).split("(")[0]]) for c in cols})


def release_rows(processes: list[Process]) -> list[dict[str, Any]]:
    """``ocds_releases`` rows: every release merged into each process (or its compiled one)."""
    out = []
    for proc in processes:
        for rel in proc.releases or (proc.compiled,):
            tags = rel.get("tag")
            out.append({
                "ocid": proc.ocid, "release_id": _str(rel.get("id")),
                "release_date": _str(rel.get("date")),
                "tag": ",".join(map(str, tags)) if isinstance(tags, list) else _str(tags),
                "body": json.dumps(rel, ensure_ascii=False, separators=(",", ":")),
            })
    return out


def _str(node: Any) -> str | None:
    return None if node is None else str(node)


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None, warehouse: Warehouse | None = None) -> ImportBatch:
    processes, rows = parse(path, rates=stored_rates(warehouse),
                            prior=stored_releases(warehouse))
    tables = {"tenders": rows.tenders, "bids": rows.bids, "ocds_parties": rows.ocds_parties,
              "contract_awards": rows.contract_awards, "award_items": rows.award_items,
              "ocds_releases": release_rows(processes)}
    loads = tuple(stage_arrow(t, arrow_rows(t, tables[t]), staging) for t in TABLES)
    years = sorted({r["fiscal_year"] for r in rows.contract_awards if r["fiscal_year"]})
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=f"{NAME}/{sha256[:16]}",
                       loads=loads, release=release, years=tuple(years),
                       ocids=tuple(sorted({p.ocid for p in processes})))
