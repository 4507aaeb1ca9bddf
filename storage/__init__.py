"""Content-addressed blob storage: bytes stored once under their sha256, streamed, written atomically.

This package knows no Django app; which blobs are still referenced is asked from the callables named in
settings.STORAGE_REFERENCE_PROVIDERS.
"""
