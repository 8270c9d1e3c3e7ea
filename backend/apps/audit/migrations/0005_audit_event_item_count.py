from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_audit_event_client'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='item_count',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
