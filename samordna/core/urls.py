"""URLs of the core app (inside /f/<association>/)."""

from django.urls import path

from samordna.core import job_views, views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("granskningslogg/", views.AuditListView.as_view(), name="audit-list"),
    path("jobb/", job_views.JobListView.as_view(), name="job-list"),
    path("jobb/<uuid:pk>/", job_views.JobPageView.as_view(), name="job"),
    path("jobb/<uuid:pk>/status/", job_views.JobStatusView.as_view(), name="job-status"),
    path("jobb/<uuid:pk>/fil/", job_views.JobFileView.as_view(), name="job-file"),
]
