"""A URL configuration used only by the core tests: views that exercise the shared conventions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from apps.core.serializers import StrictCharField
from config.urls import handler400, handler404, handler500  # noqa: F401  (the root URLconf's handlers)
from config.urls import urlpatterns as base_urlpatterns


class _NumberSerializer(serializers.Serializer):
    value = serializers.IntegerField()


class NumbersApi(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = _NumberSerializer

    def get_queryset(self):
        return [{"value": n} for n in range(250)]


class _EchoInput(serializers.Serializer):
    name = StrictCharField(max_length=5)
    age = serializers.IntegerField(min_value=0)


class RaiseApi(APIView):
    permission_classes = [AllowAny]

    def post(self, request, kind):
        data = request.data
        if kind == "serializer":
            _EchoInput(data=data).is_valid(raise_exception=True)
        if kind == "conflict":
            raise ConflictError(code="slot_taken", message="That slot has just been taken.")
        if kind == "not-found":
            raise NotFoundError(code="not_found", message="Not found.")
        if kind == "forbidden":
            raise PermissionDeniedError(code="not_allowed", message="You may not change this.")
        if kind == "django-validation":
            raise DjangoValidationError({"start": ["Outside the doctor's hours."]})
        if kind == "integrity":
            raise IntegrityError("duplicate key value violates unique constraint")
        if kind == "deadlock":
            from .test_db import deadlock

            raise deadlock()
        if kind == "crash":
            raise RuntimeError("secret internal detail: patient 42 diabetes")
        return Response({"ok": True})


class PrivateApi(APIView):
    """Relies on the default permission class."""

    def get(self, request):
        return Response({"ok": True})


def plain_crash(request):
    raise RuntimeError("secret internal detail in a plain view")


def plain_ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("api/v1/test/numbers/", NumbersApi.as_view()),
    path("api/v1/test/raise/<str:kind>/", RaiseApi.as_view()),
    path("api/v1/test/private/", PrivateApi.as_view()),
    path("plain/crash/", plain_crash),
    path("plain/ok/", plain_ok),
    *base_urlpatterns,
]
