"""Import a plan workbook into a territory, and export a territory's plan to the same workbook.

The import is all or nothing: every line is checked first (types, codes, links between sheets,
the same rules as the forms); if anything is wrong, nothing is written and every problem is
reported with its sheet, line, column and reason. Axes are matched by code and projects by their
reference, so importing an exported plan again updates it instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tindus.territories.models import Territory

from .compute.workbook import Problem, WorkbookError, read_workbook, write_workbook
from .forms import check_siret
from .models import (
    Axis,
    BudgetLine,
    Financeur,
    Funding,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    Status,
)
from .services import axes_in_order, change_status, create_project, plan_of


@dataclass(frozen=True)
class ImportReport:
    axes_created: int
    axes_updated: int
    projects_created: int
    projects_updated: int


# The workbook's own words for each choice: part of the file format, so they do not follow the
# interface language (the codes are accepted too).
FILE_WORDS: dict[type, dict[str, str]] = {
    Status: {
        Status.IDEA: "idée", Status.PREPARING: "en préparation", Status.IN_PROGRESS: "en cours",
        Status.DONE: "réalisé", Status.PAUSED: "en pause", Status.BLOCKED: "bloqué", Status.ABANDONED: "abandonné",
    },
    Project.Priority: {
        Project.Priority.HIGH: "haute", Project.Priority.MEDIUM: "moyenne", Project.Priority.LOW: "basse",
    },
    BudgetLine.Nature: {BudgetLine.Nature.INVESTMENT: "investissement", BudgetLine.Nature.OPERATING: "fonctionnement"},
    Financeur: {
        Financeur.STATE: "État", Financeur.REGION: "Région", Financeur.DEPARTEMENT: "Département",
        Financeur.EPCI: "EPCI", Financeur.COMMUNE: "Commune", Financeur.EUROPE: "Europe",
        Financeur.BANQUE_DES_TERRITOIRES: "Banque des Territoires", Financeur.BPIFRANCE: "Bpifrance",
        Financeur.ADEME: "ADEME", Financeur.OTHER_PUBLIC: "autre financeur public",
        Financeur.PRIVATE: "financeur privé", Financeur.SELF: "fonds propres du porteur",
    },
    Indicator.Kind: {
        Indicator.Kind.COUNT: "nombre", Indicator.Kind.QUANTITY: "quantité", Indicator.Kind.CHANGE: "variation",
    },
}  # fmt: skip

# The longest text each column may hold: the model's own limit, so the database never refuses a line.
TEXT_LIMITS: dict[str, list[tuple[str, str, int]]] = {
    "Axes": [("title", "intitulé", Axis._meta.get_field("title").max_length),
             ("description", "description", Axis._meta.get_field("description").max_length)],
    "Projets": [(key, header, Project._meta.get_field(key).max_length) for key, header in (
        ("title", "titre"), ("description", "description"), ("porteur_name", "porteur"), ("pilot", "pilote"),
        ("pilot_email", "courriel pilote"), ("partners", "partenaires"), ("public_summary", "résumé public"))],
    "Budget": [("label", "libellé", BudgetLine._meta.get_field("label").max_length)],
    "Financements": [("financeur_detail", "programme", Funding._meta.get_field("financeur_detail").max_length)],
    "Jalons": [("title", "jalon", Milestone._meta.get_field("title").max_length)],
    "Indicateurs": [("name", "indicateur", Indicator._meta.get_field("name").max_length),
                    ("unit", "unité", Indicator._meta.get_field("unit").max_length)],
}  # fmt: skip


def _word(choices: type, value: Any) -> str:
    return FILE_WORDS[choices][value]


def _choice_map(choices: type) -> dict[str, Any]:
    """The file's word and the code of each choice, in any case."""
    mapping: dict[str, Any] = {}
    for value, word in FILE_WORDS[choices].items():
        mapping[word.lower()] = value
        mapping[str(value).lower()] = value
    return mapping


def _split(value: str | None) -> list[str]:
    return [t.strip() for t in (value or "").replace(",", ";").split(";") if t.strip()]


def _parse_code(code: str) -> tuple[int, ...] | None:
    try:
        parts = tuple(int(p) for p in code.split("."))
    except ValueError:
        return None
    return parts if all(p > 0 for p in parts) else None


