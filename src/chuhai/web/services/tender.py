"""The tender service of the web app: rule-pack rows and tender TOML parsing, used by
``/api/v1/tenders`` and the tender page (neither imports the other)."""

from __future__ import annotations

import tomllib
from typing import Any

import chuhai.tenders as tenders_lib
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, ScenarioError
from chuhai.tenders import messages as M
from chuhai.tenders.calibrate import calibrate, simulate_calibrated
from chuhai.tenders.history import check_products
from chuhai.tenders.results import SimulationResult

__all__ = ["load_text", "rule_rows", "sector_of", "simulate_tender"]


def rule_rows() -> list[dict[str, Any]]:
    """Every procurement rule pack as the ``chuhai tender rules --json`` rows."""
    return [{"id": p.id, "name": p.name, "jurisdiction": p.jurisdiction, "instrument": p.instrument,
             "name_zh": p.name_zh, "instrument_zh": p.instrument_zh, "cite": p.cite,
             "cite_lang": p.cite_lang, "warnings_zh": list(p.warnings_zh),
             "mechanism": p.mechanism, "confidence": str(p.confidence),
             "sources": [s.model_dump() for s in p.sources], "warnings": list(p.warnings)}
            for p in tenders_lib.list_rulepacks()]


def load_text(text: str, file: str = "<request>") -> tenders_lib.Tender:
    """Parse tender TOML text into a validated :class:`~chuhai.tenders.Tender`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", file=file, line=getattr(exc, "lineno", None)) from exc
    data.setdefault("source_file", file)
    return tenders_lib.load_tender(data)


def sector_of(tender: tenders_lib.Tender, sector: str | None) -> str:
    """The HS sector to calibrate on: ``sector``, else the tender's first ``tender.products``."""
    hs = (sector or "").strip() or next(iter(tender.tender.products), None)
    if not hs:
        raise ScenarioError(M.CAL_NO_SECTOR(), path="tender.products", file=tender.source_file)
    return check_products((hs,))[0]


def simulate_tender(tender: tenders_lib.Tender, *, runs: int, seed: int, calibrated: bool = False,
                    sector: str | None = None, warehouse: Warehouse | None = None) -> SimulationResult:
    """The Monte Carlo, against the file's rivals or (``calibrated``) against rivals calibrated
    from the warehouse's award data and OCDS bids for the buyer × the sector."""
    if not calibrated or warehouse is None:
        return tenders_lib.simulate(tender, runs=runs, seed=seed)
    cal = calibrate(warehouse, buyer=tender.tender.buyer_country, sector=sector_of(tender, sector))
    return simulate_calibrated(tender, cal, runs=runs, seed=seed)
