"""Where an approved item may be stamped: at the placements its approval recorded, and nowhere else.

The approval records each electronic item's placements (the default filled in) next to its version's sha256.
Placements given at stamping must equal them: both are resolved on the approved version's pages as seen
(presets and "last" become page numbers and millimetres) and matched one to one, in any order, within
TOLERANCE_MM on each axis. Changing a placement is an edit of the item, which voids the approval.
"""

from django.utils.translation import gettext as _

from core.errors import Conflict
from seals.engine import stamp as engine

DEFAULT_PLACEMENTS = [{"preset": "last_page_signature"}]
# The placement widget and the forms store tenths of a millimetre: positions within half a tenth are the same.
TOLERANCE_MM = 0.05
ELECTRONIC = "electronic"


def effective_placements(item) -> list:
    """The placements stamping uses: the item's own, else the default (none when it asks only for cross-page)."""
    if item.mode != ELECTRONIC:
        return []
    return list(item.placements or []) or ([] if item.cross_page else list(DEFAULT_PLACEMENTS))


def approval_record(items) -> dict:
    """{item id: placements} of the electronic items, as the approval records them."""
    return {str(item.pk): effective_placements(item) for item in items if item.mode == ELECTRONIC}


def approved_placements(item) -> list:
    """What the approval recorded for this item. An approval made before approvals recorded placements falls
    back to the item row: any edit of an approved item voids its approval, so that row is what was approved."""
    recorded = (item.request.approval or {}).get("placements")
    if not isinstance(recorded, dict) or str(item.pk) not in recorded:
        return effective_placements(item)
    return recorded[str(item.pk)]


def _same(a: "engine.Placement", b: "engine.Placement") -> bool:
    slack = TOLERANCE_MM + 1e-9  # float noise on the boundary
    return a.page == b.page and abs(a.x_mm - b.x_mm) <= slack and abs(a.y_mm - b.y_mm) <= slack


def _difference(approved: list, given: list) -> tuple[list, list]:
    """(given but not approved, approved but not given), matching each position at most once."""
    left = list(approved)
    extra = []
    for placement in given:
        match = next((i for i, wanted in enumerate(left) if _same(placement, wanted)), None)
        if match is None:
            extra.append(placement)
        else:
            left.pop(match)
    return extra, left


def _describe(placements: list) -> str:
    return _("、").join(
        _("第 %(page)s 页 (%(x).1f, %(y).1f) 毫米") % {"page": p.page, "x": p.x_mm, "y": p.y_mm}
        for p in placements
    )


def require_approved(item, reader, approved: list, given: list) -> None:
    """Conflict naming the difference when `given` (already cleaned) is not the approved placements."""
    boxes = [engine.page_box(page) for page in reader.pages]
    size = float(item.seal.size_mm)
    extra, missing = _difference(
        engine.resolve_placements(approved, boxes, size), engine.resolve_placements(given, boxes, size)
    )
    if not extra and not missing:
        return
    parts = []
    if extra:
        parts.append(_("未批准的位置：%(where)s") % {"where": _describe(extra)})
    if missing:
        parts.append(_("批准但未给出的位置：%(where)s") % {"where": _describe(missing)})
    raise Conflict(
        _("用印位置与批准的不一致（%(diff)s）。要改变位置，请修改此项（原批准作废）并重新提交审批。")
        % {"diff": _("；").join(parts)},
        code="placements_not_approved",
    )
