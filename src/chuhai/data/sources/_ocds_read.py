"""Reading OCDS files: which of the five shapes a file has, streamed with ijson.

Shapes (https://standard.open-contracting.org/1.1/en/schema/):

* release package ``{"version", "extensions", "releases": [...]}``: releases streamed one
  at a time (``releases.item``), so a large package never sits in memory as one document;
* record package ``{"records": [...]}``: records streamed (``records.item``);
* a record ``{"ocid"?, "releases": [...], "compiledRelease"?}`` (also the records the OCDS
  sample repository built, with ``publisher`` / ``versionedRelease``);
* a release, or a compiled release (``tag`` ``["compiled"]``);
* JSON lines: one release, record or package per line.

Every package (and the non-standard ``packageInfo`` some publishers add to a bare release)
is checked: ``version`` must be one of ``ocds.toml``'s versions (absent means 1.0), each
declared extension must be known. OCDS 1.0 items are upgraded to 1.1 with ocdskit. Errors
name the file and the JSON path (``releases[12].ocid``) or, in JSON lines, the line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import ijson
from ocdskit.upgrade import upgrade_record_10_11, upgrade_release_10_11

from chuhai.data.reference.ocds import ocds_reference
from chuhai.data.sources._json import need_dict
from chuhai.errors import InputError

__all__ = ["Item", "read_items", "sniff"]

Kind = Literal["release", "record"]


@dataclass(frozen=True, slots=True)
class Item:
    """One release or record as the file holds it, with where it is."""

    kind: Kind
    data: dict[str, Any]
    where: str  # JSON path of the item ("releases[3]", "" for a bare document)
    line: int | None = None  # JSON lines: the line


@dataclass(frozen=True, slots=True)
class _Head:
    keys: tuple[str, ...]
    version: Any
    extensions: tuple[Any, ...]
    documents: int
    backend: Any = ijson  # the parser that read the file whole (see :data:`_BIG_INTS`)


#: ijson's pure-Python parser: slower, but reads integers beyond 64 bits, where the C
#: parser stops with "integer overflow"; used for the files that hold one.
_BIG_INTS = ijson.get_backend("python")


def _open(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from exc


def _head(path: Path, backend: Any = ijson) -> _Head:
    """One streaming pass: top-level keys, package version and extensions, document count."""
    keys: list[str] = []
    version: Any = None
    extensions: list[Any] = []
    documents = 0
    prefix = ""
    with _open(path) as fh:
        try:
            for prefix, event, value in backend.parse(fh, multiple_values=True, use_float=True):
                if prefix == "":
                    if event in ("start_map", "start_array", "string", "number", "boolean",
                                 "null"):
                        documents += 1
                    if event == "map_key" and documents == 1:
                        keys.append(value)
                elif documents == 1 and prefix in ("version", "packageInfo.version"):
                    version = value if version is None else version
                elif documents == 1 and prefix in ("extensions.item", "packageInfo.extensions.item"):
                    extensions.append(value)
        except ijson.JSONError as exc:
            if backend is ijson and "integer overflow" in str(exc):
                return _head(path, _BIG_INTS)
            raise InputError(f"truncated or malformed JSON ({_why(exc)}); nothing imported",
                             file=path, field=prefix or "(top level)") from exc
        except UnicodeDecodeError as exc:
            raise InputError("wrong encoding: JSON must be UTF-8", file=path) from exc
    return _Head(keys=tuple(keys), version=version, extensions=tuple(extensions),
                 documents=documents, backend=backend)


def _why(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]


_MARKS = (b'"ocid"', b'"compiledRelease"', b'"initiationType"')


def sniff(path: Path, head: bytes) -> bool:
    """True if the file looks like OCDS: a JSON object that names an ocid, a compiled
    release or an initiationType in its first bytes, or has a top-level ``ocid``,
    ``releases`` or ``records`` key (read in one streaming pass that stops there)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return False
    if any(mark in head for mark in _MARKS):
        return True
    try:
        with open(path, "rb") as fh:
            for prefix, event, value in ijson.parse(fh, multiple_values=True):
                if prefix == "" and event == "map_key" and value in ("ocid", "releases",
                                                                     "records"):
                    return True
                if prefix == "" and event == "end_map":
                    return False
    except (OSError, ijson.JSONError, UnicodeDecodeError):
        return False
    return False


