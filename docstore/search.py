"""Full-text search over documents, the same on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Both databases index the same token stream made here, so that they answer the same documents:
- runs of CJK characters become overlapping two-character tokens ("买卖合同" -> 买卖 卖合 合同), and each
  distinct CJK character of a field is also indexed once, as a one-character token (so that a one-character
  query is one index lookup, and finds the character wherever it stands, even last in a run);
- Latin words and numbers are kept whole, lower-cased, with their hyphens ("3-1502", "ht-2026-0012",
  "11010119800307123x"), and hyphenated ones are also indexed part by part ("3", "1502").
A query is tokenized the same way (a lone CJK character is its one-character token, longer runs their
pairs) and every token must match (AND). Results are ranked (bm25 on SQLite, ts_rank on PostgreSQL; titles weigh more) and get a snippet
with the terms highlighted (HTML-escaped first, then marked).
"""

import html
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction

from docstore import conf, purge
from docstore.models import Derivative, Document, SearchEntry

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
TOKEN_RE = re.compile(rf"([{CJK}]+)|([0-9a-z]+(?:-[0-9a-z]+)*)")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    """The token stream that is indexed: pairs and words where they stand, then each distinct character."""
    out: list[str] = []
    characters: dict[str, None] = {}
    for cjk, word in TOKEN_RE.findall(normalize(text)):
        if cjk:
            out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
            characters.update(dict.fromkeys(cjk))
        else:
            out.append(word)
            if "-" in word:
                out.extend(word.split("-"))
    out.extend(characters)
    return out


@dataclass(frozen=True)
class Query:
    terms: list[str]  # normalized pieces of the query, for highlighting
    tokens: list[str]  # distinct tokens, all required

    @property
    def empty(self) -> bool:
        return not self.tokens


def parse(q: str) -> Query:
    terms, seen = [], []
    for cjk, word in TOKEN_RE.findall(normalize(q)):
        piece = cjk or word
        terms.append(piece)
        if len(cjk) > 1:
            pieces = [cjk[i : i + 2] for i in range(len(cjk) - 1)]
        else:
            pieces = [piece]  # a lone character, or a Latin word or number kept whole
        for token in pieces:
            if token not in seen:
                seen.append(token)
    return Query(terms=terms, tokens=seen[:32])


# ---------------------------------------------------------------- indexing


def document_text(document: Document, body: str, customers=None) -> tuple[str, str]:
    """(title, content) of a document: title first; then type, dossier, customers, metadata and body.
    `customers`: [(name, id_number)], read from the dossier when not given."""
    parts = [str(document.doc_type.name), str(document.doc_type.name_en)]
    dossier = document.dossier
    if dossier is not None:
        parts += [dossier.project, dossier.unit_label]
        if customers is None:
            customers = [(c.name, c.id_number) for c in dossier.customers.all()]
        for name, id_number in customers:
            parts += [name, id_number]
    for key, value in (document.metadata or {}).items():
        parts += [str(key), str(value)]
    head = " ".join(p for p in parts if p)
    # stored NFKC-normalized, so that snippets need no normalizing at query time
    content = unicodedata.normalize("NFKC", f"{head}\n{body or ''}"[: conf.index_max_chars()])
    return document.title, content


def current_body(document: Document) -> str:
    if document.current_version_id is None:
        return ""
    return (
        Derivative.objects.filter(version_id=document.current_version_id)
        .values_list("text", flat=True)
        .first()
        or ""
    )


def index_document(document: Document, body: str | None = None) -> None:
    if purge.is_disposed(document.pk):  # disposed content is never indexed again
        purge.forget_index([document.pk])
        return
    document = (
        Document.objects.select_related("doc_type", "dossier")
        .prefetch_related("dossier__customers")
        .get(pk=document.pk)
    )
    if body is None:
        body = current_body(document)
    title, content = document_text(document, body)
    with transaction.atomic():
        SearchEntry.objects.update_or_create(document=document, defaults={"title": title, "content": content})
        write_index(document.pk, title, content)


def write_index(document_id: int, title: str, content: str) -> None:
    title_tokens, body_tokens = tokens(title), tokens(content)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM docstore_search_fts WHERE rowid = %s", [document_id])
            cursor.execute(
                "INSERT INTO docstore_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [document_id, " ".join(title_tokens), " ".join(body_tokens)],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE docstore_searchentry SET vector = CAST(%s AS tsvector) WHERE document_id = %s",
                [tsvector_literal(title_tokens, body_tokens), document_id],
            )


PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_LEXEME = 255


def tsvector_literal(title_tokens: list[str], body_tokens: list[str]) -> str:
    """A tsvector written out with positions (so that ts_rank counts repeats) and weight A for the title.
    Built here rather than by to_tsvector(), whose parser would split "3-1502" its own way."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, stream in (("A", title_tokens), ("", body_tokens)):
        for token in stream:
            position = min(position + 1, PG_MAX_POSITION)
            slots = positions.setdefault(token, [])
            if len(slots) < PG_MAX_POSITIONS_PER_LEXEME:
                slots.append(f"{position}{weight}")
    return " ".join(
        "'" + token.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(slots)
        for token, slots in positions.items()
    )


def write_index_many(rows) -> None:
    """[(document_id, title, content)] at once (bulk loads)."""
    rows = list(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO docstore_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [(pk, " ".join(tokens(title)), " ".join(tokens(content))) for pk, title, content in rows],
            )
        elif connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE docstore_searchentry SET vector = CAST(%s AS tsvector) WHERE document_id = %s",
                [(tsvector_literal(tokens(title), tokens(content)), pk) for pk, title, content in rows],
            )


def rebuild_index(batch: int = 2000) -> int:
    """Write every document's index row again from its stored search entry (after the token stream
    changed); returns how many. The entries themselves are rebuilt by `manage.py reindex_documents`."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM docstore_search_fts")
    done, last = 0, 0
    while True:
        rows = list(
            SearchEntry.objects.filter(document_id__gt=last)
            .order_by("document_id")
            .values_list("document_id", "title", "content")[:batch]
        )
        if not rows:
            return done
        with transaction.atomic():
            write_index_many(rows)
        done += len(rows)
        last = rows[-1][0]


def reindex_dossier(dossier) -> None:
    for document in Document.objects.filter(dossier=dossier).only("pk"):
        index_document(document)


# ---------------------------------------------------------------- querying


def _fts5_match(query: Query) -> str:
    parts = []
    for token in query.tokens:
        quoted = '"' + token.replace('"', '""') + '"'
        parts.append(quoted)
    return " AND ".join(parts)


def _tsquery(query: Query) -> str:
    parts = []
    for token in query.tokens:
        quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
        parts.append(quoted)
    return " & ".join(parts)


class Hits(list):
    """[(document id, score)], best first, with the number of matching documents: `total`, exact when
    `total_exact` (else a lower bound, never shown as exact)."""

    total: int = 0
    total_exact: bool = True


def ranked_ids(query: Query, documents=None, limit: int | None = None) -> Hits:
    """[(document id, score)], best first, at most `limit`; `documents` (a queryset) restricts the set.

    Broad queries (a common word matching most of 100,000 documents) would rank every match; instead the
    ranking runs over the newest DOCSTORE_SEARCH_WINDOW matches (found cheaply in id order), which keeps
    p95 within the target. Narrow queries (unit, name, contract number) are ranked in full. The number of
    matches is counted too: from the ranked rows when they are all of them, else by a count."""
    hits = Hits()
    if query.empty:
        return hits
    limit = limit or conf.search_max_results()
    window = conf.search_window()
    sqlite = connection.vendor == "sqlite"
    try:
        restrict_sql, restrict_params = _restriction(documents, "rowid" if sqlite else "document_id")
    except EmptyResultSet:  # the filters match no document at all
        return hits
    if sqlite:
        table, key, match = "docstore_search_fts", "rowid", _fts5_match(query)
        where = "docstore_search_fts MATCH %s" + restrict_sql
        score, order, score_params = "bm25(docstore_search_fts, 5.0, 1.0)", "score, rowid DESC", []
    else:
        table, key, match = "docstore_searchentry", "document_id", _tsquery(query)
        where = "vector @@ CAST(%s AS tsquery)" + restrict_sql
        score = "ts_rank(vector, CAST(%s AS tsquery))"
        order, score_params = "score DESC, document_id DESC", [match]
    # every step reads the matches from the index (the ranking too)
    with connection.cursor() as cursor, _matches_from_the_index(cursor, sqlite):
        cursor.execute(
            f"SELECT {key} FROM {table} WHERE {where} ORDER BY {key} DESC LIMIT 1 OFFSET %s",
            [match, *restrict_params, window - 1],
        )
        row = cursor.fetchone()
        # The floor is a filter on the index's matches, never a range of the id index: PostgreSQL read every id
        # in the range through it and tested each row's vector (300 ms for an absent word at 20,000 documents,
        # 175 ms for a name in 2,000 of them); `+ 0` keeps the id index out. None when the matches are fewer.
        bound = key if sqlite else f"({key} + 0)"
        floor_sql, floor_params = (f" AND {bound} >= %s", [row[0]]) if row else ("", [])
        cursor.execute(
            f"SELECT {key}, {score} AS score FROM {table} WHERE {where}{floor_sql} ORDER BY {order} LIMIT %s",
            [*score_params, match, *restrict_params, *floor_params, limit],
        )
        rows = cursor.fetchall()
        hits.extend((pk, -value if sqlite else float(value)) for pk, value in rows)
        if row is None and len(rows) < limit:
            hits.total = len(rows)  # every match was ranked
        else:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}", [match, *restrict_params])
            hits.total = cursor.fetchone()[0]
    return hits


