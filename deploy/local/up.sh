#!/usr/bin/env bash
# Runs the whole Coffer stack on this machine: a single-node KRaft Kafka (jars from Maven Central), PostgreSQL on
# 127.0.0.1:5432, the four services and the web console. Stop it with deploy/local/down.sh.
#   deploy/local/up.sh            build if needed, start, wait until ready
#   deploy/local/up.sh --build    rebuild the services first
#   deploy/local/up.sh --instance key-service:8092
#                                 one more instance of a service of the running stack on another port (its management
#                                 port is that port + 1100): same broker, same database, same settings; the environment
#                                 of this call is its own (COFFER_AUDIT_ENABLED=false, say). key-service and
#                                 audit-service scale this way, and repo-service when Git data is in S3 (below).
#   COFFER_BLOB_STORE=s3 deploy/local/up.sh
#                                 Git data in an S3 bucket instead of a local directory: a local S3 server (S3Proxy,
#                                 from Maven Central) on https://localhost:9000 (COFFER_S3_PORT), bucket coffer-git,
#                                 objects under .coffer/local/s3; any number of repo-service instances share it.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
state=${COFFER_LOCAL_DIR:-$root/.coffer/local}
logs=$state/logs
pids=$state/pids
db_name=${COFFER_DB_NAME:-coffer}
kafka_version=4.1.2
s3proxy_version=4.1.0
s3_port=${COFFER_S3_PORT:-9000}
services=(repo-service:8081 key-service:8082 crypto-service:8083 audit-service:8084 console:8085)
mkdir -p "$logs" "$pids"
extra=
case "${1:-}" in
  --instance) extra=${2:?"--instance needs <service>:<port>"};;
  --build|"") ;;
  *) printf 'up.sh: unknown argument %s\n' "$1" >&2; exit 2;;
esac

