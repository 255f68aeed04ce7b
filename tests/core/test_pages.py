"""Platform-wide guarantees: French interface, security headers, no third-party request, error pages."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

import tindus

pytestmark = pytest.mark.django_db
SOURCE = Path(tindus.__file__).parent


def test_interface_is_french_by_default(client, haut_doubs):
    html = client.get(haut_doubs.get_absolute_url()).content.decode()
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html and "habitants" in html
    assert "98\u00a0398" in html or "98 398" in html


def test_english_is_available(client):
    client.post("/i18n/langue/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Skip to content" in html


def test_security_headers_forbid_third_party_content(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_or_asset_points_to_another_host():
    allowed = {"http://www.w3.org/2000/svg"}
    offenders = []
    for path in SOURCE.rglob("*"):
        if path.suffix not in {".html", ".css", ".js", ".svg", ".txt"}:
            continue
        for url in re.findall(r"https?://[^\s\"'<>)]+", path.read_text(encoding="utf-8")):
            if url not in allowed and "{{" not in url:
                offenders.append(f"{path.relative_to(SOURCE)}: {url}")
    assert offenders == []


@override_settings(DEBUG=False)
def test_error_pages_are_friendly(client):
    response = client.get("/territoires/vague-9-ti-0000/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_health(client):
    assert client.get("/sante/").json() == {"status": "ok"}