@contextmanager
def _matches_from_the_index(cursor, sqlite: bool):
    """PostgreSQL: find which rows match in the GIN index (a bitmap scan), never by testing each row's vector.
    A document's tsvector is about 30 KB (TOASTed) and a frequent character matches most rows, so the planner's
    sequential scan (for the count) or id-ordered index scan (for the window's floor) de-TOASTed every match:
    1.2 s to count 5,000 documents, 2.5 ms from the index. FTS5 reads its posting lists anyway."""
    if sqlite:
        yield
        return
    with transaction.atomic():  # a savepoint inside a request's transaction: SET LOCAL ends with it on error
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        yield
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")


def _restriction(documents, column: str) -> tuple[str, list]:
    """The SQL that keeps the hits to `documents` (when filtered) and leaves out every disposed document, even
    one whose index rows were left behind."""
    sql, params = "", []
    if documents is not None and documents.query.where:
        sub_sql, sub_params = documents.order_by().values("pk").query.sql_with_params()
        sql, params = f" AND {column} IN ({sub_sql})", list(sub_params)
    for source in purge.disposed_document_sources:
        sub_sql, sub_params = source().order_by().query.sql_with_params()
        sql += f" AND {column} NOT IN ({sub_sql})"
        params += list(sub_params)
    return sql, params


SNIPPET_CHARS = 120


def displayable(content: str, document: Document) -> str:
    """The indexed text as a reader sees it: the type named once, in the page's language (the index holds both
    names so that either finds it), and every ID number masked (3101**********1234)."""
    from django.utils.translation import get_language

    from core import idnumber

    name = unicodedata.normalize("NFKC", str(document.doc_type.name))
    name_en = unicodedata.normalize("NFKC", document.doc_type.name_en or "")
    both = f"{name} {name_en}"
    if name_en and content.startswith(both):
        shown = name_en if (get_language() or "").startswith("en") else name
        content = shown + content[len(both) :]
    return idnumber.mask_in_text(content)


def snippet(content: str, query: Query, width: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first hit, HTML-escaped, the query terms wrapped in <mark>."""
    text = (content or "").replace("\n", " ")  # stored normalized (document_text)
    lower = text.lower()
    terms = sorted({t for t in query.terms if t}, key=len, reverse=True)
    hits = [lower.find(t) for t in terms]
    hits = [h for h in hits if h >= 0]
    start = max(0, (min(hits) if hits else 0) - width // 3)
    window = text[start : start + width]
    marked, low = [], window.lower()
    i = 0
    if terms and len(low) == len(window):
        # leftmost hit first, the longest term first where several start at one place (as `terms` is sorted)
        for hit in re.finditer("|".join(re.escape(t) for t in terms), low):
            marked.append(html.escape(window[i : hit.start()]))
            marked.append("<mark>" + html.escape(window[hit.start() : hit.end()]) + "</mark>")
            i = hit.end()
        marked.append(html.escape(window[i:]))
    else:  # no term, or a character whose lower case is longer (the offsets differ): step through
        while i < len(window):
            for term in terms:
                if low.startswith(term, i):
                    marked.append("<mark>" + html.escape(window[i : i + len(term)]) + "</mark>")
                    i += len(term)
                    break
            else:
                marked.append(html.escape(window[i]))
                i += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return prefix + "".join(marked) + suffix
