// CPU time of a server process, for the conference benchmarks: utime + stime of /proc/PID/stat, which
// count every thread of the process, in clock ticks of 1/100 s (USER_HZ on Linux x86-64).
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** CPU seconds (user + system, all threads) the process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;   // utime and stime, fields 14 and 15 of proc(5)
}
