"""The query planner's statistics, kept current on SQLite (PostgreSQL's autovacuum keeps its own).

SQLite plans each query from `sqlite_stat1`, which only ANALYZE writes. A migration that rebuilds a table (SQLite
adds a column by copying the table) drops that table's rows, and the planner then weighs an unanalysed table of
20,000 documents against analysed small ones: the document list read every user's documents and sorted them
(137 ms instead of 2 ms, seen after docstore 0014). Stale figures from a small database mislead it the same way
as it grows. So the statistics are refreshed after every migration and, while the workers run, every
DB_STATS_INTERVAL seconds. ANALYZE reads every index whole: 0.13 s at 20,000 documents. A sample
(`analysis_limit`) is cheaper but misleads the same way: 1,000 rows said each user made 1,001 documents (6,667
in truth) and the list was read by user again.
"""

import logging

from django.db import connections

log = logging.getLogger(__name__)


def refresh(using: str = "default") -> bool:
    """ANALYZE the SQLite database `using`; False (nothing done) on another database."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=0")  # every row of every index (see above)
        cursor.execute("ANALYZE")
    return True


def after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate (sent once per app): the statistics once, after the last app's migrations."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        refresh(using)


def refresh_quietly(using: str = "default") -> None:
    """For a long-running process: a failure is logged, never raised."""
    try:
        refresh(using)
    except Exception:
        log.exception("could not refresh the query planner's statistics")
    finally:
        connections[using].close()
