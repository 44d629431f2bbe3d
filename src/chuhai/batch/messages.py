"""Every sentence the batch layer produces, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

ROW_FAILED = template("batch.row.failed", "Row {row} ({firm}) was not screened: {error}")
SHARED_SITE = template(
    "batch.view.shared_site",
    "{n} firms ({firms:list}) sell {products:list} in {market}, where localisation "
    "pressure is {posture}: one local partner or assembly site could serve them together.")
SHARED_MARKET = template(
    "batch.view.shared_market",
    "{n} firms ({firms:list}) rank {market} among their top markets: a joint trade mission "
    "or a shared distributor could serve them.")
