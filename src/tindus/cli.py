"""The ``tindus`` command: every batch job of the platform, as subcommands.

``tindus <command> [options]`` runs the Django management command of that name with Tindus'
settings; ``tindus help`` or ``tindus --help`` lists what a newcomer needs.
"""

from __future__ import annotations

import os
import sys


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it yet (extracted by makemessages)."""
    return message


TINDUS_COMMANDS = [
    ("setup", gettext_noop("prepare the database, reference data and demo content (safe to re-run)")),
    (
        "serve [--port N] [--dev]",
        gettext_noop("serve the web application on http://127.0.0.1:8000 with a task worker; --dev: reloading server"),
    ),
    (
        "account unlock|reset-second-factor EMAIL",
        gettext_noop("let someone sign in again: clear their failed sign-ins, or remove their authenticator app"),
    ),
    (
        "programme grant --email E --role R [--region CODE] [--json]",
        gettext_noop("give a person a programme steering role, on a région (its code, e.g. 27) or national"),
    ),
    (
        "programme revoke --email E --role R [--region CODE] [--json]",
        gettext_noop("take a programme steering role back"),
    ),
    ("programme roles [--region CODE] [--json]", gettext_noop("list who holds which programme steering role")),
    (
        "programme report --year Y [--region CODE] --output FILE [--format pdf|xlsx]",
        gettext_noop("write the yearly programme report of a région or of France (PDF or XLSX)"),
    ),
    (
        "worker [--queues default] [--batch]",
        gettext_noop("run the background jobs (Ctrl-C stops it once the current job is done)"),
    ),
    (
        "tasks run-periodic|status [--json]",
        gettext_noop("enqueue the periodic tasks that are due (for cron), or show the queue and its workers"),
    ),
    (
        "backup DIR",
        gettext_noop("back up the database, the current warehouse version and the uploaded files into a new folder"),
    ),
    (
        "restore DIR [--check]",
        gettext_noop("restore a backup, all or nothing (refused if newer, damaged or of another database engine)"),
    ),
    (
        "privacy export --person EMAIL|--company SIRET OUT",
        gettext_noop("write everything about a person or a company to a JSON or zip file (an access request)"),
    ),
    (
        "privacy erase --person EMAIL|--company SIRET",
        gettext_noop("anonymise a person's account, or erase a company's data, after confirmation"),
    ),
    ("privacy log [--json]", gettext_noop("the exports and erasures of personal data, with who did them")),
    ("referentials load", gettext_noop("load or reload the reference data shipped with Tindus")),
    ("territory list [--wave 1|2] [--json]", gettext_noop("list the official Territoires d'industrie")),
    (
        "territory show --wave 1 ti-2704 [--json]",
        gettext_noop("show one territory: EPCI, communes, population"),
    ),
    (
        "plan export --wave 1 ti-2701 --out plan.xlsx [--template]",
        gettext_noop("write a territory's action plan to the XLSX workbook (or the empty template)"),
    ),
    (
        "plan import --wave 1 ti-2701 plan.xlsx",
        gettext_noop("import an action-plan workbook: all or nothing, every problem with its sheet and line"),
    ),
    (
        "plan state --wave 1 ti-2701 [--date 2020-06-30] --out etat.pdf",
        gettext_noop("write the PDF state of the action plan at a date, for a committee"),
    ),
    ("demo load", gettext_noop("create the demo workspaces and one account per role (not in production)")),
    (
        "data fetch sirene|urssaf [--departements 21,25] [--import]",
        gettext_noop("download SIRENE or URSSAF from the official addresses"),
    ),
    (
        "data import PATH… [--synthetic] [--json]",
        gettext_noop("import files (CSV, zip, csv.gz, Parquet; detected by content)"),
    ),
    (
        "data synth --departements 21,25 --seed N --out DIR",
        gettext_noop("write synthetic SIRENE and URSSAF files"),
    ),
    ("data status [--json]", gettext_noop("what the warehouse holds, with its provenance")),
    (
        "diagnostic --wave 1 ti-2704 [--format json|html|pdf|xlsx]",
        gettext_noop("the industrial diagnostic of a territory or an EPCI"),
    ),
    (
        "diagnostic parquet --output FILE [--background]",
        gettext_noop("the diagnostic's indicator tables of every territory in one Parquet file (secrecy applied)"),
    ),
    (
        "opendata export [--territory SLUG]…",
        gettext_noop("publish the open-data bundle: the public part of every territory (CSV, GeoJSON, Parquet)"),
    ),
    (
        "employment bmo [FILE…] [--json]",
        gettext_noop("load France Travail's BMO files for every territory (the shipped ones when none is given)"),
    ),
    ("employment status [--json]", gettext_noop("the BMO files loaded, national and of each territory")),
    (
        "events schedule --in instance.json --out schedule.json [--time-limit 30]",
        gettext_noop("place an event's meetings in slots and at tables: the most weight, then the fewest idle gaps"),
    ),
    (
        "land check FILE…",
        gettext_noop("validate a GeoPackage or CSV files against the CNIG « Sites économiques » standard"),
    ),
    (
        "land export --territory SLUG --format gpkg|csv|geojson --out PATH",
        gettext_noop("write a territory's inventory of economic zones in the standard (validated first)"),
    ),
    ("land import --territory SLUG FILE…", gettext_noop("import files of the standard into a territory's inventory")),
]


def _overview() -> str:
    from django.utils.translation import gettext as _

    lines = [
        _("Tindus: the open workbench of the Territoires d'industrie."),
        "",
        _("Usage: tindus COMMAND [options]   (tindus COMMAND --help for its options)"),
        "",
        _("Commands:"),
    ]
    lines += [f"  {command:<44} {_(text)}" for command, text in TINDUS_COMMANDS]
    lines += [
        "",
        _("Every Django administration command also works (tindus migrate, tindus createsuperuser…)."),
        _("Settings come from environment variables: DATABASE_URL, TINDUS_ENV, TINDUS_VAR_DIR (see the README)."),
    ]
    return "\n".join(lines)


def _management_utility(argv: list[str]):
    """Django's command runner, with each command's help rendered as text before argparse reads it.

    Tindus' commands declare ``help`` with ``gettext_lazy`` so that it follows ``TINDUS_LANGUAGE``;
    argparse formats the description with regular expressions, which accept only real strings.
    """
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        def fetch_command(self, subcommand: str):
            command = super().fetch_command(subcommand)
            if command.help:
                command.help = str(command.help)
            return command

    return Utility(argv)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tindus.config.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    from django.utils import translation

    translation.activate(os.environ.get("TINDUS_LANGUAGE", "fr"))
    if not argv or argv[0] in ("help", "-h", "--help"):
        print(_overview())
        return
    _management_utility(["tindus", *argv]).execute()


if __name__ == "__main__":
    main()
