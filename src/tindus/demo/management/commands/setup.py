from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.demo.loading import load_demo_employment, load_demo_land, load_demo_synergies, load_demo_warehouse
from tindus.diagnostic.demo import prepare_demo_diagnostic
from tindus.employment.bmo_store import load_shipped_bmo


class Command(BaseCommand):
    help = gettext_lazy(
        "Prepare this installation: create the database tables, load the reference data if it changed, "
        "and (outside production) the demo workspaces. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-demo", action="store_true", help=_("do not create the demo content"))

    def handle(self, *args, **options) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("referentials", "load", "--if-changed", verbosity=options["verbosity"])
        load_shipped_bmo(self.stdout.write)  # France Travail's national BMO files shipped in employment/data
        if settings.DEMO_ENABLED and not options["no_demo"]:
            call_command("demo", "load")
            load_demo_warehouse(self.stdout.write)
            load_demo_synergies(self.stdout.write)
            load_demo_employment(self.stdout.write)
            load_demo_land(self.stdout.write)
            prepare_demo_diagnostic(self.stdout.write)
