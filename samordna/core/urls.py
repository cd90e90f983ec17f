"""URLs of the core app (inside /f/<association>/)."""

from django.urls import path

from samordna.core import user_views, views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("granskningslogg/", views.AuditListView.as_view(), name="audit-list"),
    path("anvandare/", user_views.UserListView.as_view(), name="user-list"),
    path("anvandare/ny/", user_views.UserCreateView.as_view(), name="user-create"),
    path("anvandare/<int:pk>/", user_views.UserDetailView.as_view(), name="user-detail"),
    path("anvandare/<int:pk>/atgard/", user_views.UserActionView.as_view(), name="user-action"),
]
