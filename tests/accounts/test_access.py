"""Every URL, every role: nobody sees what their role or territory does not allow.

The expected matrix below is written out by hand (it is the specification), independently of
the permission table in ``tindus.accounts.permissions``.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.employment.access_matrix import EMPLOYMENT_URLS, employment_objects
from tests.events.access_matrix import EVENTS_URLS, event_objects
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    AxisFactory,
    CommentFactory,
    InstanceFactory,
    InstanceMemberFactory,
    MeetingFactory,
    MembershipFactory,
    PlanFactory,
    ProjectFactory,
    SteeringMembershipFactory,
    UserFactory,
)
from tests.land.access_brownfields import BROWNFIELDS_URLS, brownfields_objects
from tests.land.access_dashboard import DASHBOARD_URLS, dashboard_objects
from tests.land.access_inventory import INVENTORY_URLS, inventory_objects
from tests.land.access_procedure import PROCEDURE_URLS, procedure_objects
from tests.land.access_standard import STANDARD_URLS, standard_objects
from tests.public.test_site import png
from tindus.accounts.models import Role
from tindus.api.tokens import issue
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, CampaignLink, Invitation, Questionnaire
from tindus.consultation.services import new_token, save_schema
from tindus.governance.models import MeetingDocument, TerritoryMilestone
from tindus.jobs.models import Job
from tindus.plan.models import ProjectDocument
from tindus.public.models import ArticleImage
from tindus.referentials.models import Region
from tindus.synergies.models import Declaration, Opportunity

pytestmark = pytest.mark.django_db
DECLARING_SIRET = "90000000100009"  # the company representative's establishment

# URL names that need a territory, and which roles of *that* territory may open them.
TERRITORY_URLS = {
    "territories:detail": {"anonymous", "outsider", "team", "committee", "partner", "company", "admin"},
    "diagnostic:territory": {"anonymous", "outsider", "team", "committee", "partner", "company", "admin"},
    "territories:edit": {"team", "admin"},
    "territories:workspace": {"team", "committee", "partner", "company", "admin"},
    "territories:add_comment": {"team", "committee", "admin"},
    "accounts:members": {"team", "admin"},
    "accounts:remove_member": {"team", "admin"},
    "territories:comment_on": {"team", "committee", "admin"},
    "territories:history": {"team", "committee", "admin"},
}
READERS = {"team", "committee", "admin"}  # VIEW_PRIVATE: the plan, governance and news drafts
EDITORS = {"team", "admin"}
EVERYONE = {"anonymous", "outsider", "team", "committee", "partner", "company", "admin"}
for name in ("home", "projects", "project", "timeline", "funding", "export", "template", "state", "document"):
    TERRITORY_URLS[f"plan:{name}"] = READERS
for name in ("edit", "axis_create", "axis_edit", "project_create", "project_edit", "project_delete", "project_status",
             "part_add", "part_delete", "import"):  # fmt: skip
    TERRITORY_URLS[f"plan:{name}"] = EDITORS
for name in ("overview", "instance", "meeting", "meeting_pdf", "document", "meetings_ics"):
    TERRITORY_URLS[f"governance:{name}"] = READERS
for name in ("instance_create", "instance_edit", "member_add", "member_delete", "meeting_create", "meeting_edit",
             "decision_add", "document_add", "milestone_create", "milestone_edit"):  # fmt: skip
    TERRITORY_URLS[f"governance:{name}"] = EDITORS
TERRITORY_URLS.update({"news:list": READERS, "news:preview": READERS})
TERRITORY_URLS.update(
    {"consultation_team:campaigns": EDITORS, "consultation_team:results": EDITORS, "consultation_team:export": EDITORS,
     "consultation_team:invitations": EDITORS, "consultation_team:invitation_delete": EDITORS,
     "consultation_team:staff_entry": EDITORS, "consultation_team:moderation": EDITORS,
     "consultation_team:publish": EDITORS, "consultation_team:published": READERS,
     "consultation_team:published_export": READERS}
)  # fmt: skip
# The committee reads the PDF summary of a consultation; answer links and their QR codes are the team's.
TERRITORY_URLS.update(
    {
        "consultation_team:summary_pdf": READERS,
        "consultation_team:link_create": EDITORS,
        "consultation_team:link_qr": EDITORS,
        "consultation_team:link_qr_png": EDITORS,
    }
)
# The questionnaire builder and its preview are the team's.
TERRITORY_URLS.update({"consultation_team:builder": EDITORS, "consultation_team:preview": EDITORS})
# Synergies: the committee reads the follow-up; companies declare for themselves; the team does everything.
DECLARERS = {"team", "company", "admin"}
for name in ("home", "pipeline", "opportunity", "impact", "network", "network_json", "export"):
    TERRITORY_URLS[f"synergies:{name}"] = READERS
for name in ("declarations", "declaration", "declaration_delete", "follow_match", "agree"):
    TERRITORY_URLS[f"synergies:{name}"] = DECLARERS
for name in ("take_consultation", "discover", "pools", "opportunity_delete", "factors"):
    TERRITORY_URLS[f"synergies:{name}"] = EDITORS
for name in ("create", "edit", "publish", "image_delete"):
    TERRITORY_URLS[f"news:{name}"] = EDITORS
for name in ("home", "priorities", "groups", "panorama", "project", "news", "atom", "rss", "article", "image"):
    TERRITORY_URLS[f"public:{name}"] = EVERYONE
# Background jobs: the list is each member's own; a job is its author's and the team's (object check).
TERRITORY_URLS.update({"jobs:list": {"team", "committee", "partner", "company", "admin"},
                       "jobs:history_export": READERS, "jobs:detail": EDITORS, "jobs:download": EDITORS})  # fmt: skip
# What a territory holds about a company (access and erasure requests) is its team's to answer.
TERRITORY_URLS.update({"privacy_territory:company": EDITORS, "privacy_territory:company_erase": EDITORS})
# Personal API tokens: every token on the territory is listed and revocable by its team.
TERRITORY_URLS.update({"api_tokens:territory": EDITORS, "api_tokens:revoke": EDITORS})
# What the territory shares with the programme's steering, and its axes' common themes: the team decides, the
# committee reads. Steering roles hold no territory right: they read the programme pages only.
TERRITORY_URLS.update({"programme_territory:sharing": READERS, "programme_territory:sharing_save": EDITORS,
                       "programme_territory:themes": READERS, "programme_territory:themes_save": EDITORS})  # fmt: skip
TERRITORY_URLS.update(EVENTS_URLS)
TERRITORY_URLS.update(EMPLOYMENT_URLS)
for land_urls in (INVENTORY_URLS, STANDARD_URLS, DASHBOARD_URLS, PROCEDURE_URLS, BROWNFIELDS_URLS):
    TERRITORY_URLS.update(land_urls)
PUBLIC_TERRITORY_URLS = {name for name, roles in TERRITORY_URLS.items() if "anonymous" in roles}
# URL names without a territory: who may open them.
PLATFORM_URLS = {
    "home": "everyone",
    "health": "everyone",
    "territories:list": "everyone",
    "warehouse:provenance": "everyone",
    "diagnostic:epci": "everyone",
    "territories:create": {"team", "admin"},
    "accounts:profile": "signed-in",
    "accounts:login": "everyone",
    "accounts:login_code": "everyone",  # without a pending sign-in: back to the login page
    "accounts:second_factor": {"team", "admin"},
    "accounts:logout": "everyone",
    "accounts:password_reset": "everyone",
    "accounts:password_reset_done": "everyone",
    "accounts:password_reset_confirm": "everyone",
    "accounts:password_reset_complete": "everyone",
    "set_language": "everyone",
    # Personal API tokens: one's own (a token of someone else is not found); the API's documentation page.
    "api_tokens:mine": "signed-in",
    "api_tokens:revoke_mine": "signed-in",
    "api_tokens:docs": "everyone",
    "public:sitemap": "everyone",
    # The open-data page and its files (a file not in the current bundle is not found, for everyone alike).
    "opendata:page": "everyone",
    "opendata:download": "everyone",
    # The respondent's pages: anyone holding an answer link (tested in tests/consultation).
    "consultation:answer": "everyone",
    "consultation:thanks": "everyone",
    "consultation:invitation": "everyone",
    "consultation:invitation_thanks": "everyone",
    # A shared job's public page and file (a document anyone may read); others' jobs are not found there.
    "shared_jobs:detail": "everyone",
    "shared_jobs:download": "everyone",
    # A person's data, a company's on every territory, and the log of requests: platform administrators only.
    **{
        f"privacy:{name}": {"admin"}
        for name in ("home", "person_export", "person_erase", "company_export", "company_erase", "log")
    },  # fmt: skip
}
# The programme's steering pages: a région's (checked on the demo territories' région, 27, and another, 84) and the
# nation's. « regional » steers 27, « regional_other » 84, « national » is ANCT's national team.
STEERING = {"regional", "regional_other", "national", "admin"}
PROGRAMME_URLS = {"programme:home": {"27": STEERING}}
for name in ("region", "region_projects", "region_diagnostics", "region_report", "region_report_file"):
    PROGRAMME_URLS[f"programme:{name}"] = {
        "27": {"regional", "national", "admin"},
        "84": {"regional_other", "national", "admin"},
    }
for name in ("national", "national_projects", "national_diagnostics", "national_report", "national_report_file"):
    PROGRAMME_URLS[f"programme:{name}"] = {"27": {"national", "admin"}}
PNG = png()
ROLES = ["anonymous", "outsider", "team", "committee", "partner", "company", "admin", "regional", "regional_other",
         "national"]  # fmt: skip


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from all_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_matrix():
    # The API's operations have their own matrix over the served description (tests/api/test_access_matrix.py).
    names = {name for name in all_url_names() if not name.startswith("api-v1:")}
    assert names == set(TERRITORY_URLS) | set(PLATFORM_URLS) | set(PROGRAMME_URLS)


@pytest.fixture
def world(haut_doubs, auxois):
    """Users of every role on Haut-Doubs; a team on Auxois with a private comment."""
    users = {
        "anonymous": None,
        "outsider": UserFactory(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
        "regional": SteeringMembershipFactory(role="regional_coordinator", region=Region.objects.get(code="27")).user,
        "regional_other": SteeringMembershipFactory(
            role="regional_committee", region=Region.objects.get(code="84")
        ).user,
        "national": SteeringMembershipFactory(role="national_team").user,
    }
    for role in (Role.TEAM, Role.COMMITTEE, Role.PARTNER, Role.COMPANY):
        siret = {"company_siret": DECLARING_SIRET} if role == Role.COMPANY else {}
        users[str(role)] = MembershipFactory(territory=haut_doubs, role=role, **siret).user
    other_team = MembershipFactory(territory=auxois, role=Role.TEAM)
    own_secret = CommentFactory(territory=haut_doubs, body="SECRET-HDH-7f3a").body
    other_secret = CommentFactory(territory=auxois, body="SECRET-AUXOIS-91bc").body
    return {
        "users": users,
        "own": haut_doubs,
        "other": auxois,
        "other_membership": other_team,
        "own_secret": own_secret,
        "other_secret": other_secret,
        "objects": {t.pk: territory_objects(t) for t in (haut_doubs, auxois)},
        "shared_job": Job.objects.create(territory=haut_doubs, title="Diagnostic", task_path="x", shared_key="k"),
    }


def territory_objects(territory):
    """One object of each kind the territory's pages address, so every URL can be built."""
    project = ProjectFactory(territory=territory, is_public=True)
    axis = AxisFactory(plan=PlanFactory(territory=territory))
    document = ProjectDocument.objects.create(project=project, title="Doc", file=ContentFile(b"x", name="doc.txt"))
    instance = InstanceFactory(territory=territory)
    member = InstanceMemberFactory(instance=instance)
    meeting = MeetingFactory(instance=instance)
    meeting_document = MeetingDocument.objects.create(
        meeting=meeting, title="Doc", file=ContentFile(b"x", name="d.txt")
    )
    milestone = TerritoryMilestone.objects.create(
        territory=territory, kind="other", date=datetime.date(2020, 1, 1), title="J"
    )
    article = ArticleFactory(territory=territory, state="published", published_on=datetime.date(2024, 1, 1))
    image = ArticleImage.objects.create(article=article, image=ContentFile(PNG, name="i.png"), alt="Image")
    questionnaire = Questionnaire.objects.create(territory=territory, title="Q", audience="employees")
    save_schema(questionnaire, ready_made.employees())
    campaign = Campaign.objects.create(
        territory=territory, questionnaire=questionnaire, title="C", published_to="committee",
        opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    leaders = Questionnaire.objects.create(territory=territory, title="D", audience="leaders")
    save_schema(leaders, ready_made.leaders())
    leaders_campaign = Campaign.objects.create(
        territory=territory, questionnaire=leaders, title="L",
        opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    invitation = Invitation.objects.create(campaign=leaders_campaign, token=new_token(), siret="35600000000048",
                                           name="Établissement", segments={})  # fmt: skip
    link = CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Lien")
    declaration = Declaration.objects.create(territory=territory, siret=DECLARING_SIRET, company_name="Scierie",
                                             direction="resource", category="matieres", text="sciure")  # fmt: skip
    other = Declaration.objects.create(territory=territory, siret="35600000000048", company_name="Panneaux",
                                       direction="need", category="matieres", text="sciure")  # fmt: skip
    opportunity = Opportunity.objects.create(territory=territory, kind="match", title="Sciure", category="matieres",
                                             signature="s")  # fmt: skip
    holder = MembershipFactory(territory=territory, role=Role.PARTNER).user
    token, _secret = issue(
        holder, territory, Role.PARTNER, "carnet", datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    )
    job = Job.objects.create(territory=territory, title="Export", task_path="x", status="succeeded",
                             result_file=ContentFile(b"x", name="export.csv"))  # fmt: skip
    return {
        "api_tokens:revoke": {"pk": token.pk},  # a GET asks for confirmation: nothing is revoked
        "jobs:detail": {"pk": job.pk},
        "jobs:download": {"pk": job.pk},
        "synergies:declaration": {"pk": declaration.pk},
        "synergies:declaration_delete": {"pk": declaration.pk},
        "synergies:follow_match": {"pk": declaration.pk, "other": other.pk},
        "synergies:agree": {"pk": declaration.pk, "opportunity": opportunity.pk},
        "synergies:opportunity": {"pk": opportunity.pk},
        "synergies:opportunity_delete": {"pk": opportunity.pk},
        "consultation_team:moderation": {"pk": campaign.pk},
        "consultation_team:publish": {"pk": campaign.pk},
        "consultation_team:published": {"pk": campaign.pk},  # published to the committee
        "consultation_team:published_export": {"pk": campaign.pk, "fmt": "xlsx"},
        "consultation_team:invitations": {"pk": leaders_campaign.pk},
        "consultation_team:invitation_delete": {"pk": leaders_campaign.pk, "invitation": invitation.pk},
        "consultation_team:staff_entry": {"pk": campaign.pk, "link": link.pk},
        "consultation_team:results": {"pk": campaign.pk},
        "consultation_team:builder": {"pk": campaign.pk},
        "consultation_team:preview": {"pk": campaign.pk},
        "consultation_team:export": {"pk": campaign.pk, "fmt": "csv"},
        "consultation_team:summary_pdf": {"pk": campaign.pk},
        "consultation_team:link_create": {"pk": campaign.pk},
        "consultation_team:link_qr": {"pk": campaign.pk, "link": link.pk},
        "consultation_team:link_qr_png": {"pk": campaign.pk, "link": link.pk},
        "plan:project": {"pk": project.pk},
        "plan:project_edit": {"pk": project.pk},
        "plan:project_delete": {"pk": project.pk},  # a GET asks for confirmation: nothing is deleted
        "plan:project_status": {"pk": project.pk},
        "plan:part_add": {"pk": project.pk, "kind": "budget"},
        "plan:part_delete": {"pk": project.pk, "kind": "budget", "item": 1},
        "plan:axis_edit": {"pk": axis.pk},
        "plan:document": {"pk": document.pk},
        "territories:comment_on": {"subject": "plan.project", "pk": project.pk},
        "governance:instance": {"pk": instance.pk},
        "governance:instance_edit": {"pk": instance.pk},
        "governance:member_add": {"pk": instance.pk},
        "governance:member_delete": {"pk": member.pk},
        "governance:meeting_create": {"instance": instance.pk},
        "governance:meeting": {"pk": meeting.pk},
        "governance:meeting_edit": {"pk": meeting.pk},
        "governance:meeting_pdf": {"pk": meeting.pk},
        "governance:decision_add": {"pk": meeting.pk},
        "governance:document_add": {"pk": meeting.pk},
        "governance:document": {"pk": meeting_document.pk},
        "governance:milestone_edit": {"pk": milestone.pk},
        "news:edit": {"pk": article.pk},
        "news:publish": {"pk": article.pk},
        "news:preview": {"pk": article.pk},
        "news:image_delete": {"pk": image.pk},
        "public:project": {"pk": project.pk},
        "public:article": {"article": article.slug},
        "public:image": {"pk": image.pk},
        **event_objects(territory, DECLARING_SIRET),
        **employment_objects(territory, DECLARING_SIRET),
        **inventory_objects(territory, DECLARING_SIRET),
        **standard_objects(territory, DECLARING_SIRET),
        **dashboard_objects(territory, DECLARING_SIRET),
        **procedure_objects(territory, DECLARING_SIRET),
        **brownfields_objects(territory, DECLARING_SIRET),
    }


def url_for(name, territory, membership=None, objects=None):
    if name == "accounts:remove_member":
        return reverse(name, kwargs={"slug": territory.slug, "pk": membership.pk})
    extra = dict((objects or {}).get(territory.pk, {}).get(name, {}))
    query = f"?link={extra.pop('link')}" if "link" in extra and name.endswith(":staff_entry") else ""
    return reverse(name, kwargs={"slug": territory.slug, **extra}) + query


def get_as(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_territory_urls_by_role(client, world, role):
    user = world["users"][role]
    # A steering role gives no right on a territory: on its pages, its holder is anyone signed in.
    as_role = "outsider" if role in STEERING - {"admin"} else role
    own_membership = MembershipFactory(territory=world["own"], role=Role.PARTNER)
    for name, allowed in TERRITORY_URLS.items():
        # Their own territory: allowed or refused according to the matrix.
        response = get_as(client, user, url_for(name, world["own"], own_membership, world["objects"]))
        if as_role in allowed:
            # 503: the diagnostic is public but the test warehouse is empty.
            assert response.status_code in (200, 302, 503), (name, role, response.status_code)
            if response.status_code == 302:
                assert "/connexion/" not in response["Location"], (name, role)
        elif role == "anonymous":
            assert response.status_code == 302 and "/connexion/" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
        # The other territory: only public pages, unless platform administrator.
        response = get_as(client, user, url_for(name, world["other"], world["other_membership"], world["objects"]))
        if role == "admin" or name in PUBLIC_TERRITORY_URLS:
            assert response.status_code in (200, 302, 503)
        else:
            assert response.status_code in (302, 403), (name, role, response.status_code)
            assert world["other_secret"].encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_private_comments_are_seen_only_by_team_committee_and_admin(client, world, role):
    user = world["users"][role]
    pages = [reverse(n) for n in ("home", "territories:list")]
    pages += [url_for(n, world["own"]) for n in ("territories:detail", "territories:workspace")]
    pages += [url_for(n, world["other"]) for n in ("territories:detail", "territories:workspace")]
    seen = b"".join(get_as(client, user, url).content for url in pages)
    assert (world["own_secret"].encode() in seen) == (role in {"team", "committee", "admin"})
    assert (world["other_secret"].encode() in seen) == (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_platform_urls_by_role(client, world, role):
    user = world["users"][role]
    for name, allowed in PLATFORM_URLS.items():
        if name == "accounts:password_reset_confirm":
            url = reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
        elif name == "diagnostic:epci":
            url = reverse(name, kwargs={"siren": "242504116"})
        elif name.startswith("consultation:"):
            url = reverse(name, kwargs={"token": "lien-inconnu"})
        elif name == "api_tokens:revoke_mine":  # a token held by someone else: not found, for everyone alike
            url = reverse(name, kwargs=world["objects"][world["own"].pk]["api_tokens:revoke"])
        elif name == "opendata:download":
            url = reverse(name, kwargs={"name": "datapackage.json"})
        elif name.startswith("shared_jobs:"):
            url = reverse(name, kwargs={"pk": world["shared_job"].pk})
        else:
            url = reverse(name)
        response = get_as(client, user, url)
        may = (
            allowed == "everyone"
            or (allowed == "signed-in" and user is not None)
            or (isinstance(allowed, set) and role in allowed)
        )
        if may:
            # 404: an answer link that does not exist, for everyone alike.
            assert response.status_code in (200, 302, 404, 405, 503), (name, role, response.status_code)
        elif user is None:
            assert response.status_code == 302 and "/connexion/" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_programme_urls_by_role(client, world, role):
    user = world["users"][role]
    for name, allowed_by_region in PROGRAMME_URLS.items():
        for region, allowed in allowed_by_region.items():
            kwargs = {"region": region} if name.startswith("programme:region") else {}
            if name.endswith("_file"):
                kwargs["pk"] = "3f0c2a52-8c1e-4a8e-9d1b-7c4f2a9b6e01"  # no such report: not found, for readers
            response = get_as(client, user, reverse(name, kwargs=kwargs))
            if role in allowed:
                assert response.status_code in (200, 302, 404, 503), (name, region, role, response.status_code)
                if response.status_code == 302:
                    assert "/connexion/" not in response["Location"], (name, role)
            elif user is None:
                assert response.status_code == 302 and "/connexion/" in response["Location"], (name, role)
            else:
                assert response.status_code == 403, (name, region, role, response.status_code)
            # Nothing private of a territory reaches a steering page.
            assert world["own_secret"].encode() not in response.content


def test_committee_member_comments_but_partner_cannot(client, world):
    url = url_for("territories:add_comment", world["own"])
    client.force_login(world["users"]["committee"])
    assert client.post(url, {"body": "Avis du comité"}).status_code == 302
    assert world["own"].comments.filter(body="Avis du comité").exists()
    client.force_login(world["users"]["partner"])
    assert client.post(url, {"body": "Intrus"}).status_code == 403
    assert not world["own"].comments.filter(body="Intrus").exists()


def test_login_with_password(client, world):
    user = world["users"]["team"]
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200 and response.context["form"].errors
