# Sourced by mvnw, workshop and scripts/*: use_jdk_21 ROOT exports JAVA_HOME as a JDK 21 or
# newer, or prints why there is none and fails. Cheap on every run: JAVA_HOME if it is one,
# else the JDK found last time (ROOT/.workshop/jdk, git-ignored), else FindJdk (workshop-cli)
# looks where installers put one and remembers it. POSIX sh, safe under set -euf.

jdk_major() { # the major version in $1/release, or nothing
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || :
}

is_jdk_21() { # $1 is a JDK (it has javac) of version 21 or newer
  [ -n "$1" ] && { [ -x "$1/bin/javac" ] || [ -x "$1/bin/javac.exe" ]; } || return 1
  _major=$(jdk_major "$1")
  [ -n "$_major" ] && [ "$_major" -ge 21 ]
}

use_jdk_21() {
  _cache="$1/.workshop/jdk"
  if is_jdk_21 "${JAVA_HOME-}"; then
    export JAVA_HOME
    return 0
  fi
  _cached=
  if [ -f "$_cache" ]; then _cached=$(tr -d '\r\n' <"$_cache"); fi
  if [ -n "$_cached" ] && command -v cygpath >/dev/null 2>&1; then _cached=$(cygpath -u "$_cached"); fi
  if is_jdk_21 "$_cached"; then
    JAVA_HOME=$_cached
    export JAVA_HOME
    return 0
  fi
  # Any java can run the finder (a single-file program needs Java 11+).
  _java=java
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then _java="$JAVA_HOME/bin/java"; fi
  _status=0
  _found=$("$_java" "$1/workshop-cli/src/main/java/workshop/cli/FindJdk.java" --cache "$_cache") || _status=$?
  if [ "$_status" -ne 0 ]; then
    # 3: FindJdk has said what it found and what to do. Otherwise no java could run it.
    [ "$_status" -eq 3 ] || echo "No JDK 21 or newer was found, and no Java 11+ to look for one. The workshop needs a JDK 21 or newer: install one (Eclipse Temurin from https://adoptium.net, or your system's package), or set JAVA_HOME to one that is installed." >&2
    return 1
  fi
  _found=$(printf %s "$_found" | tr -d '\r\n')
  if command -v cygpath >/dev/null 2>&1; then _found=$(cygpath -u "$_found"); fi
  JAVA_HOME=$_found
  export JAVA_HOME
}
