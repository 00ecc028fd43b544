from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant


class Programme(TimestampedModel):
    """E.g. “Layanan Kewirausahaan Korban PHK 2025”: a programme runs in waves."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Wave(TimestampedModel):
    """One intake round (gelombang): its window, seats, rules and draw."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")
        SELECTED = "selected", _("Selection done")
        RUNNING = "running", _("Training running")
        FINISHED = "finished", _("Finished")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="waves"
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("registration opens"))
    closes_on = models.DateField(_("registration closes"))
    selection_date = models.DateField(_("selection date"))
    training_starts_on = models.DateField(_("training starts"), null=True, blank=True)
    training_ends_on = models.DateField(_("training ends"), null=True, blank=True)
    target = models.PositiveIntegerField(_("total seats"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Seats a quota cannot fill go to those waiting in the other quotas unless the wave says otherwise.
    move_unused_seats = models.BooleanField(_("move unused seats to other quotas"), default=True)
    # The people not drawn are followed up like the others, to measure the programme's effect.
    waitlist_is_comparison_group = models.BooleanField(
        _("keep the waitlist as comparison group"), default=True
    )
    # Algorithm v1 only: the seed's source typed at closing. v2 waves leave it empty.
    seed_source = models.CharField(_("public source of the lottery seed"), max_length=300, blank=True)
    lottery_seed = models.CharField(_("lottery seed"), max_length=64, blank=True)
    # Algorithm v2: the public value that will make the seed, declared when the wave opens (what it
    # is and from when it is published) and entered once after that moment.
    randomness_source = models.CharField(
        _("source of the lottery's public value"),
        max_length=300,
        blank=True,
        help_text=_(
            "Which public value will be used, e.g. the official result of a named lottery or a stock "
            "index close on a given date. Fixed when the wave opens."
        ),
    )
    randomness_published_after = models.DateTimeField(
        _("the public value is published after"),
        null=True,
        blank=True,
        help_text=_("After the end of the closing day (WIB); the value cannot be known before."),
    )
    public_value = models.CharField(_("public value"), max_length=300, blank=True)
    public_value_entered_at = models.DateTimeField(_("public value entered at"), null=True, blank=True)
    public_value_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fixed at closing: when, the seats per quota code, and the digest of the frozen entrant list.
    frozen_at = models.DateTimeField(_("entrants frozen at"), null=True, blank=True)
    frozen_seats = models.JSONField(_("seats at closing"), default=dict, blank=True)
    entrants_digest = models.CharField(_("entrants digest"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["-opens_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="wave_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(selection_date__gte=F("closes_on")), name="wave_selects_after_closing"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Quota(models.Model):
    """Seats for the people who live in one province (or, when given, one regency)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="quotas")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["region_id"]
        constraints = [models.UniqueConstraint(fields=["wave", "region"], name="quota_once_per_region")]

    def __str__(self) -> str:
        return f"{self.wave_id}:{self.region_id}={self.seats}"


class EligibilityRule(models.Model):
    class Kind(models.TextChoices):
        LAID_OFF_WITHIN_MONTHS = "laid_off_within_months", _("Laid off within N months of the opening")
        AGE_BETWEEN = "age_between", _("Age between A and B on the opening day")
        DOMICILE_IN_WAVE_REGIONS = "domicile_in_wave_regions", _("Lives in one of the wave's regions")
        VERIFIED = "verified", _("Verified by the labour office")
        EVIDENCE_PRESENT = "evidence_present", _("Layoff evidence uploaded")
        NOT_GRADUATED_BEFORE = "not_graduated_before", _("Not graduated from an earlier wave")
        NOT_IN_OTHER_OPEN_WAVE = "not_in_other_open_wave", _("Not enrolled in another open wave")
        JKP_RECIPIENT = "jkp_recipient", _("JKP benefit recipient (or not)")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="eligibility_rules")
    kind = models.CharField(_("rule"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [models.UniqueConstraint(fields=["wave", "kind"], name="eligibility_rule_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.params}"


class PriorityRule(models.Model):
    class Kind(models.TextChoices):
        WOMEN = "women", _("Women")
        DISABILITY = "disability", _("Persons with disabilities")
        LONG_UNEMPLOYED = "long_unemployed", _("Unemployed longer than N months")
        NO_JKP = "no_jkp", _("No JKP benefit")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="priority_rules")
    kind = models.CharField(_("rule"), max_length=20, choices=Kind.choices)
    points = models.PositiveSmallIntegerField(_("points"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")
        constraints = [models.UniqueConstraint(fields=["wave", "kind"], name="priority_rule_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} +{self.points}"


class EnrolmentState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("On the waitlist")
    PLACED = "placed", _("Placed in a class")
    IN_TRAINING = "in_training", _("In training")
    GRADUATED = "graduated", _("Graduated")
    # Completed the training but did not pass the final assessment: not a drop-out.
    NOT_PASSED = "not_passed", _("Not passed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def fill_list_columns(enrolments) -> None:
    """Give unsaved or re-quota'd enrolments their list columns (see Enrolment): the participant's
    regency where it is still empty, the quota's region. Two queries for any number of rows."""
    need_regency = {e.participant_id for e in enrolments if not e.regency_code and e.participant_id}
    regencies: dict[int, str] = {}
    ids = sorted(need_regency)
    for start in range(0, len(ids), 10_000):
        regencies.update(
            (pk, domicile[:5])
            for pk, domicile in Participant.objects.filter(pk__in=ids[start : start + 10_000]).values_list(
                "pk", "domicile_id"
            )
        )
    quotas = {
        e.quota_id: e.quota.region_id for e in enrolments if e.quota_id and Enrolment.quota.is_cached(e)
    }
    missing = {e.quota_id for e in enrolments if e.quota_id} - set(quotas)
    if missing:
        quotas.update(Quota.objects.filter(pk__in=missing).values_list("pk", "region_id"))
    for enrolment in enrolments:
        if not enrolment.regency_code and enrolment.participant_id in regencies:
            enrolment.regency_code = regencies[enrolment.participant_id]
        enrolment.quota_region = quotas.get(enrolment.quota_id)


class EnrolmentQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # Every writer of many enrolments (carry-over, the demo, the tests' helpers) gets the list
        # columns filled here, so that none can leave a row out of its labour office's list.
        objs = list(objs)
        fill_list_columns(objs)
        return super().bulk_create(objs, *args, **kwargs)


class Enrolment(TimestampedModel):
    """One participant in one wave. Its state changes only through programs.actions.transition."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.PROTECT, related_name="enrolments"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="enrolments"
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=EnrolmentState.choices,
        default=EnrolmentState.APPLIED,
        db_index=True,
    )
    quota = models.ForeignKey(
        Quota, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    # Screening: every rule with passed/failed; priority points and the stratum they give.
    verdict = models.JSONField(_("eligibility verdict"), default=list, blank=True)
    points = models.PositiveSmallIntegerField(_("priority points"), default=0)
    # Lottery: a pseudonymous id published instead of the name, and the rank within the quota.
    pseudonym = models.CharField(_("pseudonymous id"), max_length=12, blank=True, db_index=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    # What the draw published ("S" selected, "W" waitlisted) and, for a moved seat, whose quota
    # it came from. Kept as drawn, whatever happens to the enrolment later, so the draw can be verified.
    lottery_outcome = models.CharField(_("draw outcome"), max_length=1, blank=True)
    lottery_seat = models.CharField(_("seat from quota"), max_length=13, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Columns kept for a wave's lists at a million participants (see Meta.indexes), read there
    # instead of a join to the participant and to the quota:
    # - the participant's regency, and from it (by the database) the province, which scope a
    #   labour office's list by equality. Filled from the participant by `save` and `bulk_create`
    #   when a writer leaves it empty, and moved with the person when their domicile is corrected
    #   (registry.actions.update_participant);
    # - the quota's region, the list's first sort key (quota region, rank): written with the quota
    #   (by `save`, and by screening, which sets quotas in bulk).
    regency_code = models.CharField(_("regency"), max_length=5, blank=True, default="", editable=False)
    province_code = models.GeneratedField(
        expression=Substr("regency_code", 1, 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("province"),
    )
    quota_region = models.CharField(max_length=13, null=True, blank=True, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["wave_id", "quota_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "participant"], name="enrolment_once_per_wave"),
        ]
        indexes = [
            # A wave's enrolments by state; with the quota region and the seat, the selection
            # summary's one grouped pass (actions.selection_summary) reads this index alone.
            models.Index(
                fields=["wave", "state", "quota_region", "lottery_seat"], name="enrolment_wave_state_idx"
            ),
            # A wave's list in its order (quota region, rank), nationwide, of a province and of a
            # regency; `id` last so that a page's ids are read from the index alone at any depth.
            models.Index(fields=["wave", "quota_region", "rank", "id"], name="enrolment_list_idx"),
            models.Index(
                fields=["wave", "province_code", "quota_region", "rank", "id"], name="enrolment_prov_list_idx"
            ),
            models.Index(
                fields=["wave", "regency_code", "quota_region", "rank", "id"], name="enrolment_reg_list_idx"
            ),
            # The published draw (programs.queries.published_list): drawn rows only.
            models.Index(
                fields=["wave", "quota_region", "rank", "id"],
                condition=~Q(lottery_outcome=""),
                name="enrolment_published_idx",
            ),
        ]

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None or {"quota", "quota_id", "participant", "participant_id"} & set(
            update_fields
        ):
            fill_list_columns([self])
            if update_fields is not None:
                update_fields = {*update_fields, "regency_code", "quota_region"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def __str__(self) -> str:
        # Who, in which wave: the audit trail keeps this as the record's name.
        return f"{self.participant} · {self.wave}"


class EnrolmentEvent(models.Model):
    """The enrolment's life, one row per transition: the dashboard's funnel counts these."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=EnrolmentState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=EnrolmentState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_state or '-'} -> {self.to_state}"


class LotteryDraw(models.Model):
    """What a draw was computed from and what it gave, so anyone can recompute it."""

    wave = models.OneToOneField(Wave, on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField(max_length=64)
    algorithm = models.CharField(max_length=30)
    # v1 stored the digest of its inputs; v2 the digest of the frozen entrant list.
    inputs_digest = models.CharField(max_length=64, blank=True)
    entrants_digest = models.CharField(max_length=64, blank=True)
    results_digest = models.CharField(max_length=64)
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")

    def __str__(self) -> str:
        return f"{self.wave_id} {self.seed[:8]}"


class FrozenEntrant(models.Model):
    """One line of a wave's entrant list as frozen at closing: the draw reads these only. Published
    as they are (pseudonym, quota code, priority level), never with a name or the points."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="frozen_entrants")
    # Kept when the enrolment disappears, so that its absence is noticed by the verification.
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pseudonym = models.CharField(max_length=12)
    quota_code = models.CharField(max_length=13)
    priority_level = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("frozen entrant")
        verbose_name_plural = _("frozen entrants")
        ordering = ["wave_id", "quota_code", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "pseudonym"], name="frozen_entrant_once"),
        ]
        indexes = [models.Index(fields=["wave", "quota_code", "pseudonym"], name="frozen_entrant_list_idx")]

    def __str__(self) -> str:
        return f"{self.wave_id}:{self.pseudonym}"


class LotteryNotice(models.Model):
    """The public log of a wave's lottery before and at its draw: the declared source, the freeze,
    the public value and any correction of it, a re-opening, the draw. Rows are only ever added."""

    class Kind(models.TextChoices):
        DECLARED = "declared", _("Randomness source declared")
        FROZEN = "frozen", _("Entrant list frozen")
        VALUE_ENTERED = "value_entered", _("Public value entered")
        VALUE_CORRECTED = "value_corrected", _("Public value corrected")
        REOPENED = "reopened", _("Wave re-opened, frozen list discarded")
        REDECLARED = "redeclared", _("Randomness source re-declared")
        DRAWN = "drawn", _("Draw run")

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="lottery_notices")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    details = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lottery notice")
        verbose_name_plural = _("lottery notices")
        ordering = ["wave_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["wave", "seq"], name="lottery_notice_seq_once")]

    def __str__(self) -> str:
        return f"{self.wave_id}#{self.seq} {self.kind}"


class LotteryChange(models.Model):
    """The public log of changes after the draw (withdrawals, promotions), append-only: each row
    carries `chain`, the sha256 of the previous row's chain and its own fields, so an edited or
    removed row breaks every later one."""

    class Event(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PROMOTED = "promoted", _("Promoted from the waitlist")

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="lottery_changes")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    pseudonym = models.CharField(max_length=12)
    event = models.CharField(max_length=10, choices=Event.choices)
    quota = models.CharField(max_length=13)
    seat_freed = models.BooleanField(null=True)
    rule = models.CharField(max_length=100, blank=True)
    chain = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("lottery change")
        verbose_name_plural = _("lottery changes")
        ordering = ["wave_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["wave", "seq"], name="lottery_change_seq_once")]

    def __str__(self) -> str:
        return f"{self.wave_id}#{self.seq} {self.pseudonym} {self.event}"
