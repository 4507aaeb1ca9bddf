"""PDFium is not thread-safe: every use in a process (threaded server, worker) goes through this one lock.

Re-entrant, so a generator that renders pages can call helpers that take it again.
"""

import threading

PDFIUM_LOCK = threading.RLock()
