// CPU time over an interval, from /proc, as % of one core: the server's, the bench process's own
// (autocannon), and the rest of the machine's (other processes: on a shared machine, someone
// else's tests), plus the hypervisor's steal as % of all CPU time.
import { readFileSync } from 'node:fs'

const ticksPerSecond = 100 // USER_HZ

function machineTicks() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  return {
    busy: user + nice + system + irq + softirq,
    steal,
    all: user + nice + system + idle + iowait + irq + softirq + steal,
  }
}

/** utime + stime of a process, in ticks (fields 14 and 15 of /proc/<pid>/stat). */
function processTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/** Starts measuring; the function returned reads the figures since then. */
export function cpuMeter(pid) {
  const start = {
    at: performance.now(),
    machine: machineTicks(),
    server: pid && processTicks(pid),
    bench: process.cpuUsage(),
  }
  return () => {
    const seconds = (performance.now() - start.at) / 1000
    const machine = machineTicks()
    const server = pid ? (processTicks(pid) - start.server) / ticksPerSecond : 0
    const { user, system } = process.cpuUsage(start.bench)
    const bench = (user + system) / 1e6
    const busy = (machine.busy - start.machine.busy) / ticksPerSecond
    const share = (s) => (100 * s) / seconds
    return {
      server: share(server),
      bench: share(bench),
      others: share(Math.max(0, busy - server - bench)),
      steal: (100 * (machine.steal - start.machine.steal)) / Math.max(1, machine.all - start.machine.all),
    }
  }
}
