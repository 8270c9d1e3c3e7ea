"""Input and output serializers of the scheduling API. Every serializer lists its fields."""

import re
from datetime import timedelta

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.serializers import HandWrittenOutput, StrictCharField, iso_datetime

from ..models import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, Appointment, ExceptionKind, Weekday
from ..selectors import visit_undo_until

# The largest id a row can have (a 64-bit key): larger numbers are refused as input, not looked up.
MAX_ID = 2**63 - 1

# --- Availability ------------------------------------------------------------------------------


# A clinic-local wall-clock time: no offset, so the schema must not call it an RFC 3339 `time`.
WALL_CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:00)?$"


@extend_schema_field({"type": "string", "pattern": WALL_CLOCK_PATTERN, "example": "09:30"})
class WholeMinuteTimeField(serializers.TimeField):
    """A wall-clock time such as "09:00"; seconds are refused (slots fall on whole minutes)."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or re.fullmatch(WALL_CLOCK_PATTERN, value) is None:
            raise serializers.ValidationError("Give a wall-clock time as HH:MM, e.g. 09:30.")
        parsed = super().to_internal_value(value)
        if parsed.second or parsed.microsecond:
            raise serializers.ValidationError("Give the time in whole minutes, e.g. 09:30.")
        return parsed


class RuleSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text="0 = Monday ... 6 = Sunday")
    start_time = WholeMinuteTimeField(help_text="Clinic-local wall-clock time, HH:MM")
    end_time = WholeMinuteTimeField(help_text="Clinic-local wall-clock time, HH:MM; after start_time")
    slot_minutes = serializers.IntegerField(min_value=MIN_SLOT_MINUTES, max_value=MAX_SLOT_MINUTES)


class ExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=ExceptionKind.choices, help_text="`off`: the whole day; `extra`: hours")
    start_time = WholeMinuteTimeField(required=False, allow_null=True, default=None)
    end_time = WholeMinuteTimeField(required=False, allow_null=True, default=None)
    slot_minutes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=MIN_SLOT_MINUTES, max_value=MAX_SLOT_MINUTES
    )


class AvailabilityInput(serializers.Serializer):
    rules = RuleSerializer(many=True, max_length=50)  # type: ignore[call-arg]
    exceptions = ExceptionSerializer(many=True, max_length=400)  # type: ignore[call-arg]


class AvailabilityOutput(serializers.Serializer):
    doctor = serializers.IntegerField(source="doctor.pk")
    time_zone = serializers.SerializerMethodField()
    rules = RuleSerializer(many=True)
    exceptions = ExceptionSerializer(many=True, help_text="Exceptions dated today or later")

    def get_time_zone(self, obj) -> str:
        return settings.TIME_ZONE


# --- Slots -------------------------------------------------------------------------------------


class SlotRangeQuery(serializers.Serializer):
    """`date`, or `from` and `to` (at most SLOTS_MAX_RANGE_DAYS days): clinic-local days."""

    date = serializers.DateField(required=False, help_text="One clinic-local day, YYYY-MM-DD")
    to = serializers.DateField(required=False, help_text="Last day of the range (with `from`)")

    def get_fields(self):
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        fields = super().get_fields()
        date_from = serializers.DateField(required=False, help_text="First day of the range (with `to`)")
        return {"date": fields["date"], "from": date_from, "to": fields["to"]}

    def validate(self, attrs):
        day, first, last = attrs.get("date"), attrs.get("from"), attrs.get("to")
        if day is not None and (first or last):
            raise serializers.ValidationError({"date": ["Give either `date` or `from` and `to`, not both."]})
        if day is not None:
            return {"first": day, "last": day}
        if first is None or last is None:
            raise serializers.ValidationError({"date": ["Give `date`, or both `from` and `to`."]})
        if last < first:
            raise serializers.ValidationError({"to": ["`to` must not be before `from`."]})
        longest = settings.SLOTS_MAX_RANGE_DAYS
        if last - first >= timedelta(days=longest):
            raise serializers.ValidationError({"to": [f"Ask for at most {longest} days at a time."]})
        return {"first": first, "last": last}


class SlotOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class DoctorSlotsOutput(HandWrittenOutput, serializers.Serializer):
    doctor = serializers.IntegerField()
    time_zone = StrictCharField()
    slots = SlotOutput(many=True)

    def to_representation(self, instance):
        return {
            "doctor": instance["doctor"],
            "time_zone": instance["time_zone"],
            "slots": [{"start": iso_datetime(slot.start), "end": iso_datetime(slot.end)} for slot in instance["slots"]],
        }


class SlotsNextQuery(serializers.Serializer):
    specialty = StrictCharField(required=False, max_length=100, help_text="Doctors of this specialty")
    doctor = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="Only this doctor")
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)


class DoctorSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = StrictCharField()
    specialty = StrictCharField(source="doctor_profile.specialty")


class NextSlotOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    doctor = DoctorSummaryOutput()
    is_primary_doctor = serializers.BooleanField(help_text="The caller's own primary doctor")


class SlotsNextOutput(HandWrittenOutput, serializers.Serializer):
    time_zone = StrictCharField()
    results = NextSlotOutput(many=True)

    def to_representation(self, instance):
        return {
            "time_zone": instance["time_zone"],
            "results": [
                {
                    "start": iso_datetime(slot.start),
                    "end": iso_datetime(slot.end),
                    "doctor": {
                        "id": slot.doctor.pk,
                        "full_name": slot.doctor.full_name,
                        "specialty": slot.doctor.doctor_profile.specialty,
                    },
                    "is_primary_doctor": slot.is_primary_doctor,
                }
                for slot in instance["results"]
            ],
        }


# --- Appointments ------------------------------------------------------------------------------


class PersonSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = StrictCharField()


class AppointmentOutput(HandWrittenOutput, serializers.ModelSerializer):
    """An appointment. Admins read no clinical content: `reason` and `consultation_notes` are left out for them."""

    class Meta:
        model = Appointment
        fields = [
            "id",
            "patient",
            "doctor",
            "start",
            "end",
            "status",
            "reason",
            "consultation_notes",
            "booked_by",
            "booked_by_client",
            "cancelled_by",
            "cancelled_by_client",
            "cancellation_reason",
            "cancelled_at",
            "completed_at",
            "no_show_at",
            "arrived_at",
            "undo_until",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    patient = PersonSummaryOutput(read_only=True)
    doctor = DoctorSummaryOutput(read_only=True)
    # Not read-only so that the schema marks them optional: they are absent for admins.
    reason = StrictCharField(required=False, help_text="The patient's note (not shown to admins)")
    consultation_notes = StrictCharField(required=False, help_text="The doctor's notes (not shown to admins)")
    # Who booked and who cancelled: a person's id, or an API client's (apps/clients), never both.
    booked_by = serializers.IntegerField(
        source="booked_by_id", read_only=True, allow_null=True, help_text="The person who booked"
    )
    booked_by_client = serializers.IntegerField(
        source="booked_by_client_id",
        read_only=True,
        allow_null=True,
        help_text="The API client that booked (`booked_by` is then null)",
    )
    cancelled_by = serializers.IntegerField(
        source="cancelled_by_id", read_only=True, allow_null=True, help_text="The person who cancelled"
    )
    cancelled_by_client = serializers.IntegerField(
        source="cancelled_by_client_id",
        read_only=True,
        allow_null=True,
        help_text="The API client that cancelled (`cancelled_by` is then null)",
    )
    arrived_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When staff marked the patient arrived (a booked visit only)"
    )
    undo_until = serializers.SerializerMethodField(
        help_text="Until when the doctor may undo a completion or no-show (reopen/); null: nothing to undo"
    )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_undo_until(self, instance) -> str | None:
        return iso_datetime(visit_undo_until(instance))

    def to_representation(self, instance):
        patient, doctor = instance.patient, instance.doctor
        data = {
            "id": instance.pk,
            "patient": {"id": patient.pk, "full_name": patient.full_name},
            "doctor": {"id": doctor.pk, "full_name": doctor.full_name, "specialty": doctor.doctor_profile.specialty},
            "start": iso_datetime(instance.start),
            "end": iso_datetime(instance.end),
            "status": instance.status,
            "reason": instance.reason,
            "consultation_notes": instance.consultation_notes,
            "booked_by": instance.booked_by_id,
            "booked_by_client": instance.booked_by_client_id,
            "cancelled_by": instance.cancelled_by_id,
            "cancelled_by_client": instance.cancelled_by_client_id,
            "cancellation_reason": instance.cancellation_reason,
            "cancelled_at": iso_datetime(instance.cancelled_at),
            "completed_at": iso_datetime(instance.completed_at),
            "no_show_at": iso_datetime(instance.no_show_at),
            "arrived_at": iso_datetime(instance.arrived_at),
            "undo_until": iso_datetime(visit_undo_until(instance)),
            "created_at": iso_datetime(instance.created_at),
            "updated_at": iso_datetime(instance.updated_at),
        }
        return self._without_clinical_for_admins(data)

    def declared_representation(self, instance):
        return self._without_clinical_for_admins(super().declared_representation(instance))

    def _without_clinical_for_admins(self, data):
        request = self.context.get("request")
        user = None if request is None else request.user
        # Admins never read clinical text; a client only with the scope for it.
        if user is None or user.is_admin or (user.is_api_client and "records:read" not in user.scopes):
            data.pop("reason")
            data.pop("consultation_notes")
        return data


class AppointmentBookInput(serializers.Serializer):
    doctor = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    start = serializers.DateTimeField(help_text="The start of one of the doctor's free slots (ISO 8601 with offset)")
    reason = StrictCharField(required=False, allow_blank=True, default="", max_length=1000)
    patient = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="Required when staff book; a patient books for themself",
    )


class AppointmentUpdateInput(serializers.Serializer):
    start = serializers.DateTimeField(required=False, help_text="Reschedule to this free slot of the same doctor")
    reason = StrictCharField(required=False, allow_blank=True, max_length=1000)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError({"non_field_errors": ["Give `start`, `reason` or both."]})
        return attrs


class CancelInput(serializers.Serializer):
    reason = StrictCharField(max_length=1000)


class CompleteInput(serializers.Serializer):
    consultation_notes = StrictCharField(max_length=20000)
