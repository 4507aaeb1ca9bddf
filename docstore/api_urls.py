from rest_framework.routers import SimpleRouter

from docstore import api

router = SimpleRouter()
router.trailing_slash = "/?"  # both /versions/1/content and /versions/1/content/ answer
router.register("dossiers", api.DossierViewSet, basename="api-dossier")
router.register("documents", api.DocumentViewSet, basename="api-document")
router.register("versions", api.VersionViewSet, basename="api-version")

urlpatterns = router.urls
