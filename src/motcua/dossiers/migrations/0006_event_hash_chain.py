"""Chain every dossier's events by hash (motcua.dossiers.audit) and seal the events written
before the chain existed, in the order they were appended."""

from django.db import migrations, models

from motcua.dossiers.audit import HASHED_FIELDS, event_hash

# The append-only trigger (0002) refuses every UPDATE: lift it for this one pass only.
TRIGGER = "ALTER TABLE dossiers_dossierevent {} TRIGGER dossier_event_append_only"


def seal_existing(apps, schema_editor):
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    connection = schema_editor.connection
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        schema_editor.execute(TRIGGER.format("DISABLE"))
    quote = connection.ops.quote_name
    # One plain UPDATE per event, sent in batches (psycopg pipelines executemany): a million
    # dossiers' history is sealed in minutes, where a CASE per batch took far longer.
    update = f"UPDATE {quote(DossierEvent._meta.db_table)} SET previous_hash = %s, hash = %s WHERE id = %s"
    rows = DossierEvent.objects.order_by("dossier_id", "sequence").values_list("id", *HASHED_FIELDS)
    batch, current, previous = [], None, ""
    with connection.cursor() as cursor:
        for pk, *values in rows.iterator(chunk_size=5000):
            fields = dict(zip(HASHED_FIELDS, values, strict=True))
            if fields["dossier_id"] != current:
                current, previous = fields["dossier_id"], ""
            sealed = event_hash(fields, previous)
            batch.append((previous, sealed, pk))
            previous = sealed
            if len(batch) >= 5000:
                cursor.executemany(update, batch)
                batch = []
        if batch:
            cursor.executemany(update, batch)
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
