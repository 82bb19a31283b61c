#!/usr/bin/env bash
# Launch to first page, as a user waits for it: starts the release binary in a tmux pane
# (120x40) with a fresh database and polls the pane until TEXT shows; prints each run and the
# median. Usage: bash benches/launch.sh FILE TEXT [RUNS]
# (`cargo build --release` first; the first run reads the file as new, the others as known.)
set -euo pipefail
file=$1 text=$2 runs=${3:-5}
bin=$(dirname "$0")/../target/release/gloss
db=$(mktemp -d)/launch.db
session=gloss-launch-$$
times=()
for ((i = 1; i <= runs; i++)); do
    tmux new-session -d -s "$session" -x 120 -y 40 "env PS1='ready> ' bash --norc"
    until tmux capture-pane -p -t "$session" | grep -q 'ready>'; do :; done
    start=$(date +%s%N)
    tmux send-keys -t "$session" "$bin --db $db $file" Enter
    until tmux capture-pane -p -t "$session" | grep -qF -- "$text"; do :; done
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
    echo "run $i: ${times[-1]} ms"
    tmux send-keys -t "$session" q
    # The reader has quit when the shell's prompt is back.
    until [ "$(tmux capture-pane -p -t "$session" | grep -c 'ready>')" -ge 2 ]; do :; done
    tmux kill-session -t "$session"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median: ${sorted[$((runs / 2))]} ms"
