"""A PostgreSQL password is never printed, wherever the URL carries it, and a percent-encoded
one (for @ / # :) logs in."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import quote

import pytest

from crm_tui.models import db as dbmod
from crm_tui.paths import redacted

PASSWORD = "p@ss/w#rd:1%"


def test_a_password_is_redacted_wherever_it_is_given():
    assert redacted("postgresql://bob:secret@db/crm") == "postgresql://bob:***@db/crm"
    assert "hunter2" not in redacted("postgresql://bob@db/crm?sslmode=require&password=hunter2")
    assert "x%40y" not in redacted("postgresql://bob:x%40y@db/crm")
    assert redacted("postgresql://db/crm?PASSWORD=a&sslpassword=b") == "postgresql://db/crm?PASSWORD=***&sslpassword=***"


def test_percent_encoded_parts_are_sent_decoded():
    database = dbmod.make_database(f"postgresql://{quote('a b', safe='')}:{quote(PASSWORD, safe='')}@db:6543/crm")
    assert database.connect_params == {"host": "db", "port": 6543, "user": "a b", "password": PASSWORD}


@pytest.fixture
def password_role(postgres_server):
    """A role that must log in with its password (the rest of the server trusts local users)."""
    admin = dbmod.make_database(postgres_server.url())
    admin.execute_sql("DROP ROLE IF EXISTS \"secret keeper\"")
    admin.execute_sql("CREATE ROLE \"secret keeper\" LOGIN SUPERUSER PASSWORD '" + PASSWORD.replace("%", "%%") + "'")
    hba = postgres_server._data / "pg_hba.conf"
    trusting = hba.read_text()
    hba.write_text("host all \"secret keeper\" 127.0.0.1/32 scram-sha-256\n" + trusting)
    admin.execute_sql("SELECT pg_reload_conf()")
    admin.close()
    yield f"postgresql://{quote('secret keeper', safe='')}:{{password}}@127.0.0.1:{postgres_server.port}/postgres"
    hba.write_text(trusting)
    admin = dbmod.make_database(postgres_server.url())
    admin.execute_sql("SELECT pg_reload_conf()")
    admin.close()


def _crm(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crm_tui", "--db", url, *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.postgres
def test_an_encoded_password_logs_in_and_a_wrong_one_is_a_sentence_that_never_shows_it(password_role):
    good = _crm(password_role.format(password=quote(PASSWORD, safe="")), "migrate")
    assert good.returncode == 0, good.stderr
    assert PASSWORD not in good.stdout + good.stderr and quote(PASSWORD, safe="") not in good.stdout + good.stderr
    as_parameter = password_role.replace(":{password}", "") + "?password=" + quote(PASSWORD, safe="")
    again = _crm(as_parameter, "migrate")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout and quote(PASSWORD, safe="") not in again.stdout + again.stderr
    wrong = _crm(password_role.format(password="not-it"), "migrate")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "refused the user name or password" in wrong.stderr and "not-it" not in wrong.stderr


@pytest.mark.postgres
def test_a_role_without_rights_is_a_sentence_not_a_traceback(postgres_server):
    admin = dbmod.make_database(postgres_server.url())
    admin.execute_sql("DROP DATABASE IF EXISTS locked_out")
    admin.execute_sql("CREATE DATABASE locked_out")
    admin.execute_sql("DROP ROLE IF EXISTS visitor")
    admin.execute_sql("CREATE ROLE visitor LOGIN")
    admin.close()
    owner = dbmod.make_database(postgres_server.url("locked_out"))
    owner.execute_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    owner.close()
    result = _crm(f"postgresql://visitor@127.0.0.1:{postgres_server.port}/locked_out", "migrate")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "lacks the rights" in result.stderr
