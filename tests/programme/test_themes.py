"""Common themes: suggested from an axis's words, confirmed once by the team, inherited by sub-axes and projects."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from tests.conftest import signed_in
from tests.factories import AxisFactory, PlanFactory, ProjectFactory
from tindus.programme.compute.themes import suggest
from tindus.programme.models import AxisTheme, Theme
from tindus.programme.themes import axis_rows, project_themes


@pytest.mark.parametrize(
    ("title", "description", "theme"),
    [
        ("Recruter et former les compétences de demain", "", "recruitment_skills"),
        ("Attractivité des métiers industriels", "", "recruitment_skills"),
        ("Foncier et immobilier d'entreprise", "", "land"),
        ("Requalifier les friches et zones d'activités", "", "land"),
        ("Décarbonation de l'industrie", "énergie, déchets, économie circulaire", "ecological_transition"),
        ("Innovation et industrie du futur", "", "innovation"),
        ("Coopérations inter-entreprises", "club d'entreprises, réseau", "cooperation"),
        ("Attractivité du territoire", "logement, mobilité", "attractiveness"),
    ],
)
def test_a_theme_is_suggested_from_french_keywords(title, description, theme):
    assert suggest(title, description) == theme


@pytest.mark.parametrize(
    ("title", "description"),
    [("Gouvernance", ""), ("Développer l'emploi et l'innovation", ""), ("Axe 3", "Divers")],
)
def test_no_suggestion_when_unsure(title, description):
    assert suggest(title, description) is None


@pytest.fixture
def tree(territory):
    plan = PlanFactory(territory=territory)
    lever = AxisFactory(plan=plan, title="Recruter et former", position=1)
    child = AxisFactory(plan=plan, parent=lever, title="Apprentissage", position=1)
    other = AxisFactory(plan=plan, parent=lever, title="Foncier et friches", position=2)
    loose = AxisFactory(plan=plan, title="Gouvernance du territoire", position=2)
    return plan, lever, child, other, loose


def test_projects_take_the_nearest_confirmed_theme_above_them(territory, tree):
    plan, lever, child, other, loose = tree
    AxisTheme.objects.create(axis=lever, theme=Theme.RECRUITMENT_SKILLS)
    AxisTheme.objects.create(axis=other, theme=Theme.LAND)
    under_child = ProjectFactory(territory=territory)
    under_child.axes.set([child])
    under_other = ProjectFactory(territory=territory)
    under_other.axes.set([other])
    under_loose = ProjectFactory(territory=territory)
    under_loose.axes.set([loose])
    orphan = ProjectFactory(territory=territory)
    themes = project_themes([under_child, under_other, under_loose, orphan])
    assert themes == {
        under_child.pk: Theme.RECRUITMENT_SKILLS,  # inherited from the lever
        under_other.pk: Theme.LAND,  # its own axis overrides the lever
        under_loose.pk: None,  # a suggestion is never a theme
        orphan.pk: None,
    }


def test_a_suggestion_prefills_but_a_child_repeating_its_parent_inherits(territory, tree):
    plan, lever, child, other, loose = tree
    rows = {row.axis.pk: row for row in axis_rows(plan)}
    assert rows[lever.pk].initial == Theme.RECRUITMENT_SKILLS and rows[lever.pk].suggested
    assert rows[child.pk].suggestion == Theme.RECRUITMENT_SKILLS and rows[child.pk].initial == ""
    assert rows[other.pk].initial == Theme.LAND
    assert rows[loose.pk].initial == "" and not rows[loose.pk].suggested


def test_the_team_confirms_the_themes_once(territory, tree, team):
    plan, lever, child, other, loose = tree
    browser = signed_in(team)
    page = browser.get(reverse("programme_territory:themes", args=[territory.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="themes-form"' in html and "suggestion" in html
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    response = browser.post(reverse("programme_territory:themes_save", args=[territory.slug]), data)
    assert response.status_code == 302
    assert dict(AxisTheme.objects.filter(axis__plan=plan).values_list("axis_id", "theme")) == {
        lever.pk: Theme.RECRUITMENT_SKILLS,
        other.pk: Theme.LAND,
    }
    assert AxisTheme.objects.get(axis=lever).confirmed_by == team
    project = ProjectFactory(territory=territory)
    project.axes.set([child])
    assert project_themes([project])[project.pk] == Theme.RECRUITMENT_SKILLS
    # confirmed: no more « suggestion » on the lever, and setting it back to nothing removes it
    data[f"axe-{lever.pk}"] = ""
    browser.post(reverse("programme_territory:themes_save", args=[territory.slug]), data)
    assert not AxisTheme.objects.filter(axis=lever).exists()


def test_a_bad_theme_is_refused_at_its_field(territory, tree, team):
    plan, lever, *_rest = tree
    response = signed_in(team).post(
        reverse("programme_territory:themes_save", args=[territory.slug]), {f"axe-{lever.pk}": "martian"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors[f"axe-{lever.pk}"] == [gettext("Choose one of the common themes offered.")]
    assert f'id="themes-axe-{lever.pk}_errors"' in response.content.decode()
    assert not AxisTheme.objects.exists()


def test_readers_see_the_themes_read_only(territory, tree, committee):
    plan, lever, *_rest = tree
    AxisTheme.objects.create(axis=lever, theme=Theme.RECRUITMENT_SKILLS)
    orphan = ProjectFactory(territory=territory, title="Projet sans axe")
    browser = signed_in(committee)
    page = browser.get(reverse("programme_territory:themes", args=[territory.slug]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="themes-form"' not in html and 'id="axis-themes"' in html
    assert orphan.title in html
    assert page.context["without_theme"] == [orphan]
    assert browser.post(reverse("programme_territory:themes_save", args=[territory.slug]), {}).status_code == 403


def test_the_plan_links_to_the_themes_for_its_readers(territory, tree, team, partner):
    url = reverse("programme_territory:themes", args=[territory.slug])
    assert url in signed_in(team).get(reverse("plan:home", args=[territory.slug])).content.decode()
    partner_page = signed_in(partner).get(reverse("plan:home", args=[territory.slug]))
    if partner_page.status_code == 200:
        assert url not in partner_page.content.decode()
