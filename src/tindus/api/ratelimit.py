"""Fixed-window rate limits counted in the database, so that every process and machine shares them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction

from .models import RateWindow


@dataclass(frozen=True)
class Allowance:
    limit: int
    remaining: int
    reset_seconds: int
    window_seconds: int

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        """The IETF ``RateLimit`` header fields, as API Particulier announces them."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.remaining, 0)),
            "RateLimit-Reset": str(self.reset_seconds),
            "RateLimit-Policy": f"{self.limit};w={self.window_seconds}",
        }


def hit(client: str, limit: int, window_seconds: int, now: float | None = None) -> Allowance:
    """Count one request of ``client`` in the current window and say what is left of it."""
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    end = (window + 1) * window_seconds
    key = f"{client}:{window}"[:120]
    table = RateWindow._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A count lost in a crash is harmless: do not wait for the disk on every API request.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        # One statement, atomic on SQLite and PostgreSQL alike (ON CONFLICT … RETURNING).
        cursor.execute(
            f"INSERT INTO {table} (key, hits, window_end) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, datetime.fromtimestamp(end, UTC)],
        )
        hits = cursor.fetchone()[0]
    return Allowance(limit, limit - hits, max(int(end - now), 1), window_seconds)


def forget_past_windows() -> int:
    """Delete the counters of windows that are over; the periodic task calls it."""
    deleted, _ = RateWindow.objects.filter(window_end__lt=datetime.now(UTC)).delete()
    return deleted
