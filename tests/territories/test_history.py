"""The territory's history page and a project's history speak French to a committee, whatever was changed.

The last test is the check that keeps developer words out: it changes every field of every tracked object
of the demo territories (a choice, a yes/no, a date, a number, a relation, a many-to-many field), deletes
some, and reads every line of the history pages.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import AxisFactory, MembershipFactory, ProjectFactory
from tindus.accounts.models import Role
from tindus.core.history import TerritoryHistory, untracked_fields
from tindus.core.history_display import describe, has_own_label

pytestmark = pytest.mark.django_db

# Words of the code a committee must never read in the history.
DEVELOPER_WORDS = re.compile(
    r"\bNone\b|\bTrue\b|\bFalse\b"
    r"|\b[a-z_]+\.[A-Z][A-Za-z]+\b"  # a dotted model path: plan.Milestone
    r"|\b[a-z]+_[a-z0-9_]+\b"  # a snake_case code: stockage_isdnd_biodechets
    r"|\bDeleted '"  # auditlog's own word for a deleted related object
    r"|\b(create|update|delete|access)\b"  # auditlog's action codes
)
# Tracked fields that are internal bookkeeping, hence without a label and left out of the history.
INTERNAL_FIELDS = {
    "synergies.declaration": {"origin_reference"},
    "synergies.opportunity": {"feedback_keys", "signature", "companies"},
}


def later():
    """What was recorded so far happened an hour ago: the next changes are another save."""
    LogEntry.objects.update(timestamp=F("timestamp") - dt.timedelta(hours=1))


def history_rows_text(html: str) -> list[str]:
    """The text of each row of the history table."""
    body = html.split('<table class="history">', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr>")[2:]]


def test_the_history_page_reads_as_french(team_client, team, territory):
    lever = AxisFactory(plan=territory.plan, position=1, title="Compétences")
    team_client.post(reverse("plan:project_create", kwargs={"slug": territory.slug}), {
        "title": "Tiers-lieu industriel", "porteur_name": "CC du Montbardois", "priority": 2, "axes": [lever.pk],
    })  # fmt: skip
    project = territory.projects.get()
    later()
    team_client.post(reverse("plan:project_edit", kwargs={"slug": territory.slug, "pk": project.pk}), {
        "title": "Tiers-lieu industriel", "porteur_name": "CC du Montbardois", "priority": 1,
        "start_date": "2024-03-01", "is_public": "on", "axes": [lever.pk],
    })  # fmt: skip
    response = team_client.get(reverse("territories:history", kwargs={"slug": territory.slug}))
    assert response.status_code == 200
    rows = history_rows_text(response.content.decode())
    who = team.get_full_name()
    changed = next(r for r in rows if "a modifié « Tiers-lieu industriel » (projet)" in r)
    assert who in changed
    for line in (
        "Priorité : moyenne → haute",
        "Début : (vide) → 1 mars 2024",
        "Affiché sur le site public : non → oui",
    ):
        assert line in changed
    created = next(r for r in rows if "a créé « Tiers-lieu industriel » (projet)" in r)
    assert "Axes : ajouté : 1 Compétences" in created and "Priorité : moyenne" in created
    assert not any(DEVELOPER_WORDS.search(r) for r in rows), rows

    page = team_client.get(project.get_absolute_url()).content.decode()
    project_rows = history_rows_text(page)
    assert "a modifié « Tiers-lieu industriel » (projet)" in project_rows[0]
    assert "Priorité : moyenne → haute" in project_rows[0]
    assert not any(DEVELOPER_WORDS.search(r) for r in project_rows), project_rows


def test_every_tracked_field_has_a_label_or_is_left_out():
    """A new field of a tracked model either gets a label (the history shows it by that label) or is
    declared internal bookkeeping here; relations without a label show the name of what they point to."""
    unlabelled = {}
    for model in auditlog.get_models():
        skipped = set(untracked_fields(model)) | set(auditlog.get_model_fields(model)["exclude_fields"])
        for field in model._meta.get_fields():
            if field.name in skipped or field.auto_created or field.is_relation or not field.concrete:
                continue
            if not has_own_label(field):
                unlabelled.setdefault(model._meta.label_lower, set()).add(field.name)
    assert unlabelled == INTERNAL_FIELDS


def _other_choice(field, value):
    return next((key for key, _label in field.flatchoices if key != value and key not in ("", None)), value)


def _changed(field, value):
    """Another valid value of the same kind, or ``value`` when there is none to pick."""
    if field.choices:
        return _other_choice(field, value)
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return (value or dt.date(2024, 6, 1)) + dt.timedelta(days=1)
    if isinstance(field, models.DecimalField):
        return (value or Decimal(0)) + Decimal("1500.5")
    if isinstance(field, models.FloatField):
        return (value or 0.0) + 2.5
    if isinstance(field, models.ForeignKey) and field.null and value is not None:
        return None
    return value


def _change_everything(obj) -> None:
    """Every editable field changed at once (a refused combination is skipped), then each many-to-many
    field loses one object and gains another."""
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable or getattr(field, "auto_now", False):
            continue
        if isinstance(field, models.ForeignKey):
            setattr(obj, field.attname, _changed(field, getattr(obj, field.attname)))
        else:
            setattr(obj, field.name, _changed(field, getattr(obj, field.name)))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        obj.refresh_from_db()
    for field in obj._meta.many_to_many:
        manager = getattr(obj, field.name)
        current = list(manager.all()[:1])
        manager.remove(*current)
        manager.add(*field.related_model._default_manager.exclude(pk__in=[o.pk for o in current])[:1])


def _demo_like_synergies(territory) -> None:
    from tindus.synergies.models import Declaration, Opportunity
    from tindus.synergies.territory_impacts import factor_rows

    factor_rows(territory)
    offer = Declaration.objects.create(
        territory=territory, siret="12345678900011", company_name="Fonderie", commune="21425", naf="25.62A",
        direction="resource", category="matieres", ewc="120101", rome="H2903 H2913", text="Limaille", quantity=3,
        unit="t", frequency="mensuel", state="solide",
    )  # fmt: skip
    Opportunity.objects.create(
        territory=territory, kind="match", title="Limaille → aciérie", category="matieres", signature="s1",
        offer=offer, companies=[{"siret": offer.siret, "name": "Fonderie", "role": "provider"}],
        disposal_route="stockage_isdnd_biodechets", virgin_material="acier_vierge", tonnes_per_year=36,
    )  # fmt: skip


def test_the_history_of_demo_like_data_has_no_developer_words(auxois, haut_doubs):
    from tindus.demo.loading import load_demo
    from tindus.plan.models import Plan

    load_demo()
    for territory in (auxois, haut_doubs):
        Plan.objects.get_or_create(territory=territory)
        _demo_like_synergies(territory)
        ProjectFactory(territory=territory, title="Projet à supprimer")
    later()
    tracked = [m for m in auditlog.get_models() if issubclass(m, TerritoryHistory)]
    mine = {auxois.pk, haut_doubs.pk}
    objects = [o for m in tracked for o in m._default_manager.all() if o.history_territory_id() in mine]
    for obj in objects:
        _change_everything(obj)
    later()
    for model in tracked:  # one object of each kind deleted, where nothing protects it
        victim = next((o for o in objects if isinstance(o, model) and model._default_manager.filter(pk=o.pk).exists()),
                      None)  # fmt: skip
        if victim is not None:
            try:
                with transaction.atomic():
                    victim.delete()
            except models.ProtectedError:
                pass

    seen_actions, seen_models = set(), set()
    for territory in (auxois, haut_doubs):
        browser = signed_in(MembershipFactory(territory=territory, role=Role.TEAM).user)
        url = reverse("territories:history", kwargs={"slug": territory.slug})
        page, number = browser.get(url), 1
        while True:
            html = page.content.decode()
            bad = [r for r in history_rows_text(html) if DEVELOPER_WORDS.search(r)]
            assert bad == [], bad
            for row in describe(page.context["page"]):
                seen_actions.add(row.action)
                seen_models.add(row.kind)
                for change in row.changes:
                    codes = {str(k) for k, label in (change.field.flatchoices if change.field.choices else [])
                             if str(k) != str(label)}  # fmt: skip
                    words = set(re.findall(r"[\w-]+", change.text))
                    assert not codes & words, (row.summary, str(change))
                    assert change.label and change.label[0].isupper(), str(change)
            if not page.context["page"].has_next():
                break
            number += 1
            page = browser.get(f"{url}?page={number}")
    assert seen_actions == {0, 1, 2}
    assert len(seen_models) >= 10  # plan, governance, news, consultation and synergies objects were all read
