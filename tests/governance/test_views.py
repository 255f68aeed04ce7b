import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import InstanceFactory, InstanceMemberFactory, MeetingFactory, ProjectFactory
from tests.jobs.inprocess import result_bytes, run_job, run_queue, started_job
from tindus.governance.models import Decision, Meeting, TerritoryMilestone

pytestmark = pytest.mark.django_db


def url(name, territory, **kwargs):
    return reverse(f"governance:{name}", kwargs={"slug": territory.slug, **kwargs})


def test_instance_members_and_meeting_with_attendance(team_client, territory):
    response = team_client.post(
        url("instance_create", territory), {"kind": "group", "name": "Emplois et formations", "is_public": "on"}
    )
    instance = territory.instances.get()
    assert response["Location"] == instance.get_absolute_url()
    for organisation, role in (("Pôle emploi", "employment"), ("Greta 21", "training"), ("UIMM", "federation")):
        team_client.post(url("member_add", territory, pk=instance.pk), {"organisation": organisation, "role": role})
    members = list(instance.members.order_by("organisation"))
    assert [m.organisation for m in members] == ["Greta 21", "Pôle emploi", "UIMM"]
    data = {
        "date": "2024-05-02", "place": "Montbard", "agenda": "Attractivité\nAlternance", "minutes": "Compte rendu",
        "attendees": [members[0].pk, members[1].pk], "excused": [members[1].pk],
    }  # fmt: skip
    response = team_client.post(url("meeting_create", territory, instance=instance.pk), data)
    assert response.status_code == 400 and "excused" in response.context["form"].errors
    assert not Meeting.objects.exists()
    data["excused"] = [members[2].pk]
    response = team_client.post(url("meeting_create", territory, instance=instance.pk), data)
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.order_by("organisation")) == members[:2]
    assert meeting.agenda_items() == ["Attractivité", "Alternance"]


def test_script_in_minutes_is_refused(team_client, territory):
    instance = InstanceFactory(territory=territory)
    response = team_client.post(
        url("meeting_create", territory, instance=instance.pk),
        {"date": "2024-05-02", "minutes": "Bien.<script>fetch('/')</script>"},
    )
    assert response.status_code == 400 and "minutes" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_decision_changes_a_project_and_keeps_the_link(team_client, territory):
    meeting = MeetingFactory(instance=InstanceFactory(territory=territory), date=dt.date(2024, 3, 1))
    project = ProjectFactory(territory=territory, history=dt.date(2024, 1, 1))
    response = team_client.post(url("decision_add", territory, pk=meeting.pk), {
        "text": "Le comité valide le lancement.", "project": project.pk, "new_status": "in_progress",
        "budget_nature": "investment", "budget_year": 2024, "budget_label": "Équipement", "budget_planned": "45000",
    })  # fmt: skip
    assert response.status_code == 302
    decision = Decision.objects.get()
    project.refresh_from_db()
    assert project.status == "in_progress"
    change = project.status_changes.get(decisions=decision)
    assert change.date == meeting.date
    line = project.budgetlines.get()
    assert list(line.decisions.all()) == [decision] and line.planned == Decimal("45000")
    assert meeting.get_absolute_url() in team_client.get(project.get_absolute_url()).content.decode()
    page = team_client.get(meeting.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{url("meeting_pdf", territory, pk=meeting.pk)}"' in page
    job = run_job(team_client.post(url("meeting_pdf", territory, pk=meeting.pk)))
    assert job.params == {"meeting": meeting.pk} and (job.progress_done, job.progress_total) == (2, 2)
    assert result_bytes(job).startswith(b"%PDF") and job.result_filename == f"seance-2024-03-01-{meeting.pk}.pdf"


def test_the_committee_prepares_a_meeting_pack_and_a_deleted_meeting_fails_clearly(committee_client, territory):
    meeting = MeetingFactory(instance=InstanceFactory(territory=territory), date=dt.date(2024, 3, 1))
    assert committee_client.get(url("meeting_pdf", territory, pk=meeting.pk)).status_code == 200
    job = started_job(committee_client.post(url("meeting_pdf", territory, pk=meeting.pk)))
    meeting.delete()
    run_queue()
    job.refresh_from_db()
    assert (
        job.status == "failed"
        and job.error == "Cette séance n'existe plus : elle a peut-être été supprimée entre-temps."
    )
    assert not job.result_file


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "Statut sans projet", "new_status": "done"}, "project"),
        ({"text": "Budget incomplet", "budget_label": "Étude"}, "project"),
        ({"text": "Montant négatif", "budget_nature": "operating", "budget_year": 2024, "budget_label": "x",
          "budget_planned": "-1"}, "budget_planned"),
    ],
)  # fmt: skip
def test_bad_decisions_save_nothing(team_client, territory, data, field):
    meeting = MeetingFactory(instance=InstanceFactory(territory=territory))
    if field == "budget_planned":
        data["project"] = ProjectFactory(territory=territory).pk
    response = team_client.post(url("decision_add", territory, pk=meeting.pk), data)
    assert response.status_code == 400 and field in response.context["decision_form"].errors
    assert not Decision.objects.exists()


def test_a_future_meeting_cannot_change_a_status(team_client, territory):
    meeting = MeetingFactory(
        instance=InstanceFactory(territory=territory), date=dt.date.today() + dt.timedelta(days=10)
    )
    project = ProjectFactory(territory=territory)
    response = team_client.post(
        url("decision_add", territory, pk=meeting.pk), {"text": "x", "project": project.pk, "new_status": "done"}
    )
    assert response.status_code == 400 and "new_status" in response.context["decision_form"].errors


def test_project_committee_becomes_follow_up_committee_once_the_contract_is_signed(team_client, territory):
    committee = InstanceFactory(territory=territory, kind="project")
    assert committee.kind_label() == "comité de projet"
    TerritoryMilestone.objects.create(territory=territory, kind="contract", date=dt.date(2020, 11, 5), title="Contrat")
    assert committee.kind_label() == "comité de suivi"
    page = team_client.get(url("overview", territory)).content.decode()
    assert "comité de suivi" in page and "05/11/2020" in page


def test_milestones_form_and_timeline(team_client, territory):
    response = team_client.post(
        url("milestone_create", territory),
        {"kind": "protocol", "date": "2019-03-21", "title": "Protocole signé", "is_public": "on"},
    )
    assert response.status_code == 302
    assert (
        team_client.post(
            url("milestone_create", territory), {"kind": "protocol", "date": "21 mars", "title": "x"}
        ).status_code
        == 400
    )
    MeetingFactory(instance=InstanceFactory(territory=territory, kind="project"), date=dt.date(2019, 7, 11))
    timeline = team_client.get(url("overview", territory)).context["timeline"]
    assert timeline.index("21/03/2019") < timeline.index("11/07/2019")
    assert "Protocole signé" in timeline


def test_committee_member_reads_but_cannot_edit(client, territory, committee):
    instance = InstanceFactory(territory=territory)
    InstanceMemberFactory(instance=instance, organisation="CCI")
    client.force_login(committee)
    assert "CCI" in client.get(instance.get_absolute_url()).content.decode()
    assert (
        client.post(url("member_add", territory, pk=instance.pk), {"organisation": "X", "role": "other"}).status_code
        == 403
    )
    assert instance.members.count() == 1
