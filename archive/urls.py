from django.urls import path

from archive import views
from archive.views import pickers

app_name = "archive"

urlpatterns = [
    path("", views.index, name="index"),
    path("bag/", views.bag, name="bag"),
    path("check/", views.batch_check, name="batch-check"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/correct/", views.record_correct, name="record-correct"),
    path("records/<int:pk>/place/", views.record_place, name="record-place"),
    path("records/<int:pk>/trigger/", views.record_trigger, name="record-trigger"),
    path("records/<int:pk>/check/", views.record_check, name="record-check"),
    path("documents/<int:pk>/", views.document_archive, name="document"),
    path("documents/<int:document_pk>/originals/", views.original_create, name="original-create"),
    path("dossiers/<int:pk>/", views.dossier_archive, name="dossier"),
    path("locations/", views.locations, name="locations"),
    path("locations/<int:pk>/", views.location_detail, name="location"),
    path("locations/<int:pk>/spine.pdf", views.box_spine, name="box-spine"),
    path("locations/<int:pk>/contents.pdf", views.box_contents, name="box-contents"),
    path("originals/overdue/", views.overdue, name="overdue"),
    path("originals/<int:pk>/", views.original_detail, name="original"),
    path("originals/<int:pk>/checkout/", views.original_checkout, name="original-checkout"),
    path("originals/<int:pk>/return/", views.original_return, name="original-return"),
    path("originals/<int:pk>/renew/", views.original_renew, name="original-renew"),
    path("originals/<int:pk>/handover/", views.original_handover, name="original-handover"),
    path("originals/<int:pk>/label.pdf", views.original_label, name="original-label"),
    path("originals/pick.json", pickers.originals_json, name="pick-originals"),
    path("letters/", views.letters, name="letters"),
    path("letters/<int:pk>/", views.letter_detail, name="letter"),
    path("filings/", views.filings, name="filings"),
    path("filings/<int:pk>/<str:verb>/", views.filing_action, name="filing-action"),
    path("disposals/", views.disposals, name="disposals"),
    path("disposals/propose/", views.disposal_propose, name="disposal-propose"),
    path("disposals/<int:pk>/", views.disposal_detail, name="disposal"),
    path("disposals/<int:pk>/certificate.pdf", views.disposal_certificate, name="disposal-certificate"),
    path("holds/", views.hold_create, name="hold-create"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold-release"),
]
