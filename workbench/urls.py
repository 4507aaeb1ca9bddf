from django.urls import path

from workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("dossiers/<int:pk>/timeline/", views.dossier_timeline, name="dossier-timeline"),
    path("find/", views.search_page, name="search"),
    path("find.json", views.search_json, name="search-json"),
    path("charts/", views.charts_page, name="charts"),
]
