"""Typed, frozen results of a batch: one :class:`RowResult` per portfolio row.

``RowMarket`` carries a single scan's figures for one ranked market unchanged (the same
numbers as ``chuhai markets`` for that firm's home and products), plus the market's
domestic-winner share for the row's products where award data covers it
(:class:`DomesticWinners`). ``RowEntry`` is the entry planner's recommendation for one of
the row's top markets from the row's scenario template. All round-trip through
:func:`encode` / :func:`decode` so that a finished row can be stored and read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

from chuhai.messages import Message, Text
from chuhai.serialise import to_json

__all__ = ["BatchResult", "DomesticWinners", "RowEntry", "RowMarket", "RowResult", "decode",
           "encode", "message_from", "message_to"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DomesticWinners:
    """Award × supplier rows of the market for the row's products with a known supplier
    country (``n``), of which ``k`` went to suppliers registered in the market; ``share`` =
    k / n with its 95 % Wilson interval ``low``–``high`` (:mod:`chuhai.data.queries.shares`).
    ``small_sample`` when n is under ``SMALL_SAMPLE`` (20)."""

    products: str
    k: int
    n: int
    share: float | None
    low: float
    high: float
    small_sample: bool
    sources: tuple[str, ...]
    years: tuple[int, int] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RowEntry:
    """The entry planner run for one of the row's top markets from the row's scenario
    template (adapted to the market when the template was written for another: see
    docs/batch.md): the recommended mode with its firm NPV, local value and local content
    under the template's primary regime, the planner's reason, and the notes (what was
    assumed for this market, the planner's warnings). ``error`` when the plan failed."""

    importer: str
    scenario: str
    template_market: str
    adapted: bool
    mode: str | None
    firm_npv_usd: float | None
    local_value_usd: float | None
    local_jobs: float | None
    primary_regime: str | None
    local_content_primary: float | None
    qualifies_primary: bool | None
    reason: Message | None
    warnings: tuple[Message, ...] = ()
    error: Message | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RowMarket:
    """One ranked market of one row (a subset of :class:`chuhai.markets.MarketResult`)."""

    importer: str
    name: str | None
    rank: int
    score: float
    imports_usd: float
    exporter_exports_usd: float
    exporter_share: float
    tariff_exporter: float | None
    potential_usd: float
    untapped_usd: float
    benchmark_untapped_usd: float | None
    localisation_pressure: float | None
    posture: str
    screens_failed: tuple[str, ...]
    explanation: Message
    domestic_winners: DomesticWinners | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RowResult:
    """One portfolio row screened: its ranked markets (top N), or why it failed."""

    line: int
    key: str
    firm: str
    home: str
    products: str
    product_query: str | None
    hs6: tuple[str, ...]
    years: tuple[int, ...]
    demo: bool
    markets_scanned: int
    markets: tuple[RowMarket, ...]
    warnings: tuple[Message, ...] = ()
    error: Message | None = None
    scenario: str | None = None
    entry: tuple[RowEntry, ...] = ()

    def to_dict(self, lang: str = "en", translate: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self, lang, translate)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """A whole batch: the rows (in portfolio order), the cross-portfolio views' row
    counts, and where everything was written. ``seconds`` and ``resumed`` are the timing
    fields (they differ between runs; the rest does not)."""

    portfolio: str
    portfolio_sha256: str
    demo: bool
    top: int
    rows: tuple[RowResult, ...]
    views: Mapping[str, int]
    outputs: tuple[str, ...]
    resumed: int
    seconds: float

    def to_dict(self, lang: str = "en", translate: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self, lang, translate)
        return out


def message_to(m: Message) -> dict[str, Any]:
    return {"code": m.code, "params": {k: _param_to(v) for k, v in m.params.items()}}


def _param_to(v: Any) -> Any:
    if isinstance(v, Message):
        return {"__message__": message_to(v)}
    if isinstance(v, Text):
        return {"__text__": {"en": v.en, "zh": v.zh}}
    if isinstance(v, tuple):
        return {"__tuple__": [_param_to(x) for x in v]}
    return v


def message_from(d: dict[str, Any]) -> Message:
    return Message(d["code"], MappingProxyType({k: _param_from(v) for k, v in d["params"].items()}))


def _param_from(v: Any) -> Any:
    if isinstance(v, dict) and "__message__" in v:
        return message_from(v["__message__"])
    if isinstance(v, dict) and "__tuple__" in v:
        return tuple(_param_from(x) for x in v["__tuple__"])
    if isinstance(v, dict) and "__text__" in v:
        return Text(v["__text__"]["en"], v["__text__"]["zh"])
    return v


def _value_to(v: Any) -> Any:
    if isinstance(v, Message):
        return {"__message__": message_to(v)}
    if isinstance(v, RowMarket | RowEntry | DomesticWinners):
        return {f.name: _value_to(getattr(v, f.name)) for f in fields(v)}
    if isinstance(v, tuple):
        return [_value_to(x) for x in v]
    return v


def encode(row: RowResult) -> dict[str, Any]:
    """A JSON-able dict that :func:`decode` turns back into an equal ``RowResult``."""
    return {f.name: _value_to(getattr(row, f.name)) for f in fields(row)}


def _msg(v: Any) -> Message | None:
    return None if v is None else message_from(v["__message__"])


def _winners(d: dict[str, Any] | None) -> DomesticWinners | None:
    if d is None:
        return None
    years = d["years"]
    return DomesticWinners(**{**d, "sources": tuple(d["sources"]),
                              "years": None if years is None else (int(years[0]), int(years[1]))})


def _entry(d: dict[str, Any]) -> RowEntry:
    return RowEntry(**{**d, "reason": _msg(d["reason"]), "error": _msg(d["error"]),
                       "warnings": tuple(message_from(w["__message__"]) for w in d["warnings"])})


def decode(d: dict[str, Any]) -> RowResult:
    markets = tuple(RowMarket(**{**m, "screens_failed": tuple(m["screens_failed"]),
                                 "explanation": _msg(m["explanation"]),
                                 "domestic_winners": _winners(m["domestic_winners"])})
                    for m in d["markets"])
    return RowResult(**{**d, "hs6": tuple(d["hs6"]), "years": tuple(d["years"]),
                        "markets": markets, "error": _msg(d["error"]),
                        "warnings": tuple(message_from(w["__message__"]) for w in d["warnings"]),
                        "entry": tuple(_entry(e) for e in d["entry"])})
