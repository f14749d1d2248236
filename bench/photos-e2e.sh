#!/usr/bin/env bash
# Photo pipeline end to end: a real Cumulo server (the built jar, in a child process) runs
# examples/photos; uploads of one 12 MP JPEG through presigned URLs are timed from the start of
# each PUT to the photo's `ready` event on the app's event stream, against the thumbnail
# function's image work alone on two threads (the peer), all in one session.
#
#   bench/photos-e2e.sh [concurrency=4,8,16] [photos=60] [sequential=20] [enginePhotos=20]
#
# Builds nothing: run `./mvnw -q -B -DskipTests package` (JAVA_HOME at a JDK 25) first, so that
# cumulo-server/target/cumulo.jar, the photo app's jars and bench/target/{classes,lib} exist.
# Needs libvips42 and, to make the input, imagemagick and python3-skimage (the same input as
# images-compare.sh, kept in bench/target). Writes bench/results/photo-pipeline.json.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=../scripts/java-home.sh
source "$root/scripts/java-home.sh"
cd "$root"

concurrency="${1:-4,8,16}"
photos="${2:-60}"
sequential="${3:-20}"
engine_photos="${4:-20}"
convert=/usr/bin/convert-im6.q16
photo=/usr/lib/python3/dist-packages/skimage/data/coffee.png
input="$root/bench/target/image-12mp.jpg"
result="$root/bench/results/photo-pipeline.json"
cp="$root/bench/target/classes:$root/bench/target/lib/*"

for built in bench/target/classes/io/cumulo/bench/PhotoPipelineDriver.class cumulo-server/target/cumulo.jar \
    examples/photos/functions/target/photos.jar examples/photos/catalog/target/catalog.jar; do
  [[ -f "$root/$built" ]] || { echo "photos-e2e: $built is missing; run ./mvnw -q -B -DskipTests package first" >&2; exit 1; }
done
if [[ ! -f "$input" ]]; then
  for tool in "$convert" "$photo"; do
    [[ -e "$tool" ]] || { echo "photos-e2e: $tool is missing (apt-get install imagemagick python3-skimage)" >&2; exit 1; }
  done
  "$convert" "$photo" -resize 4000x3000^ -gravity center -extent 4000x3000 \
    -attenuate 0.5 +noise Gaussian -quality 90 "$input"
fi
echo "input: $input, $(stat -c %s "$input") bytes"
echo "machine: $(nproc) cores, $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.cumulo.bench.PhotoPipelineDriver \
  "$root/cumulo-server/target/cumulo.jar" "$root/examples/photos" "$input" "$result" \
  "$concurrency" "$photos" "$sequential" "$engine_photos"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
