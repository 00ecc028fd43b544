from django.core.management.base import BaseCommand, CommandError

from wirausaha.programs.actions import verify_draw
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = (
        "Recompute a wave's draw and check everything stored against it: the frozen list and its "
        "digest, the seed, the result and its digest, each lottery id, the log of changes and every "
        "enrolment's state. Exit status 0 only when all of it holds; each discrepancy is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")

    def handle(self, *args, wave: str, **options) -> None:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        ok, differences = verify_draw(found)
        if not ok:
            for line in differences:
                self.stderr.write(line)
            raise CommandError(
                f"{found.code}: the draw is NOT reproduced ({len(differences)} problem(s)).", returncode=1
            )
        self.stdout.write(
            f"{found.code}: the draw and every state since are reproduced from the stored inputs."
        )
