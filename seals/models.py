"""Seals, their lifecycle and custody, seal-use requests (用章申请) and the seal-use register (用印登记台账)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from seals import states
from seals.approval_models import ApprovalRule, ApprovalStep  # noqa: F401  (re-exported so Django finds them)


class Seal(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("公章")
        CONTRACT = "contract", _("合同专用章")
        LEGAL_REP = "legal_rep", _("法人章")
        FINANCE = "finance", _("财务专用章")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    company = models.CharField(_("所属公司"), max_length=100)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("保管人"), on_delete=models.PROTECT, related_name="+"
    )
    image_sha256 = models.CharField(_("印模图片"), max_length=64, blank=True)
    size_mm = models.DecimalField(_("尺寸（毫米）"), max_digits=5, decimal_places=1, default=40)
    status = models.CharField(
        _("状态"), max_length=16, choices=states.SealStatus.choices, default=states.SealStatus.REGISTERED
    )
    registered_on = models.DateField(_("备案日期"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        ordering = ["company", "kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("seals:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == states.SealStatus.ACTIVE


class SealStatusChange(models.Model):
    """One lifecycle step: registered, put in use, suspended, resumed, destroyed."""

    seal = models.ForeignKey(Seal, verbose_name=_("印章"), on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("原状态"), max_length=16, choices=states.SealStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=states.SealStatus.choices)
    effective_on = models.DateField(_("生效日期"))
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印章状态变更")
        verbose_name_plural = _("印章状态变更")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.seal_id}: {self.from_status} -> {self.to_status}"


class SealLoan(models.Model):
    """Taking a seal out of the office (外借): asked, approved by the manager, returned."""

    seal = models.ForeignKey(Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="loans")
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("借用人"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("事由"), max_length=500)
    destination = models.CharField(_("去向"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("应还时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=states.LoanStatus.choices, default=states.LoanStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.CharField(_("审批意见"), max_length=500, blank=True)
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归还登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_note = models.CharField(_("归还说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("印章外借")
        verbose_name_plural = _("印章外借")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # A seal that is out cannot be out twice.
            models.UniqueConstraint(fields=["seal"], condition=Q(status="out"), name="seal_loan_one_out"),
        ]

    def __str__(self):
        return f"{self.seal} → {self.borrower}"


class SealRequest(models.Model):
    """The seal-use application form (用章申请表)."""

    class Recipient(models.TextChoices):
        BANK = "bank", _("银行")
        HOUSING_AUTHORITY = "housing_authority", _("房管局")
        CUSTOMER = "customer", _("客户")
        NOTARY = "notary", _("公证处")
        OTHER = "other", _("其他")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("用印事由"), max_length=500)
    recipient = models.CharField(_("用印对象"), max_length=24, choices=Recipient.choices)
    dossier = models.ForeignKey(
        "docstore.Dossier",
        verbose_name=_("案卷"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seal_requests",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=states.RequestStatus.choices, default=states.RequestStatus.DRAFT
    )
    created_at = models.DateTimeField(_("申请日期"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.CharField(_("审批意见"), max_length=500, blank=True)
    # The approval itself: who, when, comment, the sha256 of every item's version ({item_id: sha256}) and
    # the placements approved for every electronic item ({item_id: [placement]}).
    approval = models.JSONField(_("批准记录"), default=dict, blank=True)
    form_document = models.ForeignKey(
        "docstore.Document",
        verbose_name=_("申请表文档"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    # Routing: the rule that chose the chain, the submission (round) and the step now waiting.
    rule = models.ForeignKey(
        ApprovalRule,
        verbose_name=_("审批规则"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    round = models.PositiveSmallIntegerField(_("提交轮次"), default=0)
    current_step = models.PositiveSmallIntegerField(_("当前步骤"), default=0)
    # The authorisation window: electronic use after it is refused, physical use after it is an anomaly.
    valid_until = models.DateTimeField(_("授权有效期至"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=500, blank=True)
    # One application for many items across dossiers (e.g. the house cards of a building).
    batch = models.BooleanField(_("批量申请"), default=False)

    class Meta:
        verbose_name = _("用章申请")
        verbose_name_plural = _("用章申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "requester"])]

    def __str__(self):
        return f"用章申请 #{self.pk}"

    def get_absolute_url(self):
        return reverse("seals:request-detail", args=[self.pk])

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.valid_until is not None and self.valid_until < timezone.now()


class SealRequestItem(models.Model):
    class Mode(models.TextChoices):
        PHYSICAL = "physical", _("实物用印")
        ELECTRONIC = "electronic", _("电子用印")

    request = models.ForeignKey(
        SealRequest, verbose_name=_("用章申请"), on_delete=models.CASCADE, related_name="items"
    )
    version = models.ForeignKey(
        "docstore.Version", verbose_name=_("文件版本"), on_delete=models.PROTECT, related_name="+"
    )
    seal = models.ForeignKey(Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="+")
    impressions = models.PositiveIntegerField(_("用印次数"), default=1)
    cross_page = models.BooleanField(_("骑缝章"), default=False)
    mode = models.CharField(_("用印方式"), max_length=12, choices=Mode.choices, default=Mode.PHYSICAL)
    # [{"page": 1, "x": 150, "y": 60}] in mm from the bottom-left of the page as seen, or {"preset": "..."}.
    placements = models.JSONField(_("盖章位置"), default=list, blank=True)
    approved_sha256 = models.CharField(_("批准时的 SHA-256"), max_length=64, blank=True)
    used = models.PositiveIntegerField(_("已用次数"), default=0)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("用章明细")
        verbose_name_plural = _("用章明细")
        ordering = ["position", "id"]

    def __str__(self):
        return f"#{self.request_id}.{self.pk} {self.seal}"

    @property
    def remaining(self) -> int:
        return max(self.impressions - self.used, 0)


class Impression(models.Model):
    """One line of the seal-use register: impressions made, on paper or electronically."""

    item = models.ForeignKey(
        SealRequestItem, verbose_name=_("用章明细"), on_delete=models.PROTECT, related_name="impression_rows"
    )
    request = models.ForeignKey(
        SealRequest, verbose_name=_("用章申请"), on_delete=models.PROTECT, related_name="+"
    )
    seal = models.ForeignKey(
        Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="impressions"
    )
    document = models.ForeignKey(
        "docstore.Document", verbose_name=_("文档"), on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "docstore.Dossier",
        verbose_name=_("案卷"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用印人"), on_delete=models.PROTECT, related_name="+"
    )
    # The seal's custodian (监印人) when the impression was made: the third person of 审用分离.
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("监印人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Made on paper after the authorisation expired: an anomaly with its reason.
    expired = models.BooleanField(_("授权过期后用印"), default=False)
    count = models.PositiveIntegerField(_("次数"))
    mode = models.CharField(_("用印方式"), max_length=12, choices=SealRequestItem.Mode.choices)
    made_on = models.DateField(_("用印日期"), db_index=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    anomaly = models.BooleanField(_("异常"), default=False, db_index=True)
    reason = models.CharField(_("异常说明"), max_length=500, blank=True)
    result_version = models.ForeignKey(
        "docstore.Version",
        verbose_name=_("用印后版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("用印登记")
        verbose_name_plural = _("用印登记")
        ordering = ["-made_on", "-id"]

    def __str__(self):
        return f"{self.made_on} {self.seal_id} ×{self.count}"


class StampEvidence(models.Model):
    """Photos or scans of an item's stamped paper (a version marked stamp_evidence), compared with the
    approved version: page count, each page's text or look, the red impressions on each page."""

    item = models.ForeignKey(
        SealRequestItem, verbose_name=_("用章明细"), on_delete=models.PROTECT, related_name="evidence"
    )
    version = models.ForeignKey(
        "docstore.Version", verbose_name=_("凭证版本"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("比对结果"), max_length=12, choices=states.EvidenceStatus.choices)
    approved_pages = models.PositiveIntegerField(_("批准版本页数"))
    evidence_pages = models.PositiveIntegerField(_("凭证页数"))
    impressions_found = models.PositiveIntegerField(_("识别到的印章"))
    # [{"code": "page_differs", "page": 2, ...}]: what does not match; [] when everything does
    findings = models.JSONField(_("不符之处"), default=list, blank=True)
    # one row per page pair: {"approved", "evidence", "similarity", "compared_by", "seals", "problems"}
    pages = models.JSONField(_("逐页比对"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    accept_note = models.CharField(_("核实说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("用印凭证")
        verbose_name_plural = _("用印凭证")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"#{self.item_id} {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("seals:evidence-detail", args=[self.pk])

    def findings_text(self) -> list[str]:
        return [describe_finding(f) for f in self.findings]

    def first_problem_page(self) -> dict | None:
        """The page pair for a side-by-side glimpse on the manager's home page: the first with a problem of its
        own, else (a count over the whole item) the first that carries a seal."""
        return next((row for row in self.pages if row.get("problems")), None) or next(
            (row for row in self.pages if row.get("seals")), None
        )


FINDINGS = {
    "page_count": _("页数不符：批准 %(expected)s 页，凭证 %(found)s 页"),
    "page_missing": _("缺少第 %(page)s 页"),
    "page_extra": _("凭证第 %(evidence_page)s 页不在批准的文件中"),
    "page_differs": _("第 %(page)s 页与批准的不同（凭证第 %(evidence_page)s 页）"),
    "impressions_extra": _("印章多于批准：批准 %(expected)s 个，识别到 %(found)s 个"),
    "impressions_missing": _("印章少于批准：批准 %(expected)s 个，识别到 %(found)s 个"),
    "impressions_on_page": _("第 %(page)s 页印章数不符：应为 %(expected)s 个，识别到 %(found)s 个"),
    "cross_page_missing": _("凭证第 %(evidence_page)s 页没有骑缝章"),
    "not_comparable": _("无法自动比对（%(reason)s），请人工核对"),
}


def describe_finding(finding: dict) -> str:
    template = FINDINGS.get(finding.get("code"))
    if template is None:
        return str(finding.get("code"))
    try:
        return str(template) % finding
    except (KeyError, TypeError):
        return str(finding.get("code"))
