#!/usr/bin/python3
"""`make demo`: with `make run` up, plays one whole verification on the demo data and prints each step
with what to notice, for people who want to see it before reading it (README "Demo: a whole
verification with curl" is the same by hand):

  1. the portal (Example Exchange) signs in and starts a verification with the officer's password and a
     fresh one-time code: the service answers a binding message with a code;
  2. the agency's system (the demo's webhook contact) receives the signed confirmation request, checks
     its Standard Webhooks signature, shows the binding message (the same code) and approves, signing
     its decision with DEMO_WEBHOOK_SECRET as scripts/demo-contact.java does;
  3. the portal polls until the trust token is issued, and the token's claims are shown;
  4. introspection says active; the portal revokes the token; introspection says inactive.

It listens itself where the demo contact would (DEMO_WEBHOOK_URL, 127.0.0.1:8089): stop a running
scripts/demo-contact.java first. Exits non-zero, saying why, on any failure.

Environment: as scripts/demo-seed.py (AGENCY_VERIFY_SERVICE_URL, AGENCY_VERIFY_CACHE, ...).
Standard library only.
"""
import base64
import hashlib
import hmac
import http.server
import importlib.machinery
import importlib.util
import json
import os
import queue
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def load_demo():
    # demo-seed.py has a dash in its name: load it as a module for its HTTP, TOTP and state helpers.
    loader = importlib.machinery.SourceFileLoader("demo_seed", os.path.join(HERE, "demo-seed.py"))
    spec = importlib.util.spec_from_loader("demo_seed", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


demo = load_demo()
Failed = demo.Failed
TOLERANCE = 300  # seconds either side of webhook-timestamp, as Standard Webhooks recommends


def step(number, title):
    print(f"\n== {number}. {title}", flush=True)


def say(text):
    print("   " + text, flush=True)


def notice(text):
    print("   >> notice: " + text, flush=True)


# --- the agency's system --------------------------------------------------------------------------

def hmac_key(secret):
    if not secret.startswith("whsec_"):
        raise Failed("DEMO_WEBHOOK_SECRET must start with whsec_")
    return base64.b64decode(secret[len("whsec_"):])


def signature(key, message_id, timestamp, body):
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class AgencySystem(http.server.ThreadingHTTPServer):
    """The demo's webhook contact: accepts only confirmation requests signed with its secret and fresh,
    and hands them over to the play; everything else (notices) is acknowledged."""

    daemon_threads = True

    def __init__(self, address, key):
        self.key = key
        self.requests = queue.Queue()
        super().__init__(address, Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        message_id, timestamp = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "0")
        expected = signature(self.server.key, message_id, timestamp, body)
        given = (self.headers.get("webhook-signature") or "").split(" ")
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= TOLERANCE
        if not any(hmac.compare_digest(expected, s) for s in given) or not fresh:
            self.answer(401, "signature does not verify")
            return
        event = json.loads(body)
        if event.get("type") == "verification.confirmation_requested":
            self.server.requests.put((message_id, event["data"]))
        self.answer(202, "received")

    def answer(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def decide(key, respond_to, data):
    """APPROVE, signed as the agency's system signs: the signature covers these exact bytes."""
    body = json.dumps({"decision": "APPROVE", "secret": data["secret"]})
    message_id, now = "msg_" + secrets.token_urlsafe(16), str(int(time.time()))
    request = urllib.request.Request(respond_to, data=body.encode(), method="POST", headers={
        "Content-Type": "application/json", "webhook-id": message_id, "webhook-timestamp": now,
        "webhook-signature": signature(key, message_id, now, body)})
    try:
        with demo.OPENER.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


# --- the play -------------------------------------------------------------------------------------

def claims_of(jwt):
    header, payload = (json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in jwt.split(".")[:2])
    return header, payload


def code_of(binding_message):
    return binding_message.rsplit("Code ", 1)[-1].strip().strip('"') if "Code " in binding_message else ""


def introspect(portal_token, trust_token):
    status, _, text = demo.call("POST", demo.SERVICE + "/v1/tokens/introspect", token=portal_token, form={"token": trust_token})
    if status != 200:
        raise Failed(f"introspection answered HTTP {status}: {text[:300]}")
    return json.loads(text)


def play(state):
    key = hmac_key(state["DEMO_WEBHOOK_SECRET"])
    webhook = urllib.parse.urlparse(state["DEMO_WEBHOOK_URL"])
    try:
        agency_system = AgencySystem((webhook.hostname, webhook.port), key)
    except OSError as e:
        raise Failed(f"cannot listen on {webhook.hostname}:{webhook.port} as the agency's system ({e.strerror}):"
                     " is scripts/demo-contact.java running? Stop it: make demo plays the agency's system itself")
    threading.Thread(target=agency_system.serve_forever, daemon=True).start()
    try:
        return play_with(state, key, agency_system)
    finally:
        agency_system.shutdown()


def play_with(state, key, agency_system):
    step(1, "The portal (Example Exchange) signs in at Keycloak with its client credentials")
    portal_token = demo.token({"grant_type": "client_credentials", "client_id": state["DEMO_PORTAL_CLIENT_ID"],
                               "client_secret": state["DEMO_PORTAL_CLIENT_SECRET"]})
    say(f"client {state['DEMO_PORTAL_CLIENT_ID']}: a bearer token of 5 minutes")

    step(2, f"The portal starts a verification for {state['DEMO_OFFICER_EMAIL']} (password + one-time code)")
    otp = demo.fresh_totp("officer", state["DEMO_OFFICER_TOTP_SECRET"])
    case = "DEMO-" + time.strftime("%Y%m%d-%H%M%S")
    started = demo.api("POST", "/v1/verifications", {
        "email": state["DEMO_OFFICER_EMAIL"], "domain": state["DEMO_DOMAIN"], "purpose": "SUBPOENA", "caseReference": case,
        "credentials": {"type": "password", "password": state["DEMO_OFFICER_PASSWORD"], "otp": otp}},
        token=portal_token, expect=(202,))
    portal_code = code_of(started["bindingMessage"])
    say(f"202 Accepted: verification {started['id']}, state {started['state']}")
    say(f"binding message: {started['bindingMessage']}")
    notice(f"the code {portal_code}: the portal shows it to the officer; the agency's contact will see it too")

    step(3, "The agency's system receives the signed confirmation request (webhook, Standard Webhooks HMAC)")
    deadline = time.time() + 60
    while True:
        try:
            message_id, data = agency_system.requests.get(timeout=max(0.1, deadline - time.time()))
        except queue.Empty:
            raise Failed("no confirmation request reached the agency's system within 60 s"
                         f" ({state['DEMO_WEBHOOK_URL']}; see the service's log)")
        if data.get("verificationId") in (None, started["id"]) and data.get("caseReference") == case:
            break
    contact_code = data.get("bindingCode") or code_of(data.get("bindingMessage", ""))
    say(f"request {message_id}, signature checked with DEMO_WEBHOOK_SECRET")
    say(f"binding message: {data['bindingMessage']}")
    if contact_code != portal_code:
        raise Failed(f"the contact sees the code {contact_code}, the portal {portal_code}: not the same request")
    notice(f"the same code {contact_code} on both sides: the contact confirms this request and no other")
    # As scripts/demo-contact.java: a decision goes only to the service the demo data names.
    if not data["respondTo"].startswith(state["DEMO_SERVICE_URL"].rstrip("/") + "/"):
        raise Failed(f"respondTo {data['respondTo']} is not under DEMO_SERVICE_URL {state['DEMO_SERVICE_URL']}: not answering")
    status, text = decide(key, data["respondTo"], data)
    if status != 200:
        raise Failed(f"the contact's APPROVE answered HTTP {status}: {text[:300]}")
    say(f"APPROVE, signed, to {data['respondTo']}: HTTP {status} {text}")

    step(4, "The portal polls (no faster than pollInterval) until the trust token is issued")
    interval = int(started.get("pollInterval", 5))
    deadline = time.time() + 90
    while True:
        view = demo.api("GET", "/v1/verifications/" + started["id"], token=portal_token)
        say(f"state {view['state']}")
        if view["state"] not in ("PENDING_CONFIRMATION", "APPROVED"):
            break
        if time.time() > deadline:
            raise Failed("no trust token within 90 s of the approval")
        time.sleep(interval)
    if view["state"] != "TOKEN_ISSUED" or not view.get("trustToken"):
        raise Failed(f"the verification ended {view['state']}, with no trust token")
    trust_token = view["trustToken"]
    header, claims = claims_of(trust_token)
    say(f"header  typ {header.get('typ')}, alg {header.get('alg')}, kid {header.get('kid')}")
    details = (claims.get("authorization_details") or [{}])[0]
    for name, value in [("iss", claims.get("iss")), ("sub", claims.get("sub") + " (the officer's id)"),
                        ("aud", claims.get("aud")), ("email", claims.get("email")),
                        ("agency", f"{claims['agency'].get('name')}, {claims['agency'].get('domain')}"),
                        ("amr", json.dumps(claims.get("amr"))),
                        ("request", f"{details.get('purpose')} in case {details.get('case_reference')}"),
                        ("lifetime", f"{claims['exp'] - claims['iat']} s, until " + time.strftime("%H:%M:%S UTC", time.gmtime(claims["exp"]))),
                        ("jti", claims.get("jti"))]:
        say(f"{name:8} {value}")
    notice("amr holds pwd and otp (the officer's sign-in) and oob (the agency's out-of-band confirmation);"
           " aud is this portal's audience alone")

    step(5, "The portal checks the token online (RFC 7662 introspection)")
    answer = introspect(portal_token, trust_token)
    say(f"active {answer.get('active')}, token_type {answer.get('token_type')}, client_id {answer.get('client_id')}")
    if answer.get("active") is not True:
        raise Failed(f"a fresh token is not active: {answer}")
    notice("only \"active\": true counts; another portal asking gets {\"active\": false}")

    step(6, "The portal revokes the token (RFC 7009), then checks it again")
    status, _, text = demo.call("POST", demo.SERVICE + "/v1/tokens/revoke", token=portal_token, form={"token": trust_token})
    if status != 200:
        raise Failed(f"revocation answered HTTP {status}: {text[:300]}")
    say("revoke: HTTP 200")
    answer = introspect(portal_token, trust_token)
    say(f"introspection now: {json.dumps(answer)}")
    if answer.get("active") is not False:
        raise Failed(f"a revoked token is still active: {answer}")
    notice("inactive at once, though the token's signature and exp still look valid offline:"
           " portals that must see revocations check online")
    print("\n[demo] done: one verification, start to revocation", flush=True)
    return 0


def main():
    state = demo.load()
    status = 0
    try:
        status, _, _ = demo.call("GET", demo.SERVICE + "/q/health/ready")
    except OSError:
        pass
    if status != 200:
        raise Failed(f"the service at {demo.SERVICE} is not up and ready"
                     f"{'' if status == 0 else f' (ready: HTTP {status})'}: start it with `make run` in another terminal")
    needed = ["DEMO_PORTAL_CLIENT_ID", "DEMO_PORTAL_CLIENT_SECRET", "DEMO_OFFICER_EMAIL", "DEMO_OFFICER_TOTP_SECRET",
              "DEMO_WEBHOOK_SECRET", "DEMO_WEBHOOK_URL", "DEMO_SERVICE_URL"]
    if any(not state.get(k) for k in needed):
        raise Failed(f"no demo data in {demo.STATE}: `make run` seeds it (not with DEMO=off)")
    return play(state)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failed as e:
        print("[demo] FAILED: " + str(e), file=sys.stderr, flush=True)
        sys.exit(1)
