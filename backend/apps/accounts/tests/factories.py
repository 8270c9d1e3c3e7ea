import factory

from apps.accounts.models import DoctorProfile, PatientProfile, Role, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.PATIENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PatientFactory(UserFactory):
    role = Role.PATIENT
    profile = factory.RelatedFactory("apps.accounts.tests.factories.PatientProfileFactory", factory_related_name="user")


class PatientProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientProfile

    user = factory.SubFactory(UserFactory)
    phone = "+44 20 7946 0000"
    address = "1 High Street, London"


class DoctorFactory(UserFactory):
    role = Role.DOCTOR
    profile = factory.RelatedFactory("apps.accounts.tests.factories.DoctorProfileFactory", factory_related_name="user")


class DoctorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoctorProfile

    user = factory.SubFactory(UserFactory, role=Role.DOCTOR)
    specialty = "General practice"
    licence_number = factory.Sequence(lambda n: f"LIC-{n:05d}")
    bio = "Sees patients."


class NurseFactory(UserFactory):
    role = Role.NURSE


class AdminFactory(UserFactory):
    role = Role.ADMIN


def enrolled_authenticator(user):
    """A confirmed authenticator for `user` (a pyotp.TOTP) and its recovery codes.

    It is confirmed with the previous step's code, which is then spent, so that the current step's
    code is still unused. The previous step's code is accepted only within the current step, so a
    step with under 5 s left is waited out first: on a slow or busy machine the boundary could pass
    before the code is checked (it did, twice, in clean-clone runs).
    """
    import time
    from datetime import timedelta

    import pyotp
    from django.utils import timezone

    from apps.accounts.services.mfa import mfa_enrol_confirm, mfa_enrol_start

    totp = pyotp.TOTP(mfa_enrol_start(user=user).secret)
    left = totp.interval - time.time() % totp.interval
    if left < 5:
        time.sleep(left + 0.1)
    codes = mfa_enrol_confirm(user=user, code=totp.at(timezone.now() - timedelta(seconds=30)))
    return totp, codes
