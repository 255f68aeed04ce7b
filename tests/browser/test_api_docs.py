"""The API's interactive documentation (Swagger UI) renders from this site alone, under the site's CSP."""

import pytest

pytestmark = pytest.mark.browser


def test_the_api_documentation_renders_locally(served_app, page):
    refused = []
    page.on("console", lambda message: message.type == "error" and refused.append(message.text))
    page.goto(f"{served_app}/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "API Tindus" in page.locator(".swagger-ui .info .title").inner_text()
    # The operations are listed from the served description, e.g. the territories' perimeter.
    page.get_by_text("/api/v1/territories/{slug}/perimeter.geojson").first.wait_for()
    # "Try it out" runs a real call against this server.
    block = page.locator(".opblock", has_text="/api/v1/territories/{slug}").first
    assert block.count() == 1
    assert page.requested_hosts == {served_app.split("/")[2]}
    assert [text for text in refused if "Content Security Policy" in text] == []
