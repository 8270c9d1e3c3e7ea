"""One patient's timeline: appointments, visit notes, record entries, medication changes and reports.

The feed is lazy and paged by the API's paginator; each page is one hand-written statement
(`apps.core.sql.timeline`, docs/adr/0004-hand-written-sql-records.md). This module says what
each kind of item is: its rows, its place in the feed and what its output reads.

Times: timed items sit at their instant (an appointment's start, a visit note's completion, a
change's or an upload's time). A record entry is dated, not timed: it sits at the end of its
clinic day, so a day's entry follows that day's visits. In the merged order, items are ordered by
that time, then by kind (KINDS' order), then by each kind's own tie-breakers.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple, cast

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import PERSON_FIELDS, PersonRow, person_row
from apps.core.sql.timeline import Feed, Member
from apps.scheduling.models import Appointment, Status

from ..models import MedicalReport, MedicationChange, RecordEntry

KINDS = ("appointment", "visit_note", "record", "medication", "report")
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
# Far-off dates filter nothing more; clamping keeps them from overflowing a datetime.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
_PERSON = tuple(User._meta.get_field(name) for name in PERSON_FIELDS)


def clinic_start(day: date) -> datetime:
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def clinic_day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max), timezone.get_default_timezone())


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    at: datetime
    item: Any

    @property
    def date(self) -> date:
        return timezone.localdate(self.at, timezone.get_default_timezone())

    def __getattr__(self, name: str) -> Any:
        # The output names one field per kind; only the item's own kind has a value.
        if name in KINDS:
            return self.item if name == self.kind else None
        raise AttributeError(name)


def _timed(column_sql: str, field: Any, *, date_from: date | None, date_to: date | None) -> tuple[list, list]:
    """Conditions keeping the instants of `column_sql` on the clinic days from `date_from` to `date_to`."""
    where, params = [], []
    if date_from:
        where.append(f"{column_sql} >= %s")
        params.append(field.get_db_prep_value(clinic_start(date_from), connection))
    if date_to:
        where.append(f"{column_sql} < %s")
        params.append(field.get_db_prep_value(clinic_start(date_to) + timedelta(days=1), connection))
    return where, params


class AppointmentItem(NamedTuple):
    id: int
    start: datetime
    end: datetime
    status: str
    reason: str
    doctor: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class VisitNoteItem(NamedTuple):
    id: int
    consultation_notes: str
    noted_at: datetime
    doctor: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class RecordItem(NamedTuple):
    id: int
    entry_date: date
    diagnosis: str
    treatment_plan: str
    medications_text: str
    notes: str
    appointment_id: int | None
    version: int
    created_at: datetime
    author_client_id: int | None
    # The author: a person, or (then None) the API client named by `author_client_id`.
    author: PersonRow | None
    author_client: "ClientRow | None" = None

    @property
    def pk(self) -> int:
        return self.id


class ClientRow(NamedTuple):
    """An API client as the outputs show it."""

    pk: int
    name: str


class MedicationChangeItem(NamedTuple):
    id: int
    medication_id: int
    kind: str
    changed_fields: list
    before: dict | None
    after: dict
    changed_at: datetime
    changed_by: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class ReportItem(NamedTuple):
    id: int
    title: str
    description: str
    original_filename: str
    content_type: str
    size: int
    created_at: datetime
    uploaded_by: PersonRow

    @property
    def pk(self) -> int:
        return self.id


def _member(
    kind: str,
    *,
    model: type[Model],
    person: str,
    fields: tuple[str, ...],
    where: list[str],
    params: list[Any],
    order: tuple[str, ...],
    key_fields: tuple[str, ...],
    key: Callable[..., tuple],
    item: Callable[[list[Any], Any], Any],
) -> Member:
    """One kind as a feed member. `key` gives its place in the merged order (time first) from the
    values of `key_fields`; `item` builds it from the values of `fields` and its person (None when it names none)."""

    def build(own: list[Any], person_values: list[Any], place: tuple) -> TimelineItem:
        # A row written by an API client joins no person (the join is an outer one).
        someone = person_row(person_values) if person_values[0] is not None else None
        return TimelineItem(kind=kind, at=place[0], item=item(own, someone))

    return Member(
        table=model._meta.db_table,
        person_table=User._meta.db_table,
        person_column=f"{person}_id",  # the foreign key's column
        person_fields=_PERSON,
        fields=tuple(model._meta.get_field(name) for name in fields),
        where=("t.patient_id = %s", *where),
        params=tuple(params),
        order=order,
        key_fields=key_fields,
        key=key,
        build=build,
    )


def _members(patient_id: int, *, date_from: date | None, date_to: date | None) -> dict[str, Member]:
    """Every kind of one patient's items in the date range, as feed members."""
    noted_at = 'COALESCE(t.completed_at, t."end")'
    dates = {"date_from": date_from, "date_to": date_to}
    appointments = _timed("t.start", Appointment._meta.get_field("start"), **dates)
    visits = _timed(noted_at, Appointment._meta.get_field("end"), **dates)
    changes = _timed("t.changed_at", MedicationChange._meta.get_field("changed_at"), **dates)
    reports = _timed("t.created_at", MedicalReport._meta.get_field("created_at"), **dates)
    entries: tuple[list, list] = ([], [])  # a record entry's day, not an instant
    for bound, operator in ((date_from, ">="), (date_to, "<=")):
        if bound:
            entries[0].append(f"t.entry_date {operator} %s")
            entries[1].append(bound)
    members = [
        _member(
            "appointment",
            model=Appointment,
            person="doctor",
            fields=("id", "start", "end", "status", "reason"),
            where=appointments[0],
            params=[patient_id, *appointments[1]],
            order=("t.start", "t.id"),
            key_fields=("start", "id"),
            key=lambda start, pk: (start, RANK["appointment"], pk),
            item=lambda values, person: AppointmentItem._make([*values, person]),
        ),
        _member(
            "visit_note",
            model=Appointment,
            person="doctor",
            fields=("id", "consultation_notes", "completed_at", "end"),
            where=["t.status = %s", *visits[0]],
            params=[patient_id, Status.COMPLETED, *visits[1]],
            order=(noted_at, "t.id"),
            key_fields=("completed_at", "end", "id"),
            key=lambda completed_at, end, pk: (completed_at or end, RANK["visit_note"], pk),
            item=lambda values, person: VisitNoteItem(values[0], values[1], values[2] or values[3], person),
        ),
        _member(
            "record",
            model=RecordEntry,
            person="author",
            fields=RecordItem._fields[:-2],
            where=entries[0],
            params=[patient_id, *entries[1]],
            order=("t.entry_date", "t.created_at", "t.id"),
            key_fields=("entry_date", "created_at", "id"),
            key=lambda day, created_at, pk: (clinic_day_end(day), RANK["record"], created_at, pk),
            item=lambda values, person: RecordItem._make([*values, person, None]),
        ),
        _member(
            "medication",
            model=MedicationChange,
            person="changed_by",
            fields=MedicationChangeItem._fields[:-1],
            where=changes[0],
            params=[patient_id, *changes[1]],
            order=("t.changed_at", "t.id"),
            key_fields=("changed_at", "id"),
            key=lambda changed_at, pk: (changed_at, RANK["medication"], pk),
            item=lambda values, person: MedicationChangeItem._make([*values, person]),
        ),
        _member(
            "report",
            model=MedicalReport,
            person="uploaded_by",
            fields=ReportItem._fields[:-1],
            where=["t.deleted_at IS NULL", *reports[0]],
            params=[patient_id, *reports[1]],
            order=("t.created_at", "t.id"),
            key_fields=("created_at", "id"),
            key=lambda created_at, pk: (created_at, RANK["report"], pk),
            item=lambda values, person: ReportItem._make([*values, person]),
        ),
    ]
    return dict(zip(KINDS, members, strict=True))


