"""The maintained membership file ``blocs.toml``: trade blocs and China's FTAs.

Loaded and validated with Pydantic; errors name the file and the field path. The warehouse
gets these as ``agreements`` / ``agreement_members`` rows with source ``chuhai-blocs``.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from chuhai.data.reference.countries import get_country
from chuhai.errors import InputError
from chuhai.fileio import read_text

__all__ = ["BLOCS_FILE", "Agreement", "blocs_text", "load_blocs"]

BLOCS_FILE = "blocs.toml"


class Agreement(BaseModel):
    """One agreement. Dates are entry-into-force dates (ISO dates)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9-]{1,20}$")
    name: str = Field(min_length=3)
    type: Literal["FTA", "CU"]
    in_force: date
    source: str = Field(min_length=3)
    members: tuple[str, ...] = Field(min_length=2)
    joined: dict[str, date] = Field(default_factory=dict)
    left: dict[str, date] = Field(default_factory=dict)
    note: str | None = None
    #: H: dates and members checked against the cited text; M: partly (see note); L: unsure.
    confidence: Literal["H", "M", "L"] = "H"

    @field_validator("members")
    @classmethod
    def _known_members(cls, members: tuple[str, ...]) -> tuple[str, ...]:
        for iso in members:
            if get_country(iso) is None or iso != iso.upper():
                raise ValueError(f"{iso!r} is not an ISO 3166-1 alpha-3 code")
        if len(set(members)) != len(members):
            raise ValueError("a member is listed twice")
        return members

    @model_validator(mode="after")
    def _dates(self) -> Agreement:
        for kind in ("joined", "left"):
            for iso, when in getattr(self, kind).items():
                if iso not in self.members:
                    raise ValueError(f"{kind}.{iso}: not a member of {self.id}")
                if when < self.in_force:
                    raise ValueError(f"{kind}.{iso}: {when} is before in_force {self.in_force}")
        return self

    def joined_on(self, iso3: str) -> date:
        """When ``iso3``'s participation entered into force (the agreement's date unless
        the file says otherwise)."""
        return self.joined.get(iso3, self.in_force)

    def members_on(self, day: date) -> tuple[str, ...]:
        """Members whose participation is in force on ``day``."""
        return tuple(
            m for m in self.members
            if self.joined_on(m) <= day and (m not in self.left or self.left[m] > day)
        )


def blocs_text() -> str:
    """The packaged ``blocs.toml`` text."""
    return resources.files("chuhai.data.reference").joinpath(BLOCS_FILE).read_text(encoding="utf-8")


def _parse(text: str, name: str) -> tuple[Agreement, ...]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=name) from exc
    out = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("agreement", [])):
        try:
            agreement = Agreement.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            label = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
            raise InputError(err["msg"], file=name, field=f"agreement[{label}].{loc}".rstrip(".")) from exc
        if agreement.id in seen:
            raise InputError("duplicate agreement id", file=name, field=f"agreement[{agreement.id}].id")
        seen.add(agreement.id)
        out.append(agreement)
    if not out:
        raise InputError("no [[agreement]] tables", file=name)
    return tuple(out)


@cache
def _packaged() -> tuple[Agreement, ...]:
    return _parse(blocs_text(), BLOCS_FILE)


def load_blocs(path: str | Path | None = None) -> tuple[Agreement, ...]:
    """Agreements from ``path``, or from the packaged ``blocs.toml`` when None."""
    if path is None:
        return _packaged()
    return _parse(read_text(path), str(path))
