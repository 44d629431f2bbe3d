"""Derive the packaged pinyin sort keys of the names chuhai shows in Chinese.

Sorting a Chinese list by Hanyu Pinyin needs pypinyin, whose import loads its phrase
dictionaries (~0.3 s): more than the whole ``chuhai countries`` look-up is allowed (issue 14).
The names shown are known in advance, so their keys are computed here, once, with pypinyin
itself, and shipped in ``src/chuhai/data/reference/pinyin_keys.tsv`` (``name<TAB>key``):
every country's Chinese name (the countries table) and every Chinese label
(``data/reference/labels/*.toml``). ``names.sort_key`` reads the table and asks pypinyin only
for a name it does not hold. ``tests/test_pinyin_keys.py`` checks every key against pypinyin
and that every country is covered. Deterministic: same inputs, same bytes. Run::

    python scripts/derive_pinyin_keys.py
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[1] / "src" / "chuhai" / "data" / "reference"
OUT = REFERENCE / "pinyin_keys.tsv"


def _zh_values(obj: Any) -> Iterator[str]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "zh" and isinstance(v, str):
                yield v
            else:
                yield from _zh_values(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _zh_values(v)


def names() -> list[str]:
    from chuhai.data.reference.countries import country_table

    found = {c.name_zh for c in country_table() if c.name_zh}
    for path in sorted((REFERENCE / "labels").glob("*.toml")):
        found.update(_zh_values(tomllib.loads(path.read_text(encoding="utf-8"))))
    return sorted(n for n in found if n and "\t" not in n and "\n" not in n)


def main() -> None:
    from chuhai.data.reference.names import pinyin_of

    rows = [f"{n}\t{pinyin_of(n)}\n" for n in names()]
    header = ("# name<TAB>pinyin sort key (pypinyin, TONE3, neutral tone 5), derived by "
              "scripts/derive_pinyin_keys.py\n")
    OUT.write_text(header + "".join(rows), encoding="utf-8")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
