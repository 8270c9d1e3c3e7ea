"""Input and output serializers of the accounts API. Every serializer lists its fields."""

from rest_framework import serializers

from apps.core.serializers import StrictBooleanField, StrictCharField, StrictEmailField, StrictRegexField

from ..models import REMINDER_LEAD_HOURS_MAX, REMINDER_LEAD_HOURS_MIN, Channel, Role, Sex, User

PHONE_PATTERN = r"^\+?[0-9][0-9 ()\-]{4,30}$"
PHONE_MESSAGE = "Enter a phone number: digits, spaces, brackets and dashes, optionally starting with +."


class PhoneField(StrictRegexField):
    def __init__(self, **kwargs):
        super().__init__(PHONE_PATTERN, max_length=32, error_messages={"invalid": PHONE_MESSAGE}, **kwargs)


class EmergencyContactSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100)
    relation = StrictCharField(max_length=50)
    phone = PhoneField()

    def validate(self, attrs):
        # A partial update (PATCH) skips missing required fields, nested ones too; a contact is
        # stored whole, so each of its fields is required even then.
        missing = [name for name in ("name", "relation", "phone") if name not in attrs]
        if missing:
            raise serializers.ValidationError({name: ["This field is required."] for name in missing})
        return attrs


class PreferencesSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, source="preferred_channel", required=False)
    language = StrictRegexField(r"^[a-z]{2}(-[A-Za-z]{2})?$", max_length=16, required=False)
    reminder_lead_hours = serializers.IntegerField(
        min_value=REMINDER_LEAD_HOURS_MIN, max_value=REMINDER_LEAD_HOURS_MAX, required=False
    )


class DoctorSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = StrictCharField(read_only=True)
    specialty = StrictCharField(source="doctor_profile.specialty", read_only=True)


class PatientProfileOutput(serializers.Serializer):
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    phone = StrictCharField()
    address = StrictCharField()
    emergency_contacts = EmergencyContactSerializer(many=True)
    preferences = PreferencesSerializer(source="*")
    primary_doctor = DoctorSummarySerializer(allow_null=True)


class DoctorProfileOutput(serializers.Serializer):
    specialty = StrictCharField()
    licence_number = StrictCharField()
    bio = StrictCharField()
    default_appointment_minutes = serializers.IntegerField()
    accepting_new_patients = serializers.BooleanField()


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "role",
            "is_active",
            "date_joined",
        ]
        read_only_fields = fields

    full_name = StrictCharField(read_only=True)


class MeOutput(UserOutput):
    class Meta(UserOutput.Meta):
        fields = [*UserOutput.Meta.fields, "patient_profile", "doctor_profile"]
        read_only_fields = fields

    patient_profile = PatientProfileOutput(read_only=True, allow_null=True)
    doctor_profile = DoctorProfileOutput(read_only=True, allow_null=True)


class PatientProfileInput(serializers.Serializer):
    """Profile fields a patient keeps (and an admin may set)."""

    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    phone = PhoneField(required=False, allow_blank=True)
    address = StrictCharField(required=False, allow_blank=True, max_length=500)
    emergency_contacts = EmergencyContactSerializer(many=True, required=False, max_length=5)  # type: ignore[call-arg]
    preferences = PreferencesSerializer(required=False)

    def validate_date_of_birth(self, value):
        from django.utils import timezone

        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError("The date of birth cannot be in the future.")
        if value is not None and value.year < 1900:
            raise serializers.ValidationError("Enter a date of birth after 1900.")
        return value

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        values.update(values.pop("preferences", {}))
        return values


class NameEmailInput(serializers.Serializer):
    first_name = StrictCharField(max_length=150, required=False)
    last_name = StrictCharField(max_length=150, required=False)
    email = StrictEmailField(max_length=254, required=False)


class NewAccountInput(serializers.Serializer):
    username = StrictRegexField(
        r"^[\w.@+-]+\Z",
        max_length=150,
        min_length=3,
        error_messages={"invalid": "Use letters, digits and @ . + - _ only."},
    )
    email = StrictEmailField(max_length=254)
    password = StrictCharField(write_only=True, max_length=128, style={"input_type": "password"})
    first_name = StrictCharField(max_length=150)
    last_name = StrictCharField(max_length=150)


class RegisterInput(NewAccountInput, PatientProfileInput):
    pass


class MePatientUpdateInput(NameEmailInput, PatientProfileInput):
    pass


class MeDoctorUpdateInput(NameEmailInput):
    bio = StrictCharField(required=False, allow_blank=True, max_length=2000)
    default_appointment_minutes = serializers.IntegerField(required=False, min_value=5, max_value=240)
    accepting_new_patients = StrictBooleanField(required=False)


class MeUpdateInput(MePatientUpdateInput, MeDoctorUpdateInput):
    """What `PATCH me/` takes: names and e-mail for everyone; profile fields for the caller's role."""


ROLE_UPDATE_INPUTS = {
    Role.PATIENT: MePatientUpdateInput,
    Role.DOCTOR: MeDoctorUpdateInput,
    Role.NURSE: NameEmailInput,
    Role.ADMIN: NameEmailInput,
}


class DoctorOutput(serializers.ModelSerializer):
    """A doctor in the directory; `username` and `email` are shown to admins only."""

    class Meta:
        model = User
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "is_active",
            "specialty",
            "licence_number",
            "bio",
            "default_appointment_minutes",
            "accepting_new_patients",
            "username",
            "email",
        ]
        read_only_fields = fields

    full_name = StrictCharField(read_only=True)
    specialty = StrictCharField(source="doctor_profile.specialty", read_only=True)
    licence_number = StrictCharField(source="doctor_profile.licence_number", read_only=True)
    bio = StrictCharField(source="doctor_profile.bio", read_only=True)
    default_appointment_minutes = serializers.IntegerField(
        source="doctor_profile.default_appointment_minutes", read_only=True
    )
    accepting_new_patients = serializers.BooleanField(source="doctor_profile.accepting_new_patients", read_only=True)
    username = StrictCharField(required=False)
    email = StrictEmailField(required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not (request and request.user.is_authenticated and request.user.is_admin):
            data.pop("username")
            data.pop("email")
        return data


class DoctorProfileInput(serializers.Serializer):
    specialty = StrictCharField(max_length=100)
    licence_number = StrictCharField(max_length=50)
    bio = StrictCharField(required=False, allow_blank=True, max_length=2000)
    default_appointment_minutes = serializers.IntegerField(required=False, min_value=5, max_value=240)
    accepting_new_patients = StrictBooleanField(required=False)


class DoctorCreateInput(NewAccountInput, DoctorProfileInput):
    pass


class DoctorUpdateInput(NameEmailInput, DoctorProfileInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class NurseOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "is_active",
            "date_joined",
        ]
        read_only_fields = fields

    full_name = StrictCharField(read_only=True)


class PatientOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "is_active",
            "date_joined",
            "profile",
        ]
        read_only_fields = fields

    full_name = StrictCharField(read_only=True)
    profile = PatientProfileOutput(source="patient_profile", read_only=True)


class PatientCreateInput(NewAccountInput, PatientProfileInput):
    pass


class PatientUpdateInput(NameEmailInput, PatientProfileInput):
    pass


class AssignDoctorInput(serializers.Serializer):
    doctor = serializers.IntegerField(allow_null=True, min_value=1)