README = [
    "Modèle de plan d'actions Tindus — une feuille par nature de ligne ; ne changez pas les en-têtes.",
    "Axes : code « 1 » pour un levier, « 1.2 » pour un axe du levier 1, « 1.2.1 » pour un sous-axe…",
    "Projets : « réf » est votre code du projet (réutilisé par les autres feuilles) ; axes séparés par « ; » ;",
    "  statut : idée, en préparation, en cours, réalisé, en pause, bloqué, abandonné ;",
    "  priorité : haute, moyenne, basse ;",
    "  communes : codes INSEE séparés par « ; » ; public : oui ou non ; SIRET : 14 chiffres (facultatif).",
    "Budget : nature investissement ou fonctionnement ; montants en euros, jamais négatifs.",
    "Indicateurs : nature nombre, quantité ou variation (vide : nombre) ; seule une variation peut être négative.",
    "Financements : financeur État, Région, Département, EPCI, Commune, Europe, Banque des Territoires, Bpifrance,",
    "  ADEME, autre financeur public, financeur privé, fonds propres du porteur ; statut déduit des dates.",
    "Dates au format AAAA-MM-JJ ou JJ/MM/AAAA.",
]


def template_workbook() -> bytes:
    return write_workbook({}, README)


def export_workbook(territory: Territory) -> bytes:
    plan = plan_of(territory)
    projects = list(
        territory.projects.prefetch_related(
            "axes", "communes", "budgetlines", "fundings", "milestones", "indicators__values", "status_changes"
        ).order_by("reference", "pk")
    )
    axes = axes_in_order(plan)
    codes = {a.pk: a.code for a in axes}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows["Axes"] = [{"code": a.code, "title": a.title, "description": a.description} for a in axes]
    for p in projects:
        last_change = max(p.status_changes.all(), key=lambda c: (c.date, c.pk), default=None)
        rows["Projets"].append({
            "ref": p.ref, "title": p.title, "description": p.description, "porteur_name": p.porteur_name,
            "porteur_siret": p.porteur_siret or None, "pilot": p.pilot, "pilot_email": p.pilot_email,
            "partners": "; ".join(p.partner_list()), "axes": "; ".join(sorted(codes[a.pk] for a in p.axes.all())),
            "status": _word(Status, p.status), "status_date": last_change.date if last_change else None,
            "priority": _word(Project.Priority, p.priority), "start_date": p.start_date, "end_date": p.end_date,
            "communes": "; ".join(sorted(c.code for c in p.communes.all())), "is_public": p.is_public,
            "public_summary": p.public_summary,
        })  # fmt: skip
        for b in p.budgetlines.all():
            rows["Budget"].append({"project": p.ref, "nature": _word(BudgetLine.Nature, b.nature), "year": b.year,
                                   "label": b.label, "planned": b.planned, "actual": b.actual})  # fmt: skip
        for f in p.fundings.all():
            rows["Financements"].append({"project": p.ref, "financeur": _word(Financeur, f.financeur),
                "financeur_detail": f.financeur_detail, "year": f.year, "amount": f.amount,
                "requested_on": f.requested_on, "granted_on": f.granted_on, "paid_on": f.paid_on})  # fmt: skip
        for m in p.milestones.all():
            rows["Jalons"].append({"project": p.ref, "title": m.title, "planned_on": m.planned_on,
                                   "done_on": m.done_on})  # fmt: skip
        for i in p.indicators.all():
            rows["Indicateurs"].append({"project": p.ref, "name": i.name, "unit": i.unit, "target": i.target,
                                        "target_on": i.target_on, "kind": _word(Indicator.Kind, i.kind)})  # fmt: skip
            for v in i.values.all():
                rows["Mesures"].append({"project": p.ref, "indicator": i.name, "measured_on": v.measured_on,
                                        "value": v.value})  # fmt: skip
    return write_workbook(rows, README)


