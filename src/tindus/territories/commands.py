"""Naming a territory on the command line: the arguments and the lookup shared by the commands."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Territory


def add_territory_arguments(parser: CommandParser) -> None:
    parser.add_argument("id", help=gettext_lazy("official id (ti-2704) or custom territory address"))
    parser.add_argument("--wave", type=int, help=gettext_lazy("wave of an official territory (1 or 2)"))


def find_territory(wave: int | None, identifier: str) -> Territory:
    """An official territory by (wave, id), or a custom one by its address; CommandError if none."""
    filters = (
        {"kind": "official", "wave": wave, "official_id": identifier}
        if wave
        else {"kind": "custom", "slug": identifier}
    )
    territory = Territory.objects.filter(**filters).first()
    if territory is None:
        raise CommandError(_("No territory %(id)s (wave %(wave)s).") % {"id": identifier, "wave": wave})
    return territory
