#!/usr/bin/python3
"""Demo data for `make run`, made the way an operator and the people would make it: through the
service's own API (as the local demo operator), Keycloak's real sign-in pages (each person chooses a
known password and registers a known TOTP secret), and a local DNS server for the domain proof.

  scripts/demo-seed.py seed        seed, or reuse the demo data of an earlier run if it still holds
  scripts/demo-seed.py dns-start   (re)start the demo DNS server from the saved demo data, if any
  scripts/demo-seed.py dns-stop    stop the demo DNS server this script started
  scripts/demo-seed.py dns-publish DOMAIN VALUE
                                   publish DOMAIN's challenge TXT record on the demo DNS server, now and at
                                   every later start (the README walkthrough's own domain)
  scripts/demo-seed.py dns-unpublish DOMAIN
                                   take it away again (the service then finds the proof lost)
  scripts/demo-seed.py totp WHO    print a TOTP code of WHO (officer, contact, operator or second-operator) that
                                   was not used yet: the current one, or the next window's (waits when both were)
  scripts/demo-seed.py token WHO   sign in as WHO, operator or second-operator (the local demo operators:
                                   password + TOTP through Keycloak's pages) and print the access token
  scripts/demo-seed.py summary     print what the demo data is
  scripts/demo-seed.py accept-invitation EMAIL
                                   be the person EMAIL: open their newest invitation in the local Maildir (waits
                                   for it), choose a password and register a TOTP secret through Keycloak's
                                   pages, print both (README walkthrough: an officer enrolled from scratch)

One operator alone cannot register or remove an agency's contacts, or link its identity provider: the
change waits 72 hours with notices to the agency's contacts, unless a second operator approves it. The
seed is both: the demo operator proposes, the second local-only operator approves (scripts/stack.sh
makes both from keycloak/realm-local.json, with this machine's passwords and TOTP secrets).

Everything the demo needs (ids, passwords, TOTP secrets, the webhook and portal secrets) goes to
$AGENCY_VERIFY_CACHE/demo.env (mode 600, KEY=VALUE lines; never in git). LOCAL ONLY: the secrets are
known on purpose. The demo operator exists only in the local realm (scripts/stack.sh adds it from
keycloak/realm-local.json; its password and TOTP secret are in $AGENCY_VERIFY_CACHE/local-operator.env),
and the Keycloak client secrets are this machine's ($AGENCY_VERIFY_CACHE/local-clients.env).

Environment: AGENCY_VERIFY_SERVICE_URL (http://127.0.0.1:8080), AGENCY_VERIFY_PUBLIC_URL (the
service's public-url, for the demo receiver), KEYCLOAK_URL (http://127.0.0.1:8180),
DEMO_DNS_PORT (15353), DEMO_DNS_FORWARD_PORT (15354), DEMO_RECEIVER_PORT (8089), DEMO_RECEIVER_HOST
(127.0.0.1: where the demo contact listens, as its webhook URL names it), AGENCY_VERIFY_CACHE (where
demo.env goes), AGENCY_VERIFY_STACK_CACHE (where scripts/stack.sh keeps its files and the Maildir).
Standard library only (Debian's python3, which the stack installs for its SMTP server).
"""
import base64
import email
import email.policy
import fcntl
import hashlib
import hmac
import html
import json
import os
import re
import secrets
import signal
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

CACHE = os.environ.get("AGENCY_VERIFY_CACHE", os.path.expanduser("~/.cache/agency-verify"))
# Where scripts/stack.sh keeps this machine's generated files: the same unless a caller (make bench) keeps
# its demo state in a cache of its own.
STACK_CACHE = os.environ.get("AGENCY_VERIFY_STACK_CACHE", CACHE)
STATE = os.path.join(CACHE, "demo.env")
DNS_PID = os.path.join(CACHE, "run", "demo-dns.pid")
# Records published with dns-publish, one "DOMAIN VALUE" per line: kept, so a domain proved in the
# walkthrough is still proved at the service's next re-check, after any restart. VALUE "-": taken away
# with dns-unpublish, and answered as absent (not passed on), so the service sees the proof lost.
DNS_RECORDS = os.path.join(CACHE, "demo-dns-records")
SERVICE = os.environ.get("AGENCY_VERIFY_SERVICE_URL", "http://127.0.0.1:8080").rstrip("/")
KEYCLOAK = os.environ.get("KEYCLOAK_URL", "http://127.0.0.1:8180").rstrip("/")
REALM = "agency-verify"
ISSUER = KEYCLOAK + "/realms/" + REALM
CLIENT = "agency-verify-cli"
CALLBACK = "http://127.0.0.1/callback"

