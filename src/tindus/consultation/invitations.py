"""Business leaders' invitations: lists built from the warehouse, by hand or from a CSV file, sent and
reminded by email, and the response rate of each segment."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.forms import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.identifiers import siret_valid
from tindus.referentials.models import Epci, NafAggregate
from tindus.territories.models import Territory
from tindus.warehouse.queries import ListedEstablishment, establishments_by_siret, establishments_in
from tindus.warehouse.services import get_warehouse

from .compute.segments import establishment_segments
from .compute.summary import Rate
from .models import Campaign, Invitation
from .services import new_token

RATE_DIMENSIONS = ("a17", "size", "epci")


class InvitationError(Exception):
    """Refused invitations, as (line, reason) pairs; line 0 when not from a file."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"{line}: {reason}" for line, reason in problems))
        self.problems = problems


@dataclass(frozen=True)
class Filters:
    naf_prefix: str = ""
    size_bands: tuple[str, ...] = ()
    epci: str = ""
    commune: str = ""
    employers_only: bool = True


def segments_of(establishments: Iterable[ListedEstablishment]) -> Callable[[ListedEstablishment], dict[str, str]]:
    establishments = list(establishments)
    a17 = dict(NafAggregate.objects.filter(level="A17").values_list("code", "label"))
    sirens = {e.epci for e in establishments if e.epci}
    epci_names = dict(Epci.objects.filter(siren__in=sirens).order_by("vintage").values_list("siren", "name"))

    def segments(e: ListedEstablishment) -> dict[str, str]:
        return establishment_segments(e.a17, a17.get(e.a17, ""), e.a38, e.size_band, epci_names.get(e.epci, e.epci),
                                      e.commune)  # fmt: skip

    return segments


def _create(campaign: Campaign, establishments: list[ListedEstablishment], emails: dict[str, str]) -> list[Invitation]:
    existing = set(campaign.invitations.values_list("siret", flat=True))
    segments = segments_of(establishments)
    created = [
        Invitation(campaign=campaign, token=new_token(), siret=e.siret, name=e.name or e.siret,
                   email=emails.get(e.siret, ""), segments=segments(e))
        for e in establishments if e.siret not in existing
    ]  # fmt: skip
    Invitation.objects.bulk_create(created)
    for siret, email in emails.items():
        if siret in existing and email:
            campaign.invitations.filter(siret=siret).update(email=email)
    return created


def invite_from_warehouse(campaign: Campaign, filters: Filters, limit: int = 5000) -> list[Invitation]:
    """Invite every establishment of the territory that the filters keep (those already invited are left)."""
    found = establishments_in(
        get_warehouse(), territory_communes(campaign.territory), naf_prefix=filters.naf_prefix,
        size_bands=filters.size_bands, epci=filters.epci, commune=filters.commune,
        employers_only=filters.employers_only, limit=limit,
    )  # fmt: skip
    with transaction.atomic():
        return _create(campaign, found, {})


def check_siret(siret: str, found: dict[str, ListedEstablishment], communes: set[str]) -> str:
    """The reason this SIRET cannot be invited, or ''."""
    if not siret.isdigit() or len(siret) != 14:
        return _("a SIRET has 14 digits (got « %(value)s »)") % {"value": siret}
    if not siret_valid(siret):
        return _("SIRET %(siret)s is not valid: its check digit (Luhn) is wrong") % {"siret": siret}
    if siret not in found:
        return _("no establishment with SIRET %(siret)s in the SIRENE data of the warehouse") % {"siret": siret}
    if found[siret].commune not in communes:
        return _("the establishment %(siret)s is not in the territory (commune %(commune)s)") % {
            "siret": siret, "commune": found[siret].commune}  # fmt: skip
    return ""


def _check_email(email: str) -> str:
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        return _("« %(value)s » is not an email address") % {"value": email}
    return ""


def territory_communes(territory: Territory) -> set[str]:
    return set(territory.communes.values_list("code", flat=True))


def invite(campaign: Campaign, siret: str, email: str = "") -> Invitation:
    """Invite one establishment by hand, or set the email of one already invited."""
    siret, email = siret.replace(" ", ""), email.strip()
    found = establishments_by_siret(get_warehouse(), [siret]) if siret.isdigit() else {}
    problem = check_siret(siret, found, territory_communes(campaign.territory)) or _check_email(email)
    if problem:
        raise InvitationError([(0, problem)])
    with transaction.atomic():
        _create(campaign, [found[siret]], {siret: email})
    return campaign.invitations.get(siret=siret)


