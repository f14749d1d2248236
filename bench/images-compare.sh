#!/usr/bin/env bash
# Image engine benchmark: CPU per image for three JPEG thumbnails (1024, 512, 256) of one 12 MP
# JPEG, for Cumulo's libvips engine and Java engine (in-process) against the vipsthumbnail and
# ImageMagick command lines, all in one session.
#
#   bench/images-compare.sh [runs=11] [warmup=5]
#
# Builds nothing: run `./mvnw -q -B -DskipTests package` (JAVA_HOME at a JDK 25) first, so that
# bench/target/{classes,lib} exist. Needs libvips42, libvips-tools (vipsthumbnail), imagemagick
# and python3-skimage (the source photo). The input is made once and kept in bench/target:
# scikit-image's coffee.png (600 x 400) enlarged to cover 4000 x 3000, centre-cropped, with
# Gaussian noise so it compresses like a sensor image, saved at quality 90. EXTRA_CP is put before
# the bench classpath (e.g. a Java engine built elsewhere).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=../scripts/java-home.sh
source "$root/scripts/java-home.sh"
cd "$root"

runs="${1:-11}"
warmup="${2:-5}"
convert=/usr/bin/convert-im6.q16
photo=/usr/lib/python3/dist-packages/skimage/data/coffee.png
input="$root/bench/target/image-12mp.jpg"
cp="${EXTRA_CP:+$EXTRA_CP:}$root/bench/target/classes:$root/bench/target/lib/*"

if [[ ! -f "$root/bench/target/classes/io/cumulo/bench/ImageEngineDriver.class" ]]; then
  echo "images-compare: bench is not built; run ./mvnw -q -B -DskipTests package first" >&2
  exit 1
fi
for tool in /usr/bin/vipsthumbnail "$convert" "$photo"; do
  [[ -e "$tool" ]] || { echo "images-compare: $tool is missing (apt-get install libvips-tools imagemagick python3-skimage)" >&2; exit 1; }
done
if [[ ! -f "$input" ]]; then
  "$convert" "$photo" -resize 4000x3000^ -gravity center -extent 4000x3000 \
    -attenuate 0.5 +noise Gaussian -quality 90 "$input"
fi
echo "input: $(vipsheader "$input"), $(stat -c %s "$input") bytes"
echo "machine: $(nproc) cores, $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" \
  io.cumulo.bench.ImageEngineDriver "$input" "$runs" "$warmup"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
