import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent

from .factories import DoctorFactory, PatientFactory

pytestmark = pytest.mark.django_db


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_the_directory_searches_by_name_and_filters_by_specialty(client_for, people):
    cardio = DoctorFactory(first_name="Hearty", last_name="Beat", profile__specialty="Cardiology")
    client = client_for(people.owner)
    assert ids(client.get("/api/v1/doctors/", {"search": "Hearty"})) == [cardio.pk]
    assert ids(client.get("/api/v1/doctors/", {"specialty": "cardiology"})) == [cardio.pk]
    assert cardio.pk in ids(client.get("/api/v1/doctors/", {"search": "cardio"}))


def test_the_directory_shows_what_patients_need_and_hides_account_details(client_for, people):
    body = client_for(people.owner).get(f"/api/v1/doctors/{people.doctor.pk}/").json()
    assert body["specialty"] == "General practice"
    assert "email" not in body
    assert "username" not in body


def test_admins_see_doctors_account_details(client_for, people):
    body = client_for(people.admin).get(f"/api/v1/doctors/{people.doctor.pk}/").json()
    assert body["email"] == people.doctor.email


def test_a_deactivated_doctor_leaves_the_directory_but_admins_still_see_them(client_for, people):
    assert client_for(people.admin).delete(f"/api/v1/doctors/{people.other_doctor.pk}/").status_code == 204
    assert people.other_doctor.pk not in ids(client_for(people.owner).get("/api/v1/doctors/"))
    assert client_for(people.owner).get(f"/api/v1/doctors/{people.other_doctor.pk}/").status_code == 404
    assert people.other_doctor.pk in ids(client_for(people.admin).get("/api/v1/doctors/"))
    assert User.objects.filter(pk=people.other_doctor.pk).exists()


def test_admins_create_doctors_with_a_profile(client_for, people):
    response = client_for(people.admin).post(
        "/api/v1/doctors/",
        {
            "username": "dr.new",
            "email": "dr.new@example.org",
            "password": "a-long-enough-passphrase",
            "first_name": "New",
            "last_name": "Doctor",
            "specialty": "Dermatology",
            "licence_number": "LIC-DERM-1",
        },
        format="json",
    )
    assert response.status_code == 201
    doctor = User.objects.get(username="dr.new")
    assert doctor.role == "doctor"
    assert doctor.doctor_profile.specialty == "Dermatology"


def test_a_duplicate_licence_number_is_refused(client_for, people):
    response = client_for(people.admin).patch(
        f"/api/v1/doctors/{people.other_doctor.pk}/",
        {"licence_number": people.doctor.doctor_profile.licence_number},
        format="json",
    )
    assert response.status_code == 400
    assert "licence_number" in response.json()["fields"]


def test_a_patient_sees_only_themself_in_the_patient_list(client_for, people):
    assert ids(client_for(people.owner).get("/api/v1/patients/")) == [people.owner.pk]


def test_a_doctor_sees_their_assigned_patients_only(client_for, people):
    assert ids(client_for(people.doctor).get("/api/v1/patients/")) == [people.owner.pk]
    assert ids(client_for(people.other_doctor).get("/api/v1/patients/")) == []


def test_a_nurse_sees_every_active_patient(client_for, people):
    inactive = PatientFactory(is_active=False)
    listed = ids(client_for(people.nurse).get("/api/v1/patients/"))
    assert set(listed) == {people.owner.pk, people.other_patient.pk}
    assert inactive.pk not in listed


def test_an_admin_sees_every_patient_account_including_inactive_ones(client_for, people):
    inactive = PatientFactory(is_active=False)
    listed = ids(client_for(people.admin).get("/api/v1/patients/", {"page_size": 100}))
    assert set(listed) == {people.owner.pk, people.other_patient.pk, inactive.pk}


def test_patient_search_and_ordering(client_for, people):
    client = client_for(people.nurse)
    assert ids(client.get("/api/v1/patients/", {"search": "Olive"})) == [people.owner.pk]
    assert ids(client.get("/api/v1/patients/", {"ordering": "-last_name"})) == [
        people.owner.pk,
        people.other_patient.pk,
    ]


