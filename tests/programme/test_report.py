"""The yearly programme report: its figures are the territories' shared figures (worked out here from the
fixtures), a territory that shares nothing is « non partagé », the job runs on the queue and its file goes
only to who steers its scope; a bad year is refused with a French message at the field."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.conftest import signed_in
from tests.factories import AxisFactory, FundingFactory, InstanceFactory, MeetingFactory, ProjectFactory
from tests.factories import SteeringMembershipFactory as SteeringFactory
from tests.jobs.inprocess import result_bytes, run_job, run_queue
from tests.programme.cli import tindus
from tindus.governance.models import TerritoryMilestone
from tindus.plan.models import Milestone, Status
from tindus.programme.compute.report import FIRST_YEAR, WITHHELD, report_day, theme_matrix, year_problem
from tindus.programme.models import AxisTheme, Level, SharingSettings, Theme
from tindus.programme.report import ReportError, build_report, render, write_report
from tindus.programme.scope import followed_territories
from tindus.referentials.models import Region

pytestmark = pytest.mark.django_db

YEAR = 2024


def _(msgid: str) -> str:
    """The label as the report writes it, in the test's language (French once its catalogue has it)."""
    return gettext(msgid)


def label(status: Status) -> str:
    return str(status.label).capitalize()


# --- fixtures: two BFC territories (one shares, one shares nothing) and one of another région -----------------


@pytest.fixture
def bfc(db):
    return Region.objects.get(code="27")


@pytest.fixture
def sharing_one(territory):
    """Auxois Morvan (BFC, a demo workspace): shares the defaults (aggregated); a themed axis, projects,
    funding, a committee."""
    territory.is_demo = True
    territory.save(update_fields=["is_demo"])
    lever = AxisFactory(plan=territory.plan, title="Compétences")
    AxisTheme.objects.create(axis=lever, theme=Theme.RECRUITMENT_SKILLS)
    themed = [ProjectFactory(territory=territory, status=s) for s in ("in_progress", "in_progress", "done")]
    for project in themed:
        project.axes.add(lever)
    ProjectFactory(territory=territory, status="idea")  # no theme
    FundingFactory(project=themed[0], financeur="region", amount=Decimal(1000), requested_on=dt.date(2024, 2, 1))
    FundingFactory(project=themed[0], financeur="state", amount=Decimal(2000), requested_on=dt.date(2024, 2, 1),
                   granted_on=dt.date(2024, 4, 1))  # fmt: skip
    FundingFactory(project=themed[1], financeur="state", amount=Decimal(4000), requested_on=dt.date(2024, 2, 1),
                   granted_on=dt.date(2024, 4, 1), paid_on=dt.date(2024, 9, 1))  # fmt: skip
    FundingFactory(project=themed[1], financeur="state", amount=Decimal(8000), requested_on=dt.date(2025, 1, 10))
    Milestone.objects.create(project=themed[0], title="En retard", planned_on=dt.date(2024, 6, 1))
    TerritoryMilestone.objects.create(territory=territory, kind="protocol", date=dt.date(2023, 3, 1), title="P")
    TerritoryMilestone.objects.create(territory=territory, kind="contract", date=dt.date(2024, 5, 2), title="C")
    committee = InstanceFactory(territory=territory, kind="project")
    MeetingFactory(instance=committee, date=dt.date(2024, 3, 1))
    MeetingFactory(instance=committee, date=dt.date(2024, 10, 1))
    return territory


@pytest.fixture
def silent(haut_doubs):
    """Haut-Doubs Horloger (BFC): shares nothing; private projects and funding, one public project."""
    from tests.factories import PlanFactory

    PlanFactory(territory=haut_doubs)
    SharingSettings.objects.create(territory=haut_doubs, **dict.fromkeys(SharingSettings.KINDS, Level.NOTHING))
    secret = ProjectFactory(territory=haut_doubs, status="in_progress")
    FundingFactory(project=secret, financeur="bpifrance", amount=Decimal(777_000), requested_on=dt.date(2024, 3, 3))
    ProjectFactory(territory=haut_doubs, status="done", is_public=True)
    return haut_doubs


