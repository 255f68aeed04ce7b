"""First of three steps that move the decision links from the plan to governance (see
governance 0003): the plan's links to decisions lose their reverse names, which governance's
new fields take over."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_initial"),
        ("plan", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statuschange",
            name="decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="governance.decision",
            ),
        ),
        migrations.AlterField(
            model_name="budgetline",
            name="decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="governance.decision",
            ),
        ),
    ]
