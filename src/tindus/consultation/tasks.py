"""The consultation's background jobs: answer exports, the committee's PDF summary, invitation and
reminder e-mails; and the daily purge of personal data past their retention."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks import task

from tindus.core.pdf import render_pdf
from tindus.jobs.api import JobContext, JobError, job_task
from tindus.jobs.models import Job
from tindus.jobs.periodic import periodic
from tindus.jobs.results import delete_result

from .answer_files import answers_file
from .invitations import pending_invitations, send_invitations
from .models import Campaign
from .reminders import send_due_reminders as send_reminders_due_today
from .retention import purge_personal_data

logger = logging.getLogger("tindus.consultation")


def _campaign(job: JobContext, pk: int) -> Campaign:
    campaign = (
        Campaign.objects.select_related("questionnaire", "territory").filter(pk=pk, territory=job.job.territory).first()
    )
    if campaign is None:
        raise JobError(_("This consultation no longer exists: it may have been deleted meanwhile."))
    return campaign


@job_task(gettext_noop("Export of a consultation's anonymised answers"))
def export_answers(job: JobContext, *, campaign: int, fmt: str, published: bool) -> None:
    found = _campaign(job, campaign)
    job.progress(0, 1, _("Writing the answers"))
    made = answers_file(found, fmt, published=published)
    if made is None:
        raise JobError(_("No export before 5 answers."))
    name, content = made
    with job.open_result(name, binary=True) as out:
        out.write(content)


def forget_public_exports(campaign: Campaign) -> int:
    """Delete the public export files of a campaign (its results are no longer published for everyone)."""
    jobs = Job.objects.filter(task_path=export_answers.module_path, params__campaign=campaign.pk).exclude(shared_key="")
    for name in jobs.exclude(result_file="").values_list("result_file", flat=True):
        delete_result(name)
    deleted, _detail = jobs.delete()
    return deleted


@job_task(gettext_noop("Summary of a consultation for the committee (PDF)"))
def export_summary(job: JobContext, *, campaign: int) -> None:
    from .views.documents import summary_context

    found = _campaign(job, campaign)
    job.progress(0, 2, _("Computing the results"))
    context = {**summary_context(found), "generated_at": timezone.now()}
    job.progress(1, 2, _("Drawing the PDF"))
    pdf = render_pdf("consultation/summary_pdf.html", context)
    with job.open_result(f"synthese-consultation-{found.pk}.pdf", binary=True) as out:
        out.write(pdf)


@job_task(gettext_noop("E-mails of a consultation's invitations"))
def send_campaign_invitations(job: JobContext, *, campaign: int, reminder: bool, site: str) -> None:
    """Each invitation is marked sent as soon as the mail server takes it: run again (after a failure or
    a worker lost), the job e-mails only the others."""
    found = _campaign(job, campaign)
    base = site.rstrip("/")

    def answer_url(invitation) -> str:
        return base + reverse("consultation:invitation", kwargs={"token": invitation.token})

    total = pending_invitations(found, reminder).count()
    step = _("Sending the reminders") if reminder else _("Sending the invitations")
    job.progress(0, total, step)
    done = [0]

    def sent_one(n: int) -> None:
        done[0] = n
        job.progress(n, total, step)

    try:
        sent = send_invitations(found, answer_url, reminder=reminder, sent_one=sent_one)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Consultation %s: the mail server failed after %s e-mails: %s", found.pk, done[0], error)
        raise JobError(
            _(
                "The mail server refused an e-mail or could not be reached: %(sent)s of %(total)s e-mails were "
                "sent. Start again later: only the others will be sent."
            )
            % {"sent": done[0], "total": total}
        ) from None
    job.summary = ngettext("%(n)s e-mail sent.", "%(n)s e-mails sent.", sent) % {"n": sent}
    job.result_url = reverse("consultation_team:invitations", kwargs={"slug": found.territory.slug, "pk": found.pk})


@periodic(every=dt.timedelta(days=1))
@task()
def purge_consultation_data() -> dict[str, int]:
    """Daily: personal data of the campaigns closed for longer than TINDUS_CONSULTATION_RETENTION_DAYS."""
    counts = purge_personal_data()
    if counts["invitations"] or counts["drafts"]:
        logger.info("Consultation data past retention deleted: %s", counts)
    return counts


@periodic(every=dt.timedelta(days=1))
@task()
def send_due_reminders() -> dict[str, int]:
    """Daily: the automatic reminders of the campaigns whose reminder day has come (sent once each)."""
    sent = send_reminders_due_today()
    if sent:
        logger.info("Consultation reminders sent: %s", sent)
    return {str(pk): n for pk, n in sent.items()}
