"""The answer form on a phone (most employees open it from a QR code): at 375 px nothing scrolls sideways,
and every answer of the matrix question can be reached; on a wide screen the matrix is a grid again.

The demo consultation's answer link is read from the team's page, as a team would print it.
"""

import re

import pytest
from playwright.sync_api import expect

from .test_consultation import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DEMO = "vague-1-ti-2704"


def demo_answer_link(page, url: str) -> str:
    sign_in(page, url)
    page.goto(f"{url}/territoires/{DEMO}/consultation/")
    page.get_by_role("link", name=re.compile("réponses synthétiques")).first.click()
    return page.locator("[id^=answer-link-]").first.get_attribute("href")


def test_the_answer_form_fits_a_phone_and_its_matrix_reflows(served_app, page, browser):
    link = demo_answer_link(page, served_app)
    respondent = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    try:
        respondent.goto(link)
        expect(respondent.locator("h1")).to_have_text("Consultation des salariés")
        assert respondent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        matrix = respondent.locator("#question-conditions")
        radios = matrix.locator('input[type="radio"]')
        assert radios.count() == 4 * 3  # four lines, three answers each
        for i in range(radios.count()):
            radio = radios.nth(i)
            radio.scroll_into_view_if_needed()
            box = radio.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (i, box)
        # One card per line: its legend names the line, its answers are written out and can be chosen.
        line = matrix.locator("fieldset.matrix-row", has=respondent.locator("legend", has_text="horaires"))
        expect(line.locator("legend")).to_be_visible()
        expect(line.get_by_text("difficiles")).to_be_visible()
        line.get_by_label("difficiles").check()
        expect(respondent.locator('input[name="q-conditions--horaires"][value="difficiles"]')).to_be_checked()

        # On a wide screen the same markup is a grid: a line's answers side by side, under the column heads.
        respondent.set_viewport_size({"width": 1280, "height": 900})
        expect(matrix.locator(".matrix-head")).to_be_visible()
        boxes = [line.locator('input[type="radio"]').nth(i).bounding_box() for i in range(3)]
        assert len({round(b["y"]) for b in boxes}) == 1 and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    finally:
        respondent.context.close()
