from rest_framework.routers import SimpleRouter

from archive import api

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("archive-records", api.ArchiveRecordViewSet, basename="archive-record")
router.register("originals", api.OriginalViewSet, basename="original")
router.register("movements", api.MovementViewSet, basename="movement")
router.register("letters", api.LetterViewSet, basename="letter")
router.register("filings", api.FilingViewSet, basename="filing")
router.register("locations", api.LocationViewSet, basename="location")
router.register("holds", api.HoldViewSet, basename="hold")
router.register("disposals", api.DisposalViewSet, basename="disposal")

urlpatterns = router.urls