def local_env(name):
    """KEY=VALUE lines of one of this machine's files that scripts/stack.sh generates."""
    values = {}
    path = os.path.join(STACK_CACHE, name)
    if os.path.exists(path):
        for line in open(path):
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                values[key] = value
    return values


LOCAL_OPERATOR = local_env("local-operator.env")
ADMIN_CLIENT = ("agency-verify-admin", os.environ.get("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET")
                or local_env("local-clients.env").get("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET", ""))
DNS_PORT = int(os.environ.get("DEMO_DNS_PORT", "15353"))
DNS_FORWARD_PORT = int(os.environ.get("DEMO_DNS_FORWARD_PORT", "15354"))
RECEIVER_PORT = int(os.environ.get("DEMO_RECEIVER_PORT", "8089"))
RECEIVER_HOST = os.environ.get("DEMO_RECEIVER_HOST", "127.0.0.1")
CHALLENGE_LABEL = "_agency-verify-challenge."


def log(message):
    print("[demo] " + message, file=sys.stderr, flush=True)


class Failed(Exception):
    pass


# --- HTTP -----------------------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method, url, body=None, token=None, form=None, headers=None, cookies=None):
    """Answers (status, headers, text). JSON bodies as dicts; forms as dicts; no redirects followed."""
    data = None
    request_headers = dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        request_headers["Content-Type"] = "application/json"
    if token:
        request_headers["Authorization"] = "Bearer " + token
    if cookies:
        request_headers["Cookie"] = "; ".join(k + "=" + v for k, v in cookies.items())
    request = urllib.request.Request(url, data=data, method=method, headers=request_headers)
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode(errors="replace")


def api(method, path, body=None, token=None, expect=(200,)):
    status, _, text = call(method, SERVICE + path, body=body, token=token)
    if status not in expect:
        raise Failed(f"{method} {path} answered HTTP {status}: {text[:300]}")
    return json.loads(text) if text else {}


def token(form):
    status, _, text = call("POST", ISSUER + "/protocol/openid-connect/token", form=form)
    if status != 200:
        raise Failed(f"no token for {form.get('client_id')}: HTTP {status} {text[:200]}")
    return json.loads(text)["access_token"]


_operator_tokens = {}


def operator_token(who="operator"):
    """A local demo operator ("operator" or "second-operator") signs in as operators must: password and
    TOTP, through Keycloak's pages (the admin API refuses a token without a second factor). Once per run
    and operator: a TOTP code works once."""
    if who not in _operator_tokens:
        prefix = "AGENCY_VERIFY_LOCAL_" + who.upper().replace("-", "_") + "_"
        if not LOCAL_OPERATOR.get(prefix + "PASSWORD"):
            raise Failed("no local " + who + ": run scripts/stack.sh up (it writes " + os.path.join(STACK_CACHE, "local-operator.env") + ")")
        _operator_tokens[who] = sign_in(LOCAL_OPERATOR[prefix + "EMAIL"], LOCAL_OPERATOR[prefix + "PASSWORD"],
                                        LOCAL_OPERATOR[prefix + "TOTP_SECRET"], who)["access_token"]
    return _operator_tokens[who]


def register_contact(agency_id, contact, operator, approver):
    """The demo operator proposes the contact; the second operator's approval makes it ACTIVE at once."""
    proposed = api("POST", f"/v1/agencies/{agency_id}/contacts", contact, operator, expect=(202,))
    api("POST", f"/v1/agencies/{agency_id}/changes/{proposed['change']['id']}/approve", token=approver)
    return proposed


