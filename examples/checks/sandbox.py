#!/usr/bin/env python3
"""A local stand-in for the Acme API, so examples/checks/runbook.md can run anywhere.

HTTPS on 127.0.0.1:8443 (certificate for localhost from a throwaway CA, valid 400 days),
HTTP on 127.0.0.1:8080 redirecting to it, plus a one-answer Prometheus at /prom.
Certificates are made with the openssl command into examples/checks/sandbox/.
    python3 examples/checks/sandbox.py [--https-port 8443] [--http-port 8080]
"""
import argparse, base64, json, os, ssl, subprocess, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "sandbox")
RELEASE_SHA = "4f2a9c1e"
TOKEN = os.environ.get("ACME_API_TOKEN", "t0ken-s3cret-value")


def certificates():
    os.makedirs(DIR, exist_ok=True)
    ca, leaf = os.path.join(DIR, "ca.pem"), os.path.join(DIR, "leaf.pem")
    if os.path.exists(ca) and os.path.exists(leaf):
        return
    def run(*args):
        subprocess.run(["openssl", *args], check=True, cwd=DIR, capture_output=True)
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "3650",
        "-subj", "/CN=Liftoff Sandbox CA", "-keyout", "ca.key", "-out", "ca.pem")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "leaf.key", "-out", "leaf.csr")
    with open(os.path.join(DIR, "san.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "400", "-extfile", "san.ext", "-out", "leaf.pem")


def jwt():
    def seg(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return seg({"alg": "HS256", "typ": "JWT"}) + "." + seg({"sub": "smoke", "exp": int(time.time()) + 3600}) + ".c2ln"


class Handler(BaseHTTPRequestHandler):
    https_port = 8443

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        data = body.encode() if isinstance(body, str) else json.dumps(body, separators=(",", ":")).encode()
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        secure = isinstance(self.connection, ssl.SSLSocket)
        path = self.path.split("?")[0]
        if not secure and path == "/":
            return self.send(301, "", [("Location", f"https://localhost:{self.https_port}/")])
        if path == "/prom/api/v1/query":
            return self.send(200, {"status": "success", "data": {"resultType": "vector",
                             "result": [{"metric": {}, "value": [time.time(), "2"]}]}})
        if path == "/":
            return self.send(200, "acme", [("Strict-Transport-Security", "max-age=63072000; includeSubDomains")])
        if path == "/healthz":
            return self.send(200, {"data": {"status": "ok", "sha": RELEASE_SHA, "checks": {"db": {"status": "pass"}}}},
                             [("Content-Type", "application/json")])
        if path == "/api/v2/users/me":
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self.send(401, {"error": "unauthorized"})
            return self.send(200, {"user": "smoke"})
        self.send(404, "not found")

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/api/v2/auth/token":
            return self.send(200, {"access_token": jwt(), "token_type": "Bearer"}, [("Content-Type", "application/json")])
        self.send(404, "not found")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--http-port", type=int, default=8080)
    args = parser.parse_args()
    certificates()
    Handler.https_port = args.https_port
    https = ThreadingHTTPServer(("127.0.0.1", args.https_port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(DIR, "leaf.pem"), os.path.join(DIR, "leaf.key"))
    # Handshakes happen in the handler threads, so a slow or silent client cannot block accept.
    https.socket = context.wrap_socket(https.socket, server_side=True, do_handshake_on_connect=False)
    http = ThreadingHTTPServer(("127.0.0.1", args.http_port), Handler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    print(f"sandbox: https://localhost:{args.https_port}  http://127.0.0.1:{args.http_port}  CA {DIR}/ca.pem", flush=True)
    https.serve_forever()


if __name__ == "__main__":
    main()
