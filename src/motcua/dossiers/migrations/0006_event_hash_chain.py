"""Chain every dossier's events by hash (motcua.dossiers.audit) and seal the events written
before the chain existed, in the order they were appended."""

from django.db import migrations, models

from motcua.dossiers.audit import HASHED_FIELDS, event_hash

# The append-only trigger (0002) refuses every UPDATE: lift it for this one pass only.
TRIGGER = "ALTER TABLE dossiers_dossierevent {} TRIGGER dossier_event_append_only"


def seal_existing(apps, schema_editor):
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    on_postgresql = schema_editor.connection.vendor == "postgresql"
    if on_postgresql:
        schema_editor.execute(TRIGGER.format("DISABLE"))
    batch, current, previous = [], None, ""
    for event in DossierEvent.objects.order_by("dossier_id", "sequence").iterator(chunk_size=2000):
        if event.dossier_id != current:
            current, previous = event.dossier_id, ""
        event.previous_hash = previous
        event.hash = previous = event_hash({name: getattr(event, name) for name in HASHED_FIELDS}, previous)
        batch.append(event)
        if len(batch) >= 2000:
            DossierEvent.objects.bulk_update(batch, ["previous_hash", "hash"])
            batch = []
    DossierEvent.objects.bulk_update(batch, ["previous_hash", "hash"])
    if on_postgresql:
        schema_editor.execute(TRIGGER.format("ENABLE"))


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0005_report_indexes")]

    operations = [
        migrations.AddField(
            model_name="dossierevent",
            name="previous_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="dossierevent",
            name="hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
