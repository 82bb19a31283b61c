#!/usr/bin/env bash
# Launch to first page, as a user waits for it, for one text: gloss opening it for the first
# time (a library that has never seen it: each run a copy of a database made beforehand, with
# only the bundled texts), gloss resuming it in the middle (a database where it was left at
# 50%), and less, in the same run. Each program starts in a tmux pane (120x40) and the
# pane is polled until the first page shows (gloss: its status bar's page number or opening
# progress, drawn in the same frame as the page; less: the text's first line). Prints each run
# and the medians. Usage: bash benches/launch.sh FILE [RUNS]   (`cargo build --release` first)
set -euo pipefail
file=$(realpath "$1") runs=${2:-5}
bin=$(realpath "$(dirname "$0")/../target/release/gloss")
work=$(mktemp -d)
first_line=$(grep -m1 -v '^[[:space:]]*$' "$file" | cut -c1-30)
session=gloss-launch-$$

# Starts `command` in a fresh pane and prints the milliseconds until `pattern` (grep -E) shows.
time_until() {
    local command=$1 pattern=$2
    tmux new-session -d -s "$session" -x 120 -y 40 "env PS1='ready> ' bash --norc"
    until tmux capture-pane -p -t "$session" | grep -q 'ready>'; do :; done
    local start end
    start=$(date +%s%N)
    tmux send-keys -t "$session" "$command" Enter
    until tmux capture-pane -p -t "$session" | grep -qE -- "$pattern"; do :; done
    end=$(date +%s%N)
    tmux send-keys -t "$session" q
    # The program has quit when the shell's prompt is back.
    until [ "$(tmux capture-pane -p -t "$session" | grep -c 'ready>')" -ge 2 ]; do :; done
    tmux kill-session -t "$session"
    echo $(((end - start) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

page='page [~0-9]|opening [0-9]'
# A database where the text was left in the middle, its whole read first.
resume_db=$work/resume.db
tmux new-session -d -s "$session" -x 120 -y 40 "$bin --db $resume_db $file"
until tmux capture-pane -p -t "$session" | grep -q ' in book'; do :; done
tmux send-keys -t "$session" : 5 0 % Enter
until tmux capture-pane -p -t "$session" | grep -qE ' (49|50|51)% '; do :; done
tmux send-keys -t "$session" q
while tmux has-session -t "$session" 2>/dev/null; do :; done

# A library as a new user's is after their first start: created, with the bundled texts.
"$bin" --db "$work/new.db" list >/dev/null

first=() resume=() less=()
for ((i = 1; i <= runs; i++)); do
    cp "$work/new.db" "$work/first-$i.db"
    first+=("$(time_until "$bin --db $work/first-$i.db $file" "$page")")
    resume+=("$(time_until "$bin --db $resume_db $file" "$page")")
    less+=("$(time_until "less $file" "$first_line")")
    echo "run $i: first open ${first[-1]} ms, resume ${resume[-1]} ms, less ${less[-1]} ms"
done
echo "median: first open $(median "${first[@]}") ms, resume $(median "${resume[@]}") ms, less $(median "${less[@]}") ms"
rm -rf "$work"
