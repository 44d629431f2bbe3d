"""The demo warehouse: real reference tables, synthetic trade, tariffs and indicators.

See :func:`build_demo` and docs/reference-and-demo.md.
"""

from __future__ import annotations

from chuhai.data.demo.build import build_demo
from chuhai.data.demo.params import DEMO_CHAPTERS, DEMO_YEARS, STORY_MARKETS, STORY_PRODUCTS
from chuhai.data.demo.world import haversine_km

__all__ = ["DEMO_CHAPTERS", "DEMO_YEARS", "STORY_MARKETS", "STORY_PRODUCTS", "build_demo", "haversine_km"]
