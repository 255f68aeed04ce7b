"""API: the industrial diagnostic of a territory, table by table, as the public page shows it.

The page is public (every role sees the same one): anonymous callers and tokens get the same tables. Each
table is read from the page's own report (:func:`.services.build_report`): statistical secrecy is never
recomputed here, and a masked cell is ``{"value": null, "secret": true}``.
"""

from __future__ import annotations

import json
from typing import Literal

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tindus.accounts.permissions import Action
from tindus.api.app import public_read
from tindus.api.caller import require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, ApiError, Problem
from tindus.api.schemas import Source
from tindus.territories.models import Territory
from tindus.warehouse.queries import WarehouseUnavailableError
from tindus.warehouse.services import get_warehouse

from .report import ZoneNotCoveredError
from .services import build_report, not_covered_message
from .tables import indicator_tables

router = Router(tags=["Diagnostic"])
ERRORS = {**READ_ERRORS, 503: Problem}


class Waiting(Schema):
    """The answer while the file is being made (202, with ``Retry-After``)."""

    detail: str
    job: str


PUBLIC = {"x-tindus-action": Action.VIEW_PUBLIC.value}


def unavailable() -> str:
    return _("The warehouse is not available (an import may be running): try again later.")


class Column(Schema):
    id: str
    label: str
    unit: str = Field(description="share, rate, jobs, establishments, index, years, rank (vide : voir la ligne)")


class Cell(Schema):
    column: str
    value: float | int | None = Field(description="null si la case est masquée (secret) ou sans objet")
    secret: bool = Field(description="true : case masquée par le secret statistique, sa valeur est null")


class Row(Schema):
    id: str
    label: str
    unit: str | None = None
    source: Source | None = None
    cells: list[Cell]


class TableSummary(Schema):
    id: str
    title: str
    section: str
    columns: list[Column]
    row_count: int
    masked: int = Field(description="nombre de cases masquées par le secret statistique")
    source: Source


class Table(TableSummary):
    rows: list[Row]


class Period(Schema):
    scope: Literal["industry", "manufacturing"] = Field("industry", description="industrie (B-E) ou manufacturier (C)")
    start: int | None = Field(None, ge=1900, le=2100, description="première année (défaut : la première de la série)")
    end: int | None = Field(None, ge=1900, le=2100, description="dernière année (défaut : la dernière de la série)")
    base: Literal["total", "scope"] = Field("total", description="base des indices de spécificité")


class TableFilters(Schema):
    section: Literal["figures", "comparison", "maps", "evolution", "sectors", "epci", "size"] | None = None
    masked: bool | None = Field(None, description="true : seulement les tableaux qui ont des cases masquées")


def no_data() -> ApiError | None:
    """A 404 while the warehouse holds no data at all (nothing to diagnose yet, as on a fresh install)."""
    if get_warehouse().version() is None:
        return ApiError(404, _("The warehouse holds no URSSAF series: import one first."))
    return None


def report_of(territory: Territory, period: Period) -> dict:
    """The page's report for ``period``, or the problem the page would show instead (never a 500)."""
    missing = no_data()
    if missing is not None:
        raise missing
    try:
        return build_report(territory=territory, scope=period.scope, start=period.start, end=period.end,
                            base=period.base)  # fmt: skip
    except ZoneNotCoveredError as error:
        raise ApiError(404, not_covered_message(error)) from None
    except WarehouseUnavailableError:
        raise ApiError(503, unavailable()) from None
    except LookupError as error:
        raise ApiError(404, str(error)) from None
    except ValueError as error:
        raise ApiError(400, str(error), [{"field": "start", "message": str(error)}]) from None


def summary(table: dict) -> dict:
    return {key: value for key, value in table.items() if key != "rows"} | {"row_count": len(table["rows"])}


@router.get(
    "/territories/{slug}/diagnostic",
    response={200: Page[TableSummary], **ERRORS},
    summary="Diagnostic : les tableaux d'indicateurs",
    openapi_extra=PUBLIC,
)
@public_read
def diagnostic_tables(
    request: HttpRequest, slug: str, period: Query[Period], filters: Query[TableFilters], pages: Query[PageQuery]
) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, territory)
    tables = indicator_tables(report_of(territory, period))
    if filters.section:
        tables = [t for t in tables if t["section"] == filters.section]
    if filters.masked is not None:
        tables = [t for t in tables if bool(t["masked"]) is filters.masked]
    return paginate(request, tables, pages, summary)


@router.get(
    "/territories/{slug}/diagnostic/{table_id}",
    response={200: Table, **ERRORS},
    summary="Diagnostic : un tableau d'indicateurs, case par case",
    openapi_extra=PUBLIC,
)
@public_read
def diagnostic_table(request: HttpRequest, slug: str, table_id: str, period: Query[Period]) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, territory)
    for table in indicator_tables(report_of(territory, period)):
        if table["id"] == table_id:
            return table | {"row_count": len(table["rows"])}
    raise ApiError(404, _("No indicator table « %(id)s » in this diagnostic.") % {"id": table_id})


@router.get(
    "/diagnostic/indicators.parquet",
    response={200: bytes, 202: Waiting, **ERRORS},
    summary="Diagnostic : les tableaux d'indicateurs de tous les territoires (Parquet)",
    openapi_extra=PUBLIC
    | {"responses": {"200": {"description": "Fichier Parquet", "content": {"application/vnd.apache.parquet": {}}}}},
)
@public_read
def indicators_parquet(request: HttpRequest) -> HttpResponse:
    require(request, Action.VIEW_PUBLIC, None)
    from .parquet import FILENAME, latest_job, refresh

    job = latest_job()
    if job is None:
        missing = no_data()
        if missing is not None:
            raise missing
        try:
            address = request.build_absolute_uri(refresh())
        except WarehouseUnavailableError:
            raise ApiError(503, unavailable()) from None
        waiting = HttpResponse(
            json.dumps({"detail": _("The file is being made; try again in a few minutes."), "job": address},
                       ensure_ascii=False),
            status=202, content_type="application/json",
        )  # fmt: skip
        waiting["Retry-After"] = "120"
        return waiting
    with default_storage.open(job.result_file.name, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/vnd.apache.parquet")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["Last-Modified"] = http_date(job.finished_at.timestamp())
    return response
