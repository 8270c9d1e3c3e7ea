from django.urls import path, re_path

from . import views

urlpatterns = [
    path("fhir/R4/metadata", views.MetadataApi.as_view(), name="fhir-metadata"),
    path(
        "fhir/R4/.well-known/smart-configuration",
        views.SmartConfigurationApi.as_view(),
        name="fhir-smart-configuration",
    ),
    path("fhir/R4/Patient/<str:patient_id>/$everything", views.EverythingApi.as_view(), name="fhir-everything"),
    path("fhir/R4/Binary/<str:id>", views.BinaryApi.as_view(), name="fhir-binary"),
    path("fhir/R4/<str:resource_type>", views.SearchApi.as_view(), name="fhir-search"),
    path("fhir/R4/<str:resource_type>/<str:id>", views.ReadApi.as_view(), name="fhir-read"),
    # Anything else under /fhir/ is a FHIR 404, never the SPA's index.html.
    re_path(r"^fhir(?:/(?P<path>.*))?$", views.unknown_path, name="fhir-unknown"),
]
