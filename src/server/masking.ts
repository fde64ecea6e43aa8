/** Personal data as the workbench shows it by default: 张*三, 3301**********1234, 138****1234. */

export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const c = [...name];
  if (c.length === 1) return '*';
  if (c.length === 2) return `${c[0]}*`;
  return `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`;
}

export function maskCertno(certno: string | null | undefined): string | null {
  if (!certno) return certno ?? null;
  if (certno.length <= 8) return '*'.repeat(certno.length);
  return `${certno.slice(0, 4)}${'*'.repeat(certno.length - 8)}${certno.slice(-4)}`;
}

export function maskPhone(tel: string | null | undefined): string | null {
  if (!tel) return tel ?? null;
  if (tel.length <= 7) return '*'.repeat(tel.length);
  return `${tel.slice(0, 3)}${'*'.repeat(tel.length - 7)}${tel.slice(-4)}`;
}
