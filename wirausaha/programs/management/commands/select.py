import json

from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs import lottery
from wirausaha.programs.actions import draw_wave, frozen_candidates
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = (
        "Draw a closed wave from its frozen entrant list, with the seed derived from the declared "
        "public value: priority levels, then a seeded lottery within each quota."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument(
            "--public-value", help="The declared public value, exactly as published (entered once)."
        )
        parser.add_argument(
            "--simulate-seed",
            help="Only simulate: draw the frozen list with this seed, print the counts, write nothing.",
        )
        parser.add_argument("--json", action="store_true", help="Print counts and provinces as JSON.")

    def handle(self, *args, wave: str, public_value, simulate_seed, json: bool, **options) -> None:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        if simulate_seed:
            return self._simulate(found, simulate_seed, as_json=json)
        try:
            summary = draw_wave(found, by=None, public_value=public_value)
        except DomainError as error:
            raise CommandError(str(error)) from error
        found.refresh_from_db()
        counts = summary["counts"]
        result = {
            "wave": found.code,
            "seed": found.lottery_seed,
            "selected": counts["selected"],
            "waitlisted": counts["waitlisted"],
            "ineligible": counts["ineligible"],
            "counts": counts,
            "provinces": summary["provinces"],
        }
        if json:
            self.stdout.write(_json(result))
            return
        self.stdout.write(f"{found.code}: {counts['selected']} selected, {counts['waitlisted']} waitlisted")
        self.stdout.write(f"  seed {found.lottery_seed}")
        for code, row in summary["provinces"].items():
            self.stdout.write(
                f"  {code}: quota {row['quota']}, selected {row['selected']}, waitlisted {row['waitlisted']}"
            )

    def _simulate(self, wave: Wave, seed: str, *, as_json: bool) -> None:
        if wave.frozen_at is None:
            raise CommandError(f"{wave.code} has no frozen entrant list yet: close it first.")
        candidates, _ids = frozen_candidates(wave)
        seats = {quota: int(n) for quota, n in wave.frozen_seats.items()}
        outcomes = lottery.draw(candidates, seats=seats, seed=seed, move_unused_seats=wave.move_unused_seats)
        selected = sum(1 for o in outcomes if o.selected)
        result = {
            "wave": wave.code,
            "simulated": True,
            "selected": selected,
            "waitlisted": len(outcomes) - selected,
        }
        if as_json:
            self.stdout.write(_json(result))
        else:
            self.stdout.write(
                f"SIMULATION ONLY, nothing written: {wave.code} would have {selected} selected, "
                f"{len(outcomes) - selected} waitlisted with seed {seed!r}"
            )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
