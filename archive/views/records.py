"""Pages: archive index, record page, filing, corrections, four-property check, locations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import require_staff
from archive import checks, exports, pdfs, permissions, selectors, services, states
from archive.filters import RecordFilter
from archive.forms import CorrectionForm, FileForm, LocationForm, PlaceForm, TriggerForm
from archive.models import ArchiveRecord, Location, Movement, Original, RecordCorrection, TypeDefault
from archive.pagination import paginator_class_for
from archive.services.records import default_department
from archive.views.common import PAGE_SIZE, attempt, query_without_page
from core.errors import DomainError, InvalidInput
from core.web import page_of
from docstore.models import Document, Dossier
from docstore.permissions import may_see_id_numbers


@login_required
def index(request):
    require_staff(request.user)
    filterset = RecordFilter(request.GET, queryset=selectors.record_list())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        writer = exports.csv_response if export == "csv" else exports.xlsx_response
        return writer(filterset.qs, mask_ids=not may_see_id_numbers(request.user))
    return render(
        request,
        "archive/index.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs, PAGE_SIZE, paginator_class_for(request)),
            "query": query_without_page(request),
            "reminders": selectors.reminders(request.user),
            "can_keep": permissions.can_keep(request.user),
        },
    )


@login_required
@require_POST
def bag(request):
    require_staff(request.user)
    ids = [int(x) for x in request.POST.getlist("records") if x.isdigit()]
    records = list(selectors.record_list().select_related("version").filter(pk__in=ids, status="filed"))
    if not records:
        messages.error(request, _("请至少选择一件未销毁的档案。"))
        return redirect("archive:index")
    services.record_export(request.user, records)
    return exports.bag_response(records, actor_label=request.user.label)


@login_required
def record_detail(request, pk):
    require_staff(request.user)
    record = get_object_or_404(
        selectors.record_list()
        .select_related("document", "version", "filed_by")
        .prefetch_related(
            Prefetch("corrections", queryset=RecordCorrection.objects.select_related("corrected_by"))
        ),
        pk=pk,
    )
    is_manager = permissions.is_manager(request.user)
    return render(
        request,
        "archive/record_detail.html",
        {
            "record": record,
            "originals": _originals(request.user, Original.objects.filter(document_id=record.document_id)),
            "actions": states.RECORD.allowed_actions(request.user, record),
            "held": selectors.is_held(record),
            "holds": record.holds.filter(released_at__isnull=True),
            "can_keep": permissions.can_keep(request.user),
            "is_manager": is_manager,
            "correction_form": CorrectionForm(
                initial={
                    "title": record.title,
                    "responsible": record.responsible,
                    "doc_date": record.doc_date,
                    "page_count": record.page_count,
                    "note": record.note,
                }
            )
            if is_manager
            else None,
            "place_form": PlaceForm(initial={"box": record.box_id}),
            "trigger_form": TriggerForm(initial={"trigger_date": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def record_correct(request, pk):
    record = get_object_or_404(ArchiveRecord, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("更正内容有误，请检查。"))
        return redirect(record)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    changes = {k: v for k, v in data.items() if v != getattr(record, k)}
    response, _exc = attempt(
        request,
        record,
        lambda: services.correct_record(request.user, record, reason=reason, **changes),
        _("已更正。"),
    )
    return response


@login_required
@require_POST
def record_place(request, pk):
    record = get_object_or_404(
        ArchiveRecord.objects.select_related("fonds", "retention", "department"), pk=pk
    )
    form = PlaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择档案盒。"))
        return redirect(record)
    response, _exc = attempt(
        request,
        record,
        lambda: services.place_in_box(request.user, record, form.cleaned_data["box"]),
        _("已上架。"),
    )
    return response


@login_required
@require_POST
def record_trigger(request, pk):
    record = get_object_or_404(ArchiveRecord, pk=pk)
    form = TriggerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写起算日和事件。"))
        return redirect(record)
    data = form.cleaned_data
    scope = [record]
    if request.POST.get("scope") == "dossier" and record.dossier_id:
        scope = list(ArchiveRecord.objects.filter(dossier_id=record.dossier_id))
    response, _exc = attempt(
        request,
        record,
        lambda: services.set_retention_trigger(
            request.user, scope, trigger_date=data["trigger_date"], event=data["event"]
        ),
        _("保管期限起算日已更新。"),
    )
    return response


@login_required
def record_check(request, pk):
    require_staff(request.user)
    record = get_object_or_404(ArchiveRecord, pk=pk)
    report = checks.for_display(checks.check_batch(ArchiveRecord.objects.filter(pk=record.pk)))
    return render(
        request, "archive/check.html", {"record": record, "report": report, "labels": checks.LABELS}
    )


@login_required
def batch_check(request):
    require_staff(request.user)
    filterset = RecordFilter(request.GET, queryset=selectors.record_list())
    ids = list(filterset.qs.values_list("pk", flat=True)[:500])
    report = checks.check_batch(ArchiveRecord.objects.filter(pk__in=ids).order_by("archival_code"))
    report = checks.for_display(report)
    return render(request, "archive/check.html", {"record": None, "report": report, "labels": checks.LABELS})


@login_required
def document_archive(request, pk):
    """The archive side of a document: its record (or the filing form) and its originals, with quick actions."""
    require_staff(request.user)
    document = get_object_or_404(
        Document.objects.select_related("doc_type", "dossier", "current_version"), pk=pk
    )
    record = ArchiveRecord.objects.filter(document=document).first()
    form = None
    if record is None and permissions.can_keep(request.user):
        rule = TypeDefault.objects.filter(doc_type_id=document.doc_type_id).first()
        try:
            department = default_department()
        except DomainError:
            department = None
        initial = {"year": timezone.localdate().year, "department": department}
        if rule:
            initial.update(category=rule.category_id, retention=rule.retention_id)
        form = FileForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                record = services.file_document(request.user, document, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc.detail))
            else:
                messages.success(request, _("已归档，档号 %(code)s。") % {"code": record.archival_code})
                return redirect(record)
    from archive.forms import CheckoutForm, OriginalForm

    return render(
        request,
        "archive/document.html",
        {
            "document": document,
            "record": record,
            "file_form": form,
            "originals": _originals(request.user, Original.objects.filter(document=document)),
            "original_form": OriginalForm(),
            "checkout_form": CheckoutForm(),
            "can_keep": permissions.can_keep(request.user),
        },
    )


def _originals(user, queryset) -> list:
    """The originals with what this user may do with each now (the table's buttons)."""
    return states.ORIGINAL.with_actions(
        user,
        queryset.select_related("document", "home", "current_movement", "current_movement__holder").order_by(
            "document_id", "kind", "id"
        ),
    )


@login_required
def dossier_archive(request, pk):
    require_staff(request.user)
    dossier = get_object_or_404(Dossier, pk=pk)
    from archive.forms import CheckoutForm

    return render(
        request,
        "archive/dossier.html",
        {
            "dossier": dossier,
            "records": selectors.record_list().filter(dossier=dossier),
            "originals": _originals(request.user, Original.objects.filter(document__dossier=dossier)),
            "checkout_form": CheckoutForm(),
            "can_keep": permissions.can_keep(request.user),
        },
    )


@login_required
def locations(request):
    require_staff(request.user)
    form = LocationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            try:
                location = services.create_location(request.user, **data)
            except DomainError as exc:
                form.add_error(None, str(exc.detail))
            else:
                messages.success(request, _("已添加位置：%(name)s") % {"name": location.name})
                return redirect("archive:locations")
    return render(
        request,
        "archive/locations.html",
        {"tree": selectors.location_tree(), "form": form, "can_keep": permissions.can_keep(request.user)},
    )


@login_required
def location_detail(request, pk):
    require_staff(request.user)
    location = get_object_or_404(
        Location.objects.select_related("parent", "retention", "department", "fonds"), pk=pk
    )
    return render(
        request,
        "archive/location_detail.html",
        {
            "location": location,
            "children": location.children.order_by("position", "name"),
            "records": selectors.box_records(location) if location.is_box else [],
            "originals": _originals(request.user, Original.objects.filter(home=location))
            if location.is_box
            else [],
        },
    )


def _box_or_400(pk) -> Location:
    box = get_object_or_404(Location.objects.select_related("fonds", "retention", "department"), pk=pk)
    if not box.is_box:
        raise InvalidInput(_("只有档案盒有盒脊和盒内目录。"), code="not_a_box")
    return box


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def box_spine(request, pk):
    require_staff(request.user)
    box = _box_or_400(pk)
    return _pdf(pdfs.spine_label(box, list(selectors.box_records(box))), f"spine-{box.pk}.pdf")


@login_required
def box_contents(request, pk):
    require_staff(request.user)
    box = _box_or_400(pk)
    return _pdf(
        pdfs.contents_list(box, list(selectors.box_records(box)), prepared_by=request.user.label),
        f"contents-{box.pk}.pdf",
    )


__all__ = ["Movement"]
