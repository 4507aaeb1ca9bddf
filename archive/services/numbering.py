"""Gapless number series. The caller's transaction holds the counter row locked until it commits, so a
number is taken only when the row that uses it is written, and a rollback gives the number back."""

from django.db import transaction

from archive.models import Counter


def next_number(key: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the caller's transaction")
    Counter.objects.bulk_create([Counter(key=key, last=0)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.last += 1
    Counter.objects.filter(pk=counter.pk).update(last=counter.last)
    return counter.last


def item_series(fonds, category, year, retention, department) -> str:
    return f"item:{fonds.code}|{category.code}|{year}|{retention.code}|{department.code}"


def letter_series(direction: str, year: int) -> str:
    return f"letter:{direction}|{year}"


def archival_code(fonds, category, year, retention, department, item_number: int) -> str:
    """DA/T 22-2015: 全宗号-门类·年度-保管期限-机构(问题)-件号, e.g. Q001-HT·2026-D30-KFB-0012."""
    return f"{fonds.code}-{category.code}·{year}-{retention.code}-{department.code}-{item_number:04d}"
