import pytest

from apps.notifications.models import Kind, Notification, Title
from conftest import ROLES

pytestmark = pytest.mark.django_db


def notify(user, n=1, **fields):
    fields = {"kind": Kind.REMINDER, "title": Title.REMINDER, **fields}
    return [Notification.objects.create(recipient=user, **fields) for _ in range(n)]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_reads_only_their_own_inbox(people, client_for, role):
    for name in ROLES[1:]:
        notify(getattr(people, name))
    user = people.get(role)
    response = client_for(user).get("/api/v1/notifications/")
    if user is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 1
    assert Notification.objects.get(pk=rows[0]["id"]).recipient == user


@pytest.mark.parametrize("role", ROLES)
def test_reading_someone_elses_notification_answers_404_and_changes_nothing(people, client_for, role):
    (note,) = notify(people.owner)
    response = client_for(people.get(role)).post(f"/api/v1/notifications/{note.pk}/read/")
    expected = {"anonymous": 401, "owner": 200}.get(role, 404)
    assert response.status_code == expected
    note.refresh_from_db()
    assert (note.read_at is not None) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_unread_count_and_read_all_are_per_recipient(people, client_for, role):
    notify(people.owner, 3)
    notify(people.doctor, 2)
    user = people.get(role)
    client = client_for(user)
    count = client.get("/api/v1/notifications/unread-count/")
    marked = client.post("/api/v1/notifications/read-all/")
    if user is None:
        assert (count.status_code, marked.status_code) == (401, 401)
        return
    mine = {"owner": 3, "doctor": 2}.get(role, 0)
    assert count.json() == {"count": mine}
    assert marked.json() == {"marked": mine}
    assert Notification.objects.filter(read_at__isnull=True).count() == 5 - mine


def test_the_inbox_is_newest_first_and_paginated(people, client_for):
    notes = notify(people.owner, 25)
    body = client_for(people.owner).get("/api/v1/notifications/", {"page_size": 10}).json()
    assert body["count"] == 25
    assert [row["id"] for row in body["results"]] == [note.pk for note in reversed(notes)][:10]


def test_marking_read_is_idempotent_and_lowers_the_count(people, client_for):
    first, _second = notify(people.owner, 2)
    client = client_for(people.owner)
    read_at = client.post(f"/api/v1/notifications/{first.pk}/read/").json()["read_at"]
    assert client.post(f"/api/v1/notifications/{first.pk}/read/").json()["read_at"] == read_at
    assert client.get("/api/v1/notifications/unread-count/").json() == {"count": 1}


def test_the_unread_count_is_one_query_after_authentication(people, client_for, django_assert_num_queries):
    notify(people.owner, 50)
    client = client_for(people.owner)
    # One query loads the signed-in user, one counts.
    with django_assert_num_queries(2):
        client.get("/api/v1/notifications/unread-count/")


def test_the_inbox_query_count_does_not_grow_with_the_page(people, client_for, django_assert_max_num_queries):
    notify(people.owner, 60)
    client = client_for(people.owner)
    with django_assert_max_num_queries(3):
        client.get("/api/v1/notifications/", {"page_size": 5})
    with django_assert_max_num_queries(3):
        client.get("/api/v1/notifications/", {"page_size": 60})


@pytest.mark.parametrize("path", ["/api/v1/notifications/abc/read/", "/api/v1/notifications/0/read/"])
def test_malformed_ids_answer_404(people, client_for, path):
    assert client_for(people.owner).post(path).status_code == 404
