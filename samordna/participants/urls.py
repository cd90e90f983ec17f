"""URLs of the participants app (inside /f/<association>/). Row-level records are addressed by UUID."""

from django.urls import path

from samordna.participants.views import imports, registration, schedule

app_name = "participants"

INSATS = "insatser/<int:intervention>/deltagare/"

urlpatterns = [
    path("deltagare/", registration.RegistrarHomeView.as_view(), name="home"),
    path("uppfoljningar/", registration.DueListView.as_view(), name="due"),
    path("deltagare/import/", imports.ImportView.as_view(), name="import"),
    path("uppfoljningar/import/", imports.FollowUpImportView.as_view(), name="followup-import"),
    path("deltagare/import/mall.xlsx", imports.TemplateDownloadView.as_view(), name="import-template"),
    path("insatser/<int:intervention>/uppfoljningsschema/", schedule.ScheduleView.as_view(), name="schedule"),
    path(INSATS, registration.EnrollmentListView.as_view(), name="list"),
    path(f"{INSATS}inregistrering/", registration.RegisterInView.as_view(), name="register-in"),
    path(f"{INSATS}antal/", registration.AnonymousCountView.as_view(), name="counts"),
    path(f"{INSATS}<uuid:pk>/", registration.EnrollmentDetailView.as_view(), name="detail"),
    path(f"{INSATS}<uuid:pk>/andra/", registration.EnrollmentEditView.as_view(), name="edit"),
    path(f"{INSATS}<uuid:pk>/utregistrering/", registration.RegisterOutView.as_view(), name="register-out"),
    path(f"{INSATS}<uuid:pk>/byt-kod/", registration.ChangeCodeView.as_view(), name="change-code"),
    path(f"{INSATS}uppfoljning/<uuid:pk>/", registration.FollowUpRecordView.as_view(), name="follow-up"),
]
