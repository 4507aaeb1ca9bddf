"""The error responses in the OpenAPI schema: every operation documents the 4xx/5xx codes it can answer, with
the one error shape {"error": code, "detail": text}. The rule follows how the API works (auth on every
operation, 404 on an object path, 400 on bad input, 409 on a state conflict, 413/415/507 on uploads, 410 on
disposed bytes); views may document more with extend_schema. The property-based API test
(tests/test_api_fuzz.py) fails on any code a response carries that the schema does not list."""

ERROR = {
    "type": "object",
    "properties": {
        "error": {"type": "string", "description": "machine-readable code, e.g. wrong_state"},
        "detail": {"type": "string", "description": "human text in the request's language"},
    },
    "required": ["error", "detail"],
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Bad input (the detail names the field)",
    "401": "Not logged in",
    "403": "Role or ownership does not allow it",
    "404": "No such object",
    "405": "Method not allowed",
    "409": "The object's state does not allow it",
    "410": "Gone: disposed of under an approved disposal",
    "413": "File too large",
    "415": "Unsupported file type",
    "507": "Storage full",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def codes_for(path: str, method: str, operation: dict) -> set[str]:
    codes = {"401", "403"}
    query = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"}
    # an object path, a page past the end, or an unknown ?format= (DRF's content negotiation) is a 404
    if "{" in path or query & {"page", "format"}:
        codes.add("404")
    has_query = bool(query)
    if method in WRITE_METHODS:
        codes |= {"400", "409"}
    elif has_query:
        codes.add("400")
    content = (operation.get("requestBody") or {}).get("content", {})
    if "multipart/form-data" in content:
        codes |= {"413", "415", "507"}
    if method == "get" and "{" in path:
        codes.add("410")  # a disposed object's bytes and derived content
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
