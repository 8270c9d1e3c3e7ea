from django.urls import path

from .api.auth import LogoutApi, RegisterApi, TokenObtainApi, TokenRefreshApi
from .api.me import MeApi, PasswordChangeApi
from .api.mfa import (
    MfaConfirmApi,
    MfaDisableApi,
    MfaEnrolApi,
    MfaRecoveryCodesApi,
    MfaStatusApi,
    TokenMfaApi,
    TokenMfaEnrolApi,
)
from .api.password_reset import PasswordResetConfirmApi, PasswordResetRequestApi
from .api.patients import PatientAssignDoctorApi, PatientDetailApi, PatientListCreateApi
from .api.people import PeopleLookupApi
from .api.staff import DoctorDetailApi, DoctorListCreateApi, NurseDetailApi, NurseListCreateApi

urlpatterns = [
    path("auth/register/", RegisterApi.as_view(), name="auth-register"),
    path("auth/token/", TokenObtainApi.as_view(), name="auth-token"),
    path("auth/token/refresh/", TokenRefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/token/mfa/", TokenMfaApi.as_view(), name="auth-token-mfa"),
    path("auth/token/mfa/enrol/", TokenMfaEnrolApi.as_view(), name="auth-token-mfa-enrol"),
    path("auth/logout/", LogoutApi.as_view(), name="auth-logout"),
    path("auth/password-reset/", PasswordResetRequestApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password-reset/confirm/",
        PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("me/", MeApi.as_view(), name="me"),
    path("me/password/", PasswordChangeApi.as_view(), name="me-password"),
    path("me/mfa/", MfaStatusApi.as_view(), name="me-mfa"),
    path("me/mfa/enrol/", MfaEnrolApi.as_view(), name="me-mfa-enrol"),
    path("me/mfa/confirm/", MfaConfirmApi.as_view(), name="me-mfa-confirm"),
    path("me/mfa/recovery-codes/", MfaRecoveryCodesApi.as_view(), name="me-mfa-recovery-codes"),
    path("me/mfa/disable/", MfaDisableApi.as_view(), name="me-mfa-disable"),
    path("doctors/", DoctorListCreateApi.as_view(), name="doctor-list"),
    path("doctors/<int:doctor_id>/", DoctorDetailApi.as_view(), name="doctor-detail"),
    path("nurses/", NurseListCreateApi.as_view(), name="nurse-list"),
    path("nurses/<int:nurse_id>/", NurseDetailApi.as_view(), name="nurse-detail"),
    path("people/", PeopleLookupApi.as_view(), name="people-lookup"),
    path("patients/", PatientListCreateApi.as_view(), name="patient-list"),
    path("patients/<int:patient_id>/", PatientDetailApi.as_view(), name="patient-detail"),
    path(
        "patients/<int:patient_id>/assign-doctor/",
        PatientAssignDoctorApi.as_view(),
        name="patient-assign-doctor",
    ),
]
