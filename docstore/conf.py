"""Settings of the document store, each with a default and an environment variable (see the status file)."""

from django.conf import settings

from config.env import env_bool, env_int, env_str
from config.env import setting as _get


def checkout_hours() -> int:
    return _get("DOCSTORE_CHECKOUT_HOURS", env_int("DOCSTORE_CHECKOUT_HOURS", 8))


def soffice_path() -> str:
    return _get("SOFFICE_PATH", env_str("SOFFICE_PATH", "soffice"))


def soffice_timeout() -> int:
    return _get("SOFFICE_TIMEOUT", env_int("SOFFICE_TIMEOUT", 120))


def preview_width() -> int:
    return _get("DOCSTORE_PREVIEW_WIDTH", env_int("DOCSTORE_PREVIEW_WIDTH", 1000))


def thumbnail_width() -> int:
    return _get("DOCSTORE_THUMBNAIL_WIDTH", env_int("DOCSTORE_THUMBNAIL_WIDTH", 160))


def preview_max_pages() -> int:
    return _get("DOCSTORE_PREVIEW_MAX_PAGES", env_int("DOCSTORE_PREVIEW_MAX_PAGES", 300))


def preview_max_pixels() -> int:
    """Pixels per page image: a page too tall (or too large) for the preview width is scaled down to fit."""
    return _get("DOCSTORE_PREVIEW_MAX_PIXELS", env_int("DOCSTORE_PREVIEW_MAX_PIXELS", 40_000_000))


def upload_max_pages() -> int:
    """Most pages of an uploaded PDF, or frames of a TIFF: more is refused (413) before anything is stored."""
    return _get("DOCSTORE_UPLOAD_MAX_PAGES", env_int("DOCSTORE_UPLOAD_MAX_PAGES", 10_000))


def image_max_total_pixels() -> int:
    """Pixels of all frames of an image together (MAX_IMAGE_PIXELS bounds each frame)."""
    return _get("DOCSTORE_IMAGE_MAX_TOTAL_PIXELS", env_int("DOCSTORE_IMAGE_MAX_TOTAL_PIXELS", 1_000_000_000))


def search_max_results() -> int:
    return _get("DOCSTORE_SEARCH_MAX_RESULTS", env_int("DOCSTORE_SEARCH_MAX_RESULTS", 1000))


def index_max_chars() -> int:
    return _get("DOCSTORE_INDEX_MAX_CHARS", env_int("DOCSTORE_INDEX_MAX_CHARS", 200_000))


def search_window() -> int:
    """Broad queries are ranked over this many newest matches (see docstore.search.ranked_ids)."""
    return _get("DOCSTORE_SEARCH_WINDOW", env_int("DOCSTORE_SEARCH_WINDOW", 1000))


def docx_previews() -> bool:
    """Render DOCX page images through LibreOffice (when soffice is installed). By default only with a real
    background worker: with the immediate task backend the conversion (seconds) would block the upload."""
    inline = "Immediate" in str(getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", ""))
    return _get("DOCSTORE_DOCX_PREVIEWS", env_bool("DOCSTORE_DOCX_PREVIEWS", not inline))


def preview_batch_pages() -> int:
    """Pages one preview task renders before it queues the rest: a text task waits at most that long."""
    return _get("DOCSTORE_PREVIEW_BATCH_PAGES", env_int("DOCSTORE_PREVIEW_BATCH_PAGES", 20))


def preview_on_demand_wait() -> float:
    """Seconds a request for a missing page image waits for this process's renderer before it shows the
    placeholder (one page is rendered on demand at a time per process)."""
    return _get("DOCSTORE_PREVIEW_ON_DEMAND_WAIT", env_int("DOCSTORE_PREVIEW_ON_DEMAND_WAIT", 5))


def preview_format() -> str:
    """Page images and thumbnails: "jpeg" (default), "webp" (smaller, slower) or "png" (see derive.ENCODINGS)."""
    return _get("DOCSTORE_PREVIEW_FORMAT", env_str("DOCSTORE_PREVIEW_FORMAT", "jpeg"))


def ocr_engine() -> str:
    """The OCR engine: "rapidocr" (PP-OCR models in the installed wheel) or "tesseract" (chi_sim); see README."""
    return _get("DOCSTORE_OCR_ENGINE", env_str("DOCSTORE_OCR_ENGINE", "rapidocr"))


def ocr_fallback() -> str:
    """The engine used when the first one is not installed or fails on a page ("" for none)."""
    return _get("DOCSTORE_OCR_FALLBACK", env_str("DOCSTORE_OCR_FALLBACK", "tesseract"))


def ocr_enabled() -> bool:
    return _get("DOCSTORE_OCR", env_bool("DOCSTORE_OCR", True))


def ocr_batch_pages() -> int:
    """Pages one OCR task recognises before the text is indexed again and the rest is queued."""
    return _get("DOCSTORE_OCR_BATCH_PAGES", env_int("DOCSTORE_OCR_BATCH_PAGES", 4))


def ocr_max_side() -> int:
    """The longer side, in pixels, a page is rendered at for OCR (RapidOCR reads at most 2000 anyway)."""
    return _get("DOCSTORE_OCR_MAX_SIDE", env_int("DOCSTORE_OCR_MAX_SIDE", 2000))


def ocr_det_side() -> int:
    """The longer side, in pixels, RapidOCR's text detector sees (the lines are then read from the full page):
    the detector's cost grows with its input's area, and text lines stay findable well below 2000 px."""
    return _get("DOCSTORE_OCR_DET_SIDE", env_int("DOCSTORE_OCR_DET_SIDE", 960))


def ocr_min_layer_chars() -> int:
    """A PDF page with fewer non-blank characters in its text layer is recognised (a scan)."""
    return _get("DOCSTORE_OCR_MIN_LAYER_CHARS", env_int("DOCSTORE_OCR_MIN_LAYER_CHARS", 10))


def ocr_threads() -> int:
    """Threads of one OCR engine: the worker runs one process per core, so one each by default."""
    return _get("DOCSTORE_OCR_THREADS", env_int("DOCSTORE_OCR_THREADS", 1))


def ocr_timeout() -> int:
    """Seconds a Tesseract run may take on one page before it is stopped."""
    return _get("DOCSTORE_OCR_TIMEOUT", env_int("DOCSTORE_OCR_TIMEOUT", 120))
