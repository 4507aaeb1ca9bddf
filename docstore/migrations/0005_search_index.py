"""The full-text index beside docstore_searchentry: FTS5 on SQLite, a tsvector + GIN on PostgreSQL.

Both index the same pre-tokenized text (docstore.search.tokens: CJK bigrams, Latin words and numbers kept
whole), so both databases answer the same documents for the same query.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS docstore_search_fts USING fts5("
    "title, body, tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\")",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS docstore_search_fts"]
POSTGRES = [
    "ALTER TABLE docstore_searchentry ADD COLUMN IF NOT EXISTS vector tsvector",
    "CREATE INDEX IF NOT EXISTS docstore_searchentry_vector ON docstore_searchentry USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS docstore_searchentry_vector",
    "ALTER TABLE docstore_searchentry DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("docstore", "0004_checkout_derivatives_search")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
