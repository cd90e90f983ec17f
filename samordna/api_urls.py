"""API v1 routes: every app registers its viewsets under associations/<association>/."""

from rest_framework.routers import SimpleRouter

from samordna.interventions.api import InterventionViewSet
from samordna.organisations.api import BoardSeatViewSet, MemberViewSet
from samordna.participants.api import EnrollmentViewSet, FollowUpViewSet

PREFIX = r"associations/(?P<association>[-\w]+)"

router = SimpleRouter()
router.register(rf"{PREFIX}/members", MemberViewSet, basename="member")
router.register(rf"{PREFIX}/board-seats", BoardSeatViewSet, basename="board-seat")
router.register(rf"{PREFIX}/interventions", InterventionViewSet, basename="intervention")
router.register(rf"{PREFIX}/enrollments", EnrollmentViewSet, basename="enrollment")
router.register(rf"{PREFIX}/follow-ups", FollowUpViewSet, basename="follow-up")

urlpatterns = router.urls
