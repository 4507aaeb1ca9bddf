from django.dispatch import Signal

# Sent after the transaction that created a version commits: text extraction, previews and indexing
# listen here, so that docstore's core knows nothing of them.
version_created = Signal()  # kwargs: version

# Sent after a dossier's customers changed and the change committed: its documents are reindexed.
dossier_changed = Signal()  # kwargs: dossier

# Sent after a document's own fields (metadata; title, type or dossier by a correction) changed and the change
# committed: it is reindexed.
document_changed = Signal()  # kwargs: document
# Sent after a template fill that asked for a PDF committed: the background work converts it.
rendition_requested = Signal()  # kwargs: job
