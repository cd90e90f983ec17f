"""FollowUp.intervention: the enrollment's insats on the follow-up row, for counts by index (issue #19 item 8)."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE participants_followup SET intervention_id = (
    SELECT e.intervention_id FROM participants_enrollment e WHERE e.id = participants_followup.enrollment_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0001_initial"),
        ("participants", "0007_linear_cost_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="intervention",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="interventions.intervention",
                verbose_name="insats",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="followup",
            name="intervention",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="interventions.intervention",
                verbose_name="insats",
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["association", "status", "due_date", "intervention"], name="followup_assoc_status_due"
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["intervention", "status", "due_date"], name="followup_int_status_due"),
        ),
    ]
