"""Domain errors raised by services; views and the API turn them into the right status code."""

import errno

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


class StorageFull(DomainError):
    status = 507
    code = "storage_full"
    default_detail = _("存储空间已满，文件没有保存。请联系管理员清理空间后重试。")


# A full disk or an exhausted quota, wherever the write happened (the blob store's temporary file, an upload
# spooled to disk): not the request's fault, and nothing of it was kept.
STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def as_domain_error(exc: BaseException) -> DomainError | None:
    """The DomainError an exception stands for, or None: a DomainError itself, or an OSError (or one in its
    chain of causes) that says the storage is full."""
    if isinstance(exc, DomainError):
        return exc
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in STORAGE_FULL_ERRNOS:
            return StorageFull()
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None
