"""The document store's use cases, one module per family: dossiers, documents (and versions), edit_locks,
attachments, templates, imports. Each write is one transaction, checks permission and writes its audit event."""
