from django.urls import path

from .api.medications import MedicationDetailApi, MedicationListCreateApi
from .api.records import RecordDetailApi, RecordListCreateApi, RecordRevisionListApi
from .api.reports import ReportDetailApi, ReportFileApi, ReportListUploadApi
from .api.timeline import PatientTimelineApi

urlpatterns = [
    path("records/", RecordListCreateApi.as_view(), name="record-list"),
    path("records/<int:record_id>/", RecordDetailApi.as_view(), name="record-detail"),
    path("records/<int:record_id>/revisions/", RecordRevisionListApi.as_view(), name="record-revisions"),
    path("medications/", MedicationListCreateApi.as_view(), name="medication-list"),
    path("medications/<int:medication_id>/", MedicationDetailApi.as_view(), name="medication-detail"),
    path("reports/", ReportListUploadApi.as_view(), name="report-list"),
    path("reports/<int:report_id>/", ReportDetailApi.as_view(), name="report-detail"),
    path("reports/<int:report_id>/file/", ReportFileApi.as_view(), name="report-file"),
    path("patients/<int:patient_id>/timeline/", PatientTimelineApi.as_view(), name="patient-timeline"),
]
