#!/bin/sh
# Install (or, with --uninstall, remove) proposalkit for the current user, from the
# unpacked Linux bundle this script sits in: the program goes to ~/.local/opt/proposalkit,
# a `proposalkit` command to ~/.local/bin, and the menu entry, icon and .pkp file type
# to ~/.local/share. Nothing needs root. PREFIX=/some/where changes ~/.local.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-"$HOME/.local"}
data=${XDG_DATA_HOME:-"$prefix/share"}
app="$prefix/opt/proposalkit"

refresh() {
    command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database "$data/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app"
    rm -f "$prefix/bin/proposalkit" \
        "$data/applications/proposalkit.desktop" \
        "$data/mime/packages/proposalkit.xml" \
        "$data/icons/hicolor/256x256/apps/proposalkit.png" \
        "$data/icons/hicolor/256x256/mimetypes/application-x-proposalkit.png"
    refresh
    echo "proposalkit removed."
    exit 0
fi

if [ "$here" != "$app" ]; then
    rm -rf "$app"
    mkdir -p "$app"
    cp -R "$here/." "$app/"
fi
mkdir -p "$prefix/bin" "$data/applications" "$data/mime/packages" \
    "$data/icons/hicolor/256x256/apps" "$data/icons/hicolor/256x256/mimetypes"
ln -sf "$app/proposalkit" "$prefix/bin/proposalkit"
# The menu entry names the program by its full path: ~/.local/bin is not always on the
# desktop session's PATH.
sed -e "s|^Exec=proposalkit|Exec=$app/proposalkit|" -e "s|^TryExec=proposalkit|TryExec=$app/proposalkit|" \
    "$here/share/applications/proposalkit.desktop" > "$data/applications/proposalkit.desktop"
cp "$here/share/mime/packages/proposalkit.xml" "$data/mime/packages/proposalkit.xml"
cp "$here/share/icons/hicolor/256x256/apps/proposalkit.png" "$data/icons/hicolor/256x256/apps/"
cp "$here/share/icons/hicolor/256x256/mimetypes/application-x-proposalkit.png" \
    "$data/icons/hicolor/256x256/mimetypes/"
refresh
echo "proposalkit installed in $app; run it from the applications menu or as $prefix/bin/proposalkit."
