"""Renderers over engine results: HTML pages and offline Plotly assets."""

from __future__ import annotations

__all__: list[str] = []
