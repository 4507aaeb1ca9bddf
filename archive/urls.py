from django.urls import path

from archive import views

urlpatterns = [
    path("", views.index, name="archive-index"),
    path("bag/", views.bag, name="archive-bag"),
    path("check/", views.batch_check, name="archive-batch-check"),
    path("records/<int:pk>/", views.record_detail, name="archive-record"),
    path("records/<int:pk>/correct/", views.record_correct, name="archive-record-correct"),
    path("records/<int:pk>/place/", views.record_place, name="archive-record-place"),
    path("records/<int:pk>/trigger/", views.record_trigger, name="archive-record-trigger"),
    path("records/<int:pk>/check/", views.record_check, name="archive-record-check"),
    path("documents/<int:pk>/", views.document_archive, name="archive-document"),
    path("documents/<int:document_pk>/originals/", views.original_create, name="archive-original-create"),
    path("dossiers/<int:pk>/", views.dossier_archive, name="archive-dossier"),
    path("locations/", views.locations, name="archive-locations"),
    path("locations/<int:pk>/", views.location_detail, name="archive-location"),
    path("locations/<int:pk>/spine.pdf", views.box_spine, name="archive-box-spine"),
    path("locations/<int:pk>/contents.pdf", views.box_contents, name="archive-box-contents"),
    path("originals/overdue/", views.overdue, name="archive-overdue"),
    path("originals/<int:pk>/", views.original_detail, name="archive-original"),
    path("originals/<int:pk>/checkout/", views.original_checkout, name="archive-original-checkout"),
    path("originals/<int:pk>/return/", views.original_return, name="archive-original-return"),
    path("originals/<int:pk>/renew/", views.original_renew, name="archive-original-renew"),
    path("originals/<int:pk>/handover/", views.original_handover, name="archive-original-handover"),
    path("originals/<int:pk>/label.pdf", views.original_label, name="archive-original-label"),
    path("letters/", views.letters, name="archive-letters"),
    path("letters/<int:pk>/", views.letter_detail, name="archive-letter"),
    path("filings/", views.filings, name="archive-filings"),
    path("filings/<int:pk>/<str:verb>/", views.filing_action, name="archive-filing-action"),
    path("disposals/", views.disposals, name="archive-disposals"),
    path("disposals/propose/", views.disposal_propose, name="archive-disposal-propose"),
    path("disposals/<int:pk>/", views.disposal_detail, name="archive-disposal"),
    path(
        "disposals/<int:pk>/certificate.pdf", views.disposal_certificate, name="archive-disposal-certificate"
    ),
    path("holds/", views.hold_create, name="archive-hold-create"),
    path("holds/<int:pk>/release/", views.hold_release, name="archive-hold-release"),
]
