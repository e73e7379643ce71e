#!/bin/bash
# LOCAL ONLY (docker/compose.yaml): what scripts/stack.sh does for the local stack. The realm file is the
# production one, with no client secrets and no local redirect URIs; this sets the secrets the service
# was given, the approval page's and the console's redirect URIs and the realm's SMTP (the compose mail sink) with kcadm.
set -euo pipefail
kc=/opt/keycloak/bin/kcadm.sh
realm=agency-verify
for _ in $(seq 1 30); do
  "$kc" config credentials --server "$KEYCLOAK_URL" --realm master --user admin --password "$KEYCLOAK_ADMIN_PASSWORD" && break
  sleep 2
done
client() {
  local id
  id=$("$kc" get clients -r "$realm" -q "clientId=$1" --fields id --format csv --noquotes)
  [[ -n $id ]] || { echo "no client $1 in realm $realm" >&2; exit 1; }
  shift
  "$kc" update "clients/$id" -r "$realm" "$@"
}
client agency-verify-admin -s "secret=$QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET"
client agency-verify-credential-check -s "secret=$AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET"
client agency-verify-approval -s "secret=$QUARKUS_OIDC_APPROVAL_CREDENTIALS_SECRET" -s "redirectUris=[\"$PUBLIC_URL/approve/*\"]"
client agency-verify-console -s "secret=$QUARKUS_OIDC_CONSOLE_CREDENTIALS_SECRET" -s "redirectUris=[\"$PUBLIC_URL/console/*\"]"
"$kc" update "realms/$realm" -s smtpServer.host=mailpit -s smtpServer.port=1025 \
  -s smtpServer.from=noreply@agency-verify.localhost -s smtpServer.fromDisplayName=agency-verify
echo "realm $realm: client secrets, approval and console redirect URIs and SMTP set"
