from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerKind(models.TextChoices):
    TASKS = "tasks", _("Task worker")
    SWEEPER = "sweeper", _("Duplicate check and stale-job sweep")


class WorkerHeartbeat(models.Model):
    """One background process's last sign of life: the task worker writes it every few seconds from
    a thread of its own, the duplicate loop at each sweep of stale jobs."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=WorkerKind.choices)
    host = models.CharField(_("host"), max_length=100)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["kind", "-beat_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.host}:{self.pid}"


class Backup(models.Model):
    """A backup written by `manage.py backup`: where it is and what it holds (its manifest)."""

    finished_at = models.DateTimeField(_("finished at"), db_index=True)
    location = models.CharField(_("location"), max_length=500)
    database_bytes = models.BigIntegerField(_("database size"))
    file_count = models.PositiveIntegerField(_("uploaded files"))
    file_bytes = models.BigIntegerField(_("uploaded files size"))
    manifest_sha256 = models.CharField(_("manifest checksum"), max_length=64)

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return self.location


class RetentionKind(models.TextChoices):
    IMPORT_FILES = "import_files", _("Uploaded layoff lists and their error lists")
    TASK_RESULTS = "task_results", _("Finished background tasks (their arguments and errors)")


class RetentionPeriod(models.Model):
    """How long one kind of record keeps its personal data (UU 27/2022): data, changed by an
    administrator in the admin site, never a number in the code."""

    kind = models.CharField(_("kind of record"), max_length=20, choices=RetentionKind.choices, unique=True)
    days = models.PositiveIntegerField(_("days kept"))
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"


class RetentionRun(models.Model):
    """One application of the retention periods: what it removed, by kind."""

    ran_at = models.DateTimeField(_("run at"), db_index=True)
    results = models.JSONField(_("results"), default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"retention {self.ran_at:%Y-%m-%d}"
