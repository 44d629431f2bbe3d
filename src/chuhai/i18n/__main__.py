"""``python -m chuhai.i18n compile``: rebuild every ``<domain>.mo`` from its ``.po`` file."""

from __future__ import annotations

import sys

from chuhai.i18n.catalogs import compile_catalogs

if __name__ == "__main__":  # pragma: no cover - maintenance command
    if sys.argv[1:] != ["compile"]:
        sys.exit("usage: python -m chuhai.i18n compile")
    for path in compile_catalogs():
        print(path)
