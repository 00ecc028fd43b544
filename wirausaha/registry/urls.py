from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("<int:participant_id>/", views.participant_detail, name="participant_detail"),
    path("saya/", views.my_record, name="my_record"),
]