def admin_token():
    return token({"grant_type": "client_credentials", "client_id": ADMIN_CLIENT[0], "client_secret": ADMIN_CLIENT[1]})


def kc_admin(method, path, body=None, expect=(200, 204)):
    status, _, text = call(method, KEYCLOAK + "/admin/realms/" + REALM + path, body=body, token=admin_token())
    if status not in expect:
        raise Failed(f"Keycloak admin {method} {path}: HTTP {status} {text[:200]}")
    return json.loads(text) if text.strip() else None


# --- TOTP and Keycloak's sign-in pages ------------------------------------------------------------

def totp(secret, at=None):
    """RFC 6238 (HMAC-SHA1, 6 digits, 30 s) with Keycloak's key: the UTF-8 bytes of the secret."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(secret.encode(), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def fresh_totp(who, secret):
    """A code of WHO's that Keycloak has not seen: each code works once, and Keycloak also takes the next
    window's. The last step used is kept per person (operators: machine-wide, as their Keycloak users are),
    so a sign-in right after the seed's, or two in a row, never sends a used code: a refused code would
    count towards Keycloak's brute-force lock-out. Waits (30 s at most) only when both steps were used."""
    directory = STACK_CACHE if who in ("operator", "second-operator") else CACHE
    path = os.path.join(directory, "run", "totp-step-" + who)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        try:
            last = int(f.read().strip())
        except ValueError:
            last = -1
        now = int(time.time() // 30)
        step = max(now, last + 1)
        if step > now + 1:
            # Until `step` is the next window's: Keycloak takes it from then on.
            wait = (step - 1) * 30 - time.time() + 1
            log(f"waiting {wait:.0f}s for a fresh one-time code of {who} (the last two were used)")
            time.sleep(wait)
        f.seek(0)
        f.truncate()
        f.write(str(step))
    return totp(secret, at=step * 30)


def base32(secret):
    """The same key as authenticator apps and `oathtool --totp -b` take it."""
    return base64.b32encode(secret.encode()).decode().rstrip("=")


def forms(page):
    for match in re.finditer(r"<form([^>]*)>(.*?)</form>", page, re.S | re.I):
        yield match.group(1), match.group(2)


def attribute(tag, name):
    found = re.search(r'\s' + name + r'="([^"]*)"', tag, re.I)
    return html.unescape(found.group(1)) if found else None


class Browser:
    """Authorization code + PKCE through Keycloak's pages, with a cookie jar of its own."""

    def __init__(self):
        self.cookies = {}
        self.done = False

    def get(self, url):
        return self.follow("GET", url, None)

    def follow(self, method, url, form):
        for _ in range(20):
            status, headers, text = call(method, url, form=form, cookies=self.cookies)
            for cookie in headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if status not in (301, 302, 303, 307):
                return url, text
            url = urllib.parse.urljoin(url, headers["Location"])
            if url.startswith(CALLBACK):
                self.done = True
                return url, ""
            method, form = "GET", None
        raise Failed("too many redirects at " + url)

    def submit(self, url, page, form_id, fields):
        for tag, inner in forms(page):
            if form_id and form_id not in tag:
                continue
            body = {}
            for input_tag in re.findall(r"<input([^>]*)>", inner, re.I):
                if (attribute(input_tag, "type") or "").lower() == "hidden" and attribute(input_tag, "name"):
                    body[attribute(input_tag, "name")] = attribute(input_tag, "value") or ""
            body.update(fields)
            return self.follow("POST", urllib.parse.urljoin(url, attribute(tag, "action")), body)
        raise Failed("Keycloak showed no form " + str(form_id) + " at " + url)


def walk_sign_in(email, password, totp_secret, new_password=None, who=None):
    """Authorization code + PKCE through Keycloak's pages: the password (a temporary one when
    `new_password` is given: then the new password is chosen and `totp_secret` registered), the current
    TOTP code when asked (a fresh one of `who`'s, when given). Answers the token response, or None when the
    pages did not lead back."""
    code = (lambda: fresh_totp(who, totp_secret)) if who else (lambda: totp(totp_secret))
    browser = Browser()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    url, page = browser.get(ISSUER + "/protocol/openid-connect/auth?" + urllib.parse.urlencode({
        "client_id": CLIENT, "response_type": "code", "redirect_uri": CALLBACK, "scope": "openid",
        "state": secrets.token_hex(8), "code_challenge": challenge, "code_challenge_method": "S256"}))
    code_sent = False
    for _ in range(8):
        if browser.done:
            code = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["code"][0]
            status, _, text = call("POST", ISSUER + "/protocol/openid-connect/token", form={
                "grant_type": "authorization_code", "client_id": CLIENT, "code": code, "redirect_uri": CALLBACK,
                "code_verifier": verifier})
            if status != 200:
                raise Failed(f"the code exchange for {email} answered HTTP {status}")
            return json.loads(text)
        has_user, has_password = 'name="username"' in page, 'name="password"' in page
        if has_user and has_password:
            url, page = browser.submit(url, page, "kc-form-login", {"username": email, "password": password})
        elif has_user:
            url, page = browser.submit(url, page, "kc-form-login", {"username": email})
        elif has_password:
            url, page = browser.submit(url, page, "kc-form-login", {"password": password})
        elif "password-new" in page and new_password:
            url, page = browser.submit(url, page, None, {"password-new": new_password, "password-confirm": new_password})
        elif "totpSecret" in page and new_password:
            # Keycloak takes the secret back from the form: posting our own makes it a known one.
            url, page = browser.submit(url, page, "kc-totp-settings-form",
                                       {"totpSecret": totp_secret, "totp": code(), "userLabel": "demo"})
        elif 'name="otp"' in page and not code_sent:
            code_sent = True
            url, page = browser.submit(url, page, "kc-otp-login-form", {"otp": code()})
        else:
            error = re.search(r'kc-feedback-text"?>([^<]*)<|input-error[^>]*>\s*([^<]*)<', page)
            log(f"Keycloak stopped the sign-in of {email}: {error.group(0) if error else url}")
            return None
    return None


def sign_in(email, password, totp_secret, who=None):
    """Signs in with the password and the current TOTP code; answers the token response. A code already
    used in its 30-second window is refused: then the next window's code is tried once."""
    for attempt in range(2):
        tokens = walk_sign_in(email, password, totp_secret, who=who)
        if tokens:
            return tokens
        if attempt == 0:
            time.sleep(30 - time.time() % 30 + 1)
    raise Failed("the sign-in of " + email + " did not finish (wrong password or TOTP secret?)")


def finish_setup(email, temporary, password, totp_secret, who):
    """Signs in once with the temporary password, chooses `password` and registers `totp_secret`."""
    if walk_sign_in(email, temporary, totp_secret, new_password=password, who=who) is None:
        raise Failed("the first sign-in of " + email + " did not finish")


def set_known_credentials(email, who):
    """The person's Keycloak user gets a known password and TOTP secret, through the real setup pages."""
    users = kc_admin("GET", "/users?" + urllib.parse.urlencode({"email": email, "exact": "true"}))
    if not users:
        raise Failed("no Keycloak user for " + email)
    user_id = users[0]["id"]
    temporary = "tmp-" + secrets.token_urlsafe(12)
    kc_admin("PUT", f"/users/{user_id}/reset-password", {"type": "password", "value": temporary, "temporary": True})
    user = kc_admin("GET", f"/users/{user_id}")
    user["requiredActions"] = ["UPDATE_PASSWORD", "CONFIGURE_TOTP"]
    kc_admin("PUT", f"/users/{user_id}", user)
    password = "demo-" + secrets.token_urlsafe(12)
    totp_secret = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(20))
    finish_setup(email, temporary, password, totp_secret, who)
    kc_admin("POST", f"/users/{user_id}/logout")  # the setup's own session is of no further use
    return user_id, password, totp_secret


