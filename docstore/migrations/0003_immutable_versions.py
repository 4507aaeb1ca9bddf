"""Versions are immutable: the database refuses UPDATE and DELETE on them."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS version_no_update BEFORE UPDATE ON docstore_version "
    "BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;",
    "CREATE TRIGGER IF NOT EXISTS version_no_delete BEFORE DELETE ON docstore_version "
    "BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION paper_trail_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER version_immutable BEFORE UPDATE OR DELETE ON docstore_version "
    "FOR EACH ROW EXECUTE FUNCTION paper_trail_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("docstore", "0002_document_types")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