say() { printf '%s\n' "$*"; }
fail() { printf 'up.sh: %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running() { [ -f "$pids/$1.pid" ] && kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null; }

command -v java >/dev/null || fail "java (17+) is required"
command -v mvn >/dev/null || fail "mvn is required"

# --- PostgreSQL ---
if ! port_open 5432; then
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    say "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
    for _ in $(seq 1 30); do port_open 5432 && break; sleep 1; done
  fi
  port_open 5432 || fail "PostgreSQL is not listening on 127.0.0.1:5432 and could not be started"
fi
psql_() { psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -d postgres -tAc "$1"; }
if [ "$(psql_ "select 1 from pg_database where datname = '$db_name'")" != "1" ]; then
  say "Creating database $db_name"
  psql_ "create database $db_name" >/dev/null
fi

# --- build ---
needs_build() {
  [ "${1:-}" = "--build" ] && return 0
  for s in "${services[@]}"; do [ -f "$root/${s%%:*}/target/quarkus-app/quarkus-run.jar" ] || return 0; done
  [ -f "$root/deploy/target/classes/io/coffer/deploy/LocalCertificateAuthority.class" ] || return 0
  return 1
}
if needs_build "${1:-}"; then
  say "Building the services (mvn package -DskipTests)"
  (cd "$root" && mvn -B -q -DskipTests package -pl repo-service,key-service,crypto-service,audit-service,console,deploy -am) \
    > "$logs/build.log" 2>&1 || fail "build failed; see $logs/build.log"
fi

# --- Kafka ---
if running kafka; then
  say "Kafka already running (pid $(cat "$pids/kafka.pid"))"
elif port_open 9092; then
  say "Something already listens on 127.0.0.1:9092; using it as Kafka"
else
  libs=$state/kafka-$kafka_version/libs
  if [ ! -f "$libs/kafka_2.13-$kafka_version.jar" ]; then
    say "Fetching Kafka $kafka_version jars from Maven Central"
    mvn -B -q -f "$root/deploy/local/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" \
      -DincludeScope=runtime > "$logs/kafka-fetch.log" 2>&1 || fail "could not fetch Kafka; see $logs/kafka-fetch.log"
  fi
  props=$state/kafka-server.properties
  { cat "$root/deploy/local/kafka/server.properties"; echo "log.dirs=$state/kafka-data"; } > "$props"
  kafka_java=(java -Xmx512m -Dlog4j2.configurationFile="$root/deploy/local/kafka/log4j2.properties" -cp "$libs/*")
  if [ ! -f "$state/kafka-data/meta.properties" ]; then
    cluster_id=$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    "${kafka_java[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" > "$logs/kafka-format.log" 2>&1 \
      || fail "could not format Kafka storage; see $logs/kafka-format.log"
  fi
  say "Starting Kafka on 127.0.0.1:9092"
  nohup "${kafka_java[@]}" kafka.Kafka "$props" >> "$logs/kafka.log" 2>&1 &
  echo $! > "$pids/kafka.pid"
  for _ in $(seq 1 60); do port_open 9092 && break; running kafka || fail "Kafka exited; see $logs/kafka.log"; sleep 1; done
  port_open 9092 || fail "Kafka did not open 127.0.0.1:9092; see $logs/kafka.log"
fi

# the identity tools (sealed secrets, SSH key fingerprints) run from a service's jars; the local CA from deploy's
tools_cp="$root/repo-service/target/quarkus-app/lib/main/*"
ca_cp="$root/deploy/target/classes:$tools_cp"

# --- TLS: a local CA and a server certificate for this machine, made once (deploy's LocalCertificateAuthority, Bouncy Castle).
# HTTPS only, unless COFFER_PLAIN_HTTP=true asks for plain HTTP (the services' plain-http profile). ---
scheme=https
if [ "${COFFER_PLAIN_HTTP:-false}" = true ]; then
  scheme=http
  export QUARKUS_PROFILE=plain-http
fi
tls=$state/tls
export COFFER_TLS_CERTIFICATE_FILE=${COFFER_TLS_CERTIFICATE_FILE:-$tls/server.pem}
export COFFER_TLS_KEY_FILE=${COFFER_TLS_KEY_FILE:-$tls/server.key}
export COFFER_TLS_TRUST_CA_FILE=${COFFER_TLS_TRUST_CA_FILE:-$tls/ca.pem}
if [ ! -f "$COFFER_TLS_CERTIFICATE_FILE" ]; then
  java -cp "$ca_cp" io.coffer.deploy.LocalCertificateAuthority "$tls" \
    > "$logs/tls.log" 2>&1 || fail "could not make the local certificates; see $logs/tls.log"
fi
# for clients: the system's roots plus the local CA, as a PEM bundle and as a Java trust store
if [ ! -f "$tls/ca-bundle.pem" ] && [ -f "$tls/ca.pem" ]; then
  { [ -f /etc/ssl/certs/ca-certificates.crt ] && cat /etc/ssl/certs/ca-certificates.crt; cat "$tls/ca.pem"; } \
    > "$tls/ca-bundle.pem"
  jdk_roots=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/security/cacerts
  { [ -f "$jdk_roots" ] && keytool -importkeystore -srckeystore "$jdk_roots" -srcstorepass changeit \
      -destkeystore "$tls/truststore.p12" -deststoretype PKCS12 -deststorepass changeit -noprompt;
    keytool -importcert -noprompt -alias coffer-local-ca -file "$tls/ca.pem" -keystore "$tls/truststore.p12" \
      -storetype PKCS12 -storepass changeit; } >> "$logs/tls.log" 2>&1 || fail "could not make $tls/truststore.p12"
fi

# --- S3 (COFFER_BLOB_STORE=s3, or this stack's S3Proxy already runs): S3Proxy over HTTPS with the local certificate,
# objects as files under $state/s3, SigV4 with a secret made on first start. ---
if [ "${COFFER_BLOB_STORE:-local}" = s3 ] || running s3proxy; then
  jar=$state/s3proxy/s3proxy-$s3proxy_version-jar-with-dependencies.jar
  if [ ! -f "$jar" ]; then
    say "Fetching S3Proxy $s3proxy_version from Maven Central"
    (cd "$root" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" -DoutputDirectory="$state/s3proxy") \
      > "$logs/s3proxy-fetch.log" 2>&1 || fail "could not fetch S3Proxy; see $logs/s3proxy-fetch.log"
  fi
  s3_secret_file=$state/s3proxy/credential
  if [ ! -f "$s3_secret_file" ]; then
    (umask 077 && head -c 30 /dev/urandom | base64 | tr -d '/+=' > "$s3_secret_file")
  fi
  if ! running s3proxy; then
    port_open "$s3_port" && fail "port $s3_port (for S3Proxy) is taken by another process"
    conf=$state/s3proxy/s3proxy.conf
    (umask 077 && {
      echo "s3proxy.authorization=aws-v2-or-v4"
      echo "s3proxy.identity=coffer-local"
      echo "s3proxy.credential=$(cat "$s3_secret_file")"
      echo "jclouds.provider=filesystem-nio2"
      echo "jclouds.filesystem.basedir=$state/s3"
      if [ "$scheme" = https ]; then
        java -cp "$ca_cp" io.coffer.deploy.LocalCertificateAuthority key-store "$tls" "$(cat "$s3_secret_file")" \
          >> "$logs/tls.log" 2>&1 || fail "could not make the key store for S3Proxy; see $logs/tls.log"
        echo "s3proxy.secure-endpoint=https://127.0.0.1:$s3_port"
        echo "s3proxy.keystore-path=$tls/server.p12"
        echo "s3proxy.keystore-password=$(cat "$s3_secret_file")"
      else
        echo "s3proxy.endpoint=http://127.0.0.1:$s3_port"
      fi
    } > "$conf")
    mkdir -p "$state/s3"
    say "Starting S3Proxy on 127.0.0.1:$s3_port"
    nohup java -Xmx256m -jar "$jar" --properties "$conf" >> "$logs/s3proxy.log" 2>&1 &
    echo $! > "$pids/s3proxy.pid"
    for _ in $(seq 1 60); do port_open "$s3_port" && break; running s3proxy || fail "S3Proxy exited; see $logs/s3proxy.log"; sleep 1; done
    port_open "$s3_port" || fail "S3Proxy did not open 127.0.0.1:$s3_port; see $logs/s3proxy.log"
  fi
  export COFFER_REPO_GIT_BLOB_STORE=s3
  export COFFER_REPO_GIT_S3_ENDPOINT=$scheme://localhost:$s3_port
  export COFFER_REPO_GIT_S3_BUCKET=coffer-git
  export COFFER_REPO_GIT_S3_PATH_STYLE=true
  export COFFER_REPO_GIT_S3_ACCESS_KEY_ID=coffer-local
  COFFER_REPO_GIT_S3_SECRET_ACCESS_KEY=$(cat "$s3_secret_file")
  export COFFER_REPO_GIT_S3_SECRET_ACCESS_KEY
fi

# --- services ---
export COFFER_ROOT_KEY_FILE=${COFFER_ROOT_KEY_FILE:-$state/root.key}
export COFFER_AUDIT_DIGEST_SIGNING_KEY_FILE=${COFFER_AUDIT_DIGEST_SIGNING_KEY_FILE:-$state/audit-digest.pem}
export COFFER_REPO_GIT_BLOB_ROOT=${COFFER_REPO_GIT_BLOB_ROOT:-$state/repo-blobs}
# Git over SSH on :2222; repo-service makes its host keys here on first start and keeps them
export COFFER_REPO_SSH_HOST_KEY_DIR=${COFFER_REPO_SSH_HOST_KEY_DIR:-$state/ssh-host-keys}
export COFFER_DB_NAME=$db_name
# Identities: the example file (admin, developer, auditor, service principals) on first start, its secrets sealed
# under a key of this run (the file on disk holds none in plain); edit the copy and every service reloads it within
# seconds. Seal a new secret with: java -cp "<repo-service>/target/quarkus-app/lib/main/*" \
#   io.coffer.aws.identity.SealedSecrets seal "$COFFER_IDENTITY_SECRETS_KEY_FILE" <access key ID>
export COFFER_IDENTITY_FILE=${COFFER_IDENTITY_FILE:-$state/identities.yaml}
export COFFER_IDENTITY_SECRETS_KEY_FILE=${COFFER_IDENTITY_SECRETS_KEY_FILE:-$state/identity-secrets.key}
if [ ! -f "$COFFER_IDENTITY_SECRETS_KEY_FILE" ]; then
  java -cp "$tools_cp" io.coffer.aws.identity.SealedSecrets generate-key "$COFFER_IDENTITY_SECRETS_KEY_FILE" \
    || fail "could not make the identity secrets key"
fi
if [ ! -f "$COFFER_IDENTITY_FILE" ]; then
  java -cp "$tools_cp" io.coffer.aws.identity.SealedSecrets seal-file "$COFFER_IDENTITY_SECRETS_KEY_FILE" \
    "$root/aws-api/src/main/resources/META-INF/coffer/identities-local.yaml" "$COFFER_IDENTITY_FILE" \
    || fail "could not write $COFFER_IDENTITY_FILE"
fi
# repo-service reaches crypto-service on its Unix domain socket, as in a Kubernetes pod where crypto-service is
# repo-service's sidecar: plain HTTP that the kernel carries from one process to the other, through a directory only
# this user may enter. COFFER_CRYPTO_SOCKET= (empty) keeps that hop on TLS over TCP like every other one.
crypto_socket=${COFFER_CRYPTO_SOCKET-$state/run/crypto-service.sock}
if [ ${#crypto_socket} -gt 100 ]; then
  say "The path $crypto_socket is too long for a Unix domain socket; repo-service calls crypto-service over TLS"
  crypto_socket=
fi
if [ -n "$crypto_socket" ]; then
  mkdir -p "$(dirname "$crypto_socket")" && chmod 700 "$(dirname "$crypto_socket")"
fi
# waits until the instance whose PID file and log are named $1 answers ready on port $2
await_ready() {
  for i in $(seq 1 120); do
    curl -fsS --cacert "$COFFER_TLS_TRUST_CA_FILE" "$scheme://localhost:$2/q/health/ready" >/dev/null 2>&1 && return
    running "$1" || fail "$1 exited; see $logs/$1.log"
    [ "$i" = 120 ] && fail "$1 not ready after 120 s; see $logs/$1.log"
    sleep 1
  done
}
if [ -n "$extra" ]; then
  name=${extra%%:*}; port=${extra##*:}
  own_env=()
  case $name in
    key-service|audit-service) ;;
    repo-service)
      [ "${COFFER_REPO_GIT_BLOB_STORE:-}" = s3 ] \
        || fail "a second repo-service needs Git data in S3: start the stack with COFFER_BLOB_STORE=s3"
      # Git over HTTPS and the CodeCommit API; Git over SSH stays with the first instance's port 2222
      own_env=(COFFER_REPO_SSH_ENABLED=false)
      [ -n "$crypto_socket" ] && own_env+=("COFFER_REPO_GIT_CRYPTO_SERVICE_SOCKET=$crypto_socket");;
    *) fail "--instance takes key-service, audit-service or repo-service, not $name";;
  esac
  [[ $port =~ ^[0-9]+$ ]] || fail "--instance $extra: the port must be a number"
  port_open "$port" && fail "port $port is taken by another process"
  say "Starting $name on :$port (management :$((port + 1100)))"
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) up.sh starts $name-$port" >> "$logs/$name-$port.log"
  nohup env "${own_env[@]}" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT=$((port + 1100)) \
    java ${COFFER_JAVA_OPTS:--Xmx512m} -jar "$root/$name/target/quarkus-app/quarkus-run.jar" \
    >> "$logs/$name-$port.log" 2>&1 &
  echo $! > "$pids/$name-$port.pid"
  await_ready "$name-$port" "$port"
  say "$name is up on $scheme://localhost:$port (stop it with deploy/local/down.sh $name-$port)"
  exit 0
fi
for s in "${services[@]}"; do
  name=${s%%:*}; port=${s##*:}
  if running "$name"; then say "$name already running (pid $(cat "$pids/$name.pid"))"; continue; fi
  port_open "$port" && fail "port $port (for $name) is taken by another process"
  [ "$name" = repo-service ] && port_open 2222 && fail "port 2222 (Git over SSH) is taken by another process"
  own_env=()
  if [ -n "$crypto_socket" ]; then
    case $name in
      crypto-service) own_env=(QUARKUS_HTTP_DOMAIN_SOCKET_ENABLED=true "QUARKUS_HTTP_DOMAIN_SOCKET=$crypto_socket");;
      repo-service) own_env=("COFFER_REPO_GIT_CRYPTO_SERVICE_SOCKET=$crypto_socket");;
    esac
  fi
  say "Starting $name on :$port"
  # appended, so the lines of a run that crashed are still there after the restart
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) up.sh starts $name" >> "$logs/$name.log"
  nohup env "${own_env[@]}" java ${COFFER_JAVA_OPTS:--Xmx512m} -jar "$root/$name/target/quarkus-app/quarkus-run.jar" \
    >> "$logs/$name.log" 2>&1 &
  echo $! > "$pids/$name.pid"