def check_package(meta: dict[str, Any], path: Path, where: str) -> str:
    """The package's OCDS version (``"1.0"`` when absent); InputError for a version or an
    extension the importer does not know."""
    ref = ocds_reference()
    version = meta.get("version", "1.0")
    field = f"{where}.version" if where else "version"
    if not isinstance(version, str) or version not in ref.versions:
        raise InputError(f"OCDS version {version!r} is not supported (supported: "
                         f"{', '.join(ref.versions)})", file=path, field=field)
    exts = meta.get("extensions") or []
    if isinstance(exts, dict):  # OCDS 1.1.0 drafts wrote {"name": url}
        exts = list(exts.values())
    if not isinstance(exts, list):
        raise InputError("expected a list of extension URLs", file=path,
                         field=f"{where}.extensions" if where else "extensions")
    for i, url in enumerate(exts):
        name = extension_name(url)
        if name not in ref.extensions:
            raise InputError(
                f"unknown OCDS extension {name or url!r}: its fields could change how releases "
                "merge; known extensions are listed in chuhai/data/reference/ocds.toml",
                file=path, field=f"{where + '.' if where else ''}extensions[{i}]")
    return version


def extension_name(url: Any) -> str:
    """``ocds_lots_extension`` from ``https://.../ocds_lots_extension/v1.1.1/extension.json``."""
    if not isinstance(url, str):
        return ""
    parts = [p for p in url.split("?")[0].split("/") if p]
    if len(parts) >= 3 and parts[-1] == "extension.json":
        name = parts[-3] if parts[-2].startswith(("v", "master", "1.")) else parts[-2]
        return name
    return parts[-2] if len(parts) >= 2 else url


def _kind_of(keys: tuple[str, ...] | list[str]) -> str:
    k = set(keys)
    if "records" in k:
        return "record_package"
    if "compiledRelease" in k or "versionedRelease" in k or ("releases" in k and "ocid" in k):
        return "record"
    if "releases" in k:
        return "release_package"
    if "ocid" in k:
        return "release"
    return ""


def _upgrade(item: Item, version: str) -> Item:
    if version == "1.0":
        # ocdskit logs each party it merges under two roles; the import stays quiet
        logging.getLogger("ocdskit").setLevel(logging.ERROR)
        if item.kind == "release":
            upgrade_release_10_11(item.data, reorder=False)
        else:
            upgrade_record_10_11(item.data, reorder=False)
    return item


def _document_items(doc: Any, path: Path, where: str, line: int | None) -> Iterator[Item]:
    """The releases / records of one parsed document (a line of JSON lines, or a bare one)."""
    doc = need_dict(doc, path, where or "(top level)")
    kind = _kind_of(list(doc))
    at = f"{where}." if where else ""
    if kind in ("release_package", "record_package"):
        version = check_package(doc, path, where)
        key = "releases" if kind == "release_package" else "records"
        items = doc.get(key)
        if not isinstance(items, list):
            raise InputError("expected a list", file=path, line=line, field=f"{at}{key}")
        for i, entry in enumerate(items):
            sub = f"{at}{key}[{i}]"
            yield _upgrade(Item("release" if key == "releases" else "record",
                                need_dict(entry, path, sub), sub, line), version)
    elif kind in ("release", "record"):
        info = doc.get("packageInfo")
        version = doc.get("version")
        if isinstance(info, dict):
            version = version or check_package(info, path, f"{at}packageInfo")
        version = check_package({"version": version or "1.0"}, path, where)
        yield _upgrade(Item(kind, doc, where, line), version)  # type: ignore[arg-type]
    else:
        raise InputError("not an OCDS release, record, release package or record package "
                         "(no ocid, releases or records)", file=path, line=line,
                         field=where or "(top level)")


def _json_lines(path: Path) -> Iterator[Item]:
    with _open(path) as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                doc = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                raise InputError("wrong encoding: JSON must be UTF-8", file=path, line=n) from exc
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc.msg}; nothing imported", file=path,
                                 line=n) from exc
            yield from _document_items(doc, path, "", n)


def read_items(path: Path) -> Iterator[Item]:
    """Every release and record of the file, in file order, upgraded to OCDS 1.1."""
    head = _head(path)
    if head.documents == 0:
        raise InputError("the file holds no JSON document", file=path)
    if head.documents > 1:
        yield from _json_lines(path)
        return
    kind = _kind_of(head.keys)
    if kind in ("release_package", "record_package"):
        version = check_package({"version": head.version or "1.0",
                                 "extensions": list(head.extensions)}, path, "")
        key = "releases" if kind == "release_package" else "records"
        with _open(path) as fh:
            for i, entry in enumerate(head.backend.items(fh, f"{key}.item", use_float=True)):
                sub = f"{key}[{i}]"
                item = Item("release" if key == "releases" else "record",
                            need_dict(entry, path, sub), sub)
                yield _upgrade(item, version)
        return
    with _open(path) as fh:
        doc = next(head.backend.items(fh, "", use_float=True))
    yield from _document_items(doc, path, "", None)
