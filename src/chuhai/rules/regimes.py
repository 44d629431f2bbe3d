"""Local-content regimes: a law plus the threshold of a rule pack, read from data.

``regimes.toml`` (next to this module) names, for each regime, the law, the rule pack
whose ``preference.lc_threshold`` (value, strictness, source, clause, confidence) it
uses, and the texts shown in plans. Nothing here holds a legal figure in code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chuhai.errors import NotFoundError, ScenarioError
from chuhai.messages import Text
from chuhai.rules.bilingual import missing_chinese
from chuhai.rules.laws import LAWS, Law, canonical
from chuhai.rules.messages import NO_CHINESE
from chuhai.rules.packs import Confidence, Param, RulePack, get_rulepack, validation_message

__all__ = ["REGIMES", "AppliedThreshold", "Regime", "RegimeZh", "applied_threshold", "land_border_countries",
           "qualifies", "threshold_for"]

_FILE = "regimes.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Threshold(_Frozen):
    value: float = Field(ge=0, le=1)
    strict: bool = False
    source: str
    confidence: Confidence
    clause: str | None = None
    note: str = ""
    note_zh: str = ""


class _Step(_Frozen):
    until_year: int | None = None
    param: str


class _RegimeSpec(_Frozen):
    id: str
    pack: str
    name: str
    name_zh: str = ""
    instrument: str
    instrument_zh: str = ""
    clause: str
    clause_zh: str = ""
    confidence: Confidence
    sources: str
    note: str
    note_zh: str = ""
    uncertain: str = ""
    uncertain_zh: str = ""
    threshold: _Threshold | None = None
    steps: tuple[_Step, ...] = ()
    bands: dict[str, str] = Field(default_factory=dict)
    borrower_income: tuple[Literal["L", "LM", "UM", "H"], ...] = ()


class _LandBorder(_Frozen):
    countries: tuple[str, ...]
    source: str


class _RegimesFile(_Frozen):
    regime: tuple[_RegimeSpec, ...]
    land_border: _LandBorder


@dataclass(frozen=True, slots=True)
class RegimeZh:
    """A regime's texts in Chinese, and its instrument's own title (from its rule pack)."""

    name: str
    instrument: str
    clause: str
    note: str
    uncertain: str
    cite: str
    cite_lang: str


@dataclass(frozen=True, slots=True)
class Regime:
    """A procurement regime's local-content rule, with provenance."""

    id: str
    name: str
    instrument: str
    clause: str
    threshold: float
    strict: bool  # True: LC must exceed the threshold; False: reach it
    confidence: str  # H, M or L
    sources: str
    note: str
    law: Law
    pack: str
    threshold_source: str  # source refs of the threshold (rule pack or regimes.toml)
    steps: tuple[tuple[int | None, float], ...] = ()  # (last year or None, threshold)
    uncertain: str = ""  # why a figure is uncertain; non-empty -> warning
    bands: Mapping[str, float] = field(default_factory=dict)  # band cut-offs from the pack
    step_sources: tuple[str, ...] = ()  # source refs of each step's pack parameter
    zh: RegimeZh | None = None  # the Chinese texts (regimes.toml `<field>_zh`) and the citation
    jurisdiction: str = ""  # the rule pack's: a country's ISO2, or a lender ("WB", "OPEC Fund")
    borrower_income: tuple[str, ...] = ()  # a lender's regime: the income groups it lends to

    def applies_in(self, iso2: str | None, income_group: str | None) -> bool:
        """Whether the regime applies to a host with this ISO2 code and World Bank income
        group: a national regime in its own country, a lender's in the countries it lends to."""
        if self.borrower_income:
            return income_group in self.borrower_income
        return bool(iso2) and self.jurisdiction == iso2

    def text(self, name: str) -> Text:
        """``name`` (name, instrument, clause, note, uncertain) in both languages."""
        return Text(getattr(self, name), getattr(self.zh, name) if self.zh else "")

    def threshold_in(self, year: int) -> float:
        """The threshold in force in ``year``."""
        return self.applied(year).value

    def applied(self, year: int, override: float | None = None,
                override_source: str = "") -> AppliedThreshold:
        """The threshold applied in ``year`` (``override`` from a scenario wins), with why."""
        if override is not None:
            return AppliedThreshold(override, self.threshold, "scenario_override",
                                    override_source or "scenario regime_overrides")
        for k, (until, value) in enumerate(self.steps):
            if until is None or year <= until:
                src = self.step_sources[k] if k < len(self.step_sources) else self.threshold_source
                return AppliedThreshold(value, self.threshold, "year_step", src)
        return AppliedThreshold(self.threshold, self.threshold, "default", self.threshold_source)


@dataclass(frozen=True, slots=True)
class AppliedThreshold:
    """The threshold a plan applied: the figure, the regime's default, and why.

    ``basis`` is ``scenario_override`` (``regime_overrides``), ``year_step`` (a threshold by
    bid year from the rule pack, e.g. US BAA) or ``default`` (the pack's threshold).
    """

    value: float
    default: float
    basis: str
    source: str


