#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (Debian's slurm-wlm 22.05 and munge, with slurmdbd on a local
# MariaDB so that sacct has job history), for the Slurm tests and for trying `corpusforge slurm submit` locally. Idempotent: installs only what is missing, rewrites the config only when
# it changed, starts only the daemons that are not running, and waits until `sinfo` shows the node idle.
# Needs root (or sudo without a password). Exit codes: 0 ready, 3 cannot run here (reason on stderr), 1 failed.
# The recipe is the one in the project's ENVIRONMENT.md: proctrack/linuxproc and task/none (no cgroups or systemd
# needed), select/cons_tres, SlurmUser=root, one node with CPUs = nproc.
set -euo pipefail

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
  else echo "slurm-local.sh: needs root or passwordless sudo to install and start Slurm; Slurm is not available here" >&2; exit 3; fi
fi

packages=(slurm-wlm slurmdbd munge mariadb-server)
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v slurmdbd >/dev/null 2>&1 ||
   ! command -v munged >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1 || ! command -v mariadbd >/dev/null 2>&1; then
  echo "slurm-local.sh: installing ${packages[*]}" >&2
  $SUDO apt-get update -qq || { echo "slurm-local.sh: apt-get update failed; Slurm is not available here" >&2; exit 3; }
  # policy-rc.d-free install: the packages try to start services through init scripts; in a container without
  # systemd that fails harmlessly, and we start the daemons ourselves below.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null ||
    { echo "slurm-local.sh: apt-get install ${packages[*]} failed; Slurm is not available here" >&2; exit 3; }
fi

host=$(hostname -s)
cpus=$(nproc)
# Leave 1 GiB to the system; --mem requests above RealMemory would never start.
memory=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))

# munge: the key, the folders its daemon insists on owning, then the daemon as the munge user.
if [[ ! -s /etc/munge/munge.key ]]; then
  $SUDO mkdir -p /etc/munge
  $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
$SUDO mkdir -p /run/munge /var/log/munge /var/lib/munge
$SUDO chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
$SUDO chmod 0700 /etc/munge /var/log/munge /var/lib/munge
$SUDO chmod 0755 /run/munge
$SUDO chmod 0400 /etc/munge/munge.key
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  $SUDO rm -f /run/munge/munged.pid
  $SUDO runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null | unmunge >/dev/null || { echo "slurm-local.sh: munged did not start (see /var/log/munge/munged.log)" >&2; exit 1; }
fi

# Accounting: slurmdbd keeps job history in MariaDB (as root through its unix socket, Debian's default for root).
if ! $SUDO mysqladmin ping >/dev/null 2>&1; then
  $SUDO service mariadb start >/dev/null
  for _ in $(seq 30); do $SUDO mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
  $SUDO mysqladmin ping >/dev/null || { echo "slurm-local.sh: MariaDB did not start (see /var/log/mysql/)" >&2; exit 1; }
fi
dbd=$(cat <<EOF
# Written by corpusforge scripts/slurm-local.sh.
AuthType=auth/munge
DbdHost=localhost
SlurmUser=root
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=root
StorageLoc=slurm_acct_db
PidFile=/run/slurmdbd.pid
LogFile=/var/log/slurm/slurmdbd.log
EOF
)
$SUDO mkdir -p /etc/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
running() { [[ -f "$1" ]] && $SUDO kill -0 "$(cat "$1")" 2>/dev/null; }
# Stops a daemon this script started (by the pid in its pid file) and waits until it is gone.
stop() {
  running "$1" || return 0
  local pid; pid=$(cat "$1"); $SUDO kill "$pid"
  for _ in $(seq 50); do $SUDO kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
}
# slurm.conf first: sacctmgr, which checks below that slurmdbd answers, reads it (without it, on a fresh machine,
# sacctmgr looks for a configuration server in DNS and fails, and the script said slurmdbd did not start).
conf=$(cat <<EOF
# Written by corpusforge scripts/slurm-local.sh: a one-node cluster on localhost.
ClusterName=corpusforge
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default, a job asks for the whole node's memory and array tasks run one at a time.
DefMemPerCPU=$(( memory / cpus ))
SchedulerType=sched/backfill
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
JobAcctGatherType=jobacct_gather/linux
# Finished jobs stay visible to scontrol for an hour too (corpusforge slurm status uses it where sacct has no history).
MinJobAge=3600
MaxArraySize=100001
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
)
changed=0
if [[ ! -f /etc/slurm/slurm.conf ]] || [[ "$(cat /etc/slurm/slurm.conf)" != "$conf" ]]; then
  printf '%s\n' "$conf" | $SUDO tee /etc/slurm/slurm.conf >/dev/null
  changed=1
fi
if [[ ! -f /etc/slurm/slurmdbd.conf ]] || [[ "$($SUDO cat /etc/slurm/slurmdbd.conf)" != "$dbd" ]]; then
  printf '%s\n' "$dbd" | $SUDO tee /etc/slurm/slurmdbd.conf >/dev/null
  stop /run/slurmdbd.pid
fi
$SUDO chmod 0600 /etc/slurm/slurmdbd.conf
running /run/slurmdbd.pid || $SUDO slurmdbd
for _ in $(seq 30); do $SUDO sacctmgr -n list cluster >/dev/null 2>&1 && break; sleep 1; done
$SUDO sacctmgr -n list cluster >/dev/null || { echo "slurm-local.sh: slurmdbd did not start (see /var/log/slurm/slurmdbd.log)" >&2; exit 1; }


# Plugin changes (accounting, select) need a restart, not just `scontrol reconfigure`.
((changed)) && stop /run/slurmctld.pid
running /run/slurmctld.pid || $SUDO slurmctld
((changed)) && stop /run/slurmd.pid
running /run/slurmd.pid || $SUDO slurmd

# A node left DOWN or DRAINED by an earlier start (e.g. the machine rebooted) is put back into service.
for _ in $(seq 60); do
  state=$(sinfo -h -N -n "$host" -o '%t' 2>/dev/null | head -n1 || true)
  case "$state" in
    idle|mix|alloc) echo "slurm-local.sh: node $host is $state ($cpus CPUs, ${memory} MB)" >&2; exit 0 ;;
    down*|drain*|fail*) $SUDO scontrol update NodeName="$host" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 1
done
echo "slurm-local.sh: the node did not become idle in 60 s (state '${state:-unknown}'); see /var/log/slurm/*.log" >&2
exit 1
