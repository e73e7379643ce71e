#!/usr/bin/python3
"""`make bench`'s whole verification, timed (issue 14, item 3). scripts/bench.sh runs it against the
bench's own service, after the wrk figures.

  scripts/bench-verifications.py seed      an agency of the bench's own whose one contact is a webhook this
                                           driver answers, and BENCH_FLOW_OFFICERS officers with known
                                           passwords and TOTP secrets; reused while they hold
  scripts/bench-verifications.py run OUT   the measurements below; a markdown section into OUT

run, after BENCH_FLOW_WARMUP seconds of starts (not counted), at each concurrency of BENCH_FLOW_CONCURRENCY:
  1. Time to token: that many requesters each start verifications one after another (a real officer
     sign-in: password and a one-time code, through the service's direct grant at Keycloak); this driver
     is the agency's system and answers every signed webhook at once (APPROVE, signed); the portal polls
     GET /v1/verifications/{id} every `pollInterval` the start answered (the API has no long poll and
     answers 429 to a faster poll) until the trust token, whose claims are checked.
  2. Starts per second for BENCH_FLOW_STARTS_SECONDS: first Keycloak alone, the same two calls the
     service's DirectGrant makes (password grant of agency-verify-credential-check with `totp`, then the
     logout of that session), then POST /v1/verifications; the webhooks of those starts are answered,
     and the phase ends only once each was answered (their cost is the start's).
  3. The service's VmRSS sampled every 0.2 s under that load, and its VmHWM.
Every answer is checked: a refused or failed verification, a non-2xx, an unsigned webhook is an error and
the run fails (exit 1). A one-time code is never sent twice: Keycloak takes each code of an officer once
(it keeps credential id + code for the 90 s the code is valid) and takes the windows before and after
the current one; the codes used are kept in the bench cache across runs.

Environment (bench.sh sets the first ones): AGENCY_VERIFY_SERVICE_URL, KEYCLOAK_URL, AGENCY_VERIFY_CACHE,
AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET (scripts/stack.sh env), BENCH_SERVICE_PID,
BENCH_KEYCLOAK_PID; BENCH_FLOW_CONCURRENCY ("1 4 16"), BENCH_FLOW_ROUNDS (3 verifications per requester,
at least BENCH_FLOW_MIN_SAMPLES, 10, per concurrency), BENCH_FLOW_STARTS_SECONDS (8),
BENCH_FLOW_WARMUP (40 s of starts, not counted, before anything is timed), BENCH_FLOW_OFFICERS (240),
BENCH_FLOW_RECEIVER_PORT (18087), BENCH_FLOW_JFR (a file: a JFR recording of the service during one more
starts phase at the last concurrency, not reported). Standard library only; nothing secret printed.
"""
import base64
import concurrent.futures
import hashlib
import hmac
import http.client
import http.server
import importlib.machinery
import importlib.util
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def load_demo():
    # demo-seed.py is a script (a dash in its name): loaded as a module for its HTTP, Keycloak, DNS and
    # TOTP helpers and the bench's portal, rather than a second copy of them.
    loader = importlib.machinery.SourceFileLoader("demo_seed", os.path.join(HERE, "demo-seed.py"))
    spec = importlib.util.spec_from_loader("demo_seed", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


demo = load_demo()
Failed = demo.Failed

STATE = os.path.join(demo.CACHE, "bench-flow.json")
USED_CODES = os.path.join(demo.CACHE, "run", "bench-flow-totp.json")
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_FLOW_CONCURRENCY", "1 4 16").split()]
ROUNDS = int(os.environ.get("BENCH_FLOW_ROUNDS", "3"))
MIN_SAMPLES = int(os.environ.get("BENCH_FLOW_MIN_SAMPLES", "10"))
STARTS_SECONDS = float(os.environ.get("BENCH_FLOW_STARTS_SECONDS", "8"))
WARMUP_SECONDS = float(os.environ.get("BENCH_FLOW_WARMUP", "40"))
OFFICERS = int(os.environ.get("BENCH_FLOW_OFFICERS", "240"))
RECEIVER_PORT = int(os.environ.get("BENCH_FLOW_RECEIVER_PORT", "18087"))
DIRECT_GRANT_CLIENT = "agency-verify-credential-check"
PERIOD = 30
# A code of the window before the current one is sent only while this much of the current window is left:
# Keycloak stops taking it when the window ends.
SAFETY_SECONDS = 10


def log(message):
    print("[bench] " + message, file=sys.stderr, flush=True)


# --- HTTP: one keep-alive connection per thread and host, as a portal's client would hold ------------

class Http:
    def __init__(self):
        self.connections = {}

    def request(self, method, url, body=None, headers=None, form=None, token=None):
        """Answers (status, headers, text)."""
        parts = urllib.parse.urlsplit(url)
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        connection = self.connections.get(parts.netloc)
        if connection is None:
            connection = http.client.HTTPConnection(parts.netloc, timeout=60)
            self.connections[parts.netloc] = connection
        target = parts.path + ("?" + parts.query if parts.query else "")
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            connection.close()
            del self.connections[parts.netloc]
            raise

    def close(self):
        for connection in self.connections.values():
            connection.close()


def cpu_seconds(pid):
    """User + system CPU of a process and its threads."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def thread_cpu(pid):
    """CPU seconds per thread name (numbers folded: executor-thread-1 and -2 count together)."""
    totals = {}
    for tid in os.listdir(f"/proc/{pid}/task") if pid and os.path.isdir(f"/proc/{pid}/task") else []:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = "".join("#" if ch.isdigit() else ch for ch in f.read().strip())
            totals[name] = totals.get(name, 0.0) + cpu_seconds(f"{pid}/task/{tid}")
        except OSError:
            pass
    return totals


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


# --- one-time codes ----------------------------------------------------------------------------------

class Codes:
    """Hands out (officer, code) pairs Keycloak has not seen yet, spread over the officers; `take` answers
    None when none is left now (the caller decides whether to wait for the next window)."""

    def __init__(self, officers):
        self.officers = officers
        self.lock = threading.Lock()
        self.next = 0
        self.used = {}
        try:
            with open(USED_CODES) as f:
                self.used = {email: set(windows) for email, windows in json.load(f).items()}
        except (OSError, ValueError):
            pass

    def take(self):
        with self.lock:
            now = time.time()
            window = int(now // PERIOD)
            windows = ([window - 1] if (window + 1) * PERIOD - now > SAFETY_SECONDS else []) + [window, window + 1]
            for i in range(len(self.officers)):
                officer = self.officers[(self.next + i) % len(self.officers)]
                used = self.used.setdefault(officer["email"], set())
                recent = {demo.totp(officer["totp_secret"], at=w * PERIOD) for w in used if w >= window - 3}
                for w in windows:
                    code = demo.totp(officer["totp_secret"], at=w * PERIOD)
                    if w not in used and code not in recent:
                        used.add(w)
                        self.next = (self.next + i + 1) % len(self.officers)
                        return officer, code
            return None

    def mark(self, email, window):
        with self.lock:
            self.used.setdefault(email, set()).add(window)

    def available(self):
        """How many codes could be taken now."""
        now = time.time()
        window = int(now // PERIOD)
        windows = ([window - 1] if (window + 1) * PERIOD - now > SAFETY_SECONDS else []) + [window, window + 1]
        with self.lock:
            return sum(1 for o in self.officers for w in windows if w not in self.used.get(o["email"], set()))

    def save(self):
        oldest = int(time.time() // PERIOD) - 3
        with self.lock:
            kept = {email: sorted(w for w in windows if w >= oldest) for email, windows in self.used.items()}
        os.makedirs(os.path.dirname(USED_CODES), exist_ok=True)
        descriptor = os.open(USED_CODES + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as f:
            json.dump({email: windows for email, windows in kept.items() if windows}, f)
        os.replace(USED_CODES + ".tmp", USED_CODES)


# --- the agency's system: the webhook receiver --------------------------------------------------------

class Agency:
    """Checks each confirmation request's Standard Webhooks signature (v1, HMAC-SHA256) and timestamp,
    answers 202 and posts the signed APPROVE to its respondTo at once, as an agency's system that
    approves by itself would. Records when each verification's request came and its answer was taken."""

    def __init__(self, secret, service_url):
        self.key = base64.b64decode(secret.removeprefix("whsec_"))
        self.service_url = service_url.rstrip("/") + "/"
        self.lock = threading.Lock()
        self.arrived = {}
        self.decided = {}
        self.errors = []
        self.decisions = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="decision")
        self.local = threading.local()
        agency = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = agency.received(self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def sign(self, message_id, timestamp, body):
        mac = hmac.new(self.key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
        return "v1," + base64.b64encode(mac).decode()

    def error(self, message):
        with self.lock:
            self.errors.append(message)

    def received(self, headers, body):
        at = time.monotonic()
        message_id, timestamp = headers.get("webhook-id"), headers.get("webhook-timestamp", "")
        given = [part.encode() for part in headers.get("webhook-signature", "").split(" ")]
        if not message_id or not timestamp.isdigit() or not any(
                hmac.compare_digest(self.sign(message_id, timestamp, body).encode(), g) for g in given):
            self.error("a webhook without a valid signature")
            return 401
        if abs(time.time() - int(timestamp)) > 300:
            self.error("a webhook with a stale timestamp")
            return 401
        event = json.loads(body)
        if event.get("type") != "verification.confirmation_requested":
            return 200
        data = event["data"]
        if not data.get("respondTo", "").startswith(self.service_url):
            self.error("a webhook whose respondTo is not the service's")
            return 400
        with self.lock:
            if data["verificationId"] in self.arrived:
                return 202  # a retry of a request already answered
            self.arrived[data["verificationId"]] = at
        self.decisions.submit(self.approve, data)
        return 202

    def approve(self, data):
        http_client = getattr(self.local, "http", None) or Http()
        self.local.http = http_client
        body = json.dumps({"decision": "APPROVE", "secret": data["secret"]}).encode()
        message_id, timestamp = "msg_" + secrets.token_urlsafe(16), str(int(time.time()))
        try:
            status, _, text = http_client.request("POST", data["respondTo"], body=body, headers={
                "Content-Type": "application/json", "webhook-id": message_id, "webhook-timestamp": timestamp,
                "webhook-signature": self.sign(message_id, timestamp, body)})
        except (OSError, http.client.HTTPException) as e:
            self.error(f"the decision for {data['verificationId']} was not delivered: {e}")
            return
        if status // 100 != 2:
            self.error(f"the decision for {data['verificationId']} answered HTTP {status}: {text[:200]}")
            return
        with self.lock:
            self.decided[data["verificationId"]] = time.monotonic()

    def answered(self, ids):
        with self.lock:
            return all(i in self.decided for i in ids)

    def close(self):
        self.server.shutdown()
        self.decisions.shutdown(wait=True)


# --- the portal ----------------------------------------------------------------------------------------

class Portal:
    def __init__(self, demo_state, flow):
        self.client_id = demo_state["DEMO_PORTAL_CLIENT_ID"]
        self.secret = demo_state["DEMO_PORTAL_CLIENT_SECRET"]
        self.audience = demo_state["DEMO_PORTAL_AUDIENCE"]
        self.flow = flow
        self.lock = threading.Lock()
        self.token, self.token_until = None, 0

    def bearer(self):
        """The portal's access token, renewed a minute before it expires (it lives 5 minutes)."""
        with self.lock:
            if time.time() > self.token_until:
                self.token = demo.token({"grant_type": "client_credentials", "client_id": self.client_id,
                                         "client_secret": self.secret})
                claims = json.loads(base64.urlsafe_b64decode(self.token.split(".")[1] + "==="))
                self.token_until = claims["exp"] - 60
            return self.token

    def start(self, http_client, officer, code):
        status, _, text = http_client.request("POST", demo.SERVICE + "/v1/verifications", token=self.bearer(), body={
            "email": officer["email"], "domain": self.flow["domain"], "purpose": "SUBPOENA",
            "caseReference": "BENCH-FLOW-" + secrets.token_hex(4),
            "credentials": {"type": "password", "password": officer["password"], "otp": code}})
        if status != 202:
            raise Failed(f"a start for {officer['email']} answered HTTP {status}: {text[:200]}")
        started = json.loads(text)
        if started.get("state") != "PENDING_CONFIRMATION":
            raise Failed(f"a start answered state {started.get('state')}")
        return started

    def check_token(self, verification_id, officer, token):
        """The claims a portal relies on: this officer, this verification, this portal's audience, alive."""
        header, claims = (json.loads(base64.urlsafe_b64decode(part + "===")) for part in token.split(".")[:2])
        problems = [name for name, ok in [
            ("alg", header.get("alg") == "ES256"), ("email", claims.get("email") == officer["email"]),
            ("verification_id", claims.get("verification_id") == verification_id),
            ("aud", self.audience in (claims["aud"] if isinstance(claims.get("aud"), list) else [claims.get("aud")])),
            ("agency", claims.get("agency", {}).get("id") == self.flow["agency_id"]),
            ("exp", claims.get("exp", 0) > time.time())] if not ok]
        if problems:
            raise Failed(f"the trust token of {verification_id} does not hold: {', '.join(problems)}")


# --- the measurements -----------------------------------------------------------------------------------

class Memory:
    """The service's VmRSS, sampled while a phase runs."""

    def __init__(self, pid):
        self.pid, self.samples, self.running = pid, [], True
        threading.Thread(target=self.sample, daemon=True).start()

    def sample(self):
        while self.running:
            rss = status_kb(self.pid, "VmRSS")
            if rss:
                self.samples.append(rss)
            time.sleep(0.2)

    def stop(self):
        self.running = False
        return max(self.samples, default=0)


def take_code(codes, deadline):
    """A fresh code, waiting for the next window when none is left (until the deadline)."""
    while True:
        taken = codes.take()
        if taken:
            return taken
        if time.monotonic() > deadline:
            raise Failed("no unused one-time code left: raise BENCH_FLOW_OFFICERS")
        time.sleep(0.2)


def run_threads(concurrency, target):
    """`target` on `concurrency` threads at once; answers the seconds until all returned (or one raised)."""
    began = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(target) for _ in range(concurrency)]:
            future.result()
    return time.monotonic() - began


def time_to_token(concurrency, codes, portal, agency):
    """Each of `concurrency` requesters runs verifications to the token, one after another."""
    count = max(MIN_SAMPLES, concurrency * ROUNDS)
    remaining = [count]
    lock = threading.Lock()
    results = []

    def requester():
        http_client = Http()
        try:
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                officer, code = take_code(codes, time.monotonic() + 2 * PERIOD + 5)
                began = time.monotonic()
                started = portal.start(http_client, officer, code)
                answered = time.monotonic()
                interval = started["pollInterval"]
                polls = slow_downs = 0
                while True:
                    # Never sooner than the pollInterval the start named: the service answers 429 to that.
                    time.sleep(max(0.0, (answered if polls == 0 else polled) + interval + 0.02 - time.monotonic()))
                    status, headers, text = http_client.request("GET", demo.SERVICE + "/v1/verifications/" + started["id"],
                                                                token=portal.bearer())
                    polled = time.monotonic()
                    polls += 1
                    if status == 429:
                        slow_downs += 1
                        interval = max(interval, int(headers.get("Retry-After", interval)))
                        continue
                    if status != 200:
                        raise Failed(f"a poll of {started['id']} answered HTTP {status}: {text[:200]}")
                    seen = json.loads(text)
                    if seen.get("trustToken"):
                        portal.check_token(started["id"], officer, seen["trustToken"])
                        break
                    if seen.get("state") not in ("PENDING_CONFIRMATION", "APPROVED"):
                        raise Failed(f"verification {started['id']} ended {seen.get('state')}, not approved")
                    if polled - began > 120:
                        raise Failed(f"verification {started['id']} has no token after 120 s")
                with lock:
                    results.append({"id": started["id"], "began": began, "start": answered - began,
                                    "interval": started["pollInterval"],
                                    "token": polled - began, "polls": polls, "slow_downs": slow_downs})
        finally:
            http_client.close()

    elapsed = run_threads(concurrency, requester)
    if agency.errors:
        raise Failed("the agency's system saw: " + "; ".join(agency.errors[:3]))
    for r in results:
        r["webhook"] = agency.arrived[r["id"]] - r["began"]
        r["approved"] = agency.decided[r["id"]] - r["began"]
    return results, elapsed


def starts(concurrency, seconds, codes, attempt):
    """Closed loop: `concurrency` threads repeat `attempt(http, officer, code)` for `seconds`, or until the
    codes run out. Answers (completed, elapsed seconds, answers of `attempt`, whether codes ran out)."""
    stop = threading.Event()
    lock = threading.Lock()
    done, answers, starved = [0], [], [False]
    deadline = time.monotonic() + seconds

    def worker():
        http_client = Http()
        try:
            while not stop.is_set() and time.monotonic() < deadline:
                taken = codes.take()
                if taken is None:
                    starved[0] = True
                    stop.set()
                    return
                answer = attempt(http_client, *taken)
                with lock:
                    if time.monotonic() <= deadline and not stop.is_set():
                        done[0] += 1
                    answers.append(answer)
        finally:
            http_client.close()

    began = time.monotonic()
    run_threads(concurrency, worker)
    return done[0], min(time.monotonic(), deadline) - began, answers, starved[0]


def drain(agency, started):
    """Until the agency's system answered the webhook of every start: that work is the starts' own."""
    deadline = time.monotonic() + 120
    while not agency.answered(started) and not agency.errors:
        if time.monotonic() > deadline:
            raise Failed("the webhooks of the starts were not all answered within 120 s")
        time.sleep(0.1)


def keycloak_sign_in(secret):
    """What DirectGrant sends Keycloak for one start: the password grant with the code, then the logout."""
    token_url = demo.ISSUER + "/protocol/openid-connect/token"
    logout_url = demo.ISSUER + "/protocol/openid-connect/logout"

    def attempt(http_client, officer, code):
        status, _, text = http_client.request("POST", token_url, form={
            "grant_type": "password", "client_id": DIRECT_GRANT_CLIENT, "client_secret": secret,
            "username": officer["email"], "password": officer["password"], "totp": code, "scope": "openid"})
        if status != 200:
            raise Failed(f"Keycloak's direct grant for {officer['email']} answered HTTP {status}: {text[:200]}")
        refresh = json.loads(text)["refresh_token"]
        status, _, text = http_client.request("POST", logout_url, form={
            "client_id": DIRECT_GRANT_CLIENT, "client_secret": secret, "refresh_token": refresh})
        if status not in (200, 204):
            raise Failed(f"Keycloak's logout answered HTTP {status}: {text[:200]}")
        return None

    return attempt


def wait_for_window(codes, needed):
    """Waits (at most one window and a bit) until `needed` codes are free, so a phase does not run dry."""
    deadline = time.monotonic() + PERIOD + 2
    while codes.available() < needed and time.monotonic() < deadline:
        time.sleep(0.5)


def ms(seconds):
    return f"{seconds * 1000:.0f}"


def s(seconds):
    return f"{seconds:.2f}"


class Bench:
    """What the phases share: the codes, the portal, the agency's system and the processes watched."""

    def __init__(self, flow):
        self.secret = os.environ.get("AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET", "")
        if not self.secret:
            raise Failed("AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET is not set (scripts/stack.sh env)")
        self.service_pid = int(os.environ.get("BENCH_SERVICE_PID", "0"))
        self.keycloak_pid = int(os.environ.get("BENCH_KEYCLOAK_PID", "0"))
        self.codes = Codes(flow["officers"])
        self.portal = Portal(demo.load(), flow)
        self.agency = Agency(flow["webhook_secret"], demo.SERVICE)
        self.expected = 5.0  # starts per second, until measured: how many codes a phase needs

    def service_start(self, http_client, officer, code):
        return self.portal.start(http_client, officer, code)["id"]

    def service_starts(self, concurrency, seconds):
        """Starts for `seconds`, then until the agency's system answered each one's webhook."""
        done, elapsed, started, starved = starts(concurrency, seconds, self.codes, self.service_start)
        drain(self.agency, started)
        return done, elapsed, starved

    def check_agency(self):
        if self.agency.errors:
            raise Failed("the agency's system saw: " + "; ".join(self.agency.errors[:3]))

    def close(self):
        self.codes.save()
        self.agency.close()


def warm_up(bench):
    # The start path compiled before anything is timed: measured cold, the JIT's compiler threads took
    # more CPU per start than the requests themselves (106 ms of 196 at 4 concurrent).
    log(f"starts: {WARMUP_SECONDS:.0f} s warm-up at concurrency 4 (not counted)")
    warmed, _, _ = bench.service_starts(4, WARMUP_SECONDS)
    log(f"  {warmed} starts")


def token_phases(bench):
    rows = []
    for c in CONCURRENCY:
        log(f"time to token at concurrency {c}")
        results, elapsed = time_to_token(c, bench.codes, bench.portal, bench.agency)
        rows.append((c, results, elapsed))
        log(f"  {len(results)} verifications, token p50 {s(statistics.median(r['token'] for r in results))} s")
    return rows


def start_phase(bench, name, c):
    """Keycloak's direct grant alone, or the service's starts, at concurrency `c`; with the CPU of each."""
    wait_for_window(bench.codes, needed=int(bench.expected * STARTS_SECONDS * 1.3) + c)
    kc_cpu, svc_cpu, threads_before = cpu_seconds(bench.keycloak_pid), cpu_seconds(bench.service_pid), thread_cpu(bench.service_pid)
    log(f"starts per second at concurrency {c}: {name}")
    if name == "keycloak":
        done, elapsed, _, starved = starts(c, STARTS_SECONDS, bench.codes, keycloak_sign_in(bench.secret))
    else:
        done, elapsed, starved = bench.service_starts(c, STARTS_SECONDS)
    bench.check_agency()
    if elapsed < 2 or done == 0:
        raise Failed(f"{name} at concurrency {c}: the codes ran out after {elapsed:.1f} s: raise BENCH_FLOW_OFFICERS")
    jit_ms = 0.0
    if name == "service":
        after = thread_cpu(bench.service_pid)
        spent = sorted(((after[n] - threads_before.get(n, 0.0)) * 1000 / done, n) for n in after)[::-1]
        jit_ms = sum(v for v, n in spent if "CompilerThre" in n)
        log("  service CPU ms per start by thread: " + ", ".join(f"{n} {v:.1f}" for v, n in spent[:8] if v >= 0.5))
    bench.expected = max(bench.expected, done / elapsed)
    log(f"  {done} in {elapsed:.1f} s: {done / elapsed:.1f}/s")
    return {"done": done, "elapsed": elapsed, "rate": done / elapsed, "starved": starved, "jit_ms": jit_ms,
            "kc_ms": (cpu_seconds(bench.keycloak_pid) - kc_cpu) * 1000 / done,
            "svc_ms": (cpu_seconds(bench.service_pid) - svc_cpu) * 1000 / done}


def recorded_phase(bench, path):
    # One more phase, recorded and not reported: starting JFR recompiles code (the compiler threads then
    # took as much CPU per start as the requests), so it never runs in a measured phase.
    c = CONCURRENCY[-1]
    log(f"starts at concurrency {c} recorded by JFR into {path} (not reported)")
    wait_for_window(bench.codes, needed=int(bench.expected * STARTS_SECONDS * 1.3) + c)
    subprocess.run(["jcmd", str(bench.service_pid), "JFR.start", "name=bench-flow", "settings=profile",
                    f"duration={STARTS_SECONDS + 4:.0f}s", "filename=" + path], check=True, stdout=subprocess.DEVNULL)
    done, elapsed, _ = bench.service_starts(c, STARTS_SECONDS)
    log(f"  {done} in {elapsed:.1f} s while recorded")


def run(out_path):
    flow = load_state()
    if not flow:
        raise Failed(f"no bench agency in {STATE}: run `{sys.argv[0]} seed` first")
    bench = Bench(flow)
    memory = {}
    try:
        memory["idle"] = status_kb(bench.service_pid, "VmRSS")
        sampler = Memory(bench.service_pid)
        if WARMUP_SECONDS > 0:
            warm_up(bench)
        token_rows = token_phases(bench)
        memory["flow"] = sampler.stop()
        sampler = Memory(bench.service_pid)
        start_rows = [{"c": c, "keycloak": start_phase(bench, "keycloak", c), "service": start_phase(bench, "service", c)}
                      for c in CONCURRENCY]
        memory["starts"] = sampler.stop()
        memory["hwm"] = status_kb(bench.service_pid, "VmHWM")
        if os.environ.get("BENCH_FLOW_JFR"):
            recorded_phase(bench, os.environ["BENCH_FLOW_JFR"])
    finally:
        bench.close()
    with open(out_path, "w") as f:
        f.write("\n".join(report(flow, token_rows, start_rows, memory)) + "\n")


def report(flow, token_rows, start_rows, memory):
    """The markdown section bench.sh appends to bench/results.md."""
    lines = ["", "### The whole verification (scripts/bench-verifications.py)", ""]
    lines.append(f"The agency's system: this driver (Python, standard library), answering each signed webhook at once with a "
                 f"signed APPROVE; {len(flow['officers'])} officers of the bench's own agency (webhook contact only), a real "
                 f"password + one-time code sign-in per start, never the same code twice. The portal polls every "
                 f"`pollInterval` the start answered ({token_rows[0][1][0]['interval']} s), as the API asks. Every answer "
                 f"checked; trust token claims checked (ES256, email, verification_id, aud, agency, exp).")
    lines.append("")
    lines.append("| concurrency | verifications | start p50 / p99 ms | webhook at p50 / p99 s | approved at p50 / p99 s "
                 "| **token at p50 / p99 s** | polls each | tokens/s |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c, results, elapsed in token_rows:
        def pp(key, fmt):
            values = [r[key] for r in results]
            return f"{fmt(percentile(values, 50))} / {fmt(percentile(values, 99))}"
        lines.append(f"| {c} | {len(results)} | {pp('start', ms)} | {pp('webhook', s)} | {pp('approved', s)} | "
                     f"**{pp('token', s)}** | {statistics.mean(r['polls'] for r in results):.1f} | {len(results) / elapsed:.2f} |")
    slow = sum(r["slow_downs"] for _, results, _ in token_rows for r in results)
    lines.append("")
    lines.append(f"Poll slow-downs (429): {slow}. \"webhook at\": the agency's system got the signed request; \"approved at\": "
                 "its APPROVE was taken (a poll from then on gets the token); all from the start of the POST.")
    lines.append("")
    lines.append(f"Warm-up before any of this: {WARMUP_SECONDS:.0f} s of starts at concurrency 4, not counted.")
    lines.append("")
    lines.append(f"Starts per second, closed loop, {STARTS_SECONDS:.0f} s each, Keycloak alone first (password grant "
                 f"of `{DIRECT_GRANT_CLIENT}` with `totp`, then its logout: what DirectGrant sends), then "
                 "POST /v1/verifications (the phase ends once the agency's system answered each start's webhook; "
                 "CPU counted until then):")
    lines.append("")
    lines.append("| concurrency | Keycloak direct grant /s | service starts /s | **service / Keycloak** | "
                 "Keycloak CPU ms/sign-in (alone / via service) | service CPU ms/start | of which JIT compiler |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|")
    for row in start_rows:
        kc, svc = row["keycloak"], row["service"]
        lines.append(f"| {row['c']} | {kc['rate']:.1f} | {svc['rate']:.1f} | **{svc['rate'] / kc['rate']:.2f}** | "
                     f"{kc['kc_ms']:.0f} / {svc['kc_ms']:.0f} | {svc['svc_ms']:.1f} | {svc['jit_ms']:.1f} |")
    starved = [f"{name} at {row['c']}" for row in start_rows for name in ("keycloak", "service") if row[name]["starved"]]
    if starved:
        lines.append("")
        lines.append("Ran out of unused one-time codes before the end (measured over the shorter time): " + ", ".join(starved))
    lines.append("")
    lines.append(f"Service memory: VmRSS {memory['idle'] // 1024} MB before this load, at most {memory['flow'] // 1024} MB during "
                 f"the time-to-token runs and {memory['starts'] // 1024} MB during the starts; VmHWM {memory['hwm'] // 1024} MB "
                 "(the whole run, wrk included).")
    return lines


# --- the bench's own agency --------------------------------------------------------------------------

def load_state():
    try:
        with open(STATE) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save_state(state):
    os.makedirs(demo.CACHE, exist_ok=True)
    descriptor = os.open(STATE + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        json.dump(state, f, indent=1)
    os.replace(STATE + ".tmp", STATE)


def operator_api(method, path, body=None, who="operator", expect=(200,)):
    """The service's admin API as a local operator, signing in again when the token expired."""
    status, _, text = demo.call(method, demo.SERVICE + path, body=body, token=demo.operator_token(who))
    if status == 401:
        demo._operator_tokens.pop(who, None)
        status, _, text = demo.call(method, demo.SERVICE + path, body=body, token=demo.operator_token(who))
    if status not in expect:
        raise Failed(f"{method} {path} answered HTTP {status}: {text[:300]}")
    return json.loads(text) if text else {}


def still_holds(state):
    if not state or state.get("receiver_port") != RECEIVER_PORT or not state.get("officers"):
        return False
    try:
        agency = operator_api("GET", "/v1/agencies/" + state["agency_id"])
    except Failed as e:
        log("the bench agency no longer holds (" + str(e)[:120] + ")")
        return False
    # The realm may have been replaced since: the officers' Keycloak users must still have their OTP.
    return agency.get("status") == "ACTIVE" and all(
        demo.has_otp(o["user_id"]) for o in (state["officers"][0], state["officers"][-1]))


def new_agency():
    tag = secrets.token_hex(2)
    domain = f"bench-flow-{tag}.test"
    agency = operator_api("POST", "/v1/agencies", {"name": f"Bench Flow Police Department ({tag})", "kind": "CITY",
                                                   "country": "US", "region": "IL"}, expect=(201,))
    claimed = operator_api("POST", f"/v1/agencies/{agency['id']}/domains", {"domain": domain}, expect=(200, 201))
    records = demo.published_records()
    records[domain] = claimed["challenge"]["recordValue"]
    demo.save_published(records)
    demo.dns_start(demo.load())
    proved = operator_api("POST", f"/v1/agencies/{agency['id']}/domains/{claimed['id']}/prove")
    if not proved.get("proved"):
        raise Failed(f"the domain proof of {domain} failed: is the service's resolver 127.0.0.1:{demo.DNS_PORT}?")
    webhook_url = f"http://127.0.0.1:{RECEIVER_PORT}/"
    proposed = operator_api("POST", f"/v1/agencies/{agency['id']}/contacts", {
        "name": "Bench Records System", "role": "records system (scripts/bench-verifications.py)", "level": "SUPERVISOR",
        "channel": {"type": "WEBHOOK", "url": webhook_url}}, expect=(202,))
    operator_api("POST", f"/v1/agencies/{agency['id']}/changes/{proposed['change']['id']}/approve", who="second-operator")
    operator_api("POST", f"/v1/agencies/{agency['id']}/activate")
    state = {"agency_id": agency["id"], "domain": domain, "receiver_port": RECEIVER_PORT,
             "contact_id": proposed["change"]["contact"]["id"], "webhook_secret": proposed["webhookSecret"], "officers": []}
    save_state(state)
    log(f"bench agency {agency['id']} for {domain}, its webhook contact at {webhook_url}")
    return state


def new_officer(state, number):
    email = f"officer-{number:04d}@{state['domain']}"
    enrolled = operator_api("POST", f"/v1/agencies/{state['agency_id']}/officers",
                            {"email": email, "name": f"Bench Officer {number}", "badgeNumber": f"B{number:04d}"}, expect=(201,))
    user_id, password, secret = demo.set_known_credentials(email, None)
    operator_api("POST", f"/v1/agencies/{state['agency_id']}/officers/{enrolled['id']}/activate")
    # The TOTP setup took the current window's code.
    return {"id": enrolled["id"], "email": email, "user_id": user_id, "password": password, "totp_secret": secret,
            "setup_window": int(time.time() // PERIOD)}


def seed():
    state = load_state()
    if not still_holds(state):
        state = new_agency()
    missing = OFFICERS - len(state["officers"])
    if missing <= 0:
        log(f"reusing the bench agency in {STATE} ({len(state['officers'])} officers)")
        return
    log(f"enrolling {missing} officers with known passwords and TOTP secrets (once; Keycloak's setup pages)")
    first = len(state["officers"])
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for future in concurrent.futures.as_completed([pool.submit(new_officer, state, n) for n in range(first, OFFICERS)]):
            officer = future.result()
            with lock:
                state["officers"].append(officer)
                save_state(state)
                if len(state["officers"]) % 20 == 0:
                    log(f"  {len(state['officers'])} officers")
    codes = Codes(state["officers"])
    for officer in state["officers"]:
        if "setup_window" in officer:
            codes.mark(officer["email"], officer["setup_window"])
    codes.save()
    log(f"bench agency ready: {len(state['officers'])} officers")


def main(argv):
    if len(argv) == 2 and argv[1] == "seed":
        seed()
        return 0
    if len(argv) == 3 and argv[1] == "run":
        run(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Failed as e:
        log("ERROR: " + str(e))
        sys.exit(1)
