from django.urls import path

from docstore import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dossiers/", views.dossier_list, name="dossier-list"),
    path("dossiers/new/", views.dossier_create, name="dossier-create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier-detail"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/versions/", views.version_upload, name="version-upload"),
    path("versions/<int:pk>/download/", views.version_download, name="version-download"),
]
