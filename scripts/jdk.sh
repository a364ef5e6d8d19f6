# Sourced by the maintainer scripts: finds a JDK 21 or newer and puts its java in $JAVA.
# Order: JAVA_HOME if it is 21+, then the java on the PATH if 21+, then the newest 21+ JDK in
# the usual install folders. Fails with one clear message otherwise.

jdk_major() { # prints the major version of the JDK at $1 (empty if unknown)
  local home=$1 version=""
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = //p')
  fi
  version=${version#1.}
  printf '%s' "${version%%[.+-]*}"
}

find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then JAVA="$JAVA_HOME/bin/java"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p')
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ]; then
      major=$(jdk_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then JAVA="$candidate/bin/java"; return 0; fi
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate best_major=$major
    fi
  done
  if [ -n "$best" ]; then JAVA="$best/bin/java"; return 0; fi
  echo "No JDK 21 or newer found (looked at JAVA_HOME, the java on the PATH and /usr/lib/jvm)." >&2
  echo "Install one (for example Temurin 21 or 25) or set JAVA_HOME to it, then try again." >&2
  return 1
}
