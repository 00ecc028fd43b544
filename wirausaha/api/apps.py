from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wirausaha.api"
    verbose_name = "API"
