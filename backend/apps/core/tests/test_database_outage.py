"""A lost database connection: a read runs once more on a new connection, anything else answers 503."""

from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections

from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.scheduling.models import Appointment
from apps.scheduling.tests.factories import days_ahead, local, open_every_day

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ME_URL = "/api/v1/me/"
APPOINTMENTS_URL = "/api/v1/appointments/"


def end_on_the_server() -> int:
    """What a server restart or `pg_terminate_backend` does to this thread's connection."""
    pid = connection.connection.info.backend_pid
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    return pid


def ending_the_connection_before(statements: int):
    """An execute wrapper that ends the connection on the server before each of the next `statements`."""
    left = [statements]

    def wrapper(execute, sql, params, many, context):
        if left[0] > 0:
            left[0] -= 1
            end_on_the_server()
        return execute(sql, params, many, context)

    return wrapper


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert body["request_id"] == response["X-Request-ID"]
    assert set(body) == {"code", "detail", "request_id"}


def test_a_read_whose_connection_was_lost_succeeds_on_a_new_one(people, client_for):
    client = client_for(people.owner)
    assert client.get(ME_URL).status_code == 200
    lost = end_on_the_server()
    response = client.get(ME_URL)
    assert response.status_code == 200
    assert response.json()["username"] == people.owner.username
    assert connection.connection.info.backend_pid != lost


def test_a_read_that_loses_its_connection_twice_answers_503_with_retry_after(people, client_for):
    client = client_for(people.owner)
    assert client.get(ME_URL).status_code == 200
    with connection.execute_wrapper(ending_the_connection_before(2)):
        response = client.get(ME_URL)
    assert_unavailable(response)
    assert client.get(ME_URL).status_code == 200


def test_a_database_error_on_a_working_connection_answers_503_and_is_not_run_again(people, client_for):
    client = client_for(people.owner)
    calls = []

    def refuse(execute, sql, params, many, context):
        calls.append(sql)
        raise OperationalError("canceling statement due to statement timeout")

    with connection.execute_wrapper(refuse):
        response = client.get(ME_URL)
    assert_unavailable(response)
    assert len(calls) == 1


def test_a_booking_whose_connection_was_lost_answers_503_writes_nothing_and_its_retry_books_once(people, client_for):
    open_every_day(people.doctor)
    client = client_for(people.owner)
    assert client.get(ME_URL).status_code == 200
    start = local(days_ahead(3), "10:00").isoformat()
    payload = {"doctor": people.doctor.pk, "start": start}
    key = "retry-after-a-lost-connection"
    end_on_the_server()
    response = client.post(APPOINTMENTS_URL, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert_unavailable(response)
    assert Appointment.objects.count() == 0
    assert Notification.objects.count() == 0
    assert not AuditEvent.objects.filter(action="appointment.book").exists()
    retried = client.post(APPOINTMENTS_URL, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert retried.status_code == 201
    again = client.post(APPOINTMENTS_URL, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.json()["id"] == retried.json()["id"]
    assert Appointment.objects.count() == 1
    assert Notification.objects.count() == 2


def test_a_booking_that_loses_its_connection_inside_its_transaction_leaves_nothing_behind(people, client_for):
    open_every_day(people.doctor)
    client = client_for(people.owner)
    start = local(days_ahead(3), "11:00")
    payload = {"doctor": people.doctor.pk, "start": start.isoformat()}

    def end_at_the_insert(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "scheduling_appointment"'):
            end_on_the_server()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(end_at_the_insert):
        response = client.post(APPOINTMENTS_URL, payload, format="json")
    assert_unavailable(response)
    assert not Appointment.objects.filter(start__gte=start - timedelta(minutes=1)).exists()
    assert Notification.objects.count() == 0


def test_a_sign_in_that_loses_its_connection_before_its_audit_event_opens_no_session(people, api_client):
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    from apps.accounts.tests.factories import PASSWORD

    def end_at_the_audit(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "audit_auditevent"'):
            end_on_the_server()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(end_at_the_audit):
        response = api_client.post(
            "/api/v1/auth/token/", {"username": people.owner.username, "password": PASSWORD}, format="json"
        )
    assert_unavailable(response)
    people.owner.refresh_from_db()
    assert people.owner.last_login is None
    assert not OutstandingToken.objects.filter(user=people.owner).exists()
