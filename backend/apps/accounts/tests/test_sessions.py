import threading
import time
from datetime import timedelta

import jwt
import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from apps.accounts.authentication import JWTAuthentication
from apps.accounts.models import User
from apps.accounts.selectors import user_by_id
from apps.accounts.services.sessions import _issue_pair, session_start_for
from apps.audit.models import AuditEvent

from .factories import PASSWORD, PatientFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
LOGOUT_URL = "/api/v1/auth/logout/"
ME_URL = "/api/v1/me/"


def login(client, username, password=PASSWORD, **extra):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json", **extra)


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_a_patient_signs_in_and_the_access_token_opens_their_account(api_client):
    patient = PatientFactory()
    response = login(api_client, patient.username)
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh", "expires_in"}
    me = bearer(response.json()["access"]).get(ME_URL)
    assert me.status_code == 200
    assert me.json()["id"] == patient.pk


def test_access_tokens_are_short_and_carry_no_personal_data(api_client):
    patient = PatientFactory()
    access = AccessToken(login(api_client, patient.username).json()["access"])
    lifetime = access["exp"] - access["iat"]
    assert 5 * 60 <= lifetime <= 15 * 60
    assert patient.email not in str(access.payload)
    assert patient.last_name not in str(access.payload)


def test_sign_in_and_refresh_say_in_how_many_seconds_the_access_token_expires(api_client, settings):
    patient = PatientFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in = login(api_client, patient.username).json()
        assert signed_in["expires_in"] == AccessToken(signed_in["access"])["exp"] - int(start.timestamp())
        assert signed_in["expires_in"] == int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds())
    with time_machine.travel(start + timedelta(minutes=3), tick=False):
        refreshed = api_client.post(REFRESH_URL, {"refresh": signed_in["refresh"]}, format="json").json()
        assert refreshed["expires_in"] == int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds())


def test_expires_in_never_outlasts_the_session(settings):
    patient = PatientFactory()
    now = int(timezone.now().timestamp())
    # A session signed in long ago: its access token ends with the session, before its usual lifetime.
    auth_time = now - int(settings.JWT_MAX_SESSION.total_seconds()) + 60
    pair = _issue_pair(patient, auth_time=auth_time)
    assert 0 < pair.expires_in <= 60
    assert pair.expires_in == AccessToken(pair.access)["exp"] - now


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(api_client):
    patient = PatientFactory()
    wrong = login(api_client, patient.username, "not-the-password")
    unknown = login(api_client, "nobody-by-this-name", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda body: {k: v for k, v in body.items() if k != "request_id"}  # noqa: E731
    assert (
        strip(wrong.json())
        == strip(unknown.json())
        == {
            "code": "invalid_credentials",
            "detail": "Invalid username or password.",
        }
    )


def test_an_inactive_account_cannot_sign_in_and_gets_the_same_answer(api_client):
    patient = PatientFactory(is_active=False)
    response = login(api_client, patient.username)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_sign_ins_are_audited_on_success_and_failure(api_client):
    patient = PatientFactory()
    login(api_client, patient.username, "wrong-password")
    login(api_client, patient.username)
    events = list(AuditEvent.objects.filter(action="auth.login").order_by("id"))
    assert [event.outcome for event in events] == ["failure", "success"]
    assert events[1].actor == patient
    assert events[0].actor is None
    assert events[0].resource_id == str(patient.pk)
    assert events[1].client_ip == "127.0.0.1"


@override_settings(LOGIN_LOCKOUT_THRESHOLD=3)
def test_repeated_failures_lock_the_username_even_for_the_right_password(api_client):
    patient = PatientFactory()
    for _ in range(3):
        assert login(api_client, patient.username, "wrong-password").status_code == 401
    locked = login(api_client, patient.username)
    assert locked.status_code == 429
    assert locked.json()["code"] == "login_locked"


@override_settings(LOGIN_LOCKOUT_THRESHOLD=3)
def test_an_unknown_username_locks_the_same_way_so_locks_reveal_nothing(api_client):
    for _ in range(3):
        login(api_client, "ghost-user", "wrong-password")
    assert login(api_client, "ghost-user", "wrong-password").json()["code"] == "login_locked"


@override_settings(LOGIN_LOCKOUT_THRESHOLD=2, LOGIN_LOCKOUT_SECONDS=1)
def test_the_lock_out_ends_by_itself_after_its_time(api_client):
    patient = PatientFactory()
    login(api_client, patient.username, "wrong-password")
    login(api_client, patient.username, "wrong-password")
    assert login(api_client, patient.username).status_code == 429
    time.sleep(1.2)
    assert login(api_client, patient.username).status_code == 200


@override_settings(LOGIN_LOCKOUT_THRESHOLD=3)
def test_a_successful_sign_in_resets_the_failure_count(api_client):
    patient = PatientFactory()
    login(api_client, patient.username, "wrong-password")
    login(api_client, patient.username, "wrong-password")
    assert login(api_client, patient.username).status_code == 200
    login(api_client, patient.username, "wrong-password")
    assert login(api_client, patient.username).status_code == 200


@pytest.fixture
def throttle_rates(monkeypatch):
    def set_rates(**rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, **rates})

    return set_rates


