import pytest
from django.contrib.auth.hashers import identify_hasher

from apps.accounts.models import Role, User
from apps.accounts.services.sessions import session_start_for

from .factories import PASSWORD, DoctorFactory, NurseFactory, PatientFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = "/api/v1/auth/register/"


def registration(**overrides):
    return {
        "username": "new.patient",
        "email": "new.patient@example.org",
        "password": "a-long-enough-passphrase",
        "first_name": "Nora",
        "last_name": "Newman",
        **overrides,
    }


def test_registration_creates_a_patient_and_answers_neither_the_account_nor_the_password(api_client):
    response = api_client.post(REGISTER_URL, registration(phone="+44 20 7946 0999"), format="json")
    assert response.status_code == 202
    assert set(response.json()) == {"detail"}
    user = User.objects.get(username="new.patient")
    assert user.role == Role.PATIENT
    assert user.check_password("a-long-enough-passphrase")
    assert user.patient_profile.phone == "+44 20 7946 0999"
    assert user.patient_profile.preferred_channel == "in_app"


def test_registration_cannot_choose_a_role_or_staff_flags(api_client):
    payload = registration(role="admin", is_staff=True, is_superuser=True, is_active=False, token_version=9)
    assert api_client.post(REGISTER_URL, payload, format="json").status_code == 202
    user = User.objects.get(username="new.patient")
    assert (user.role, user.is_staff, user.is_superuser, user.is_active, user.token_version) == (
        Role.PATIENT,
        False,
        False,
        True,
        0,
    )


@pytest.mark.parametrize(
    ("password", "message_part"),
    [("short", "too short"), ("password1234", "too common"), ("1234567890123", "entirely numeric")],
)
def test_registration_applies_djangos_password_validators(api_client, password, message_part):
    response = api_client.post(REGISTER_URL, registration(password=password), format="json")
    assert response.status_code == 400
    assert any(message_part in message for message in response.json()["fields"]["password"])
    assert not User.objects.filter(username="new.patient").exists()


