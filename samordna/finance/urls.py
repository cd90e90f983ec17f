"""URLs of the finance app (inside /f/<association>/ekonomi/)."""

from django.urls import path

from samordna.finance import grid, line_views, views

app_name = "finance"

urlpatterns = [
    path("", views.FinanceHomeView.as_view(), name="home"),
    path("medlemsbidrag/", views.AllocationView.as_view(), name="allocation"),
    path("medlemsbidrag/spara/", views.AllocationSetView.as_view(), name="allocation-set"),
    path("medlemsbidrag/andelar/", views.AgreedSharesSetView.as_view(), name="shares-set"),
    path("budget/", views.BudgetPlanView.as_view(), name="plan"),
    path("budget/eget-kapital/", views.OpeningEquitySetView.as_view(), name="equity-set"),
    path("budget/redigera/", grid.BudgetGridView.as_view(), name="grid"),
    path("budget/rader/ny/", views.BudgetLineCreateView.as_view(), name="line-create"),
    path("budget/rader/<int:pk>/andra/", views.BudgetLineUpdateView.as_view(), name="line-edit"),
    path("budget/rader/<int:pk>/ta-bort/", line_views.BudgetLineDeleteView.as_view(), name="line-delete"),
    path("budget/rader/angra/", line_views.BudgetLineUndoView.as_view(), name="line-undo"),
    path("uppfoljning/", views.FollowUpView.as_view(), name="followup"),
    path("driftsredovisning/", views.OperatingView.as_view(), name="operating"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("koppling/", views.MappingView.as_view(), name="mapping"),
    path("arsredovisning/", views.AnnualAccountsView.as_view(), name="annual-accounts"),
    path("kontoplan/", views.AccountMapView.as_view(), name="account-map"),
]
