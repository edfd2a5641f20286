"""docker-compose.yml and the Dockerfile, checked without a Docker engine: the compose file
through the compose-spec parser (schema and references), then what the deployment needs."""

import json
import os
import re
import shutil
import subprocess

import pytest
from compose_spec import PyOptions

from tests.deploy.stack import ROOT

COMPOSE = ROOT / "docker-compose.yml"
SHARED = (
    "build",
    "image",
    "env_file",
    "environment",
    "volumes",
    "depends_on",
    "restart",
    "logging",
    "stop_grace_period",
)
PORTAL = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    parsed = PyOptions(apply_merge=True).from_yaml(COMPOSE.read_text())
    parsed.validate()  # the networks, configs and secrets services name are defined
    return parsed.to_dict()


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_the_compose_file_has_its_eight_services(services):
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat", "proxy", "mail"}


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


def test_every_image_is_pinned_to_a_minor_version(services):
    for name, service in services.items():
        image = service["image"]
        if image.startswith("runner-portal:"):
            continue
        assert re.search(r":v?\d+\.\d+", image), (name, image)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.\d+-slim-\w+$", dockerfile, re.M)


def test_postgres_16_keeps_its_data_in_a_volume_and_has_a_healthcheck(services):
    db = services["db"]
    assert db["image"].startswith("postgres:16.")
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pg_isready" in str(db["healthcheck"]["test"])


def test_redis_7_appends_every_write_to_disk(services):
    redis = services["redis"]
    assert redis["image"].startswith("redis:7.")
    assert redis["command"][-2:] == ["--appendonly", "yes"]
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


def test_migrations_run_once_in_a_one_shot_service_the_portal_waits_for(services):
    migrate = services["migrate"]
    assert migrate["restart"] == "no"
    assert "manage.py db_setup" in " ".join(migrate["command"])
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in PORTAL:
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }
        assert "migrate" not in " ".join(services[name].get("command", []))


def test_worker_and_beat_reuse_the_web_definition(services):
    text = COMPOSE.read_text()
    for name in PORTAL:
        assert re.search(rf"\n  {name}:\n    <<: \*portal\n", text), name
    web = services["web"]
    for name in ("worker", "beat"):
        assert {key: services[name][key] for key in SHARED} == {key: web[key] for key in SHARED}
    assert services["worker"]["command"][:4] == ["celery", "-A", "clinic", "worker"]
    assert services["beat"]["command"] == ["celery", "-A", "clinic", "beat"]


