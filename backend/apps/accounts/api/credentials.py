"""Serializers of signing in, tokens and passwords (sign-in, refresh, password change and reset)."""

from rest_framework import serializers

from apps.core.serializers import StrictCharField, StrictEmailField


class PasswordChangeInput(serializers.Serializer):
    old_password = StrictCharField(max_length=128, style={"input_type": "password"})
    new_password = StrictCharField(max_length=128, style={"input_type": "password"})


class PasswordResetRequestInput(serializers.Serializer):
    email = StrictEmailField(max_length=254)


class PasswordResetConfirmInput(serializers.Serializer):
    uid = StrictCharField(max_length=32, help_text="From the reset link")
    token = StrictCharField(max_length=128, help_text="From the reset link")
    new_password = StrictCharField(max_length=128, style={"input_type": "password"})


class TokenObtainInput(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=128, style={"input_type": "password"})


class RefreshInput(serializers.Serializer):
    refresh = StrictCharField(max_length=2000)


class TokenPairOutput(serializers.Serializer):
    access = StrictCharField()
    refresh = StrictCharField()
    expires_in = serializers.IntegerField(
        help_text="Seconds until the access token expires (never past the session's maximum age)"
    )
