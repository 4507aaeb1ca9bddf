"""PostgreSQL: LIKE 'prefix%' uses a btree index only with a pattern opclass (or the plain C collation).
SQLite searches code prefixes as a range on the unique index instead (archive/filters.py), so it needs none."""

from django.db import migrations

INDEX = "archive_rec_code_pattern"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON archive_archiverecord (archival_code varchar_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_record_status_indexes")]
    operations = [migrations.RunPython(create, drop)]
