"""The accounts' background job: the invitation e-mail of a new member, sent from a task worker."""

from __future__ import annotations

import logging
import smtplib

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, JobError, job_task

from .invitations import send_invitation

logger = logging.getLogger("tindus.accounts")


@job_task(gettext_noop("Invitation e-mail of a new member"))
def send_member_invitation(job: JobContext, *, user: int, site: str) -> None:
    """E-mail the new member ``user`` their password-setting link; ``site`` is the site's absolute base
    address. The inviter is the person who started the job."""
    territory = job.job.territory
    member = User.objects.filter(pk=user, memberships__territory=territory).first()
    if member is None:
        raise JobError(_("This person is no longer a member of the territory: no invitation was sent."))
    job.progress(0, 1, _("Sending the invitation"))
    try:
        send_invitation(member, territory, site=site, inviter_id=job.job.author_id)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Invitation of user %s: the mail server failed: %s", member.pk, error)
        raise JobError(
            _(
                "The mail server refused the e-mail or could not be reached. The member was added; to send the "
                "invitation again later, remove them from the members page and add them again."
            )
        ) from None
    job.summary = _("Invitation sent to %(email)s.") % {"email": member.email}
    job.result_url = reverse("accounts:members", kwargs={"slug": territory.slug})
