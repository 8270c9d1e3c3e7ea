"""Patient, Practitioner and PractitionerRole from accounts' users and profiles."""

from typing import Any

from apps.accounts.models import Sex, User

from .common import day, identifier_system, meta, reference, without_empty

# Our sex choices -> FHIR administrative-gender.
GENDER = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.OTHER: "other", Sex.UNDISCLOSED: "unknown"}


def human_name(user: User) -> list[dict[str, Any]]:
    name = without_empty(
        {
            "use": "official",
            "text": user.full_name,
            "family": user.last_name,
            "given": [user.first_name] if user.first_name else [],
        }
    )
    return [name]


def patient(user: User) -> dict[str, Any]:
    profile = getattr(user, "patient_profile", None)
    telecom = []
    contacts = []
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(user.pk),
        "meta": meta(profile.updated_at if profile else None),
        "identifier": [{"use": "usual", "system": identifier_system("patient-id"), "value": str(user.pk)}],
        "active": user.is_active,
        "name": human_name(user),
    }
    if profile is not None and profile.phone:
        telecom.append({"system": "phone", "value": profile.phone, "use": "mobile"})
    if user.email:
        telecom.append({"system": "email", "value": user.email})
    resource["telecom"] = telecom
    if profile is not None:
        resource["gender"] = GENDER.get(profile.sex, "unknown")
        if profile.date_of_birth:
            resource["birthDate"] = day(profile.date_of_birth)
        if profile.address:
            resource["address"] = [{"text": profile.address}]
        for contact in profile.emergency_contacts or []:
            contacts.append(_contact(contact))
        resource["contact"] = contacts
        resource["communication"] = [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": profile.language}]}}
        ]
        if profile.primary_doctor_id:
            resource["generalPractitioner"] = [
                reference("Practitioner", profile.primary_doctor_id, profile.primary_doctor.full_name)
            ]
    return without_empty(resource)


def _contact(contact: dict[str, Any]) -> dict[str, Any]:
    # An emergency contact: relationship C (v2-0131), with the relation the patient typed as text.
    relationship = {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C"}],
        "text": contact.get("relation") or "Emergency contact",
    }
    result: dict[str, Any] = {"relationship": [relationship]}
    if contact.get("name"):
        result["name"] = {"text": contact["name"]}
    if contact.get("phone"):
        result["telecom"] = [{"system": "phone", "value": contact["phone"]}]
    return result


def practitioner(user: User) -> dict[str, Any]:
    profile = user.doctor_profile
    return without_empty(
        {
            "resourceType": "Practitioner",
            "id": str(user.pk),
            "meta": meta(profile.updated_at),
            "identifier": [
                {"system": identifier_system("practitioner-id"), "value": str(user.pk)},
                {"system": identifier_system("licence-number"), "value": profile.licence_number},
            ],
            "active": user.is_active,
            "name": human_name(user),
        }
    )


def practitioner_role(user: User) -> dict[str, Any]:
    """A doctor's one role at the clinic; its id is the doctor's."""
    profile = user.doctor_profile
    return {
        "resourceType": "PractitionerRole",
        "id": str(user.pk),
        "meta": meta(profile.updated_at),
        "active": user.is_active and profile.accepting_new_patients,
        "practitioner": reference("Practitioner", user.pk, user.full_name),
        "code": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/practitioner-role", "code": "doctor"}]}],
        "specialty": [{"text": profile.specialty}],
    }