def test_staff_reading_a_profile_is_one_event_for_that_patient_and_a_list_one_for_the_list(client_for, people):
    client_for(people.nurse).get("/api/v1/patients/")
    client_for(people.doctor).get(f"/api/v1/patients/{people.owner.pk}/")
    client_for(people.owner).get("/api/v1/patients/")  # a patient's own profile: not an access by someone else
    events = AuditEvent.objects.filter(action__startswith="patient.").order_by("id")
    assert [(e.action, e.actor_id, e.patient_id, e.item_count) for e in events] == [
        ("patient.list", people.nurse.pk, None, 2),
        ("patient.read", people.doctor.pk, people.owner.pk, None),
    ]


def test_the_patient_list_query_count_does_not_grow_with_the_page(client_for, people, django_assert_max_num_queries):
    PatientFactory.create_batch(30)
    client = client_for(people.admin)
    with django_assert_max_num_queries(6):
        client.get("/api/v1/patients/", {"page_size": 5})
    with django_assert_max_num_queries(6):
        client.get("/api/v1/patients/", {"page_size": 30})


def test_assigning_a_primary_doctor_gives_them_the_patient(client_for, people):
    response = client_for(people.admin).post(
        f"/api/v1/patients/{people.other_patient.pk}/assign-doctor/", {"doctor": people.other_doctor.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["profile"]["primary_doctor"]["id"] == people.other_doctor.pk
    assert ids(client_for(people.other_doctor).get("/api/v1/patients/")) == [people.other_patient.pk]


@pytest.mark.parametrize("doctor", ["nurse", "owner", 999999, "abc"])
def test_only_an_active_doctor_can_be_assigned(client_for, people, doctor):
    value = getattr(people, doctor).pk if doctor in ("nurse", "owner") else doctor
    response = client_for(people.admin).post(
        f"/api/v1/patients/{people.owner.pk}/assign-doctor/", {"doctor": value}, format="json"
    )
    assert response.status_code == 400
    assert "doctor" in response.json()["fields"]


def test_the_primary_doctor_can_be_cleared(client_for, people):
    response = client_for(people.admin).post(
        f"/api/v1/patients/{people.owner.pk}/assign-doctor/", {"doctor": None}, format="json"
    )
    assert response.json()["profile"]["primary_doctor"] is None


def test_deleting_a_patient_deactivates_and_destroys_nothing(client_for, people):
    patient_client = client_for(people.owner)
    assert client_for(people.admin).delete(f"/api/v1/patients/{people.owner.pk}/").status_code == 204
    people.owner.refresh_from_db()
    assert people.owner.is_active is False
    assert people.owner.patient_profile.phone
    assert patient_client.get("/api/v1/me/").status_code == 401


def test_an_admin_cannot_deactivate_themself(client_for, people):
    from apps.accounts.tests.factories import AdminFactory

    other_admin = AdminFactory()
    assert client_for(people.admin).delete(f"/api/v1/patients/{other_admin.pk}/").status_code == 404


def test_admins_edit_patient_accounts(client_for, people):
    response = client_for(people.admin).patch(
        f"/api/v1/patients/{people.owner.pk}/", {"last_name": "Changed", "phone": "+44 1234 567890"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["profile"]["phone"] == "+44 1234 567890"


@pytest.mark.parametrize("url", ["/api/v1/patients/abc/", "/api/v1/patients/99999999/", "/api/v1/doctors/0/"])
def test_malformed_or_unknown_ids_answer_404(client_for, people, url):
    assert client_for(people.admin).get(url).status_code == 404


def test_nurses_are_managed_by_admins(client_for, people):
    admin = client_for(people.admin)
    created = admin.post(
        "/api/v1/nurses/",
        {
            "username": "nurse.new",
            "email": "nurse.new@example.org",
            "password": "a-long-enough-passphrase",
            "first_name": "N",
            "last_name": "Ew",
        },
        format="json",
    )
    assert created.status_code == 201
    assert User.objects.get(username="nurse.new").role == "nurse"
    assert admin.get(f"/api/v1/nurses/{people.owner.pk}/").status_code == 404
    assert admin.delete(f"/api/v1/nurses/{people.nurse.pk}/").status_code == 204
    people.nurse.refresh_from_db()
    assert people.nurse.is_active is False
