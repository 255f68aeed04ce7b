"""Download the official files onto the user's machine: streamed to disk, resumable, checked.

Used only by the explicit ``tindus data fetch`` command (never by the app or its tests, which use
local files). Each address can be overridden with an environment variable when a publisher moves it.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from tqdm import tqdm

from tindus.files import sha256

CHUNK = 1 << 20
USER_AGENT = "tindus-data-fetch"


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    sha256: str = ""


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def sirene_sources(departements: list[str] | None) -> list[Source]:
    """INSEE's monthly stocks (data.gouv.fr stable resource links) or Etalab's geolocated files per département."""
    if departements:
        base = _env("TINDUS_URL_SIRENE_GEO", "https://files.data.gouv.fr/geo-sirene/last/dep/geo_siret_{dep}.csv.gz")
        return [Source(f"geo_siret_{dep}.csv.gz", base.format(dep=dep)) for dep in departements]
    return [
        Source(
            "StockEtablissement_utf8.zip",
            _env(
                "TINDUS_URL_SIRENE_ETABLISSEMENTS",
                "https://www.data.gouv.fr/fr/datasets/r/0651fb76-bcf3-4f6a-a38d-bc04fa708576",
            ),
        ),
        Source(
            "StockUniteLegale_utf8.zip",
            _env(
                "TINDUS_URL_SIRENE_UNITES_LEGALES",
                "https://www.data.gouv.fr/fr/datasets/r/825f4199-cadd-486c-ac46-a65a8ea1a047",
            ),
        ),
    ]


def urssaf_sources(departements: list[str] | None) -> list[Source]:
    base = _env(
        "TINDUS_URL_URSSAF",
        "https://open.urssaf.fr/api/explore/v2.1/catalog/datasets/"
        "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last/exports/csv",
    )
    query = {"delimiter": ";", "use_labels": "false"}
    if departements:
        query["where"] = "code_departement in (" + ", ".join(f'"{d}"' for d in departements) + ")"
    name = "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv"
    return [Source(name, base + "?" + urllib.parse.urlencode(query))]


class FetchError(Exception):
    pass


def download(source: Source, folder: Path, *, timeout: float = 30, progress: bool = True) -> Path:
    """Stream ``source`` to ``folder``; resume a partial ``.part`` file; check size and checksum."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    partial = folder / (source.name + ".part")
    done = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(source.url, headers={"User-Agent": USER_AGENT})
    if done:
        request.add_header("Range", f"bytes={done}-")
    host = urllib.parse.urlsplit(source.url).netloc
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        if error.code == 416 and done:  # the partial file is already complete
            return _finish(source, partial, target, None)
        raise FetchError(
            _("%(name)s: the server answered %(code)s (%(url)s)")
            % {"name": source.name, "code": error.code, "url": source.url}
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchError(
            _(
                "%(name)s: cannot reach %(host)s (%(error)s). Are you offline? Nothing was changed; "
                "run the command again once connected, the download will resume."
            )
            % {"name": source.name, "host": host, "error": getattr(error, "reason", error)}
        ) from None
    with response:
        resumed = response.status == 206
        if not resumed:
            done = 0
        length = response.headers.get("Content-Length")
        total = done + int(length) if length is not None else None
        mode = "ab" if resumed else "wb"
        bar = tqdm(total=total, initial=done, unit="B", unit_scale=True, unit_divisor=1024, desc=source.name,
                   disable=not progress)  # fmt: skip
        try:
            with open(partial, mode) as out, bar:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    bar.update(len(chunk))
        except (OSError, TimeoutError) as error:
            raise FetchError(
                _("%(name)s: download interrupted after %(bytes)d bytes (%(error)s); run the command again to resume.")
                % {"name": source.name, "bytes": partial.stat().st_size if partial.exists() else 0, "error": error}
            ) from None
    return _finish(source, partial, target, total)


def _finish(source: Source, partial: Path, target: Path, total: int | None) -> Path:
    size = partial.stat().st_size if partial.exists() else 0
    if size == 0:
        partial.unlink(missing_ok=True)
        raise FetchError(_("%(name)s: the server sent an empty file (0 bytes).") % {"name": source.name})
    if total is not None and size != total:
        raise FetchError(
            _("%(name)s: %(size)d bytes received of %(total)d announced; run the command again to resume.")
            % {"name": source.name, "size": size, "total": total}
        )
    if source.sha256:
        got = sha256(partial)
        if got != source.sha256:
            partial.unlink()
            raise FetchError(
                _("%(name)s: checksum mismatch (expected %(expected)s, got %(got)s); the file was deleted.")
                % {"name": source.name, "expected": source.sha256, "got": got}
            )
    os.replace(partial, target)
    return target


def fetch_dataset(
    dataset: str, folder: Path, departements: list[str] | None = None, progress: bool = True
) -> list[Path]:
    sources = sirene_sources(departements) if dataset == "sirene" else urssaf_sources(departements)
    return [download(source, folder, progress=progress) for source in sources]
