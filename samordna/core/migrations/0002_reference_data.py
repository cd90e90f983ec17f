"""Load the default code lists and the 290 municipalities."""

from django.db import migrations


def load(apps, schema_editor):
    from samordna.core.reference_data import code_list_rows, municipality_rows

    Municipality = apps.get_model("core", "Municipality")
    CodeListEntry = apps.get_model("core", "CodeListEntry")
    for row in municipality_rows():
        Municipality.objects.update_or_create(code=row["code"], defaults=row)
    for row in code_list_rows():
        CodeListEntry.objects.get_or_create(list=row["list"], code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
