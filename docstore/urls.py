from django.urls import path

from docstore.views import attachments, documents, dossiers, edit_locks, previews, search, templates

app_name = "docstore"

urlpatterns = [
    path("dossiers/", dossiers.dossier_list, name="dossier-list"),
    path("dossiers/new/", dossiers.dossier_create, name="dossier-create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier-detail"),
    path("documents/", documents.document_list, name="document-list"),
    path("documents/new/", documents.document_create, name="document-create"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<int:pk>/versions/", documents.version_upload, name="version-upload"),
    path("versions/<int:pk>/download/", documents.version_download, name="version-download"),
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
    path("versions/<int:pk>/thumbnail.png", previews.version_thumbnail, name="version-thumbnail"),
    path("search/", search.search_page, name="search"),
]