def test_sign_ins_are_throttled_per_client_address(api_client, throttle_rates):
    throttle_rates(login_client="3/min")
    statuses = [login(api_client, f"user-{n}", "x").status_code for n in range(4)]
    from_elsewhere = login(api_client, "user-9", "x", REMOTE_ADDR="10.0.0.9").status_code
    assert statuses == [401, 401, 401, 429]
    assert from_elsewhere == 401


def test_sign_ins_are_throttled_per_username_across_addresses(api_client, throttle_rates):
    throttle_rates(login_username="2/min")
    statuses = [login(api_client, "target", "x", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [401, 401, 429]


def _event_values(event: AuditEvent) -> str:
    return " ".join(str(getattr(event, field.attname)) for field in AuditEvent._meta.concrete_fields)


def test_a_throttled_sign_in_is_audited_like_a_failed_one_without_the_password(api_client, throttle_rates):
    throttle_rates(login_username="1/min")
    patient = PatientFactory()
    login(api_client, patient.username, "first-wrong-password")
    throttled = login(api_client, patient.username, "second-wrong-password")
    assert throttled.status_code == 429
    event = AuditEvent.objects.get(action="auth.login_throttled")
    assert (event.actor, event.resource_type, event.resource_id, event.outcome) == (
        None,
        "user",
        str(patient.pk),
        "denied",
    )
    assert (event.client_ip, event.request_id) == ("127.0.0.1", throttled.json()["request_id"])
    assert "second-wrong-password" not in _event_values(event)


def test_a_throttled_sign_in_for_an_unknown_username_names_no_account(api_client, throttle_rates):
    throttle_rates(login_client="1/min")
    login(api_client, "somebody", "x")
    assert login(api_client, "nobody-by-this-name", "x").status_code == 429
    event = AuditEvent.objects.get(action="auth.login_throttled")
    assert (event.resource_id, event.outcome) == ("", "denied")
    assert "nobody-by-this-name" not in _event_values(event)


def test_a_username_with_a_lone_surrogate_answers_400(api_client):
    body = '{"username": "\\ud800", "password": "x"}'
    response = api_client.generic("POST", TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"username"}


@pytest.mark.parametrize(
    "raw_username", ['"a\\u0000b"', '"\\ud800"', '"' + "x" * 1000 + '"', "5", "null", '["a"]', '{"a": 1}']
)
def test_a_throttled_sign_in_with_a_username_no_account_could_have_is_audited_without_one(
    api_client, throttle_rates, raw_username
):
    throttle_rates(login_client="0/min")
    body = '{"username": ' + raw_username + ', "password": "x"}'
    response = api_client.generic("POST", TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 429
    assert AuditEvent.objects.get(action="auth.login_throttled").resource_id == ""


@override_settings(LOGIN_LOCKOUT_THRESHOLD=2)
def test_every_sign_in_refused_by_the_lock_out_is_audited(api_client):
    patient = PatientFactory()
    for _ in range(2):
        login(api_client, patient.username, "wrong-password")
    for _ in range(2):
        assert login(api_client, patient.username).status_code == 429
    events = AuditEvent.objects.filter(action="auth.login").order_by("id")
    assert [(event.outcome, event.resource_id) for event in events] == [
        ("failure", str(patient.pk)),
        ("failure", str(patient.pk)),
        ("denied", str(patient.pk)),
        ("denied", str(patient.pk)),
    ]


def test_refresh_rotates_and_the_new_pair_works(api_client):
    patient = PatientFactory()
    first = login(api_client, patient.username).json()
    rotated = api_client.post(REFRESH_URL, {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first["refresh"]
    assert bearer(rotated.json()["access"]).get(ME_URL).status_code == 200
    again = api_client.post(REFRESH_URL, {"refresh": rotated.json()["refresh"]}, format="json")
    assert again.status_code == 200


def test_reusing_a_spent_refresh_token_ends_every_session_of_the_user(api_client):
    patient = PatientFactory()
    first = login(api_client, patient.username).json()
    rotated = api_client.post(REFRESH_URL, {"refresh": first["refresh"]}, format="json").json()
    reuse = api_client.post(REFRESH_URL, {"refresh": first["refresh"]}, format="json")
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "token_reused"
    # The thief's replay also ends the legitimate holder's session: both must sign in again.
    assert bearer(rotated["access"]).get(ME_URL).status_code == 401
    assert api_client.post(REFRESH_URL, {"refresh": rotated["refresh"]}, format="json").status_code == 401
    assert AuditEvent.objects.filter(action="auth.refresh_reused", actor=patient).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_with_one_token_let_exactly_one_succeed():
    patient = PatientFactory()
    refresh = session_start_for(user=patient).refresh
    workers = 10
    barrier = threading.Barrier(workers)
    statuses: list[int] = []
    lock = threading.Lock()

    def refresh_once():
        try:
            client = APIClient()
            barrier.wait()
            status = client.post(REFRESH_URL, {"refresh": refresh}, format="json").status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh_once) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [401] * (workers - 1)


def test_logout_ends_every_session_including_access_tokens(api_client):
    patient = PatientFactory()
    laptop = login(api_client, patient.username).json()
    phone = login(api_client, patient.username).json()
    response = bearer(laptop["access"]).post(LOGOUT_URL, {"refresh": laptop["refresh"]}, format="json")
    assert response.status_code == 204
    assert bearer(laptop["access"]).get(ME_URL).status_code == 401
    assert bearer(phone["access"]).get(ME_URL).status_code == 401
    assert api_client.post(REFRESH_URL, {"refresh": phone["refresh"]}, format="json").status_code == 401


def test_logout_with_another_users_refresh_token_is_refused(api_client):
    patient, other = PatientFactory(), PatientFactory()
    mine = session_start_for(user=patient)
    theirs = session_start_for(user=other)
    response = bearer(mine.access).post(LOGOUT_URL, {"refresh": theirs.refresh}, format="json")
    assert response.status_code == 401
    assert api_client.post(REFRESH_URL, {"refresh": theirs.refresh}, format="json").status_code == 200


def test_logout_with_a_malformed_body_answers_400(api_client):
    patient = PatientFactory()
    response = bearer(session_start_for(user=patient).access).post(LOGOUT_URL, {}, format="json")
    assert response.status_code == 400
    assert "refresh" in response.json()["fields"]


def test_deactivation_ends_every_session_at_once(api_client):
    patient = PatientFactory()
    pair = session_start_for(user=patient)
    patient.is_active = False
    patient.save()
    assert bearer(pair.access).get(ME_URL).status_code == 401
    assert api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json").status_code == 401


def test_no_session_outlives_the_maximum_session_age(api_client, settings):
    patient = PatientFactory()
    max_age = settings.JWT_MAX_SESSION
    started = int((timezone.now() - max_age + timedelta(minutes=2)).timestamp())
    pair = _issue_pair(patient, auth_time=started)
    rotated = api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json").json()
    session_end = started + int(max_age.total_seconds())
    assert RefreshToken(rotated["refresh"])["exp"] <= session_end
    assert AccessToken(rotated["access"])["exp"] <= session_end


def test_a_session_older_than_the_maximum_age_cannot_be_refreshed(api_client, settings):
    patient = PatientFactory()
    started = int((timezone.now() - settings.JWT_MAX_SESSION - timedelta(minutes=1)).timestamp())
    pair = _issue_pair(patient, auth_time=started)
    assert api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json").status_code == 401


class TestForgedTokens:
    def test_an_unsigned_alg_none_token_is_refused(self, api_client):
        patient = PatientFactory()
        claims = AccessToken(session_start_for(user=patient).access).payload
        forged = jwt.encode(claims, key=None, algorithm="none")
        assert bearer(forged).get(ME_URL).status_code == 401

    def test_a_token_signed_with_a_foreign_key_is_refused(self, api_client):
        patient = PatientFactory()
        claims = AccessToken(session_start_for(user=patient).access).payload
        forged = jwt.encode(claims, key="someone-elses-signing-key-0123456789", algorithm="HS256")
        assert bearer(forged).get(ME_URL).status_code == 401

    def test_an_expired_access_token_is_refused(self, api_client, settings):
        patient = PatientFactory()
        claims = dict(AccessToken(session_start_for(user=patient).access).payload)
        claims["exp"] = int((timezone.now() - timedelta(seconds=5)).timestamp())
        expired = jwt.encode(claims, key=settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
        assert bearer(expired).get(ME_URL).status_code == 401

    def test_a_refresh_token_used_as_an_access_token_is_refused(self, api_client):
        patient = PatientFactory()
        assert bearer(session_start_for(user=patient).refresh).get(ME_URL).status_code == 401

    def test_an_access_token_used_as_a_refresh_token_is_refused(self, api_client):
        patient = PatientFactory()
        access = session_start_for(user=patient).access
        response = api_client.post(REFRESH_URL, {"refresh": access}, format="json")
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"

    def test_garbage_in_the_authorization_header_is_refused(self, api_client):
        assert bearer("not-a-jwt").get(ME_URL).status_code == 401

    def test_a_garbage_refresh_token_answers_401(self, api_client):
        assert api_client.post(REFRESH_URL, {"refresh": "abc.def.ghi"}, format="json").status_code == 401


class TestTheTokensUser:
    """Each request reads its user by the token's id claim (`user_by_id`): whole, current, or refused."""

    def signed(self, settings, patient, *, without=(), **claims):
        payload = {**AccessToken(session_start_for(user=patient).access).payload, **claims}
        for name in without:
            del payload[name]
        return jwt.encode(payload, key=settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")

    def test_the_request_user_is_loaded_whole_and_as_stored_now(self, settings):
        patient = PatientFactory(first_name="Ada")
        access = session_start_for(user=patient).access
        User.objects.filter(pk=patient.pk).update(first_name="Grace")
        loaded = user_by_id(str(patient.pk))
        expected = User.objects.get(pk=patient.pk)
        fields = [field.attname for field in expected._meta.concrete_fields]
        assert [getattr(loaded, name) for name in fields] == [getattr(expected, name) for name in fields]
        assert loaded._state.adding is False
        assert bearer(access).get(ME_URL).json()["first_name"] == "Grace"

    @pytest.mark.parametrize(
        "user_id", ["not-a-number", "", "-1", " 1", "1.0", "٣", "9" * 19, "9" * 40, True, None, 1.5]
    )
    def test_a_signed_token_naming_no_valid_user_id_is_refused(self, settings, user_id):
        response = bearer(self.signed(settings, PatientFactory(), user_id=user_id)).get(ME_URL)
        assert response.status_code == 401
        assert response.json()["detail"] == "User not found"

    def test_a_signed_token_for_a_deleted_user_is_refused(self, settings):
        patient = PatientFactory()
        token = self.signed(settings, patient, user_id=str(patient.pk + 1000))
        assert bearer(token).get(ME_URL).json()["detail"] == "User not found"

    def test_an_integer_user_id_is_accepted_like_its_string(self, settings):
        patient = PatientFactory()
        response = bearer(self.signed(settings, patient, user_id=patient.pk)).get(ME_URL)
        assert response.status_code == 200
        assert response.json()["id"] == patient.pk

    def test_a_signed_token_without_a_user_id_is_refused(self, settings):
        response = bearer(self.signed(settings, PatientFactory(), without=["user_id"])).get(ME_URL)
        assert response.status_code == 401
        assert response.json()["detail"] == "Token contained no recognizable user identification"

    def test_an_inactive_users_token_is_refused_even_with_the_current_version(self, settings):
        patient = PatientFactory()
        access = session_start_for(user=patient).access
        User.objects.filter(pk=patient.pk).update(is_active=False)
        response = bearer(access).get(ME_URL)
        assert response.status_code == 401
        assert response.json()["detail"] == "User is inactive"

    def test_the_user_is_read_with_one_query(self, django_assert_num_queries):
        patient = PatientFactory()
        access = session_start_for(user=patient).access
        request = APIRequestFactory().get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {access}")
        with django_assert_num_queries(1):
            user, _ = JWTAuthentication().authenticate(request)
        assert user.pk == patient.pk


class TestEveryRequestVerifiesItsToken:
    """Nothing remembers a verified token: each request checks its signature, expiry and user."""

    def test_a_token_is_refused_after_its_expiry(self):
        access = session_start_for(user=PatientFactory()).access
        assert bearer(access).get(ME_URL).status_code == 200
        expires = AccessToken(access).payload["exp"]
        with time_machine.travel(expires + 1, tick=False):
            assert bearer(access).get(ME_URL).status_code == 401

    def test_a_token_differing_in_one_byte_is_refused_after_the_genuine_one_passed(self):
        access = session_start_for(user=PatientFactory()).access
        assert bearer(access).get(ME_URL).status_code == 200
        head, payload, signature = access.split(".")
        flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
        assert bearer(f"{head}.{payload}.{flipped}").get(ME_URL).status_code == 401

    def test_a_token_ends_with_logout_and_deactivation(self, api_client):
        patient = PatientFactory()
        laptop, phone = login(api_client, patient.username).json(), login(api_client, patient.username).json()
        assert bearer(laptop["access"]).get(ME_URL).status_code == 200
        assert bearer(phone["access"]).get(ME_URL).status_code == 200
        logout = bearer(laptop["access"]).post(LOGOUT_URL, {"refresh": laptop["refresh"]}, format="json")
        assert logout.status_code == 204
        assert bearer(phone["access"]).get(ME_URL).status_code == 401
        other = PatientFactory()
        access = session_start_for(user=other).access
        assert bearer(access).get(ME_URL).status_code == 200
        User.objects.filter(pk=other.pk).update(is_active=False)
        assert bearer(access).get(ME_URL).json()["detail"] == "User is inactive"