class _Checker:
    """Collects every problem of a parsed workbook before anything is written."""

    def __init__(self, territory: Territory, sheets: dict[str, list[tuple[int, dict[str, Any]]]]) -> None:
        self.territory = territory
        self.sheets = sheets
        self.problems: list[Problem] = []
        self.status = _choice_map(Status)
        self.priority = _choice_map(Project.Priority)
        self.nature = _choice_map(BudgetLine.Nature)
        self.financeur = _choice_map(Financeur)
        self.indicator_kind = _choice_map(Indicator.Kind)
        self.communes = {c.code: c for c in territory.communes.all()}

    def problem(self, sheet: str, line: int, column: str, reason: str) -> None:
        self.problems.append(Problem(sheet, line, column, reason))

    def choice(self, mapping: dict[str, Any], value: str | None, sheet: str, line: int, column: str) -> Any:
        if value is None:
            return None
        if value.lower() not in mapping:
            self.problem(sheet, line, column, _("« %(value)s » is not one of the accepted values") % {"value": value})
        return mapping.get(value.lower())

    def check(self) -> None:
        axis_codes: set[tuple[int, ...]] = set()
        for line, row in self.sheets["Axes"]:
            code = _parse_code(row["code"] or "")
            if code is None:
                self.problem("Axes", line, "code", _("an axis code is made of numbers separated by dots, e.g. 2.1"))
            elif code in axis_codes:
                self.problem("Axes", line, "code", _("this code appears twice"))
            elif len(code) > 1 and code[:-1] not in axis_codes:
                self.problem("Axes", line, "code", _("its parent %(parent)s is not defined on an earlier line")
                             % {"parent": ".".join(map(str, code[:-1]))})  # fmt: skip
            else:
                axis_codes.add(code)
        self.axis_codes = axis_codes
        refs: set[str] = set()
        for line, row in self.sheets["Projets"]:
            if row["ref"] in refs:
                self.problem("Projets", line, "réf", _("this reference appears twice"))
            refs.add(row["ref"])
            if row["ref"] and len(row["ref"]) > 20:
                self.problem("Projets", line, "réf", _("at most 20 characters"))
            for code in _split(row["axes"]):
                if _parse_code(code) not in axis_codes:
                    self.problem(
                        "Projets", line, "axes", _("the axis %(code)s is not in the Axes sheet") % {"code": code}
                    )
            row["status"] = self.choice(self.status, row["status"], "Projets", line, "statut")
            row["priority"] = self.choice(self.priority, row["priority"], "Projets", line, "priorité")
            if row["porteur_siret"]:
                try:
                    row["porteur_siret"] = check_siret(row["porteur_siret"])
                except ValidationError as error:
                    self.problem("Projets", line, "SIRET porteur", " ".join(error.messages))
            if row["pilot_email"]:
                try:
                    validate_email(row["pilot_email"])
                except ValidationError:
                    self.problem("Projets", line, "courriel pilote", _("not an email address"))
            if row["start_date"] and row["end_date"] and row["end_date"] < row["start_date"]:
                self.problem("Projets", line, "fin", _("the end is before the start"))
            if row["status_date"] and row["status_date"] > dt.date.today():
                self.problem("Projets", line, "statut depuis le", _("a status change cannot be dated in the future"))
            for code in _split(row["communes"]):
                if code not in self.communes:
                    self.problem("Projets", line, "communes",
                                 _("the commune %(code)s is not in the territory") % {"code": code})  # fmt: skip
        self.refs = refs
        for sheet, limits in TEXT_LIMITS.items():
            for line, row in self.sheets[sheet]:
                for key, header, limit in limits:
                    if row[key] and len(row[key]) > limit:
                        self.problem(sheet, line, header, _("at most %(n)d characters") % {"n": limit})
        for sheet in ("Budget", "Financements", "Jalons", "Indicateurs", "Mesures"):
            for line, row in self.sheets[sheet]:
                if row["project"] not in refs:
                    self.problem(sheet, line, "réf projet",
                                 _("no project %(ref)s in the Projets sheet") % {"ref": row["project"]})  # fmt: skip
                for key, header in (("planned", "prévu (€)"), ("actual", "réalisé (€)"), ("amount", "montant (€)")):
                    if row.get(key) is not None and row[key] < 0:
                        self.problem(sheet, line, header, _("an amount cannot be negative"))
                if "year" in row and row["year"] is not None and not 2000 <= row["year"] <= 2100:
                    self.problem(sheet, line, "année", _("give a year between 2000 and 2100"))
        for line, row in self.sheets["Budget"]:
            row["nature"] = self.choice(self.nature, row["nature"], "Budget", line, "nature")
        for line, row in self.sheets["Financements"]:
            row["financeur"] = self.choice(self.financeur, row["financeur"], "Financements", line, "financeur")
            if row["paid_on"] and not row["granted_on"]:
                self.problem("Financements", line, "versé le", _("a funding is paid only after it has been granted"))
            if row["granted_on"] and row["requested_on"] and row["granted_on"] < row["requested_on"]:
                self.problem("Financements", line, "accordé le", _("the grant date is before the request date"))
            if row["paid_on"] and row["granted_on"] and row["paid_on"] < row["granted_on"]:
                self.problem("Financements", line, "versé le", _("the payment date is before the grant date"))
        indicators: dict[tuple[str, str], Any] = {}
        for line, row in self.sheets["Indicateurs"]:
            row["kind"] = self.choice(self.indicator_kind, row["kind"], "Indicateurs", line, "nature")
            kind = row["kind"] or Indicator.Kind.COUNT
            if row["target"] is not None and row["target"] < 0 and kind != Indicator.Kind.CHANGE:
                self.problem("Indicateurs", line, "cible", _("only an indicator of change (variation) can be negative"))
            indicators[(row["project"], row["name"])] = kind
        for line, row in self.sheets["Mesures"]:
            kind = indicators.get((row["project"], row["indicator"]))
            if kind is None:
                self.problem("Mesures", line, "indicateur", _("this indicator is not in the Indicateurs sheet"))
            elif row["value"] is not None and row["value"] < 0 and kind != Indicator.Kind.CHANGE:
                self.problem("Mesures", line, "valeur", _("only an indicator of change (variation) can be negative"))


