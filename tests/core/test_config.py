"""The settings that must agree across files: the upload limit (Streamlit, the validator,
nginx), the header nginx proves itself with, and secrets kept out of git and images."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ssw_core import access, uploads

REPO = Path(__file__).resolve().parents[2]


def test_the_upload_limit_is_the_validators_everywhere():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == uploads.MAX_BYTES
    nginx = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    (limit,) = re.findall(r"client_max_body_size (\d+)m;", nginx)
    assert uploads.MAX_BYTES < int(limit) * 1024 * 1024 <= uploads.MAX_BYTES + 2 * 1024 * 1024


def test_protections_stay_on():
    server = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True


def test_one_run_at_a_time_per_browser():
    """fastReruns on lost a button press that came while a pushed run was ending: the ending run
    reset the button Streamlit had just set for the new run beside it (a page that slowed the
    end of a run lost 6 presses of 30 with it on, none with it off)."""
    runner = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["runner"]
    assert runner["fastReruns"] is False


def test_nginx_overwrites_the_headers_identity_depends_on():
    nginx = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert f'proxy_set_header {access.VIA_HEADER} "@TOKEN@";' in nginx
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx  # not appended
    assert "$proxy_add_x_forwarded_for" not in nginx


def test_secrets_stay_out_of_git_and_images():
    for ignore in (".gitignore", ".dockerignore"):
        lines = (REPO / ignore).read_text(encoding="utf-8").splitlines()
        assert ".streamlit/secrets.toml" in lines, ignore
    example = (REPO / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    policy = access.Policy.from_mapping(tomllib.loads(example)["access"])
    assert policy == access.Policy()  # the example, as shipped, is a room
