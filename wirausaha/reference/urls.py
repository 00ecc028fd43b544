from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("wilayah/", views.region_list, name="region_list"),
    path("wilayah/<str:code>/", views.region_list, name="region_detail"),
    path("kbli/", views.sector_list, name="sector_list"),
]
