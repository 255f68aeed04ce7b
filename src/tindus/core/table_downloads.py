"""Every table of every page as CSV or XLSX: ``?tableau=<table id>&format=csv|xlsx`` on the page's own address.

The page is rendered by its own view for the one who asks, so the file holds exactly what that person sees
(the same permission layer, the same masked cells); the middleware (:class:`.middleware.TableDownloadMiddleware`)
then reads the table back (:mod:`.html_tables`) and writes it with the shared writer (:mod:`.tables`), its
caption and its source line as the note. ``{% table_downloads %}`` (``core/templatetags/tables.py``) shows
the two links under a table.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .html_tables import TABLE_ID, find_table
from .tables import FORMATS, table_response

TABLE_PARAM = "tableau"
FORMAT_PARAM = "format"


def asked_table(request: HttpRequest) -> tuple[str, str] | None:
    """(table id, format) when the request asks for a table of the page, else None."""
    if request.method != "GET" or TABLE_PARAM not in request.GET:
        return None
    fmt = request.GET.get(FORMAT_PARAM, "csv")
    return request.GET[TABLE_PARAM], fmt


def strip_download_query(request: HttpRequest) -> None:
    """The request as the page itself would get it: without ``tableau`` and ``format`` (a view may read
    ``format`` for its own exports)."""
    query = request.GET.copy()
    for name in (TABLE_PARAM, FORMAT_PARAM):
        query.pop(name, None)
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def download_query(query: QueryDict, table_id: str, fmt: str) -> str:
    """The page's query string (its filters, its page number) with the table and format asked."""
    out = query.copy()
    for name in (TABLE_PARAM, FORMAT_PARAM):
        out.pop(name, None)
    out[TABLE_PARAM] = table_id
    out[FORMAT_PARAM] = fmt
    return out.urlencode()


def page_table_response(request: HttpRequest, page: HttpResponse, table_id: str, fmt: str) -> HttpResponse:
    if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html") or page.streaming:
        return page  # sign-in redirection, refusal, error, or not a page: as the page would answer
    if fmt not in FORMATS or not TABLE_ID.match(table_id):
        raise Http404
    table = find_table(page.content, table_id, get_format("DECIMAL_SEPARATOR"))
    if table is None:
        raise Http404
    where = _("Tindus, %(url)s, %(date)s") % {
        "url": request.build_absolute_uri(request.get_full_path()),
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }
    note = " — ".join(part for part in (table.caption, table.source, where) if part)
    name = "-".join(part for part in (slugify(request.path.replace("/", " ")), table_id) if part)
    return table_response(name, table.header, table.rows, note, fmt, title=table.caption or table_id)
