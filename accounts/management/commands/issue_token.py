from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts import audit


class Command(BaseCommand):
    help = "Print an API token for USERNAME (created when missing)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no such user: {username}") from exc
        with transaction.atomic():
            token, created = Token.objects.get_or_create(user=user)
            if created:
                audit.record(None, "token.issued", user)
        self.stdout.write(token.key)