def timeline_with_clients(page: list[TimelineItem]) -> list[TimelineItem]:
    """The page with the API clients that wrote its record entries named, in one query.

    The client is reached through the model's foreign key: records does not import clients.
    """
    ids = {item.item.author_client_id for item in page if item.kind == "record" and item.item.author_client_id}
    if not ids:
        return page
    clients = cast(type[Model], RecordEntry._meta.get_field("author_client").related_model)
    names = dict(clients._base_manager.filter(pk__in=ids).values_list("pk", "name"))
    return [
        TimelineItem(
            kind=item.kind,
            at=item.at,
            item=item.item._replace(
                author_client=ClientRow(item.item.author_client_id, names[item.item.author_client_id])
            ),
        )
        if item.kind == "record" and item.item.author_client_id
        else item
        for item in page
    ]


def timeline_feed(
    *,
    patient: User,
    kinds: Iterable[str] = KINDS,
    date_from: date | None = None,
    date_to: date | None = None,
    descending: bool = True,
) -> Feed:
    """The feed of one patient, whom the caller has already been allowed to read (`clinical_patient_get`)."""
    members = _members(patient.pk, date_from=date_from, date_to=date_to)
    wanted = set(kinds)
    return Feed([members[kind] for kind in KINDS if kind in wanted], descending=descending)
