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
