"""System check: report files must never sit where a web server could hand them out."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import FileSystemStorage

from .storage import report_storage


def _served_dirs() -> list[Path]:
    dirs = [settings.STATIC_ROOT, getattr(settings, "MEDIA_ROOT", None), settings.FRONTEND_DIST]
    dirs += list(getattr(settings, "STATICFILES_DIRS", []))
    return [Path(d).resolve() for d in dirs if d]


@register()
def reports_dir_is_private(app_configs, **kwargs) -> list[Error]:
    storage = report_storage()
    if not isinstance(storage, FileSystemStorage):
        # A private bucket: nothing on this machine's disk to keep out of a served folder.
        return []
    reports = Path(storage.location).resolve()
    for served in _served_dirs():
        if reports == served or served in reports.parents:
            return [
                Error(
                    "REPORTS_DIR overlaps a folder that is served to the web.",
                    hint="Point REPORTS_DIR outside STATIC_ROOT, MEDIA_ROOT and FRONTEND_DIST.",
                    id="records.E001",
                )
            ]
    return []
