"""The questionnaire builder and its preview, through the team's pages."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import MembershipFactory, UserFactory
from tindus.accounts.models import Role
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, CampaignLink, Draft, Questionnaire, Response, UsedToken
from tindus.consultation.services import new_token, save_schema

pytestmark = pytest.mark.django_db

# One question of every type, with the settings it needs.
EVERY_TYPE = {
    "short_text": {"max_length": "120"},
    "long_text": {},
    "single_choice": {"choices": "oui\nnon"},
    "multiple_choice": {"choices": "eau\nchaleur\nlocaux"},
    "scale": {"scale_min": "0", "scale_max": "10", "scale_low": "pas du tout", "scale_high": "tout à fait"},
    "matrix": {"choices": "bonnes\nmauvaises", "rows": "horaires\nsalaires"},
    "number": {"unit": "tonnes", "minimum": "0", "maximum": "5000"},
    "ranking": {"choices": "prix\nqualité\ndélai"},
    "date": {},
    "commune": {},
    "naf": {},
    "rome": {},
    "ewc": {},
}


def builder(campaign):
    return reverse("consultation_team:builder", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk})


def preview(campaign):
    return reverse("consultation_team:preview", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk})


def schema_of(campaign):
    return campaign.questionnaire.current_version().as_schema()


def stored(campaign):
    return [(v.number, v.schema) for v in campaign.questionnaire.versions.order_by("number")]


def add_question(client, campaign, section, kind, label, **fields):
    data = {"action": "add_question", "new-section": section, "new-type": kind, "new-label": label}
    data.update({f"new-{name}": value for name, value in fields.items()})
    return client.post(builder(campaign), data)


def said(response):
    """The message of this request (earlier ones wait in the cookie until a page shows them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def test_the_team_adds_a_section_and_every_type_then_previews_them(team_client, campaign):
    response = team_client.post(builder(campaign), {"action": "add_section", "new-section-title": "Économie circulaire",
                                                    "new-section-help": "Vos flux de matières."})  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#section-economie_circulaire")
    section = schema_of(campaign).sections[-1]
    assert (section.id, section.title, section.help) == ("economie_circulaire", "Économie circulaire",
                                                         "Vos flux de matières.")  # fmt: skip
    for kind, settings in EVERY_TYPE.items():
        response = add_question(team_client, campaign, section.id, kind, f"Question {kind}", help=f"Aide {kind}",
                                required="on", **settings)  # fmt: skip
        assert response.status_code == 302, (kind, response.context and response.context["question_form"].errors)
    schema = schema_of(campaign)
    added = schema.sections[-1].questions
    assert [q.type for q in added] == list(EVERY_TYPE)
    assert all(q.required and q.help == f"Aide {q.type}" for q in added)
    by_type = {q.type: q for q in added}
    assert by_type["short_text"].id == "question_short_text" and by_type["short_text"].max_length == 120
    assert by_type["scale"].scale_min == 0 and by_type["scale"].scale_labels == ("pas du tout", "tout à fait")
    assert by_type["matrix"].rows == ("horaires", "salaires") and by_type["matrix"].choices == ("bonnes", "mauvaises")
    assert (by_type["number"].unit, by_type["number"].minimum, by_type["number"].maximum) == ("tonnes", 0, 5000)
    assert by_type["ranking"].choices == ("prix", "qualité", "délai")
    # Still one version: nobody has answered.
    assert campaign.questionnaire.versions.count() == 1
    # The builder lists them; the preview renders each as respondents see it.
    page = team_client.get(builder(campaign))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(f'id="question-{q.id}"' in html for q in added)
    page = team_client.get(preview(campaign))
    assert page.status_code == 200
    assert [t.name for t in page.templates][:2] == ["consultation/preview.html", "consultation/form.html"]
    html = page.content.decode()
    for q in added:
        assert f'id="question-{q.id}"' in html and f"Question {q.type}" in html, q.type
    assert 'name="q-question_matrix--horaires"' in html and 'type="date" id="q-question_date"' in html
    assert html.count('name="q-question_scale"') == 11
    assert html.count('name="q-question_ranking"') == 3


def test_a_question_shown_on_an_earlier_answer(team_client, campaign):
    add_question(team_client, campaign, "trajet", "single_choice", "Avez-vous un véhicule ?", choices="oui\nnon")
    response = add_question(team_client, campaign, "trajet", "number", "Combien de kilomètres par an ?",
                            unit="km", required="on", condition_question="avez_vous_un_vehicule",
                            condition_operator="equals", condition_value="oui")  # fmt: skip
    assert response.status_code == 302
    schema = schema_of(campaign)
    condition = schema.question("combien_de_kilometres_par_an").condition
    assert (condition.question, condition.operator, condition.value) == ("avez_vous_un_vehicule", "equals", "oui")
    # A numeric comparison is typed as a number.
    add_question(team_client, campaign, "trajet", "short_text", "Pourquoi autant ?",
                 condition_question="combien_de_kilometres_par_an", condition_operator="at_least",
                 condition_value="20 000")  # fmt: skip
    assert schema_of(campaign).question("pourquoi_autant").condition.value == 20000
    page = team_client.get(preview(campaign))
    assert 'data-condition-question="avez_vous_un_vehicule"' in page.content.decode()
    # In the preview, the question is required only when shown.
    base = {"version": "1", "submission_key": "9c6a3c57-8c39-4b5b-9d4e-0b8f1d6f0a11", "q-metier": "H2903",
            "q-mode": "vélo ou à pied", "action": "submit"}  # fmt: skip
    assert team_client.post(preview(campaign), {**base, "q-avez_vous_un_vehicule": "non"}).status_code == 200
    response = team_client.post(preview(campaign), {**base, "q-avez_vous_un_vehicule": "oui"})
    assert response.status_code == 400 and list(response.context["errors"]) == ["combien_de_kilometres_par_an"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "single_choice", "choices": "oui"}, "choices"),
        ({"type": "multiple_choice", "choices": "a\nb\na"}, "choices"),
        ({"type": "matrix", "choices": "a\nb", "rows": ""}, "rows"),
        ({"type": "scale", "scale_min": "5", "scale_max": "5"}, "scale_max"),
        ({"type": "scale", "scale_min": "0", "scale_max": "20"}, "scale_max"),
        ({"type": "number", "minimum": "10", "maximum": "2"}, "maximum"),
        ({"type": "number", "minimum": "beaucoup"}, "minimum"),
        ({"type": "short_text", "max_length": "-3"}, "max_length"),
        ({"type": "short_text", "label": ""}, "label"),
        ({"type": "hologram"}, "type"),
        ({"type": "short_text", "identifier": "mode"}, "identifier"),
        ({"type": "short_text", "identifier": "Pas Bon"}, "identifier"),
        (
            {"condition_question": "mode", "condition_operator": "equals", "condition_value": "hélicoptère"},
            "condition_value",
        ),
        (
            {"condition_question": "distance", "condition_operator": "at_least", "condition_value": "loin"},
            "condition_value",
        ),
        (
            {"condition_question": "attractivite", "condition_operator": "equals", "condition_value": "3.5"},
            "condition_value",
        ),
        (
            {"condition_question": "mode", "condition_operator": "at_least", "condition_value": "2"},
            "condition_operator",
        ),
        ({"condition_question": "mode", "condition_operator": "", "condition_value": "vélo"}, "condition_operator"),
        # A question of a later section is not earlier than the end of the first one.
        ({"section": "emploi", "condition_question": "mode", "condition_operator": "answered"}, "condition_question"),
        ({"condition_question": "inconnue", "condition_operator": "answered"}, "condition_question"),
    ],
)
def test_bad_inputs_are_refused_at_the_field(team_client, campaign, fields, field):
    before = stored(campaign)
    data = {"section": "territoire", "type": "short_text", "label": "Une question", **fields}
    response = add_question(team_client, campaign, data.pop("section"), data.pop("type"), data.pop("label"), **data)
    assert response.status_code == 400
    assert field in response.context["question_form"].errors, response.context["question_form"].errors
    assert stored(campaign) == before


