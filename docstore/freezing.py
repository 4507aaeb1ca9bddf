"""Frozen documents: filed (the archive record pins one version) or disposed (only the catalogue entry stays).

docstore knows no archive. The app that files and disposes of documents registers a *freezer* in its
AppConfig.ready(): a callable taking document ids and answering {document id: Freeze}, with the message
that names the archival code, in its own words. The services ask before any change of a document (a new
version, a check-out, an attachment, a metadata edit), and every route that serves a version's content asks
whether its document was disposed of:
- filed: a change is refused with 409 `filed` (a correction goes through the archive's audited correction);
- disposed: a change is refused with 410 `disposed`, a read of a version's content with 410 `gone`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.errors import Conflict, DomainError, Gone

FILED = "filed"
DISPOSED = "disposed"


@dataclass(frozen=True)
class Freeze:
    state: str  # FILED or DISPOSED
    archival_code: str
    message: str  # why, naming the archival code (and the certificate when disposed)
    record_url: str = ""  # the archive record's page
    version_id: int | None = None  # the version the record pins
    certificate: str = ""  # the disposal certificate's number
    certificate_url: str = ""

    @property
    def disposed(self) -> bool:
        return self.state == DISPOSED

    def refusal(self, *, reading: bool = False) -> DomainError:
        """409 `filed` or 410 `disposed` for a change; a read of a disposed version's content keeps the
        API's 410 `gone` (as a download of deleted bytes always answered)."""
        extra = {"archival_code": self.archival_code}
        if self.disposed:
            code = "gone" if reading else DISPOSED
            return Gone(self.message, code=code, certificate=self.certificate, **extra)
        return Conflict(self.message, code=FILED, **extra)


# Callables: (document ids) -> {document id: Freeze} for the frozen ones among them.
document_freezers: list[Callable[[list[int]], dict[int, Freeze]]] = []


def freezes(document_ids: Iterable[int]) -> dict[int, Freeze]:
    """{document id: Freeze} of the frozen documents among these; a disposal outweighs a filing."""
    ids = sorted({pk for pk in document_ids if pk is not None})
    found: dict[int, Freeze] = {}
    if not ids:
        return found
    for freezer in document_freezers:
        for pk, freeze in freezer(ids).items():
            if pk not in found or freeze.disposed:
                found[pk] = freeze
    return found


def freeze_of(document_or_id) -> Freeze | None:
    pk = getattr(document_or_id, "pk", document_or_id)
    return freezes([pk]).get(pk)


def require_not_frozen(document_or_id) -> None:
    """Before a change of the document: 409 `filed`, 410 `disposed`."""
    freeze = freeze_of(document_or_id)
    if freeze is not None:
        raise freeze.refusal()


def require_not_disposed(document_or_id, *, reading: bool = False) -> None:
    """Before serving a version's content (410 `gone`), or using it (410 `disposed`)."""
    freeze = freeze_of(document_or_id)
    if freeze is not None and freeze.disposed:
        raise freeze.refusal(reading=reading)
