"""User pages inside /f/<association>/."""

from django.urls import path

from samordna.accounts import views

app_name = "accounts"

urlpatterns = [
    path("anvandare/", views.UserListView.as_view(), name="user-list"),
    path("anvandare/ny/", views.UserCreateView.as_view(), name="user-create"),
    path("anvandare/tvastegs/", views.TwoFactorPolicyView.as_view(), name="two-factor-policy"),
    path("anvandare/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("anvandare/<int:pk>/avaktivera/", views.UserDeactivateView.as_view(), name="user-deactivate"),
    path("anvandare/<int:pk>/atgard/", views.UserActionView.as_view(), name="user-action"),
]
