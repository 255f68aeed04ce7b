"""The legal procedure's pages: the timeline, the consultation's start and letters, answers, adoption,
transmissions, the deliberation document, and who may open what."""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import re
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from tests.conftest import signed_in
from tests.core.links import open_page
from tests.jobs.inprocess import result_bytes, run_job
from tests.land.access_procedure import PROCEDURE_URLS, procedure_objects
from tests.land.procedure_builders import adoption, consultation, inventory, transmission
from tindus.land.models import Adoption, OwnerConsultation, OwnerLetter, Transmission

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url(territory, name: str, **kwargs) -> str:
    return reverse(f"land:{name}", kwargs={"slug": territory.slug, **kwargs})


@pytest.fixture
def units(territory):
    return inventory(territory)


def pdf_pages(pdf: bytes) -> int:
    """The page count of a WeasyPrint PDF (its objects are in compressed streams)."""
    text = pdf
    for found in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            text += zlib.decompress(found.group(1))
    return max(int(count) for count in re.findall(rb"/Count (\d+)", text))


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


# --- access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["team", "committee", "partner", "company"])
def test_each_url_by_role(request, territory, company_siret, role):
    objects = procedure_objects(territory, company_siret)
    browser = signed_in(request.getfixturevalue(role))
    for name, allowed in PROCEDURE_URLS.items():
        response = browser.get(url(territory, name.split(":")[1], **objects.get(name, {})))
        if role in allowed:
            assert response.status_code in (200, 302), (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


def test_another_territorys_objects_are_not_found(territory, haut_doubs, team_client, company_siret):
    objects = procedure_objects(haut_doubs, company_siret)
    for name in ("land:letter", "land:letter_email", "land:adoption_document"):
        assert team_client.get(url(territory, name.split(":")[1], **objects[name])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, territory):
    response = client.get(url(territory, "procedure"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


# --- the timeline ---------------------------------------------------------------------------------------


def test_nothing_started_shows_the_first_legal_deadline(territory, units, committee_client):
    page = committee_client.get(url(territory, "procedure")).content.decode()
    assert "24 août 2023" in page
    assert gettext("passed: nothing adopted yet") in page
    assert gettext("no consultation yet") in page
    # the notice: zones exist and nothing is adopted after the first deadline
    assert 'id="land-refresh-notice"' in page


def test_open_consultation_shows_its_deadline_days_left_and_counts(territory, units, committee_client):
    sent = consultation(territory, days_ago(10))
    letter = sent.letters.get(name="Commune de Montbard")
    letter.answered_on, letter.answer = days_ago(2), "Rien à corriger"
    letter.save()
    page = committee_client.get(url(territory, "procedure")).content.decode()
    assert gettext("consultation open") in page
    assert ngettext("%(days)s day left", "%(days)s days left", 20) % {"days": 20} in page
    counts = re.search(r'id="procedure-counts">(.*?)</ul>', page, re.S).group(1)
    values = re.findall(r'<span class="value">(\d+)</span>', counts)
    assert values[:3] == [str(sent.letters.count()), "1", str(sent.letters.count() - 1)]
    assert "Commune de Montbard" in page and "21425_TERRAIN-ECO_00004" in page  # the unit without owner, warned


def test_adopted_inventory_shows_refresh_date_and_missing_transmissions(territory, units, committee_client):
    sent = consultation(territory, dt.date(2024, 1, 8))
    adopted = adoption(territory, sent, dt.date(2024, 3, 1))
    transmission(adopted, dt.date(2024, 3, 10))
    page = committee_client.get(url(territory, "procedure")).content.decode()
    assert "1 mars 2030" in page  # six years after the adoption
    assert gettext("adopted and sent") in page
    assert "PLU ou PLUi" in page or gettext("PLU or PLUi") in page  # not sent yet


# --- the consultation's start ---------------------------------------------------------------------------


def test_start_page_counts_addressees_and_warns_of_units_without_owner(territory, units, team_client):
    page = team_client.get(url(territory, "consultation_start")).content.decode()
    assert re.search(r'id="start-owners">2<', page)  # the SCI written two ways, the commune
    assert re.search(r'id="start-occupants">2<', page)  # proposed and closed occupants left out
    assert "21425_TERRAIN-ECO_00004" in page


def test_start_writes_one_letter_per_owner_and_confirmed_occupant(territory, units, team_client, team):
    response = team_client.post(url(territory, "consultation_start"), {"started_on": TODAY.isoformat()}, follow=True)
    sent = OwnerConsultation.objects.get(territory=territory)
    assert sent.started_on == TODAY and sent.started_by == team
    owners = {letter.name: letter for letter in sent.letters.filter(addressee="owner")}
    assert set(owners) == {"SCI Les Granges", "Commune de Montbard"}
    assert set(owners["SCI Les Granges"].units.all()) == {units["u1"], units["u2"]}
    assert owners["SCI Les Granges"].channel == OwnerLetter.Channel.LETTER
    assert owners["Commune de Montbard"].channel == OwnerLetter.Channel.EMAIL
    assert owners["Commune de Montbard"].email == "urbanisme@montbard.example"
    occupants = {letter.siret: letter for letter in sent.letters.filter(addressee="occupant")}
    assert set(occupants) == {units["forges"].siret, units["u1"].occupants.get(name="Tôlerie du Morvan").siret}
    forges = occupants[units["forges"].siret]
    assert set(forges.units.all()) == {units["u1"], units["u2"]}
    assert forges.channel == OwnerLetter.Channel.EMAIL and forges.postal_address.startswith("3 rue de la Forge")
    page = response.content.decode()
    assert "21425_TERRAIN-ECO_00004" in page  # the warning names the unit nobody is written to about


def test_a_start_in_the_past_is_recorded(territory, units, team_client):
    team_client.post(url(territory, "consultation_start"), {"started_on": "2023-05-02"})
    assert OwnerConsultation.objects.get(territory=territory).started_on == dt.date(2023, 5, 2)


def test_a_start_in_the_future_is_refused(territory, units, team_client):
    tomorrow = TODAY + dt.timedelta(days=1)
    response = team_client.post(url(territory, "consultation_start"), {"started_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors["started_on"] == [
        gettext("This date is in the future: record it once it has happened.")
    ]
    assert not OwnerConsultation.objects.exists() and not OwnerLetter.objects.exists()


def test_no_second_consultation_while_one_is_open(territory, units, team_client):
    consultation(territory, days_ago(3))
    response = team_client.post(url(territory, "consultation_start"), {"started_on": TODAY.isoformat()})
    assert response.status_code == 400 and 'id="start-errors"' in response.content.decode()
    assert OwnerConsultation.objects.count() == 1


def test_no_consultation_without_land_units(territory, team_client):
    response = team_client.post(url(territory, "consultation_start"), {"started_on": TODAY.isoformat()})
    assert response.status_code == 400
    message = gettext("The inventory has no land unit yet: there is nobody to consult.")
    assert escape(message) in response.content.decode()


def test_committee_cannot_start(territory, units, committee_client):
    assert (
        committee_client.post(url(territory, "consultation_start"), {"started_on": TODAY.isoformat()}).status_code
        == 403
    )
    assert not OwnerConsultation.objects.exists()


# --- letters and answers --------------------------------------------------------------------------------


@pytest.fixture
def sent(territory, units):
    return consultation(territory, days_ago(40))


def letter_of(sent, name: str) -> OwnerLetter:
    return sent.letters.get(name=name)


def test_letter_page_shows_the_text_and_no_form_to_the_committee(territory, sent, committee_client):
    letter = letter_of(sent, "SCI Les Granges")
    response = committee_client.get(url(territory, "letter", pk=letter.pk))
    page = response.content.decode()
    assert response.context["form"] is None and "21425000AB0020" in page
    assert committee_client.post(url(territory, "letter", pk=letter.pk), {"answered_on": TODAY}).status_code == 403
    letter.refresh_from_db()
    assert letter.answered_on is None


def test_letter_links_each_unit_to_its_edit_page_when_it_exists(territory, sent, team_client):
    letter = letter_of(sent, "SCI Les Granges")
    page = team_client.get(url(territory, "letter", pk=letter.pk)).content.decode()
    try:
        edit = url(territory, "unit_edit", pk=sent.letters.get(name="SCI Les Granges").units.first().pk)
    except NoReverseMatch:
        assert gettext("correct this unit") not in page
    else:
        assert edit in page


def test_answer_is_recorded_and_a_late_one_marked(territory, sent, team_client):
    letter = letter_of(sent, "SCI Les Granges")
    data = {"answered_on": days_ago(1).isoformat(), "answer": "La surface du lot 2 est fausse.",
            "correction": "4 300 m² au lieu de 4 200", "correction_applied": "on"}  # fmt: skip
    assert team_client.post(url(territory, "letter", pk=letter.pk), data).status_code == 302
    letter.refresh_from_db()
    assert letter.answered_on == days_ago(1) and letter.correction_applied
    page = team_client.get(url(territory, "letter", pk=letter.pk)).content.decode()
    assert gettext("late") in re.search(r'id="letter-answer-state">(.*?)</dd>', page, re.S).group(1)


def test_answer_on_time_is_not_marked_late(territory, sent, team_client):
    letter = letter_of(sent, "Commune de Montbard")
    team_client.post(url(territory, "letter", pk=letter.pk), {"answered_on": days_ago(35).isoformat(), "answer": "OK"})
    page = team_client.get(url(territory, "letter", pk=letter.pk)).content.decode()
    assert gettext("late") not in re.search(r'id="letter-answer-state">(.*?)</dd>', page, re.S).group(1)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"answered_on": (TODAY + dt.timedelta(days=1)).isoformat(), "answer": "x"}, "answered_on",
         "This date is in the future: record it once it has happened."),
        ({"answer": "Tout est juste"}, "answered_on", "Give the date of the answer."),
        ({"answered_on": TODAY.isoformat(), "correction_applied": "on"}, "correction_applied",
         "Say which correction was asked before marking it applied."),
    ],
)  # fmt: skip
def test_bad_answers_are_refused_at_their_field(territory, sent, team_client, data, field, message):
    letter = letter_of(sent, "SCI Les Granges")
    response = team_client.post(url(territory, "letter", pk=letter.pk), data)
    assert response.status_code == 400
    assert gettext(message) in response.context["form"].errors[field]
    letter.refresh_from_db()
    assert letter.answered_on is None and letter.answer == ""


