"""The scheduling run of an event, as a background job with its progress: a full schedule, or a re-schedule
during the day that keeps the slots already started and changes as few announced meetings as it can.

The solver runs in a thread of its own that touches no database; this thread writes its progress to the
job twice a second and, once it is done, checks the schedule with the independent validator before writing
it to the meeting rows (:func:`.instance_build.apply_schedule`) in the job's own transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tindus.jobs.api import JobContext, JobError, job_task

from .compute.instance import InstanceError, Schedule
from .compute.validate import problems
from .instance_build import EventInstance, apply_schedule, build_instance, check
from .instance_errors import organiser_message
from .models import Event, SchedulingRun

PHASES = {
    "greedy": gettext_noop("First placement"),
    "weight": gettext_noop("Placing as many meetings as possible"),
    "gaps": gettext_noop("Closing the idle gaps"),
    "done": gettext_noop("Writing the agendas"),
}
MAX_SECONDS = 120

Progress = Callable[[str, float], None]


def _solve(built: EventInstance, kind: str, seconds: float, frozen: str | None, progress: Progress) -> Schedule:
    if kind == SchedulingRun.Kind.RESCHEDULE:
        from .compute.reschedule import reschedule

        previous = built.current().assignments
        return reschedule(built.instance, previous, time_limit=seconds, frozen_before=frozen, progress=progress)
    from .compute.solve import schedule

    return schedule(built.instance, time_limit=seconds, workers=2, progress=progress)


def solve_watched(job: JobContext, work: Callable[[Progress], Schedule], seconds: float) -> Schedule:
    """Run ``work(progress)`` in a thread and report its progress to the job from this one."""
    state = {"phase": "greedy", "share": 0.0}
    outcome: dict[str, object] = {}

    def progress(phase: str, share: float) -> None:
        state["phase"], state["share"] = phase, share

    def target() -> None:
        try:
            outcome["schedule"] = work(progress)
        except BaseException as error:  # noqa: BLE001 - handed over to the job's thread below
            outcome["error"] = error

    started = time.monotonic()
    thread = threading.Thread(target=target, name=f"schedule-{job.job.pk}", daemon=True)
    thread.start()
    while thread.is_alive():
        share = max(state["share"], (time.monotonic() - started) / max(seconds, 1e-3))
        job.progress(min(99, int(share * 100)), 100, _(PHASES.get(state["phase"], PHASES["weight"])))
        thread.join(0.5)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["schedule"]  # type: ignore[return-value]


@job_task(gettext_noop("Scheduling the meetings of an event"))
def schedule_event(
    job: JobContext, *, event: int, time_limit: int = 30, kind: str = SchedulingRun.Kind.FULL,
    frozen_before: int | None = None,
) -> None:  # fmt: skip
    found = Event.objects.filter(pk=event, territory=job.job.territory).first()
    if found is None:
        raise JobError(_("This event no longer exists: it may have been deleted meanwhile."))
    frozen = found.slots.filter(pk=frozen_before).first() if frozen_before else None
    job.progress(0, 100, _("Reading the requests and the agendas"))
    built = build_instance(found, reserved_from=frozen)
    try:
        check(built)
    except InstanceError as error:
        raise JobError(organiser_message(error, built)) from error
    seconds = max(1, min(int(time_limit), MAX_SECONDS))
    frozen_id = str(frozen.pk) if frozen else None
    result = solve_watched(job, lambda progress: _solve(built, kind, seconds, frozen_id, progress), seconds)
    found_problems = problems(built.instance, result)
    if found_problems:  # never written: the scheduler must not return such a schedule
        raise JobError(_("The scheduler returned a schedule that breaks the rules: nothing was saved."), found_problems)
    job.progress(99, 100, _(PHASES["done"]))
    with job.atomic():
        run = apply_schedule(built, result, kind=kind, by=job.job.author, frozen_before=frozen)
        job.result_url = reverse("events:schedule", kwargs={"slug": found.territory.slug, "pk": found.pk})
        job.summary = ngettext(
            "%(placed)s meeting placed out of %(total)s.", "%(placed)s meetings placed out of %(total)s.", run.placed
        ) % {"placed": run.placed, "total": run.placed + run.unplaced}
