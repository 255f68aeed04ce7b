from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.demo import DEMO_PASSWORD
from tindus.demo.loading import DemoUnavailableError, load_demo
from tindus.referentials.models import Region


class Command(BaseCommand):
    help = gettext_lazy(
        "Demo workspaces: 'load' marks the two seed territories as demo and creates one account per role."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("load", help=_("create or refresh the demo content (never in production)"))

    def handle(self, *args, **options) -> None:
        try:
            accounts = load_demo()
        except DemoUnavailableError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Demo accounts (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for account in accounts:
            role = _("platform administrator") if account.role == "admin" else account.role.label
            if account.steers:
                where = Region.objects.get(code=account.region).name if account.region else _("all of France")
                role = f"{role} · {where}"
            self.stdout.write(f"  {account.email:<40} {role}")
