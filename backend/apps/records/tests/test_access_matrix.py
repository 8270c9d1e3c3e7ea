"""Every clinical endpoint for every party of SPEC section 2: admins see nothing clinical, outsiders get 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEvent, Outcome
from conftest import ROLES

from .factories import PDF

pytestmark = pytest.mark.django_db


def table(anonymous, owner, other_patient, doctor, other_doctor, nurse, admin) -> dict[str, int]:
    return dict(zip(ROLES, (anonymous, owner, other_patient, doctor, other_doctor, nurse, admin), strict=True))


# A list: everyone reads their own scope (possibly empty), admins are refused outright.
LIST = table(401, 200, 200, 200, 200, 200, 403)
# One object of the owner: visible to the owner and clinicians in scope, hidden from everyone else.
READ = table(401, 200, 404, 200, 404, 200, 404)
# A clinical write on the owner's object: the owner may see it but not change it.
CLINICIAN_WRITE = table(401, 403, 404, 200, 404, 200, 404)
DOCTOR_WRITE = table(401, 403, 404, 200, 404, 403, 404)


def record_body(p):
    return {"patient": p.owner.pk, "entry_date": "2024-05-01", "diagnosis": "Otitis media"}


def medication_body(p):
    return {"patient": p.owner.pk, "name": "Amoxicillin", "dose": "500 mg", "frequency": "three times daily"} | {
        "start_date": datetime.date.today().isoformat()
    }


def upload_body(p):
    return {"patient": p.owner.pk, "title": "ECG", "file": SimpleUploadedFile("ecg.pdf", PDF, "application/pdf")}


CASES = [
    ("get", "/api/v1/records/", None, LIST),
    ("post", "/api/v1/records/", record_body, table(401, 403, 403, 201, 404, 201, 403)),
    ("get", "/api/v1/records/{entry}/", None, READ),
    ("patch", "/api/v1/records/{entry}/", lambda p: {"notes": "Reviewed"}, CLINICIAN_WRITE),
    ("get", "/api/v1/records/{entry}/revisions/", None, READ),
    ("get", "/api/v1/medications/", None, LIST),
    ("post", "/api/v1/medications/", medication_body, table(401, 403, 403, 201, 404, 403, 403)),
    ("get", "/api/v1/medications/{medication}/", None, READ),
    ("patch", "/api/v1/medications/{medication}/", lambda p: {"dose": "20 mg"}, DOCTOR_WRITE),
    ("get", "/api/v1/reports/", None, LIST),
    ("post", "/api/v1/reports/", upload_body, table(401, 403, 403, 201, 404, 201, 403)),
    ("get", "/api/v1/reports/{report}/", None, READ),
    ("get", "/api/v1/reports/{report}/file/", None, READ),
    ("delete", "/api/v1/reports/{report}/", None, table(401, 403, 404, 204, 404, 204, 404)),
    ("get", "/api/v1/me/access-log/", None, table(401, 200, 200, 403, 403, 403, 403)),
    ("get", "/api/v1/patients/{owner}/timeline/", None, READ),
]


def _call(client, method, url, payload):
    if payload is None:
        return getattr(client, method)(url)
    multipart = any(isinstance(value, SimpleUploadedFile) for value in payload.values())
    return getattr(client, method)(url, payload, format="multipart" if multipart else "json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_access_matrix(
    people, client_for, owner_entry, owner_medication, owner_report, role, method, path, body, expected
):
    client = client_for(people.get(role))
    url = path.format(
        entry=owner_entry.pk, medication=owner_medication.pk, report=owner_report.pk, owner=people.owner.pk
    )
    response = _call(client, method, url, body(people) if body else None)
    assert response.status_code == expected[role], response.content


@pytest.mark.parametrize("role", ["other_patient", "other_doctor"])
@pytest.mark.parametrize("path", ["/api/v1/records/", "/api/v1/medications/", "/api/v1/reports/"])
def test_lists_show_outsiders_nothing_of_the_owner(
    people, client_for, owner_entry, owner_medication, owner_report, role, path
):
    response = client_for(people.get(role)).get(path, {"patient": people.owner.pk})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("role", ["other_patient", "other_doctor", "admin"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/records/{entry}/",
        "/api/v1/records/{entry}/revisions/",
        "/api/v1/medications/{medication}/",
        "/api/v1/reports/{report}/",
        "/api/v1/reports/{report}/file/",
        "/api/v1/patients/{owner}/timeline/",
    ],
)
def test_every_refused_read_is_audited_as_denied_and_names_the_patient(
    people, client_for, owner_entry, owner_medication, owner_report, role, path
):
    url = path.format(
        entry=owner_entry.pk, medication=owner_medication.pk, report=owner_report.pk, owner=people.owner.pk
    )
    response = client_for(people.get(role)).get(url)
    assert response.status_code == 404
    event = AuditEvent.objects.get(actor=people.get(role))
    assert event.outcome == Outcome.DENIED
    assert event.patient_id == people.owner.pk
    assert event.action.split(".")[0] in ("record", "medication", "report", "timeline")


def test_an_unknown_id_answers_404_and_is_audited_without_a_patient(people, client_for):
    response = client_for(people.doctor).get("/api/v1/records/999999999/")
    assert response.status_code == 404
    event = AuditEvent.objects.get(actor=people.doctor)
    assert (event.outcome, event.patient_id, event.resource_id) == (Outcome.DENIED, None, "999999999")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/records/99999999999999999999999/",
        "/api/v1/records/99999999999999999999999/revisions/",
        "/api/v1/medications/99999999999999999999999/",
        "/api/v1/reports/99999999999999999999999/file/",
        "/api/v1/patients/99999999999999999999999/timeline/",
    ],
)
def test_an_id_beyond_any_integer_answers_404_not_500_and_is_audited(people, client_for, path):
    assert client_for(people.nurse).get(path).status_code == 404
    event = AuditEvent.objects.get(actor=people.nurse)
    assert (event.outcome, event.resource_id, event.patient_id) == (Outcome.DENIED, "", None)
