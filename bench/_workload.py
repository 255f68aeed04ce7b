"""What the layout check and the load and fault benchmarks do to Tindus, and how they count it afterwards.

Set-up and counting go through the ORM (call ``_common.setup_django`` first, with ``DATABASE_URL`` set);
the requests themselves go over HTTP, as browsers send them: ``Browser`` (standard library, one cookie jar
per person) for the layout check and the fault benchmark; bench/load.py has its own asyncio client.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
JOB_PATH = re.compile(r"/taches/([0-9a-f-]{36})/$")

TEAM_EMAIL = "equipe@demo.tindus.localhost"
DEMO_PASSWORD = "demo-tindus"
AUXOIS = "vague-1-ti-2701"  # the demo territory with a plan
HAUT_DOUBS = "vague-1-ti-2704"  # the demo territory with news and a consultation
PUBLIC_PAGES = [
    "/",
    f"/territoires/{HAUT_DOUBS}/",
    f"/territoires/{AUXOIS}/",
    f"/site/{AUXOIS}/",
    f"/site/{AUXOIS}/projets/",
    f"/site/{HAUT_DOUBS}/actualites/",
]


# --- Set-up (ORM) -----------------------------------------------------------------------------------


def new_campaign(title: str, slug: str = AUXOIS) -> str:
    """An open employee consultation from the ready-made questionnaire, as the team creates it; its
    answer-link token."""
    from django.db import transaction

    from tindus.consultation.compute import ready_made
    from tindus.consultation.models import Audience, Campaign, CampaignLink, Questionnaire
    from tindus.consultation.services import new_token, save_schema
    from tindus.territories.models import Territory

    territory = Territory.objects.get(slug=slug)
    today = dt.date.today()
    schema = ready_made.employees()
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(territory=territory, title=schema.title,
                                                     audience=Audience.EMPLOYEES)  # fmt: skip
        save_schema(questionnaire, schema)
        campaign = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title=title,
                                           opens_on=today - dt.timedelta(days=1),
                                           closes_on=today + dt.timedelta(days=30))  # fmt: skip
        return CampaignLink.objects.create(campaign=campaign, token=new_token(), label=territory.name).token


def answer_pool(size: int, seed: int = 2024) -> list[str]:
    """``size`` valid answer sets to the ready-made employee questionnaire, as encoded form fields, each
    checked by the app's own validation."""
    from django.http import QueryDict

    from tindus.consultation.compute import ready_made
    from tindus.consultation.compute.answers import check_answers
    from tindus.consultation.compute.synthetic import form_answers
    from tindus.consultation.respond import read_form, referential_codes

    schema = ready_made.employees()
    codes = {kind: sorted(values) for kind, values in referential_codes().items()}
    rng = random.Random(seed)
    pool = []
    for _ in range(size):
        pairs = form_answers(schema, codes, rng)
        data = QueryDict(mutable=True)
        for name, value in pairs:
            data.appendlist(name, value)
        checked = check_answers(schema, read_form(schema, data), referential_codes())
        if not checked.valid:
            raise SystemExit(f"generated answers refused: {checked.errors} {checked.forged}")
        pool.append(urllib.parse.urlencode(pairs))
    return pool


def project_ids(slug: str = AUXOIS) -> list[int]:
    from tindus.plan.models import Project

    return list(Project.objects.filter(territory__slug=slug).order_by("pk").values_list("pk", flat=True))


def seed_history(slug: str, entries: int) -> int:
    """Copies of the territory's last change-log entry, so that its history export takes a while; the
    number of entries of its history."""
    from auditlog.models import LogEntry

    from tindus.core.history import territory_history
    from tindus.territories.models import Territory

    territory = Territory.objects.get(slug=slug)
    model = territory_history(territory.pk, editor=True).first()
    if model is None:
        raise SystemExit(f"{slug} has no history to copy")
    LogEntry.objects.bulk_create(
        [LogEntry(content_type=model.content_type, object_pk=model.object_pk, object_id=model.object_id,
                  object_repr=f"{model.object_repr} ({n})", action=model.action, changes=model.changes,
                  additional_data=model.additional_data, actor=model.actor) for n in range(entries)],
        batch_size=2000,
    )  # fmt: skip
    return territory_history(territory.pk, editor=True).count()


# --- Counting (ORM) ---------------------------------------------------------------------------------


@dataclass
class Writes:
    """What the server acknowledged, and what was sent, to compare with the database afterwards."""

    answers_sent: set[str] = field(default_factory=set)  # submission keys
    answers: set[str] = field(default_factory=set)
    milestones_sent: set[str] = field(default_factory=set)  # titles, each unique
    milestones: set[str] = field(default_factory=set)
    jobs: set[str] = field(default_factory=set)  # export jobs the server said it had queued

    def merge(self, other: Writes) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).update(getattr(other, name))


@dataclass
class Check:
    lost: int
    duplicates: int
    details: list[str]


