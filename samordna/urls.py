"""Root URLconf. Every page of a förbund's data lives under /f/<association>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from samordna.accounts import account_views, two_factor_views
from samordna.accounts.token_views import api_token
from samordna.core import job_views
from samordna.core import views as core_views
from samordna.core.views import home
from samordna.reports.national import NationalReportView
from samordna.surveys import views as survey_views

tenant_patterns = [
    path("", include("samordna.core.urls")),
    path("", include("samordna.accounts.urls")),
    path("", include("samordna.organisations.urls")),
    path("", include("samordna.onboarding.urls")),
    path("insatser/", include("samordna.interventions.urls")),
    path("", include("samordna.participants.urls")),
    path("ekonomi/", include("samordna.finance.urls")),
    path("aktiviteter/", include("samordna.activities.urls")),
    path("enkater/", include("samordna.surveys.urls")),
    path("rapporter/", include("samordna.reports.urls")),
    path("publiceringar/", include("samordna.publications.urls")),
    path("plan/", include("samordna.planning.urls")),
    path("moten/", include("samordna.governance.urls")),
    path("ansokningar/", include("samordna.governance.application_urls")),
    path("beslut/", include("samordna.governance.decision_urls")),
    path("dokument/", include("samordna.documents.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("konto/logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", account_views.AccountView.as_view(), name="account"),
    path("konto/losenord/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/glomt-losenord/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("konto/glomt-losenord/skickat/", account_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("konto/api-nyckel/", api_token, name="api-token"),
    path("konto/tvastegs/", two_factor_views.TwoFactorView.as_view(), name="two-factor"),
    path("konto/verifiera/", two_factor_views.VerifyView.as_view(), name="two-factor-verify"),
    path("hjalp/", core_views.HelpIndexView.as_view(), name="help-index"),
    path("hjalp/<slug:topic>/", core_views.HelpTopicView.as_view(), name="help"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The anonymous survey form (no login; docs/privacy.md, "Enkäter").
    path("enkat/tack/", survey_views.public_thanks, name="survey-thanks"),
    path("enkat/<str:token>/", survey_views.PublicFormView.as_view(), name="survey-public"),
    path("drift/nationellt/", NationalReportView.as_view(), name="operator-national"),
    path("drift/jobb/<uuid:pk>/", job_views.OperatorJobPageView.as_view(), name="operator-job"),
    path("drift/jobb/<uuid:pk>/status/", job_views.OperatorJobStatusView.as_view(), name="operator-job-status"),
    path("drift/jobb/<uuid:pk>/fil/", job_views.OperatorJobFileView.as_view(), name="operator-job-file"),
    path("drift/", admin.site.urls),
    path("f/<slug:association>/", include(tenant_patterns)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("samordna.api_urls")),
]

admin.site.site_header = "Samordna – driftadministration"
admin.site.site_title = "Samordna"
admin.site.index_template = "admin/samordna_index.html"
