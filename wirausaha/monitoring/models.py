from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.programs.models import Wave
from wirausaha.registry.models import Participant


class Arm(models.TextChoices):
    """The lottery's assignment, kept as drawn whatever the person did afterwards."""

    SELECTED = "selected", _("Selected by the lottery")
    WAITLISTED = "waitlisted", _("Waitlisted (comparison group)")


class FollowUpRound(models.Model):
    """A follow-up of one wave at 3, 6 or 12 months after its training ended: the wave's graduates
    and, on the same dates, the people its lottery waitlisted (the comparison group)."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after training"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["wave_id", "months"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "months"], name="follow_up_round_once"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="follow_up_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave_id} +{self.months}"


class FollowUpInvite(models.Model):
    """One person due in a round: the denominator of its response rates, with their lottery arm and
    stratum as drawn, and when the signed link was last sent (reminders until the round closes)."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="invites")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="follow_up_invites")
    arm = models.CharField(_("arm"), max_length=10, choices=Arm.choices)
    stratum = models.CharField(_("lottery stratum"), max_length=30)
    sent_at = models.DateTimeField(_("link last sent at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("person due for follow-up")
        verbose_name_plural = _("people due for follow-up")
        ordering = ["round_id", "participant_id"]
        constraints = [models.UniqueConstraint(fields=["round", "participant"], name="follow_up_invite_once")]

    def __str__(self) -> str:
        return f"{self.round} {self.participant_id}"


class FollowUpAnswer(models.Model):
    """One person's answers to one round (one per person per round; a second submission edits)."""

    class Channel(models.TextChoices):
        LINK = "link", _("Signed link")
        PHONE = "phone", _("Phone survey by staff")
        ACCOUNT = "account", _("Participant's account")

    round = models.ForeignKey(FollowUpRound, on_delete=models.PROTECT, related_name="answers")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="follow_up_answers")
    arm = models.CharField(_("arm"), max_length=10, choices=Arm.choices)
    operating = models.BooleanField(_("business operating"))
    closed_since = models.DateField(_("closed since"), null=True, blank=True)
    closed_reason = models.CharField(_("why it closed"), max_length=300, blank=True)
    monthly_revenue = models.BigIntegerField(_("monthly revenue (Rp)"), default=0)
    monthly_profit = models.BigIntegerField(_("monthly profit (Rp)"), default=0)
    workers_paid = models.PositiveSmallIntegerField(_("paid workers"), default=0)
    workers_unpaid = models.PositiveSmallIntegerField(_("unpaid workers"), default=0)
    has_nib = models.BooleanField(_("has an NIB"), default=False)
    financing_source = models.CharField(_("financing source"), max_length=200, blank=True)
    financing_amount = models.BigIntegerField(_("financing amount (Rp)"), default=0)
    buyers = models.PositiveIntegerField(_("buyers matched"), default=0)
    contract_value = models.BigIntegerField(_("contract value (Rp)"), default=0)
    household_income = models.BigIntegerField(_("monthly household income (Rp)"), default=0)
    formal_job = models.BooleanField(_("took a formal job instead"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        ordering = ["round_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="follow_up_answer_once"),
            models.CheckConstraint(
                condition=Q(monthly_revenue__gte=0), name="follow_up_revenue_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.participant_id}"


class IndicatorRefresh(models.Model):
    """One computation of the indicator summary (IndicatorCell): when it started and finished,
    the day its age bands are counted on. The dashboard says "Data per <finished_at>"."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    as_of = models.DateField(_("age bands counted on"))
    cells = models.PositiveIntegerField(_("cells"), default=0)
    seconds = models.FloatField(_("seconds taken"), default=0)

    class Meta:
        verbose_name = _("indicator summary refresh")
        verbose_name_plural = _("indicator summary refreshes")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class IndicatorCell(models.Model):
    """The indicators' counts of people for one combination of the participant's attributes, kept by
    `refresh_indicators` (summary.py) so that the dashboard sums a few hundred rows instead of
    counting a million people. `wave_id` empty: all waves, each person once; else the people who
    applied to that wave, with its steps. `level` says which columns are filled (province: province,
    sex, age band; regency: and the regency; disability, sector: province, sex, age band and that);
    each level holds every person once, so a level's cells add up to the totals. One count column
    per indicator."""

    level = models.CharField(max_length=10)
    wave_id = models.IntegerField(null=True, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    regency_code = models.CharField(max_length=5, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=5, blank=True)
    disability = models.CharField(max_length=12, blank=True)
    sector = models.CharField(max_length=1, blank=True)
    registered = models.IntegerField(default=0)
    verified = models.IntegerField(default=0)
    applied = models.IntegerField(default=0)
    eligible = models.IntegerField(default=0)
    selected = models.IntegerField(default=0)
    waitlisted = models.IntegerField(default=0)
    placed = models.IntegerField(default=0)
    in_training = models.IntegerField(default=0)
    graduated = models.IntegerField(default=0)
    counselor_assigned = models.IntegerField(default=0)
    plan_approved = models.IntegerField(default=0)
    nib = models.IntegerField(default=0)
    financing = models.IntegerField(default=0)
    first_sale = models.IntegerField(default=0)
    operating_3 = models.IntegerField(default=0)
    operating_6 = models.IntegerField(default=0)
    operating_12 = models.IntegerField(default=0)
    workers_hired = models.IntegerField(default=0)
    monthly_revenue = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("indicator summary cell")
        verbose_name_plural = _("indicator summary cells")
        indexes = [
            models.Index(fields=["level", "wave_id", "province_code"], name="indicator_cell_level_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.wave_id} {self.regency_code or self.province_code}"
