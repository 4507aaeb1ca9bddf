"""The error responses in the OpenAPI schema: every operation documents the 4xx/5xx codes it can answer, with
the one error shape {"error": code, "detail": text}, by rule from how the API works:

- 401 and 403 everywhere (login, then role or ownership);
- 404 on an object path, and on a list that takes `page` (a page past the end) or `format`;
- 400 on a write (bad body, or input a service refuses) and on a read that takes query parameters;
- 409 on a write (the object's state does not allow it);
- 410 where a disposed document's bytes are used: a write under documents, versions, templates and seal
  requests (they name versions), a read of a version or a template, and a read that answers a file there;
- 413, 415 and 507 on an upload (multipart); 507 where a new version is written from stored bytes (stamping,
  filling a template).

Views document their success responses, and files with `file_responses()`. The property-based API test
(tests/test_api_fuzz.py) fails on any code or content type a response carries that the schema does not list.
"""

from drf_spectacular.types import OpenApiTypes

ERROR = {
    "type": "object",
    "properties": {
        "error": {"type": "string", "description": "machine-readable code, e.g. wrong_state"},
        "detail": {"type": "string", "description": "human text in the request's language"},
        "fields": {"type": "object", "description": "400 on a body: the message(s) per field"},
    },
    "required": ["error", "detail"],
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Bad input (the detail names the field)",
    "401": "Not logged in",
    "403": "Role or ownership does not allow it",
    "404": "No such object",
    "409": "The object's state does not allow it",
    "410": "Gone: disposed of under an approved disposal",
    "413": "File too large",
    "415": "Unsupported file type",
    "507": "Storage full",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
# collections whose objects are a document's bytes, or name a version of them (a seal request's items)
BYTES_COLLECTIONS = {"documents", "versions", "templates", "seal-requests"}
# where even a read of an object uses the bytes (a version; a template's placeholders)
READS_BYTES = {"versions", "templates"}
# actions that write a new version from bytes already stored
WRITES_A_VERSION = {"stamp", "fill"}

PDF = "application/pdf"
ZIP = "application/zip"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANY = "*/*"


def file_responses(*media_types: str, code: int = 200, json=None) -> dict:
    """extend_schema(responses=...) for a view that answers a file (and, with `json`, JSON otherwise)."""
    responses = {} if json is None else {(code, "application/json"): json}
    responses.update({(code, media_type): OpenApiTypes.BINARY for media_type in media_types})
    return responses


def _segments(path: str) -> list[str]:
    """/api/v1/documents/{id}/attachments.zip/ -> ["documents", "{id}", "attachments.zip"]"""
    parts = [p for p in path.strip("/").split("/") if p]
    return parts[2:] if parts[:2] == ["api", "v1"] else parts


def _answers_a_file(operation: dict) -> bool:
    for code, response in operation.get("responses", {}).items():
        if str(code).startswith("2") and any(
            not media_type.endswith("json") for media_type in (response.get("content") or {})
        ):
            return True
    return False


def codes_for(path: str, method: str, operation: dict) -> set[str]:
    codes = {"401", "403"}
    segments = _segments(path)
    collection, action = (segments[0] if segments else ""), (segments[-1] if segments else "")
    on_object = "{" in path
    query = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"}
    write = method in WRITE_METHODS
    if on_object or query & {"page", "format"}:
        codes.add("404")
    if write or query:
        codes.add("400")
    if write:
        codes.add("409")
    if collection in BYTES_COLLECTIONS and (
        write or (on_object and (collection in READS_BYTES or _answers_a_file(operation)))
    ):
        codes.add("410")
    content = (operation.get("requestBody") or {}).get("content", {})
    if "multipart/form-data" in content:
        codes |= {"413", "415", "507"}
    if write and action in WRITES_A_VERSION:
        codes.add("507")
    return codes


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"$ref": "#/components/schemas/Error"}
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in {"get", "head", *WRITE_METHODS}:
                continue
            responses = operation.setdefault("responses", {})
            for code in sorted(codes_for(path, method, operation)):
                responses.setdefault(
                    code,
                    {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": ref}}},
                )
    return result
