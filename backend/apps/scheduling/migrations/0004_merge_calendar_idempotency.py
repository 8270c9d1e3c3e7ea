from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0003_calendar_feed"),
        ("scheduling", "0003_delete_idempotencykey"),
    ]

    operations = []
