"""Limit/offset pagination that does what the schema says: `limit` is a whole number from 1 to
100 (default 100) and `offset` one from 0 (default 0); anything else (out of range, not a whole
number, sent twice) is a 400 with a problem on that parameter, never a silent default or clamp.
An offset past the end is a page of nothing; one past MAX_OFFSET reads as MAX_OFFSET, so
`?offset=10**30` cannot overflow the database (SQLite integers are 64-bit)."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination

from playground.api.strict import query_integer

MAX_OFFSET = 2**31 - 1
MAX_LIMIT = 100


class BoundedPagination(LimitOffsetPagination):
    default_limit = MAX_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request: Any) -> int:
        return query_integer(
            request.query_params,
            self.limit_query_param,
            low=1,
            high=self.max_limit,
            default=self.default_limit,
        )

    def get_offset(self, request: Any) -> int:
        return min(
            query_integer(request.query_params, self.offset_query_param, low=0, default=0),
            MAX_OFFSET,
        )
