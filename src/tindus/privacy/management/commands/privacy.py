"""``tindus privacy``: access requests and erasures of personal data, recorded in the privacy log."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.core.people import display_name
from tindus.privacy import services
from tindus.privacy.collect import find_person
from tindus.privacy.erase import company_preview, person_preview
from tindus.privacy.forms import CompanyForm
from tindus.privacy.labels import COMPANY_EFFECTS, PERSON_EFFECTS, counted
from tindus.privacy.models import Record
from tindus.privacy.templatetags.privacy_tags import record_items, record_subject
from tindus.territories.models import Territory


class Command(BaseCommand):
    help = gettext_lazy(
        "Personal data: 'export' writes everything about a person (by e-mail) or a company (by SIRET) to a JSON "
        "file, or a zip of JSON and CSV files; 'erase' anonymises a person's account or erases a company's data; "
        "'log' lists the exports and erasures. Each export and erasure is recorded in the log."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser("export", help=_("write everything about a person or a company to a file"))
        self._subject(export)
        export.add_argument("out", metavar="OUT", help=_("the file to write: .json, or .zip for JSON and CSV files"))
        erase = sub.add_parser("erase", help=_("anonymise a person's account, or erase a company's data"))
        self._subject(erase)
        erase.add_argument("--delete-comments", action="store_true", help=_("a person: delete their comments too"))
        erase.add_argument(
            "--no-input", action="store_false", dest="interactive", help=_("do not ask for confirmation")
        )
        log = sub.add_parser("log", help=_("the exports and erasures of personal data, newest first"))
        log.add_argument("--json", action="store_true", help=_("print JSON"))

    def _subject(self, parser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--person", metavar="EMAIL", help=_("the person's e-mail address"))
        who.add_argument("--company", metavar="SIRET", help=_("the company's SIRET"))
        parser.add_argument("--territory", metavar="SLUG", help=_("a company: only what this territory holds"))
        parser.add_argument("--request", default="", help=_("how the request came (kept in the log)"))

    def handle(self, *args, **options) -> None:
        if options["action"] == "log":
            self._log(options["json"])
            return
        person, siret, territory = self._resolve(options)
        if options["action"] == "export":
            self._export(person, siret, territory, Path(options["out"]), options["request"])
        else:
            self._erase(person, siret, territory, options)

    def _resolve(self, options):
        territory = None
        if options["territory"]:
            territory = Territory.objects.filter(slug=options["territory"]).first()
            if territory is None:
                raise CommandError(_("No territory has the address %(slug)s.") % {"slug": options["territory"]})
        if options["person"]:
            if territory is not None:
                raise CommandError(_("--territory applies to a company only: a person's data span every territory."))
            person = find_person(options["person"])
            if person is None:
                raise CommandError(_("No account has the e-mail address %(email)s.") % {"email": options["person"]})
            return person, None, None
        form = CompanyForm({"siret": options["company"]})
        if not form.is_valid():
            raise CommandError(" ".join(form.errors["siret"]))
        return None, form.cleaned_data["siret"], territory

    def _export(self, person, siret, territory, out: Path, request: str) -> None:
        fmt = "zip" if out.suffix.lower() == ".zip" else "json"
        if person is not None:
            _name, data = services.export_person(person, fmt, request_reference=request)
        else:
            _name, data = services.export_company(siret, territory, fmt, request_reference=request)
        out.write_bytes(data)
        self.stdout.write(
            _("Written to %(file)s (%(size)s bytes); recorded in the log.") % {"file": out, "size": len(data)}
        )

    def _erase(self, person, siret, territory, options) -> None:
        subject = person.email if person is not None else siret
        if person is not None:
            effects = counted(person_preview(person), PERSON_EFFECTS)
        else:
            effects = counted(company_preview(siret, territory), COMPANY_EFFECTS)
        if options["interactive"]:
            for label, count in effects:
                self.stdout.write(f"  {label} ({count})")
            typed = input(_("This cannot be undone. To confirm, type %(subject)s again: ") % {"subject": subject})
            if typed.strip().lower() != subject.lower():
                raise CommandError(_("This is not what the erasure is about: nothing was erased."))
        if person is not None:
            services.erase_person(
                person, delete_comments=options["delete_comments"], request_reference=options["request"]
            )
            self.stdout.write(_("The account of %(email)s was anonymised.") % {"email": subject})
        else:
            services.erase_company(siret, territory, request_reference=options["request"])
            self.stdout.write(_("The data of the company %(siret)s were erased.") % {"siret": siret})

    def _log(self, as_json: bool) -> None:
        records = Record.objects.select_related("actor", "territory")[:500]
        if as_json:
            rows = [{"at": r.at.isoformat(timespec="seconds"), "action": r.action, "kind": r.subject_kind,
                     "subject": r.subject, "territory": r.territory.slug if r.territory else None,
                     "by": display_name(r.actor) if r.actor else r.actor_label, "channel": r.channel,
                     "request": r.request_reference, "counts": r.counts} for r in records]  # fmt: skip
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for r in records:
            by = display_name(r.actor) if r.actor else r.actor_label
            self.stdout.write(f"{r.at:%Y-%m-%d %H:%M}  {r.get_action_display()}  {r.get_subject_kind_display()} "
                              f"{record_subject(r)}  {by}  {record_items(r)}")  # fmt: skip
