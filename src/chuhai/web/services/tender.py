"""The tender service of the web app: rule-pack rows and tender TOML parsing, used by
``/api/v1/tenders`` and the tender page (neither imports the other)."""

from __future__ import annotations

import tomllib
from typing import Any

import chuhai.tenders as tenders_lib
from chuhai.errors import InputError

__all__ = ["load_text", "rule_rows"]


def rule_rows() -> list[dict[str, Any]]:
    """Every procurement rule pack as the ``chuhai tender rules --json`` rows."""
    return [{"id": p.id, "name": p.name, "jurisdiction": p.jurisdiction, "instrument": p.instrument,
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
