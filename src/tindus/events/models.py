"""Business meeting events of a territory: their time slots and tables, the registered companies, the
meeting requests between them, the meetings placed by the scheduler, attendance and feedback.

The scheduling itself is plain Python (:mod:`.compute`); these models keep what the organiser and the
participants decided.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.synergies.models import Category, Opportunity
from tindus.territories.models import Territory


class EventKind(models.TextChoices):
    BUSINESS_MEETINGS = "rdv_affaires", _("business meetings day")
    SPEED_BUSINESS = "speed_business", _("speed business")
    WORKSHOP = "atelier", _("thematic workshop")
    VISIT = "visite", _("company visit")


class Event(TerritoryHistory, models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices, default=EventKind.BUSINESS_MEETINGS)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    commune = models.CharField(_("commune"), max_length=5, blank=True)
    # The day's slots are generated from these (see slots.py) and kept as TimeSlot rows.
    morning_start = models.TimeField(_("morning start"), null=True, blank=True)
    morning_end = models.TimeField(_("morning end"), null=True, blank=True)
    afternoon_start = models.TimeField(_("afternoon start"), null=True, blank=True)
    afternoon_end = models.TimeField(_("afternoon end"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=5, validators=[MaxValueValidator(120)]
    )
    capacity = models.PositiveIntegerField(_("capacity (participants)"), null=True, blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    booking_opens = models.DateTimeField(_("meeting requests open"), null=True, blank=True)
    booking_closes = models.DateTimeField(_("meeting requests close"), null=True, blank=True)
    request_expiry_days = models.PositiveSmallIntegerField(
        _("an unanswered request expires after (days)"), default=5, validators=[MinValueValidator(1)]
    )
    max_meetings_default = models.PositiveSmallIntegerField(
        _("maximum meetings per participant"), null=True, blank=True
    )
    # The fairness floor the scheduler aims for (each participant at least this many meetings where possible).
    min_meetings = models.PositiveSmallIntegerField(_("meetings guaranteed where possible"), default=0)
    schedule_published = models.BooleanField(_("agendas published to the participants"), default=False)
    synthetic = models.BooleanField(_("synthetic demonstration data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["territory", "-date", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.territory.slug, self.pk])

    def history_territory_id(self) -> int:
        return self.territory_id

    def registration_open(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        if self.registration_deadline and today > self.registration_deadline:
            return False
        return today <= self.date

    def booking_open(self, now: dt.datetime | None = None) -> bool:
        from django.utils import timezone

        now = now or timezone.now()
        if self.booking_opens and now < self.booking_opens:
            return False
        return not (self.booking_closes and now > self.booking_closes)


class TimeSlot(TerritoryHistory, models.Model):
    class HalfDay(models.TextChoices):
        MORNING = "morning", _("morning")
        AFTERNOON = "afternoon", _("afternoon")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    half_day = models.CharField(_("half day"), max_length=10, choices=HalfDay.choices)

    class Meta:
        ordering = ["event", "start", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "start"], name="slot_start_once")]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    def history_territory_id(self) -> int:
        return self.event.territory_id


class Table(TerritoryHistory, models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    # Kept for the organiser's own use (a partner's stand, a reserved room): nobody is placed there.
    reserved = models.BooleanField(_("reserved"), default=False)

    class Meta:
        ordering = ["event", "number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="table_number_once")]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    def __str__(self) -> str:
        return self.name or str(_("Table %(number)s") % {"number": self.number})

    def history_territory_id(self) -> int:
        return self.event.territory_id


class Participant(TerritoryHistory, models.Model):
    """A company registered to an event, through the person who will attend."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    siret = models.CharField(_("SIRET"), max_length=14)
    company_name = models.CharField(_("company"), max_length=200)
    commune = models.CharField(_("commune"), max_length=5, blank=True)
    naf = models.CharField(_("NAF code"), max_length=6, blank=True)
    size_band = models.CharField(_("size band"), max_length=2, blank=True)
    person_name = models.CharField(_("participant's name"), max_length=200)
    person_role = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    offers = models.JSONField(_("offers"), default=list, blank=True)  # synergies Category values
    seeks = models.JSONField(_("seeks"), default=list, blank=True)
    offers_text = models.CharField(_("what the company offers"), max_length=1000, blank=True)
    seeks_text = models.CharField(_("what the company seeks"), max_length=1000, blank=True)
    available_slots = models.ManyToManyField(TimeSlot, related_name="available", verbose_name=_("available slots"))
    max_meetings = models.PositiveSmallIntegerField(_("maximum number of meetings"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    checked_in_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    absent = models.BooleanField(_("absent"), default=False)
    synthetic = models.BooleanField(_("synthetic demonstration data"), default=False)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["event", "company_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "siret"], name="participant_company_once")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.company_name} ({self.person_name})"

    def history_territory_id(self) -> int:
        return self.event.territory_id

    def offer_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.offers if c in Category.values]

    def seek_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.seeks if c in Category.values]


class Priority(models.IntegerChoices):
    LOW = 1, _("useful")
    MEDIUM = 2, _("important")
    HIGH = 3, _("essential")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("awaiting an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="received_requests")
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    message = models.CharField(_("message"), max_length=500, blank=True)
    from_suggestion = models.BooleanField(_("from a suggestion"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(sender=models.F("recipient")), name="request_not_to_self"),
        ]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self) -> str:
        return f"{self.sender.company_name} → {self.recipient.company_name}"


class MeetingStatus(models.TextChoices):
    ACCEPTED = "accepted", _("to be placed")
    FORBIDDEN = "forbidden", _("forbidden by the organiser")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(TerritoryHistory, models.Model):
    """A meeting both sides want (or the organiser added): placed in a slot at a table by the scheduler.

    ``a`` is the side that asked, ``b`` the side that accepted; the pair is stored once per event.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_a")
    b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_b")
    request = models.OneToOneField(MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL)
    weight = models.PositiveSmallIntegerField(_("weight"), default=2, validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.ACCEPTED)
    forced = models.BooleanField(_("forced by the organiser"), default=False)
    locked = models.BooleanField(_("locked in place"), default=False)
    slot = models.ForeignKey(TimeSlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    # Whether it took place, from the check-in and the feedback: None until known.
    held = models.BooleanField(_("held"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["event", "slot__start", "table__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "a", "b"], name="meeting_pair_once"),
            models.CheckConstraint(condition=~models.Q(a=models.F("b")), name="meeting_not_with_self"),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.a.company_name} – {self.b.company_name}"

    def history_territory_id(self) -> int:
        return self.event.territory_id

    def other(self, participant: Participant) -> Participant:
        return self.b if participant.pk == self.a_id else self.a


class SchedulingRun(models.Model):
    """One run of the scheduler on an event: what it achieved and what it changed."""

    class Kind(models.TextChoices):
        FULL = "full", _("full schedule")
        RESCHEDULE = "reschedule", _("re-schedule during the event")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FULL)
    status = models.CharField(_("status"), max_length=12)
    weight = models.PositiveIntegerField(_("weight placed"))
    bound = models.FloatField(_("proven bound"))
    gaps = models.PositiveIntegerField(_("idle slots"))
    placed = models.PositiveIntegerField(_("meetings placed"))
    unplaced = models.PositiveIntegerField(_("meetings not placed"))
    changed = models.JSONField(_("meetings changed"), default=list)
    seconds = models.FloatField(_("seconds"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["event", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.at:%Y-%m-%d %H:%M}"

    def gap_percent(self) -> float:
        return 100.0 * (self.bound - self.weight) / self.bound if self.bound else 0.0


class Outcome(models.TextChoices):
    """The categories business-meeting brokers use (Enterprise Europe Network), plus a synergy found."""

    NOT_HELD = "not_held", _("did not take place")
    NO_INTEREST = "no_interest", _("insufficient interest")
    INFORMATIVE = "informative", _("informative, no cooperation planned")
    COOPERATION = "cooperation", _("cooperation possible")
    SYNERGY = "synergy", _("synergy identified")


class Feedback(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="feedback_given")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    synergy_category = models.CharField(_("kind of synergy"), max_length=12, choices=Category.choices, blank=True)
    note = models.CharField(_("comment"), max_length=1000, blank=True)
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_feedback"
    )
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "participant"], name="feedback_once_per_side")]
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.outcome}"
