"""Procurement rule packs: typed, frozen, loaded from the TOML files in ``rulepacks/``.

A rule pack is data, not code (research §0). Every number a pack holds is a
:class:`Param` with its own source reference and confidence mark (H/M/L); a
figure the research could not verify has ``verified = false`` (and may have no
value at all), and every evaluation that depends on it carries a warning.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chuhai.errors import NotFoundError, ScenarioError
from chuhai.rules.bilingual import missing_chinese
from chuhai.rules.laws import LC_METHODS
from chuhai.rules.messages import NO_CHINESE
from chuhai.rules.vocabulary import GATE_KINDS, MECHANISMS, TIE_CRITERIA, TIE_FINALS

__all__ = [
    "Category",
    "Confidence",
    "GateSpec",
    "LcClass",
    "Param",
    "Preference",
    "RulePack",
    "Scope",
    "Source",
    "TieBreak",
    "get_rulepack",
    "list_rulepacks",
    "parse_rulepack",
    "validation_message",
]

Confidence = Literal["H", "M", "L"]
Category = Literal["goods", "works", "services", "consulting"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """One cited document: ``ref`` is the research's tag, e.g. ``S19``."""

    ref: str
    title: str
    title_zh: str = ""
    url: str | None = None


class Param(_Frozen):
    """A number from a legal instrument, with where it comes from and how sure we are."""

    value: float | None = None
    unit: Literal["fraction", "points", "currency", "count", "exponent"] = "fraction"
    currency: str | None = None
    source: str = Field(min_length=1)
    clause: str | None = None
    clause_zh: str = ""
    confidence: Confidence
    verified: bool = True
    applied: bool = True
    note: str = ""
    note_zh: str = ""

    @model_validator(mode="after")
    def _unset_is_unverified(self) -> Param:
        if self.value is None and self.verified:
            raise ValueError("a parameter without a value must have verified = false")
        if self.unit == "currency" and not self.currency:
            raise ValueError("a currency parameter needs `currency`")
        return self


class Scope(_Frozen):
    categories: tuple[Category, ...]
    funding: tuple[str, ...] = ("government",)
    value_bands: dict[str, Param] = Field(default_factory=dict)
    notes: str = ""
    notes_zh: str = ""


class LcClass(_Frozen):
    """A local-content class label, e.g. India Class-I (LC ≥ 50 %)."""

    name: str
    min_lc: float = 0.0
    strict: bool = False


class Preference(_Frozen):
    """Who is *preferred* (gets the margin, discount, match right or points)."""

    description: str
    description_zh: str = ""
    lc_method: str = "declared"
    lc_threshold: Param | None = None
    lc_strict: bool = False
    requires_domestic_origin: bool = False
    domestic_origins: tuple[str, ...] = ()
    consortium_domestic_share: Param | None = None
    local_ownership: Param | None = None
    classes: tuple[LcClass, ...] = ()
    origin_operations: tuple[str, ...] = ()
    origin_certificates: tuple[str, ...] = ()


class GateSpec(_Frozen):
    """A participation gate: hard eligibility (registration, partner, reservation ...)."""

    name: str
    kind: str
    description: str
    description_zh: str = ""
    source: str
    confidence: Confidence
    params: dict[str, Param] = Field(default_factory=dict)
    countries: tuple[str, ...] = ()
    when_value_below: Param | None = None
    categories: tuple[Category, ...] = ()
    requires: tuple[str, ...] = ()
    strict: bool = False
    only_foreign: bool = True
    when_restricted_item: bool = False


class TieBreak(_Frozen):
    """How a pack breaks a tie on the final score, with where the rule comes from.

    ``criteria`` (names in :data:`~chuhai.rules.vocabulary.TIE_CRITERIA`) apply in order
    among the tied bids; what they leave tied goes to ``final`` (``draw``: lots). A pack
    whose instrument's tie rule was not found says so in ``note`` with confidence L.
    """

    criteria: tuple[str, ...] = ()
    final: str = "draw"
    instrument: str = Field(min_length=1)
    instrument_zh: str = ""
    clause: str | None = None
    clause_zh: str = ""
    source: str = ""
    confidence: Confidence
    note: str = ""
    note_zh: str = ""

    @model_validator(mode="after")
    def _known(self) -> TieBreak:
        bad = [c for c in self.criteria if c not in TIE_CRITERIA]
        if bad:
            raise ValueError(f"tie_break.criteria {', '.join(bad)} unknown; allowed: {', '.join(TIE_CRITERIA)}")
        if self.final not in TIE_FINALS:
            raise ValueError(f"tie_break.final {self.final!r} unknown; allowed: {', '.join(TIE_FINALS)}")
        return self


