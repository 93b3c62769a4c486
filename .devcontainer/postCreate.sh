#!/usr/bin/env bash
# Runs once when the dev container is created (devcontainer.json's postCreateCommand).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
mapfile -t pkgs < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/apt-packages.txt)
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${pkgs[@]}"
npm ci
# The same check `npm test` runs first: passes now that the packages are there.
node scripts/prereqs.js
