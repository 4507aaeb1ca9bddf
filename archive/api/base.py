from rest_framework import renderers
from rest_framework.settings import api_settings


class _Passthrough(renderers.BaseRenderer):
    """Lets `?format=csv|xlsx` through content negotiation; the view answers with a file. Errors
    rendered through it come out as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return renderers.JSONRenderer().render(data)


class CSVRenderer(_Passthrough):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_Passthrough):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class PDFRenderer(_Passthrough):
    media_type = "application/pdf"
    format = "pdf"


EXPORT_RENDERERS = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, XLSXRenderer]


def pdf_response(data: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