def _pack_param(pack: RulePack, name: str) -> Param | None:
    if name == "preference.lc_threshold":
        return pack.preference.lc_threshold
    return pack.params.get(name)


def _band_value(pack: RulePack, ref: str) -> float | None:
    if ref.startswith("classes."):
        name = ref.removeprefix("classes.")
        return next((c.min_lc for c in pack.preference.classes if c.name == name), None)
    p = _pack_param(pack, ref)
    return None if p is None else p.value


def _build(spec: _RegimeSpec) -> Regime:
    if spec.id not in LAWS:
        raise ValueError(f"regime {spec.id!r} names no law; known: {', '.join(LAWS)}")
    pack = get_rulepack(spec.pack)
    if canonical(pack.preference.lc_method) != spec.id:
        raise ValueError(f"regime {spec.id!r}: pack {spec.pack} measures {pack.preference.lc_method}")
    if spec.threshold is not None:
        value, strict, src = spec.threshold.value, spec.threshold.strict, spec.threshold.source
    else:
        p = pack.preference.lc_threshold
        if p is None or p.value is None:
            raise ValueError(f"regime {spec.id!r}: pack {spec.pack} has no lc_threshold; declare one")
        value, strict, src = p.value, pack.preference.lc_strict, p.source
    steps, step_sources = [], []
    for st in spec.steps:
        p = _pack_param(pack, st.param)
        if p is None or p.value is None:
            raise ValueError(f"regime {spec.id!r}: pack {spec.pack} has no value for {st.param}")
        steps.append((st.until_year, p.value))
        step_sources.append(p.source)
    bands: dict[str, float] = {}
    for name, ref in spec.bands.items():
        v = _band_value(pack, ref)
        if v is None:
            raise ValueError(f"regime {spec.id!r}: pack {spec.pack} has no value for band {ref}")
        bands[name] = v
    zh = RegimeZh(spec.name_zh, spec.instrument_zh, spec.clause_zh, spec.note_zh,
                  spec.uncertain_zh, pack.cite, pack.cite_lang)
    return Regime(spec.id, spec.name, spec.instrument, spec.clause, value, strict,
                  spec.confidence, spec.sources, spec.note, LAWS[spec.id], spec.pack, src,
                  tuple(steps), spec.uncertain, MappingProxyType(bands), tuple(step_sources), zh,
                  pack.jurisdiction, spec.borrower_income)


@cache
def _load() -> tuple[dict[str, Regime], frozenset[str]]:
    text = resources.files("chuhai.rules").joinpath(_FILE).read_text(encoding="utf-8")
    try:
        data = _RegimesFile.model_validate(tomllib.loads(text))
    except ValidationError as exc:
        path, msg = validation_message(exc)
        raise ScenarioError(msg, path=path, file=f"rules/{_FILE}") from exc
    missing = missing_chinese(data)
    if missing is not None:
        raise ScenarioError(NO_CHINESE(field=missing[1], sibling=missing[0].rsplit(".", 1)[-1]),
                            path=missing[0], file=f"rules/{_FILE}")
    out: dict[str, Regime] = {}
    for i, spec in enumerate(data.regime):
        try:
            out[spec.id] = _build(spec)
        except (ValueError, NotFoundError) as exc:
            raise ScenarioError(str(exc), path=f"regime.{i}", file=f"rules/{_FILE}") from exc
    return out, frozenset(data.land_border.countries)


class _Regimes(Mapping[str, Regime]):
    """Regime id -> :class:`Regime`, read from the data on first use (keeps start-up light)."""

    def __getitem__(self, key: str) -> Regime:
        return _load()[0][key]

    def __iter__(self) -> Iterator[str]:
        return iter(_load()[0])

    def __len__(self) -> int:
        return len(_load()[0])

    def __repr__(self) -> str:
        return f"REGIMES({', '.join(self)})"


REGIMES: Mapping[str, Regime] = _Regimes()


def land_border_countries() -> frozenset[str]:
    """India's land neighbours covered by GFR r.144(xi) (DoE OM 23 Jul 2020) [S26]."""
    return _load()[1]


def applied_threshold(regime_id: str, year: int, override: float | None = None,
                      override_source: str = "") -> AppliedThreshold:
    """The threshold in force in ``year`` (an override wins; US BAA steps by year), with why."""
    return REGIMES[regime_id].applied(year, override, override_source)


def threshold_for(regime_id: str, year: int, override: float | None = None) -> float:
    """The threshold in force in ``year`` (US BAA steps by year, from its rule pack)."""
    return applied_threshold(regime_id, year, override).value


def qualifies(regime_id: str, lc: float, threshold: float) -> bool:
    """Whether local content ``lc`` meets ``threshold`` under the regime's comparison."""
    eps = 1e-12
    if REGIMES[regime_id].strict:
        return lc > threshold + eps
    return lc >= threshold - eps


