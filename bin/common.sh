# Shared by the bin/ scripts: where things are and how to run the tools.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_CP="$ROOT/tools/target/classes:$(cat "$ROOT/tools/target/tools.classpath" 2>/dev/null || true)"

build_tools() {
  if [ ! -f "$ROOT/tools/target/tools.classpath" ]; then
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl tools -am install)
  fi
  TOOLS_CP="$ROOT/tools/target/classes:$(cat "$ROOT/tools/target/tools.classpath")"
}

port_in_use() {
  (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
