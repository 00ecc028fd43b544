"""What a wave's rules say about one participant, in words, before or after they apply: the same
screening the wave runs (`actions.screening_for`), read for one person, and the other open waves
whose rules would take someone this wave does not."""

from dataclasses import dataclass

from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant, Verification

from . import eligibility as e
from .actions import applicant_for, screening_for
from .models import Wave
from .queries import waves_listed
from .texts import explain

# Rules the person or the labour office can still meet before screening: a verification that has
# not happened yet, a layoff letter still to upload. They do not rule anyone out in advance.
STILL_TO_COME = {e.VERIFIED, e.EVIDENCE_PRESENT}


@dataclass(frozen=True)
class Line:
    state: str  # "ok", "todo" or "fail"
    text: str


@dataclass(frozen=True)
class Preview:
    lines: tuple[Line, ...]

    @property
    def likely_eligible(self) -> bool:
        return all(line.state != "fail" for line in self.lines)

    @property
    def todo(self) -> bool:
        return any(line.state == "todo" for line in self.lines)


def _state(result: e.RuleResult, participant: Participant) -> str:
    if result.passed:
        return "ok"
    if result.kind in STILL_TO_COME and participant.verification != Verification.REJECTED:
        return "todo"
    return "fail"


def verdict_for(wave: Wave, participant: Participant) -> Preview:
    """Each of the wave's rules for this participant, in the wave's order, with its words."""
    verdict = screening_for(wave).screen(applicant_for(wave, participant))
    wave_regions = [quota.region_id for quota in wave.quotas.all()]
    domicile = participant.domicile_id or ""
    codes = {*wave_regions, domicile[:2], domicile[:5]}
    names = dict(Region.objects.filter(pk__in=codes).values_list("code", "name"))
    return Preview(
        tuple(
            Line(_state(result, participant), explain(result, region_names=names, wave_regions=wave_regions))
            for result in verdict.results
        )
    )


def waves_that_would_take(participant: Participant, *, besides: Wave) -> list[Wave]:
    """Open waves, other than `besides`, that the participant has not applied to and whose rules
    they meet (or can still meet: verification, layoff letter)."""
    candidates = (
        waves_listed()
        .filter(status=Wave.Status.OPEN)
        .exclude(pk=besides.pk)
        .exclude(enrolments__participant=participant)
        .prefetch_related("eligibility_rules", "priority_rules", "quotas")
        .order_by("closes_on", "code")
    )
    return [wave for wave in candidates if verdict_for(wave, participant).likely_eligible]
