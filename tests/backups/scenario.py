"""Data of an installation, written by `tindus shell -c "from tests.backups.scenario import *; …"` in
a test's own data folder: rows in many tables (with their history), a warehouse, uploaded files."""

import datetime

from auditlog.context import set_actor
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import CommentFactory, MembershipFactory, ProjectFactory, UserFactory
from tindus.accounts.models import Role
from tindus.jobs.models import Job
from tindus.plan.models import ProjectDocument
from tindus.synergies.models import Declaration
from tindus.territories.models import Comment
from tindus.warehouse.services import get_warehouse


def populate() -> None:
    team = MembershipFactory(role=Role.TEAM, user=UserFactory(first_name="Élodie", last_name="Martin"))
    territory = team.territory
    MembershipFactory(territory=territory, role=Role.COMPANY, company_siret="90000000100009")
    CommentFactory(territory=territory, author=team.user, body="Premier avis")
    CommentFactory(territory=territory, author=team.user, body="Deuxième avis")
    with set_actor(team.user):  # the history records who
        project = ProjectFactory(territory=territory, title="Plateforme mutualisée", porteur_siret="35600000000048")
        Declaration.objects.create(
            territory=territory, siret="35600000000048", company_name="Scierie", direction="resource",
            category="matieres", text="sciure", created_by=team.user,
        )  # fmt: skip
    ProjectDocument.objects.create(
        project=project, title="Étude", file=ContentFile(b"%PDF-1.4 etude", name="etude.pdf")
    )
    job = Job.objects.create(territory=territory, author=team.user, title="Export", task_path="x", status="succeeded",
                             finished_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC))  # fmt: skip
    job.result_file.save("resultat.csv", ContentFile(b"a;b\n1;2\n"), save=True)
    default_storage.save("jobs/.partial/unfinished.part", ContentFile(b"half"))  # being written: not backed up
    with get_warehouse().session() as con:
        con.execute(
            "INSERT INTO establishment (siret, siren, name, commune) VALUES "
            "('35600000000048', '356000000', 'Scierie', '25411'), ('90000000100009', '900000001', 'Atelier', '21054')"
        )


def mutate() -> None:
    """Change everything the backup holds, after it was made."""
    UserFactory(username="apres@example.test")
    Comment.objects.filter(body="Premier avis").delete()
    project = ProjectDocument.objects.get().project
    project.title = "Titre changé"
    project.save()
    document = ProjectDocument.objects.get()
    default_storage.delete(document.file.name)
    job = Job.objects.get()
    with default_storage.open(job.result_file.name, "wb") as out:
        out.write(b"changed")
    default_storage.save("nouveau/fichier.txt", ContentFile(b"new"))
    with get_warehouse().session() as con:
        con.execute("DELETE FROM establishment WHERE siret = '90000000100009'")
        con.execute("INSERT INTO establishment (siret, name) VALUES ('11111111111111', 'Nouveau')")
