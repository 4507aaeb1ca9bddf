from django.urls import path

from docstore.views import (
    attachments,
    capture,
    corrections,
    documents,
    dossiers,
    edit_locks,
    lists,
    pickers,
    previews,
    search,
    suggestions,
    templates,
)

app_name = "docstore"

urlpatterns = [
    path("dossiers/", dossiers.dossier_list, name="dossier-list"),
    path("dossiers/new/", dossiers.dossier_create, name="dossier-create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier-detail"),
    path("dossiers/<int:pk>/edit/", corrections.dossier_edit, name="dossier-edit"),
    path("dossiers/<int:pk>/delete/", corrections.dossier_delete, name="dossier-delete"),
    path("documents/", documents.document_list, name="document-list"),
    path("documents/new/", documents.document_create, name="document-create"),
    path("documents/capture/", capture.capture_page, name="document-capture"),
    path("documents/bulk/", lists.document_bulk, name="document-bulk"),
    path("filters/", lists.saved_filter_create, name="saved-filter-create"),
    path("filters/<int:pk>/delete/", lists.saved_filter_delete, name="saved-filter-delete"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<int:pk>/edit/", corrections.document_edit, name="document-edit"),
    path("documents/<int:pk>/versions/", documents.version_upload, name="version-upload"),
    path("versions/<int:pk>/download/", documents.version_download, name="version-download"),
    path(
        "documents/<int:pk>/suggestions/", suggestions.confirm_suggestion, name="document-suggestion-confirm"
    ),
    path("documents/<int:pk>/checkout/", edit_locks.document_checkout, name="document-checkout"),
    path("documents/<int:pk>/checkin/", edit_locks.document_checkin, name="document-checkin"),
    path(
        "documents/<int:pk>/force-checkin/", edit_locks.document_force_checkin, name="document-force-checkin"
    ),
    path("documents/<int:pk>/attachments/", attachments.attachments_upload, name="attachments-upload"),
    path("documents/<int:pk>/attachments.zip", attachments.attachments_zip, name="attachments-zip"),
    path("checkouts/", edit_locks.my_checkouts, name="my-checkouts"),
    path("templates/<int:pk>/", templates.template_detail, name="template-detail"),
    path("renditions/<int:pk>/status.json", templates.rendition_status, name="rendition-status"),
    path("versions/<int:pk>/view/", previews.version_viewer, name="version-viewer"),
    path("versions/<int:pk>/pages/<int:page>.png", previews.version_page_image, name="version-page-image"),
    path("versions/<int:pk>/searchable.pdf", previews.version_searchable_pdf, name="version-searchable-pdf"),
    path("versions/<int:pk>/thumbnail.png", previews.version_thumbnail, name="version-thumbnail"),
    path("search/", search.search_page, name="search"),
    path("pick/dossiers.json", pickers.dossiers_json, name="pick-dossiers"),
    path("pick/documents.json", pickers.documents_json, name="pick-documents"),
]
