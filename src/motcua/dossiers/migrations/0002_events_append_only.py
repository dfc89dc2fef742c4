"""On PostgreSQL the database itself refuses to change or delete a dossier event, so not
even raw SQL or a bug outside the ORM can rewrite a dossier's history."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION motcua_dossier_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dossier events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dossier_event_append_only
    BEFORE UPDATE OR DELETE ON dossiers_dossierevent
    FOR EACH ROW EXECUTE FUNCTION motcua_dossier_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS dossier_event_append_only ON dossiers_dossierevent;
DROP FUNCTION IF EXISTS motcua_dossier_event_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
