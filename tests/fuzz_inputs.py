"""Hostile inputs for the source fuzz tests: small real samples and mutations of them.

Each seed is the head of a real file under ``../shared/data`` (or a workbook / zip built
from one); a mutation replaces a cell with a nasty token (thousands of digits, NaN, a
negative year, control bytes ...), inserts, deletes or repeats a line, truncates; JSON is
mutated by path (NaN, Infinity, objects, lists, huge integers), workbooks by their XML
(truncated, DOCTYPE with internal or external entities), zips by their bytes (flipped
compressed bytes, the encryption flag, truncation).
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HUGE = "9" * 5000
TOKENS: tuple[bytes, ...] = (
    HUGE.encode(), b"-" + HUGE.encode(), b"0." + HUGE.encode(), b"1e308", b"1e999", b"-1e308",
    b"-1987", b"3000", b"1800", b"0", b"-0", b"-1", b"NaN", b"Infinity", b"-inf", b"nan",
    b"9223372036854775808", b"18446744073709551616", b"375566", b"999999", b"1234567",
    b"0x1F", b"1_000", b"\xd9\xa1\xd9\xa2", b"\xc2\xb2", b"\xe2\x85\xa0", b'"', b'""', b",", b";",
    b"\n", b"\r", b"\r\n", b"\x00", b"\xff\xfe", b"\xe9", b"\xef\xbb\xbf", b"..", b" ", b"",
    b"WLD", b"EUU", b"KEN", b"ZZZ", b"2021", b"YR2021", b"2021-13-45", b"20x1", b"\t",
    b"<", b"&amp;", b"]]>", b"{", b"}", b"[", b"]",
)
JSON_VALUES: tuple[Any, ...] = (
    float("nan"), float("inf"), float("-inf"), "__HUGE__", "__NEGHUGE__", {"a": 1}, [], [1, 2],
    [[0]], None, True, False, "", "x", -1, 0, 1e308, -1e308, "2021", "-1987", 3000, 2**63,
    "NaN", {"observations": []}, "1e999",
)
_CELL = re.compile(rb'[^,;\t\r\n"]+')
_XML_TEXT = re.compile(rb">([^<]+)<")


@dataclass(frozen=True)
class Seed:
    source: str
    name: str
    data: bytes
    hs_revision: str | None = None


def _head(path: Path, lines: int) -> bytes:
    with open(path, "rb") as fh:
        return b"".join(fh.readline() for _ in range(lines))


def _sdmx(path: Path, keep: int = 4) -> bytes:
    doc = json.loads(path.read_bytes())
    series = doc["dataSets"][0]["series"]
    doc["dataSets"][0]["series"] = dict(list(series.items())[:keep])
    for dim in doc["structure"]["dimensions"]["series"]:
        dim["values"] = dim["values"][:keep]
    return json.dumps(doc).encode()


def _small_xlsx(path: Path, rows: int) -> bytes:
    import openpyxl

    src = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = src[src.sheetnames[0]]
    out = openpyxl.Workbook()
    dst = out.active
    assert dst is not None
    dst.title = src.sheetnames[0]
    for n, row in enumerate(ws.iter_rows(values_only=True)):
        if n >= rows:
            break
        dst.append(list(row))
    src.close()
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _baci_zip(csv: bytes, codes: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BACI_HS92_Y2021_V202301.csv", csv)
        zf.writestr("country_codes_V202301.csv", codes)
    return buf.getvalue()


TARIFF_CSV = (b"Reporter,Partner,Product,Tariff Year,DutyType,Simple Average,Nbr NA Lines,"
              b"Nbr of Total Lines,Native Nomen\n"
              b"KEN,WLD,848180,2020,MFN,12.0,0,4,H5\nKEN,WLD,902820,2020,MFN,25.0,1,3,H5\n"
              b"KEN,UGA,848180,2020,PRF,0,0,4,H5\n")


def seeds(shared: Path) -> dict[str, Seed]:
    """Every seed by a short id."""
    baci = _head(shared / "baci-hs92-y2021-zaf-afg" / "ExampleTradeData.csv", 9)
    codes = _head(shared / "baci-hs92-y2021-zaf-afg" / "country_codes_V202201.csv", 30)
    return {s.source + ":" + s.name: s for s in (
        Seed("baci", "BACI_HS92_Y2021_V202301.csv", baci),
        Seed("baci", "BACI_HS92_V202301.zip", _baci_zip(baci, codes)),
        Seed("baci", "product_codes_HS22_V202501.csv",
             _head(shared / "baci-v202501-hs22" / "product_codes_HS22_V202501.csv", 12)),
        Seed("comtrade", "AG6 Argentina 2022.csv",
             _head(shared / "comtrade" / "AG6 Argentina 2022.csv", 6)),
        Seed("comtrade", "HS-60a6ad.json", (shared / "comtrade" / "HS-60a6ad.json").read_bytes()),
        Seed("wdi", "SP.POP.TOTL.csv", _head(shared / "wdi-one" / "SP.POP.TOTL.csv", 12)),
        Seed("wdi", "PA.NUS.FCRF.csv", _head(shared / "wdi-one" / "PA.NUS.FCRF.csv", 12)),
        Seed("wgi", "wgidataset.csv", _head(shared / "wgi" / "wgidataset.csv", 10)),
        Seed("geodist", "dist_cepii.csv", _head(shared / "cepii-geodist" / "dist_cepii.csv", 8)),
        Seed("geodist", "geo_cepii.csv", _head(shared / "cepii-geodist" / "geo_cepii.csv", 6)),
        Seed("geodist", "geo_cepii.xlsx", _small_xlsx(shared / "cepii-geodist" / "geo_cepii.xlsx", 6)),
        Seed("gravity", "Gravity_V202211_sample.csv",
             _head(shared / "cepii-gravity" / "Gravity_V202211_sample.csv", 6)),
        Seed("tariffs", "sample_tariff_data.json", _sdmx(shared / "wits-trains" / "sample_tariff_data.json")),
        Seed("tariffs", "tariffs.csv", TARIFF_CSV),
        Seed("agreements", "desta_list_of_treaties_02_02.csv",
             _head(shared / "desta" / "desta_list_of_treaties_02_02.csv", 5)),
        Seed("agreements", "desta_list_of_treaties_02_02_dyads.csv",
             _head(shared / "desta" / "desta_list_of_treaties_02_02_dyads.csv", 6)),
        Seed("agreements", "AllRTAs.xlsx", _small_xlsx(shared / "wto-rta" / "AllRTAs.xlsx", 6)),
    )}


# -- mutations --------------------------------------------------------------------------
Op = tuple[int, int, int]  # (kind, where, token)


def mutate_text(data: bytes, ops: list[Op], cells: re.Pattern[bytes] = _CELL) -> bytes:
    for kind, where, tok in ops:
        token = TOKENS[tok % len(TOKENS)]
        spans = [m.span(m.lastindex or 0) for m in cells.finditer(data)]
        if kind <= 2 and spans:  # most often: a cell replaced
            a, b = spans[where % len(spans)]
            data = data[:a] + token + data[b:]
        elif kind == 3:
            at = where % (len(data) + 1)
            data = data[:at] + token + data[at:]
        elif kind == 4:
            lines = data.split(b"\n")
            del lines[where % len(lines)]
            data = b"\n".join(lines)
        elif kind == 5:
            lines = data.split(b"\n")
            data = b"\n".join([*lines, lines[where % len(lines)]])
        else:
            data = data[: where % (len(data) + 1)]
    return data


def _paths(doc: Any, prefix: tuple[Any, ...] = (), limit: int = 400) -> list[tuple[Any, ...]]:
    out = [prefix]
    stack = [(doc, prefix)]
    while stack and len(out) < limit:
        node, here = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            out.append((*here, k))
            stack.append((v, (*here, k)))
    return out


def mutate_json(data: bytes, ops: list[Op]) -> bytes:
    try:
        doc = json.loads(data)
    except ValueError:
        return mutate_text(data, ops)
    doc = copy.deepcopy(doc)
    for kind, where, tok in ops:
        if kind == 6:
            return mutate_text(json.dumps(doc).encode(), [(0, where, tok)])
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = paths[where % len(paths)]
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        value = copy.deepcopy(JSON_VALUES[tok % len(JSON_VALUES)])
        if kind == 5 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    text = json.dumps(doc, allow_nan=True)
    return text.replace('"__HUGE__"', HUGE).replace('"__NEGHUGE__"', "-" + HUGE).encode()


_DOCTYPES = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">',
)


def mutate_xlsx(data: bytes, ops: list[Op]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = sorted(n for n in members if n.endswith(".xml") and ("sheet" in n or "sharedStrings" in n
                                                               or n.endswith("workbook.xml")))
    for kind, where, tok in ops:
        name = xml[where % len(xml)]
        body = members[name]
        if kind == 6:
            body = body[: where % (len(body) + 1)]
        elif kind == 5:
            decl = body.find(b"?>") + 2 if body.startswith(b"<?xml") else 0
            body = body[:decl] + _DOCTYPES[tok % len(_DOCTYPES)] + body[decl:]
            body = body.replace(b"<v>", b"<v>&c;", 1).replace(b"<t>", b"<t>&e;", 1)
        else:
            body = mutate_text(body, [(kind, where // 7, tok)], cells=_XML_TEXT)
        members[name] = body
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def mutate_zip(data: bytes, ops: list[Op]) -> bytes:
    buf = bytearray(data)
    for kind, where, tok in ops:
        if kind <= 2:  # change a member's text, re-zipped (if still readable)
            try:
                with zipfile.ZipFile(io.BytesIO(bytes(buf))) as zf:
                    members = {i.filename: zf.read(i) for i in zf.infolist()}
            except Exception:  # noqa: BLE001 - an earlier op broke it: leave it broken
                continue
            name = sorted(members)[where % len(members)]
            members[name] = mutate_text(members[name], [(kind, where // 3, tok)])
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for n, body in members.items():
                    zf.writestr(n, body)
            buf = bytearray(out.getvalue())
        elif kind == 3:  # a flipped byte inside the first member's compressed data
            at = 30 + len("BACI_HS92_Y2021_V202301.csv") + where % 200
            if at < len(buf):
                buf[at] ^= 0xFF
        elif kind == 4:  # the encryption flag on every header
            for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
                for m in re.finditer(re.escape(sig), bytes(buf)):
                    buf[m.start() + off] |= 0x01
        elif kind == 5:
            buf = buf[: where % (len(buf) + 1)]
        else:
            at = where % (len(buf) + 1)
            buf[at:at] = TOKENS[tok % len(TOKENS)]
    return bytes(buf)


def mutate(seed: Seed, ops: list[Op]) -> bytes:
    if seed.name.endswith(".xlsx"):
        return mutate_xlsx(seed.data, ops)
    if seed.name.endswith(".zip"):
        return mutate_zip(seed.data, ops)
    if seed.name.endswith(".json"):
        return mutate_json(seed.data, ops)
    return mutate_text(seed.data, ops)
