"""An AWS Signature Version 4 verifier, written from AWS's description of the algorithm, for the
strict S3 proxy: it recomputes the signature of a request as received and compares it with the
one the request carries, as S3 does.

It is independent of botocore on purpose: the project's signer is already cross-checked against
botocore's (test_sigv4_botocore.py), so a second check must not share botocore's reading of the
rules. It is tested against the AWS SigV4 test suite (tests/data/sigv4/) and against requests
botocore signs (test_sigv4_verifier.py).

The steps (AWS General Reference, "Create a signed AWS API request"):

 1. Canonical request, one item a line:
      method
      canonical URI    S3: the path exactly as sent (S3 neither re-encodes nor normalises it).
                       Other services: dot segments and empty segments removed, then every byte
                       but the unreserved ones and '/' percent-encoded (a wire path, encoded once
                       already, is so encoded twice).
      canonical query  each name and value percent-decoded, then percent-encoded with every
                       byte but A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex); pairs sorted by name,
                       then value; joined with '&'; a name without '=' has an empty value.
      canonical headers one "name:value\\n" per signed header: the name lower-cased, the values
                       of all its occurrences in order, each trimmed with inner runs of spaces
                       made one, joined with ','.
      signed headers   the SignedHeaders list of the Authorization header.
      payload hash     S3: the x-amz-content-sha256 header as sent; others: SHA-256 of the body.
 2. String to sign: "AWS4-HMAC-SHA256", the request time (x-amz-date), the credential scope
    (date/region/service/aws4_request) and the hex SHA-256 of the canonical request, a line each.
 3. Signing key: HMAC-SHA256 chained over "AWS4" + secret, date, region, service,
    "aws4_request".
 4. Signature: hex HMAC-SHA256 of the string to sign with the signing key.
"""

import collections
import datetime
import hashlib
import hmac
import re
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_SKEW_SECONDS = 15 * 60  # S3 refuses requests whose time is further off (RequestTimeTooSkewed)
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential\s*=\s*(?P<credential>[^,\s]+)\s*,\s*"
    r"SignedHeaders\s*=\s*(?P<signed>[^,\s]+)\s*,\s*Signature\s*=\s*(?P<signature>[0-9a-fA-F]+)\s*$")
_AMZ_DATE = re.compile(r"^\d{8}T\d{6}Z$")

Credential = collections.namedtuple("Credential", "access_key_id date region service terminator")

SigningDetails = collections.namedtuple(
    "SigningDetails", "canonical_request string_to_sign signature credential signed_headers")
SigningDetails.__doc__ = "What the verifier computed for a request, for messages and tests."


