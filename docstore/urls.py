from django.urls import path

from docstore import views, views_work

app_name = "docstore"

urlpatterns = [
    path("dossiers/", views.dossier_list, name="dossier-list"),
    path("dossiers/new/", views.dossier_create, name="dossier-create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier-detail"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/versions/", views.version_upload, name="version-upload"),
    path("versions/<int:pk>/download/", views.version_download, name="version-download"),
    path("documents/<int:pk>/checkout/", views_work.document_checkout, name="document-checkout"),
    path("documents/<int:pk>/checkin/", views_work.document_checkin, name="document-checkin"),
    path(
        "documents/<int:pk>/force-checkin/", views_work.document_force_checkin, name="document-force-checkin"
    ),
    path("documents/<int:pk>/attachments/", views_work.attachments_upload, name="attachments-upload"),
    path("documents/<int:pk>/attachments.zip", views_work.attachments_zip, name="attachments-zip"),
    path("checkouts/", views_work.my_checkouts, name="my-checkouts"),
    path("templates/<int:pk>/", views_work.template_detail, name="template-detail"),
    path("versions/<int:pk>/view/", views_work.version_viewer, name="version-viewer"),
    path("versions/<int:pk>/pages/<int:page>.png", views_work.version_page_image, name="version-page-image"),
    path("versions/<int:pk>/thumbnail.png", views_work.version_thumbnail, name="version-thumbnail"),
    path("search/", views_work.search_page, name="search"),
]
