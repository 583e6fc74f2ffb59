"""Google's side of sign-in on loopback: a signing key of our own, identity tokens signed with
it by google-auth, and its certificate served the way Google serves its own (a JSON object of
key id -> PEM certificate, with `Cache-Control: max-age`), counting the downloads."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

from addin.google.signin import GoogleKeys

AUDIENCE = "1234-script.apps.googleusercontent.com"
KEY_ID = "test-key-1"


class SigningKey:
    """An RSA key and its self-signed certificate, as Google publishes its own."""

    def __init__(self, key_id: str = KEY_ID) -> None:
        self.key_id = key_id
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ilr test signer")])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .sign(self.private, hashes.SHA256())
        )
        self.certificate = certificate.public_bytes(serialization.Encoding.PEM).decode()

    def sign(self, claims: dict[str, Any], key_id: str | None = None) -> str:
        """A JWT of `claims`, RS256-signed by this key, naming `key_id` (default: its own)."""
        pem = self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        signer = crypt.RSASigner.from_string(pem, key_id=key_id or self.key_id)
        return jwt.encode(signer, claims).decode()


class GoogleStandIn:
    """Signs identity tokens and serves the certificate that checks them."""

    def __init__(self, max_age: int = 300) -> None:
        self.key = SigningKey()
        self.max_age = max_age
        self.downloads = 0
        stand_in = self

        class Certs(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stand_in.downloads += 1
                body = json.dumps({stand_in.key.key_id: stand_in.key.certificate}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", f"public, max-age={stand_in.max_age}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Certs)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/oauth2/v1/certs"

    def keys(self, clock: Any = time.monotonic) -> GoogleKeys:
        """Where the server under test gets the signing keys: this stand-in."""
        return GoogleKeys(self.url, clock=clock)

    def token(self, email: str = "coach@lincoln.k12.us", **claims: Any) -> str:
        """An identity token as `ScriptApp.getIdentityToken()` gives one, for AUDIENCE."""
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": "https://accounts.google.com",
            "aud": AUDIENCE,
            "sub": "1070000000000000000",
            "email": email,
            "email_verified": True,
            "iat": now,
            "exp": now + 3600,
        }
        domain = email.rpartition("@")[2]
        if domain != "gmail.com":
            payload["hd"] = domain  # a Google Workspace account
        payload.update(claims)
        return self.key.sign({k: v for k, v in payload.items() if v is not None})

    def serving(self) -> Iterator[GoogleStandIn]:
        thread = threading.Thread(target=self.http.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.http.shutdown()
            self.http.server_close()
            thread.join(5)