def import_invitations(campaign: Campaign, content: bytes) -> list[Invitation]:
    """A CSV file with the columns ``siret`` and ``email`` (``;`` or ``,``): every line is checked, then all
    are invited in one transaction, or none if any line is wrong."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise InvitationError([(line, _("the file is not in UTF-8"))]) from None
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "siret" not in header:
        raise InvitationError([(1, _("the first line must name the columns, among them « siret » and « email »"))])
    reader.fieldnames = header
    rows = [(n, (row.get("siret") or "").replace(" ", ""), (row.get("email") or "").strip())
            for n, row in enumerate(reader, start=2)]  # fmt: skip
    found = establishments_by_siret(get_warehouse(), [s for _n, s, _e in rows if s.isdigit()])
    communes = territory_communes(campaign.territory)
    problems = [(n, p) for n, siret, email in rows if (p := check_siret(siret, found, communes) or _check_email(email))]
    seen = Counter(siret for _n, siret, _e in rows)
    problems += [(n, _("SIRET %(siret)s appears twice") % {"siret": s}) for n, s, _e in rows if seen[s] > 1]
    if problems:
        raise InvitationError(sorted(problems))
    if not rows:
        raise InvitationError([(2, _("the file holds no establishment"))])
    with transaction.atomic():
        return _create(campaign, [found[s] for _n, s, _e in rows], {s: e for _n, s, e in rows if e})


def pending_invitations(
    campaign: Campaign, reminder: bool = False, today: dt.date | None = None, since: dt.date | None = None
):
    """The invitations to email: not sent yet, or, with ``reminder``, sent and not answered nor reminded today
    (nor since ``since``: a reminder that went on, after a failure, the next day)."""
    today = today or timezone.localdate()
    pending = campaign.invitations.exclude(email="").filter(response__isnull=True)
    if reminder:
        pending = pending.filter(sent_on__isnull=False).exclude(reminded_on=today)
        return pending.exclude(reminded_on__gte=since) if since else pending
    return pending.filter(sent_on__isnull=True)


def send_invitations(
    campaign: Campaign,
    answer_url: Callable[[Invitation], str],
    reminder: bool = False,
    today: dt.date | None = None,
    sent_one: Callable[[int], None] | None = None,
    since: dt.date | None = None,
) -> int:
    """Email the invitations not sent yet (or, with ``reminder``, those sent and not answered, at most one
    reminder a day). Each is marked sent only once the mail server has taken it, so that sending again
    after a failure (or a task run again) emails only the others. ``sent_one(n)`` is called after each;
    ``since`` leaves out those reminded since that day."""
    today = today or timezone.localdate()
    pending = pending_invitations(campaign, reminder, today, since)
    template = "consultation/email/reminder.txt" if reminder else "consultation/email/invitation.txt"
    subject = (_("Reminder: %(title)s") if reminder else "%(title)s") % {"title": campaign.title}
    sent = 0
    with get_connection() as connection:
        for invitation in pending:
            context = {"campaign": campaign, "invitation": invitation, "url": answer_url(invitation),
                       "territory": campaign.territory}  # fmt: skip
            body = render_to_string(template, context)
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email],
                                   connection=connection)  # fmt: skip
            if message.send():
                field = "reminded_on" if reminder else "sent_on"
                Invitation.objects.filter(pk=invitation.pk).update(**{field: today})
                sent += 1
                if sent_one:
                    sent_one(sent)
    return sent


def response_rates(campaign: Campaign) -> dict[str, list[Rate]]:
    """Invited and answered establishments by sector, size class and EPCI (leaders' answers are not anonymous)."""
    rows = list(campaign.invitations.values_list("segments", "response__id"))
    rates: dict[str, list[Rate]] = {}
    for dimension in RATE_DIMENSIONS:
        invited, answered = Counter(), Counter()
        for segments, response in rows:
            value = segments.get(dimension) or "—"
            invited[value] += 1
            answered[value] += response is not None
        rates[dimension] = [Rate(v, invited[v], answered[v]) for v in sorted(invited, key=lambda v: (-invited[v], v))]
    return rates
