/**
 * Open-loop load for the precheck benchmark: requests evenly spaced at a fixed rate, each sent when
 * due whatever the answers so far (as independent HIS clients would), on as many sockets as needed.
 * autocannon's overallRate sends each connection's share in bursts, so with 20 connections the
 * server sees 20 checks at once and sheds the surplus; this measures the latency a steady rate gets.
 * Also the server process's CPU per request (Linux /proc), the figure that bounds the rate.
 */
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';

export interface OpenLoopResult {
  sent: number;
  status: Record<number, number>;
  /** Latencies (ms) of the 200 answers, ascending. */
  ok: number[];
  /** Server CPU (user + system) per request, ms; null where /proc is missing. */
  serverCpuMs: number | null;
}

const cpuMs = (pid: number | undefined): number | null => {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
};

export async function openLoop(url: string, bodies: { token: string; body: string }[], rate: number, seconds: number,
  serverPid?: number): Promise<OpenLoopResult> {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  let k = 0;
  const send = () => new Promise<{ ms: number; status: number }>((done) => {
    const b = bodies[k++ % bodies.length];
    const t0 = performance.now();
    const req = http.request({ host: u.hostname, port: u.port, path: '/api/v1/precheck', method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b.body), authorization: `Bearer ${b.token}` } },
    (res) => { res.resume(); res.on('end', () => done({ ms: performance.now() - t0, status: res.statusCode ?? 0 })); });
    req.on('error', () => done({ ms: performance.now() - t0, status: 0 }));
    req.end(b.body);
  });
  const cpu0 = cpuMs(serverPid);
  const t0 = performance.now();
  const n = Math.round(rate * seconds);
  const answers: Promise<{ ms: number; status: number }>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((w) => setTimeout(w, wait));
    answers.push(send());
  }
  const res = await Promise.all(answers);
  const cpu1 = cpuMs(serverPid);
  agent.destroy();
  const status: Record<number, number> = {};
  for (const r of res) status[r.status] = (status[r.status] ?? 0) + 1;
  return { sent: n, status, ok: res.filter((r) => r.status === 200).map((r) => r.ms).sort((a, b) => a - b),
    serverCpuMs: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / n };
}

export function openLoopLine(label: string, r: OpenLoopResult): string {
  const q = (p: number) => (r.ok.length ? r.ok[Math.min(r.ok.length - 1, Math.floor(p * r.ok.length))].toFixed(1) : '-');
  return `${label}: ${r.sent.toLocaleString('en')} sent, ${Object.entries(r.status).map(([s, c]) => `${s}: ${c}`).join(', ')}; `
    + `latency p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`
    + (r.serverCpuMs === null ? '' : `; server CPU ${r.serverCpuMs.toFixed(2)} ms per request`);
}
