"""Loaded by pytest before Django starts (`-p wirausaha.pytest_env` in pyproject.toml): the
variables the test run needs, so that a bare `pytest` works like `make test`. Tests run with
DEBUG off, as in production, except for the HTTPS redirect the test client cannot follow."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-not-for-deployment")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "True")
# No task worker or duplicate loop runs beside the tests: /api/v1/ready needs none (its own tests,
# wirausaha/operations/tests, ask for them).
os.environ.setdefault("READY_WORKER_KINDS", "")
os.environ.pop("DEBUG", None)