class Refusal(Exception):
    """A request S3 would refuse: HTTP status, S3 error code, message, and the extra elements S3
    puts in its error document (AWSAccessKeyId, StringToSign, CanonicalRequest, ...)."""

    def __init__(self, status, code, message, **extra):
        super().__init__("%s: %s" % (code, message))
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def uri_encode(data, keep_slash=False):
    """AWS's URI encoding: unreserved bytes stay, every other byte becomes %XX (upper case)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "".join(chr(byte) if byte in _UNRESERVED or (keep_slash and byte == 0x2F)
                   else "%%%02X" % byte for byte in data)


def canonical_query(raw_query):
    """The canonical query string of a raw (as sent) query string."""
    pairs = []
    for part in raw_query.split("&") if raw_query else ():
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((uri_encode(urllib.parse.unquote_to_bytes(name)),
                      uri_encode(urllib.parse.unquote_to_bytes(value))))
    pairs.sort()
    return "&".join("%s=%s" % pair for pair in pairs)


def normalized_path(path):
    """RFC 3986 dot-segment removal, with empty segments dropped too (what SigV4 does for every
    service but S3)."""
    segments = []
    pieces = path.split("/")
    for piece in pieces:
        if piece in ("", "."):
            continue
        if piece == "..":
            if segments:
                segments.pop()
            continue
        segments.append(piece)
    result = "/" + "/".join(segments)
    if segments and (path.endswith("/") or pieces[-1] in (".", "..")):
        result += "/"
    return result


def canonical_uri(raw_path, s3=True):
    if s3:
        return raw_path or "/"
    return uri_encode(normalized_path(raw_path or "/"), keep_slash=True)


def canonical_header_value(values):
    return ",".join(re.sub(r"[ \t]+", " ", value.strip()) for value in values)


def parse_authorization(value):
    """(Credential, [signed header names], signature) of an Authorization header value; raises
    Refusal when it is not a SigV4 header signature."""
    match = _AUTHORIZATION.match(value or "")
    if not match:
        raise Refusal(400, "AuthorizationHeaderMalformed",
                      "The authorization header is malformed; it is not "
                      "'AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...'.")
    parts = match.group("credential").split("/")
    if len(parts) != 5 or parts[4] != "aws4_request" or not re.fullmatch(r"\d{8}", parts[1]):
        raise Refusal(400, "AuthorizationHeaderMalformed",
                      "The authorization header is malformed; the Credential is mal-formed; "
                      "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
    signed = match.group("signed").split(";")
    if signed != sorted(signed) or any(name != name.lower() or not name for name in signed):
        raise Refusal(400, "AuthorizationHeaderMalformed",
                      "The authorization header is malformed; SignedHeaders must be lower-case "
                      "names in sorted order.")
    return Credential(*parts), signed, match.group("signature").lower()


def _header_values(headers, name):
    return [value for key, value in headers if key.lower() == name]


def request_time(headers):
    """The x-amz-date value (or Date, converted), as YYYYMMDDTHHMMSSZ; None when absent."""
    amz = _header_values(headers, "x-amz-date")
    if amz:
        return amz[0].strip()
    date = _header_values(headers, "date")
    if date:
        try:
            moment = datetime.datetime.strptime(date[0].strip(), "%a, %d %b %Y %H:%M:%S GMT")
        except ValueError:
            return None
        return moment.strftime("%Y%m%dT%H%M%SZ")
    return None


def signing_key(secret, date, region, service):
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def compute(method, target, headers, body=b"", secret="", s3=True):
    """The canonical request, string to sign and signature for a request that carries a SigV4
    Authorization header. `target` is the request target as sent (path and query), `headers`
    a list of (name, value) pairs in the order received."""
    credential, signed, _ = parse_authorization(
        (_header_values(headers, "authorization") or [""])[0])
    path, _, query = target.partition("?")
    lines = [method, canonical_uri(path, s3), canonical_query(query)]
    for name in signed:
        lines.append("%s:%s" % (name, canonical_header_value(_header_values(headers, name))))
    lines.append("")
    lines.append(";".join(signed))
    if s3:
        payload_hash = (_header_values(headers, "x-amz-content-sha256") or [""])[0].strip()
    else:
        payload_hash = hashlib.sha256(body or b"").hexdigest()
    lines.append(payload_hash)
    canonical_request = "\n".join(lines)
    scope = "/".join(credential[1:])
    string_to_sign = "\n".join([ALGORITHM, request_time(headers) or "", scope,
                                hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
    key = signing_key(secret, credential.date, credential.region, credential.service)
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return SigningDetails(canonical_request, string_to_sign, signature, credential, signed)


def _spaced_hex(text):
    return " ".join("%02x" % byte for byte in text.encode("utf-8"))


def verify(method, target, headers, body=b"", keys=None, s3=True, now=None,
           max_skew=MAX_SKEW_SECONDS):
    """Checks a request's SigV4 header signature the way S3 does; returns its SigningDetails or
    raises Refusal.

    `keys` maps an access key id to its secret, or to (secret, session token): a token, when
    given, must be the request's x-amz-security-token. `now` is seconds since the epoch (default:
    this machine's clock); None for `max_skew` skips the time check (for fixed test vectors)."""
    keys = keys or {}
    credential, signed, provided = parse_authorization(
        (_header_values(headers, "authorization") or [""])[0])
    if "host" not in signed:
        raise Refusal(403, "AccessDenied", "The host header is not signed.")
    when = request_time(headers)
    if when is None or not _AMZ_DATE.match(when):
        raise Refusal(403, "AccessDenied",
                      "AWS authentication requires a valid Date or x-amz-date header")
    if when[:8] != credential.date:
        raise Refusal(400, "AuthorizationHeaderMalformed",
                      "The authorization header is malformed; Invalid credential date. Date is "
                      "not the same as X-Amz-Date.")
    if s3:
        if credential.service != "s3":
            raise Refusal(400, "AuthorizationHeaderMalformed",
                          "The authorization header is malformed; incorrect service \"%s\". This "
                          "endpoint belongs to \"s3\"." % credential.service)
        if not _header_values(headers, "x-amz-content-sha256"):
            raise Refusal(400, "InvalidRequest",
                          "Missing required header for this request: x-amz-content-sha256")
        unsigned = sorted({name.lower() for name, _ in headers
                           if name.lower().startswith("x-amz-") and name.lower() not in signed})
        if unsigned:
            raise Refusal(403, "AccessDenied",
                          "There were headers present in the request which were not signed",
                          HeadersNotSigned=", ".join(unsigned))
    entry = keys.get(credential.access_key_id)
    if entry is None:
        raise Refusal(403, "InvalidAccessKeyId",
                      "The AWS Access Key Id you provided does not exist in our records.",
                      AWSAccessKeyId=credential.access_key_id)
    secret, token = entry if isinstance(entry, tuple) else (entry, None)
    if max_skew is not None:
        moment = datetime.datetime.strptime(when, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
        current = datetime.datetime.now(datetime.timezone.utc).timestamp() if now is None else now
        if abs(moment - current) > max_skew:
            raise Refusal(403, "RequestTimeTooSkewed",
                          "The difference between the request time and the current time is too "
                          "large.", RequestTime=when,
                          ServerTime=datetime.datetime.fromtimestamp(
                              current, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                          MaxAllowedSkewMilliseconds=str(int(max_skew * 1000)))
    if token is not None and (_header_values(headers, "x-amz-security-token") or [None])[0] != token:
        raise Refusal(400, "InvalidToken", "The provided token is malformed or otherwise invalid.")
    details = compute(method, target, headers, body, secret, s3)
    if not hmac.compare_digest(details.signature, provided):
        raise Refusal(403, "SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you "
                      "provided. Check your key and signing method.",
                      AWSAccessKeyId=credential.access_key_id,
                      StringToSign=details.string_to_sign, SignatureProvided=provided,
                      StringToSignBytes=_spaced_hex(details.string_to_sign),
                      CanonicalRequest=details.canonical_request,
                      CanonicalRequestBytes=_spaced_hex(details.canonical_request))
    return details
