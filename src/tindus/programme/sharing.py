"""What a territory shares with the programme's steering, said plainly, and who that steering is.

The sharing rule (docs/programme.md): public content is always visible; each kind of private figure goes
upward at the level the territory chose (:class:`~tindus.programme.models.Level`). The texts below tell a
territory's team, kind by kind, what the steering sees at each level, so that the choice is an informed
one; the steering pages apply the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tindus.accounts.models import SteeringMembership, SteeringRole
from tindus.referentials.models import Region
from tindus.territories.models import Territory

from .models import Level, SharingSettings
from .scope import main_regions

# kind → level → what the steering sees at that level (public content is visible at every level).
EXPLANATIONS: dict[str, dict[str, object]] = {
    "plan": {
        Level.NOTHING: _("Only the projects shown on your public site. For the others the steering reads « not "
                         "shared »: no count, no status."),
        Level.AGGREGATED: _("Also the number of your projects by status, the share started and completed, and the "
                            "number of late milestones, with no title of a private project."),
        Level.DETAILED: _("Also each private project, listed with its title, porteur and status."),
    },
    "funding": {
        Level.NOTHING: _("No amount: the steering reads « not shared » for your funding."),
        Level.AGGREGATED: _("Your totals by financeur and by stage (requested, committed, paid), all projects "
                            "together."),
        Level.DETAILED: _("Also the amounts of each project, by financeur and by stage."),
    },
    "governance": {
        Level.NOTHING: _("Only the instances and milestones shown on your public site (protocol, contract, public "
                         "committees)."),
        Level.AGGREGATED: _("Also the number of committees held in the last 12 months."),
        Level.DETAILED: _("Also the dates of your private meetings and milestones."),
    },
    "consultation": {
        Level.NOTHING: _("Only the results you published for everyone."),
        Level.AGGREGATED: _("Also the number of respondents of your consultations, leaders and employees, all "
                            "consultations together."),
        Level.DETAILED: _("Also the participation of each consultation: its title, dates and respondents."),
    },
    "synergies": {
        Level.NOTHING: _("No figure of your synergies."),
        Level.AGGREGATED: _("The number of synergies implemented, the tonnes diverted and the CO2e avoided, all "
                            "together."),
        Level.DETAILED: _("Also the figures of each synergy implemented, never the names of the companies."),
    },
    "events": {
        Level.NOTHING: _("No figure of your events."),
        Level.AGGREGATED: _("The number of events, of companies registered and of meetings held, all events "
                            "together."),
        Level.DETAILED: _("Also the figures of each event: its title, date, companies and meetings."),
    },
}  # fmt: skip


def settings_of(territory: Territory) -> SharingSettings:
    """The territory's settings, or the defaults (unsaved) when it has chosen nothing yet."""
    found = SharingSettings.objects.filter(territory=territory).select_related("updated_by").first()
    return found if found is not None else SharingSettings(territory=territory)


@dataclass(frozen=True)
class KindRow:
    """One kind of content on the sharing page: its label, the level in force, what each level shows."""

    kind: str
    label: str
    level: str
    level_label: str
    levels: list[tuple[str, str, str, bool]]  # (level, its label, what the steering sees, is the default)


def kind_rows(sharing: SharingSettings) -> list[KindRow]:
    rows = []
    for kind in SharingSettings.KINDS:
        field = SharingSettings._meta.get_field(kind)
        level = getattr(sharing, kind)
        levels = [(value, capfirst(str(label)), str(EXPLANATIONS[kind][value]), value == field.default)
                  for value, label in Level.choices]  # fmt: skip
        rows.append(KindRow(kind, capfirst(str(field.verbose_name)), level, capfirst(str(Level(level).label)), levels))
    return rows


@dataclass(frozen=True)
class Steering:
    """Who reads what the territory shares: the steering of its région and the national team."""

    region: Region | None
    regional: list[tuple[str, str, str]]  # (name, organisation, role label)
    national_count: int


def steering_of(territory: Territory) -> Steering:
    region_id = main_regions([territory.pk]).get(territory.pk)
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    regional = []
    if region is not None:
        memberships = SteeringMembership.objects.filter(region=region, user__is_active=True).select_related("user")
        for m in memberships.order_by("role", "user__last_name", "user__first_name"):
            name = m.user.get_full_name() or m.user.email or m.user.get_username()
            regional.append((name, m.organisation, str(m.get_role_display())))
    national = (
        get_user_model()
        .objects.filter(is_active=True, steering_memberships__role=SteeringRole.NATIONAL_TEAM)
        .distinct()
        .count()
    )
    return Steering(region, regional, national)
