"""Jobs used by the tests (module-level, so that a worker in another process can import them)."""

import time

from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, JobError, job_task
from tindus.territories.models import Comment

BODY_PREFIX = "ligne-test-"


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def slow_export(job: JobContext, *, steps: int = 3, lines: int = 5, delay: float = 0.2) -> None:
    """Counts slowly (progress), then writes ``lines`` comments and a file of ``lines`` lines, slowly,
    both committed with the job's success."""
    for step in range(steps):
        job.progress(step, steps + lines, "counting")
        time.sleep(delay)
    with job.atomic(), job.open_result("lignes.txt") as out:
        for line in range(lines):
            Comment.objects.create(territory=job.job.territory, body=f"{BODY_PREFIX}{job.job.pk}-{line}")
            out.write(f"{line}\n")
            out.flush()
            job.progress(steps + line + 1, steps + lines, "writing")
            time.sleep(delay)


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def explained_failure(job: JobContext) -> None:
    raise JobError("Le fichier déposé ne contient aucune ligne.")


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def unexpected_failure(job: JobContext) -> None:
    raise ValueError("secret internal detail 0x5f3a")


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def read_input(job: JobContext, *, path: str) -> None:
    with job.open_result("copie.txt") as out:
        out.write(job.input_path(path).read_text())


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def fail_while_writing(job: JobContext) -> None:
    with job.atomic(), job.open_result("moitie.txt") as out:
        Comment.objects.create(territory=job.job.territory, body=f"{BODY_PREFIX}{job.job.pk}-half")
        out.write("la moitié\n")
        raise ValueError("disk full")


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def open_page(job: JobContext) -> str:
    return "/territoires/"


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def copy_upload(job: JobContext, *, name: str, fail: bool = False) -> None:
    """Reads an uploaded input; fails with two problems listed when asked to."""
    with job.consume_input(name) as content:
        if fail:
            raise JobError(
                "Le fichier n'a pas été importé.", ["Feuille A, ligne 2 : vide", "Feuille B, ligne 3 : trop long"]
            )
        job.summary = f"{len(content)} octets copiés."
        with job.open_result("copie.txt", binary=True) as out:
            out.write(content)


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def public_file(job: JobContext, *, word: str) -> None:
    with job.open_result("public.txt") as out:
        out.write(word)


def _scoped_page(job) -> str:
    return f"/rapports/{job.params['scope']}/"


def _scoped_file(job) -> str:
    return f"/rapports/{job.params['scope']}/{job.pk}/fichier/"


@job_task(gettext_noop("Export of the history of changes (CSV)"), pages=(_scoped_page, _scoped_file))
def scoped_export(job: JobContext, *, scope: str) -> None:
    """A job about no territory: its pages are its app's own."""
    with job.open_result(f"{scope}.txt") as out:
        out.write(scope)
