"""The benchmarks' ceiling endpoint exists only under bench/django's settings, never in the real URLs."""

import sys
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from apps.scheduling.tests.factories import AppointmentFactory

from .test_settings import PRODUCTION_ENV, REPO_DIR, _manage

CEILING = "/api/v1/bench/ceiling/"
# The bench's settings and URLs live under bench/, beside (not inside) the backend.
BENCH_DJANGO_DIR = str(REPO_DIR / "bench" / "django")
if BENCH_DJANGO_DIR not in sys.path:
    sys.path.append(BENCH_DJANGO_DIR)

pytestmark = pytest.mark.django_db


def test_the_ceiling_is_not_mounted_under_the_normal_urls(client_for, people):
    with pytest.raises(Resolver404):
        resolve(CEILING)
    assert client_for(people.doctor).get(CEILING).status_code == 404


def test_production_settings_route_to_the_normal_urls_and_bench_settings_to_the_ceiling():
    code = "from django.conf import settings; print(settings.ROOT_URLCONF)"
    production = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    bench = _manage(
        "shell",
        "-c",
        code,
        env={**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": BENCH_DJANGO_DIR},
    )
    # The last line: `shell` may first say what it imported.
    assert production.stdout.strip().splitlines()[-1] == "config.urls", production.stderr
    assert bench.stdout.strip().splitlines()[-1] == "bench_urls", bench.stderr


@override_settings(ROOT_URLCONF="bench_urls")
def test_the_ceiling_answers_twenty_rows_to_a_signed_in_user_in_two_queries(
    client_for, people, django_assert_num_queries
):
    first = timezone.now() + timedelta(days=1)
    appointments = [
        AppointmentFactory(patient=people.owner, doctor=people.doctor, start=first + timedelta(hours=n))
        for n in range(25)
    ]
    client = client_for(people.owner)
    with django_assert_num_queries(2):  # the user of the token, then the rows
        rows = client.get(CEILING).json()
    assert [row["id"] for row in rows] == [a.pk for a in appointments[:20]]
    assert set(rows[0]) == {"id", "patient_id", "doctor_id", "start", "end", "status"}
    after = client.get(f"{CEILING}?after={appointments[19].pk}").json()
    assert [row["id"] for row in after] == [a.pk for a in appointments[20:]]
    assert client.get(f"{CEILING}?after={'9' * 30}").status_code == 200
    assert client_for(None).get(CEILING).status_code == 401


def test_the_api_routes_are_one_flat_list_without_two_equal_routes():
    """config.urls lists the API's routes busiest app first (Django copies every route it tried before the
    match); that changes nothing else only while every route is distinct and none is nested."""
    from django.urls import URLPattern, get_resolver

    api = next(p for p in get_resolver("config.urls").url_patterns if str(p.pattern) == "api/v1/")
    routes = [str(p.pattern) for p in api.url_patterns]
    assert all(isinstance(p, URLPattern) for p in api.url_patterns)
    assert len(routes) == len(set(routes)) > 40
    assert resolve("/api/v1/patients/7/timeline/").url_name == "patient-timeline"
    assert resolve("/api/v1/health/").route == "api/v1/health/"
