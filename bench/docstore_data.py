"""Data generator for the document-store benchmarks: N documents in dossiers of 4, with customers, contract,
unit, ID and phone numbers, their text from bench.corpus (a large vocabulary, lengths from a short letter to a
long contract: median 1,500 characters), indexed for search.

Rows are bulk-inserted (not through the services: the benchmarks measure reads, and 100,000 audited uploads
would take hours); the search index is written by the same docstore.search.write_index_many the app uses.
"""

import hashlib
import json
import random
import time
from pathlib import Path

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = "v2"  # bumped whenever the generated data changes: cached copies of older ones are not reused

TYPES = [
    "sales_contract",
    "supplementary_agreement",
    "mortgage_contract",
    "loan_contract",
    "liaison_letter",
    "other",
]
PROJECTS = corpus.PROJECTS


_DOSSIERS: dict = {}
_NAMES: dict = {}


def dossier_for(i: int, user):
    """Dossier number i: a unique (project, building, unit), e.g. 锦绣花园 3-1502; reused across batches."""
    from docstore.models import Dossier

    if i not in _DOSSIERS:
        rest = i // len(PROJECTS)
        building, rest = 1 + rest % 30, rest // 30
        _DOSSIERS[i] = Dossier(
            project=PROJECTS[i % len(PROJECTS)],
            building=str(building),
            unit=f"{rest % 33 + 1:02}{rest // 33 + 1:02}",
            created_by=user,
        )
    return _DOSSIERS[i]