def test_only_the_proxy_publishes_public_ports_so_web_scales(services):
    assert "ports" not in services["web"]  # `--scale web=3` would fight over a host port
    assert [str(port) for port in services["web"]["expose"]] == ["8000"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("caddy:2.")
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    for name, service in services.items():
        if name not in {"proxy", "mail"}:
            assert "ports" not in service, name
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "{$PORTAL_DOMAIN} {" in caddyfile  # automatic HTTPS for the clinic's domain
    assert re.search(r"dynamic a \{\s+name web\s+port 8000", caddyfile)  # every replica
    assert "lb_policy round_robin" in caddyfile


def test_every_long_running_service_has_a_healthcheck_and_rotated_logs(services):
    probes = {
        "web": "clinic.probe web",
        # $$: compose's escape, so the container's own shell expands its hostname
        "worker": "inspect ping --destination celery@$$HOSTNAME",
        "beat": "clinic.probe beat",
        "db": "pg_isready",
        "redis": "redis-cli",
        "proxy": "2019/config",
    }
    for name, probe in probes.items():
        test = services[name]["healthcheck"]["test"]
        assert probe in (test if isinstance(test, str) else " ".join(test)), name
    for name, service in services.items():
        assert service["logging"]["driver"] == "json-file", name
        assert service["logging"]["options"] == {"max-size": "10m", "max-file": "5"}, name


def test_containers_get_longer_to_stop_than_gunicorns_graceful_timeout(services):
    conf = (ROOT / "clinic" / "gunicorn_conf.py").read_text()
    graceful = int(re.search(r"^graceful_timeout = (\d+)", conf, re.M)[1])
    for name in PORTAL:
        assert int(services[name]["stop_grace_period"].rstrip("s")) > graceful


def env_file_paths(service: dict) -> list[str]:
    entries = service.get("env_file", [])
    entries = [entries] if isinstance(entries, str | dict) else entries
    return [entry["path"] if isinstance(entry, dict) else entry for entry in entries]


def test_the_database_owners_password_never_reaches_the_app_containers(services):
    example = (ROOT / ".env.example").read_text()
    assert not re.search(r"^POSTGRES_PASSWORD=", example, re.M)  # .env goes to every app
    assert re.search(r"^POSTGRES_PASSWORD=", (ROOT / "db.env.example").read_text(), re.M)
    for name in (*PORTAL, "proxy"):
        service = services[name]
        env_files = env_file_paths(service)
        assert "db.env" not in env_files, name
        assert "POSTGRES_PASSWORD" not in str(service.get("environment", {})), name
        url = service.get("environment", {}).get("DATABASE_URL", "")
        app_role = "postgres://${PORTAL_DB_APP_USER:-portal_app}:${PORTAL_DB_APP_PASSWORD:?"
        assert name == "proxy" or url.startswith(app_role), name
    assert env_file_paths(services["web"]) == [".env"]
    assert env_file_paths(services["db"]) == ["db.env"]
    assert env_file_paths(services["migrate"]) == [".env", "db.env"]


def test_the_portal_talks_to_redis_and_postgres_with_debug_off(services):
    web = services["web"]
    assert web["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["DEBUG"] == "false"


def test_the_mail_catcher_runs_only_in_staging(services):
    mail = services["mail"]
    assert mail["image"].startswith("axllent/mailpit:")
    assert mail["profiles"] == ["staging"]  # production e-mail must really go out


def test_the_dockerfile_builds_in_two_stages_and_runs_as_a_numeric_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    build, runtime = dockerfile.split("\nFROM ${PYTHON_IMAGE} AS runtime\n")
    assert "FROM ${PYTHON_IMAGE} AS build" in build
    assert "uv sync --frozen --no-dev" in build
    assert "manage.py collectstatic --noinput" in build
    # Nothing in the runtime stage installs Python packages, and pip itself is removed.
    assert "uv " not in runtime and "pip install" not in runtime
    assert "pip uninstall -y pip" in runtime
    assert "COPY --from=build /app /app" in runtime
    users = re.findall(r"^USER (\S+)", runtime, re.M)
    assert users and re.fullmatch(r"[1-9]\d*:[1-9]\d*", users[-1])  # numeric, not root
    assert re.search(r"^HEALTHCHECK .*\n.*clinic\.probe", runtime, re.M)
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in runtime
    assert "python:clinic.gunicorn_conf" in runtime


def test_the_container_runs_djangos_deploy_check_before_any_command():
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert "manage.py check --deploy --fail-level WARNING" in entrypoint
    assert entrypoint.rstrip().endswith('exec "$@"')
    assert os.access(ROOT / "docker" / "entrypoint.sh", os.X_OK)


def test_uv_is_pinned_to_one_version_in_the_makefile_and_the_dockerfile():
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    version = re.search(r"^UV_VERSION := (\d+\.\d+\.\d+)$", makefile, re.M)[1]
    assert '"uv==$(UV_VERSION)"' in makefile
    assert f"ARG UV_VERSION={version}\n" in dockerfile
    assert 'pip install --no-cache-dir "uv==${UV_VERSION}"' in dockerfile


def test_the_image_leaves_out_tests_bench_secrets_and_local_data():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {"tests", "bench", ".env", ".env.*", "db.env", "var", ".venv", ".git"} <= ignored


def test_env_example_names_every_setting_compose_interpolates():
    example = (ROOT / ".env.example").read_text()
    for variable in set(re.findall(r"\$\{(\w+)", COMPOSE.read_text())):
        assert re.search(rf"^{variable}=", example, re.M), variable


# --- the same file through Docker Compose v2 itself ------------------------------------------


def compose_v2() -> list[str] | None:
    """`docker compose` when the plugin is installed, else the binary `make test` puts in
    var/tools (Makefile: compose-tool); None where neither is (the tests below skip)."""
    docker = shutil.which("docker")
    plugin = docker and subprocess.run(  # noqa: S603 - the docker CLI, fixed arguments
        [docker, "compose", "version"], capture_output=True, check=False
    )
    if docker and plugin and plugin.returncode == 0:
        return [docker, "compose"]
    local = ROOT / "var" / "tools" / "docker-compose"
    return [str(local)] if local.is_file() else None


def compose_config(tmp_path, text: str, *args: str) -> subprocess.CompletedProcess:
    """`docker compose config` on `text` in a project laid out as the clinic's server has it:
    .env and db.env copied from their examples, the proxy's Caddyfile beside it."""
    command = compose_v2()
    if command is None:
        pytest.skip("Docker Compose v2 is not installed (make compose-tool)")
    (tmp_path / "docker-compose.yml").write_text(text)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    shutil.copy(ROOT / "db.env.example", tmp_path / "db.env")
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    return subprocess.run(  # noqa: S603 - Compose, fixed arguments
        [*command, "--project-directory", str(tmp_path), *args, "config", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def resolved(tmp_path_factory) -> dict:
    """The stack as Compose itself resolves it (staging profile on, so all eight services):
    anchors merged, .env interpolated, env_file contents inlined."""
    done = compose_config(
        tmp_path_factory.mktemp("compose"), COMPOSE.read_text(), "--profile", "staging"
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["services"]


def test_docker_compose_accepts_the_file_with_its_eight_services(resolved):
    assert set(resolved) == {"db", "redis", "migrate", "web", "worker", "beat", "proxy", "mail"}


@pytest.mark.parametrize(
    ("good", "bad", "said"),
    [
        ("image:", "imag:", "imag"),  # a misspelt key: not in the schema
        (
            "    migrate:\n      condition",
            "    migrat:\n      condition",
            "migrat",
        ),  # no such service
    ],
)
def test_docker_compose_refuses_a_broken_file(tmp_path, good, bad, said):
    done = compose_config(tmp_path, COMPOSE.read_text().replace(good, bad, 1))
    assert done.returncode != 0
    assert said in done.stderr


def test_the_scaled_services_can_scale_and_wait_for_migrations(resolved):
    # `--scale web=3 --scale worker=2`: a replica may not publish a host port, have a fixed
    # container name or host name, and starts only after the one-shot migrate has finished.
    for name in ("web", "worker"):
        service = resolved[name]
        assert not service.get("ports"), name
        assert "container_name" not in service and "hostname" not in service, name
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert {port["published"] for port in resolved["proxy"]["ports"]} == {"80", "443"}
    assert "ports" not in resolved["migrate"]


def test_compose_gives_the_app_containers_no_database_owner_password(resolved):
    # env_file contents are inlined by `config`: what each container really gets.
    for name in ("web", "worker", "beat"):
        environment = resolved[name]["environment"]
        assert "POSTGRES_PASSWORD" not in environment, name
        assert environment["DATABASE_URL"].startswith("postgres://portal_app:"), name
    assert "POSTGRES_PASSWORD" in resolved["migrate"]["environment"]