def test_changes_that_would_break_a_condition_are_refused(team_client, campaign):
    before = stored(campaign)
    # "covoiturage" is shown if "mode" equals "voiture seul".
    data = {"action": "edit_question", "question": "mode", "edit-type": "long_text", "edit-label": "Comment ?"}
    response = team_client.post(builder(campaign), data)
    assert response.status_code == 400 and response.context["edit_form"].non_field_errors()
    response = team_client.post(builder(campaign), {"action": "remove_question", "question": "mode"})
    assert response.status_code == 400 and "Comment venez-vous travailler ?" in " ".join(said(response))
    response = team_client.post(builder(campaign), {"action": "move_question", "question": "covoiturage",
                                                    "direction": "up"})  # fmt: skip
    assert response.status_code == 400
    response = team_client.post(builder(campaign), {"action": "remove_section", "section": "trajet"})
    assert response.status_code == 302  # its conditions stay inside it
    assert stored(campaign) != before
    assert team_client.post(builder(campaign), {"action": "remove_question", "question": "nope"}).status_code == 404
    assert team_client.post(builder(campaign), {"action": "dance"}).status_code == 404


def test_edit_move_and_delete(team_client, campaign):
    page = team_client.get(builder(campaign) + "?question=distance")
    form = page.context["edit_form"]
    assert form.initial["unit"] == "km" and form.initial["maximum"] == 300
    assert [c for c, _label in form.fields["condition_question"].choices] == ["", "metier", "anciennete",
                                                                               "competences", "formation", "mode",
                                                                               "covoiturage"]  # fmt: skip
    response = team_client.post(builder(campaign), {
        "action": "edit_question", "question": "distance", "edit-type": "number", "edit-label": "Distance (aller)",
        "edit-unit": "km", "edit-minimum": "0", "edit-maximum": "500", "edit-required": "on",
    })  # fmt: skip
    assert response.status_code == 302
    question = schema_of(campaign).question("distance")
    assert (question.label, question.maximum, question.required) == ("Distance (aller)", 500, True)
    team_client.post(builder(campaign), {"action": "move_question", "question": "metier", "direction": "down"})
    assert [q.id for q in schema_of(campaign).sections[0].questions][:2] == ["anciennete", "metier"]
    team_client.post(builder(campaign), {"action": "remove_question", "question": "idee"})
    assert "idee" not in {q.id for q in schema_of(campaign).questions()}
    team_client.post(builder(campaign), {"action": "edit_section", "section": "emploi", "section-title": "Votre poste",
                                         "section-help": ""})  # fmt: skip
    team_client.post(builder(campaign), {"action": "move_section", "section": "territoire", "direction": "up"})
    sections = [(s.id, s.title) for s in schema_of(campaign).sections]
    assert sections == [("emploi", "Votre poste"), ("territoire", "Le territoire et vos conditions de travail"),
                        ("trajet", "Vos trajets")]  # fmt: skip
    team_client.post(builder(campaign), {"action": "header", "header-title": "Enquête salariés 2026",
                                         "header-introduction": "Anonyme."})  # fmt: skip
    campaign.questionnaire.refresh_from_db()
    assert schema_of(campaign).title == campaign.questionnaire.title == "Enquête salariés 2026"
    assert campaign.questionnaire.versions.count() == 1


