"""The history reads as French for a committee: the object's kind and name, the field's label, the values
as the forms show them, a verb for the action. Entries come from real saves, as auditlog records them."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models import F

from tests.factories import (
    ArticleFactory,
    AxisFactory,
    FundingFactory,
    InstanceFactory,
    InstanceMemberFactory,
    MeetingFactory,
    ProjectFactory,
    UserFactory,
)
from tindus.core.history import object_history, territory_history
from tindus.core.history_display import describe, entry_lines
from tindus.governance.models import Decision
from tindus.plan.models import Milestone

pytestmark = pytest.mark.django_db


def later():
    """What was recorded so far happened ten minutes ago: the next changes are another save."""
    LogEntry.objects.update(timestamp=F("timestamp") - dt.timedelta(minutes=10))


def lines_of(entries) -> list[list[str]]:
    return [row.lines() for row in describe(entries)]


@pytest.fixture
def marie():
    return UserFactory(first_name="Marie", last_name="Curie")


def test_a_project_s_changes_read_as_french(territory, marie):
    with set_actor(marie):
        lever = AxisFactory(plan=territory.plan, position=1, title="Compétences")
        recruit = AxisFactory(plan=territory.plan, parent=lever, position=1, title="Recruter")
        train = AxisFactory(plan=territory.plan, parent=lever, position=2, title="Former")
        project = ProjectFactory(territory=territory, title="Plateforme", porteur_name="CC du Montbardois")
        project.axes.set([recruit])
        later()
        project.status, project.priority, project.is_public = "in_progress", 1, True
        project.start_date = dt.date(2024, 3, 1)
        project.save()
        project.axes.set([train])  # one save of the form: a removal and an addition
        later()
        funding = FundingFactory(project=project, amount=Decimal("10000"), financeur="region")
        later()
        funding.amount, funding.financeur = Decimal("12500"), "bdt"
        funding.save()
        later()
        milestone = Milestone.objects.create(
            project=project, title="Réunion de lancement", planned_on=dt.date(2024, 4, 2)
        )
        later()
        milestone.delete()

    rows = describe(object_history(project))
    assert [r.lines() for r in rows] == [
        [
            "a modifié « Plateforme » (projet)",
            "Statut : idée → en cours",
            "Priorité : moyenne → haute",
            "Début : (vide) → 1 mars 2024",
            "Affiché sur le site public : non → oui",
            "Axes : ajouté : 1.2 Former ; retiré : 1.1 Recruter",
        ],
        [
            "a créé « Plateforme » (projet)",
            "Titre : Plateforme",
            "Porteur : CC du Montbardois",
            "Statut : idée",
            "Priorité : moyenne",
            "Affiché sur le site public : non",
            "Axes : ajouté : 1.1 Recruter",
        ],
    ]
    assert rows[0].actor == marie and rows[0].verb == "a modifié"

    history = lines_of(territory_history(territory.pk, editor=True))
    assert ["a supprimé « Réunion de lancement » (jalon)"] in history
    assert [
        "a modifié « Banque des Territoires 12\u00a0500 € (2024) » (financement)",
        "Financeur : Région → Banque des Territoires",
        "Montant (€) : 10\u00a0000 € → 12\u00a0500 €",  # euros as the pages show them
    ] in history
    created = next(lines for lines in history if lines[0] == "a créé « 1.2 Former » (axe)")
    assert "Parent : 1 Compétences" in created  # a relation by its label, its value by the name of what it points to
    assert not any(line.startswith("Territoire") for lines in history for line in lines)  # the page is the territory


def test_a_relation_to_a_deleted_object_keeps_its_name(territory, marie):
    with set_actor(marie):
        project = ProjectFactory(territory=territory, title="Fonderie")
        meeting = MeetingFactory(instance=InstanceFactory(territory=territory))
        decision = Decision.objects.create(meeting=meeting, text="Lancer l'étude.", project=project)
        later()
        project.delete()
    (lines,) = lines_of(object_history(decision))
    assert lines[0] == "a créé « Lancer l'étude. » (décision)"
    assert "Projet concerné : Fonderie (supprimé)" in lines


def test_governance_and_news_changes_read_as_french(territory, marie):
    with set_actor(marie):
        member = InstanceMemberFactory(instance=InstanceFactory(territory=territory, name="Comité de projet"),
                                       organisation="CC du Montbardois", role="epci")  # fmt: skip
        meeting = MeetingFactory(instance=member.instance, date=dt.date(2024, 3, 1))
        article = ArticleFactory(territory=territory, title="Lancement", slug="lancement")
        later()
        member.role = "state"
        member.save()
        meeting.attendees.add(member)
        article.state, article.published_on = "published", dt.date(2024, 5, 2)
        article.save()
        later()
        article_pk = article.pk
        article.delete()

    assert lines_of(object_history(member))[0] == ["a modifié « CC du Montbardois » (membre d'instance)",
                                                   "Rôle : EPCI → État"]  # fmt: skip
    assert lines_of(object_history(meeting))[0] == [
        f"a modifié « {meeting} » (séance)",
        "Présents : ajouté : CC du Montbardois",
    ]
    gone = LogEntry.objects.filter(object_pk=article_pk, content_type__model="article").order_by("-timestamp")
    assert [r.lines() for r in describe(gone)] == [
        ["a supprimé « Lancement » (actualité)"],
        ["a modifié « Lancement » (actualité)", "État : brouillon → publié",
         "Date de publication : (vide) → 2 mai 2024"],
        ["a créé « Lancement » (actualité)", "Titre : Lancement", "Adresse : lancement",
         "Texte : Un texte **important**.", "État : brouillon"],
    ]  # fmt: skip


def test_codes_read_as_their_referential_labels(territory, marie):
    from tindus.synergies.models import Declaration, Opportunity

    with set_actor(marie):
        declaration = Declaration.objects.create(
            territory=territory, siret="12345678900011", company_name="Fonderie", commune="21425", naf="25.62A",
            direction="resource", category="matieres", ewc="120101", text="Limaille",
        )  # fmt: skip
        opportunity = Opportunity.objects.create(territory=territory, kind="match", title="Limaille → aciérie",
                                                 category="matieres", signature="s1", offer=declaration)  # fmt: skip
        later()
        opportunity.disposal_route, opportunity.tonnes_per_year = "stockage_isdnd_biodechets", 12.5
        opportunity.save()
    (created,) = lines_of(object_history(declaration))
    assert "Commune : Montbard (21425)" in created
    assert "Code NAF : 25.62A Décolletage" in created
    assert "Code déchet (liste européenne) : 12 01 01 limaille et chutes de métaux ferreux" in created
    assert "Catégorie : matières, coproduits et déchets" in created
    changed = lines_of(object_history(opportunity))[0]
    assert changed == [
        "a modifié « Limaille → aciérie » (opportunité)",
        "Tonnes par an : (vide) → 12,5",
        "Ancienne filière d'élimination : (vide) → Stockage en ISDND – biodéchets, déchets alimentaires",
    ]


def test_one_entry_reads_as_lines(territory):
    project = ProjectFactory(territory=territory, title="Plateforme", is_public=True)
    entry = object_history(project).get()
    assert entry_lines(entry)[:2] == ["a créé « Plateforme » (projet)", "Titre : Plateforme"]
    assert "Affiché sur le site public : oui" in entry_lines(entry)
