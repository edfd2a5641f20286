"""docker-compose.yml and the Dockerfile, checked without a Docker engine: the compose file
through the compose-spec parser (schema and references), then what the deployment needs."""

import re

import pytest
from compose_spec import PyOptions

from tests.deploy.stack import ROOT

COMPOSE = ROOT / "docker-compose.yml"
SHARED = ("build", "image", "env_file", "environment", "volumes", "depends_on", "restart")


@pytest.fixture(scope="module")
def compose() -> dict:
    parsed = PyOptions(apply_merge=True).from_yaml(COMPOSE.read_text())
    parsed.validate()  # the networks, configs and secrets services name are defined
    return parsed.to_dict()


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_the_compose_file_has_the_six_services(services):
    assert set(services) == {"db", "redis", "web", "worker", "beat", "mail"}


def test_the_parser_refuses_what_compose_would_refuse():
    # The parser holds the compose specification's schema: a wrong value or a misspelt key
    # fails here as `docker compose` would fail on the clinic's server.
    text = COMPOSE.read_text()
    for good, bad in (("restart: unless-stopped", "restart: sometimes"), ("image:", "imag:")):
        with pytest.raises(ValueError):
            PyOptions(apply_merge=True).from_yaml(text.replace(good, bad, 1))


def test_every_named_volume_is_declared(compose):
    # compose-spec's validate() does not follow the short "name:/path" syntax; check here.
    declared = set(compose["volumes"])
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, (name, source)


def test_postgres_16_keeps_its_data_in_a_volume_and_has_a_healthcheck(services):
    db = services["db"]
    assert db["image"] == "postgres:16"
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pg_isready" in str(db["healthcheck"]["test"])


def test_redis_7_appends_every_write_to_disk(services):
    redis = services["redis"]
    assert redis["image"] == "redis:7"
    assert redis["command"][-2:] == ["--appendonly", "yes"]
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


def test_web_migrates_before_it_starts_gunicorn(services):
    command = " ".join(services["web"]["command"])
    assert re.search(r"manage\.py migrate --noinput && exec gunicorn .*clinic\.wsgi", command)


def test_worker_and_beat_reuse_the_web_definition(services):
    text = COMPOSE.read_text()
    for name in ("web", "worker", "beat"):
        assert re.search(rf"\n  {name}:\n    <<: \*portal\n", text), name
    web = services["web"]
    for name in ("worker", "beat"):
        assert {key: services[name][key] for key in SHARED} == {key: web[key] for key in SHARED}
    assert services["worker"]["command"][:4] == ["celery", "-A", "clinic", "worker"]
    assert services["beat"]["command"] == ["celery", "-A", "clinic", "beat"]


def test_the_portal_waits_for_healthy_database_and_broker_on_redis(services):
    web = services["web"]
    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert web["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["DEBUG"] == "false"


def test_the_mail_catcher_runs_only_in_staging(services):
    mail = services["mail"]
    assert mail["image"].startswith("axllent/mailpit:")
    assert mail["profiles"] == ["staging"]  # production e-mail must really go out


def test_the_dockerfile_builds_a_slim_non_root_image_with_collected_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", dockerfile, re.M)
    assert "uv sync --frozen" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert dockerfile.index("collectstatic") < dockerfile.index(f"USER {users[-1]}")
    assert "python:clinic.gunicorn_conf" in dockerfile


def test_env_example_names_every_setting_compose_interpolates():
    example = (ROOT / ".env.example").read_text()
    for variable in set(re.findall(r"\$\{(\w+)", COMPOSE.read_text())):
        assert re.search(rf"^{variable}=", example, re.M), variable
