import { authenticator } from 'otplib';
import QRCode from 'qrcode';

// One step either side tolerates a phone clock a little off (RFC 6238 §5.2).
const totp = authenticator.clone({ window: 1 });

/** A new random TOTP secret (160 bits, base32, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

const STEP_MS = 30_000;

/**
 * The time step a 6-digit code belongs to (current step ±1), or undefined if
 * it matches none. Callers refuse steps already used: a code works once
 * (RFC 6238 §5.2). Example: `totpStep(code, secret, new Date())`.
 */
export function totpStep(code: string, secret: string, at: Date): number | undefined {
  try {
    const delta = totp.clone({ epoch: at.getTime() }).checkDelta(code, secret);
    return delta === null ? undefined : Math.floor(at.getTime() / STEP_MS) + delta;
  } catch {
    return undefined;
  }
}

/** The code for a secret at a time (demo output and tests). Example: `currentTotp(secret)`. */
export function currentTotp(secret: string, at: Date = new Date()): string {
  return totp.clone({ epoch: at.getTime() }).generate(secret);
}

/** otpauth:// URI and its QR code as an SVG string, for enrolment in an authenticator app. */
export async function totpEnrolment(email: string, secret: string): Promise<{ otpauthUri: string; qrSvg: string }> {
  const otpauthUri = totp.keyuri(email, 'Homeward', secret);
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUri, qrSvg };
}
