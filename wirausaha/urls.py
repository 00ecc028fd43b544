from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wirausaha.accounts import views as account_views
from wirausaha.api.api import api
from wirausaha.operations.views.metrics import metrics as metrics_view

from . import home

urlpatterns = [
    # First: partners' systems call the API far more often than people open pages, and Django
    # tries the patterns in order.
    path("api/v1/", api.urls),
    path("", home.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("bahasa/", account_views.set_language, name="set_language"),
    path("", include("wirausaha.journey.urls")),
    path("peserta/", include("wirausaha.registry.urls")),
    path("gelombang/", include("wirausaha.programs.urls")),
    path("balai/", include("wirausaha.centres.urls")),
    path("penempatan/", include("wirausaha.allocation.urls")),
    path("pelatihan/sertifikat/", include("wirausaha.training.certificates.urls")),
    path("pelatihan/", include("wirausaha.training.urls")),
    path("pendampingan/", include("wirausaha.coaching.urls")),
    path("usaha/", include("wirausaha.licensing.urls")),
    path("pembiayaan/", include("wirausaha.finance.urls")),
    path("pasar/", include("wirausaha.market.urls")),
    path("pengaduan/", include("wirausaha.grievances.urls")),
    path("pemantauan/", include("wirausaha.monitoring.urls")),
    path("operasi/", include("wirausaha.operations.urls")),
    path("verify/", include("wirausaha.documents.urls")),
    path("referensi/", include("wirausaha.reference.urls")),
    path("akun/", include("wirausaha.accounts.urls")),
    path("akun/", include("wirausaha.notifications.urls")),
    path("admin/", admin.site.urls),
    # Prometheus scrapes here, with the METRICS_TOKEN (wirausaha/operations/metrics.py).
    path("metrics", metrics_view, name="metrics"),
]
