"""Role permissions. Compose with `&` and `|`; object scope lives in the selectors (404 outside it)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import Role


class _HasRole(BasePermission):
    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in self.roles)


class IsPatient(_HasRole):
    """The caller is a patient."""

    roles = (Role.PATIENT,)


class IsDoctor(_HasRole):
    """The caller is a doctor."""

    roles = (Role.DOCTOR,)


class IsNurse(_HasRole):
    """The caller is a nurse."""

    roles = (Role.NURSE,)


class IsAdmin(_HasRole):
    """The caller is a clinic admin."""

    roles = (Role.ADMIN,)


class IsClinician(_HasRole):
    """The caller is clinical staff: a doctor or a nurse."""

    roles = (Role.DOCTOR, Role.NURSE)


class IsStaff(_HasRole):
    """The caller works at the clinic: doctor, nurse or admin."""

    roles = (Role.DOCTOR, Role.NURSE, Role.ADMIN)


class IsApiClient(BasePermission):
    """The caller is an API client (its scope for the operation was checked when it authenticated)."""

    def has_permission(self, request, view) -> bool:
        return bool(getattr(request.user, "is_api_client", False))


class IsReadOnly(BasePermission):
    """The request only reads."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS
