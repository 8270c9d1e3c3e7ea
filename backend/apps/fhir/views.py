"""The FHIR endpoints: thin views over the registry. Every answer is FHIR JSON, errors included."""

from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback

from apps.core.errors import RETRY_AFTER_SECONDS, ApplicationError, database_unavailable
from apps.records.api.common import ClinicalAuditMixin
from apps.records.models import MedicalReport
from apps.records.services.access import MEDICAL_REPORT, TIMELINE

from .access import require
from .bundle import base_url, searchset
from .capability import capability_statement, smart_configuration
from .handlers.clinical import report_file
from .handlers.everything import PARAMS as EVERYTHING_PARAMS
from .handlers.everything import patient_everything
from .outcome import FhirError, operation_outcome
from .params import parse_search
from .registry import REGISTRY
from .renderers import FHIR_JSON, negotiate


class OutcomeView(APIView):
    """Every error of a FHIR view as an OperationOutcome with its HTTP status."""

    def handle_exception(self, exc: Exception) -> Response:
        return self.outcome(exc)

    def outcome(self, exc: Exception) -> Response:
        if database_unavailable(exc):
            raise exc  # DatabaseOutageMiddleware retries a read or answers 503
        headers = {}
        if isinstance(exc, FhirError):
            status, message = exc.status, exc.diagnostics
        elif isinstance(exc, ApplicationError):
            status, message = exc.status_code, exc.message
        elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            status, message = 401, "Sign in: send `Authorization: Bearer <access token>`."
            headers["WWW-Authenticate"] = self.get_authenticate_header(self.request) or "Bearer"
        elif isinstance(exc, exceptions.APIException):
            status, message = exc.status_code, str(exc.detail)
        elif isinstance(exc, Http404):
            status, message = 404, "Not found."
        elif isinstance(exc, DjangoValidationError):
            status, message = 400, "; ".join(exc.messages)
        else:
            raise exc
        if status == 503:
            headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        set_rollback()
        return Response(operation_outcome(status, message), status=status, headers=headers)


class FhirView(ClinicalAuditMixin, OutcomeView):
    """Errors as OperationOutcome; refusals on clinical resources audited as the REST views audit them."""

    schema = None  # FHIR's contract is the CapabilityStatement, not the OpenAPI schema
    permission_classes: list = []  # access.require decides, per resource type

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return negotiate(request, force=force)

    def audit_as(self, kwargs: dict[str, Any]) -> None:
        """Which REST audit a refusal of this request writes (none outside clinical content)."""
        definition = REGISTRY.get(kwargs.get("resource_type", ""))
        if definition is not None and definition.audit_type:
            self.resource_type, self.audit_model, self.object_kwarg = (
                definition.audit_type,
                definition.audit_model,
                "id",
            )
            action = definition.read_action if "id" in kwargs else definition.search_action
            self.audit_actions = {"GET": action}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.audit_as(kwargs)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc: Exception) -> Response:
        if self.resource_type:
            # ClinicalAuditMixin writes the `denied` event, then hands on to OutcomeView's.
            return super().handle_exception(exc)
        return self.outcome(exc)


def _no_parameters(request: Request, allowed: tuple[str, ...] = ("_format",)) -> None:
    unknown = [name for name in request.query_params if name not in allowed]
    if unknown:
        raise FhirError(400, f"Unknown or unsupported parameter: {unknown[0][:64]}.")


def _definition(resource_type: str) -> Any:
    definition = REGISTRY.get(resource_type)
    if definition is None:
        raise FhirError(404, f"This server has no resource type {resource_type[:64]!r} (see /fhir/R4/metadata).")
    return definition


class MetadataApi(FhirView):
    authentication_classes: list = []  # the CapabilityStatement is public, as FHIR expects

    def get(self, request: Request) -> Response:
        _no_parameters(request)
        return Response(capability_statement(base_url(request)))


class SmartConfigurationApi(APIView):
    """SMART App Launch discovery: how a backend service gets a token for this FHIR server."""

    schema = None
    authentication_classes: list = []
    permission_classes: list = []

    def get(self, request: Request) -> Response:
        return Response(smart_configuration(request.build_absolute_uri("/")))


class SearchApi(FhirView):
    def get(self, request: Request, resource_type: str) -> Response:
        definition = _definition(resource_type)
        require(request.user, resource_type, search=True)
        search = parse_search(request.query_params, definition.params)
        resources, total = definition.search(request, search)
        return Response(searchset(request, resources, total=total, search=search))


class ReadApi(FhirView):
    def get(self, request: Request, resource_type: str, id: str) -> Response:
        definition = _definition(resource_type)
        require(request.user, resource_type, search=False)
        _no_parameters(request)
        return Response(definition.read(request, id))


class EverythingApi(FhirView):
    def audit_as(self, kwargs: dict[str, Any]) -> None:
        self.resource_type, self.object_kwarg = TIMELINE, "patient_id"
        self.audit_actions = {"GET": "timeline.read"}

    def get(self, request: Request, patient_id: str) -> Response:
        require(request.user, "Patient/$everything", search=False)
        search = parse_search(request.query_params, EVERYTHING_PARAMS)
        resources, total = patient_everything(request, patient_id, search)
        return Response(searchset(request, resources, total=total, search=search))


class BinaryApi(FhirView):
    """A report's file, decrypted, for those who may read the report; every download audited (REST's service)."""

    def audit_as(self, kwargs: dict[str, Any]) -> None:
        self.resource_type, self.audit_model, self.object_kwarg = MEDICAL_REPORT, MedicalReport, "id"
        self.audit_actions = {"GET": "report.download"}

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The file goes out in its own type whatever the Accept header; errors are still FHIR JSON.
        return negotiate(request, force=True)

    def get(self, request: Request, id: str) -> FileResponse:
        require(request.user, "Binary", search=False)
        _no_parameters(request)
        report, content = report_file(request, id)
        response = FileResponse(
            BytesIO(content), as_attachment=True, filename=report.original_filename, content_type=report.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store, private"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


def unknown_path(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other path under /fhir/: a FHIR 404, never the SPA's index.html."""
    response = JsonResponse(
        operation_outcome(404, "No such FHIR endpoint (see /fhir/R4/metadata)."), status=404, content_type=FHIR_JSON
    )
    response["Cache-Control"] = "no-store"  # the middleware's API prefix is "/fhir/"; this also answers "/fhir"
    return response
