"""Re-encrypt every encrypted field of every model under the newest key (the first of the list)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.encryption_keys import encryption_canary_refresh
from apps.core.fields import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the newest key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [field.name for field in encrypted_fields(model)]
            if not fields:
                continue
            rows = 0
            manager = model._base_manager
            pks = list(manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    # Reading decrypts with whichever key fits; saving encrypts with the newest.
                    objects = list(manager.select_for_update().filter(pk__in=pks[start : start + BATCH]).only(*fields))
                    manager.bulk_update(objects, fields)
                    rows += len(objects)
            self.stdout.write(f"{model._meta.label}: {rows} row(s) re-encrypted")
            total += rows
        # Apps that keep encrypted files offer `rotate_encrypted_files()` on their AppConfig.
        for config in apps.get_app_configs():
            rotate_files = getattr(config, "rotate_encrypted_files", None)
            if rotate_files is not None:
                self.stdout.write(f"{config.label}: {rotate_files()} file(s) re-encrypted")
        # Last: a canary under the newest key says that everything else is under it too.
        encryption_canary_refresh()
        self.stdout.write(self.style.SUCCESS(f"Done: {total} row(s) under the newest key."))
