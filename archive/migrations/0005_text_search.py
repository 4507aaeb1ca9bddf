"""Fast text filter on title/responsible (the index's `q`), without changing its meaning (substring, any case).

SQLite: an FTS5 trigram index kept by triggers (external content: no second copy of the text).
PostgreSQL: pg_trgm GIN indexes on UPPER(column), which serve Django's icontains (UPPER(col) LIKE UPPER(%s)).
If pg_trgm cannot be created (no privilege), the filter still works, only without the index.

NOTE: SQLite rebuilds a table for some ALTERs, which drops its triggers; a later migration that alters
archive_archiverecord must re-run `create` (tests/archive/test_text_search.py notices if the index goes stale).
"""

from django.db import migrations, transaction

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS archive_record_fts USING fts5("
    "title, responsible, content='archive_archiverecord', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS archive_record_fts_ai AFTER INSERT ON archive_archiverecord BEGIN "
    "INSERT INTO archive_record_fts(rowid, title, responsible) VALUES (new.id, new.title, new.responsible); END",
    "CREATE TRIGGER IF NOT EXISTS archive_record_fts_ad AFTER DELETE ON archive_archiverecord BEGIN "
    "INSERT INTO archive_record_fts(archive_record_fts, rowid, title, responsible) "
    "VALUES ('delete', old.id, old.title, old.responsible); END",
    "CREATE TRIGGER IF NOT EXISTS archive_record_fts_au AFTER UPDATE OF title, responsible "
    "ON archive_archiverecord BEGIN "
    "INSERT INTO archive_record_fts(archive_record_fts, rowid, title, responsible) "
    "VALUES ('delete', old.id, old.title, old.responsible); "
    "INSERT INTO archive_record_fts(rowid, title, responsible) VALUES (new.id, new.title, new.responsible); END",
    "INSERT INTO archive_record_fts(archive_record_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS archive_record_fts_ai",
    "DROP TRIGGER IF EXISTS archive_record_fts_ad",
    "DROP TRIGGER IF EXISTS archive_record_fts_au",
    "DROP TABLE IF EXISTS archive_record_fts",
]
PG = [
    "CREATE INDEX IF NOT EXISTS archive_rec_title_trgm ON archive_archiverecord "
    "USING gin (UPPER(title) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS archive_rec_resp_trgm ON archive_archiverecord "
    "USING gin (UPPER(responsible) gin_trgm_ops)",
]
PG_DROP = ["DROP INDEX IF EXISTS archive_rec_title_trgm", "DROP INDEX IF EXISTS archive_rec_resp_trgm"]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no privilege: icontains still works, as a scan
            return
        for sql in PG:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_DROP if vendor == "sqlite" else PG_DROP if vendor == "postgresql" else []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_code_prefix_index_postgresql")]
    operations = [migrations.RunPython(create, drop)]
