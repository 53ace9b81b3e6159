#!/usr/bin/env python3
"""A static file server over HTTPS on 127.0.0.1, for the read-only web remote's tests.

Usage: static_https_server.py ROOT CERT_DIR [--ignore-ranges] [--no-etags]

Serves GET and HEAD of the files under ROOT with Content-Length, an ETag (unless --no-etags) and single
byte ranges (`Range: bytes=a-b`, `a-`, `-n`: 206 with Content-Range, 416 past the end), or the whole
file with 200 when --ignore-ranges (as some servers do). A certificate authority and a certificate for
127.0.0.1 / localhost signed by it are made at start in CERT_DIR; clients trust CERT_DIR/ca.pem.
Prints {"port": N, "ca_file": PATH} on stdout when ready; exits at end of stdin.
"""
import datetime
import hashlib
import ipaddress
import json
import os
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_certificates(directory):
    """A CA certificate (what clients trust) and a server certificate it signs."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cairn test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
                   .issuer_name(ca_name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([
                       x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                       critical=False)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                                  critical=False)
                   .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    ca_file = os.path.join(directory, "ca.pem")
    with open(ca_file, "wb") as f:
        f.write(ca.public_bytes(pem))
    chain_file = os.path.join(directory, "server.pem")
    with open(chain_file, "wb") as f:
        f.write(certificate.public_bytes(pem) + ca.public_bytes(pem))
    key_file = os.path.join(directory, "server.key")
    with open(key_file, "wb") as f:
        f.write(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return ca_file, chain_file, key_file


def parse_range(header, size):
    """(start, end inclusive) of a single `bytes=` range, None when absent or malformed (ignored, as
    RFC 9110 allows), or "unsatisfiable"."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].strip().partition("-")
    try:
        if first == "":
            suffix = int(last)
            if suffix == 0:
                return "unsatisfiable"
            return (max(0, size - suffix), size - 1)
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if end < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return (start, min(end, size - 1))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    ignore_ranges = False
    etags = True

    def log_message(self, *args):
        pass

    def send_body(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        relative = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
        parts = relative.split("/")
        path = os.path.join(self.root, *parts)
        if ".." in parts or not os.path.isfile(path):
            self.send_body(404, b"not found\n", [("Content-Type", "text/plain")])
            return
        with open(path, "rb") as f:
            data = f.read()
        headers = [("Content-Type", "application/octet-stream")]
        if self.etags:
            headers.append(("ETag", '"' + hashlib.sha256(data).hexdigest()[:32] + '"'))
        if self.ignore_ranges:
            self.send_body(200, data, headers)
            return
        headers.append(("Accept-Ranges", "bytes"))
        byte_range = parse_range(self.headers.get("Range"), len(data))
        if byte_range is None:
            self.send_body(200, data, headers)
        elif byte_range == "unsatisfiable":
            self.send_body(416, b"", headers + [("Content-Range", f"bytes */{len(data)}")])
        else:
            start, end = byte_range
            self.send_body(206, data[start:end + 1],
                           headers + [("Content-Range", f"bytes {start}-{end}/{len(data)}")])

    do_HEAD = do_GET


def main():
    root, cert_dir = sys.argv[1], sys.argv[2]
    Handler.root = root
    Handler.ignore_ranges = "--ignore-ranges" in sys.argv
    Handler.etags = "--no-etags" not in sys.argv
    ca_file, chain_file, key_file = make_certificates(cert_dir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain_file, key_file)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1], "ca_file": ca_file}), flush=True)
    for _ in sys.stdin:
        pass
    server.shutdown()


if __name__ == "__main__":
    main()
