"""The document store's models, one module per purpose; everything importable from `docstore.models`."""

from docstore.models.checkouts import CheckOut
from docstore.models.derived import Derivative, OcrPage, PreviewPage, SearchEntry
from docstore.models.papers import Customer, Document, DocumentType, Dossier, ImmutableError, Version
from docstore.models.personal import RenditionJob, SavedFilter

__all__ = [
    "CheckOut",
    "Customer",
    "Derivative",
    "Document",
    "DocumentType",
    "Dossier",
    "ImmutableError",
    "OcrPage",
    "PreviewPage",
    "RenditionJob",
    "SavedFilter",
    "SearchEntry",
    "Version",
]
