"""Safe reading of zip archives given by users (release zips of BACI, WDI bulk files, ...).

Guards, each an :class:`~chuhai.errors.InputError` naming the archive and the member:

* not a zip / truncated / corrupt (bad central directory, CRC mismatch, early EOF);
* path traversal: absolute member names, drive letters, ``..`` parts, symlinks;
* zip bombs: a member whose declared uncompressed size exceeds ``max_ratio`` times its
  compressed size, archives whose declared total exceeds ``max_total`` bytes, and members
  that inflate beyond their declared size while being extracted (counted, not trusted).

API::

    with open_zip(path) as zf:                       # InputError if not a readable zip
        members = safe_members(zf, path=path)         # list[ZipInfo], files only, checked
        target = extract_member(zf, members[0], staging_dir, path=path)  # Path, streamed

Extraction streams in 1 MiB blocks to a flat file name inside ``dest`` (never the
member's own path), so nothing can be written outside ``dest``.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from chuhai.data.codes import ascii_digits
from chuhai.errors import ChuhaiError, InputError

__all__ = ["ENV_EXTRACT", "MAX_RATIO", "MAX_TOTAL", "extract_budget", "extract_member", "is_zip", "open_zip",
           "safe_members"]

#: Largest accepted uncompressed/compressed size ratio of one member. Plain numeric
#: CSVs compress 4-20x; a ratio above this is treated as a zip bomb.
MAX_RATIO = 200
#: Largest accepted total uncompressed size of an archive, bytes (64 GiB: a whole
#: BACI release is ~10 GiB uncompressed).
MAX_TOTAL = 64 * 1024**3
ENV_EXTRACT = "CHUHAI_MAX_EXTRACT_BYTES"
_BLOCK = 1 << 20
_SMALL = 1 << 20  # members under 1 MiB are exempt from the ratio test
_ENCRYPTED = 0x1  # general-purpose flag bit 0


def is_zip(head: bytes) -> bool:
    """True if ``head`` starts like a zip archive."""
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open ``path`` as a zip; InputError if it is not one or is truncated."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(f"not a readable zip archive (truncated or corrupt): {exc}",
                         file=path) from exc
    return zf


def _bad_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." in parts


def extract_budget() -> int:
    """The most bytes one import may extract from an archive: ``$CHUHAI_MAX_EXTRACT_BYTES``
    or :data:`MAX_TOTAL` (a server taking uploads sets it lower, e.g. 20 x its upload limit)."""
    raw = os.environ.get(ENV_EXTRACT, "").strip()
    if not raw:
        return MAX_TOTAL
    if not ascii_digits(raw):
        raise ChuhaiError(f"{ENV_EXTRACT}={raw!r} is not a number of bytes")
    return int(raw)


def safe_members(zf: zipfile.ZipFile, *, path: Path, max_ratio: float = MAX_RATIO,
                 max_total: int | None = None) -> list[zipfile.ZipInfo]:
    """The archive's file members after the traversal and bomb checks (directories skipped).
    The declared sizes are held to ``max_total`` (default :func:`extract_budget`) before
    anything is extracted; :func:`extract_member` then counts what really inflates."""
    max_total = extract_budget() if max_total is None else max_total
    total = 0
    out = []
    for info in zf.infolist():
        member = f"{path}!{info.filename}"
        if _bad_name(info.filename):
            raise InputError("unsafe path in zip (absolute or '..'): refusing to extract",
                             file=member)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InputError("symbolic link in zip: refusing to extract", file=member)
        if info.is_dir():
            continue
        if info.file_size > _SMALL and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputError(
                f"compression ratio {info.file_size / max(info.compress_size, 1):,.0f}:1 exceeds "
                f"{max_ratio:,.0f}:1 (zip bomb guard)", file=member)
        total += info.file_size
        if total > max_total:
            raise InputError(f"archive inflates to more than {max_total:,} bytes (zip bomb guard; "
                             f"the budget is {ENV_EXTRACT})", file=path)
        out.append(info)
    return out


def extract_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, *, path: Path,
                   name: str | None = None) -> Path:
    """Stream ``info`` into ``dest / (name or basename)``; returns the written path.

    Counts bytes: inflating beyond the declared size is refused (bomb guard);
    a truncated or corrupt member (CRC, EOF, zlib) is an InputError.
    """
    member = f"{path}!{info.filename}"
    target = dest / (name or PurePosixPath(info.filename.replace("\\", "/")).name)
    limit = info.file_size
    written = 0
    if info.flag_bits & _ENCRYPTED:
        raise InputError("the member is encrypted (password-protected archives are not read)",
                         file=member)
    try:
        with zf.open(info) as src, open(target, "wb") as out:
            while block := src.read(_BLOCK):
                written += len(block)
                if written > limit:
                    raise InputError("member inflates beyond its declared size (zip bomb guard)",
                                     file=member)
                out.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError) as exc:  # RuntimeError: zipfile's 'encrypted, password required'
        target.unlink(missing_ok=True)
        raise InputError(f"truncated or corrupt zip member: {exc}", file=member) from exc
    except InputError:
        target.unlink(missing_ok=True)
        raise
    return target

