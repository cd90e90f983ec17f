"""URLs of the surveys app (inside /f/<association>/enkater/); the public form's are in samordna/urls.py."""

from django.urls import path

from samordna.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.QuestionnaireListView.as_view(), name="list"),
    path("ny/", views.QuestionnaireCreateView.as_view(), name="create"),
    path("mall/", views.TemplateInstallView.as_view(), name="template"),
    path("<int:pk>/", views.QuestionnaireDetailView.as_view(), name="detail"),
    path("<int:pk>/andra/", views.QuestionnaireUpdateView.as_view(), name="edit"),
    path("<int:pk>/ny-fraga/", views.QuestionAddView.as_view(), name="question-add"),
    path("fragor/<int:pk>/andra/", views.QuestionUpdateView.as_view(), name="question-edit"),
    path("fragor/<int:pk>/ta-bort/", views.QuestionDeleteView.as_view(), name="question-delete"),
    path("omgangar/", views.RoundListView.as_view(), name="rounds"),
    path("omgangar/ny/", views.RoundCreateView.as_view(), name="round-create"),
    path("omgangar/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("omgangar/<int:pk>/andra/", views.RoundUpdateView.as_view(), name="round-edit"),
    path("omgangar/<int:pk>/koder/", views.RoundCodesView.as_view(), name="round-codes"),
    path("omgangar/<int:pk>/papper/", views.RoundPaperView.as_view(), name="round-paper"),
]
