from django.core.management.base import BaseCommand, CommandError

from wirausaha.accounts.actions import create_api_token
from wirausaha.accounts.models import User


class Command(BaseCommand):
    help = "Print a new API bearer token for USERNAME. Only its hash is stored: keep the printed value."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="What the token is for, e.g. the partner system's name."
        )

    def handle(self, username: str, name: str, **options) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user named {username!r}.") from None
        token, secret = create_api_token(user=user, name=name, by=None)
        self.stdout.write(secret)
        if token.expires_at:
            self.stderr.write(f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC")
