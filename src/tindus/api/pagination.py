"""Page-numbered lists with their totals, and links to the neighbouring pages."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from .problems import ApiError

T = TypeVar("T")
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Numéro de page, à partir de 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Éléments par page (500 au plus).")


class Page(Schema, Generic[T]):
    count: int
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[T]


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest, items: QuerySet | Sequence[Any], query: PageQuery, convert: Callable[[Any], Any] = lambda x: x
) -> dict[str, Any]:
    """One page of ``items`` (converted one by one), or a 404 problem beyond the last page."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    pages = max(math.ceil(count / query.page_size), 1)
    if query.page > pages:
        raise ApiError(
            404, _("Page %(page)s is beyond the last page (%(pages)s).") % {"page": query.page, "pages": pages}
        )
    start = (query.page - 1) * query.page_size
    return {
        "count": count,
        "page": query.page,
        "pages": pages,
        "page_size": query.page_size,
        "next": _link(request, query.page + 1) if query.page < pages else None,
        "previous": _link(request, query.page - 1) if query.page > 1 else None,
        "results": [convert(item) for item in items[start : start + query.page_size]],
    }
