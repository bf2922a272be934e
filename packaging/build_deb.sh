#!/usr/bin/env bash
# Wrap a built bundle as a Debian package IT can push: bash packaging/build_deb.sh STORE.toml
#   (run packaging/build_store.sh STORE.toml first: it makes dist/clientdesk/)
#
# Made with Debian's own dpkg-deb, no other tooling. What it installs:
#   /opt/clientdesk/                     the bundle (clientdesk, clientdesk-window, _internal/)
#   /usr/bin/clientdesk                  -> /opt/clientdesk/clientdesk (on every user's PATH)
#   /usr/share/applications/clientdesk.desktop, /usr/share/icons/hicolor/256x256/apps/…png
#   /etc/clientdesk/store.toml           the store profile, a conffile: an upgrade keeps local
#                                        edits (dpkg asks), `apt remove` keeps it, purge removes
# Removing the package removes everything else it installed; per-user data (the cache, logs)
# and keyring entries are the users' and stay (README, "Installing at a store").
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:?usage: build_deb.sh STORE_PROFILE.toml}
bundle=dist/clientdesk
[ -x "$bundle/clientdesk" ] || { echo "build_deb: no $bundle — run packaging/build_store.sh first" >&2; exit 2; }
version=$(.venv/bin/python -c "from app import __version__; print(__version__)")
store=$(.venv/bin/python -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['store']['id'])" "$profile")
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

install -d -m 0755 "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/etc/clientdesk" \
  "$stage/usr/share/applications" "$stage/usr/share/icons/hicolor/256x256/apps"
cp -a "$bundle" "$stage/opt/clientdesk"
chmod -R u=rwX,go=rX "$stage/opt/clientdesk"
ln -s /opt/clientdesk/clientdesk "$stage/usr/bin/clientdesk"
install -m 0644 "$profile" "$stage/etc/clientdesk/store.toml"
install -m 0644 resources/icons/clientdesk.png \
  "$stage/usr/share/icons/hicolor/256x256/apps/clientdesk.png"
cat > "$stage/usr/share/applications/clientdesk.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Clientdesk
Comment=Who is this customer, what have they booked, are they welcome, who is waiting
Exec=/opt/clientdesk/clientdesk-window
Icon=clientdesk
Terminal=false
Categories=Office;
EOF
chmod 0644 "$stage/usr/share/applications/clientdesk.desktop"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<EOF
Package: clientdesk
Version: $version
Architecture: $arch
Maintainer: Clientdesk <it@clientdesk.invalid>
Installed-Size: $size
Depends: libegl1, libgl1, libfontconfig1, libxkbcommon0, libdbus-1-3, libglib2.0-0
Recommends: gnome-keyring
Section: misc
Priority: optional
Description: Clientdesk counter desk for store $store
 Customer profiles, bookings, the blacklist and the live queue at the counter,
 from Qudini, Qminder, Booxi, reservations and LOKE. The store profile is
 /etc/clientdesk/store.toml; credentials go in each user's OS keyring.
EOF
echo "/etc/clientdesk/store.toml" > "$stage/DEBIAN/conffiles"
mkdir -p dist
out="dist/clientdesk-${store}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zzstd --build "$stage" "$out" >/dev/null
echo "built $out ($(du -h "$out" | cut -f1))"
