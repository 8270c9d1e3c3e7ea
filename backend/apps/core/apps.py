from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        from .sql.cursor import read_like_the_orm

        read_like_the_orm(connection.connection)


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.conf import settings

        from . import checks  # noqa: F401  (registers the system checks)

        if settings.CLOCK_OFFSET_SECONDS:
            from .test_clock import shift_clock

            shift_clock(settings.CLOCK_OFFSET_SECONDS)

        connection_created.connect(_on_connection_created, dispatch_uid="core.read_like_the_orm")
