"""The one field-path -> TOML line lookup (chuhai.data.tomlpath) used in error messages."""

from __future__ import annotations

import pytest

from chuhai.data.tomlpath import line_of

TEXT = """title = "x"
[partner]
name = "a"
share = 1.7

[[offers]]
bidder = "A"
price = 1
[[offers]]
bidder = "B"
price = -41.00
[firm]
components = [{a = 1}, {cost_usd = 2}]
"""


@pytest.mark.parametrize(("path", "line"), [
    ("title", 1),                        # a root key
    ("partner.share", 4),                # a key of a table
    ("partner", 2),                      # the table itself
    ("partner.missing", 2),              # unknown key: the table's header
    ("offers.1.price", 11),              # dotted index into an array of tables
    ("offers[0].bidder", 7),             # bracketed index, the Pydantic-location style
    ("offers.5.price", None),            # no such element
    ("firm.components[1].cost_usd", 13),  # inline array: the key holding it
    ("nope.x", None),
])
def test_line_of_finds_the_field(path: str, line: int | None) -> None:
    assert line_of(TEXT, path) == line
    if line is not None:  # the line really holds the key or the table named
        last = [p for p in path.replace("[", ".").replace("]", "").split(".") if not p.isdigit()]
        assert any(k in TEXT.splitlines()[line - 1] for k in last)
