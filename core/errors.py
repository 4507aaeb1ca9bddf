"""Domain errors raised by services; views and the API turn them into the right status code."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_detail = _("请求无效。")

    def __init__(self, detail=None, code: str | None = None, **extra):
        self.detail = detail if detail is not None else self.default_detail
        if code:
            self.code = code
        self.extra = extra
        super().__init__(str(self.detail))


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_detail = _("您没有执行此操作的权限。")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_detail = _("未找到。")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_detail = _("当前状态不允许此操作。")


class Gone(DomainError):
    status = 410
    code = "gone"
    default_detail = _("已不存在。")


class TooLarge(DomainError):
    status = 413
    code = "too_large"
    default_detail = _("文件过大。")


class UnsupportedMedia(DomainError):
    status = 415
    code = "unsupported_media_type"
    default_detail = _("不支持的文件类型。")
