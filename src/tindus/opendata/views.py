"""The platform's open-data page and its files."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from tindus.accounts.permissions import public

from .bundle import LICENCE, ZIP_NAME, current

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "zip": "application/zip",
}


@public
def page(request: HttpRequest) -> HttpResponse:
    manifest = current()
    resources = []
    if manifest:
        for resource in manifest["package"]["resources"]:
            resources.append({**resource, "size": manifest["files"].get(resource["path"], 0)})
    return render(request, "opendata/page.html", {
        "manifest": manifest, "resources": resources, "licence": LICENCE, "zip_name": ZIP_NAME,
        "created": parse_datetime(manifest["created"]) if manifest else None,
        "zip_size": manifest["files"].get(ZIP_NAME, 0) if manifest else 0,
    })  # fmt: skip


@public
def download(request: HttpRequest, name: str) -> FileResponse:
    manifest = current()
    if not manifest or name not in manifest["files"]:
        raise Http404(name)
    handle = default_storage.open(f"{manifest['folder']}/{name}", "rb")
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(handle, as_attachment=extension != "json", filename=name,
                            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))  # fmt: skip
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response
