"""``tindus programme``: the programme's steering roles, granted and revoked by a platform administrator."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.models import SteeringRole
from tindus.programme import roles
from tindus.programme.report_cli import add_report_arguments, run_report


class Command(BaseCommand):
    help = gettext_lazy(
        "The programme's steering roles: 'grant' gives a person a role on a région (regional coordinator, regional "
        "steering committee member) or on all of France (national programme team), 'revoke' takes it back, "
        "'roles' lists who holds which. A steering role reads what territories share, never edits a territory. "
        "'report' writes the yearly programme report of a région or of France (PDF or XLSX)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        role_help = _("the role (required): %(roles)s") % {
            "roles": ", ".join(f"{value} ({label})" for value, label in SteeringRole.choices)
        }
        region_help = _("the région's code, e.g. 27 for Bourgogne-Franche-Comté (not for national_team)")
        grant = sub.add_parser("grant", help=_("give a person a steering role"))
        # --email and --role are checked in handle(), to refuse their absence in the reader's language.
        grant.add_argument("--email", help=_("the person's e-mail address (required)"))
        grant.add_argument("--role", metavar="ROLE", help=role_help)
        grant.add_argument("--region", metavar="CODE", help=region_help)
        grant.add_argument("--organisation", default="", help=_("their organisation, e.g. « Préfecture de région »"))
        grant.add_argument("--create", action="store_true", help=_("create the account if there is none"))
        grant.add_argument("--first-name", default="", help=_("a new account: first name"))
        grant.add_argument("--last-name", default="", help=_("a new account: last name"))
        grant.add_argument(
            "--site",
            default="http://127.0.0.1:8000/",
            help=_("a new account: the site's address, for the password-setting link"),
        )
        grant.add_argument("--json", action="store_true", help=_("print JSON"))
        revoke = sub.add_parser("revoke", help=_("take a steering role back"))
        revoke.add_argument("--email", help=_("the person's e-mail address (required)"))
        revoke.add_argument("--role", metavar="ROLE", help=role_help)
        revoke.add_argument("--region", metavar="CODE", help=region_help)
        revoke.add_argument("--json", action="store_true", help=_("print JSON"))
        listing = sub.add_parser("roles", help=_("list the steering roles and who holds them"))
        listing.add_argument("--region", metavar="CODE", help=_("only this région's"))
        listing.add_argument("--role", metavar="ROLE", help=_("only this role"))
        listing.add_argument("--json", action="store_true", help=_("print JSON"))
        add_report_arguments(sub)

    def handle(self, *args, **options) -> None:
        if options["action"] == "report":
            run_report(self, options)
            return
        if options["action"] in ("grant", "revoke"):
            if not (options["email"] or "").strip():
                raise CommandError(_("Give the person's e-mail address with --email."))
            if not (options["role"] or "").strip():
                raise CommandError(
                    _("Give the role with --role: %(roles)s.") % {"roles": ", ".join(SteeringRole.values)}
                )
        try:
            getattr(self, f"_{options['action']}")(options)
        except roles.RoleError as error:
            raise CommandError(str(error)) from None

    def _grant(self, options) -> None:
        granted = roles.grant(
            options["email"], options["role"], options["region"], options["organisation"],
            create=options["create"], first_name=options["first_name"], last_name=options["last_name"],
            site=options["site"],
        )  # fmt: skip
        membership = granted.membership
        if options["json"]:
            data = {**roles.as_dict(membership), "granted": granted.created, "new_account": granted.new_account}
            if granted.link:
                data["password_link"] = granted.link
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        subject = {"email": membership.user.email, "role": roles.describe(membership)}
        if granted.created:
            self.stdout.write(_("%(email)s is now %(role)s.") % subject)
        else:
            self.stdout.write(_("%(email)s was already %(role)s: nothing changed.") % subject)
        if granted.link:
            self.stdout.write(
                _("New account: send this link to its holder to choose a password (single use): %(link)s")
                % {"link": granted.link}
            )

    def _revoke(self, options) -> None:
        membership = roles.revoke(options["email"], options["role"], options["region"])
        if options["json"]:
            self.stdout.write(json.dumps({**roles.as_dict(membership), "revoked": True}, ensure_ascii=False))
            return
        self.stdout.write(
            _("%(email)s is no longer %(role)s.") % {"email": membership.user.email, "role": roles.describe(membership)}
        )

    def _roles(self, options) -> None:
        found = roles.memberships(options["region"], options["role"])
        if options["json"]:
            self.stdout.write(json.dumps([roles.as_dict(m) for m in found], ensure_ascii=False))
            return
        if not found:
            self.stdout.write(_("Nobody holds a steering role."))
            return
        for m in found:
            where = f"{m.region.code} {m.region.name}" if m.region else _("all of France")
            name = m.user.get_full_name() or "—"
            self.stdout.write(
                f"{where:<32} {m.get_role_display()!s:<40} {m.user.email:<40} {name}"
                + (f" ({m.organisation})" if m.organisation else "")
            )
