"""`Patient/{id}/$everything`: the patient's compartment, as the REST timeline shows it, paged."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Count, QuerySet, Subquery, Value
from rest_framework.request import Request

from apps.accounts.models import User
from apps.accounts.selectors import patient_list
from apps.records.selectors import clinical_patient_get, medication_list, record_list, report_list
from apps.records.services.access import TIMELINE, clinical_read_audit
from apps.scheduling.models import Status
from apps.scheduling.selectors import appointment_list

from ..access import client_may, reads_clinical
from ..mappers import clinical, people, scheduling
from ..params import Search, SearchParam, parse_date
from .base import numeric_id, params

PARAMS = params(SearchParam("_since", "date", "Only resources changed at or after this instant"))


def _sources(actor: Any, patient: Any) -> list[tuple[QuerySet, str, Callable[[Any], dict]]]:
    """Each kind of the compartment: its rows in a stable order, the field `_since` reads, its mapper."""
    # The patient's appointments are those the patient themself sees: once the caller may read
    # the patient's clinical data (as for the timeline), the whole compartment, whoever the doctor.
    appointments = scheduling.visit_rows(appointment_list(actor=patient))
    # A client whose token does not read records gets the visits without their reason, as in the REST API.
    visits = reads_clinical(actor)
    sources = [
        ("Patient", patient_list(actor=actor).filter(pk=patient.pk), "patient_profile__updated_at", people.patient),
        ("Appointment", appointments, "updated_at", partial(scheduling.appointment, clinical=visits)),
        (
            "Encounter",
            appointments.filter(status=Status.COMPLETED),
            "updated_at",
            partial(scheduling.encounter, clinical=visits),
        ),
        ("Condition", record_list(actor=actor, filters={"patient": patient.pk}), "updated_at", clinical.condition),
        (
            "MedicationStatement",
            medication_list(actor=actor, filters={"patient": patient.pk}),
            "updated_at",
            clinical.medication_statement,
        ),
        (
            "DocumentReference",
            report_list(actor=actor, filters={"patient": patient.pk}),
            "updated_at",
            clinical.document_reference,
        ),
    ]
    # An API client gets the kinds its token names (SMART); a user the whole compartment.
    client = getattr(actor, "is_api_client", False)
    return [source for kind, *source in sources if not client or client_may(actor, kind)]  # type: ignore[misc]


def _counts(querysets: list[QuerySet]) -> list[int]:
    """Each queryset's row count, in one statement: a scalar subquery per kind."""
    if not querysets:
        return []
    columns = {
        f"n{index}": Subquery(rows.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("*")).values("n"))
        for index, rows in enumerate(querysets)
    }
    found = User.objects.order_by().values(**columns)[:1]
    row: dict[str, int | None] = next(iter(found), None) or {}
    return [row.get(f"n{index}") or 0 for index in range(len(querysets))]


def patient_everything(request: Request, patient_id: str, search: Search) -> tuple[list[dict], int]:
    """One page of the compartment: a count per kind, then only the kinds the page reaches."""
    patient = clinical_patient_get(actor=request.user, patient_id=numeric_id(patient_id, "Patient"))
    since = [parse_date(value, "_since").low for value in search.get("_since")]
    kinds = []
    for rows, changed, mapper in _sources(request.user, patient):
        if since:
            rows = rows.filter(**{f"{changed}__gte": max(since)})
        kinds.append((rows, mapper))
    counts = _counts([rows for rows, _ in kinds])
    sources = [(rows, mapper, count) for (rows, mapper), count in zip(kinds, counts, strict=True)]
    total = sum(counts)
    start, stop = search.offset, search.offset + search.count
    resources: list[dict] = []
    seen = 0
    for rows, mapper, count in sources:
        low, high = max(start - seen, 0), min(stop - seen, count)
        if low < high:
            resources += [mapper(row) for row in rows[low:high]]
        seen += count
    clinical_read_audit(
        actor=request.user,
        action="timeline.read",
        resource_type=TIMELINE,
        resource_id=patient.pk,
        patient_id=patient.pk,
        request=request,
    )
    return resources, total
