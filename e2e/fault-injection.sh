#!/usr/bin/env bash
# The fault-injection suite in full, as docs/operations.md reports it: builds the services, then runs
# CrashRecoveryIT (SIGKILL of every process and of the broker under load, PostgreSQL refusing connections for 15 s
# and crashing, a full blob store) with a push soak of 30 minutes. CI runs the same test with a 45-second soak.
#   e2e/fault-injection.sh          30-minute soak
#   e2e/fault-injection.sh PT2H     any ISO-8601 duration
# Needs what the tests need (docs/deploy.md): PostgreSQL's binaries, root for the full-blob-store case (a small tmpfs).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -pl e2e verify -Dit.test=CrashRecoveryIT -Dcoffer.e2e.soak="${1:-PT30M}"
