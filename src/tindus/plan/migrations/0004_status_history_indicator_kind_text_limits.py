"""The status history's automatic creation entry, the kind of an indicator and limits on free texts.

Data: the first entry of each project, made the day the project was created without a note, is
marked automatic and moved back to the project's earliest status, and the current status is read
again from the history (a back-dated status no longer hides behind the creation entry). Indicators
that already hold a negative target or value become indicators of change.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def mark_creation_entries(apps, schema_editor):
    Project = apps.get_model("plan", "Project")
    StatusChange = apps.get_model("plan", "StatusChange")
    for project in Project.objects.all().iterator():
        changes = list(StatusChange.objects.filter(project=project).order_by("pk"))
        if not changes:
            continue
        first = changes[0]
        created_on = {timezone.localtime(project.created_at).date(), project.created_at.date()}
        if first.note == "" and first.date in created_on:
            first.automatic = True
            earliest = min(c.date for c in changes)
            first.date = min(first.date, earliest)
            first.save(update_fields=["automatic", "date"])
        current = max(changes, key=lambda c: (c.date, c.pk))
        if project.status != current.status:
            Project.objects.filter(pk=project.pk).update(status=current.status)


def mark_negative_indicators(apps, schema_editor):
    Indicator = apps.get_model("plan", "Indicator")
    negative = models.Q(target__lt=0) | models.Q(values__value__lt=0)
    Indicator.objects.filter(negative).update(kind="change")


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0003_remove_decision_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="kind",
            field=models.CharField(
                choices=[
                    ("count", "count (jobs, companies, people…)"),
                    ("quantity", "quantity (euros, m², tonnes…)"),
                    ("change", "change (may be negative)"),
                ],
                default="count",
                help_text="A count or a quantity cannot be negative; a change (a rise or a fall) can.",
                max_length=10,
                verbose_name="kind of indicator",
            ),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="automatic",
            field=models.BooleanField(
                default=False,
                help_text="Dated at the earliest status of the project.",
                verbose_name="made when the project was created",
            ),
        ),
        migrations.AlterField(
            model_name="axis",
            name="description",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[django.core.validators.MaxLengthValidator(10000)],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="ambition",
            field=models.TextField(
                blank=True,
                help_text="The priority the territory sets itself.",
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="ambition",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="description",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[django.core.validators.MaxLengthValidator(10000)],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="partners",
            field=models.TextField(
                blank=True,
                help_text="One organisation per line.",
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="partners",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="public_summary",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="public summary",
            ),
        ),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="values",
                to="plan.indicator",
                verbose_name="indicator",
            ),
        ),
        migrations.RunPython(mark_creation_entries, migrations.RunPython.noop),
        migrations.RunPython(mark_negative_indicators, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "change"), ("target__gte", 0), _connector="OR"),
                name="indicator_target_not_negative",
            ),
        ),
    ]