class RulePack(_Frozen):
    """A procurement rule pack. Every free text has its Chinese sibling ``<field>_zh``
    (chuhai.rules.bilingual); ``cite`` is the instrument's own title in its own language
    ``cite_lang`` (ISO 639-1), shown after the Chinese name as a citation."""

    id: str
    name: str
    name_zh: str = ""
    jurisdiction: str
    instrument: str
    instrument_zh: str = ""
    cite: str = Field(min_length=1)
    cite_lang: str = Field(pattern=r"^[a-z]{2,3}$")
    clause: str
    clause_zh: str = ""
    scope: Scope
    eligibility: str
    eligibility_zh: str = ""
    local_content_method: str
    mechanism: str
    params: dict[str, Param] = Field(default_factory=dict)
    options: dict[str, str | bool] = Field(default_factory=dict)
    preference: Preference
    jv_rule: str = Field(min_length=1)
    jv_rule_zh: str = ""
    gates: tuple[GateSpec, ...] = ()
    tie_break: TieBreak
    effective_from: date
    effective_to: date | None = None
    confidence: Confidence
    warnings: tuple[str, ...] = ()
    warnings_zh: tuple[str, ...] = ()
    sources: tuple[Source, ...]

    @model_validator(mode="after")
    def _check_refs(self) -> RulePack:
        if self.mechanism not in MECHANISMS:
            raise ValueError(f"mechanism {self.mechanism!r} unknown; allowed: {', '.join(MECHANISMS)}")
        if self.preference.lc_method not in LC_METHODS:
            raise ValueError(f"preference.lc_method {self.preference.lc_method!r} unknown; "
                             f"allowed: {', '.join(LC_METHODS)}")
        refs = {s.ref for s in self.sources}
        for path, p in self.all_params():
            for ref in p.source.replace(",", " ").split():
                if ref not in refs:
                    raise ValueError(f"{path}: source {ref!r} is not listed in sources")
        for ref in self.tie_break.source.replace(",", " ").split():
            if ref.startswith("S") and re.fullmatch(r"[0-9]+", ref[1:]) is not None and ref not in refs:
                raise ValueError(f"tie_break: source {ref!r} is not listed in sources")
        for g in self.gates:
            if g.kind not in GATE_KINDS:
                raise ValueError(f"gate {g.name!r}: kind {g.kind!r} unknown; allowed: {', '.join(GATE_KINDS)}")
        return self

    def all_params(self) -> list[tuple[str, Param]]:
        """Every numeric parameter in the pack with its dotted path."""
        out = [(f"params.{k}", v) for k, v in self.params.items()]
        out += [(f"scope.value_bands.{k}", v) for k, v in self.scope.value_bands.items()]
        pref = self.preference
        for name in ("lc_threshold", "consortium_domestic_share", "local_ownership"):
            p = getattr(pref, name)
            if p is not None:
                out.append((f"preference.{name}", p))
        for g in self.gates:
            out += [(f"gates.{g.name}.params.{k}", v) for k, v in g.params.items()]
            if g.when_value_below is not None:
                out.append((f"gates.{g.name}.when_value_below", g.when_value_below))
        return out

    def value(self, name: str, default: float | None = None) -> float | None:
        p = self.params.get(name)
        return default if p is None or p.value is None else p.value

    def summary(self) -> dict[str, Any]:
        """The ``chuhai tender rules --json`` row (contract)."""
        return {
            "id": self.id, "name": self.name, "jurisdiction": self.jurisdiction,
            "instrument": self.instrument, "clause": self.clause, "mechanism": self.mechanism,
            "eligibility": self.eligibility, "jv_rule": self.jv_rule,
            "confidence": self.confidence, "categories": list(self.scope.categories),
            "funding": list(self.scope.funding),
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "warnings": list(self.warnings),
            "sources": [s.model_dump() for s in self.sources],
            "tie_break": self.tie_break.model_dump(mode="json"),
            # added keys: the Chinese texts and the instrument's own title (docs/i18n.md)
            "name_zh": self.name_zh, "instrument_zh": self.instrument_zh, "cite": self.cite,
            "cite_lang": self.cite_lang, "warnings_zh": list(self.warnings_zh),
        }

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def validation_message(exc: ValidationError) -> tuple[str, str]:
    """First error of a Pydantic ValidationError as (dotted field path, message)."""
    err = exc.errors()[0]
    path = ".".join(str(p) for p in err["loc"]) or "(root)"
    # an unknown key in a dataclass-typed table (e.g. an offer's cost) reads as in a model
    msg = "Extra inputs are not permitted" if err["type"] == "unexpected_keyword_argument" else err["msg"]
    if exc.error_count() > 1:
        msg += f" (and {exc.error_count() - 1} more error(s))"
    return path, msg


def parse_rulepack(data: dict[str, Any], *, file: str = "<dict>") -> RulePack:
    """Validate one pack; errors name the file and field path (ScenarioError), and a text
    without its Chinese sibling is one (chuhai.rules.bilingual)."""
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        path, msg = validation_message(exc)
        raise ScenarioError(msg, path=path, file=file) from exc
    missing = missing_chinese(pack)
    if missing is not None:
        raise ScenarioError(NO_CHINESE(field=missing[1], sibling=missing[0].rsplit(".", 1)[-1]),
                            path=missing[0], file=file)
    return pack


@cache
def _all_packs() -> dict[str, RulePack]:
    packs: dict[str, RulePack] = {}
    root = resources.files("chuhai.rules").joinpath("rulepacks")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        fname = f"rulepacks/{entry.name}"
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(str(exc), file=fname) from exc
        pack = parse_rulepack(data, file=fname)
        if pack.id in packs:
            raise ScenarioError(f"duplicate rule pack id {pack.id!r}", path="id", file=fname)
        packs[pack.id] = pack
    return packs


def list_rulepacks() -> tuple[RulePack, ...]:
    """Every shipped rule pack, sorted by id."""
    return tuple(_all_packs().values())


def get_rulepack(pack_id: str) -> RulePack:
    packs = _all_packs()
    if pack_id not in packs:
        raise NotFoundError(f"unknown rule pack {pack_id!r}; known: {', '.join(packs)}")
    return packs[pack_id]
