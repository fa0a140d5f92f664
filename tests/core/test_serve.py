"""The server starts without asking the internet for this machine's address."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _serve():
    spec = importlib.util.spec_from_file_location("serve", REPO / "scripts" / "serve.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_external_address_is_never_looked_up(monkeypatch):
    from streamlit import net_util

    monkeypatch.setattr(net_util, "_external_ip", None)

    def no_request(*_args, **_kwargs):
        pytest.fail("Streamlit asked the internet for this machine's address")

    monkeypatch.setattr(net_util, "_make_blocking_http_get", no_request)
    _serve().no_external_lookup()
    assert not net_util.get_external_ip()


def test_run_scripts_start_the_server_through_it():
    assert "scripts/serve.py" in (REPO / "scripts" / "run").read_text(encoding="utf-8")
    conftest = (REPO / "tests" / "browser" / "conftest.py").read_text(encoding="utf-8")
    assert "scripts/serve.py" in conftest