def count_writes(writes: Writes, tokens: list[str], marker: str) -> Check:
    """Every acknowledged write in the database (else ``lost``), and none twice (else ``duplicates``):
    answers by submission key, milestones by title (``marker`` starts them), export jobs by id."""
    from django.core.files.storage import default_storage

    from tindus.consultation.models import Response
    from tindus.jobs.models import Job
    from tindus.plan.models import Milestone

    details = []
    keys = [str(k) for k in Response.objects.filter(campaign__links__token__in=tokens)
            .values_list("submission_key", flat=True)]  # fmt: skip
    stored = Counter(keys)
    lost_answers = writes.answers - set(stored)
    dup_answers = sum(n - 1 for n in stored.values()) + len(set(stored) - writes.answers_sent)
    empty = Response.objects.filter(campaign__links__token__in=tokens, answers={}).count()
    details.append(f"answers: {len(writes.answers)} acknowledged, {len(keys)} in the database, "
                   f"{len(lost_answers)} lost, {dup_answers} twice or never sent, {empty} empty")  # fmt: skip

    titles = Counter(Milestone.objects.filter(title__startswith=marker).values_list("title", flat=True))
    lost_milestones = writes.milestones - set(titles)
    dup_milestones = sum(n - 1 for n in titles.values()) + len(set(titles) - writes.milestones_sent)
    details.append(f"plan edits: {len(writes.milestones)} acknowledged, {sum(titles.values())} in the database, "
                   f"{len(lost_milestones)} lost, {dup_milestones} twice or never sent")  # fmt: skip

    jobs = {str(job.pk): job for job in Job.objects.filter(pk__in=writes.jobs)}
    done = {j for j, job in jobs.items() if job.status == Job.Status.SUCCEEDED and job.result_file
            and default_storage.exists(job.result_file.name)}  # fmt: skip
    lost_jobs = writes.jobs - done
    unfinished = Counter(job.status for j, job in jobs.items() if j not in done)
    details.append(f"exports: {len(writes.jobs)} queued, {len(done)} finished with their file, "
                   f"not finished: {dict(unfinished) or 0}")  # fmt: skip
    lost = len(lost_answers) + len(lost_milestones) + len(lost_jobs)
    return Check(lost, dup_answers + dup_milestones, details)


def wait_for_jobs(ids: set[str], timeout: float) -> dict[str, int]:
    """Wait until every job of ``ids`` is finished (or ``timeout``); how many ended in each status."""
    from django.db import close_old_connections

    from tindus.jobs.models import Job

    deadline = time.monotonic() + timeout
    while True:
        close_old_connections()
        statuses = Counter(Job.objects.filter(pk__in=ids).values_list("status", flat=True))
        finished = statuses[Job.Status.SUCCEEDED] + statuses[Job.Status.FAILED]
        if finished >= len(ids) or time.monotonic() > deadline:
            return dict(statuses)
        time.sleep(0.5)


# --- A browser (standard library) -------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


@dataclass
class Reply:
    status: int
    location: str
    body: str
    ms: float


class Browser:
    """One person: a cookie jar, requests without following redirections, timed."""

    def __init__(self, *bases: str, timeout: float = 30, seed: int | None = None) -> None:
        """Each request goes to one of ``bases`` at random: app processes behind a proxy without sticky
        sessions (cookies do not depend on the port)."""
        self.bases = bases
        self.random = random.Random(seed)
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: str | None = None) -> Reply:
        body = data.encode() if data is not None else None
        base = self.random.choice(self.bases)
        request = urllib.request.Request(base + path, data=body)
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, headers, text = response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode("utf-8", "replace")
        return Reply(status, headers.get("Location", ""), text, (time.perf_counter() - started) * 1000)

    def get(self, path: str) -> Reply:
        return self.request(path)

    def post(self, path: str, fields: dict[str, str], encoded: str = "") -> Reply:
        data = "&".join(filter(None, [encoded, urllib.parse.urlencode(fields)]))
        return self.request(path, data)

    def sign_in(self, email: str = TEAM_EMAIL, password: str = DEMO_PASSWORD) -> None:
        page = self.get("/connexion/")
        token = CSRF.search(page.body)
        if page.status != 200 or not token:
            raise RuntimeError(f"sign-in page: {page.status}")
        reply = self.post("/connexion/", {"csrfmiddlewaretoken": token[1], "username": email, "password": password})
        if reply.status != 302:
            raise RuntimeError(f"sign-in refused: {reply.status}")


def answer_fields(page: str) -> dict[str, str] | None:
    """The hidden fields of an answer form (CSRF, questionnaire version, submission key), or None."""
    csrf, version, key = CSRF.search(page), VERSION.search(page), KEY.search(page)
    if not (csrf and version and key):
        return None
    return {"csrfmiddlewaretoken": csrf[1], "version": version[1], "submission_key": key[1], "action": "submit"}


def thanked(reply: Reply) -> bool:
    """The answer was taken: the redirection to the thank-you page (or that page, for a second POST)."""
    if reply.status == 302 and reply.location.endswith("/merci/"):
        return True
    return reply.status == 200 and 'name="submission_key"' not in reply.body


def milestone_fields(page: str, title: str) -> dict[str, str] | None:
    csrf = CSRF.search(page)
    return {"csrfmiddlewaretoken": csrf[1], "title": title, "planned_on": "2027-06-30"} if csrf else None
