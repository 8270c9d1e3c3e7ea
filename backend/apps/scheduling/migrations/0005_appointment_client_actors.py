import django.db.models.deletion
from django.db import migrations, models


def _client_fk():
    return models.ForeignKey(
        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="clients.apiclient"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("scheduling", "0004_merge_calendar_idempotency"),
    ]

    operations = [
        migrations.AddField(model_name="appointment", name="booked_by_client", field=_client_fk()),
        migrations.AddField(model_name="appointment", name="cancelled_by_client", field=_client_fk()),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.CheckConstraint(
                condition=models.Q(("booked_by__isnull", True), ("booked_by_client__isnull", True), _connector="OR"),
                name="sched_appointment_booked_by_one",
            ),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("cancelled_by__isnull", True), ("cancelled_by_client__isnull", True), _connector="OR"
                ),
                name="sched_appointment_cancelled_by_one",
            ),
        ),
    ]
