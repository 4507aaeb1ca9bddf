from rest_framework.routers import SimpleRouter

from archive import api

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("archive-records", api.ArchiveRecordViewSet, basename="api-archive-record")
router.register("originals", api.OriginalViewSet, basename="api-original")
router.register("movements", api.MovementViewSet, basename="api-movement")
router.register("letters", api.LetterViewSet, basename="api-letter")
router.register("filings", api.FilingViewSet, basename="api-filing")
router.register("locations", api.LocationViewSet, basename="api-location")
router.register("holds", api.HoldViewSet, basename="api-hold")
router.register("disposals", api.DisposalViewSet, basename="api-disposal")

urlpatterns = router.urls
