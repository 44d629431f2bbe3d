"""chuhai (出海): where to sell, how to enter, how to win tenders — with real data and rules."""

from __future__ import annotations

from chuhai.errors import (
    ChuhaiError,
    InfeasibleError,
    InputError,
    NotFoundError,
    ScenarioError,
    SourceError,
    WarehouseError,
)

__version__ = "0.1.0"

__all__ = [
    "ChuhaiError",
    "InfeasibleError",
    "InputError",
    "NotFoundError",
    "ScenarioError",
    "SourceError",
    "WarehouseError",
    "__version__",
]
