"""deploy/nginx.conf as shipped, in front of two daphne processes on the production settings:
`nginx -t` accepts it (with a self-signed certificate in place of the real one), and with its
ports and paths pointed at the test's servers it serves the page, the collected static files
(hashed names cached for a year) and a live run's websocket through the upgrade headers.
Needs nginx (`make test` installs nginx-light with apt where it is missing): fails without it."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from playground.live.testing import ROOT, DaphneServer, free_port
from tests.concurrency.tabs import Tab
from tests.live.conftest import short_design
from tests.live.test_daphne import _until
from tests.postgres import fresh_database, fresh_redis

pytestmark = [pytest.mark.live]

SITE = (ROOT / "deploy" / "nginx.conf").read_text()


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        pytest.fail("nginx is needed for this test: apt-get install nginx-light (make test does)")
    return found


def _main_conf(tmp: Path, site: str) -> Path:
    (tmp / "site.conf").write_text(site)
    conf = tmp / "nginx.conf"
    # As root nginx's workers would run as nobody, who cannot read the test's private temporary
    # folders (a deployment makes STATIC_ROOT readable by nginx's user instead).
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}daemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {tmp}/body;\n proxy_temp_path {tmp}/proxy;\n"
        f" include {tmp}/site.conf;\n}}\n"
    )
    return conf


def test_the_shipped_file_passes_nginx_t(tmp_path):
    nginx = _nginx()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=playground.example.org", "-keyout", f"{tmp_path}/key.pem", "-out",
         f"{tmp_path}/cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        SITE.replace("/etc/ssl/playground/fullchain.pem", f"{tmp_path}/cert.pem")
        .replace("/etc/ssl/playground/privkey.pem", f"{tmp_path}/key.pem")
        .replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
        .replace("listen 443 ", f"listen 127.0.0.1:{free_port()} ")
    )
    checked = subprocess.run(
        [nginx, "-t", "-c", str(_main_conf(tmp_path, site))], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    nginx, tmp = _nginx(), tmp_path_factory.mktemp("nginx")
    env = {"TRUSTED_PROXY_COUNT": "1"}
    with fresh_database() as url:
        redis_url = fresh_redis()
        with DaphneServer.production(url, redis_url, env=env) as one:
            root = one.static_root
            with DaphneServer.production(url, redis_url, env=env, static_root=root) as two:
                port = free_port()
                site = SITE.split("server {\n    listen 80;")[0]  # upstream and map only
                server = SITE.split("ssl_certificate_key /etc/ssl/playground/privkey.pem;\n")[1]
                site += f"server {{\n    listen 127.0.0.1:{port};\n" + server
                site = (
                    site.replace("127.0.0.1:8001", f"127.0.0.1:{one.port}")
                    .replace("127.0.0.1:8002", f"127.0.0.1:{two.port}")
                    .replace("/srv/playground/static/", f"{root}/")
                )
                process = subprocess.Popen([nginx, "-c", str(_main_conf(tmp, site))])
                try:
                    one.port = port  # the tests talk to nginx's port
                    DaphneServer._listening(one)
                    yield f"http://127.0.0.1:{port}", one, two
                finally:
                    process.terminate()
                    process.wait(10)


def test_the_page_and_hashed_static_files_come_through_nginx(behind_nginx):
    url, _, _ = behind_nginx
    tab = Tab(url)
    page = tab.request("GET", "/")
    assert page.status == 200, page.body
    hashed = next(
        part.split('"')[0] for part in page.body.split('href="/static/')[1:] if ".css" in part
    )
    with urllib.request.urlopen(f"{url}/static/{hashed}") as response:
        assert response.status == 200
        assert response.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    design = tab.request("POST", "/api/designs/", {"name": "Via nginx", "document": short_design()})
    assert design.status == 201, design.body


async def test_a_live_run_plays_over_a_websocket_through_nginx(behind_nginx):
    from websockets.asyncio.client import connect

    url, _, _ = behind_nginx
    tab = Tab(url)
    saved = await asyncio.to_thread(
        tab.request, "POST", "/api/designs/", {"name": "Live", "document": short_design(30)}
    )
    assert saved.status == 201, saved.body  # the session the socket is filed under
    cookie = "; ".join(f"{k}={v}" for k, v in tab.cookies.items())
    async with connect(
        url.replace("http", "ws") + "/ws/simulate/",
        origin=url,
        additional_headers={"Cookie": cookie},
    ) as ws:
        await ws.send(json.dumps({"type": "start", "design": short_design(30), "speed": "max"}))
        started, _ = await _until(ws, lambda m: m["type"] in ("started", "error"))
        assert started["type"] == "started", started
        end, frames = await _until(ws, lambda m: m["type"] == "end", timeout=60)
        assert frames and end["report"]
