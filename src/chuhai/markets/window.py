"""What a scan is about, as the engine sees it: the window type and product codes come
from the read side (:mod:`chuhai.data.queries.window`).
"""

from __future__ import annotations

from chuhai.data.queries.window import Window, resolve_product

__all__ = ["Window", "resolve_product"]
