"""What a step still needs before it can be done: its documents (要件) in the dossier, its seal use stamped
(or the impressions recorded), its original's movement recorded, and for the filing steps the archive's
filing. Read for many steps at once in a constant number of queries (boards, API lists) or for one step when
it is completed; each missing thing is named in the user's words.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from archive.models import Filing, Movement, Original, PartyType
from cases.models import StepEffect
from docstore.models import Document, DocumentType
from seals.models import SealRequestItem
from seals.states import RequestStatus

SEAL_DONE = {"stamped", "closed"}


@dataclass(frozen=True)
class Missing:
    kind: str  # document | seal | movement | filing
    text: str

    def __str__(self):
        return self.text


def type_names() -> dict[str, str]:
    """{code: name in the current language}."""
    return {t.code: str(t) for t in DocumentType.objects.all()}


class Facts:
    """What the dossiers of these steps hold, read once for all of them."""

    def __init__(self, steps):
        steps = list(steps)
        self.names = type_names() if steps else {}
        dossiers = {s.case.dossier_id for s in steps}
        codes = {c for s in steps for c in s.required_types}
        moved = {s.movement["document"] for s in steps if s.movement}
        self.present: set[tuple[int, str]] = set()
        if codes and dossiers:
            self.present = set(
                Document.objects.filter(
                    dossier_id__in=dossiers, doc_type__code__in=codes, current_version__isnull=False
                )
                .values_list("dossier_id", "doc_type__code")
                .distinct()
            )
        closed = {s.seal_request_id for s in steps if s.seal_request_id and s.seal_request.status == "closed"}
        self.unused = set()  # closed requests with an item never stamped
        if closed:
            self.unused = set(
                SealRequestItem.objects.filter(request_id__in=closed, used=0).values_list(
                    "request_id", flat=True
                )
            )
        self.originals: set[tuple[int, str]] = set()
        self.movements: list[tuple] = []
        if moved and dossiers:
            self.originals = set(
                Original.objects.filter(document__dossier_id__in=dossiers, document__doc_type__code__in=moved)
                .values_list("document__dossier_id", "document__doc_type__code")
                .distinct()
            )
            since = min(s.case.opened_at for s in steps if s.movement)
            self.movements = list(
                Movement.objects.filter(
                    original__document__dossier_id__in=dossiers,
                    original__document__doc_type__code__in=moved,
                    created_at__gte=since,
                ).values_list(
                    "original__document__dossier_id",
                    "original__document__doc_type__code",
                    "kind",
                    "party_type",
                    "checkout__party_type",
                    "created_at",
                )
            )
        filing_steps = {StepEffect.ONLINE_FILING, StepEffect.FILING_NUMBER}
        self.filings: dict[int, list[tuple[str, str]]] = {}
        if any(s.effect in filing_steps for s in steps):
            for dossier_id, status, number in Filing.objects.filter(
                document__dossier_id__in=dossiers, kind=Filing.Kind.ONLINE_FILING
            ).values_list("document__dossier_id", "status", "filing_number"):
                self.filings.setdefault(dossier_id, []).append((status, number))

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def missing(self, step) -> list[Missing]:
        dossier = step.case.dossier_id
        out = [
            Missing("document", _("要件“%(type)s”") % {"type": self.name(code)})
            for code in step.required_types
            if (dossier, code) not in self.present
        ]
        if step.seal:
            out += self._seal(step)
        if step.movement:
            out += self._movement(step, dossier)
        if step.effect == StepEffect.ONLINE_FILING:
            if not any(status != Filing.Status.REJECTED for status, _n in self.filings.get(dossier, [])):
                out.append(Missing("filing", _("网上备案：档案中尚未登记本案卷合同的网上备案")))
        elif step.effect == StepEffect.FILING_NUMBER:
            if not self.filing_number(dossier):
                out.append(Missing("filing", _("备案号：网上备案尚未受理，还没有备案号")))
        return out

    def filing_number(self, dossier_id) -> str:
        accepted = (Filing.Status.ACCEPTED, Filing.Status.RETURNED)
        return next((n for s, n in self.filings.get(dossier_id, []) if s in accepted and n), "")

    def _seal(self, step) -> list[Missing]:
        request = step.seal_request
        if request is None or request.status in ("withdrawn", "rejected"):
            return [Missing("seal", _("用章：尚未申请用章"))]
        if request.status in SEAL_DONE and request.pk not in self.unused:
            return []
        return [
            Missing(
                "seal",
                _("用章：用章申请 #%(n)s 当前为“%(state)s”，尚未用印")
                % {"n": request.pk, "state": RequestStatus(request.status).label},
            )
        ]

    def _movement(self, step, dossier) -> list[Missing]:
        spec = step.movement
        code, party, kind = spec["document"], spec["party"], spec["kind"]
        what = self.name(code)
        party_label = PartyType(party).label if party in PartyType.values else party
        if (dossier, code) not in self.originals:
            return [Missing("movement", _("原件：案卷中没有登记“%(type)s”的原件") % {"type": what})]
        rows = [r for r in self.movements if r[0] == dossier and r[1] == code and r[5] >= step.case.opened_at]
        if kind == "handover":
            if any(r[2] == Movement.Kind.HANDOVER and r[3] == party for r in rows):
                return []
            text = _("原件：“%(type)s”尚未移交%(party)s")
        elif kind == "out":
            if any(r[2] == Movement.Kind.CHECKOUT and r[3] == party for r in rows):
                return []
            text = _("原件：“%(type)s”尚未借出至%(party)s")
        else:
            if any(r[2] == Movement.Kind.RETURN and r[4] == party for r in rows):
                return []
            if any(r[2] == Movement.Kind.CHECKOUT and r[3] == party for r in rows):
                text = _("原件：“%(type)s”尚未从%(party)s归还")
            else:
                text = _("原件：“%(type)s”尚未借出至%(party)s（办完后归还）")
        return [Missing("movement", text % {"type": what, "party": party_label})]


def missing_by_step(steps) -> dict[int, list[Missing]]:
    steps = list(steps)
    facts = Facts(steps)
    return {step.pk: facts.missing(step) for step in steps}
