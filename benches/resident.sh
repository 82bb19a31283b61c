#!/usr/bin/env bash
# Peak memory of the reader as a user runs it: the release binary opens FILE in a tmux pane
# (120x40) with a fresh database, reads it whole, counts its pages and indexes it for search;
# once its background threads are done, its peak resident set (VmHWM: everything it ever held
# at once, its own code and libraries included) is read from /proc and set against the file's
# size. Prints each run and the median. Usage: bash benches/resident.sh FILE [RUNS]
# (`cargo build --release` first).
set -euo pipefail
file=$(realpath "$1") runs=${2:-3}
bin=$(realpath "$(dirname "$0")/../target/release/gloss")
work=$(mktemp -d)
session=gloss-resident-$$
size=$(stat -c %s "$file")

peaks=()
for ((i = 1; i <= runs; i++)); do
    tmux new-session -d -s "$session" -x 120 -y 40 "$bin --db $work/run-$i.db $file"
    until tmux capture-pane -p -t "$session" | grep -q ' in book'; do sleep 0.05; done
    pid=$(tmux display-message -p -t "$session" '#{pane_pid}')
    # Done when only the interface and signal threads are left (no reading, counting, indexing).
    until [ "$(ls "/proc/$pid/task" | wc -l)" -le 2 ]; do sleep 0.1; done
    peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    tmux send-keys -t "$session" q
    while tmux has-session -t "$session" 2>/dev/null; do sleep 0.05; done
    peaks+=("$peak")
    awk -v kb="$peak" -v size="$size" -v i="$i" \
        'BEGIN { printf "run %d: peak %.1f MB, %.3f times the file\n", i, kb * 1024 / 1e6, kb * 1024 / size }'
done
median=$(printf '%s\n' "${peaks[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
awk -v kb="$median" -v size="$size" \
    'BEGIN { printf "median: peak %.1f MB resident for a %.1f MB file, %.3f times (target 1.3)\n", kb * 1024 / 1e6, size / 1e6, kb * 1024 / size }'
rm -rf "$work"
