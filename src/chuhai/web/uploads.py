"""Uploaded data files: size-limited, type-checked, written only inside the warehouse.

The client's file name is reduced to a safe base name (letters of any script kept); the bytes go to
``<warehouse>/uploads/<random>/<name>`` while being counted, and the upload is
refused (413) as soon as it passes the limit. The first bytes must match the
extension: zip/xlsx start with ``PK``, gzip with ``1f 8b``, Parquet with
``PAR1``, text formats must be UTF-8/Latin-1 text without NUL bytes.
"""

from __future__ import annotations

import re
import secrets
import shutil
import unicodedata
from pathlib import Path
from types import MappingProxyType

from fastapi import HTTPException, UploadFile
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chuhai.data.codes import ascii_digits
from chuhai.errors import ChuhaiError, InputError
from chuhai.messages import Message as Msg
from chuhai.web.errors import error_body

__all__ = ["ALLOWED_SUFFIXES", "FORM_OVERHEAD", "MAX_NAME_BYTES", "BodyLimitMiddleware", "hide_upload_path",
           "safe_filename", "save_upload"]

#: Bytes a request body may hold beyond the upload limit (form fields, multipart framing).
FORM_OVERHEAD = 1 << 20

ALLOWED_SUFFIXES = (".csv", ".tsv", ".txt", ".zip", ".xlsx", ".parquet", ".gz", ".json")
#: Bytes (UTF-8) a stored file name may take: well inside the 255 of common file systems.
MAX_NAME_BYTES = 160
_CHUNK = 1 << 20
_MAGIC = {".zip": b"PK", ".xlsx": b"PK", ".gz": b"\x1f\x8b", ".parquet": b"PAR1"}


def _keep(ch: str) -> str:
    """A character of a file name kept as it is (a letter or digit of any script, CJK
    included, or one of ``._-``) or replaced by ``_`` (separators, spaces, controls,
    punctuation such as ``:*?"<>|``)."""
    return ch if ch.isalnum() or ch in "._-" else "_"


def safe_filename(name: str | None) -> str:
    """The base name of a client's file name, safe to write under the uploads folder:
    NFC-normalised, letters and digits of every script (``贸易数据.xlsx`` stays so) plus
    ``._-``, everything else ``_``; no path separator, no ``..`` (runs of dots become one
    dot, no leading dot), at most :data:`MAX_NAME_BYTES` bytes of UTF-8 with the extension
    kept. InputError when nothing usable is left or the extension is not one of
    :data:`ALLOWED_SUFFIXES`."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = re.sub(r"\.{2,}", ".", "".join(_keep(ch) for ch in base)).lstrip(".")
    suffix = next((s for s in ALLOWED_SUFFIXES if base[-len(s):].lower() == s), None)
    if suffix is None or len(base) == len(suffix):
        raise InputError(
            f"unsupported file type; upload one of {', '.join(ALLOWED_SUFFIXES)}",
            file=name or "(no name)", field="file",
        )
    stem, ext = base[: -len(suffix)], base[-len(suffix):]
    room = MAX_NAME_BYTES - len(ext.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(".")
    return (stem or "_") + ext


def _check_type(path: Path, head: bytes) -> None:
    suffix = next(s for s in ALLOWED_SUFFIXES if path.name.lower().endswith(s))
    magic = _MAGIC.get(suffix)
    if magic is not None:
        ok = head.startswith(magic)
    else:
        ok = b"\x00" not in head
    if not ok:
        raise InputError(f"the content is not a {suffix} file", file=path.name, field="file")


async def save_upload(upload: UploadFile, uploads_dir: Path, *, max_bytes: int) -> Path:
    """Write ``upload`` under ``uploads_dir`` and return its path; raises 413 over the limit."""
    name = safe_filename(upload.filename)
    folder = uploads_dir / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=False)
    target = folder / name
    if folder.resolve() not in target.resolve().parents:
        raise InputError("upload path leaves the warehouse", file=name, field="file")
    size = 0
    head = b""
    try:
        with open(target, "wb") as fh:
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise HTTPException(413, f"file is larger than the {max_bytes} byte limit")
                if len(head) < 4096:
                    head += chunk[: 4096 - len(head)]
                fh.write(chunk)
        if size == 0:
            raise InputError("the file is empty", file=name, field="file")
        _check_type(target, head)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


class BodyLimitMiddleware:
    """Bounds every request body *while it streams*, before anything is spooled to disk:
    a declared ``Content-Length`` over ``max_bytes`` is answered 413 without reading the
    body; a body that grows past it (chunked, or lying) is cut off with a 413 as soon as
    the limit is crossed. (Starlette's form parser would otherwise write the whole upload
    to a temporary file before the endpoint could refuse it.)"""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return f"request body is larger than the {self.max_bytes} byte limit"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if ascii_digits(declared) and int(declared) > self.max_bytes:
            resp = JSONResponse(error_body("too_large", self._message(), path=scope.get("path", "")),
                                status_code=413, headers={"connection": "close"})
            await resp(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, limited, send)


def hide_upload_path(exc: ChuhaiError, path: Path) -> ChuhaiError:
    """``exc`` with the server-side upload path replaced by the file's own name, so error
    messages name the user's file and do not reveal the server's directories."""
    inner = str(path)
    exc.args = tuple(a.replace(inner, path.name) if isinstance(a, str) else a for a in exc.args)
    exc.message = exc.message.replace(inner, path.name)
    exc.context = {k: (v.replace(inner, path.name) if isinstance(v, str) else v)
                   for k, v in exc.context.items()}
    for attr in ("file", "path"):
        value = getattr(exc, attr, None)
        if isinstance(value, str):
            setattr(exc, attr, value.replace(inner, path.name))
    if exc.msg is not None:
        exc.msg = Msg(exc.msg.code, MappingProxyType(
            {k: (v.replace(inner, path.name) if isinstance(v, str) else v) for k, v in exc.msg.params.items()}))
    return exc
