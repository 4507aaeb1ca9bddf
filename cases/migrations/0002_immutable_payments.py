"""Payments are immutable: the database refuses UPDATE and DELETE on them (a correction is a reversing row)."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS cases_payment_no_update BEFORE UPDATE ON cases_payment "
    "BEGIN SELECT RAISE(ABORT, 'payments are immutable'); END;",
    "CREATE TRIGGER IF NOT EXISTS cases_payment_no_delete BEFORE DELETE ON cases_payment "
    "BEGIN SELECT RAISE(ABORT, 'payments are immutable'); END;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION paper_trail_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER cases_payment_immutable BEFORE UPDATE OR DELETE ON cases_payment "
    "FOR EACH ROW EXECUTE FUNCTION paper_trail_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
