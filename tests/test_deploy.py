"""Production settings: `manage.py check --deploy` passes with DEBUG off, with no warnings and nothing silenced."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_passes_with_debug_off():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; production never has it.
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SILENCED_SYSTEM_CHECKS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="0", SECRET_KEY="k" * 20 + "-a-long-random-production-secret-value-0123456789",
               ALLOWED_HOSTS="nursery.example.org", CACHE_URL="rediscache://redis.internal:6379/1")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_each_process_would_keep_its_own_cache():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="0", SECRET_KEY="k" * 20 + "-a-long-random-production-secret-value-0123456789",
               ALLOWED_HOSTS="nursery.example.org")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "triangle.W001" in result.stderr + result.stdout
    assert "CACHE_URL" in result.stderr + result.stdout


def test_debug_off_without_a_secret_key_refuses_to_serve_but_tooling_runs():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["DEBUG"] = "0"

    def run(*args):
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)

    serving = run("-c", "import config.wsgi")
    assert serving.returncode != 0 and "SECRET_KEY" in serving.stderr
    deploy = run("manage.py", "check", "--deploy")
    assert deploy.returncode != 0 and "triangle.E001" in deploy.stderr
    tooling = run("manage.py", "makemigrations", "--check", "--dry-run")
    assert tooling.returncode == 0, tooling.stdout + tooling.stderr


def test_collectstatic_with_debug_off(tmp_path):
    """Production serves hashed static files: every vendored file must pass the manifest storage."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="nursery.example.org", STATIC_ROOT=str(tmp_path))
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()


def test_database_connections_are_kept_and_checked_and_configurable():
    """CONN_MAX_AGE / CONN_HEALTH_CHECKS come from the environment (README); the defaults keep a checked connection."""
    env = {k: v for k, v in os.environ.items() if k not in {"CONN_MAX_AGE", "CONN_HEALTH_CHECKS"}}
    env.update(DEBUG="1", DATABASE_URL="postgres://u@db.invalid:5432/x")
    show = ("from django.conf import settings as s; d = s.DATABASES['default']; "
            "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")

    def read(**extra):
        result = subprocess.run([sys.executable, "-c", f"import django, os; os.environ.setdefault("
                                 f"'DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); {show}"],
                                cwd=ROOT, env={**env, **extra}, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert read() == ["60", "True"]
    assert read(CONN_MAX_AGE="0", CONN_HEALTH_CHECKS="0") == ["0", "False"]
