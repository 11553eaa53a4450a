"""Limit/offset pagination with bounds, so `?offset=10**30` is a page of nothing, not a database
overflow (SQLite integers are 64-bit)."""
from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 2**31 - 1


class BoundedPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 100

    def get_offset(self, request: Any) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
