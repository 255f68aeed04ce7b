import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy(
        "Serve the web application (development server; use gunicorn tindus.config.wsgi in production)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help=_("port"))

    def handle(self, *args, **options) -> None:
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(_("Tindus is served on http://%(address)s/") % {"address": address}))
        call_command("runserver", address, use_reloader=False, skip_checks=False)
