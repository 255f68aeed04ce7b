"""Last step (after governance 0003 copied them): the plan no longer points at governance."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_decision_status_changes_budget_lines"),
        ("plan", "0002_decision_links_step_aside"),
    ]

    operations = [
        migrations.RemoveField(model_name="statuschange", name="decision"),
        migrations.RemoveField(model_name="budgetline", name="decision"),
    ]