def generate(count: int, *, seed: int = 7, batch: int = 1000, chars: int = 1500, progress=True) -> dict:
    """Insert `count` documents (and count/4 dossiers). Returns facts the benchmarks query for."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from docstore import search
    from docstore.models import Customer, Derivative, Document, DocumentType, Dossier, SearchEntry, Version

    rng = random.Random(seed)
    text = corpus.Corpus(seed)
    User = get_user_model()
    users = []
    for name, role in [
        ("bench_clerk", "clerk"),
        ("bench_field", "field_staff"),
        ("bench_manager", "manager"),
    ]:
        user, _ = User.objects.get_or_create(username=name, defaults={"display_name": name})
        user.groups.set(Group.objects.filter(name=role))
        users.append(user)
    types = {t.code: t for t in DocumentType.objects.all()}
    facts = {"units": [], "customers": [], "contracts": [], "ids": [], "phrases_4": [], "phrases_8": []}
    started = time.monotonic()
    made = 0
    per_dossier = 4
    while made < count:
        n = min(batch, count - made)
        with transaction.atomic():
            first, last = made // per_dossier, (made + n + per_dossier - 1) // per_dossier
            dossiers = [dossier_for(i, users[0]) for i in range(first, last)]
            fresh = [d for d in dossiers if d.pk is None]
            Dossier.objects.bulk_create(fresh)
            customers = []
            names = _NAMES
            for d in fresh:
                name, idn = text.person(rng), corpus.id_number(rng)
                names[d.pk] = (name, idn)
                customers.append(Customer(dossier=d, name=name, id_number=idn))
            Customer.objects.bulk_create(customers)
            docs, bodies = [], []
            for j in range(n):
                k = made + j
                dossier = dossiers[k // per_dossier - first]
                name, idn = names.get(dossier.pk) or (text.person(rng), corpus.id_number(rng))
                code = TYPES[k % len(TYPES)]
                contract_no = f"HT-{2020 + k % 7}-{k:06}"
                document = Document(
                    title=f"{types[code].name} {dossier.unit_label} {name}",
                    doc_type=types[code],
                    dossier=dossier,
                    metadata={"合同编号": contract_no},
                    created_by=users[k % 3],
                )
                if hasattr(Document, "unit_key_of"):  # the sort key of issue 15 (absent from older code)
                    document.unit_key = Document.unit_key_of(dossier)
                if hasattr(document, "type_position"):  # the type's, likewise
                    document.type_position = types[code].position
                docs.append(document)
                header = [f"合同编号：{contract_no}", f"买受人：{name}", f"房号：{dossier.unit_label}"]
                body = text.body(rng, text.length(rng, chars), header)
                bodies.append(body)
                if k % 997 == 0:
                    facts["units"].append(dossier.unit_label)
                    facts["customers"].append(name)
                    facts["contracts"].append(contract_no)
                    facts["ids"].append(idn)
                    facts["phrases_4"].append(text.phrase(rng, body, 4))
                    facts["phrases_8"].append(text.phrase(rng, body, 8))
            Document.objects.bulk_create(docs)
            versions = [
                Version(
                    document=d,
                    number=1,
                    sha256=hashlib.sha256(f"{d.pk}".encode()).hexdigest(),
                    size=len(b.encode()),
                    filename=f"{d.pk}.pdf",
                    media_type="application/pdf",
                    page_count=2,
                    created_by=d.created_by,
                )
                for d, b in zip(docs, bodies, strict=True)
            ]
            Version.objects.bulk_create(versions)
            for d, v in zip(docs, versions, strict=True):
                d.current_version = v
            Document.objects.bulk_update(docs, ["current_version"])
            Derivative.objects.bulk_create(
                Derivative(version=v, text=b, text_status="ready", preview_status="pending")
                for v, b in zip(versions, bodies, strict=True)
            )
            entries = []
            for d, b in zip(docs, bodies, strict=True):
                title, content = search.document_text(
                    d, b, customers=[names[d.dossier_id]] if d.dossier_id in names else []
                )
                entries.append(SearchEntry(document=d, title=title, content=content))
            SearchEntry.objects.bulk_create(entries)
            search.write_index_many([(e.document_id, e.title, e.content) for e in entries])
        made += n
        if progress:
            rate = made / max(time.monotonic() - started, 1e-6)
            print(f"  generated {made}/{count} documents ({rate:.0f}/s)", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO docstore_search_fts(docstore_search_fts) VALUES('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    facts["seconds"] = round(time.monotonic() - started, 1)
    facts["vocabulary"] = text
    return facts


# ---------------------------------------------------------------- generated once, reused


def database_for(count: int, db_url: str | None, *, fresh: bool = False) -> str:
    """The DATABASE_URL holding `count` generated documents: a SQLite file under var/bench/ (or a database of
    the given PostgreSQL server), reused by later runs; emptied when `fresh` or left unfinished."""
    name = f"docstore-{GENERATOR}-{count}"
    facts = ROOT / "var" / "bench" / f"{name}{'-pg' if db_url else ''}.facts.json"
    facts.parent.mkdir(parents=True, exist_ok=True)
    stale = fresh or not facts.exists()
    if stale and facts.exists():
        facts.unlink()
    if db_url is None:
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        if stale:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    database = name.replace("-", "_")
    with psycopg.connect(db_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and stale:
            conn.execute(f'DROP DATABASE "{database}"')
        if not exists or stale:
            conn.execute(f'CREATE DATABASE "{database}"')
    return db_url.rsplit("/", 1)[0] + "/" + database


def load_or_generate(count: int, *, seed: int = 7) -> dict:
    """The facts of the data generated earlier for this database, or generate it now (see database_for)."""
    from django.db import connection

    from docstore.models import Document

    name = f"docstore-{GENERATOR}-{count}{'-pg' if connection.vendor == 'postgresql' else ''}"
    path = ROOT / "var" / "bench" / f"{name}.facts.json"
    if path.exists() and Document.objects.count() == count:
        facts = json.loads(path.read_text())
        print(f"  reusing {count} documents generated earlier in {facts['seconds']} s", flush=True)
        _fill_unit_keys()
    else:
        facts = generate(count, seed=seed)
        facts.pop("vocabulary")
        path.write_text(json.dumps(facts, ensure_ascii=False))
    facts["vocabulary"] = corpus.Corpus(seed)
    return facts


def _fill_unit_keys() -> None:
    """Documents generated before the unit sort key existed get theirs (once)."""
    from django.db import transaction

    from docstore.models import Document, Dossier

    if not hasattr(Document, "unit_key_of"):
        return
    missing = Document.objects.filter(unit_key="", dossier__isnull=False).values("dossier_id").distinct()
    dossiers = list(Dossier.objects.filter(pk__in=missing))
    with transaction.atomic():
        for dossier in dossiers:
            Document.objects.filter(dossier=dossier).update(unit_key=Document.unit_key_of(dossier))
    if dossiers:
        print(f"  unit sort keys filled for {len(dossiers)} dossiers", flush=True)
