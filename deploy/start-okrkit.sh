#!/bin/sh
# Start a student's server. With OKRKIT_COURSE_COPY=1 (a hub whose students cannot reach a git host), the first
# start copies the course baked into the image to ~/okrkit; it never overwrites what is there. Otherwise
# students get the course with the nbgitpuller link (`okrkit classroom link`), which clones it to ~/okrkit.
set -eu
if [ "${OKRKIT_COURSE_COPY:-0}" = 1 ] && [ ! -e "$HOME/okrkit" ]; then
  mkdir -p "$HOME/okrkit"
  cp -R /srv/okrkit/notebooks /srv/okrkit/exercises /srv/okrkit/data "$HOME/okrkit/"
fi
exec "$@"