@pytest.fixture
def elsewhere(db):
    """A wave-2 territory of another région, with one project."""
    other = next(f for f in followed_territories() if f.region_id and f.region_id != Region.objects.get(code="27").pk)
    ProjectFactory(territory=other.territory, status="done")
    return other


def label_of(territory) -> str:
    """The territory's name in the report (with its wave when another followed territory has the same name)."""
    return next(f.label for f in followed_territories() if f.territory == territory)


def sheet_rows(content: bytes, title: str) -> list[dict]:
    """The rows of one sheet under its header line (the line after the first blank one), as dictionaries."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    lines = [list(line) for line in book[title].iter_rows(values_only=True)]
    start = next(i for i, line in enumerate(lines) if not any(v not in (None, "") for v in line)) + 1
    header = lines[start]
    return [dict(zip(header, line, strict=False)) for line in lines[start + 1 :]]


def sheet_text(content: bytes, title: str) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " | ".join(str(v) for v in line if v is not None) for line in book[title].iter_rows(values_only=True)
    )


# --- the pure parts ---------------------------------------------------------------------------------------------


def test_the_report_day_is_the_years_last_or_today():
    assert report_day(2024, dt.date(2025, 3, 1)) == dt.date(2024, 12, 31)
    assert report_day(2025, dt.date(2025, 3, 1)) == dt.date(2025, 3, 1)


def test_a_year_out_of_range_or_without_data_is_refused():
    today = dt.date(2025, 3, 1)
    assert year_problem(FIRST_YEAR - 1, [2018], today) == "range"
    assert year_problem(2026, [2026], today) == "range"
    assert year_problem(2023, [2024], today) == "no_data"
    assert year_problem(2024, [2024], today) is None


def test_the_theme_matrix_counts_by_status_and_puts_unknown_themes_last():
    counts = [("a", "done", 2), ("b", "idea", 1), ("zz", "done", 1), ("", "idea", 1)]
    assert theme_matrix(counts, ["a", "b", ""], ["idea", "done"]) == [[0, 2, 2], [1, 0, 1], [1, 1, 2]]


# --- the figures ------------------------------------------------------------------------------------------------


def test_the_regions_workbook_has_the_territories_shared_figures(bfc, sharing_one, silent):
    content = render(build_report(YEAR, bfc, today=dt.date(2025, 6, 1)), "xlsx")

    rows = {r[_("Territory")]: r for r in sheet_rows(content, _("Territories"))}
    auxois = rows[label_of(sharing_one)]
    # Worked out from the fixture: 4 projects, 2 in progress, 1 done, 1 idea; funding states on 31/12/2024.
    assert auxois[_("Projects")] == 4
    assert (
        auxois[label(Status.IN_PROGRESS)] == 2 and auxois[label(Status.DONE)] == 1 and auxois[label(Status.IDEA)] == 1
    )
    assert auxois[_("Started (%)")] == 75.0 and auxois[_("Completed (%)")] == 25.0
    assert auxois[_("Late milestones")] == 1
    assert auxois[_("Funding requested (€)")] == 7000  # 1000 + 2000 + 4000 (the 8000 of 2025 not yet)
    assert auxois[_("Funding committed (€)")] == 6000
    assert auxois[_("Funding paid (€)")] == 4000
    assert auxois[_("Committees (12 months)")] == 2
    assert auxois[_("Contract signed on")] == dt.datetime(2024, 5, 2)
    assert auxois[_("Data")] == _("synthetic")  # a demo territory

    summary = {r[_("Figure")]: r[_("Value")] for r in sheet_rows(content, _("Summary"))}
    assert summary[_("Territories followed")] == len(followed_territories(bfc))
    assert summary[_("Projects")] == 4 + 1  # the silent territory's public project counts
    assert summary[_("Funding requested (€)")] == 7000

    funding = sheet_rows(content, _("Funding by funder"))
    state = next(
        r
        for r in funding
        if r[_("Territory")] == _("%(name)s (synthetic)") % {"name": label_of(sharing_one)}
        and r[_("Funder")] == _("State")
    )
    assert state[_("Funding requested (€)")] == 6000 and state[_("Funding paid (€)")] == 4000

    themes = {r[_("Theme")]: r for r in sheet_rows(content, _("Projects by theme"))}
    assert themes[str(Theme.RECRUITMENT_SKILLS.label).capitalize()][_("Projects")] == 3
    assert themes[_("No theme confirmed")][_("Projects")] == 2  # the idea, and the silent territory's public project


def test_a_territory_sharing_nothing_is_said_not_shared_and_never_leaks(bfc, sharing_one, silent):
    data = build_report(YEAR, bfc, today=dt.date(2025, 6, 1))
    content = render(data, "xlsx")
    rows = {r[_("Territory")]: r for r in sheet_rows(content, _("Territories"))}
    quiet = rows[label_of(silent)]
    assert quiet[_("Funding requested (€)")] == _("not shared")
    assert quiet[_("Late milestones")] == _("not shared")
    assert quiet[_("Consultation answers")] == _("not shared")
    assert quiet[_("Projects")] == 1  # its public project only
    every_cell = "\n".join(sheet_text(content, title) for title in load_workbook(io.BytesIO(content)).sheetnames)
    assert "777" not in every_cell and "Bpifrance" not in every_cell
    assert WITHHELD in [c for t in data.sheets for row in t.rows for c in row]


def test_the_national_report_lists_regions_first(sharing_one, silent, elsewhere):
    content = render(build_report(YEAR, None, today=dt.date(2025, 6, 1)), "xlsx")
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames[:4] == [_("Summary"), _("Régions"), _("Sharing by région"), _("Territories")]
    regions = {r[_("Région")]: r for r in sheet_rows(content, _("Régions"))}
    sharing = {r[_("Région")]: r for r in sheet_rows(content, _("Sharing by région"))}
    # Of BFC's followed territories, two use Tindus (the others have nothing to share): the sharing one and the
    # silent one, whose public projects count.
    assert sharing["Bourgogne-Franche-Comté"][_("funding").capitalize()] == 1  # not the silent one
    assert sharing["Bourgogne-Franche-Comté"][_("plan and project statuses").capitalize()] == 2
    assert regions["Bourgogne-Franche-Comté"][_("Projects")] == 5
    assert regions["Bourgogne-Franche-Comté"][_("Territories")] == len(
        followed_territories(Region.objects.get(code="27"))
    )
    for title in book.sheetnames:
        text = sheet_text(content, title)
        assert "Source" in text and "31/12/2024" in text, title


def test_the_pdf_says_not_shared_synthetic_and_its_sources(bfc, sharing_one, silent):
    from django.template.loader import render_to_string

    from tindus.programme.report_pdf import pdf_context

    data = build_report(YEAR, bfc, today=dt.date(2025, 6, 1))
    html = render_to_string("programme/report_pdf.html", {**pdf_context(data), "css": ""})
    assert f'<td class="withheld">{_("not shared")}</td>' in html
    assert _("%(name)s (synthetic)") % {"name": label_of(sharing_one)} in html
    assert html.count('<p class="source">') >= 5 and "31/12/2024" in html
    assert "777" not in html and "Bpifrance" not in html
    assert render(data, "pdf").startswith(b"%PDF")


def test_a_bad_year_is_refused_in_french(bfc, sharing_one):
    today = dt.date(2025, 6, 1)
    with pytest.raises(ReportError) as error:
        build_report(2031, bfc, today=today)
    assert str(error.value) == _("Choose a year between %(first)d and %(last)d.") % {"first": 2019, "last": 2025}
    with pytest.raises(ReportError) as error:
        build_report(2020, bfc, today=today)
    no_data = _("No territory of %(scope)s has shared data dated %(year)d: choose another year.")
    assert str(error.value) == no_data % {"scope": bfc.name, "year": 2020}


def test_write_report_writes_the_file_and_refuses_an_unknown_region(tmp_path, bfc, sharing_one):
    path = write_report(YEAR, "27", "xlsx", tmp_path / "r.xlsx")
    assert path.read_bytes()[:2] == b"PK"
    with pytest.raises(ReportError, match="99"):
        write_report(YEAR, "99", "xlsx", tmp_path / "r.xlsx")


# --- the page and its job ---------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(db):
    """A regional coordinator of Bourgogne-Franche-Comté."""
    return SteeringFactory().user


def test_the_report_runs_in_the_background_and_its_file_goes_to_the_regions_steering(coordinator, sharing_one, silent):
    client = signed_in(coordinator)
    url = reverse("programme:region_report", kwargs={"region": "27"})
    assert client.get(url).status_code == 200

    job = run_job(client.post(url, {"year": YEAR, "formats": ["xlsx"]}))

    assert job.territory is None and job.params == {"year": YEAR, "region": "27", "fmt": "xlsx"}
    content = result_bytes(job)
    rows = {r[_("Territory")]: r for r in sheet_rows(content, _("Territories"))}
    assert rows[label_of(sharing_one)][_("Projects")] == 4
    page = client.get(url).content.decode()
    file_url = reverse("programme:region_report_file", kwargs={"region": "27", "pk": job.pk})
    assert file_url in page
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert "rapport-programme-2024-region-27.xlsx" in download["Content-Disposition"]


def test_both_formats_make_two_reports_followed_on_the_page(coordinator, sharing_one):
    client = signed_in(coordinator)
    url = reverse("programme:region_report", kwargs={"region": "27"})
    response = client.post(url, {"year": YEAR, "formats": ["pdf", "xlsx"]})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert 'data-refresh="3"' in page  # waiting jobs: the page follows them
    run_queue()
    page = client.get(url).content.decode()
    assert "data-refresh" not in page
    assert "rapport-programme-2024-region-27.pdf" in page and "rapport-programme-2024-region-27.xlsx" in page


def test_another_regions_steering_may_not_download_the_report(coordinator, sharing_one):
    client = signed_in(coordinator)
    job = run_job(
        client.post(reverse("programme:region_report", kwargs={"region": "27"}), {"year": YEAR, "formats": ["xlsx"]})
    )
    assert job.status == "succeeded"
    stranger = signed_in(SteeringFactory(region=Region.objects.get(code="84")).user)
    own_url = reverse("programme:region_report_file", kwargs={"region": "27", "pk": job.pk})
    assert stranger.get(own_url).status_code == 403
    # Through the address of its own région, the report of another is not found.
    assert (
        stranger.get(reverse("programme:region_report_file", kwargs={"region": "84", "pk": job.pk})).status_code == 404
    )
    assert stranger.get(reverse("programme:national_report_file", kwargs={"pk": job.pk})).status_code == 403
    assert str(job.pk) not in stranger.get(reverse("programme:region_report", kwargs={"region": "84"})).content.decode()
    national = signed_in(SteeringFactory(role="national_team").user)
    assert national.get(own_url).status_code == 200
    # The national team's reports are found at the national address only.
    assert national.get(reverse("programme:national_report_file", kwargs={"pk": job.pk})).status_code == 404


def test_the_national_report_page_is_the_national_teams(coordinator, sharing_one):
    url = reverse("programme:national_report")
    assert signed_in(coordinator).get(url).status_code == 403
    national = signed_in(SteeringFactory(role="national_team").user)
    job = run_job(national.post(url, {"year": YEAR, "formats": ["xlsx"]}))
    assert job.params["region"] == ""
    book = load_workbook(io.BytesIO(result_bytes(job)), read_only=True)
    assert _("Régions") in book.sheetnames
    assert national.get(reverse("programme:national_report_file", kwargs={"pk": job.pk})).status_code == 200


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2031", lambda region: _("Choose a year between %(first)d and %(last)d.")
         % {"first": 2019, "last": dt.date.today().year}),
        ("2020", lambda region: _("No territory of %(scope)s has shared data dated %(year)d: choose another year.")
         % {"scope": region.name, "year": 2020}),
        ("deux mille", lambda region: gettext("Enter a whole number.")),
    ],
)  # fmt: skip
def test_a_bad_year_is_refused_at_the_field_and_starts_nothing(coordinator, sharing_one, year, message):
    from tindus.jobs.models import Job

    response = signed_in(coordinator).post(
        reverse("programme:region_report", kwargs={"region": "27"}), {"year": year, "formats": ["pdf"]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message(Region.objects.get(code="27"))) in html
    assert 'id="id_year_errors"' in html
    assert f'value="{year}"' in html  # what was typed stays
    assert not Job.objects.exists()


def test_no_format_chosen_is_refused(coordinator, sharing_one):
    response = signed_in(coordinator).post(reverse("programme:region_report", kwargs={"region": "27"}), {"year": YEAR})
    assert response.status_code == 400
    assert _("Choose at least one format.") in response.content.decode()


# --- the command ------------------------------------------------------------------------------------------------


def test_the_command_answers_help(capsys):
    code, out, _err = tindus(capsys, "programme", "report", "--help")
    assert code == 0 and "tindus programme report" in out
    assert all(option in out for option in ("--year", "--region", "--output", "--format"))


def test_the_command_writes_the_report(capsys, tmp_path, sharing_one):
    path = tmp_path / "rapport.xlsx"
    code, out, _err = tindus(
        capsys, "programme", "report", "--year", str(YEAR), "--region", "27", "--output", str(path)
    )
    assert code == 0 and str(path) in out
    rows = {r[_("Territory")]: r for r in sheet_rows(path.read_bytes(), _("Territories"))}
    assert rows[label_of(sharing_one)][_("Projects")] == 4
    pdf = tmp_path / "rapport"
    code, out, _err = tindus(capsys, "programme", "report", "--year", str(YEAR), "--region", "27", "--output", str(pdf),
                             "--format", "pdf", "--json")  # fmt: skip
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF") and '"format": "pdf"' in out


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--region", "27", "--output", "r.pdf"], "--year"),
        (["--year", "deux", "--region", "27", "--output", "r.pdf"], "--year"),
        (["--year", "2031", "--region", "27", "--output", "r.pdf"], "2019"),
        (["--year", "2020", "--region", "27", "--output", "r.pdf"], "2020"),
        (["--year", "2024", "--region", "99", "--output", "r.pdf"], "99"),
        (["--year", "2024", "--region", "27"], "--output"),
        (["--year", "2024", "--region", "27", "--output", "rapport.txt"], "--format"),
        (["--year", "2024", "--region", "27", "--output", "nulle/part/r.pdf"], "nulle/part"),
    ],
    ids=["no year", "not a number", "out of range", "no data", "unknown région", "no output", "unknown format",
         "no such folder"],
)  # fmt: skip
def test_bad_input_exits_non_zero_with_the_reason(capsys, tmp_path, monkeypatch, sharing_one, argv, reason):
    monkeypatch.chdir(tmp_path)
    code, _out, err = tindus(capsys, "programme", "report", *argv)
    assert code != 0
    assert reason in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_a_region_with_no_territory_says_so_and_makes_no_report():
    followed = {f.region_id for f in followed_territories()}
    empty = Region.objects.exclude(pk__in=followed).order_by("code").first()
    client = signed_in(SteeringFactory(role="national_team").user)
    url = reverse("programme:region_report", kwargs={"region": empty.code})
    page = client.get(url)
    assert page.status_code == 200
    assert escape(_("No territory of this scope has shared dated data yet.")) in page.content.decode()
    refused = client.post(url, {"year": YEAR, "formats": ["pdf"]})
    assert refused.status_code == 400
    message = _("No territory of %(scope)s has shared data dated %(year)d: choose another year.")
    assert escape(message % {"scope": empty.name, "year": YEAR}) in refused.content.decode()
