"""Checks on each OCDS release as the file holds it, before any merge, so an error names
the file's own JSON path (``releases[4].awards[0].value.amount``): amounts are JSON numbers
(finite), currencies strings, ``numberOfTenderers`` a whole number, dates ISO 8601."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any

from chuhai.errors import InputError

__all__ = ["amount_of", "check_release", "day_of"]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def day_of(value: Any) -> date | None:
    """The calendar day of an OCDS date-time (``2016-06-21T13:22:04+03:00``); None if absent
    or unreadable (dates are checked where the file holds them, see :func:`check_release`)."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def amount_of(node: Any) -> float | None:
    """An amount as a finite float: a JSON number, or a decimal number written as a string
    (``"1234.50"``, as some publishers do); None for anything else (``""`` is absent)."""
    if isinstance(node, bool):
        return None
    if isinstance(node, str) and _NUMBER.match(node.strip()):
        node = float(node.strip())
    if isinstance(node, int | float) and math.isfinite(node):
        return float(node)
    return None


class _Checker:
    def __init__(self, path: Path, line: int | None) -> None:
        self.path, self.line = path, line

    def fail(self, message: str, jpath: str) -> None:
        raise InputError(message, file=self.path, line=self.line, field=jpath)

    def value(self, node: Any, jpath: str) -> None:
        """An OCDS Value object: {amount: number, currency: string}."""
        if node is None:
            return
        if not isinstance(node, dict):
            self.fail("expected a Value object {amount, currency}", jpath)
        amount = node.get("amount")
        if amount is not None and amount_of(amount) is None and amount != "":
            self.fail(f"the amount must be a number, found {amount!r}", f"{jpath}.amount")
        cur = node.get("currency")
        if cur not in (None, "") and (not isinstance(cur, str) or not cur.strip().isalpha()):
            self.fail(f"currency must be a code such as 'USD', found {cur!r}", f"{jpath}.currency")

    def when(self, node: Any, jpath: str) -> None:
        if node is None or node == "":
            return
        if day_of(node) is None:
            self.fail(f"not an ISO 8601 date: {node!r}", jpath)

    def objects(self, node: Any, jpath: str) -> list[dict[str, Any]]:
        if node is None:
            return []
        if not isinstance(node, list):
            self.fail("expected a list", jpath)
        for i, entry in enumerate(node):
            if not isinstance(entry, dict):
                self.fail("expected an object", f"{jpath}[{i}]")
        return node


def check_release(release: dict[str, Any], path: Path, where: str, line: int | None) -> None:
    """InputError naming the JSON path of the first bad amount, count or date."""
    c = _Checker(path, line)
    at = f"{where}." if where else ""
    c.when(release.get("date"), f"{at}date")
    tender = release.get("tender")
    if tender is not None:
        if not isinstance(tender, dict):
            c.fail("expected an object", f"{at}tender")
        c.value(tender.get("value"), f"{at}tender.value")
        n = tender.get("numberOfTenderers")
        if n is not None and (isinstance(n, bool) or not isinstance(n, int | float)
                              or n != int(n) or not 0 <= n < 100_000):
            c.fail(f"numberOfTenderers must be a whole number, found {n!r}",
                   f"{at}tender.numberOfTenderers")
        for i, lot in enumerate(c.objects(tender.get("lots"), f"{at}tender.lots")):
            c.value(lot.get("value"), f"{at}tender.lots[{i}].value")
        period = tender.get("tenderPeriod")
        if isinstance(period, dict):
            c.when(period.get("startDate"), f"{at}tender.tenderPeriod.startDate")
    for i, award in enumerate(c.objects(release.get("awards"), f"{at}awards")):
        c.value(award.get("value"), f"{at}awards[{i}].value")
        c.when(award.get("date"), f"{at}awards[{i}].date")
        c.objects(award.get("suppliers"), f"{at}awards[{i}].suppliers")
    for i, contract in enumerate(c.objects(release.get("contracts"), f"{at}contracts")):
        c.value(contract.get("value"), f"{at}contracts[{i}].value")
    bids = release.get("bids")
    if bids is not None:
        if not isinstance(bids, dict):
            c.fail("expected an object {details: [...]}", f"{at}bids")
        for i, bid in enumerate(c.objects(bids.get("details"), f"{at}bids.details")):
            c.value(bid.get("value"), f"{at}bids.details[{i}].value")
            c.objects(bid.get("tenderers"), f"{at}bids.details[{i}].tenderers")
    c.objects(release.get("parties"), f"{at}parties")
