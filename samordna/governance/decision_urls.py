"""URLs of the decisions register (inside /f/<association>/beslut/)."""

from django.urls import path

from samordna.governance import decision_views as views

app_name = "decisions"

urlpatterns = [
    path("", views.DecisionListView.as_view(), name="list"),
    path("<int:pk>/budget/", views.BudgetAdoptionView.as_view(), name="budget"),
]
