#!/usr/bin/env bash
# Keycloak for admins, without Docker: its server distribution from Maven Central (org.keycloak:keycloak-quarkus-dist,
# fetched once through the project's Maven wrapper and unpacked into a cache), started in development mode with the
# anquanli realm imported. Runs in the foreground; Ctrl-C stops it.
#
#   src/main/keycloak/keycloak.sh [extra kc.sh start-dev options, e.g. --db=dev-mem]
#
# KEYCLOAK_PORT (8180: the service's default QUARKUS_OIDC_AUTH_SERVER_URL), KEYCLOAK_MANAGEMENT_PORT (9180; Keycloak's
# own default, 9000, is the service's management port), KEYCLOAK_VERSION (26.4.7), KEYCLOAK_CACHE (~/.cache/anquanli),
# KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (admin / admin: the master realm's administrator, for the
# admin console at http://localhost:8180/admin).
# By default the realm lives in a file database in the cache, so a password changed at the first sign-in stays
# changed; --db=dev-mem starts from the realm file every time (the tests do that).
set -euo pipefail
cd "$(dirname "$0")/../../.."

VERSION=${KEYCLOAK_VERSION:-26.4.7}
PORT=${KEYCLOAK_PORT:-8180}
MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9180}
CACHE=${KEYCLOAK_CACHE:-$HOME/.cache/anquanli}
KC_HOME=$CACHE/keycloak-$VERSION

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  mkdir -p "$CACHE"
  echo "Fetching Keycloak $VERSION (once) into $CACHE" >&2
  ./mvnw -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$CACHE"
  # Unpacked under a temporary name and moved, so an interrupted unpack never looks like a complete one.
  rm -rf "$KC_HOME.partial" && mkdir "$KC_HOME.partial"
  unzip -q "$CACHE/keycloak-quarkus-dist-$VERSION.zip" -d "$KC_HOME.partial"
  mv "$KC_HOME.partial/keycloak-$VERSION" "$KC_HOME" && rm -rf "$KC_HOME.partial" "$CACHE/keycloak-quarkus-dist-$VERSION.zip"
fi

# --import-realm reads data/import of the distribution; a realm that already exists in the database is left as it is.
mkdir -p "$KC_HOME/data/import"
cp src/main/keycloak/anquanli-realm.json "$KC_HOME/data/import/"
export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
# Keycloak 26 supports Java 21 and 17: KEYCLOAK_JAVA_HOME, else such a JDK under /usr/lib/jvm (the project's own
# tests may run on a newer one), else whatever JAVA_HOME or the PATH gives.
if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then
  export JAVA_HOME=$KEYCLOAK_JAVA_HOME
else
  for v in 21 17; do
    jdk=$(ls -d /usr/lib/jvm/*-"$v"-* 2>/dev/null | head -1 || true)
    if [ -n "$jdk" ] && [ -x "$jdk/bin/java" ]; then export JAVA_HOME=$jdk; break; fi
  done
fi
exec "$KC_HOME/bin/kc.sh" start-dev --http-port="$PORT" --http-management-port="$MANAGEMENT_PORT" --import-realm "$@"
