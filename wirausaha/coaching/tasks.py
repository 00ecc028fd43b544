"""Background work of coaching: drawing a plan's PDF, and the reminders."""

from django_tasks import task

from .actions.sessions import send_due_reminders
from .models import BusinessPlan
from .rendering import render_plan


@task()
def render_plan_pdf(plan_id: int) -> None:
    plan = BusinessPlan.objects.filter(pk=plan_id).select_related("participant").first()
    if plan is not None:
        render_plan(plan)


@task()
def send_coaching_reminders() -> dict:
    return send_due_reminders()
