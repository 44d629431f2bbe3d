"""Hypothesis: whatever an OCDS file holds where an amount, a count or the end of the file
should be, the importer either reads the number exactly or refuses the file naming the
JSON path of the field; it never fails otherwise."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chuhai.data.sources import ocds
from chuhai.errors import InputError

_SETTINGS = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])

values = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                   st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
                   st.lists(st.integers(), max_size=2),
                   st.sampled_from(["", "1234.50", " 7 ", "1_000", "12,5", "1e999", "-0.5e2", "."]))


def _package(amount: Any, tenderers: Any) -> dict[str, Any]:
    tender: dict[str, Any] = {"id": "t", "value": {"amount": 10, "currency": "USD"}}
    if tenderers is not None:
        tender["numberOfTenderers"] = tenderers
    rel = {"ocid": "ocds-h-1", "id": "r1", "date": "2021-01-01T00:00:00Z", "tag": ["award"],
           "tender": tender,
           "awards": [{"id": "a1", "value": {"amount": amount, "currency": "KES"},
                       "suppliers": [{"id": "s", "name": "S"}]}]}
    return {"version": "1.1", "releases": [rel]}


def _number(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return float(x)
    if isinstance(x, str):
        if not x.strip() or set(x.strip()) - set("0123456789.+-eE"):
            return None  # a decimal number, nothing else ("1_000", "12,5" are refused)
        try:
            v = float(x.strip())
        except ValueError:
            return None
        return v if math.isfinite(v) and x.strip().lower() not in ("inf", "nan") else None
    return None


@_SETTINGS
@given(amount=values, tenderers=st.one_of(st.none(), st.integers(-3, 10**6), st.floats(0, 9),
                                          st.text(max_size=3)))
@example(amount=[2**63], tenderers=None)  # beyond 64 bits: the C parser's "integer overflow"
@example(amount=10**20, tenderers=None)
def test_amounts_and_counts(tmp_path: Path, amount: Any, tenderers: Any) -> None:
    path = tmp_path / "h.json"
    path.write_text(json.dumps(_package(amount, tenderers)), "utf-8")
    expect = _number(amount)
    ok_count = tenderers is None or (not isinstance(tenderers, str | bool)
                                     and float(tenderers).is_integer()
                                     and 0 <= tenderers < 100_000)
    ok_amount = amount is None or amount == "" or expect is not None
    try:
        _, rows = ocds.parse(path)
    except InputError as exc:
        assert not (ok_amount and ok_count), exc
        assert exc.field in ("releases[0].awards[0].value.amount",
                             "releases[0].tender.numberOfTenderers")
        assert str(path) in str(exc)
        return
    assert ok_amount and ok_count
    got = rows.contract_awards[0]["amount"]
    assert (got is None) if expect is None else got == expect
    if tenderers is not None:
        assert rows.tenders[0]["number_of_tenderers"] == int(tenderers)


@_SETTINGS
@given(cut=st.integers(min_value=1, max_value=10_000))
def test_truncated_files_are_refused(tmp_path: Path, cut: int) -> None:
    text = json.dumps(_package(5.0, 2), indent=1)
    cut = cut % (len(text) - 1) + 1  # a proper prefix (leading whitespace never: it is "{")
    path = tmp_path / "t.json"
    path.write_text(text[:cut], "utf-8")
    try:
        ocds.parse(path)
    except InputError as exc:
        assert str(path) in str(exc) and exc.field is not None
    else:  # a prefix can only parse if what is cut was trailing whitespace
        assert not text[cut:].strip()
