from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list, name="centre_list"),
    path("<int:centre_id>/", views.centre_detail, name="centre_detail"),
    path("<int:centre_id>/penandatangan/", views.centre_signatory, name="centre_signatory"),
    path("<int:centre_id>/kelas/baru/", views.cohort_create, name="cohort_create"),
    path("kelas/", views.cohort_list, name="cohort_list"),
    path("kelas/<int:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path("kelas/<int:cohort_id>/ubah/", views.cohort_edit, name="cohort_edit"),
    path("kelas/<int:cohort_id>/batalkan/", views.cohort_cancel, name="cohort_cancel"),
    path("program-pelatihan/", views.course_list, name="course_list"),
]
