import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from wirausaha.reference.queries import known_region_codes, region_names
from wirausaha.registry.nik import NikResult, check_nik


def iso_date(value: str) -> date:
    return date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Check NIKs against the NIK rules and the current Kemendagri region codes. "
        "Prints one line per NIK with its errors and flags, or with --json one JSON list. "
        "Exit status: 0 when every NIK is valid, 1 when any is invalid (flags alone do not count)."
    )

    def add_arguments(self, parser):
        parser.add_argument("niks", nargs="+", metavar="NIK")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print one JSON list, one object per NIK"
        )
        parser.add_argument(
            "--birth-date",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="declared birth date, compared with every NIK given",
        )
        parser.add_argument(
            "--sex",
            type=str.upper,
            choices=["M", "F", "L", "P"],
            help="declared sex, compared with every NIK given (L/P as on the KTP)",
        )

    def handle(self, *, niks, as_json, birth_date, sex, **options):
        known = known_region_codes()
        results = [
            check_nik(nik, known=known, declared_birth_date=birth_date, declared_sex=sex) for nik in niks
        ]
        if as_json:
            self.stdout.write(json.dumps([result.as_dict() for result in results]))
        else:
            codes = {code for r in results for code in (r.province, r.regency, r.district) if code}
            names = region_names(codes)
            for result in results:
                self.stdout.write(_line(result, names))
                for kind, issues in (("error", result.errors), ("flag", result.flags)):
                    for issue in issues:
                        self.stdout.write(f"  {kind} {issue.code}: {issue.message}")
        invalid = sum(not result.valid for result in results)
        if invalid:
            raise CommandError(f"{invalid} of {len(results)} NIKs invalid", returncode=1)


def _line(result: NikResult, names: dict[str, str]) -> str:
    verdict = "VALID" if result.valid else "INVALID"
    parts = [result.nik or "(empty)", verdict]
    if result.district:
        regions = [
            names[code] for code in (result.district, result.regency, result.province) if code in names
        ]
        parts.append(f"district {result.district}" + (f" ({', '.join(regions)})" if regions else ""))
    if result.birth_date:
        parts.append(f"born {result.birth_date.isoformat()}")
    if result.sex:
        parts.append(f"sex {result.sex}")
    return "  ".join(parts)
