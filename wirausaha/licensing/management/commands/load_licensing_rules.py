from django.core.management.base import BaseCommand

from wirausaha.licensing.loaders import load_rules


class Command(BaseCommand):
    help = "Create the shipped licensing rules that are missing (keyed on code; edited rules are kept)."

    def handle(self, *args, **options) -> None:
        loaded = load_rules()
        self.stdout.write(f"licensing rules: {loaded.total} ({loaded.created} created)")
