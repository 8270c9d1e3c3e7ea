from rest_framework.permissions import BasePermission


class IsAdminOrApiClient(BasePermission):
    """The caller is a clinic admin or an API client (whose scope the client authentication checked)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_admin or getattr(user, "is_api_client", False)))