def invitation_link(address, timeout=90):
    """The link of the newest invitation to `address` in the local Maildir (scripts/stack.sh's SMTP server
    keeps every message there), waiting for the service's outbox to send it."""
    maildir = os.path.join(STACK_CACHE, "run", "mail", "new")
    deadline = time.time() + timeout
    while True:
        found = []
        for name in os.listdir(maildir) if os.path.isdir(maildir) else []:
            path = os.path.join(maildir, name)
            with open(path, "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            if address.lower() not in str(message.get("To", "")).lower():
                continue
            for part in message.walk():
                if part.get_content_type() in ("text/plain", "text/html"):
                    link = re.search(r'https?://[^\s"<>]*/login-actions/action-token\?[^\s"<>]*', part.get_content())
                    if link:
                        found.append((os.path.getmtime(path), html.unescape(link.group(0))))
                        break
        if found:
            return max(found)[1]
        if time.time() > deadline:
            raise Failed(f"no invitation to {address} in {maildir} after {timeout}s")
        time.sleep(1)


def accept_invitation(address):
    """Plays the person: follows the invitation's link through Keycloak's pages, chooses a password and
    registers a TOTP secret (known, printed: LOCAL ONLY)."""
    browser = Browser()
    url, page = browser.get(invitation_link(address))
    password = "demo-" + secrets.token_urlsafe(12)
    totp_secret = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(20))
    done = set()
    for _ in range(8):
        if "password-new" in page and "password" not in done:
            done.add("password")
            url, page = browser.submit(url, page, None, {"password-new": password, "password-confirm": password})
        elif "totpSecret" in page and "totp" not in done:
            done.add("totp")
            url, page = browser.submit(url, page, "kc-totp-settings-form",
                                       {"totpSecret": totp_secret, "totp": totp(totp_secret), "userLabel": "demo"})
        else:
            # Keycloak's info page before the actions ("Click here to proceed") links on with the action token.
            proceed = re.search(r'href="([^"]*login-actions/action-token[^"]*)"', page)
            if proceed and not done:
                url, page = browser.get(urllib.parse.urljoin(url, html.unescape(proceed.group(1))))
                continue
            break
    if done != {"password", "totp"}:
        error = re.search(r'kc-feedback-text"?>([^<]*)<|input-error[^>]*>\s*([^<]*)<', page)
        raise Failed(f"the invitation of {address} did not lead through its setup: {error.group(0) if error else url}")
    return password, totp_secret


def has_otp(user_id):
    try:
        credentials = kc_admin("GET", f"/users/{user_id}/credentials") or []
        return any(c.get("type") == "otp" for c in credentials)
    except Failed:
        return False


# --- the demo DNS server --------------------------------------------------------------------------

def dns_running_pid():
    try:
        pid = int(open(DNS_PID).read().strip())
        cmdline = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
    except (OSError, ValueError):
        return None
    return pid if "dnsmasq" in cmdline and f"--port={DNS_PORT}" in cmdline else None


def dns_stop():
    pid = dns_running_pid()
    if pid:
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.1)
    if os.path.exists(DNS_PID):
        os.remove(DNS_PID)


WITHDRAWN = "-"


def published_records():
    try:
        lines = open(DNS_RECORDS).read().splitlines()
    except OSError:
        return {}
    return dict(line.split(" ", 1) for line in lines if " " in line)


def save_published(records):
    os.makedirs(CACHE, exist_ok=True)
    with open(DNS_RECORDS + ".tmp", "w") as f:
        f.writelines(f"{domain} {value}\n" for domain, value in sorted(records.items()))
    os.replace(DNS_RECORDS + ".tmp", DNS_RECORDS)


def dns_publish(domain, value):
    if not re.fullmatch(r"[a-z0-9.-]+", domain) or not re.fullmatch(r"[A-Za-z0-9_=-]+", value):
        raise Failed("usage: dns-publish DOMAIN VALUE, with the domain and the challenge's recordValue as the service gave them")
    records = published_records()
    records[domain] = value
    save_published(records)
    if dns_running_pid():
        dns_start(load())
    else:
        log(f"saved; the demo DNS server is not running: make run starts it with {CHALLENGE_LABEL}{domain}")


