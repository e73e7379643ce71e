#!/usr/bin/python3
"""The credentials `make bench` (scripts/bench.sh) loads the servers with, obtained the way a portal
obtains them: demo-like data seeded through the service's API (scripts/demo-seed.py, reused as a
module), a verification with the officer's password and one-time code, approved by the agency's
webhook contact (scripts/demo-contact.java --auto-approve, started by bench.sh), and the trust
token collected from GET /v1/verifications/{id}.

  scripts/bench-flow.py seed              seed the bench data, or reuse it while it still holds
  scripts/bench-flow.py prepare OUT_DIR   get the tokens (the demo contact must be listening) and
                                          write one wrk request file per benchmark into OUT_DIR (mode 600)

Environment: as scripts/demo-seed.py (AGENCY_VERIFY_CACHE, AGENCY_VERIFY_SERVICE_URL, ...); bench.sh
points them at the bench's own service, cache, DNS and receiver ports. Nothing secret is printed.
Standard library only.
"""
import importlib.machinery
import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load_demo():
    # demo-seed.py is a script (a dash in its name): load it as a module to reuse its HTTP, Keycloak
    # and TOTP helpers and its seeding, rather than a second copy of them.
    loader = importlib.machinery.SourceFileLoader("demo_seed", os.path.join(HERE, "demo-seed.py"))
    spec = importlib.util.spec_from_loader("demo_seed", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


demo = load_demo()


def log(message):
    print("[bench] " + message, file=sys.stderr, flush=True)
def trust_token(state, portal_token):
    """Starts a verification with password + OTP and waits for the contact's approval and the token."""
    # A code Keycloak has not seen (the seed's and earlier benches' are recorded): a refused one would
    # count towards its brute-force lock-out.
    otp = demo.fresh_totp("officer", state["DEMO_OFFICER_TOTP_SECRET"])
    started = demo.api("POST", "/v1/verifications", {
        "email": state["DEMO_OFFICER_EMAIL"], "domain": state["DEMO_DOMAIN"], "purpose": "SUBPOENA",
        "caseReference": "BENCH-" + time.strftime("%Y%m%d-%H%M%S"),
        "credentials": {"type": "password", "password": state["DEMO_OFFICER_PASSWORD"], "otp": otp}},
        token=portal_token, expect=(202,))
    log(f"verification {started['id']} started, waiting for the webhook contact's approval")
    interval = int(started.get("pollInterval", 5))
    deadline = time.time() + 90
    while time.time() < deadline:
        time.sleep(interval + 0.2)  # never faster than pollInterval (429 slow-down otherwise)
        seen = demo.api("GET", "/v1/verifications/" + started["id"], token=portal_token)
        if seen.get("trustToken"):
            log(f"verification {started['id']} is {seen['state']}: trust token collected")
            return seen["trustToken"]
        if seen.get("state") not in ("PENDING_CONFIRMATION", "APPROVED"):
            raise demo.Failed(f"verification {started['id']} ended {seen.get('state')}, not approved")
    raise demo.Failed("no approval within 90 s: is the demo contact running? (see its log)")


KC_BENCH_CLIENT = "agency-verify-bench"


def keycloak_client():
    """A confidential client of the bench's own for Keycloak's introspection endpoint, and a token to
    introspect. Keycloak 26.7 answers `active: false` unless the introspecting client is in the
    token's audience, so the client's own client-credentials tokens name it (an audience mapper).
    Made once through the admin API (as the service makes portal clients); made again after the
    realm was replaced. Answers (client id, secret, access token)."""
    found = demo.kc_admin("GET", "/clients?" + demo.urllib.parse.urlencode({"clientId": KC_BENCH_CLIENT}))
    if not found:
        demo.kc_admin("POST", "/clients", {
            "clientId": KC_BENCH_CLIENT, "name": "make bench (Keycloak's own introspection, local only)",
            "protocol": "openid-connect", "publicClient": False, "serviceAccountsEnabled": True,
            "standardFlowEnabled": False, "directAccessGrantsEnabled": False, "implicitFlowEnabled": False,
            "protocolMappers": [{"name": "bench audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                                 "config": {"included.client.audience": KC_BENCH_CLIENT, "access.token.claim": "true",
                                            "id.token.claim": "false", "introspection.token.claim": "true"}}]},
            expect=(201,))
        found = demo.kc_admin("GET", "/clients?" + demo.urllib.parse.urlencode({"clientId": KC_BENCH_CLIENT}))
        log(f"Keycloak client {KC_BENCH_CLIENT} created for the Keycloak introspection benchmark")
    secret = demo.kc_admin("GET", f"/clients/{found[0]['id']}/client-secret")["value"]
    access = demo.token({"grant_type": "client_credentials", "client_id": KC_BENCH_CLIENT, "client_secret": secret})
    return KC_BENCH_CLIENT, secret, access