def test_a_password_like_the_username_is_refused(api_client):
    payload = registration(username="margaret.thatcher", password="margaret.thatcher1")
    response = api_client.post(REGISTER_URL, payload, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["fields"]


def test_usernames_and_emails_are_unique_regardless_of_case(api_client):
    PatientFactory(username="Taken.Name", email="taken@example.org")
    response = api_client.post(
        REGISTER_URL, registration(username="taken.name", email="TAKEN@example.org"), format="json"
    )
    assert response.status_code == 400
    # The username must be told (people choose another); the address never is.
    assert set(response.json()["fields"]) == {"username"}
    response = api_client.post(REGISTER_URL, registration(email="TAKEN@example.org"), format="json")
    assert response.status_code == 202
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {},
        [],
        "just a string",
        registration(email="not-an-email"),
        registration(username="has spaces"),
        registration(date_of_birth="31/12/1990"),
        registration(date_of_birth="2999-01-01"),
        registration(emergency_contacts=[{"name": "Mum"}]),
        registration(emergency_contacts="Mum"),
        registration(preferences={"channel": "pigeon"}),
        registration(phone="call me maybe"),
        registration(first_name="x" * 500),
    ],
)
def test_malformed_registrations_answer_400_and_create_nothing(api_client, payload):
    response = api_client.post(REGISTER_URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert User.objects.count() == 0


def test_real_settings_store_passwords_as_argon2(api_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    api_client.post(REGISTER_URL, registration(), format="json")
    assert identify_hasher(User.objects.get(username="new.patient").password).algorithm == "argon2"


def test_createsuperuser_makes_a_clinic_admin():
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-enough-passphrase")
    assert admin.role == Role.ADMIN
    assert admin.is_superuser


def test_me_shows_a_patients_profile(client_for):
    patient = PatientFactory()
    body = client_for(patient).get("/api/v1/me/").json()
    assert body["role"] == "patient"
    assert body["doctor_profile"] is None
    assert body["patient_profile"]["preferences"] == {"channel": "in_app", "language": "en", "reminder_lead_hours": 24}


def test_me_shows_a_doctors_profile(client_for):
    doctor = DoctorFactory()
    body = client_for(doctor).get("/api/v1/me/").json()
    assert body["patient_profile"] is None
    assert body["doctor_profile"]["specialty"] == "General practice"


def test_a_patient_updates_contacts_emergency_contacts_and_preferences(client_for):
    patient = PatientFactory()
    response = client_for(patient).patch(
        "/api/v1/me/",
        {
            "phone": "+44 7700 900123",
            "address": "2 Low Road",
            "date_of_birth": "1980-04-01",
            "emergency_contacts": [
                {"name": "Sam Smith", "relation": "Spouse", "phone": "+44 7700 900456"},
                {"name": "Jo Smith", "relation": "Sister", "phone": "020 7946 0000"},
            ],
            "preferences": {"channel": "email", "reminder_lead_hours": 48},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    profile = response.json()["patient_profile"]
    assert [contact["relation"] for contact in profile["emergency_contacts"]] == ["Spouse", "Sister"]
    assert profile["preferences"] == {"channel": "email", "language": "en", "reminder_lead_hours": 48}
    stored = User.objects.get(pk=patient.pk).patient_profile
    assert stored.date_of_birth.isoformat() == "1980-04-01"
    assert stored.emergency_contacts[0]["name"] == "Sam Smith"


def test_more_than_five_emergency_contacts_are_refused(client_for):
    patient = PatientFactory()
    contact = {"name": "A", "relation": "B", "phone": "+44 7700 900456"}
    response = client_for(patient).patch("/api/v1/me/", {"emergency_contacts": [contact] * 6}, format="json")
    assert response.status_code == 400
    assert "emergency_contacts" in response.json()["fields"]


def test_me_ignores_attempts_to_set_role_activity_username_or_primary_doctor(client_for):
    patient = PatientFactory()
    doctor = DoctorFactory()
    response = client_for(patient).patch(
        "/api/v1/me/",
        {
            "role": "admin",
            "is_active": False,
            "is_staff": True,
            "username": "someone.else",
            "id": 999,
            "token_version": 42,
            "primary_doctor": doctor.pk,
            "first_name": "Renamed",
        },
        format="json",
    )
    assert response.status_code == 200
    patient.refresh_from_db()
    assert (patient.role, patient.is_active, patient.is_staff, patient.username) == (
        Role.PATIENT,
        True,
        False,
        patient.username,
    )
    assert patient.first_name == "Renamed"
    assert patient.patient_profile.primary_doctor is None


def test_a_doctor_cannot_change_their_own_specialty_or_licence_through_me(client_for):
    doctor = DoctorFactory()
    licence = doctor.doctor_profile.licence_number
    client_for(doctor).patch(
        "/api/v1/me/", {"specialty": "Surgery", "licence_number": "FAKE", "bio": "New bio"}, format="json"
    )
    doctor.doctor_profile.refresh_from_db()
    assert doctor.doctor_profile.specialty == "General practice"
    assert doctor.doctor_profile.licence_number == licence
    assert doctor.doctor_profile.bio == "New bio"


def test_a_nurse_changes_only_names_and_email_through_me(client_for):
    nurse = NurseFactory()
    body = {"email": "new@example.org", "phone": "+44 20 7946 0001"}
    response = client_for(nurse).patch("/api/v1/me/", body, format="json")
    assert response.status_code == 200
    assert response.json()["email"] == "new@example.org"


def test_a_malformed_field_of_another_role_is_refused_not_silently_ignored(client_for):
    nurse = NurseFactory()
    body = {"email": "new@example.org", "accepting_new_patients": {}, "phone": "+44 1"}
    response = client_for(nurse).patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"accepting_new_patients", "phone"}
    nurse.refresh_from_db()
    assert nurse.email != "new@example.org"


def test_changing_to_an_email_another_account_uses_is_refused(client_for):
    patient, other = PatientFactory(), PatientFactory()
    response = client_for(patient).patch("/api/v1/me/", {"email": other.email.upper()}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_password_change_needs_the_current_password(client_for):
    patient = PatientFactory()
    response = client_for(patient).post(
        "/api/v1/me/password/", {"old_password": "wrong", "new_password": "another-long-passphrase"}, format="json"
    )
    assert response.status_code == 400
    assert "old_password" in response.json()["fields"]
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)


def test_password_change_validates_the_new_password(client_for):
    patient = PatientFactory()
    response = client_for(patient).post(
        "/api/v1/me/password/", {"old_password": PASSWORD, "new_password": "123"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()["fields"]


def test_password_change_ends_every_other_session_and_returns_a_fresh_one(api_client):
    from rest_framework.test import APIClient

    patient = PatientFactory()
    other_device = session_start_for(user=patient)
    this_device = session_start_for(user=patient)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {this_device.access}")
    response = client.post(
        "/api/v1/me/password/", {"old_password": PASSWORD, "new_password": "another-long-passphrase"}, format="json"
    )
    assert response.status_code == 200
    assert client.get("/api/v1/me/").status_code == 401
    old = APIClient()
    old.credentials(HTTP_AUTHORIZATION=f"Bearer {other_device.access}")
    assert old.get("/api/v1/me/").status_code == 401
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert fresh.get("/api/v1/me/").status_code == 200
    assert api_client.post("/api/v1/auth/token/refresh/", {"refresh": other_device.refresh}).status_code == 401


def test_an_emergency_contact_without_all_its_fields_is_refused_by_a_partial_update(client_for):
    patient = PatientFactory()
    client = client_for(patient)
    body = {"emergency_contacts": [{"name": "Ann", "phone": "+44 20 7946 0002"}]}
    response = client.patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["emergency_contacts"] == {"0": {"relation": ["This field is required."]}}
    assert client.get("/api/v1/me/").status_code == 200