def import_workbook(territory: Territory, source: BinaryIO | bytes, user: Any = None) -> ImportReport:
    """Check the whole workbook, then write it in one transaction. Raises WorkbookError."""
    sheets = read_workbook(source, _)
    checker = _Checker(territory, sheets)
    checker.check()
    if checker.problems:
        raise WorkbookError(checker.problems, _)
    return _write(territory, sheets, checker, user)


def _save_all(objects: list) -> None:
    # One save per row (not bulk_create) so that each row enters the change history.
    for obj in objects:
        obj.save()


@transaction.atomic
def _write(territory: Territory, sheets: dict, checker: _Checker, user: Any) -> ImportReport:
    plan = plan_of(territory)
    existing_axes = {tuple(int(p) for p in a.code.split(".")): a for a in axes_in_order(plan)}
    axes: dict[tuple[int, ...], Axis] = {}
    created = updated = 0
    for _line, row in sheets["Axes"]:
        code = _parse_code(row["code"])
        axis = existing_axes.get(code)
        if axis is None:
            axis = Axis(plan=plan, parent=axes.get(code[:-1]), position=code[-1])
            created += 1
        else:
            updated += 1
        axis.title, axis.description = row["title"], row["description"] or ""
        axis.save()
        axes[code] = axis
    parts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for sheet in ("Budget", "Financements", "Jalons", "Indicateurs", "Mesures"):
        for _line, row in sheets[sheet]:
            parts[row["project"]][sheet].append(row)
    projects_created = projects_updated = 0
    today = dt.date.today()
    for _line, row in sheets["Projets"]:
        project = territory.projects.filter(reference=row["ref"]).first()
        is_new = project is None
        project = project or Project(territory=territory, reference=row["ref"], status=row["status"])
        for key in ("title", "porteur_name"):
            setattr(project, key, row[key])
        for key in ("description", "porteur_siret", "pilot", "pilot_email", "public_summary"):
            setattr(project, key, row[key] or "")
        project.partners = "\n".join(_split(row["partners"]))
        project.priority = row["priority"] or Project.Priority.MEDIUM
        project.start_date, project.end_date = row["start_date"], row["end_date"]
        project.is_public = bool(row["is_public"])
        if is_new:
            create_project(project, user, row["status_date"])
            projects_created += 1
        else:
            project.save()
            if project.status != row["status"]:
                change_status(project, row["status"], row["status_date"] or today, user, _("workbook import"))
            projects_updated += 1
        project.axes.set([axes[_parse_code(c)] for c in _split(row["axes"])])
        project.communes.set([checker.communes[c] for c in _split(row["communes"])])
        own = parts[row["ref"]]
        project.budgetlines.all().delete()
        _save_all([
            BudgetLine(project=project, nature=r["nature"], year=r["year"], label=r["label"], planned=r["planned"],
                       actual=r["actual"]) for r in own["Budget"]
        ])  # fmt: skip
        project.fundings.all().delete()
        _save_all([
            Funding(project=project, financeur=r["financeur"], financeur_detail=r["financeur_detail"] or "",
                    year=r["year"], amount=r["amount"], requested_on=r["requested_on"], granted_on=r["granted_on"],
                    paid_on=r["paid_on"]) for r in own["Financements"]
        ])  # fmt: skip
        project.milestones.all().delete()
        _save_all([
            Milestone(project=project, title=r["title"], planned_on=r["planned_on"], done_on=r["done_on"])
            for r in own["Jalons"]
        ])  # fmt: skip
        project.indicators.all().delete()
        for r in own["Indicateurs"]:
            indicator = Indicator.objects.create(project=project, name=r["name"], unit=r["unit"] or "",
                                                 kind=r["kind"] or Indicator.Kind.COUNT, target=r["target"],
                                                 target_on=r["target_on"])  # fmt: skip
            _save_all([
                IndicatorValue(indicator=indicator, measured_on=m["measured_on"], value=m["value"])
                for m in own["Mesures"] if m["indicator"] == r["name"]
            ])  # fmt: skip
    return ImportReport(created, updated, projects_created, projects_updated)


__all__ = ["ImportReport", "WorkbookError", "export_workbook", "import_workbook", "template_workbook"]