def test_a_change_after_an_answer_creates_version_2_and_the_answer_stays_on_version_1(team_client, campaign, client):
    link = CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Territoire")
    answer_url = reverse("consultation:answer", kwargs={"token": link.token})

    def answer(browser):
        html = browser.get(answer_url).content.decode()
        hidden = {
            "version": re.search(r'name="version" value="(\d+)"', html).group(1),
            "submission_key": re.search(r'name="submission_key" value="([0-9a-f-]+)"', html).group(1),
        }
        response = browser.post(answer_url, {**hidden, "q-metier": "H2903", "q-mode": "covoiturage",
                                             "action": "submit"})  # fmt: skip
        assert response.status_code == 302
        return hidden["version"]

    assert answer(Client()) == "1"
    response = add_question(team_client, campaign, "trajet", "single_choice", "Télétravail ?", choices="oui\nnon")
    assert response.status_code == 302
    assert said(response) == [gettext(
        "Version %(old)s already has answers, so this change created version %(n)s: earlier answers stay on "
        "version %(old)s, new answers will use version %(n)s."
    ) % {"old": 1, "n": 2}]  # fmt: skip
    assert [number for number, _schema in stored(campaign)] == [1, 2]
    (first,) = Response.objects.all()
    assert first.version.number == 1
    assert "teletravail" not in {q.id for q in first.version.as_schema().questions()}
    # Nobody has answered version 2 yet: the next change edits it in place.
    response = add_question(team_client, campaign, "trajet", "short_text", "Un mot ?")
    assert said(response) == [gettext("Saved in version %(n)s, which nobody has answered yet.") % {"n": 2}]
    assert campaign.questionnaire.versions.count() == 2
    # New respondents get version 2; the builder says so.
    assert answer(Client()) == "2"
    assert sorted(Response.objects.values_list("version__number", flat=True)) == [1, 2]
    assert team_client.get(builder(campaign)).context["answers_on_version"] == 1
    # The results page counts answers per version.
    results = team_client.get(reverse("consultation_team:results", kwargs={"slug": campaign.territory.slug,
                                                                           "pk": campaign.pk}))  # fmt: skip
    assert 'id="builder-link"' in results.content.decode() and 'id="preview-link"' in results.content.decode()


