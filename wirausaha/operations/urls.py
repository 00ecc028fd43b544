from django.urls import path

from .views.dashboard import dashboard, retry_task

app_name = "operations"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("tugas/<uuid:task_id>/ulang/", retry_task, name="retry_task"),
]
