"""Per-market trade indicators of one product: the SQL is on the read side
(:mod:`chuhai.data.queries.scan`); the window arithmetic the engine shares with it is
re-exported here for the scan's row assembly.
"""

from __future__ import annotations

from chuhai.data.queries.window import short_year

__all__ = ["short_year"]
