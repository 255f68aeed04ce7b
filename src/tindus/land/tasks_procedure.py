"""The legal procedure's long job: the PDF of every letter of a consultation, one page each."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.core.pdf import render_pdf
from tindus.jobs.api import JobContext, JobError, job_task

from .letters import letter_text
from .models import OwnerConsultation


@job_task(gettext_noop("Letters of the consultation of owners and occupants (PDF)"))
def letters_pdf(job: JobContext, *, consultation: int) -> None:
    found = OwnerConsultation.objects.filter(pk=consultation, territory=job.job.territory).first()
    if found is None:
        raise JobError(_("This consultation no longer exists: it may have been deleted meanwhile."))
    letters = list(found.letters.select_related("consultation__territory"))
    if not letters:
        raise JobError(_("This consultation has no letter to print."))
    texts = []
    for index, letter in enumerate(letters):
        job.progress(index, len(letters) + 1, _("Writing the letters"))
        texts.append(letter_text(letter))
    job.progress(len(letters), len(letters) + 1, _("Drawing the PDF"))
    pdf = render_pdf(
        "land/procedure/letters_pdf.html",
        {"consultation": found, "territory": found.territory, "texts": texts, "generated_at": timezone.now()},
    )
    with job.open_result(f"courriers-consultation-{found.started_on:%Y-%m-%d}.pdf", binary=True) as out:
        out.write(pdf)
