#!/bin/sh
# Starts every Temporal service in one process on deploy/temporal/server.yaml. In a container it
# listens on, and announces to its peers, the container's own address; the launcher's cluster
# mode sets BIND_ON_IP=127.0.0.1 and TEMPORAL_SERVER to the binary it built.
set -eu
: "${BIND_ON_IP:=$(hostname -i | cut -d' ' -f1)}"
: "${TEMPORAL_BROADCAST_ADDRESS:=$BIND_ON_IP}"
export BIND_ON_IP TEMPORAL_BROADCAST_ADDRESS
here="$(dirname "$0")"
exec "${TEMPORAL_SERVER:-temporal-server}" --config-file "$here/server.yaml" --allow-no-auth start
