"""API v1 routes: every app registers its viewsets under associations/<association>/."""

from rest_framework.routers import SimpleRouter

from samordna.activities.api import EventViewSet
from samordna.finance.api import BudgetAmountViewSet, BudgetLineViewSet
from samordna.governance.api import AgendaItemViewSet, MeetingViewSet
from samordna.governance.application_api import ApplicationViewSet, DecisionViewSet
from samordna.interventions.api import InterventionViewSet
from samordna.organisations.api import BoardSeatViewSet, MemberViewSet
from samordna.participants.api import EnrollmentViewSet, FollowUpViewSet
from samordna.planning.api import AssessmentViewSet, GoalViewSet, IndicatorViewSet, PlanViewSet
from samordna.reports.api import ParticipantReportViewSet
from samordna.surveys.api import QuestionnaireViewSet, SurveyRoundViewSet

PREFIX = r"associations/(?P<association>[-\w]+)"

router = SimpleRouter()
router.register(rf"{PREFIX}/members", MemberViewSet, basename="member")
router.register(rf"{PREFIX}/board-seats", BoardSeatViewSet, basename="board-seat")
router.register(rf"{PREFIX}/interventions", InterventionViewSet, basename="intervention")
router.register(rf"{PREFIX}/events", EventViewSet, basename="event")
router.register(rf"{PREFIX}/questionnaires", QuestionnaireViewSet, basename="questionnaire")
router.register(rf"{PREFIX}/survey-rounds", SurveyRoundViewSet, basename="survey-round")
router.register(rf"{PREFIX}/enrollments", EnrollmentViewSet, basename="enrollment")
router.register(rf"{PREFIX}/follow-ups", FollowUpViewSet, basename="follow-up")
router.register(rf"{PREFIX}/budget-lines", BudgetLineViewSet, basename="budget-line")
router.register(rf"{PREFIX}/budget-amounts", BudgetAmountViewSet, basename="budget-amount")
router.register(rf"{PREFIX}/plans", PlanViewSet, basename="plan")
router.register(rf"{PREFIX}/goals", GoalViewSet, basename="goal")
router.register(rf"{PREFIX}/indicators", IndicatorViewSet, basename="indicator")
router.register(rf"{PREFIX}/assessments", AssessmentViewSet, basename="assessment")
router.register(rf"{PREFIX}/meetings", MeetingViewSet, basename="meeting")
router.register(rf"{PREFIX}/agenda-items", AgendaItemViewSet, basename="agenda-item")
router.register(rf"{PREFIX}/applications", ApplicationViewSet, basename="application")
router.register(rf"{PREFIX}/decisions", DecisionViewSet, basename="decision")
router.register(rf"{PREFIX}/reports/participants", ParticipantReportViewSet, basename="report-participants")

urlpatterns = router.urls