def dns_unpublish(domain):
    records = published_records()
    records[domain] = WITHDRAWN
    save_published(records)
    if dns_running_pid():
        dns_start(load())


def dns_start(state):
    """dnsmasq on 127.0.0.1:DNS_PORT: the demo domain's TXT record and those published with dns-publish;
    every other name goes on to 127.0.0.1:DNS_FORWARD_PORT, where a DNS server of your own can answer."""
    records = published_records()
    if state.get("DEMO_DOMAIN") and state.get("DEMO_DOMAIN_TXT"):
        records[state["DEMO_DOMAIN"]] = state["DEMO_DOMAIN_TXT"]
    if not records:
        return False
    dns_stop()
    binary = "/usr/sbin/dnsmasq" if os.path.exists("/usr/sbin/dnsmasq") else "dnsmasq"
    os.makedirs(os.path.dirname(DNS_PID), exist_ok=True)
    log_file = open(os.path.join(CACHE, "run", "demo-dns.log"), "ab")
    process = subprocess.Popen([binary, "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null",
                                "--listen-address=127.0.0.1", "--bind-interfaces", f"--port={DNS_PORT}", "--pid-file=",
                                f"--server=127.0.0.1#{DNS_FORWARD_PORT}"]
                               + [f"--local=/{CHALLENGE_LABEL}{domain}/" if value == WITHDRAWN
                                  else f"--txt-record={CHALLENGE_LABEL}{domain},{value}" for domain, value in sorted(records.items())],
                               stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file, start_new_session=True)
    with open(DNS_PID, "w") as f:
        f.write(str(process.pid))
    time.sleep(0.5)
    if process.poll() is not None:
        raise Failed(f"dnsmasq did not start on 127.0.0.1:{DNS_PORT} (port taken? see {CACHE}/run/demo-dns.log)")
    served = ", ".join(CHALLENGE_LABEL + domain for domain, value in sorted(records.items()) if value != WITHDRAWN) or "no record"
    log(f"DNS on 127.0.0.1:{DNS_PORT} serves {served} (other names: 127.0.0.1:{DNS_FORWARD_PORT})")
    return True


# --- the demo data --------------------------------------------------------------------------------

def load():
    state = {}
    if os.path.exists(STATE):
        for line in open(STATE):
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                state[key] = value
    return state


