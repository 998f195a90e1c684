#!/bin/sh
# Install Toolcup from this unpacked release archive for the current user:
# the binary into ~/.local/bin, the desktop entry, the icons and the AppStream
# metainfo into ~/.local/share, the man page and the shell completions.
#   ./install.sh            install
#   ./install.sh --remove   remove what install.sh installed
# PREFIX (default ~/.local) chooses another folder, e.g. PREFIX=/usr/local as root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
share=$prefix/share
files="bin/toolcup share/applications/toolcup.desktop share/metainfo/io.github.toolcup.Toolcup.metainfo.xml share/man/man1/toolcup.1 share/bash-completion/completions/toolcup share/zsh/site-functions/_toolcup share/fish/vendor_completions.d/toolcup.fish share/icons/hicolor/scalable/apps/toolcup.svg"
for size in 16 32 48 64 128 256 512 1024; do
  files="$files share/icons/hicolor/${size}x${size}/apps/toolcup.png"
done

if [ "${1:-}" = "--remove" ]; then
  for f in $files; do rm -f "$prefix/$f"; done
  echo "removed Toolcup from $prefix"
  exit 0
elif [ $# -gt 0 ]; then
  echo "install.sh: unknown option $1 (use --remove to uninstall)" >&2
  exit 2
fi

put() { # put SOURCE DEST MODE
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.tmp.$$" && chmod "$3" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
}
put "$here/toolcup" "$prefix/bin/toolcup" 755
put "$here/share/toolcup.desktop" "$share/applications/toolcup.desktop" 644
put "$here/share/io.github.toolcup.Toolcup.metainfo.xml" "$share/metainfo/io.github.toolcup.Toolcup.metainfo.xml" 644
put "$here/toolcup.1" "$share/man/man1/toolcup.1" 644
put "$here/completions/toolcup.bash" "$share/bash-completion/completions/toolcup" 644
put "$here/completions/toolcup.zsh" "$share/zsh/site-functions/_toolcup" 644
put "$here/completions/toolcup.fish" "$share/fish/vendor_completions.d/toolcup.fish" 644
put "$here/share/icons/toolcup.svg" "$share/icons/hicolor/scalable/apps/toolcup.svg" 644
for size in 16 32 48 64 128 256 512 1024; do
  put "$here/share/icons/toolcup-$size.png" "$share/icons/hicolor/${size}x${size}/apps/toolcup.png" 644
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
echo "installed Toolcup into $prefix (the binary is $prefix/bin/toolcup)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it to run toolcup from a shell" ;;
esac
