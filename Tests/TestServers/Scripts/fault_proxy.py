#!/usr/bin/env python3
"""A reverse proxy on 127.0.0.1 that injects faults in front of another HTTP server.

Usage: fault_proxy.py TARGET_BASE_URL   (e.g. http://127.0.0.1:5000)

Requests are forwarded with path, query and headers unchanged, Host included, so a SigV4 signature
made for the proxy's address still verifies at the target (moto checks the Host it is given).

Control, by HTTP or by a line on stdin (the Swift launcher's channel):
  POST /__control  or stdin "control JSON"  with any of
      {"latency_ms": 20}                              added before every forwarded request
      {"faults": [{"kind": K, "method": "GET", "path": "objects/", "count": 2, ...}]}
            appended to the queue; a request takes the first fault whose method (if given) and path
            substring (if given) match. Kinds:
              status          answer `status` (default 500) with an S3 XML error `code`
                              (default InternalError) without forwarding
              slowdown        503 with S3 error code SlowDown
              response        answer `status` with `body` (text) and `headers` ({name: value}) as
                              given, without forwarding: a malformed or unexpected answer
              drop_request    read half the request body (none if empty), then close the connection
              drop_response   forward, send the headers and half the body, then close (an
                              answer without a body is dropped whole)
              stall           wait `seconds` (default 5) without answering, then close
      {"clear_faults": true}  {"reset_stats": true}
  GET /__stats  or stdin "stats"  ->  {"requests": {METHOD: n}, "request_bytes": {METHOD: n},
      "response_bytes": {METHOD: n}, "faults_injected": n, "faults_pending": n, "connections": n}
      (bytes are message bodies: request bodies from clients, response bodies to clients)
Prints {"port": N} on stdout when ready; exits at end of stdin.
"""
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "content-length"}


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency_ms = 0
        self.faults = []
        self.reset_stats()

    def reset_stats(self):
        self.requests, self.request_bytes, self.response_bytes = {}, {}, {}
        self.faults_injected = 0
        self.connections = 0

    def control(self, command):
        with self.lock:
            if command.get("clear_faults"):
                self.faults = []
            if command.get("reset_stats"):
                self.reset_stats()
            if "latency_ms" in command:
                self.latency_ms = int(command["latency_ms"])
            for fault in command.get("faults", []):
                fault = dict(fault)
                fault.setdefault("count", 1)
                self.faults.append(fault)
        return {"ok": True}

    def take_fault(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault.get("method") not in (None, method):
                    continue
                if fault.get("path") and fault["path"] not in path:
                    continue
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self.faults.remove(fault)
                self.faults_injected += 1
                return fault
        return None

    def count(self, method, request_bytes=0, response_bytes=0, request=False):
        with self.lock:
            if request:
                self.requests[method] = self.requests.get(method, 0) + 1
            self.request_bytes[method] = self.request_bytes.get(method, 0) + request_bytes
            self.response_bytes[method] = self.response_bytes.get(method, 0) + response_bytes

    def stats(self):
        with self.lock:
            return {"requests": dict(self.requests), "request_bytes": dict(self.request_bytes),
                    "response_bytes": dict(self.response_bytes),
                    "faults_injected": self.faults_injected, "faults_pending": len(self.faults),
                    "connections": self.connections}

    def count_connection(self):
        with self.lock:
            self.connections += 1


STATE = State()
TARGET = None  # (host, port)


def s3_error(code, message):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message><RequestId>fault-proxy</RequestId></Error>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        STATE.count_connection()

    def do_GET(self):
        self.handle_any()

    do_HEAD = do_PUT = do_POST = do_DELETE = do_GET

    def reply(self, status, body, content_type="application/json", headers=()):
        self.send_response_only(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return len(body) if self.command != "HEAD" else 0

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__control":
            command = json.loads(self.rfile.read(length) or b"{}")
            self.reply(200, json.dumps(STATE.control(command)).encode())
            return
        if path == "/__stats":
            self.rfile.read(length)
            self.reply(200, json.dumps(STATE.stats()).encode())
            return

        method = self.command
        STATE.count(method, request=True)
        if STATE.latency_ms:
            time.sleep(STATE.latency_ms / 1000)
        fault = STATE.take_fault(method, self.path)
        kind = fault["kind"] if fault else None

        if kind == "drop_request":
            part = self.rfile.read(length // 2) if length else b""
            STATE.count(method, request_bytes=len(part))
            self.drop()
            return
        body = self.rfile.read(length) if length else b""
        STATE.count(method, request_bytes=len(body))
        if kind == "stall":
            time.sleep(float(fault.get("seconds", 5)))
            self.drop()
            return
        if kind == "response":
            sent = self.reply(int(fault.get("status", 200)), fault.get("body", "").encode(),
                              fault.get("content_type", "application/xml"),
                              list(fault.get("headers", {}).items()))
            STATE.count(method, response_bytes=sent)
            return
        if kind in ("status", "slowdown"):
            status = 503 if kind == "slowdown" else int(fault.get("status", 500))
            code = "SlowDown" if kind == "slowdown" else fault.get("code", "InternalError")
            sent = self.reply(status, s3_error(code, f"injected by the fault proxy ({status})"),
                              "application/xml")
            STATE.count(method, response_bytes=sent)
            return

        connection = http.client.HTTPConnection(*TARGET, timeout=120)
        try:
            connection.putrequest(method, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    connection.putheader(name, value)
            if length or method in ("PUT", "POST"):
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body if body else None)
            response = connection.getresponse()
            data = response.read()
            headers = [(n, v) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP]
            content_length = response.getheader("Content-Length")
        except OSError as error:
            self.reply(502, s3_error("BadGateway", f"fault proxy: {error}"), "application/xml")
            return
        finally:
            connection.close()

        if kind == "drop_response" and not data:
            self.drop()  # nothing to cut in half: the answer is lost whole, after the target applied it
            return
        self.send_response_only(response.status, response.reason)
        for name, value in headers:
            self.send_header(name, value)
        if method == "HEAD":
            if content_length is not None:
                self.send_header("Content-Length", content_length)
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if method == "HEAD":
            return
        if kind == "drop_response":
            half = data[: len(data) // 2]
            self.wfile.write(half)
            self.wfile.flush()
            STATE.count(method, response_bytes=len(half))
            self.drop()
            return
        self.wfile.write(data)
        STATE.count(method, response_bytes=len(data))


def main():
    global TARGET
    target = urllib.parse.urlsplit(sys.argv[1])
    TARGET = (target.hostname, target.port or 80)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        try:
            if line == "stats":
                print(json.dumps(STATE.stats()), flush=True)
            elif line.startswith("control "):
                print(json.dumps(STATE.control(json.loads(line[len("control "):]))), flush=True)
            elif line:
                print(json.dumps({"error": f"unknown command {line!r}"}), flush=True)
        except Exception as error:  # the launcher reads the reason
            print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
