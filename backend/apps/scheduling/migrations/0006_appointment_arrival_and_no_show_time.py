from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0005_appointment_client_actors"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="no_show_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="appointment",
            name="arrived_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
