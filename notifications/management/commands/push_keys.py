"""Make a new VAPID key pair for Web Push and print it as environment lines.

    python manage.py push_keys >> .env

A new pair means every device must turn push on again: browsers subscribed with the old public key, and push
services refuse messages signed with another (those rows then fail; the inbox still has every message).
"""

from django.core.management.base import BaseCommand

from ... import push


class Command(BaseCommand):
    help = "Make a new VAPID key pair for push notifications and print it as VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY."

    def handle(self, *args, **options):
        public, private = push.new_key_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        if push.configured():
            self.stderr.write("Push keys are already set here: replacing them means every device turns push on again.")
