#!/usr/bin/env bash
# The operator's command to rebuild a read model of a running service from its event store, in one transaction
# (readers see the old model or the new one). Signed with SigV4 (signing name "coffer"); the caller's policies must
# allow coffer:RebuildReadModel. The call is on the audit trail as RebuildReadModel.
#   deploy/local/rebuild-read-model.sh repo-service repositories
#   deploy/local/rebuild-read-model.sh key-service keys
#   deploy/local/rebuild-read-model.sh key-service            (lists the service's read models)
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (region AWS_REGION, default us-east-2); the endpoint:
# COFFER_ENDPOINT, default the local stack's port of that service.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
state=${COFFER_LOCAL_DIR:-$root/.coffer/local}
fail() { printf 'rebuild-read-model.sh: %s\n' "$*" >&2; exit 1; }

[ $# -ge 1 ] || fail "usage: $0 <service> [read model]"
case "$1" in
  repo-service) port=8081 ;;
  key-service) port=8082 ;;
  crypto-service) port=8083 ;;
  audit-service) port=8084 ;;
  *) fail "unknown service $1 (repo-service, key-service, crypto-service, audit-service)" ;;
esac
[ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] \
  || fail "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to an identity allowed coffer:RebuildReadModel"
endpoint=${COFFER_ENDPOINT:-https://localhost:$port}
tls=()
[ -f "$state/tls/ca.pem" ] && tls=(--cacert "$state/tls/ca.pem")
sign=(--aws-sigv4 "aws:amz:${AWS_REGION:-us-east-2}:coffer" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")

if [ $# -eq 1 ]; then
  curl -sS --fail-with-body "${tls[@]}" "${sign[@]}" "$endpoint/v1/admin/read-models"
else
  curl -sS --fail-with-body "${tls[@]}" "${sign[@]}" -X POST "$endpoint/v1/admin/read-models/$2/rebuild"
fi
echo
