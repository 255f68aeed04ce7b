"""``tindus account``: what a platform administrator does for someone who cannot sign in."""

from axes.utils import reset as reset_failures
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from tindus.accounts.throttling import normalised


class Command(BaseCommand):
    help = gettext_lazy(
        "Help someone who cannot sign in: 'unlock' clears their failed sign-ins (the lock after too many wrong "
        "passwords); 'reset-second-factor' removes their authenticator app (a lost phone)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        unlock = sub.add_parser("unlock", help=_("clear the failed sign-ins of an account, from every address"))
        unlock.add_argument("email", help=_("the account's email address"))
        reset = sub.add_parser("reset-second-factor", help=_("remove the authenticator app of an account"))
        reset.add_argument("email", help=_("the account's email address"))

    def handle(self, *args, **options) -> None:
        email = options["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(_("No account has the email address %(email)s.") % {"email": email})
        if options["action"] == "unlock":
            count = reset_failures(username=normalised(user.get_username()))
            self.stdout.write(_("%(email)s may sign in again (%(count)s failed sign-ins cleared).")
                              % {"email": user.email, "count": count})  # fmt: skip
        else:
            deleted, _details = TOTPDevice.objects.filter(user=user).delete()
            if not deleted:
                raise CommandError(_("%(email)s has no second factor.") % {"email": user.email})
            self.stdout.write(_("%(email)s signs in with their password alone until they set up a new app.")
                              % {"email": user.email})  # fmt: skip
