#!/bin/sh
# Rebuild the CMYK output profiles in this folder from the CC0 characterisation data in
# ../shared/print (colord's profile descriptions) with ArgyllCMS (Debian: apt-get install argyll).
#   usage: assets/profiles/build.sh [folder with the *.iccprofile.xml files]
# Each description's <data_ti3> block is the measured CMYK -> L*a*b* data; the black generation
# (-kp) and total ink limit (-l) are the values colord's descriptions give (<stle> <stpo> <enpo>
# <enle> <shape> and <tlimit>), so the profiles match the ones colord ships.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$here/../../../shared/print}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() {  # data-file-stem output-stem "description"
    sed -n '/<data_ti3>/,/<\/data_ti3>/p' "$src/$1.iccprofile.xml" \
        | sed 's/.*<data_ti3>//; s/<\/data_ti3>.*//' > "$work/$2.ti3"
    (cd "$work" && colprof -qm -kp 0 0.3 0.94 0.94 0.48 -l300 -A "ArgyllCMS colprof" \
        -D "$3 (generated from CC0 data)" -C "No copyright: built from CC0 data" "$2")
    cp "$work/$2.icc" "$here/$2.icc"
}
build FOGRA39L_coated FOGRA39L_coated "FOGRA39L Coated"
build GRACoL_TR006_coated GRACoL2006_coated "GRACoL 2006 Coated (CGATS TR 006)"
build SWOP_TR005_coated_5 SWOP_TR005_coated "SWOP Coated (CGATS TR 005)"
