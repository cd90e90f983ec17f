"""URLs of the participants app (inside /f/<association>/). Row-level records are addressed by UUID."""

from django.urls import path

from samordna.participants import views, views_import, views_schedule

app_name = "participants"

INSATS = "insatser/<int:intervention>/deltagare/"

urlpatterns = [
    path("deltagare/", views.RegistrarHomeView.as_view(), name="home"),
    path("uppfoljningar/", views.DueListView.as_view(), name="due"),
    path("deltagare/import/", views_import.ImportView.as_view(), name="import"),
    path("deltagare/import/mall.xlsx", views_import.TemplateDownloadView.as_view(), name="import-template"),
    path("insatser/<int:intervention>/uppfoljningsschema/", views_schedule.ScheduleView.as_view(), name="schedule"),
    path(INSATS, views.EnrollmentListView.as_view(), name="list"),
    path(f"{INSATS}inregistrering/", views.RegisterInView.as_view(), name="register-in"),
    path(f"{INSATS}antal/", views.AnonymousCountView.as_view(), name="counts"),
    path(f"{INSATS}<uuid:pk>/", views.EnrollmentDetailView.as_view(), name="detail"),
    path(f"{INSATS}<uuid:pk>/andra/", views.EnrollmentEditView.as_view(), name="edit"),
    path(f"{INSATS}<uuid:pk>/utregistrering/", views.RegisterOutView.as_view(), name="register-out"),
    path(f"{INSATS}<uuid:pk>/byt-kod/", views.ChangeCodeView.as_view(), name="change-code"),
    path(f"{INSATS}uppfoljning/<uuid:pk>/", views.FollowUpRecordView.as_view(), name="follow-up"),
]