def save(state):
    os.makedirs(CACHE, exist_ok=True)
    descriptor = os.open(STATE + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        f.write("# agency-verify demo data (scripts/demo-seed.py). LOCAL ONLY: known secrets on purpose.\n")
        for key, value in state.items():
            f.write(f"{key}={value}\n")
    os.chmod(STATE + ".tmp", 0o600)
    os.replace(STATE + ".tmp", STATE)


def still_holds(state):
    """True when the saved demo data still works: the realm may have been replaced since (stack.sh)."""
    needed = ["DEMO_AGENCY_ID", "DEMO_OFFICER_ID", "DEMO_OFFICER_USER_ID", "DEMO_CONTACT_USER_ID",
              "DEMO_PORTAL_CLIENT_ID", "DEMO_PORTAL_CLIENT_SECRET", "DEMO_WEBHOOK_SECRET"]
    if any(not state.get(key) for key in needed):
        return False
    # Data seeded for another receiver (another port) would send every webhook where nothing answers.
    if state.get("DEMO_WEBHOOK_URL", f"http://{RECEIVER_HOST}:{RECEIVER_PORT}/") != f"http://{RECEIVER_HOST}:{RECEIVER_PORT}/":
        log(f"the saved demo data's webhook goes to {state['DEMO_WEBHOOK_URL']}, not this run's receiver: seeding anew")
        return False
    try:
        operator = operator_token()
        agency = api("GET", "/v1/agencies/" + state["DEMO_AGENCY_ID"], token=operator)
        officer = api("GET", f"/v1/agencies/{state['DEMO_AGENCY_ID']}/officers/{state['DEMO_OFFICER_ID']}", token=operator)
        domains = api("GET", f"/v1/agencies/{state['DEMO_AGENCY_ID']}/domains", token=operator)
        token({"grant_type": "client_credentials", "client_id": state["DEMO_PORTAL_CLIENT_ID"],
               "client_secret": state["DEMO_PORTAL_CLIENT_SECRET"]})
    except Failed as e:
        log("the saved demo data no longer holds (" + str(e)[:120] + ")")
        return False
    items = domains if isinstance(domains, list) else domains.get("items", [])
    proved = any(d.get("proved") for d in items)
    return (agency.get("status") == "ACTIVE" and officer.get("status") == "ACTIVE" and proved
            and has_otp(state["DEMO_OFFICER_USER_ID"]) and has_otp(state["DEMO_CONTACT_USER_ID"]))


def seed_new():
    tag = secrets.token_hex(2)
    domain = f"springfield-{tag}.test"
    public_url = os.environ.get("AGENCY_VERIFY_PUBLIC_URL", SERVICE).rstrip("/")
    state = {"DEMO_SERVICE_URL": public_url, "DEMO_DOMAIN": domain}
    operator = operator_token()
    log(f"seeding demo data for {domain} through {SERVICE}")
    agency = api("POST", "/v1/agencies", {"name": f"Springfield Police Department (demo {tag})", "kind": "CITY",
                                           "country": "US", "region": "IL"}, operator, expect=(201,))
    state["DEMO_AGENCY_ID"] = agency["id"]
    claimed = api("POST", f"/v1/agencies/{agency['id']}/domains", {"domain": domain}, operator, expect=(200, 201))
    state["DEMO_DOMAIN_ID"] = claimed["id"]
    state["DEMO_DOMAIN_TXT"] = claimed["challenge"]["recordValue"]
    save(state)
    dns_start(state)
    proved = api("POST", f"/v1/agencies/{agency['id']}/domains/{claimed['id']}/prove", token=operator)
    if not proved.get("proved"):
        raise Failed(f"the domain proof failed: is the service's resolver 127.0.0.1:{DNS_PORT}? ({proved})")

    approver = operator_token("second-operator")
    save(state)
    # The email contact first: the second contact's change notice then goes to it (the local Maildir), not to
    # the webhook receiver, which is not running yet (a notice it cannot take is retried for hours, then a WARN).
    contact_email = f"records@{domain}"
    email_contact = register_contact(agency["id"], {
        "name": "Dana Records", "role": "records custodian", "level": "SUPERVISOR",
        "channel": {"type": "EMAIL", "email": contact_email}}, operator, approver)
    user_id, password, secret = set_known_credentials(contact_email, "contact")
    state.update(DEMO_CONTACT_ID=email_contact["change"]["contact"]["id"], DEMO_CONTACT_EMAIL=contact_email,
                 DEMO_CONTACT_USER_ID=user_id, DEMO_CONTACT_PASSWORD=password, DEMO_CONTACT_TOTP_SECRET=secret,
                 DEMO_CONTACT_TOTP_BASE32=base32(secret))
    save(state)
    webhook_url = f"http://{RECEIVER_HOST}:{RECEIVER_PORT}/"
    webhook = register_contact(agency["id"], {
        "name": "Springfield Records System", "role": "records system (scripts/demo-contact.java)", "level": "SUPERVISOR",
        "channel": {"type": "WEBHOOK", "url": webhook_url}}, operator, approver)
    state.update(DEMO_WEBHOOK_CONTACT_ID=webhook["change"]["contact"]["id"], DEMO_WEBHOOK_URL=webhook_url,
                 DEMO_RECEIVER_PORT=str(RECEIVER_PORT),
                 DEMO_WEBHOOK_SECRET=webhook["webhookSecret"])
    save(state)

    api("POST", f"/v1/agencies/{agency['id']}/activate", token=operator)
    officer_email = f"jane.doe@{domain}"
    officer = api("POST", f"/v1/agencies/{agency['id']}/officers",
                  {"email": officer_email, "name": "Jane Doe", "badgeNumber": "4711"}, operator, expect=(201,))
    user_id, password, secret = set_known_credentials(officer_email, "officer")
    api("POST", f"/v1/agencies/{agency['id']}/officers/{officer['id']}/activate", token=operator)
    state.update(DEMO_OFFICER_ID=officer["id"], DEMO_OFFICER_EMAIL=officer_email, DEMO_OFFICER_USER_ID=user_id,
                 DEMO_OFFICER_PASSWORD=password, DEMO_OFFICER_TOTP_SECRET=secret, DEMO_OFFICER_TOTP_BASE32=base32(secret))
    save(state)

    portal = api("POST", "/v1/portals", {"name": "Example Exchange", "audience": f"https://exchange-{tag}.example/records"},
                 operator, expect=(201,))
    state.update(DEMO_PORTAL_ID=portal["portal"]["id"], DEMO_PORTAL_AUDIENCE=portal["portal"]["audience"],
                 DEMO_PORTAL_CLIENT_ID=portal["clientId"], DEMO_PORTAL_CLIENT_SECRET=portal["clientSecret"],
                 DEMO_KEYCLOAK_TOKEN_URL=ISSUER + "/protocol/openid-connect/token")
    save(state)
    return state


def summary(state, reused):
    print(f"""
[demo] {'reusing the demo data of an earlier run' if reused else 'demo data seeded'}; everything is in {STATE} (mode 600):
  agency   {state['DEMO_AGENCY_ID']}  ACTIVE, proved domain {state['DEMO_DOMAIN']}
  officer  {state['DEMO_OFFICER_EMAIL']}  (DEMO_OFFICER_PASSWORD, TOTP: scripts/demo-seed.py totp officer)
  contacts WEBHOOK {state['DEMO_WEBHOOK_URL']}  (run: java scripts/demo-contact.java --env-file {STATE})
           EMAIL   {state['DEMO_CONTACT_EMAIL']}  (DEMO_CONTACT_PASSWORD, TOTP: scripts/demo-seed.py totp contact)
  operators {LOCAL_OPERATOR.get('AGENCY_VERIFY_LOCAL_OPERATOR_EMAIL')}, {LOCAL_OPERATOR.get('AGENCY_VERIFY_LOCAL_SECOND_OPERATOR_EMAIL')}
           (tokens: scripts/demo-seed.py token operator | token second-operator; the second approves the first's changes)
  portal   {state['DEMO_PORTAL_CLIENT_ID']}  (DEMO_PORTAL_CLIENT_SECRET)
  try it:  README.md, "Demo: a whole verification with curl"
""", flush=True)


def main(argv):
    command = argv[1] if len(argv) > 1 else "seed"
    state = load()
    if command == "seed":
        if still_holds(state):
            summary(state, True)
            return 0
        summary(seed_new(), False)
        return 0
    if command == "dns-start":
        return 0 if dns_start(state) else 3
    if command == "dns-stop":
        dns_stop()
        return 0
    if command == "dns-publish" and len(argv) == 4:
        dns_publish(argv[2], argv[3])
        return 0
    if command == "dns-unpublish" and len(argv) == 3:
        dns_unpublish(argv[2])
        return 0
    if command == "totp" and len(argv) == 3 and argv[2] in ("officer", "contact"):
        print(fresh_totp(argv[2], state["DEMO_" + argv[2].upper() + "_TOTP_SECRET"]))
        return 0
    if command in ("totp", "token") and len(argv) == 3 and argv[2] in ("operator", "second-operator"):
        if command == "token":
            print(operator_token(argv[2]))
        else:
            print(fresh_totp(argv[2], LOCAL_OPERATOR["AGENCY_VERIFY_LOCAL_" + argv[2].upper().replace("-", "_") + "_TOTP_SECRET"]))
        return 0
    if command == "accept-invitation" and len(argv) == 3:
        password, secret = accept_invitation(argv[2])
        print(f"{argv[2]}: password {password}  TOTP secret {secret} (base32 {base32(secret)}; LOCAL ONLY)")
        return 0
    if command == "summary" and state:
        summary(state, True)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Failed as e:
        log("ERROR: " + str(e))
        sys.exit(1)
