"""GitHub App keys made at test time (never committed) and App JWTs signed with them."""

import base64
import json
import pathlib
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class AppKey:
    """An RSA key pair in the PEM forms a GitHub App owner meets: PKCS#1 as GitHub issues it,
    PKCS#8 after conversion, and the public key the stand-in verifies with."""

    def __init__(self, bits=2048):
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        self.pkcs1_pem = self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()).decode("ascii")
        self.pkcs8_pem = self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode("ascii")
        self.public_pem = self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")

    def write_pkcs1(self, path):
        return _write_private(path, self.pkcs1_pem)

    def write_pkcs8(self, path):
        return _write_private(path, self.pkcs8_pem)

    def escaped_pkcs1(self):
        """The PKCS#1 PEM on one line with literal "\\n", as it often sits in an env file."""
        return self.pkcs1_pem.replace("\n", "\\n")

    def secret_pieces(self):
        """Strings that must never appear in any output: every base64 line of both private
        forms (a leak of any line is a leak), and the escaped one-line form."""
        pieces = set()
        for pem in (self.pkcs1_pem, self.pkcs8_pem):
            pieces.update(line for line in pem.splitlines() if line and not line.startswith("-----"))
        pieces.add(self.escaped_pkcs1()[40:120])
        return sorted(pieces)

    def sign_jwt(self, claims, header=None):
        """An RS256 JWT over `claims` (any JSON object), with `header` (default alg RS256)."""
        header = header or {"alg": "RS256", "typ": "JWT"}
        signing_input = (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                         _b64url(json.dumps(claims, separators=(",", ":")).encode()))
        signature = self.private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(),
                                          hashes.SHA256())
        return signing_input + "." + _b64url(signature)

    def app_jwt(self, app_id, now=None, iat_offset=-60, lifetime=540):
        """A JWT as GitHub wants it: iat a minute in the past, exp within ten minutes of iat."""
        now = int(time.time() if now is None else now)
        iat = now + iat_offset
        return self.sign_jwt({"iat": iat, "exp": iat + lifetime, "iss": str(app_id)})


def _write_private(path, pem):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pem, encoding="ascii")
    path.chmod(0o600)
    return path


_cached = {}


def app_key(name="default"):
    """One key per name for the whole process: 2048-bit generation takes a while."""
    if name not in _cached:
        _cached[name] = AppKey()
    return _cached[name]
