import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a curator: a staff account in the Curators group (edit listings, never delete, no user admin)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking for it.",
        )

    def handle(self, *args, username, email, password_env, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists; nothing was changed.")
        group = Group.objects.filter(name=settings.CURATORS_GROUP).first()
        if group is None:
            raise CommandError(f"The {settings.CURATORS_GROUP} group is missing; run 'manage.py migrate' first.")

        password = self.read_password(password_env)
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Created curator {username!r}. They can sign in at /admin/."))

    def read_password(self, password_env: str | None) -> str:
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty or not set.")
            return password
        import getpass

        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match; nothing was changed.")
        return password
