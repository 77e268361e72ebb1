"""Test settings: the real settings with fast hashing, in-memory mail and cache."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A shared cache only for the tests that run a real worker (CACHE_URL=redis://… from .ci/run).
if not os.environ.get("CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "portal.storage.PrivateInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
LANGUAGE_CODE = "da"
# WhiteNoise warns at start-up when STATIC_ROOT is missing (the live server for browser tests).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