done

say "Waiting until all services are ready"
for s in "${services[@]}"; do
  await_ready "${s%%:*}" "${s##*:}"
done

# the host key fingerprints users compare with what ssh shows on first connection, and a known_hosts file to hand out
ssh_fingerprints=$(for k in "$COFFER_REPO_SSH_HOST_KEY_DIR"/ssh_host_*_key.pub; do
  if command -v ssh-keygen >/dev/null; then ssh-keygen -lf "$k"
  else printf '%s %s\n' "$(cut -d' ' -f1 "$k")" \
    "$(java -cp "$tools_cp" io.coffer.aws.identity.SshPublicKey "$k" | sed -n 's/^Fingerprint: *//p')"; fi
done | sed 's/^/  /')
for k in "$COFFER_REPO_SSH_HOST_KEY_DIR"/ssh_host_*_key.pub; do
  printf '[localhost]:2222 %s\n' "$(cut -d' ' -f1,2 "$k")"
done > "$state/ssh_known_hosts"

git_data=$COFFER_REPO_GIT_BLOB_ROOT
if [ "${COFFER_REPO_GIT_BLOB_STORE:-}" = s3 ]; then
  git_data="S3 bucket coffer-git at $COFFER_REPO_GIT_S3_ENDPOINT (S3Proxy; objects in $state/s3)"
