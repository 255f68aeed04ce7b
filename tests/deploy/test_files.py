"""The deployment files of deploy/ (systemd units, Containerfile, compose file, nginx) run commands that exist with
options they accept, set only documented settings, and lay out two apps, two workers, PostgreSQL 15 and a proxy
that share what must be shared. No container runtime here: the files are checked as written, and with
systemd-analyze and nginx where they are installed."""

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("tindus-*.*"))
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
TINDUS_SERVICES = ["setup", "app-1", "app-2", "worker-1", "worker-2"]
CONTAINERFILE = (DEPLOY / "Containerfile").read_text()


def settings_table() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## Settings", 1)[1].split("\n## ", 1)[0]


def check_tindus_command(argv: list[str]) -> None:
    """``argv`` is a ``tindus`` command whose subcommand exists and accepts these options."""
    assert Path(argv[0]).name == "tindus", argv
    name, *options = argv[1:]
    commands = get_commands()
    assert name in commands, f"no command tindus {name}"
    parser = load_command_class(commands[name], name).create_parser("tindus", name)
    try:
        parser.parse_args(options)
    except (SystemExit, CommandError) as refused:
        raise AssertionError(f"tindus {name} refuses {options}") from refused


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text())
    return parser


def env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def test_every_unit_runs_a_tindus_command_it_accepts():
    commands = {path.name: unit(path)["Service"]["ExecStart"] for path in UNITS if path.suffix == ".service"}
    assert set(commands) == {"tindus-web.service", "tindus-worker@.service", "tindus-periodic.service"}
    for command in commands.values():
        check_tindus_command(shlex.split(command))
    assert "--no-worker" in commands["tindus-web.service"]
    assert commands["tindus-periodic.service"].endswith("tasks run-periodic")


def test_units_restart_and_stop_as_the_commands_expect():
    web, worker = unit(DEPLOY / "systemd/tindus-web.service"), unit(DEPLOY / "systemd/tindus-worker@.service")
    for service in (web, worker):
        assert service["Service"]["Restart"] == "always" and service["Service"]["KillSignal"] == "SIGTERM"
        assert service["Service"]["EnvironmentFile"] == "/etc/tindus/tindus.env"
    # A worker finishes its job on SIGTERM: systemd must wait longer than a web request.
    assert worker["Service"]["TimeoutStopSec"].endswith("min")
    assert unit(DEPLOY / "systemd/tindus-periodic.timer")["Timer"]["OnCalendar"] == "minutely"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    for path in UNITS:
        text = path.read_text().replace("/opt/tindus/.venv/bin/tindus", str(Path(sys.executable).with_name("tindus")))
        (tmp_path / path.name.replace("@.", "@1.")).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", *sorted(map(str, tmp_path.iterdir()))],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stdout + done.stderr


def test_every_setting_of_the_deployment_files_is_documented():
    table = settings_table()
    used = set(env_file(DEPLOY / "systemd/tindus.env"))
    for name in TINDUS_SERVICES:
        used |= set(SERVICES[name]["environment"])
    used |= {name for name in re.findall(r"\b(TINDUS_[A-Z_]+)=", CONTAINERFILE)}
    assert used >= {"TINDUS_ENV", "SECRET_KEY", "DATABASE_URL", "TINDUS_MEDIA_ROOT", "TINDUS_PROXY_COUNT"}
    assert sorted(name for name in used if f"`{name}`" not in table) == []


def test_the_compose_file_asks_for_every_value_of_its_env_file():
    asked = set(re.findall(r"\$\{([A-Z_]+)", (DEPLOY / "compose.yaml").read_text()))
    assert asked <= set(env_file(DEPLOY / "env.example"))


def test_compose_runs_two_apps_two_workers_postgresql_15_and_a_proxy():
    assert SERVICES["db"]["image"].startswith("postgres:15")
    for name in TINDUS_SERVICES:
        service = SERVICES[name]
        check_tindus_command(service["command"])
        assert service["build"]["dockerfile"] == "deploy/Containerfile"
        assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).exists()
        assert "@db:5432/" in service["environment"]["DATABASE_URL"]
        assert service["environment"]["TINDUS_PROXY_COUNT"] == "1"
    assert [SERVICES[n]["command"][1] for n in TINDUS_SERVICES] == ["setup", "serve", "serve", "worker", "worker"]
    assert all("--no-worker" in SERVICES[n]["command"] for n in ("app-1", "app-2"))
    for name in ("app-1", "app-2", "worker-1", "worker-2"):  # after the migrations
        assert SERVICES[name]["depends_on"]["setup"]["condition"] == "service_completed_successfully"
    assert SERVICES["setup"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_apps_and_workers_share_the_uploads_and_the_warehouse():
    for name in TINDUS_SERVICES:
        service = SERVICES[name]
        mounts = dict(volume.split(":")[::-1] for volume in service["volumes"])
        shared = [folder for folder, volume in mounts.items() if volume in COMPOSE["volumes"]]
        assert shared, name
        for variable in ("TINDUS_MEDIA_ROOT", "TINDUS_WAREHOUSE"):
            assert any(service["environment"][variable].startswith(folder + "/") for folder in shared), variable
        # The data folder of each container is its own (collected static files).
        assert not any(service["environment"]["TINDUS_VAR_DIR"].startswith(folder) for folder in shared)


def test_the_proxy_passes_to_both_apps():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("nginx:")
    config = next(v.split(":")[0] for v in proxy["volumes"] if v.endswith("default.conf:ro"))
    text = (DEPLOY / config).read_text()
    assert "server app-1:8000" in text and "server app-2:8000" in text
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in text and "X-Forwarded-Proto $scheme" in text


def test_the_containerfile_installs_everything_at_build_time():
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", CONTAINERFILE, re.M)
    for source in re.findall(r"^COPY (.+) \S+$", CONTAINERFILE, re.M):
        for name in source.split():
            assert (ROOT / name).exists(), name
    assert re.search(r'^RUN pip install "\.\[', CONTAINERFILE, re.M)
    command = re.search(r"^CMD (.+)$", CONTAINERFILE, re.M)[1]
    check_tindus_command(yaml.safe_load(command))
    run_time = "\n".join(re.findall(r"^(?:CMD|ENTRYPOINT) .+$", CONTAINERFILE, re.M))
    assert not re.search(r"pip|curl|wget|apt-get", run_time)
    assert re.search(r"^USER tindus$", CONTAINERFILE, re.M)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
@pytest.mark.parametrize("name", ["tindus.conf", "compose.conf"])
def test_nginx_accepts_the_configurations(tmp_path, name):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)  # fmt: skip
    text = (DEPLOY / "nginx" / name).read_text()
    for path in ("/etc/ssl/tindus/fullchain.pem", "/etc/nginx/certs/tindus.crt"):
        text = text.replace(path, str(cert))
    for path in ("/etc/ssl/tindus/privkey.pem", "/etc/nginx/certs/tindus.key"):
        text = text.replace(path, str(key))
    (tmp_path / "site.conf").write_text(re.sub(r"app-\d:8000", "127.0.0.1:8000", text))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
