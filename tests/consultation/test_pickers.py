"""Employees choose their job and commune by name (« name (code) » suggestions); the answer keeps the code,
and a value that names nothing is refused at its question with a clear message, nothing stored.
Matrix lines are groups of their own, so that a phone can show one card per line."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tindus.consultation.models import CampaignLink, Response
from tindus.consultation.services import new_token
from tindus.referentials.models import Commune, RomeJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer_url(campaign):
    link = CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Auxois")
    return reverse("consultation:answer", kwargs={"token": link.token})


def hidden_fields(html):
    return {name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1) for name in ("version", "submission_key")}


def datalist(html, kind):
    found = re.search(rf'<datalist id="codes-{kind}">(.*?)</datalist>', html, re.S)
    return re.findall(r'<option value="([^"]*)">', found.group(1)) if found else []


def job(code):
    return f"{RomeJob.objects.get(code=code).label} ({code})"


def test_the_form_suggests_jobs_and_communes_by_name(client, answer_url):
    html = client.get(answer_url).content.decode().replace("&#x27;", "'")
    jobs = datalist(html, "rome")
    assert len(jobs) == RomeJob.objects.count() and job("H2903") in jobs
    communes = datalist(html, "commune")
    assert "Montbard (21425)" in communes and "Morteau (25411)" not in communes  # the territory's département
    assert re.search(r'<input type="text" id="q-metier" name="q-metier" value="" list="codes-rome"', html)
    assert re.search(r'<input type="text" id="q-commune" name="q-commune" value="" list="codes-commune"', html)
    assert '<label for="q-metier">' in html and '<label for="q-metier-2">' in html  # every field is labelled


def test_a_choice_by_name_stores_the_code(client, answer_url):
    data = hidden_fields(client.get(answer_url).content.decode())
    fields = {"q-mode": "vélo ou à pied", "q-metier": [job("H2903"), "", "h2909"], "q-commune": "Montbard (21425)"}
    response = client.post(answer_url, {**data, "action": "submit", **fields})
    assert response.status_code == 302
    (answer,) = Response.objects.all()
    assert answer.answers["metier"] == ["H2903", "H2909"] and answer.answers["commune"] == ["21425"]


def test_a_value_that_names_nothing_is_refused_at_its_question(client, answer_url):
    data = hidden_fields(client.get(answer_url).content.decode())
    shared = Commune.objects.filter(vintage=2026, kind="commune-actuelle", name="Saint-Martin").count()
    assert shared > 1
    response = client.post(answer_url, {**data, "action": "submit", "q-mode": "vélo ou à pied",
                                        "q-metier": "Soudeur du dimanche", "q-commune": "Saint-Martin"})  # fmt: skip
    assert response.status_code == 400 and not Response.objects.exists()
    html = response.content.decode()
    with translation.override("fr"):
        unknown = gettext("« %(value)s » is not in the list: choose one of the suggestions (name and code) or type "
                          "a valid code.") % {"value": "Soudeur du dimanche"}  # fmt: skip
        ambiguous = gettext("Several choices are named « %(value)s »: choose the one you mean among the suggestions, "
                            "which give the code.") % {"value": "Saint-Martin"}  # fmt: skip
    metier = re.search(r'<div class="field field-error" id="question-metier".*?</div>', html, re.S).group(0)
    assert unknown.replace("'", "&#x27;") in metier
    assert 'value="Soudeur du dimanche"' in metier  # what was typed is kept
    commune = re.search(r'<div class="field field-error" id="question-commune".*?</div>', html, re.S).group(0)
    assert ambiguous.replace("'", "&#x27;") in commune


def test_each_matrix_line_is_a_group_with_its_own_legend(client, answer_url):
    html = client.get(answer_url).content.decode()
    rows = re.findall(r'<fieldset class="matrix-row"><legend>([^<]+)</legend>(.*?)</fieldset>', html, re.S)
    assert [legend for legend, _radios in rows] == ["charge de travail", "horaires", "sécurité", "ambiance"]
    for legend, radios in rows:
        labels = re.findall(rf'<input type="radio" id="[^"]+" name="q-conditions--{legend}" value="([^"]+)"[^>]*> '
                            r'<span class="matrix-choice-text">([^<]+)</span>', radios)  # fmt: skip
        assert labels == [(c, c) for c in ("bonnes", "moyennes", "difficiles")]
    assert "<table" not in re.search(r'id="question-conditions".*?</fieldset>\s*</div>', html, re.S).group(0)