fi
cat <<TXT

Coffer is up.
  repo-service    $scheme://localhost:8081   CodeCommit API (POST /), Git at /v1/repos/<name>
                  ssh://localhost:2222       Git over SSH at /v1/repos/<name> (user: your SSH key ID, APKA...)
  key-service     $scheme://localhost:8082   KMS API (POST /)
  crypto-service  $scheme://localhost:8083   envelope encryption (internal API)
  audit-service   $scheme://localhost:8084   CloudTrail LookupEvents (POST /), GET /v1/events?repositoryId=<id>,
                                             GET /v1/integrity/verify
  console         $scheme://localhost:8085   web console: sign in with an access key pair below
  Kafka 127.0.0.1:9092, PostgreSQL 127.0.0.1:5432/$db_name, logs in $logs
  Git data (ciphertext only): $git_data

TLS: certificates of the local CA $COFFER_TLS_TRUST_CA_FILE (TLS 1.3 and 1.2). Trust it (these files add it to
the usual roots):
  export GIT_SSL_CAINFO=$tls/ca-bundle.pem AWS_CA_BUNDLE=$tls/ca-bundle.pem CURL_CA_BUNDLE=$tls/ca-bundle.pem
  Java: -Djavax.net.ssl.trustStore=$tls/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit
  or:   git config --global http.sslCAInfo $tls/ca-bundle.pem   (GIT_SSL_CAINFO, if set, wins)

Identities: $COFFER_IDENTITY_FILE (reloaded when it changes), account 111122223333
  admin      AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY   (AdministratorAccess)
  developer  AKIAI44QH8DHBEXAMPLE / je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY   (CodeCommit, no DeleteRepository)
  auditor    AKIAJAUDITOREXAMPLE1 / AuditorSecretKeyForLocalRunsEXAMPLEKEY1    (LookupEvents, read-only)

SSH host keys of localhost:2222 (as known_hosts lines: $state/ssh_known_hosts):
$ssh_fingerprints
Register an SSH key: java -cp "$tools_cp" io.coffer.aws.identity.SshPublicKey ~/.ssh/id_ed25519.pub
  prints its SSH key ID and the sshPublicKeys entry to add to your user in $COFFER_IDENTITY_FILE

Try it:
  curl -s --cacert $COFFER_TLS_TRUST_CA_FILE --aws-sigv4 "aws:amz:us-east-2:codecommit" \\
       --user 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' \\
       -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: CodeCommit_20150413.CreateRepository' \\
       -d '{"repositoryName":"my-first-repo"}' $scheme://localhost:8081/

Stop it with deploy/local/down.sh
TXT
