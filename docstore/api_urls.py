from django.urls import re_path
from rest_framework.routers import SimpleRouter

from docstore import api, api_search, api_templates

router = SimpleRouter()
router.trailing_slash = "/?"  # both /versions/1/content and /versions/1/content/ answer
router.register("dossiers", api.DossierViewSet, basename="dossier")
router.register("documents", api.DocumentViewSet, basename="document")
router.register("versions", api.VersionViewSet, basename="version")
router.register("checkouts", api.CheckOutViewSet, basename="checkout")
router.register("templates", api_templates.TemplateViewSet, basename="template")

urlpatterns = [
    re_path(r"^search/?$", api_search.SearchView.as_view(), name="search"),
    *router.urls,
]
