"""Verification: is this PDF a stamped version issued here, and is it intact? Open to anyone logged in."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.roles import roles_of
from core.errors import Forbidden, InvalidInput, TooLarge
from docstore.models import Version
from seals.engine import signing
from seals.models import Impression, SealRequestItem


@dataclass
class Verification:
    status: str  # "intact" | "modified" | "unknown"
    issued: bool
    message: str
    sha256: str
    signed_at: object = None
    signer: str = ""
    level: str = ""  # PAdES baseline level of the signature: B-B, B-T, B-LT, B-LTA ("" when unsigned)
    timestamped_at: object = None
    impression: Impression | None = None
    item: SealRequestItem | None = None

    @property
    def long_term(self) -> bool:
        return self.level in ("B-LT", "B-LTA")

    def as_dict(self) -> dict:
        item, imp = self.item, self.impression
        req = item.request if item else None
        return {
            "status": self.status,
            "issued_here": self.issued,
            "intact": self.status == "intact",
            "modified": self.status == "modified",
            "message": self.message,
            "sha256": self.sha256,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "signer": self.signer,
            "signature_level": self.level or None,
            "timestamped_at": self.timestamped_at.isoformat() if self.timestamped_at else None,
            "request": req.pk if req else None,
            "item": item.pk if item else None,
            "seal": {"id": item.seal_id, "name": item.seal.name, "kind": item.seal.kind} if item else None,
            "requester": str(req.requester) if req else None,
            "approved_by": str(req.decided_by) if req and req.decided_by_id else None,
            "approved_at": req.decided_at.isoformat() if req and req.decided_at else None,
            "stamped_at": imp.created_at.isoformat() if imp else None,
            "version": imp.result_version_id if imp else None,
            "document": imp.document_id if imp else None,
        }


def _find(sha256s: list[str], item_id: int | None):
    for sha in sha256s:
        if not sha:
            continue
        imp = (
            Impression.objects.select_related(
                "item__seal", "item__request__requester", "item__request__decided_by"
            )
            .filter(result_version__sha256=sha, mode="electronic")
            .first()
        )
        if imp:
            return imp, imp.item
    if item_id:
        item = (
            SealRequestItem.objects.select_related("seal", "request__requester", "request__decided_by")
            .filter(pk=item_id)
            .first()
        )
        return None, item
    return None, None


def verify_file(actor, stream) -> Verification:
    if not roles_of(actor) and not getattr(actor, "is_authenticated", False):
        raise Forbidden()
    data = stream.read(settings.MAX_UPLOAD_BYTES + 1)
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise TooLarge()
    if not data:
        raise InvalidInput(_("文件为空。"), code="empty_file")
    if not data[:1024].lstrip().startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise InvalidInput(_("请上传 PDF 文件。"), code="not_pdf")
    sha = hashlib.sha256(data).hexdigest()
    verdict = signing.verify(data)
    exact = Version.objects.filter(sha256=sha, origin=Version.Origin.STAMP).exists()
    impression, item = _find([sha, verdict.revision_sha256], verdict.item_id if verdict.ours else None)
    if exact and verdict.intact and verdict.ours:
        status, message = "intact", _("此文件是本系统用印并签名的版本，自签名以来未被修改。")
    elif verdict.signed and verdict.ours:
        status = "modified"
        message = (
            _("此文件由本系统用印并签名，但签名后被追加了修改。")
            if verdict.appended
            else _("此文件由本系统用印并签名，但签名后内容已被改动，签名无效。")
        )
    elif verdict.signed and verdict.problems:
        status, message = "modified", _("文件带有本系统格式的电子印章签名，但签名已失效：文件已被改动。")
    else:
        status, message = "unknown", _("此文件不是本系统签发的用印版本。")
    issued = status == "intact" or (status == "modified" and item is not None)
    return Verification(
        status=status,
        issued=issued,
        message=message,
        sha256=sha,
        signed_at=verdict.signed_at,
        signer=verdict.signer,
        level=verdict.level if verdict.signed else "",
        timestamped_at=verdict.timestamped_at,
        impression=impression,
        item=item,
    )
