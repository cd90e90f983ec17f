"""Enrollment.support_before_mask and SupportBit; the bits and masks of existing data (support_mask.py)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """Give every support code a bit (in id order) and every enrollment its mask from its links."""
    entry_model = apps.get_model("core", "CodeListEntry")
    bit_model = apps.get_model("participants", "SupportBit")
    enrollment_model = apps.get_model("participants", "Enrollment")
    bits = {}
    for bit, pk in enumerate(entry_model.objects.filter(list="support").order_by("pk").values_list("pk", flat=True)):
        bit_model.objects.create(entry_id=pk, bit=bit)
        bits[pk] = bit
    masks = {}
    links = enrollment_model.support_before.through.objects.values_list("enrollment_id", "codelistentry_id")
    for enrollment_id, entry_id in links.iterator(chunk_size=10000):
        masks[enrollment_id] = masks.get(enrollment_id, 0) | 1 << bits[entry_id]
    enrollment_model.objects.bulk_update(
        [enrollment_model(pk=pk, support_before_mask=mask) for pk, mask in masks.items()],
        ["support_before_mask"],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_drop_support_mask"),
        ("participants", "0005_drop_support_mask"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="support_before_mask",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="försörjning före (bitar)"),
        ),
        migrations.CreateModel(
            name="SupportBit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "bit",
                    models.PositiveSmallIntegerField(
                        unique=True, validators=[django.core.validators.MaxValueValidator(62)], verbose_name="bit"
                    ),
                ),
                (
                    "entry",
                    models.OneToOneField(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.codelistentry",
                        verbose_name="kod",
                    ),
                ),
            ],
            options={
                "verbose_name": "bit för försörjningskod",
                "verbose_name_plural": "bitar för försörjningskoder",
                "ordering": ["bit"],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
