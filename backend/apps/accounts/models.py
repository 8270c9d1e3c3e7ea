from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from apps.core.fields import EncryptedCharField, EncryptedDateField, EncryptedJSONField, EncryptedTextField
from apps.core.models import TimeStampedModel


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    DOCTOR = "doctor", "Doctor"
    NURSE = "nurse", "Nurse"
    ADMIN = "admin", "Admin"


class AccountManager(UserManager["User"]):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes a clinic admin: one person, one role.
        extra_fields["role"] = Role.ADMIN
        return super().create_superuser(username, email, password, **extra_fields)


def full_name_of(first_name: str, last_name: str, username: str) -> str:
    """A person's name as every output shows it: first and last, else the username."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A person who signs in. The role is fixed at creation and never set by a client."""

    email = models.EmailField("email address")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PATIENT, db_index=True)
    # Every token carries the version it was issued under; bumping it ends every session at once
    # (logout, password change, deactivation, reuse of a spent refresh token).
    token_version = models.PositiveIntegerField(default=0)

    objects = AccountManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(role__in=[choice.value for choice in Role]),
                name="accounts_user_role_valid",
            ),
        ]

    @property
    def full_name(self) -> str:
        return full_name_of(self.first_name, self.last_name, self.username)

    # A signed-in person, never an API client (apps.clients.principal.ApiClientPrincipal).
    is_api_client = False

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_doctor(self) -> bool:
        return self.role == Role.DOCTOR

    @property
    def is_nurse(self) -> bool:
        return self.role == Role.NURSE

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_clinician(self) -> bool:
        return self.role in (Role.DOCTOR, Role.NURSE)

    @property
    def prefers_email(self) -> bool:
        """Whether notifications go to this person by e-mail too: a patient who chose it and has an address."""
        profile = getattr(self, "patient_profile", None) if self.is_patient else None
        return profile is not None and profile.preferred_channel == Channel.EMAIL and bool(self.email)


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNDISCLOSED = "undisclosed", "Prefer not to say"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    IN_APP = "in_app", "In the app"


# A patient's reminder lead time in hours: the default, and the range they may choose from.
REMINDER_LEAD_HOURS_DEFAULT = 24
REMINDER_LEAD_HOURS_MIN, REMINDER_LEAD_HOURS_MAX = 1, 168


class PatientProfile(TimeStampedModel):
    """What a patient keeps about themself; contact details and birth date are encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="patient_profile", primary_key=True)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    sex = models.CharField(max_length=16, choices=Sex.choices, default=Sex.UNDISCLOSED)
    phone = EncryptedCharField(max_length=32, blank=True, default="")
    address = EncryptedTextField(blank=True, default="")
    # A list of {"name", "relation", "phone"}; validated by the services.
    emergency_contacts = EncryptedJSONField(default=list, blank=True)
    preferred_channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.IN_APP)
    language = models.CharField(max_length=16, default="en")
    reminder_lead_hours = models.PositiveSmallIntegerField(default=REMINDER_LEAD_HOURS_DEFAULT)
    primary_doctor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_patients",
        limit_choices_to={"role": Role.DOCTOR},
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    reminder_lead_hours__gte=REMINDER_LEAD_HOURS_MIN, reminder_lead_hours__lte=REMINDER_LEAD_HOURS_MAX
                ),
                name="accounts_patient_reminder_lead_range",
            ),
        ]


class DoctorProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="doctor_profile", primary_key=True)
    specialty = models.CharField(max_length=100, db_index=True)
    licence_number = models.CharField(max_length=50, unique=True)
    bio = models.TextField(blank=True, default="")
    default_appointment_minutes = models.PositiveSmallIntegerField(default=30)
    accepting_new_patients = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_appointment_minutes__gte=5, default_appointment_minutes__lte=240),
                name="accounts_doctor_default_length_range",
            ),
        ]


class TotpDevice(TimeStampedModel):
    """A staff member's TOTP authenticator (RFC 6238). The shared secret is encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device", primary_key=True)
    secret = EncryptedCharField(max_length=64)
    # Pending until confirmed with a first code; only a confirmed authenticator is asked for at sign-in.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last accepted code. A code is accepted only for a later step, by a
    # conditional UPDATE, so no code is accepted twice, even by concurrent requests (RFC 6238 5.2).
    last_used_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"authenticator of user {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator. Shown once; only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="accounts_recovery_code_unique"),
        ]

    def __str__(self) -> str:
        return f"recovery code of user {self.user_id}"
