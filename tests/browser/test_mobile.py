"""Phones are the main way in for employees (QR codes) and visitors: no page scrolls sideways at 375 px."""

import pytest

from .crawl import route_key

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("crawl")]

PHONE = {"width": 375, "height": 800}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]


# The outermost elements that stick out on the right: what to fix.
CULPRITS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 1);
  return out.filter(e => !out.includes(e.parentElement)).slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
      + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""


def test_public_pages_the_answer_form_and_the_territory_page_fit_a_phone(crawls, browser, served_app):
    urls = crawls("anonyme").one_page_per_route()
    routes = {route_key(url.split("?")[0])[0] for url in urls}
    # The three ways in that must be covered: the answer form, the public site, the territory page.
    assert {"consultation/repondre/<str:token>/", "site/<slug:slug>/", "territoires/<slug:slug>/"} <= routes, routes
    context = browser.new_context(base_url=served_app, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = []
    try:
        for url in urls:
            page.goto(url)
            if overflow(page) > 0:
                culprits = ", ".join(page.evaluate(CULPRITS))
                too_wide.append(f"{url}: {PHONE['width'] + overflow(page)} px wide ({culprits})")
    finally:
        context.close()
    assert not too_wide, "\n".join(too_wide)
