"""Bulk import of a folder tree: `project/building-unit/files` maps to dossiers (or a --mapping regex).

Files whose bytes are already stored are skipped (`create_document(on_duplicate="skip")`), so re-running
imports only what is missing; refused files are collected with the reason and reported at the end.
"""

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from docstore.models import DocumentType, Dossier
from docstore.services.documents import create_document
from docstore.services.dossiers import create_dossier

DEFAULT_MAPPING = r"^(?P<project>[^/]+)/(?P<building>[^/]+?)-(?P<unit>[^/]+)/(?:.+/)?[^/]+$"


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    symlinks: list[tuple[str, str]] = field(default_factory=list)  # (relative path, target), never followed
    dossiers_created: int = 0

    def as_dict(self) -> dict:
        return {
            "imported": len(self.imported),
            "skipped": len(self.skipped),
            "refused": len(self.refused),
            "symlinks": len(self.symlinks),
            "dossiers_created": self.dossiers_created,
        }


def walk(root: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """(regular files under root, [(relative path, target)] of the symbolic links skipped). A link is never
    followed, wherever it points (out of the root, back into it, or round in a loop): the files a link inside
    the root points at are imported under their own path. Hidden names and anything that is not a regular
    file (a FIFO would block the reader) are left out."""
    files, links = [], []
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                if entry.is_symlink():
                    links.append((path.relative_to(root).as_posix(), os.readlink(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file(follow_symlinks=False):
                    files.append(path)
    return sorted(files), sorted(links)


def open_inside(root: Path, path: Path):
    """Open a file found by `walk` for reading, refusing a symbolic link put in its place since (O_NOFOLLOW)
    or a path that no longer resolves inside the root (a folder swapped for a link)."""
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        raise OSError(errno.ELOOP, "outside the import folder", str(path))
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")


class Importer:
    def __init__(self, actor, root, *, mapping: str | None = None, default_type: str = "other"):
        self.actor = actor
        self.root = Path(root)
        self.pattern = re.compile(mapping or DEFAULT_MAPPING)
        missing = {"project", "building", "unit"} - set(self.pattern.groupindex)
        if missing:
            raise ValueError(
                f"mapping needs the named groups project, building, unit (missing: {sorted(missing)})"
            )
        self.types = list(DocumentType.objects.order_by("position"))
        self.default_type = DocumentType.objects.get(code=default_type)
        self.dossiers: dict[tuple, Dossier] = {}
        self.report = ImportReport()

    def doc_type_for(self, relative: str, match) -> DocumentType:
        wanted = match.groupdict().get("doc_type")
        if wanted:
            for t in self.types:
                if wanted in (t.code, t.name):
                    return t
        name = Path(relative).name
        best = [t for t in self.types if t.code != "contract_template" and t.name and t.name in name]
        return max(best, key=lambda t: len(t.name)) if best else self.default_type

    def dossier_for(self, key: tuple) -> tuple[Dossier, bool]:
        """The dossier for (project, building, unit), and whether this call created it."""
        if key in self.dossiers:
            return self.dossiers[key], False
        project, building, unit = key
        found = Dossier.objects.filter(project=project, building=building, unit=unit).first()
        if found is not None:
            self.dossiers[key] = found
            return found, False
        return create_dossier(self.actor, project=project, building=building, unit=unit), True

    def import_file(self, path: Path) -> str:
        relative = path.relative_to(self.root).as_posix()
        match = self.pattern.match(relative)
        if match is None:
            self.report.refused.append((relative, _("路径不符合目录结构（项目/楼栋-房号/文件）")))
            return "refused"
        key = (match["project"], match["building"], match["unit"])
        created = False
        try:
            stream = open_inside(self.root, path)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                self.report.refused.append((relative, exc.strerror or str(exc)))
                return "refused"
            self.report.symlinks.append((relative, os.path.realpath(path)))  # made a link since the walk
            return "symlink"
        with stream, transaction.atomic():
            try:
                dossier, created = self.dossier_for(key)
                document = create_document(
                    self.actor,
                    file=stream,
                    filename=path.name,
                    title=path.stem,
                    doc_type=self.doc_type_for(relative, match),
                    dossier=dossier,
                    metadata={"imported_from": relative},
                    comment=_("批量导入"),
                    on_duplicate="skip",
                )
            except DomainError as exc:
                outcome = "refused"
                self.report.refused.append((relative, str(exc.detail)))
            else:
                outcome = "imported" if document is not None else "skipped"
                getattr(self.report, outcome).append(relative)
            if created and outcome == "skipped":
                transaction.set_rollback(True)  # bytes already stored: no new dossier for them either
            elif created:
                self.dossiers[key] = dossier
                self.report.dossiers_created += 1
        return outcome
