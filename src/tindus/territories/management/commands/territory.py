import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.core.collation import sorted_by_name
from tindus.territories.models import Groupement, Territory


def _summary(territory: Territory) -> dict:
    return {
        "wave": territory.wave,
        "id": territory.official_id or territory.slug,
        "name": territory.name,
        "kind": territory.kind,
        "population": territory.population,
        "communes": territory.commune_count,
        "cog_vintage": territory.cog_vintage,
    }


class Command(BaseCommand):
    help = gettext_lazy("Territories: 'list' the official Territoires d'industrie, 'show' one of them.")

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help=_("list territories"))
        listing.add_argument("--wave", type=int, choices=[1, 2], help=_("only this wave"))
        listing.add_argument("--custom", action="store_true", help=_("list custom territories instead"))
        listing.add_argument("--json", action="store_true", help=_("print JSON"))
        show = sub.add_parser("show", help=_("show one territory: EPCI, communes, population"))
        show.add_argument("--wave", type=int, help=_("wave of an official territory (1 or 2)"))
        show.add_argument("id", help=_("official id (ti-2704) or, for a custom territory, its address"))
        show.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options) -> None:
        if options["action"] == "list":
            self._list(options)
        else:
            self._show(options)

    def _list(self, options) -> None:
        territories = Territory.objects.filter(
            kind=Territory.Kind.CUSTOM if options["custom"] else Territory.Kind.OFFICIAL
        )
        if options["wave"]:
            territories = territories.filter(wave=options["wave"])
        rows = [_summary(t) for t in territories.order_by("wave", "official_id", "name")]
        if not rows and not options["custom"] and not Territory.objects.exists():
            raise CommandError(_("No territory loaded: run 'tindus referentials load' first."))
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['wave'] or '-'}  {row['id']:<10} {row['name']:<60} "
                f"{row['communes']:>5} {_('communes')} {row['population']:>10} {_('inhabitants')}"
            )

    def _show(self, options) -> None:
        wave, ident = options["wave"], options["id"]
        if wave is not None and wave not in (1, 2):
            raise CommandError(
                _("Unknown wave %(wave)s: the waves are 1 (2019-2022) and 2 (2023-2027).") % {"wave": wave}
            )
        try:
            if wave is None:
                territory = Territory.objects.get(kind=Territory.Kind.CUSTOM, slug=ident)
            else:
                territory = Territory.objects.get(kind=Territory.Kind.OFFICIAL, wave=wave, official_id=ident)
        except Territory.DoesNotExist:
            if wave is None:
                raise CommandError(
                    _("No custom territory %(id)s (give --wave 1 or --wave 2 for an official one).") % {"id": ident}
                ) from None
            raise CommandError(
                _("No Territoire d'industrie %(id)s in wave %(wave)s.") % {"id": ident, "wave": wave}
            ) from None
        groupements = sorted_by_name(territory.groupements.all())
        data = {
            **_summary(territory),
            "epci": [{"siren": g.siren, "name": g.name} for g in groupements if g.nature == Groupement.Nature.EPCI],
            "groupements": [
                {
                    "siren": g.siren,
                    "name": g.name,
                    "nature": g.nature,
                    "communes": g.commune_count,
                    "population": g.population,
                }
                for g in groupements
            ],
            "departements": [d.code for d in territory.departements()],
            "regions": [r.code for r in territory.regions()],
            "source": _("ANCT (perimeter), INSEE COG %(vintage)s (communes, populations)")
            % {"vintage": territory.cog_vintage},
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{data['name']} ({_('wave')} {data['wave']}, {data['id']})")
        self.stdout.write(f"  {data['communes']} {_('communes')}, {data['population']} {_('inhabitants')}")
        for g in data["groupements"]:
            self.stdout.write(f"  - {g['name']} [{g['nature']} {g['siren']}] {g['communes']} {_('communes')}")
        self.stdout.write(f"  {data['source']}")
