import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.registry.errors import ImportConflict
from wirausaha.registry.imports.queries import may_import
from wirausaha.registry.imports.run import import_participants


class Command(BaseCommand):
    help = (
        "Import a layoff list (CSV or XLSX, the columns of the import template). Checks every row and "
        "writes the valid ones in one transaction; --dry-run writes nothing. Exit status 1 when any row "
        "is invalid or the file cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="print one JSON object: rows, valid, invalid, created, updated, errors, warnings",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="act as this officer (their region bounds the import, the audit trail names them); "
            "default: the system, nationwide",
        )

    def handle(self, *, file: Path, dry_run: bool, as_json: bool, user: str | None, **options):
        by = None
        if user is not None:
            by = User.objects.filter(username=user).first()
            if by is None or not may_import(by):
                raise CommandError(
                    _("%(user)s is not an account that may import participants.") % {"user": user}
                )
        try:
            with file.open("rb") as stream:
                result = import_participants(file=stream, dry_run=dry_run, by=by)
        except OSError as error:
            self._fail_on_file(as_json, f"{file}: {error.strerror}")
        except ImportConflict as conflict:
            self._fail_on_file(as_json, str(conflict))
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            for warning in result.warnings:
                self.stderr.write(_("row %(row)s, column %(column)s: %(message)s") % warning)
            for error in result.errors:
                self.stdout.write(_("row %(row)s, column %(column)s: %(message)s") % error)
            if not result.file_problem:
                summary = (
                    _(
                        "%(rows)d rows: %(valid)d valid, %(invalid)d invalid; %(created)d would be created, "
                        "%(updated)d updated (dry run: nothing was written)."
                    )
                    if dry_run
                    else _(
                        "%(rows)d rows: %(valid)d valid, %(invalid)d invalid; %(created)d created, "
                        "%(updated)d updated."
                    )
                )
                self.stdout.write(summary % result.as_dict())
        if result.file_problem:
            raise CommandError(_("The file cannot be imported."), returncode=1)
        if result.invalid:
            raise CommandError(
                _("%(invalid)d of %(rows)d rows are invalid.") % result.as_dict(), returncode=1
            )

    def _fail_on_file(self, as_json: bool, message: str):
        if as_json:
            empty = {"rows": 0, "valid": 0, "invalid": 0, "created": 0, "updated": 0, "warnings": []}
            self.stdout.write(
                json.dumps(
                    {**empty, "errors": [{"row": 1, "column": "", "message": message}]}, ensure_ascii=False
                )
            )
        raise CommandError(message, returncode=1)
