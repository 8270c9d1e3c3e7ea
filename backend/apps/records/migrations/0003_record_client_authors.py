import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _client_fk():
    return models.ForeignKey(
        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="clients.apiclient"
    )


def _person_fk():
    return models.ForeignKey(
        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
    )


def _one_of(name):
    return models.Q(
        models.Q((f"{name}__isnull", False), (f"{name}_client__isnull", True)),
        models.Q((f"{name}__isnull", True), (f"{name}_client__isnull", False)),
        _connector="OR",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("records", "0002_recordentry_appointment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(model_name="recordentry", name="author", field=_person_fk()),
        migrations.AddField(model_name="recordentry", name="author_client", field=_client_fk()),
        migrations.AddField(model_name="recordentry", name="last_edited_by_client", field=_client_fk()),
        migrations.AlterField(model_name="recordrevision", name="written_by", field=_person_fk()),
        migrations.AddField(model_name="recordrevision", name="written_by_client", field=_client_fk()),
        migrations.AlterField(model_name="recordrevision", name="edited_by", field=_person_fk()),
        migrations.AddField(model_name="recordrevision", name="edited_by_client", field=_client_fk()),
        migrations.AddConstraint(
            model_name="recordentry",
            constraint=models.CheckConstraint(condition=_one_of("author"), name="records_entry_author_one"),
        ),
        migrations.AddConstraint(
            model_name="recordentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("last_edited_by__isnull", True), ("last_edited_by_client__isnull", True), _connector="OR"
                ),
                name="records_entry_last_edited_by_one",
            ),
        ),
        migrations.AddConstraint(
            model_name="recordrevision",
            constraint=models.CheckConstraint(condition=_one_of("written_by"), name="records_revision_written_by_one"),
        ),
        migrations.AddConstraint(
            model_name="recordrevision",
            constraint=models.CheckConstraint(condition=_one_of("edited_by"), name="records_revision_edited_by_one"),
        ),
    ]
