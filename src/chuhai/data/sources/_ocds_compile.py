"""From a file's releases and records to one compiled release per contracting process.

Releases of one ``ocid`` are merged with ocdsmerge's :class:`~ocdsmerge.Merger`, whose
merge rules come from the OCDS 1.1.4 release schema shipped in the package
(:func:`chuhai.data.reference.ocds.release_schema`): nothing is downloaded. A record
contributes its full releases (merged with any other releases of the same process) or,
when it carries only linked releases, its ``compiledRelease``. A release the file repeats
(same ``id`` and ``date``) counts once.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ocdsmerge
from ocdsmerge.exceptions import DuplicateIdValueWarning, OCDSMergeError

from chuhai.data.reference.ocds import release_schema
from chuhai.data.sources._ocds_read import Item
from chuhai.errors import InputError

__all__ = ["Prior", "Process", "compile_processes", "merger"]

#: ocids -> the releases stored for them before this import
Prior = Callable[[list[str]], dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True, slots=True)
class Process:
    """One contracting process: its compiled release and where its parts came from."""

    ocid: str
    compiled: dict[str, Any]
    releases: tuple[dict[str, Any], ...]  # the full releases merged (empty: a compiledRelease)
    where: str  # JSON path of its first item in the file
    line: int | None


@cache
def merger() -> ocdsmerge.Merger:
    """A merger over the shipped release schema (its merge rules computed once)."""
    return ocdsmerge.Merger(schema=release_schema())


def _is_full(release: Any) -> bool:
    """A full release, not a linked one (``{"url", "date", "tag"}`` only)."""
    return isinstance(release, dict) and bool(set(release) - {"url", "date", "tag"})


def _ocid(data: dict[str, Any], path: Path, where: str, line: int | None) -> str:
    ocid = data.get("ocid")
    if not isinstance(ocid, str) or not ocid.strip():
        raise InputError("missing or empty ocid", file=path, line=line,
                         field=f"{where}.ocid" if where else "ocid")
    return ocid.strip()


class _Group:
    def __init__(self, where: str, line: int | None) -> None:
        self.where, self.line = where, line
        self.releases: list[dict[str, Any]] = []
        self.seen: set[tuple[Any, Any]] = set()
        self.compiled: dict[str, Any] | None = None

    def add(self, release: dict[str, Any]) -> None:
        rid = release.get("id")
        key = (rid, release.get("date")) if rid is not None else \
            ("#", json.dumps(release, sort_keys=True, default=str))
        if key in self.seen:
            return
        self.seen.add(key)
        self.releases.append(release)


def _release_of_record(record: dict[str, Any], path: Path, item: Item,
                       groups: dict[str, _Group]) -> None:
    compiled = record.get("compiledRelease")
    releases = record.get("releases")
    full = [r for r in releases if _is_full(r)] if isinstance(releases, list) else []
    at = f"{item.where}." if item.where else ""
    if not full and not isinstance(compiled, dict):
        if isinstance(releases, list) and releases:
            return  # linked releases only (url, date, tag): nothing here to read
        raise InputError("a record needs releases or a compiledRelease", file=path,
                         line=item.line, field=f"{at}releases")
    ocid = record.get("ocid")
    if not isinstance(ocid, str):
        source = compiled if isinstance(compiled, dict) else full[0]
        ocid = _ocid(source, path, f"{at}compiledRelease" if isinstance(compiled, dict)
                     else f"{at}releases[0]", item.line)
    group = groups.setdefault(ocid, _Group(item.where, item.line))
    if full:
        for i, release in enumerate(full):
            release.setdefault("ocid", ocid)
            _check_date(release, path, f"{at}releases[{i}]", item.line)
            group.add(release)
    else:
        group.compiled = compiled


def _check_date(release: dict[str, Any], path: Path, where: str, line: int | None) -> None:
    if not isinstance(release.get("date"), str):
        raise InputError("a release to merge needs its date (a string)", file=path, line=line,
                         field=f"{where}.date" if where else "date")


def compile_processes(items: Iterable[Item], path: Path, *,
                      prior: Prior | None = None) -> list[Process]:
    """One :class:`Process` per ocid, in the order the file first names them. ``prior``
    gives the releases stored earlier for some ocids; they are merged with the file's."""
    groups = _groups(items, path)
    stored = prior(list(groups)) if prior is not None and groups else {}
    for ocid, releases in stored.items():
        group = groups[ocid]
        for release in releases:
            tags = release.get("tag") or []
            if isinstance(tags, list) and "compiled" in tags:
                group.compiled = group.compiled or release
            else:
                group.add(release)
    out = []
    for ocid, group in groups.items():
        compiled = _compile(group, path) if group.releases else group.compiled
        assert compiled is not None  # a group holds a release or a compiled one
        out.append(Process(ocid=ocid, compiled=compiled, releases=tuple(group.releases),
                           where=group.where, line=group.line))
    return out


def _groups(items: Iterable[Item], path: Path) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for item in items:
        if item.kind == "record":
            _release_of_record(item.data, path, item, groups)
            continue
        ocid = _ocid(item.data, path, item.where, item.line)
        group = groups.setdefault(ocid, _Group(item.where, item.line))
        tags = item.data.get("tag") or []
        if isinstance(tags, list) and "compiled" in tags:
            group.compiled = item.data
        else:
            group.add(item.data)
    return groups


def _compile(group: _Group, path: Path) -> dict[str, Any]:
    if len(group.releases) > 1:
        for release in group.releases:
            _check_date(release, path, group.where, group.line)
    try:
        with warnings.catch_warnings():  # repeated ids in a publisher's arrays: merged anyway
            warnings.simplefilter("ignore", DuplicateIdValueWarning)
            compiled: dict[str, Any] = merger().create_compiled_release(group.releases)
    except (OCDSMergeError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"the releases cannot be merged: {exc}", file=path, line=group.line,
                         field=group.where or "(top level)") from exc
    if group.compiled is not None and not compiled.get("awards"):
        # a record's compiledRelease next to partial releases: keep what only it has
        for key, value in group.compiled.items():
            compiled.setdefault(key, value)
    return compiled
