"""Real servers on 127.0.0.1 for the module tests, started and stopped by the tests.

- `ModuleProxy`: a GOPROXY served from a directory of real module files (list, .info, .mod, .zip
  made by `add_module`), over HTTP or HTTPS (a self-signed certificate made with openssl), with an
  optional basic-auth requirement; every request is logged with whether it carried credentials.
- `GitServer`: git's own `git http-backend` (CGI) behind basic authentication.
- `status_server(status)`: answers every request with one status (a checksum database that answers
  404, a proxy that answers 500).

Each records the requests it received, so a test can compare them with the route goide predicted.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import os
import shutil
import ssl
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GIT_HTTP_BACKEND = Path("/usr/lib/git-core/git-http-backend")
_ORDER = itertools.count()


@dataclass
class Request:
    method: str
    path: str
    authorized: bool  # carried the expected credentials
    had_auth: bool  # carried any Authorization header
    order: int = field(default_factory=lambda: next(_ORDER))  # across all servers


@dataclass
class Server:
    url: str
    requests: list[Request] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def escape_path(path: str) -> str:
    """module.EscapePath: upper-case letters as !lower."""
    return "".join(f"!{c.lower()}" if c.isupper() else c for c in path)


def add_module(root: Path, path: str, version: str, files: dict[str, str] | None = None) -> None:
    """Write `path@version` into a GOPROXY directory in the layout of the GOPROXY protocol."""
    files = files if files is not None else {"lib.go": "package lib\n\nconst V = 1\n"}
    gomod = f"module {path}\n\ngo 1.21\n"
    base = root / escape_path(path) / "@v"
    base.mkdir(parents=True, exist_ok=True)
    listing = base / "list"
    versions = set(listing.read_text().split()) if listing.exists() else set()
    versions.add(version)
    listing.write_text("".join(f"{v}\n" for v in sorted(versions)))
    (base / f"{version}.info").write_text(json.dumps({"Version": version, "Time": "2026-01-02T03:04:05Z"}))
    (base / f"{version}.mod").write_text(gomod)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(f"{path}@{version}/go.mod", gomod)
        for name, text in files.items():
            z.writestr(f"{path}@{version}/{name}", text)
    (base / f"{version}.zip").write_bytes(buf.getvalue())


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and its key), made with the real openssl."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    if not cert.exists():
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return cert, key


def _auth_state(handler: BaseHTTPRequestHandler, expected: str | None) -> tuple[bool, bool]:
    got = handler.headers.get("Authorization")
    return (expected is None or got == expected), got is not None


@contextmanager
def _serve(
    handler: type[BaseHTTPRequestHandler], tls: tuple[Path, Path] | None = None
) -> Iterator[tuple[str, ThreadingHTTPServer]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    scheme = "http"
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(tls[0]), str(tls[1]))
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{httpd.server_address[1]}", httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def module_proxy(
    root: Path, *, auth: tuple[str, str] | None = None, tls: tuple[Path, Path] | None = None
) -> Iterator[Server]:
    expected = _basic(*auth) if auth else None
    server = Server("")

    class Handler(_Quiet):
        def do_GET(self) -> None:
            ok, had = _auth_state(self, expected)
            server.requests.append(Request("GET", self.path, ok, had))
            if not ok:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="proxy"')
                self.end_headers()
                return
            target = (root / self.path.lstrip("/").split("?", 1)[0]).resolve()
            if not str(target).startswith(str(root.resolve())) or not target.is_file():
                body = b"not found: " + self.path.encode() + b"\n"
                self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            data = target.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with _serve(Handler, tls) as (url, _):
        server.url = url
        yield server


@contextmanager
def status_server(status: int, body: str = "") -> Iterator[Server]:
    server = Server("")

    class Handler(_Quiet):
        def do_GET(self) -> None:
            _, had = _auth_state(self, None)
            server.requests.append(Request("GET", self.path, True, had))
            data = (body or f"not found: {self.path}\n").encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with _serve(Handler) as (url, _):
        server.url = url
        yield server


def make_git_repo(root: Path, name: str, module: str, tag: str) -> Path:
    """A bare repository `root/name` holding module `module` tagged `tag`."""
    work = root / (name + ".work")
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    work.mkdir(parents=True)
    (work / "go.mod").write_text(f"module {module}\n\ngo 1.21\n")
    (work / "lib.go").write_text("package lib\n\nconst V = 2\n")
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "v1"], ["tag", tag]):
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True, timeout=60)
    bare = root / name
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(bare)],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    shutil.rmtree(work)
    return bare


@contextmanager
def git_server(project_root: Path, auth: tuple[str, str]) -> Iterator[Server]:
    """`git http-backend` for the bare repositories under `project_root`, behind basic auth."""
    expected = _basic(*auth)
    server = Server("")

    class Handler(_Quiet):
        def _cgi(self, method: str) -> None:
            ok, had = _auth_state(self, expected)
            server.requests.append(Request(method, self.path, ok, had))
            if not ok:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            env = {
                "PATH": os.environ.get("PATH", ""),
                "GIT_PROJECT_ROOT": str(project_root),
                "GIT_HTTP_EXPORT_ALL": "1",
                "GIT_CONFIG_NOSYSTEM": "1",
                "HOME": str(project_root),
                "REQUEST_METHOD": method,
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(len(body)),
                "REMOTE_USER": auth[0],
                "REMOTE_ADDR": "127.0.0.1",
                "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
                "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
            }
            done = subprocess.run(  # noqa: PLW1510 - the CGI status is read from its output
                [str(GIT_HTTP_BACKEND)], input=body, env=env, capture_output=True, timeout=60
            )
            head, _, payload = done.stdout.partition(b"\r\n\r\n")
            if not _:
                head, _, payload = done.stdout.partition(b"\n\n")
            status = 200
            headers = []
            for line in head.decode("latin-1").splitlines():
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = int(value.strip().split()[0])
                elif name:
                    headers.append((name, value.strip()))
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._cgi("GET")

        def do_POST(self) -> None:
            self._cgi("POST")

    with _serve(Handler) as (url, _):
        server.url = url
        yield server
