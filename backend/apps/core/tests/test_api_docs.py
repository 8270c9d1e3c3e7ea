"""The interactive API docs work offline: every asset they load comes from this server."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

DOCS_PAGES = ["/api/docs/", "/api/docs/redoc/"]
# src= and href= of scripts, styles, icons and the Swagger UI's start-up script.
ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def _assets(client: Client, page: str) -> list[str]:
    html = client.get(page).content.decode()
    urls = [urljoin(page, url) for url in ASSET.findall(html)]
    # The Swagger UI page starts from a script served by the same view; what it loads is listed too.
    for script in [url for url in urls if "script" in url]:
        urls += [
            urljoin(page, url)
            for url in re.findall(r"""["'](/static/[^"']+)["']""", client.get(script).content.decode())
        ]
    return urls


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_the_docs_pages_load_only_same_origin_assets_that_answer(page):
    client = Client()
    response = client.get(page)
    assert response.status_code == 200
    urls = _assets(client, page)
    assert any("/static/drf_spectacular_sidecar/" in url for url in urls)
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme, f"{page} loads {url} from another origin"
        assert not parts.netloc, f"{page} loads {url} from another origin"
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_the_docs_pages_content_security_policy_allows_no_other_origin(page):
    policy = Client().get(page)["Content-Security-Policy"]
    assert "http" not in policy
    assert "script-src 'self';" in policy


def test_the_docs_assets_are_served_by_whitenoise_after_collectstatic_with_the_production_storage(tmp_path):
    storage = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(
        STATIC_ROOT=tmp_path,
        WHITENOISE_USE_FINDERS=False,
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": storage},
    ):
        call_command("collectstatic", "--noinput", verbosity=0)
        client = Client()  # a new client loads the middleware, so WhiteNoise scans the new STATIC_ROOT
        for page in DOCS_PAGES:
            urls = [url for url in _assets(client, page) if url.startswith("/static/")]
            assert urls
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, url
            # The pages name the hashed copies that collectstatic wrote.
            assert any(re.search(r"\.[0-9a-f]{12}\.js$", url) for url in urls), urls
