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
