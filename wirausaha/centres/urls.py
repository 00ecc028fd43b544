from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [path("", views.centre_list, name="centre_list")]