def test_answer_dated_before_the_start_is_refused(territory, sent, team_client):
    letter = letter_of(sent, "SCI Les Granges")
    response = team_client.post(url(territory, "letter", pk=letter.pk), {"answered_on": days_ago(41).isoformat()})
    assert response.status_code == 400 and "answered_on" in response.context["form"].errors


def test_email_page_and_eml_download(territory, sent, team, team_client):
    letter = letter_of(sent, "Commune de Montbard")
    page = team_client.get(url(territory, "letter_email", pk=letter.pk)).content.decode()
    assert "urbanisme@montbard.example" in page and "21425_TERRAIN-ECO_00003" in page
    response = team_client.get(url(territory, "letter_email", pk=letter.pk) + "?format=eml")
    assert response["Content-Type"] == "message/rfc822"
    message = email.message_from_bytes(response.content, policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "urbanisme@montbard.example"
    assert message["From"].addresses[0].addr_spec == team.email
    assert message["X-Unsent"] == "1" and message["Date"]
    body = message.get_content()
    assert "21425_TERRAIN-ECO_00003" in body and "CC du Montbardois" in body


def test_letters_pdf_is_made_in_a_job_one_page_per_letter(territory, sent, committee_client):
    assert committee_client.get(url(territory, "letters_pdf", pk=sent.pk)).status_code == 302  # GET starts nothing
    job = run_job(committee_client.post(url(territory, "letters_pdf", pk=sent.pk)))
    pdf = result_bytes(job)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == sent.letters.count() == 4


# --- adoption and transmission --------------------------------------------------------------------------


def adopt(client, territory, day: dt.date, document=None):
    data = {"adopted_on": day.isoformat(), "deliberation": "Délibération n° 2025-12 du conseil communautaire"}
    if document is not None:
        data["document"] = document
    return client.post(url(territory, "adoption"), data)


def test_adoption_without_consultation_is_refused(territory, units, team_client):
    response = adopt(team_client, territory, TODAY)
    assert response.status_code == 400 and "adopted_on" in response.context["form"].errors
    assert not Adoption.objects.exists()


def test_adoption_before_the_thirty_days_is_refused(territory, units, team_client):
    consultation(territory, days_ago(30))  # the deadline is today: answers are still taken
    response = adopt(team_client, territory, TODAY)
    assert response.status_code == 400
    error = response.context["form"].errors["adopted_on"][0]
    assert "30" not in error or TODAY.strftime("%Y") in error  # names dates, written out
    assert not Adoption.objects.exists()


def test_adoption_after_the_thirty_days_with_its_pdf_served_to_readers(territory, units, team_client, committee_client):
    consultation(territory, days_ago(31))
    response = adopt(team_client, territory, TODAY, SimpleUploadedFile("deliberation.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    adopted = Adoption.objects.get(territory=territory)
    assert adopted.consultation is not None and adopted.document.name.startswith("land/deliberations/")
    served = committee_client.get(url(territory, "adoption_document", pk=adopted.pk))
    assert b"".join(served.streaming_content) == PDF


def test_a_non_pdf_deliberation_is_refused(territory, units, team_client):
    consultation(territory, days_ago(31))
    fake = SimpleUploadedFile("deliberation.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = adopt(team_client, territory, TODAY, fake)
    assert response.status_code == 400 and "document" in response.context["form"].errors
    odt = SimpleUploadedFile("deliberation.docx", b"PK", "application/octet-stream")
    assert "document" in adopt(team_client, territory, TODAY, odt).context["form"].errors
    assert not Adoption.objects.exists()


def test_adoption_in_the_future_is_refused(territory, units, team_client):
    consultation(territory, days_ago(60))
    response = adopt(team_client, territory, TODAY + dt.timedelta(days=1))
    assert response.status_code == 400 and "adopted_on" in response.context["form"].errors


def test_adoption_without_document_has_no_document_to_serve(territory, units, team_client):
    adopted = adoption(territory, consultation(territory, days_ago(60)), days_ago(10))
    assert team_client.get(url(territory, "adoption_document", pk=adopted.pk)).status_code == 404


def test_transmission_before_any_adoption_is_refused(territory, units, team_client):
    data = {"document": "scot", "body": "Syndicat du SCoT", "sent_on": TODAY.isoformat()}
    response = team_client.post(url(territory, "transmission"), data)
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not Transmission.objects.exists()


def test_transmission_dates_are_checked_against_the_adoption(territory, units, team_client):
    adopted = adoption(territory, consultation(territory, days_ago(60)), days_ago(10))
    data = {"document": "pcaet", "body": "CC du Montbardois", "reference": "LR 1A 234"}
    before = team_client.post(url(territory, "transmission"), {**data, "sent_on": days_ago(11).isoformat()})
    assert before.status_code == 400 and "sent_on" in before.context["form"].errors
    future = team_client.post(
        url(territory, "transmission"), {**data, "sent_on": (TODAY + dt.timedelta(1)).isoformat()}
    )
    assert future.status_code == 400 and "sent_on" in future.context["form"].errors
    assert (
        team_client.post(url(territory, "transmission"), {**data, "sent_on": days_ago(2).isoformat()}).status_code
        == 302
    )
    assert adopted.transmissions.get().document == "pcaet"


# --- history --------------------------------------------------------------------------------------------


def test_history_shows_the_procedure_readably(territory, units, team_client):
    team_client.post(url(territory, "consultation_start"), {"started_on": days_ago(45).isoformat()})
    adopt(team_client, territory, days_ago(2))
    page = team_client.get(reverse("territories:history", kwargs={"slug": territory.slug})).content.decode()
    assert "Délibération n° 2025-12 du conseil communautaire" in page
    assert days_ago(45).strftime("%d/%m/%Y") in page  # the consultation named by its date
    assert "SCI Les Granges" in page  # the letters, for the team


# --- every page: unique ids, no link its reader cannot follow -------------------------------------------


@pytest.mark.parametrize("role", ["team", "committee"])
def test_pages_have_unique_ids_and_followable_links(request, territory, units, role):
    sent = consultation(territory, dt.date(2024, 1, 8))
    letter = sent.letters.get(name="SCI Les Granges")
    letter.answered_on, letter.correction = dt.date(2024, 3, 1), "Surface"
    letter.save()
    adopted = adoption(territory, sent, dt.date(2024, 3, 1), document=SimpleUploadedFile("d.pdf", PDF))
    transmission(adopted, dt.date(2024, 3, 5))
    browser = signed_in(request.getfixturevalue(role))
    pages = [url(territory, "procedure"), url(territory, "letter", pk=letter.pk),
             url(territory, "letter_email", pk=letter.pk)]  # fmt: skip
    if role == "team":
        pages += [url(territory, name) for name in ("consultation_start", "adoption", "transmission")]
    for page in pages:
        html = open_page(browser, page)
        assert "Tindus" in html
    home = open_page(browser, url(territory, "procedure"))
    assert url(territory, "adoption_document", pk=adopted.pk) in home
    assert (url(territory, "transmission") in home) is (role == "team")
