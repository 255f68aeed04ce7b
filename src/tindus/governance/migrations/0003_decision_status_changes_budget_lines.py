"""A decision names the status changes and budget lines it recorded (governance points at the plan,
never the reverse); the links the plan held are copied here, then dropped by plan 0003."""

from django.db import migrations, models


def copy_links_from_the_plan(apps, schema_editor):
    Decision = apps.get_model("governance", "Decision")
    StatusChange = apps.get_model("plan", "StatusChange")
    BudgetLine = apps.get_model("plan", "BudgetLine")
    db = schema_editor.connection.alias
    for name, model, column in (
        ("status_changes", StatusChange, "statuschange_id"),
        ("budget_lines", BudgetLine, "budgetline_id"),
    ):
        through = Decision._meta.get_field(name).remote_field.through
        rows = model.objects.using(db).filter(decision__isnull=False).values_list("pk", "decision_id")
        through.objects.using(db).bulk_create([through(decision_id=decision, **{column: pk}) for pk, decision in rows])


def copy_links_back_to_the_plan(apps, schema_editor):
    Decision = apps.get_model("governance", "Decision")
    StatusChange = apps.get_model("plan", "StatusChange")
    BudgetLine = apps.get_model("plan", "BudgetLine")
    db = schema_editor.connection.alias
    for name, model, column in (
        ("status_changes", StatusChange, "statuschange_id"),
        ("budget_lines", BudgetLine, "budgetline_id"),
    ):
        through = Decision._meta.get_field(name).remote_field.through
        for pk, decision in through.objects.using(db).values_list(column, "decision_id"):
            model.objects.using(db).filter(pk=pk).update(decision_id=decision)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_initial"),
        ("plan", "0002_decision_links_step_aside"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="status_changes",
            field=models.ManyToManyField(
                blank=True, related_name="decisions", to="plan.statuschange", verbose_name="status changes"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="budget_lines",
            field=models.ManyToManyField(
                blank=True, related_name="decisions", to="plan.budgetline", verbose_name="budget lines"
            ),
        ),
        migrations.RunPython(copy_links_from_the_plan, copy_links_back_to_the_plan),
    ]
