from django.urls import path

from .views import admin, channels, password

app_name = "notifications"
urlpatterns = [
    path("saluran/", channels.my_channels, name="my_channels"),
    path("lupa-sandi/", password.forgot_password, name="forgot_password"),
    path("lupa-sandi/kode/", password.reset_password, name="reset_password"),
    path("pesan/templat/", admin.template_list, name="templates"),
    path("pesan/templat/<int:pk>/status/", admin.template_status, name="template_status"),
    path("pesan/pengiriman/", admin.delivery, name="delivery"),
]
