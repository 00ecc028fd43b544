from django.urls import path

from . import views
from .administration.urls import urlpatterns as administration

app_name = "accounts"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    *administration,
]
