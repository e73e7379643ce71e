#!/usr/bin/env python3
"""Applies keycloak/realm-local.json (LOCAL ONLY) on top of the realm that keycloak/realm-agency-verify.json
made: this machine's client secrets, loopback redirect URIs, the local SMTP sink and the demo operator
(password + TOTP). The production realm file holds none of these. Called by scripts/stack.sh after the realm
was (re)imported; idempotent (users are made again, so their credentials are always this machine's).

  scripts/realm-local.py KEYCLOAK_URL REALM OVERLAY ENV_FILE...

${NAME} in the overlay is taken from the env files (KEY=VALUE lines), then from the environment. The master
realm's bootstrap admin (KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD, default admin/admin) signs in.
"""
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


class Failed(Exception):
    pass


def read_env(files):
    values = dict(os.environ)
    for name in files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, _, value = line.partition("=")
                    values[key.removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


def resolve(node, env):
    if isinstance(node, dict):
        return {k: resolve(v, env) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, env) for v in node]
    if isinstance(node, str):
        def value(match):
            if match.group(1) not in env or not env[match.group(1)]:
                raise Failed("realm-local: no value for ${%s}" % match.group(1))
            return env[match.group(1)]
        return re.sub(r"\$\{([A-Z0-9_]+)\}", value, node)
    return node


class Admin:
    def __init__(self, base, realm, env):
        self.base, self.realm = base.rstrip("/"), realm
        form = urllib.parse.urlencode({"grant_type": "password", "client_id": "admin-cli",
                                       "username": env.get("KEYCLOAK_ADMIN_USER", "admin"),
                                       "password": env.get("KEYCLOAK_ADMIN_PASSWORD", "admin")}).encode()
        answer = self.send("POST", self.base + "/realms/master/protocol/openid-connect/token", form,
                           "application/x-www-form-urlencoded", auth=False)
        self.token = answer["access_token"]

    def send(self, method, url, body=None, content_type="application/json", auth=True):
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", content_type)
        if auth:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return json.loads(text) if text.strip() else None
        except urllib.error.HTTPError as e:
            raise Failed(f"realm-local: {method} {url} answered HTTP {e.code}") from None

    def __call__(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        return self.send(method, f"{self.base}/admin/realms/{self.realm}{path}", data)


def apply(admin, overlay):
    if "smtpServer" in overlay:
        admin("PUT", "", {"smtpServer": overlay["smtpServer"]})
    for client_id, fields in overlay.get("clients", {}).items():
        found = admin("GET", "/clients?" + urllib.parse.urlencode({"clientId": client_id}))
        if not found:
            raise Failed(f"realm-local: the realm has no client {client_id}")
        client = found[0]
        client.update(fields)
        admin("PUT", "/clients/" + client["id"], client)
    for user in overlay.get("users", []):
        for old in admin("GET", "/users?" + urllib.parse.urlencode({"username": user["username"], "exact": "true"})) or []:
            admin("DELETE", "/users/" + old["id"])
        otp = {"subType": "totp", "digits": 6, "period": 30, "algorithm": "HmacSHA1", "counter": 0}
        admin("POST", "/users", {
            "username": user["username"], "email": user["email"], "emailVerified": True, "enabled": True,
            "firstName": user["firstName"], "lastName": user["lastName"],
            "credentials": [
                {"type": "password", "value": user["password"], "temporary": False},
                {"type": "otp", "secretData": json.dumps({"value": user["totpSecret"]}), "credentialData": json.dumps(otp)}]})
        created = admin("GET", "/users?" + urllib.parse.urlencode({"username": user["username"], "exact": "true"}))[0]
        roles = [admin("GET", "/roles/" + urllib.parse.quote(name)) for name in user.get("realmRoles", [])]
        if roles:
            admin("POST", f"/users/{created['id']}/role-mappings/realm", roles)


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    base, realm, overlay_file, env_files = argv[0], argv[1], argv[2], argv[3:]
    env = read_env(env_files)
    with open(overlay_file, encoding="utf-8") as f:
        overlay = json.load(f)
    overlay.pop("description", None)
    try:
        apply(Admin(base, realm, env), resolve(overlay, env))
    except (Failed, urllib.error.URLError) as e:
        print(f"[stack] ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