def test_an_unchanged_form_makes_no_version(team_client, campaign):
    Response.objects.create(campaign=campaign, version=campaign.questionnaire.current_version(), answers={},
                            segments={}, submission_key="4f1c1a0e-3f7a-4a55-8a3b-5d86f3e2a3b1",
                            submitted_on=dt.date.today())  # fmt: skip
    schema = schema_of(campaign)
    response = team_client.post(builder(campaign), {"action": "header", "header-title": schema.title,
                                                    "header-introduction": schema.introduction})  # fmt: skip
    assert response.status_code == 302 and campaign.questionnaire.versions.count() == 1


def test_the_preview_stores_nothing(team_client, campaign):
    CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Territoire")
    page = team_client.get(preview(campaign))
    assert page.status_code == 200 and page.context["message"]
    assert not [name for name in page.cookies if name.startswith("tindus-repondant")]  # no respondent token
    good = {"version": "1", "submission_key": "9c6a3c57-8c39-4b5b-9d4e-0b8f1d6f0a11", "q-metier": "H2903",
            "q-mode": "voiture seul", "q-covoiturage": "oui", "q-distance": "14", "q-commune": "21425"}  # fmt: skip
    for action in ("submit", "draft"):
        response = team_client.post(preview(campaign), {**good, "action": action})
        assert response.status_code == 200 and not response.context["errors"], action
    response = team_client.post(preview(campaign), {**good, "q-distance": "loin", "action": "submit"})
    assert response.status_code == 400 and "distance" in response.context["errors"]
    response = team_client.post(preview(campaign), {**good, "q-salaire": "2400", "action": "submit"})
    assert response.status_code == 400
    assert not Response.objects.exists() and not Draft.objects.exists() and not UsedToken.objects.exists()
    # Closed campaigns can be previewed too.
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=dt.date.today() - dt.timedelta(days=1))
    assert team_client.get(preview(campaign)).status_code == 200


@pytest.mark.parametrize("who", ["committee", "outsider", "other_team"])
def test_only_the_team_builds_and_previews(client, campaign, haut_doubs, who):
    if who == "committee":
        user = MembershipFactory(territory=campaign.territory, role=Role.COMMITTEE).user
    elif who == "other_team":
        user = MembershipFactory(territory=haut_doubs, role=Role.TEAM).user
    else:
        user = UserFactory()
    client.force_login(user)
    before = stored(campaign)
    assert client.get(builder(campaign)).status_code == 403
    assert client.get(preview(campaign)).status_code == 403
    response = client.post(builder(campaign), {"action": "add_section", "new-section-title": "Intrus"})
    assert response.status_code == 403
    assert client.post(preview(campaign), {"version": "1", "action": "submit"}).status_code == 403
    assert stored(campaign) == before


def test_anonymous_visitors_are_sent_to_log_in(client, campaign):
    response = client.get(builder(campaign))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_a_campaign_of_another_territory_is_not_found(team_client, auxois, haut_doubs):
    questionnaire = Questionnaire.objects.create(territory=haut_doubs, title="Q", audience="employees")
    save_schema(questionnaire, ready_made.employees())
    other = Campaign.objects.create(territory=haut_doubs, questionnaire=questionnaire, title="C",
                                    opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31))  # fmt: skip
    for name in ("consultation_team:builder", "consultation_team:preview"):
        # The team's own territory in the address, another territory's campaign.
        assert team_client.get(reverse(name, kwargs={"slug": auxois.slug, "pk": other.pk})).status_code == 404
