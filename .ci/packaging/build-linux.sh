#!/usr/bin/env bash
# Builds the Linux desktop bundle (Nuitka, .ci/packaging/nuitka_build.py) and a .deb from the
# .venv that `bash .ci/bootstrap package` prepared, then smoke-tests what it built as a user
# would run it:
#   dist/ethics-trainer/            one folder: `ethics-trainer` (CLI; no subcommand opens the
#                                   app) and `ethics-trainer-gui`, a link to it (the app)
#   dist/ethics-trainer_<v>_amd64.deb   /opt/ethics-trainer, /usr/bin/ethics-trainer, menu entry, icon
# Smoke tests: nothing test-only in the folder; --version; `check` of the bundled course; the
# GUI starts on a virtual screen and quits by Ctrl+Q; a PDF certificate is made and its
# Vietnamese text read back; the .deb unpacks and its program runs, also through a link (as
# /usr/bin/ethics-trainer); the menu entry validates.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
VERSION=$($PY -c "import ethics_trainer; print(ethics_trainer.__version__)")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
say() { printf '==> %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

say "Nuitka one-folder bundle (our package in C, the others as bytecode; ccache: $(command -v ccache || echo none))"
rm -rf dist/ethics-trainer
$PY .ci/packaging/nuitka_build.py --dist dist/ethics-trainer
APP=dist/ethics-trainer

smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
export ETHICS_TRAINER_DATA_DIR="$smoke/data" ETHICS_TRAINER_LANG=en
unset ETHICS_TRAINER_DATABASE_URL ETHICS_TRAINER_CONTENT

say "smoke: nothing test-only in the bundle"
junk=$(find "$APP" \( -iname 'pytest*' -o -iname '_pytest' -o -iname 'hypothesis*' -o -iname 'mypy*' -o -iname 'pygments' -o -iname 'tkinter' \) | head -3)
[ -z "$junk" ] || fail "test-only files in the bundle: $junk"

say "smoke: --version"
"$APP/ethics-trainer" --version | grep -qx "ethics-trainer $VERSION" || fail "--version"

say "smoke: check the bundled course"
QT_QPA_PLATFORM=offscreen "$APP/ethics-trainer" check >"$smoke/check.txt" || fail "check: $(tail -3 "$smoke/check.txt")"
tail -1 "$smoke/check.txt" | grep -Eq '^1 courses, [0-9]+ lessons, [0-9]+ questions, 0 errors' || fail "check summary"

say "smoke: a PDF certificate with Vietnamese text"
export ETHICS_TRAINER_PASSWORD="smoke-test-password"
for role in admin hr; do
  # the new password is one line of stdin; the admin's (asked once one exists) comes from the env
  printf '%s\n' "$ETHICS_TRAINER_PASSWORD" | "$APP/ethics-trainer" admin set-password --role "$role" >/dev/null \
    || fail "set-password $role"
done
"$APP/ethics-trainer" demo-data --learners 3 --seed 1 --quiet || fail "demo-data"
"$APP/ethics-trainer" certificates --output "$smoke/certs" --workers 1 --quiet || fail "certificates"
pdf=$(find "$smoke/certs" -name '*.pdf' | head -1)
[ -n "$pdf" ] || fail "no certificate written"
pdftotext "$pdf" - | grep -q "CHỨNG NHẬN\|chứng nhận" || fail "certificate text is not Vietnamese: $(pdftotext "$pdf" - | head -5)"
pdffonts "$pdf" | grep -q "Noto" || fail "fonts not embedded"

say "smoke: the GUI starts on a virtual screen and quits by Ctrl+Q"
xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  "$0/ethics-trainer-gui" --data-dir "$1/gui" &
  pid=$!
  # by window class: titles hold non-ASCII text that xdotool cannot match by name in every locale
  wid=$(LC_ALL=C.UTF-8 timeout 90 xdotool search --sync --onlyvisible --class "ethics-trainer" | head -1)
  [ -n "$wid" ] || { kill $pid; exit 3; }
  sleep 1
  xdotool windowfocus --sync "$wid" key --clearmodifiers ctrl+q
  for _ in $(seq 60); do kill -0 $pid 2>/dev/null || break; sleep 0.5; done
  if kill -0 $pid 2>/dev/null; then kill $pid; exit 4; fi
  wait $pid' "$APP" "$smoke" || fail "GUI start/quit (status $?)"

say ".deb with menu entry and icon"
root="$smoke/deb"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/icons/hicolor/256x256/apps"
cp -a "$APP" "$root/opt/ethics-trainer"
ln -s /opt/ethics-trainer/ethics-trainer "$root/usr/bin/ethics-trainer"
install -m 644 .ci/packaging/ethics-trainer.desktop "$root/usr/share/applications/"
install -m 644 ethics_trainer/resources/icons/ethics-trainer.svg "$root/usr/share/icons/hicolor/scalable/apps/"
install -m 644 .ci/packaging/icons/ethics-trainer-256.png "$root/usr/share/icons/hicolor/256x256/apps/ethics-trainer.png"
size=$(du -sk "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: ethics-trainer
Version: $VERSION
Architecture: $ARCH
Maintainer: Ethics Trainer developers <noreply@invalid>
Installed-Size: $size
Depends: libgl1, libegl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libglib2.0-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-randr0, libxcb-xfixes0, libx11-xcb1
Section: education
Priority: optional
Homepage: https://example.invalid/ethics-trainer
Description: Public-service ethics training for Vietnamese officials
 Lessons, timed quizzes, supervised exams and HR certificates (Đạo đức công vụ).
CONTROL
deb="dist/ethics-trainer_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate .ci/packaging/ethics-trainer.desktop || fail "desktop entry"
fi
unpacked="$smoke/unpacked"
dpkg-deb -x "$deb" "$unpacked"
"$unpacked/opt/ethics-trainer/ethics-trainer" --version >/dev/null || fail ".deb program"
# /usr/bin/ethics-trainer is a link from another folder: the program must find its own files.
ln -s "$unpacked/opt/ethics-trainer/ethics-trainer" "$smoke/linked-ethics-trainer"
"$smoke/linked-ethics-trainer" --version >/dev/null || fail "the program started through a link"
[ -f "$unpacked/usr/share/applications/ethics-trainer.desktop" ] || fail ".deb menu entry"

say "built: $APP ($(du -sh "$APP" | cut -f1)), $deb ($(du -sh "$deb" | cut -f1))"
