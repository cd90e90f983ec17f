"""URLs of the verksamhetsplan (inside /f/<association>/plan/)."""

from django.urls import path

from samordna.planning import import_views, report_views, views

app_name = "planning"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("ny/", views.PlanCreateView.as_view(), name="create"),
    path("importera/", import_views.PlanImportView.as_view(), name="import"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/andra/", views.PlanUpdateView.as_view(), name="plan-edit"),
    path("<int:pk>/ta-bort/", views.PlanDeleteView.as_view(), name="plan-delete"),
    path("<int:pk>/kopiera/", views.PlanCopyView.as_view(), name="plan-copy"),
    path("<int:pk>/faststall/", views.PlanAdoptView.as_view(), name="plan-adopt"),
    path("<int:pk>/maluppfoljning/", report_views.GoalReportView.as_view(), name="goal-report"),
    path("<int:pk>/dokument/", report_views.PlanDocumentView.as_view(), name="document"),
    path("<int:pk>/omraden/nytt/", views.AreaCreateView.as_view(), name="area-create"),
    path("<int:pk>/mal/nytt/", views.GoalCreateView.as_view(), name="goal-create"),
    path("omraden/<int:pk>/andra/", views.AreaUpdateView.as_view(), name="area-edit"),
    path("omraden/<int:pk>/ta-bort/", views.AreaDeleteView.as_view(), name="area-delete"),
    path("mal/<int:pk>/", views.GoalDetailView.as_view(), name="goal"),
    path("mal/<int:pk>/andra/", views.GoalUpdateView.as_view(), name="goal-edit"),
    path("mal/<int:pk>/ta-bort/", views.GoalDeleteView.as_view(), name="goal-delete"),
    path("mal/<int:pk>/bedom/", views.AssessmentView.as_view(), name="assess"),
    path("mal/<int:pk>/matt/nytt/", views.IndicatorCreateView.as_view(), name="indicator-create"),
    path("matt/<int:pk>/andra/", views.IndicatorUpdateView.as_view(), name="indicator-edit"),
    path("matt/<int:pk>/ta-bort/", views.IndicatorDeleteView.as_view(), name="indicator-delete"),
    path("matt/<int:pk>/varden/", views.IndicatorValuesView.as_view(), name="indicator-values"),
    path("bedomningar/<int:pk>/ta-bort/", views.AssessmentDeleteView.as_view(), name="assessment-delete"),
    path("malmatris/", views.MatrixIndexView.as_view(), name="matrix-index"),
    path("malmatris/<int:intervention>/", views.MatrixView.as_view(), name="matrix"),
]
