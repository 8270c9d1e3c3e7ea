import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from apps.accounts.models import PatientProfile
from apps.core.fields import DecryptionError

from .factories import PatientFactory

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_row(patient):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, address, date_of_birth, emergency_contacts FROM accounts_patientprofile WHERE user_id = %s",
            [patient.pk],
        )
        return cursor.fetchone()


def make_patient():
    patient = PatientFactory()
    profile = patient.patient_profile
    profile.phone = "+44 7700 900123"
    profile.address = "221B Baker Street"
    profile.date_of_birth = datetime.date(1970, 5, 17)
    profile.emergency_contacts = [{"name": "Mary Morstan", "relation": "Friend", "phone": "+44 7700 900999"}]
    profile.save()
    return patient


def test_contact_details_birth_date_and_emergency_contacts_are_not_stored_as_plaintext():
    patient = make_patient()
    stored = " ".join(raw_row(patient))
    for secret in ("7700 900123", "Baker Street", "1970-05-17", "Mary Morstan"):
        assert secret not in stored
    assert all(value.startswith("gAAAA") for value in raw_row(patient))


def test_encrypted_values_read_back_as_what_was_written():
    patient = make_patient()
    profile = PatientProfile.objects.get(pk=patient.pk)
    assert profile.phone == "+44 7700 900123"
    assert profile.date_of_birth == datetime.date(1970, 5, 17)
    assert profile.emergency_contacts[0]["relation"] == "Friend"


def test_names_and_emails_stay_searchable_in_plaintext(client_for, people):
    response = client_for(people.nurse).get("/api/v1/patients/", {"search": people.owner.last_name})
    assert [row["id"] for row in response.json()["results"]] == [people.owner.pk]


def test_a_new_key_in_front_keeps_old_rows_readable_and_rotation_moves_them(settings):
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    patient = make_patient()
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]
    assert PatientProfile.objects.get(pk=patient.pk).phone == "+44 7700 900123"

    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    new_only = Fernet(NEW_KEY.encode())
    phone, address, dob, contacts = raw_row(patient)
    assert new_only.decrypt(phone.encode()).decode() == "+44 7700 900123"
    assert new_only.decrypt(address.encode()).decode() == "221B Baker Street"
    assert new_only.decrypt(dob.encode()).decode() == "1970-05-17"
    assert "Mary Morstan" in new_only.decrypt(contacts.encode()).decode()
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert PatientProfile.objects.get(pk=patient.pk).address == "221B Baker Street"


def test_a_value_no_key_can_decrypt_raises_instead_of_returning_ciphertext(settings):
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    patient = make_patient()
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    with pytest.raises(DecryptionError):
        PatientProfile.objects.get(pk=patient.pk)


def test_an_api_read_of_undecryptable_data_answers_a_bare_500(settings, client_for):
    from rest_framework.test import APIClient

    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    patient = make_patient()
    client = client_for(patient)
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert isinstance(client, APIClient)
    client.raise_request_exception = False
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    assert set(response.json()) == {"code", "detail", "request_id"}
    assert "gAAAA" not in response.content.decode()


def test_an_empty_text_is_stored_empty_and_read_without_a_decryption(monkeypatch):
    patient = make_patient()
    profile = patient.patient_profile
    profile.address = ""
    profile.save()
    phone, address, dob, contacts = raw_row(patient)
    assert address == ""
    assert all(value.startswith("gAAAA") for value in (phone, dob, contacts))

    from apps.core import fields

    decrypted = []
    real = fields.decrypt_text
    monkeypatch.setattr(fields, "decrypt_text", lambda token: decrypted.append(token) or real(token))
    read = PatientProfile.objects.get(pk=patient.pk)
    assert (read.address, read.phone) == ("", "+44 7700 900123")
    assert "" not in decrypted
    assert len(decrypted) == 3  # phone, date of birth, emergency contacts


def test_a_token_of_an_empty_text_written_before_still_reads_and_rotation_rewrites_it_empty(settings):
    from apps.core.fields import encrypt_text

    patient = make_patient()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_patientprofile SET address = %s WHERE user_id = %s", [encrypt_text(""), patient.pk]
        )
    assert raw_row(patient)[1].startswith("gAAAA")
    assert PatientProfile.objects.get(pk=patient.pk).address == ""

    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert raw_row(patient)[1] == ""
    assert PatientProfile.objects.get(pk=patient.pk).address == ""