def request_file(path, method, target, headers=(), body=""):
    """One request for bench/wrk.lua: method and path, header lines, a blank line, the body."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        f.write(f"{method} {target}\n")
        for header in headers:
            f.write(header + "\n")
        f.write("\n" + body)


def form(**fields):
    return demo.urllib.parse.urlencode(fields)


def check(method, url, body, headers, expect):
    """The benchmarked request once by hand: it must answer 2xx with `expect` in the body."""
    request = demo.urllib.request.Request(url, data=body.encode() if body else None, method=method,
                                          headers=dict(h.split(": ", 1) for h in headers))
    try:
        with demo.OPENER.open(request, timeout=10) as response:
            status, text = response.status, response.read().decode()
    except demo.urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode(errors="replace")
    if status // 100 != 2 or expect not in text:
        raise demo.Failed(f"{method} {url} answered HTTP {status} without {expect!r}: {text[:160]}")


def seed():
    os.makedirs(demo.CACHE, exist_ok=True)
    state = demo.load()
    if demo.still_holds(state):
        log(f"reusing the bench data in {demo.STATE} (agency {state['DEMO_AGENCY_ID']})")
        return
    state = demo.seed_new()
    log(f"bench data seeded in {demo.STATE} (agency {state['DEMO_AGENCY_ID']}, domain {state['DEMO_DOMAIN']})")


def prepare(out_dir):
    state = demo.load()
    portal_token = demo.token({"grant_type": "client_credentials", "client_id": state["DEMO_PORTAL_CLIENT_ID"],
                               "client_secret": state["DEMO_PORTAL_CLIENT_SECRET"]})
    token = trust_token(state, portal_token)

    bearer = "Authorization: Bearer " + portal_token
    form_type = "Content-Type: application/x-www-form-urlencoded"
    service, keycloak = demo.SERVICE, demo.ISSUER
    # Keycloak's own RFC 7662 endpoint: a confidential client authenticates with its secret (HTTP
    # Basic) and asks about an active access token of the realm.
    kc_client, kc_secret, kc_token = keycloak_client()
    basic = demo.base64.b64encode((kc_client + ":" + kc_secret).encode()).decode()
    benches = {
        "trivial": ("GET", service, "/q/health/live", [], "", '"UP"'),
        "introspection": ("POST", service, "/v1/tokens/introspect", [bearer, form_type], form(token=token), '"active":true'),
        # The same call with an empty token: the answer is `active: false` before any Redis lookup, so
        # this is what authenticating the portal (its RS256 bearer token) and the HTTP stack cost.
        "introspection-auth-only": ("POST", service, "/v1/tokens/introspect", [bearer, form_type], form(token=""),
                                    '"active":false'),
        "jwks": ("GET", service, "/.well-known/jwks.json", [], "", '"keys"'),
        # The Token Status List as a portal fetches it the first time (no If-None-Match: the whole signed
        # list, served from memory); a JWT's header always encodes to "eyJ".
        "status-list": ("GET", service, "/v1/status-lists/1", ["Accept: application/statuslist+jwt"], "", "eyJ"),
        "keycloak-introspection": ("POST", keycloak, "/protocol/openid-connect/token/introspect",
                                   ["Authorization: Basic " + basic, form_type], form(token=kc_token), '"active":true'),
    }
    for name, (method, base, target, headers, body, expect) in benches.items():
        check(method, base + target, body, headers, expect)
        full_target = demo.urllib.parse.urlsplit(base).path + target
        request_file(os.path.join(out_dir, name + ".req"), method, full_target, headers, body)
        with open(os.path.join(out_dir, name + ".expect"), "w") as f:
            f.write(expect)
    # What the results file states about the token (no secret: the claims' shape, not the token).
    claims = json.loads(demo.base64.urlsafe_b64decode(token.split(".")[1] + "==="))
    header = json.loads(demo.base64.urlsafe_b64decode(token.split(".")[0] + "==="))
    with open(os.path.join(out_dir, "token-facts"), "w") as f:
        f.write(f"{header.get('alg')} {header.get('typ')}, {len(token)} bytes, lives {claims['exp'] - claims['iat']} s\n")
    log("each benchmarked request answered as expected once (2xx, active tokens)")


def main(argv):
    if len(argv) == 2 and argv[1] == "seed":
        seed()
        return 0
    if len(argv) == 3 and argv[1] == "prepare":
        prepare(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except demo.Failed as e:
        log("ERROR: " + str(e))
        sys.exit(1)
