"""Role permissions. Compose with `&` and `|`; object scope lives in the selectors (404 outside it).

They read the role flags every caller answers (`is_patient`, `is_doctor`, ...: the accounts' User
and an API client's principal alike), so every app's views can use them without importing accounts.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class _HasRole(BasePermission):
    # The caller passes when any of these flags is true.
    flags: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return any(getattr(user, flag, False) for flag in self.flags)


class IsPatient(_HasRole):
    """The caller is a patient."""

    flags = ("is_patient",)


class IsDoctor(_HasRole):
    """The caller is a doctor."""

    flags = ("is_doctor",)


class IsNurse(_HasRole):
    """The caller is a nurse."""

    flags = ("is_nurse",)


class IsAdmin(_HasRole):
    """The caller is a clinic admin."""

    flags = ("is_admin",)


class IsClinician(_HasRole):
    """The caller is clinical staff: a doctor or a nurse."""

    flags = ("is_doctor", "is_nurse")


class IsStaff(_HasRole):
    """The caller works at the clinic: doctor, nurse or admin."""

    flags = ("is_doctor", "is_nurse", "is_admin")


class IsApiClient(BasePermission):
    """The caller is an API client (its scope for the operation was checked when it authenticated)."""

    def has_permission(self, request, view) -> bool:
        return bool(getattr(request.user, "is_api_client", False))


class IsReadOnly(BasePermission):
    """The request only reads."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS
